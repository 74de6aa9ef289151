/**
 * `StatusList.fromSigned` (DESIGN.md "Status list"). The first byte picks the mode: even, the
 * rest is a token as an attacker sends it; odd, the rest is the payload a trusted issuer key
 * signs (a hostile signer: wrong claim types, a zlib bomb in `lst`, a lying size). Oracles:
 * only HealthCodeErrors with stable codes; no token loads without its signature input having
 * been signed; a loaded list answers every index in range and refuses the rest by RangeError.
 */
import { decodeCbor } from '../../src/codec/cbor.js';
import { toHex } from '../../src/codec/bytes.js';
import { parseSign1, sigStructure } from '../../src/cose/sign1.js';
import { ERROR_CODES, isHealthCodeError, signStatusList, StatusList, TrustList } from '../../src/index.js';
import { fixedIssuerKey } from '../../test/support/keys.js';
import { GEN_NOW } from '../../test/property/generators.js';
import { expectCodesAsync, FuzzFinding, type FuzzTarget } from './target.js';
import { assertSignedBefore, resignCose } from './resign.js';
import { HQ1_DICTIONARY } from './verify.js';

interface Setup {
  readonly trust: TrustList;
  readonly seed: Uint8Array;
  readonly protectedBytes: Uint8Array;
  readonly signed: Set<string>;
  readonly seeds: Uint8Array[];
}

let setup: Promise<Setup> | undefined;

function prepare(): Promise<Setup> {
  return (setup ??= (async () => {
    const key = await fixedIssuerKey();
    const trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
    const tokens: Uint8Array[] = [];
    for (const [size, marks] of [[16, [[3, 3]]], [1000, [[0, 2], [999, 1], [500, 3]]], [100_000, [[77_777, 3]]], [4, []]] as const) {
      const list = new StatusList(size);
      for (const [i, v] of marks) list.set(i, v as 0 | 1 | 2 | 3);
      tokens.push(await signStatusList(list, key.privateJwk, { issuedAt: GEN_NOW - 60, expiresAt: GEN_NOW + 3600, ttl: 600 }));
    }
    const signed = new Set(tokens.map((t) => toHex(sigStructure(parseSign1(t).protectedBytes, parseSign1(t).payloadBytes))));
    const protectedBytes = parseSign1(tokens[0]!).protectedBytes;
    const seeds = tokens.flatMap((t) => [Uint8Array.of(0, ...t), Uint8Array.of(1, ...parseSign1(t).payloadBytes)]);
    return { trust, seed: key.seed, protectedBytes, signed, seeds };
  })());
}

const target: FuzzTarget = {
  name: 'status-list',
  description: 'StatusList.fromSigned on attacker tokens and on hostile payloads signed by a trusted key',
  maxLength: 8192,
  dictionary: [...HQ1_DICTIONARY, 'bits', 'lst', Uint8Array.of(0x78, 0x9c), Uint8Array.of(0x78, 0xda), Uint8Array.of(0x3a, 0x00, 0x01, 0x00, 0x01), Uint8Array.of(0x19, 0xff, 0xfd)],
  async seeds() {
    return [...(await prepare()).seeds];
  },
  async run(data) {
    if (data.length === 0) return;
    const s = await prepare();
    const body = data.subarray(1);
    let token = body;
    if (data[0]! & 1) {
      try {
        decodeCbor(body);
      } catch {
        return; // the signer would not have signed bytes that are not CBOR; nothing to learn
      }
      token = await resignCose(s.seed, s.protectedBytes, body);
      s.signed.add(toHex(sigStructure(s.protectedBytes, body))); // signed now: a later mutant may carry it
    }
    const list = await expectCodesAsync(() => StatusList.fromSigned(token, s.trust, { now: GEN_NOW }), ERROR_CODES, isHealthCodeError);
    if (!list) return;
    if (!(data[0]! & 1)) assertSignedBefore(token, s.signed, 'a status list');
    for (const i of [0, list.size - 1, list.size >> 1]) {
      const value = list.get(i);
      if (![0, 1, 2, 3].includes(value)) throw new FuzzFinding('round-trip', `index ${i} reads ${String(value)}`);
    }
    try {
      list.get(list.size);
      throw new FuzzFinding('wrong-error', `index ${list.size} of a list of ${list.size} did not throw`);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  },
};

export default target;
