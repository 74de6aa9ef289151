/**
 * The HQ1 claims and time rules (DESIGN.md rules 10–14) behind a valid signature: the bytes
 * are a payload, which the target signs with the trusted test key under a good protected
 * header, so every mutant reaches the claims reader (an attacker cannot, but a buggy issuer
 * can, and the reader must hold either way). Oracles: stable codes only; a valid result says
 * exactly what the payload holds (issuer, times, colour, optional members), with no member
 * the payload lacks; a payload that is not a map of the right types is never valid.
 */
import { decodeCbor } from '../../src/codec/cbor.js';
import { encodeBase45 } from '../../src/codec/base45.js';
import { fromBase64Url, toBase64Url } from '../../src/codec/bytes.js';
import { TrustList, verify, type ValidResult } from '../../src/index.js';
import { fixedIssuerKey } from '../../test/support/keys.js';
import { GEN_NOW, goodHeader, validClaimsArb, wrongClaimsArb } from '../../test/property/generators.js';
import { encodeSign1, sigStructure } from '../../src/cose/sign1.js';
import { getDefaultBackend } from '../../src/crypto/backend.js';
import { encodeCbor } from '../../src/codec/cbor.js';
import fc from 'fast-check';
import { FuzzFinding, type FuzzTarget } from './target.js';
import { checkResult, HQ1_DICTIONARY } from './verify.js';

const STATUS = ['green', 'yellow', 'red'];

interface Setup {
  readonly trust: TrustList;
  readonly sign: (payload: Uint8Array) => Promise<Uint8Array>;
  readonly seeds: Uint8Array[];
}

let setup: Promise<Setup> | undefined;

function prepare(): Promise<Setup> {
  return (setup ??= (async () => {
    const key = await fixedIssuerKey();
    const trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
    const seeds = [
      ...fc.sample(validClaimsArb, { seed: 9, numRuns: 20 }).map((c) => encodeCbor(c)),
      ...fc.sample(wrongClaimsArb, { seed: 9, numRuns: 60 }).map((c) => encodeCbor(c.payload)),
    ];
    // The key is imported once: signing is then about as cheap as verifying.
    const backend = await getDefaultBackend();
    const handle = await backend.importPrivateKey(key.seed);
    const protectedBytes = encodeCbor(goodHeader(fromBase64Url(key.kid)!));
    const sign = async (payload: Uint8Array): Promise<Uint8Array> =>
      encodeSign1(protectedBytes, payload, await backend.sign(handle, sigStructure(protectedBytes, payload)));
    return { trust, sign, seeds };
  })());
}

/** What the payload says, read independently of src/credential/hq1.ts. */
function expectMatches(result: ValidResult, payload: unknown): void {
  const fail = (what: string): never => {
    throw new FuzzFinding('false-accept', `valid, but ${what}: ${JSON.stringify(result)}`);
  };
  if (!(payload instanceof Map)) return fail('the payload is not a map');
  const health = payload.get(-65537);
  if (!(health instanceof Map)) return fail('the health claim is not a map');
  if (result.issuer !== payload.get(1)) fail('issuer differs');
  if (result.issuedAt !== payload.get(6) || result.expiresAt !== payload.get(4)) fail('times differ');
  if (result.notBefore !== payload.get(5)) fail('nbf differs');
  if (result.status !== STATUS[health.get(0) as number] || result.issuedStatus !== result.status) fail('status differs');
  if (result.name !== health.get(1) || result.idHint !== health.get(2) || result.statusIndex !== health.get(4)) fail('an optional member differs');
  const ref = health.get(3);
  if (result.subjectRef !== (ref instanceof Uint8Array ? toBase64Url(ref) : undefined)) fail('subject ref differs');
  if (payload.has(8)) fail('a holder-bound credential verified without a presentation');
}

const target: FuzzTarget = {
  name: 'claims',
  description: 'verify on payloads signed by the trusted key: stable codes; a valid result says exactly what the payload holds',
  maxLength: 2048,
  dictionary: HQ1_DICTIONARY,
  async seeds() {
    return [...(await prepare()).seeds];
  },
  async run(data) {
    const s = await prepare();
    const cose = await s.sign(data);
    const result = await verify(`HQ1:${encodeBase45(cose)}`, s.trust, { now: GEN_NOW });
    if (!result.valid) return checkResult(result, [], new Map());
    let payload: unknown;
    try {
      payload = decodeCbor(data, { wrapFloats: true });
    } catch (error) {
      throw new FuzzFinding('false-accept', `valid, but the payload is not strict CBOR (${(error as Error).message})`);
    }
    expectMatches(result, payload);
  },
};

export default target;
