/**
 * `verify` on `HQ1:` codes: the bytes are the COSE_Sign1 (the target writes them as Base45
 * behind the prefix, so mutations reach the CBOR, COSE, signature and claims rules rather
 * than dying in Base45, which has its own target). Oracles: `verify` never throws; every
 * refusal carries a stable code and a message; and no false accept: a mutant that verifies
 * must have the exact signature input (protected bytes and payload) of a code the issuer
 * signed, and give the same result as that code.
 */
import fc from 'fast-check';
import { decodeBase45, encodeBase45 } from '../../src/codec/base45.js';
import { fromBase64Url, fromHex, toHex } from '../../src/codec/bytes.js';
import { parseSign1, sigStructure } from '../../src/cose/sign1.js';
import { ERROR_CODES, issue, TrustList, verify, type VerifyResult } from '../../src/index.js';
import { fixedIssuerKey } from '../../test/support/keys.js';
import { applyShapeDefect, GEN_NOW, goodHeader, shapeDefectArb, signCode, validClaimsArb, wrongClaimsArb, wrongHeaderArb } from '../../test/property/generators.js';
import { goldenVectors } from '../seeds.js';
import { FuzzFinding, type FuzzTarget } from './target.js';

/** Tokens of HQ1 codes: CBOR heads of the COSE array, header, claims labels, a kid, a 64-byte signature head. */
export const HQ1_DICTIONARY: readonly Uint8Array[] = [
  Uint8Array.of(0x84), Uint8Array.of(0xd2, 0x84), Uint8Array.of(0xa0), Uint8Array.of(0xa1, 0x01, 0x27), Uint8Array.of(0xa2, 0x01, 0x27, 0x04, 0x48),
  Uint8Array.of(0x58, 0x40), Uint8Array.of(0x3a, 0x00, 0x01, 0x00, 0x00), Uint8Array.of(0x1a), Uint8Array.of(0x1b), Uint8Array.of(0xfb),
  Uint8Array.of(0xf9, 0x3c, 0x00), Uint8Array.of(0x9f), Uint8Array.of(0xbf), Uint8Array.of(0xff), Uint8Array.of(0x5f), Uint8Array.of(0x7f),
  Uint8Array.of(0xc1), Uint8Array.of(0xd8, 0x18), Uint8Array.of(0x08, 0xa1, 0x01, 0xa3), Uint8Array.of(0x69, 0x43, 0x4e, 0x2d),
];

/** A verifier's fixed setup: the trust list, the clock, and the results the signed codes give. */
export interface Hq1Setup {
  readonly trust: TrustList;
  /** Signature input (hex) of every code the issuer signed → the JSON of its result. */
  readonly signed: Map<string, string>;
  readonly seeds: Uint8Array[];
}

let setup: Promise<Hq1Setup> | undefined;

/** Builds (once) the trust list, the seed codes and their expected results. */
export function hq1Setup(): Promise<Hq1Setup> {
  return (setup ??= (async () => {
    const key = await fixedIssuerKey();
    const kid = fromBase64Url(key.kid)!;
    const trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
    const cose: Uint8Array[] = goldenVectors().vectors.map((v) => fromHex(v.coseHex));
    const base = { issuedAt: GEN_NOW - 600, expiresAt: GEN_NOW + 86_400 };
    for (const input of [
      { status: 'green' as const, ...base },
      { status: 'red' as const, ...base, name: '张*', idHint: '123X', subjectRef: new Uint8Array(32).fill(7), statusIndex: 4_000_000 },
      { status: 'yellow' as const, ...base, notBefore: GEN_NOW - 10 },
    ]) {
      cose.push(fromBase45Text(await issue(input, key.privateJwk)));
    }
    const sample = <T>(arb: fc.Arbitrary<T>, n: number): T[] => fc.sample(arb, { seed: 6, numRuns: n });
    for (const c of sample(wrongClaimsArb, 40)) cose.push((await signCode(key.seed, goodHeader(kid), c.payload)).cose);
    for (const h of sample(wrongHeaderArb(kid), 20)) cose.push((await signCode(key.seed, h.header, sample(validClaimsArb, 1)[0], h.raw ? { protectedBytes: h.raw } : {})).cose);
    // Every code signed here is a seed, so that its signature input is known as signed: the
    // fuzzer undoes a shape defect in seconds (a harness bug found by the long run).
    const good = (await signCode(key.seed, goodHeader(kid), sample(validClaimsArb, 1)[0])).cose;
    cose.push(good);
    for (const d of sample(shapeDefectArb, 20)) cose.push(applyShapeDefect(good, d).bytes);
    const signed = new Map<string, string>();
    for (const bytes of cose) {
      const result = await verify(`HQ1:${encodeBase45(bytes)}`, trust, { now: GEN_NOW });
      if (result.valid) {
        const parsed = parseSign1(bytes);
        signed.set(toHex(sigStructure(parsed.protectedBytes, parsed.payloadBytes)), JSON.stringify(result));
      }
    }
    return { trust, signed, seeds: cose };
  })());
}

/** The COSE bytes of an `HQ1:` text we issued. */
function fromBase45Text(text: string): Uint8Array {
  return decodeBase45(text.slice(text.indexOf(':') + 1));
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);

/** The oracle shared with the presentation target: a refusal is well-formed; an acceptance is no forgery. */
export function checkResult(result: VerifyResult, signatureInputs: readonly Uint8Array[], signed: Map<string, string>): void {
  if (!result.valid) {
    if (!KNOWN_CODES.has(result.code)) throw new FuzzFinding('wrong-error', `unknown code ${String(result.code)}`);
    if (typeof result.message !== 'string' || result.message.length === 0) throw new FuzzFinding('wrong-error', `${result.code} without a message`);
    return;
  }
  for (const input of signatureInputs) {
    if (!signed.has(toHex(input))) throw new FuzzFinding('false-accept', `accepted a signature input the issuer never signed: ${toHex(input)}`);
  }
  const expected = signed.get(toHex(signatureInputs[0]!));
  const { presentedAt: _presentedAt, ...comparable } = result as VerifyResult & { presentedAt?: number };
  const { presentedAt: _expectedAt, ...wanted } = JSON.parse(expected!) as Record<string, unknown>;
  if (JSON.stringify(comparable) !== JSON.stringify(wanted)) throw new FuzzFinding('false-accept', `accepted with other claims: ${JSON.stringify(result)}`);
}

const target: FuzzTarget = {
  name: 'verify',
  description: 'verify(HQ1: + Base45(bytes)): never throws, stable codes, no false accept',
  maxLength: 2048,
  dictionary: HQ1_DICTIONARY,
  async seeds() {
    return [...(await hq1Setup()).seeds];
  },
  async run(data) {
    const { trust, signed } = await hq1Setup();
    const result = await verify(`HQ1:${encodeBase45(data)}`, trust, { now: GEN_NOW });
    if (result.valid) {
      const parsed = parseSign1(data);
      checkResult(result, [sigStructure(parsed.protectedBytes, parsed.payloadBytes)], signed);
    } else checkResult(result, [], signed);
  },
};

export default target;
