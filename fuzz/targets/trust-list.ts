/**
 * Trust-list loading (DESIGN.md "Trust list"). The first byte picks the mode: 0, the rest is a
 * JWK Set as JSON for `TrustList.fromJWKS` (plain and with `skipInvalid`); 1, a compact JWS for
 * `TrustList.fromSigned` as an attacker sends it; 2, a JSON payload that the pinned root signs
 * (a hostile or buggy root operator). Oracles: only HealthCodeErrors with stable codes; a JWS
 * an attacker changed never loads unless its signing input was signed; every loaded list
 * holds only checked public keys and verifies a golden code without throwing.
 */
import { fromHex, toBase64Url } from '../../src/codec/bytes.js';
import { getDefaultBackend } from '../../src/crypto/backend.js';
import { ERROR_CODES, isHealthCodeError, signTrustList, TrustList, verify } from '../../src/index.js';
import { fixedIssuerKey } from '../../test/support/keys.js';
import { GEN_NOW } from '../../test/property/generators.js';
import { goldenVectors } from '../seeds.js';
import { expectCodesAsync, FuzzFinding, latin1, type FuzzTarget } from './target.js';
import { signJwsInput } from './resign.js';

/** The root's seed: RFC 8032 §7.1 TEST 2 (public; tests only). */
const ROOT_SEED_HEX = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb';
const encoder = new TextEncoder();

interface Setup {
  readonly roots: { keys: object[] };
  readonly rootSeed: Uint8Array;
  readonly header: string;
  readonly signed: Set<string>;
  readonly seeds: Uint8Array[];
  readonly code: string;
}

let setup: Promise<Setup> | undefined;

function prepare(): Promise<Setup> {
  return (setup ??= (async () => {
    const key = await fixedIssuerKey();
    const other = await fixedIssuerKey('CN-110000', 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7', { nbf: GEN_NOW - 86_400, exp: GEN_NOW + 86_400 });
    const rootSeed = fromHex(ROOT_SEED_HEX);
    const x = toBase64Url(await (await getDefaultBackend()).publicKeyFromSeed(rootSeed));
    const root = { kty: 'OKP', crv: 'Ed25519', x, d: toBase64Url(rootSeed) };
    const roots = { keys: [{ kty: 'OKP', crv: 'Ed25519', x }] };
    const sets: object[] = [
      { keys: [key.publicJwk] },
      { keys: [key.publicJwk, other.publicJwk, { ...other.publicJwk, revoked: true }] },
      { keys: [{ ...key.publicJwk, kid: 'AAAAAAAAAAA' }, { kty: 'EC', crv: 'P-256', alg: 'ES256', kid: 'AQIDBAUGBwg', x: 'usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8', y: 'IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4', iss: 'AT' }] },
      { keys: [] },
    ];
    const seeds: Uint8Array[] = [];
    const signed = new Set<string>();
    let header = '';
    for (const [i, set] of sets.entries()) {
      seeds.push(Uint8Array.of(0, ...encoder.encode(JSON.stringify(set))));
      if (i === 2) continue; // not a list a root would sign: it fails the load
      const jws = await signTrustList(set, root, { seq: i + 1, issuedAt: GEN_NOW - 60, expiresAt: GEN_NOW + (i === 3 ? -1 : 86_400) });
      const [h, p] = jws.split('.') as [string, string];
      header = h;
      signed.add(`${h}.${p}`);
      seeds.push(Uint8Array.of(1, ...encoder.encode(jws)), Uint8Array.of(2, ...Buffer.from(p, 'base64url')));
    }
    return { roots, rootSeed, header, signed, seeds, code: goldenVectors().vectors[0]!.text };
  })());
}

/** The loaded list must hold only public keys and must verify a code without throwing. */
async function checkLoaded(list: TrustList, code: string): Promise<void> {
  for (const info of list.keys) if ('d' in info) throw new FuzzFinding('false-accept', 'a private key member reached a loaded trust list');
  await verify(code, list, { now: GEN_NOW, allowStaleTrustList: true });
}

const target: FuzzTarget = {
  name: 'trust-list',
  description: 'TrustList.fromJWKS / fromSigned on hostile JSON, JWS, and root-signed hostile payloads',
  maxLength: 8192,
  dictionary: ['"keys"', '"kty"', '"OKP"', '"EC"', '"RSA"', '"crv"', '"Ed25519"', '"P-256"', '"x"', '"y"', '"n"', '"e"', '"d"', '"kid"', '"alg"', '"EdDSA"', '"ES256"', '"PS256"', '"iss"', '"nbf"', '"exp"', '"iat"', '"seq"', '"revoked"', 'true', 'null', '1e308', '-1', '9007199254740993', '{}', '[]', '"crit"', '"typ"', '.', '\\u0000'],
  async seeds() {
    return [...(await prepare()).seeds];
  },
  async run(data) {
    if (data.length === 0) return;
    const s = await prepare();
    const text = latin1(data.subarray(1));
    const mode = data[0]! % 3;
    if (mode === 0) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return; // JSON syntax is the caller's parser's business
      }
      const strict = await expectCodesAsync(() => TrustList.fromJWKS(json), ERROR_CODES, isHealthCodeError);
      if (strict) return checkLoaded(strict, s.code);
      // Refused strictly: with skipInvalid it loads what is good, or fails as a whole (not a JWK Set).
      const lenient = await expectCodesAsync(() => TrustList.fromJWKS(json, { skipInvalid: true }), ERROR_CODES, isHealthCodeError);
      if (lenient) await checkLoaded(lenient, s.code);
      return;
    }
    let jws = text;
    if (mode === 2) {
      const payload = Buffer.from(data.subarray(1)).toString('base64url');
      const input = `${s.header}.${payload}`;
      s.signed.add(input);
      jws = `${input}.${Buffer.from(await signJwsInput(s.rootSeed, input)).toString('base64url')}`;
    }
    const list = await expectCodesAsync(() => TrustList.fromSigned(jws, s.roots, { now: GEN_NOW }), ERROR_CODES, isHealthCodeError);
    if (!list) return;
    if (mode === 1) {
      const parts = jws.trim().split('.');
      if (!s.signed.has(`${parts[0]}.${parts[1]}`)) throw new FuzzFinding('false-accept', `a JWS nobody signed loaded: ${jws.slice(0, 120)}`);
    }
    await checkLoaded(list, s.code);
  },
};

export default target;
