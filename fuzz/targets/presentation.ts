/**
 * `verify` on `HQ1P:` dynamic-code presentations: the bytes are the outer COSE_Sign1, written
 * as Base45 behind the prefix. Oracles as for `verify`, with both signature inputs checked:
 * an accepted presentation must carry the exact outer bytes the holder signed and the exact
 * credential the issuer signed.
 */
import { decodeBase45, encodeBase45 } from '../../src/codec/base45.js';
import { fromHex, toBase64Url, toHex } from '../../src/codec/bytes.js';
import { encodeCbor } from '../../src/codec/cbor.js';
import { encodeSign1, parseSign1, sigStructure } from '../../src/cose/sign1.js';
import { readPresentation } from '../../src/credential/presentation.js';
import { getDefaultBackend } from '../../src/crypto/backend.js';
import { issue, present, TrustList, verify } from '../../src/index.js';
import { fixedIssuerKey } from '../../test/support/keys.js';
import { GEN_NOW } from '../../test/property/generators.js';
import { goldenVectors } from '../seeds.js';
import { FuzzFinding, type FuzzTarget } from './target.js';
import { checkResult, HQ1_DICTIONARY } from './verify.js';

/** The golden vectors' holder seed (test/vectors/hq1.json), and a second one. */
const HOLDER_SEEDS = ['4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7'];

let setup: Promise<{ trust: TrustList; signed: Map<string, string>; seeds: Uint8Array[] }> | undefined;

function prepare() {
  return (setup ??= (async () => {
    const key = await fixedIssuerKey();
    const trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
    const backend = await getDefaultBackend();
    const texts: string[] = goldenVectors().presentations.map((p) => p.text);
    for (const [i, seedHex] of HOLDER_SEEDS.entries()) {
      const seed = fromHex(seedHex);
      const x = toBase64Url(await backend.publicKeyFromSeed(seed));
      const holder = { kty: 'OKP', crv: 'Ed25519', x, d: toBase64Url(seed) } as const;
      const credential = await issue({ status: i === 0 ? 'green' : 'red', issuedAt: GEN_NOW - 3600, expiresAt: GEN_NOW + 3600, holderKey: { kty: 'OKP', crv: 'Ed25519', x } }, key.privateJwk);
      for (const t of [GEN_NOW, GEN_NOW - 30, GEN_NOW + 59, GEN_NOW - 61]) texts.push(await present(credential, holder, { now: t }));
      // A presentation around a credential without cnf, and one signed by the wrong holder.
      const plain = await issue({ status: 'green', issuedAt: GEN_NOW - 60, expiresAt: GEN_NOW + 60 }, key.privateJwk);
      texts.push(await present(plain, holder, { now: GEN_NOW }));
      const other = fromHex(HOLDER_SEEDS[1 - i]!);
      const otherHolder = { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(await backend.publicKeyFromSeed(other)), d: toBase64Url(other) } as const;
      texts.push(await present(credential, otherHolder, { now: GEN_NOW }));
    }
    const seeds = texts.map((t) => decodeBase45(t.slice('HQ1P:'.length)));
    // The outer structure with the payload's members of wrong types (valid holder signature).
    const golden = parseSign1(seeds[0]!);
    const { credential } = readPresentation(golden);
    const holderSeed = fromHex(HOLDER_SEEDS[0]!);
    for (const payload of [new Map<number, unknown>([[1, credential]]), new Map<number, unknown>([[1, credential], [2, 'now']]), new Map<number, unknown>([[1, 'x'], [2, GEN_NOW]]), [credential, GEN_NOW]]) {
      const payloadBytes = encodeCbor(payload);
      const signature = await backend.sign(await backend.importPrivateKey(holderSeed), sigStructure(golden.protectedBytes, payloadBytes));
      seeds.push(encodeSign1(golden.protectedBytes, payloadBytes, signature));
    }
    const signed = new Map<string, string>();
    for (const bytes of seeds) {
      const result = await verify(`HQ1P:${encodeBase45(bytes)}`, trust, { now: GEN_NOW });
      if (!result.valid) continue;
      const outer = parseSign1(bytes);
      const inner = parseSign1(readPresentation(outer).credential);
      signed.set(toHex(sigStructure(outer.protectedBytes, outer.payloadBytes)), JSON.stringify(result));
      signed.set(toHex(sigStructure(inner.protectedBytes, inner.payloadBytes)), JSON.stringify(result));
    }
    if (signed.size === 0) throw new Error('no seed presentation verifies: the setup is wrong');
    return { trust, signed, seeds };
  })());
}

const target: FuzzTarget = {
  name: 'presentation',
  description: 'verify(HQ1P: + Base45(bytes)): never throws, stable codes, no false accept (outer and inner)',
  maxLength: 2048,
  dictionary: [...HQ1_DICTIONARY, Uint8Array.of(0x43, 0xa1, 0x01, 0x27), Uint8Array.of(0xa2, 0x01, 0x58), Uint8Array.of(0x02, 0x1a, 0x69, 0x55)],
  async seeds() {
    return [...(await prepare()).seeds];
  },
  async run(data) {
    const { trust, signed } = await prepare();
    const result = await verify(`HQ1P:${encodeBase45(data)}`, trust, { now: GEN_NOW });
    if (!result.valid) return checkResult(result, [], signed);
    const outer = parseSign1(data);
    const inner = parseSign1(readPresentation(outer).credential);
    if (!result.holderBound) throw new FuzzFinding('false-accept', 'a presentation verified without holder binding');
    checkResult(result, [sigStructure(outer.protectedBytes, outer.payloadBytes), sigStructure(inner.protectedBytes, inner.payloadBytes)], signed);
  },
};

export default target;
