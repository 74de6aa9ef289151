/**
 * Structure-aware fast-check generators for hostile codes: well-formed CBOR of the wrong
 * types, well-formed COSE of the wrong shape, and codes with a valid signature over wrong
 * claims or headers. Each generated case carries the code `verify` must answer with, so a
 * property can assert the exact rule (DESIGN.md "Verification rules"), not merely "invalid".
 * The fuzzers (fuzz/) draw their structured seeds from here too.
 */
import fc from 'fast-check';
import { encodeBase45 } from '../../src/codec/base45.js';
import { CborFloat, CborSimple, CborTag, decodeCbor, encodeCbor } from '../../src/codec/cbor.js';
import { encodeSign1, sigStructure } from '../../src/cose/sign1.js';
import { getDefaultBackend } from '../../src/crypto/backend.js';
import type { ErrorCode } from '../../src/errors.js';

/** The fixed clock of the generated codes: 2026-01-01T00:00:00Z, and a verifier 10 minutes later. */
export const GEN_IAT = 1_767_225_600;
export const GEN_NOW = GEN_IAT + 600;
/** DESIGN.md default clock tolerance. */
export const GEN_TOLERANCE = 300;
/** The issuer the fixed test key signs for (test/support/keys.ts). */
export const GEN_ISSUER = 'CN-330100';

// CWT and COSE labels, as in src/cwt/claims.ts and src/cose/sign1.ts (RFC 8392 §4, RFC 9052 §3.1).
const ISS = 1;
const EXP = 4;
const NBF = 5;
const IAT = 6;
const CNF = 8;
const HEALTH = -65537;
const ALG = 1;
const KID = 4;
const EDDSA = -8;

/** What `verify` must say about a generated case. */
export type Expected = ErrorCode | 'valid';

/** Any CBOR data item in the codec's representation (floats wrapped, as HQ1 reads them). */
export const cborValueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.integer({ min: -70_000, max: 70_000 }),
    fc.constantFrom(2 ** 32, -(2 ** 32) - 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
    fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
    fc.double({ noNaN: true }).map((d) => new CborFloat(d)),
    fc.string({ maxLength: 12 }),
    fc.uint8Array({ maxLength: 40 }),
    fc.constantFrom(true, false, null, undefined),
    fc.oneof(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 32, max: 255 })).map((v) => new CborSimple(v)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.uniqueArray(fc.tuple(fc.integer({ min: -10, max: 10 }), tie('value')), { maxLength: 3, selector: ([k]) => k }).map((e) => new Map(e)),
    fc.tuple(fc.integer({ min: 0, max: 1000 }), tie('value')).map(([t, v]) => new CborTag(t, v)),
  ),
})).value;

type Kind = 'int' | 'uint' | 'text' | 'bytes' | 'map' | 'status';

/** Whether `value` is of `kind` as HQ1 reads it (safe integers; floats are not integers). */
function isKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'uint':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
    case 'status':
      return value === 0 || value === 1 || value === 2;
    case 'text':
      return typeof value === 'string';
    case 'bytes':
      return value instanceof Uint8Array;
    case 'map':
      return value instanceof Map;
  }
}

/** A CBOR value that is not of `kind` (the "valid CBOR, wrong type" half of the issue). */
export function wrongTypeArb(kind: Kind): fc.Arbitrary<unknown> {
  const edge: Record<Kind, unknown[]> = {
    int: [new CborFloat(GEN_IAT), `${GEN_IAT}`, BigInt(GEN_IAT) + 2n ** 60n, null, new CborTag(1, GEN_IAT)],
    uint: [-1, new CborFloat(1), '1', -(2 ** 53) + 1],
    status: [3, -1, 255, new CborFloat(0), 'green', true, null, new CborTag(0, 0)],
    text: [new TextEncoder().encode(GEN_ISSUER), 1, null, [GEN_ISSUER], new CborTag(0, GEN_ISSUER)],
    bytes: [new Uint8Array(33), 'ab', [1, 2], null],
    map: [[], new Map().size, 'map', new Uint8Array(0), new CborTag(259, new Map())],
  };
  return fc.oneof(fc.constantFrom(...edge[kind]), cborValueArb.filter((v) => !isKind(v, kind)));
}

/** A valid HQ1 claims map (signed by the fixed key, it verifies at {@link GEN_NOW}). */
export const validClaimsArb: fc.Arbitrary<Map<number, unknown>> = fc
  .record(
    {
      status: fc.constantFrom(0, 1, 2),
      age: fc.integer({ min: 0, max: 86_400 }),
      lifetime: fc.integer({ min: 600, max: 400 * 86_400 }),
      name: fc.string({ maxLength: 8 }),
      idHint: fc.string({ maxLength: 4 }),
      subjectRef: fc.uint8Array({ maxLength: 32 }),
      statusIndex: fc.nat(),
      unknown: fc.tuple(fc.integer({ min: 100, max: 1000 }), cborValueArb),
    },
    { requiredKeys: ['status', 'age', 'lifetime'] },
  )
  .map((r) => {
    const health = new Map<number, unknown>([[0, r.status]]);
    if (r.name !== undefined) health.set(1, r.name);
    if (r.idHint !== undefined) health.set(2, r.idHint);
    if (r.subjectRef !== undefined) health.set(3, r.subjectRef);
    if (r.statusIndex !== undefined) health.set(4, r.statusIndex);
    const iat = GEN_IAT - r.age;
    const claims = new Map<number, unknown>([
      [ISS, GEN_ISSUER],
      [IAT, iat],
      [EXP, iat + r.lifetime + r.age],
      [HEALTH, health],
    ]);
    if (r.unknown) claims.set(r.unknown[0], r.unknown[1]); // unknown claims are ignored (forward compatibility)
    return claims;
  });

/** A signed-payload case: the claims and the code verify must give. */
export interface ClaimsCase {
  readonly defect: string;
  readonly payload: unknown;
  readonly expected: Expected;
}

function withClaim(claims: Map<number, unknown>, label: number, value: unknown): Map<number, unknown> {
  const out = new Map(claims);
  out.set(label, value);
  return out;
}

function withoutClaim(claims: Map<number, unknown>, label: number): Map<number, unknown> {
  const out = new Map(claims);
  out.delete(label);
  return out;
}

function withHealth(claims: Map<number, unknown>, label: number, value: unknown | typeof REMOVE): Map<number, unknown> {
  const health = new Map(claims.get(HEALTH) as Map<number, unknown>);
  if (value === REMOVE) health.delete(label);
  else health.set(label, value);
  return withClaim(claims, HEALTH, health);
}
const REMOVE = Symbol('remove');

/** Claims with exactly one defect, each with the code it must give (rules 10, 12–14, 16). */
export const wrongClaimsArb: fc.Arbitrary<ClaimsCase> = fc.oneof(
  fc.tuple(validClaimsArb, fc.constantFrom(ISS, IAT, EXP, HEALTH)).map(([c, label]) => ({ defect: `claim ${label} missing`, payload: withoutClaim(c, label), expected: 'BAD_CLAIMS' as const })),
  fc.tuple(validClaimsArb, wrongTypeArb('text')).map(([c, v]) => ({ defect: 'iss not text', payload: withClaim(c, ISS, v), expected: 'BAD_CLAIMS' as const })),
  fc.tuple(validClaimsArb, fc.constantFrom(IAT, EXP, NBF), wrongTypeArb('int')).map(([c, label, v]) => ({ defect: `claim ${label} not an integer`, payload: withClaim(c, label, v), expected: 'BAD_CLAIMS' as const })),
  fc.tuple(validClaimsArb, wrongTypeArb('map')).map(([c, v]) => ({ defect: 'health claim not a map', payload: withClaim(c, HEALTH, v), expected: 'BAD_CLAIMS' as const })),
  fc.tuple(validClaimsArb, fc.oneof(wrongTypeArb('status'), fc.constant(REMOVE))).map(([c, v]) => ({ defect: 'status not 0/1/2', payload: withHealth(c, 0, v), expected: 'BAD_CLAIMS' as const })),
  fc.tuple(validClaimsArb, fc.constantFrom(1, 2), wrongTypeArb('text')).map(([c, label, v]) => ({ defect: `health member ${label} not text`, payload: withHealth(c, label, v), expected: 'BAD_CLAIMS' as const })),
  fc.tuple(validClaimsArb, fc.oneof(wrongTypeArb('bytes'), fc.uint8Array({ minLength: 33, maxLength: 64 }))).map(([c, v]) => ({ defect: 'subject ref not bytes ≤ 32', payload: withHealth(c, 3, v), expected: 'BAD_CLAIMS' as const })),
  fc.tuple(validClaimsArb, wrongTypeArb('uint')).map(([c, v]) => ({ defect: 'status index not uint', payload: withHealth(c, 4, v), expected: 'BAD_CLAIMS' as const })),
  fc.tuple(cborValueArb.filter((v) => !(v instanceof Map))).map(([v]) => ({ defect: 'payload not a map', payload: v, expected: 'BAD_CLAIMS' as const })),
  fc.tuple(validClaimsArb, fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s !== GEN_ISSUER)).map(([c, iss]) => ({ defect: 'another issuer', payload: withClaim(c, ISS, iss), expected: 'ISSUER_MISMATCH' as const })),
  fc.tuple(validClaimsArb, fc.integer({ min: GEN_NOW + GEN_TOLERANCE + 1, max: GEN_NOW + 10 ** 9 })).map(([c, iat]) => ({ defect: 'iat in the future', payload: withClaim(withClaim(c, IAT, iat), EXP, iat + 1), expected: 'NOT_YET_VALID' as const })),
  fc.tuple(validClaimsArb, fc.integer({ min: GEN_NOW + GEN_TOLERANCE + 1, max: GEN_NOW + 10 ** 9 })).map(([c, nbf]) => ({ defect: 'nbf in the future', payload: withClaim(withClaim(c, NBF, nbf), EXP, nbf + 1), expected: 'NOT_YET_VALID' as const })),
  fc.tuple(validClaimsArb, fc.integer({ min: 0, max: GEN_NOW - GEN_TOLERANCE - 1 })).map(([c, exp]) => ({ defect: 'expired', payload: withClaim(withClaim(c, IAT, Math.min(exp, GEN_IAT)), EXP, exp), expected: 'EXPIRED' as const })),
  fc.tuple(validClaimsArb, cborValueArb).map(([c, v]) => ({ defect: 'cnf present (any value)', payload: withClaim(c, CNF, v), expected: 'HOLDER_PROOF_REQUIRED' as const })),
  validClaimsArb.map((c) => ({ defect: 'none', payload: c, expected: 'valid' as const })),
);

/** A protected-header case (signed with the fixed key over a valid payload). */
export interface HeaderCase {
  readonly defect: string;
  /** The protected header value, or raw bytes for the bucket. */
  readonly header: unknown;
  readonly raw?: Uint8Array;
  readonly expected: Expected;
}

/** Protected headers with one defect (rules 4–8); `kid` is the fixed key's kid. */
export function wrongHeaderArb(kid: Uint8Array): fc.Arbitrary<HeaderCase> {
  const header = (entries: Array<[number, unknown]>) => new Map(entries);
  return fc.oneof(
    fc.constant({ defect: 'no kid', header: header([[ALG, EDDSA]]), expected: 'BAD_COSE' as const }),
    cborValueArb.filter((v) => !(v instanceof Uint8Array)).map((v) => ({ defect: 'kid not bytes', header: header([[ALG, EDDSA], [KID, v]]), expected: 'BAD_COSE' as const })),
    fc.constant({ defect: 'no alg', header: header([[KID, kid]]), expected: 'ALG_MISMATCH' as const }),
    fc.oneof(fc.constantFrom(-7, -37, -35, 0, 1, -9, 'EdDSA', new CborFloat(EDDSA)), cborValueArb.filter((v) => v !== EDDSA && v !== undefined)).map((alg) => ({ defect: 'alg not EdDSA', header: header([[ALG, alg], [KID, kid]]), expected: 'ALG_MISMATCH' as const })),
    fc.uint8Array({ maxLength: 16 }).filter((k) => k.length !== kid.length || k.some((b, i) => b !== kid[i])).map((k) => ({ defect: 'unknown kid', header: header([[ALG, EDDSA], [KID, k]]), expected: 'UNKNOWN_KID' as const })),
    cborValueArb.filter((v) => !(v instanceof Map)).map((v) => ({ defect: 'protected not a map', header: v, expected: 'BAD_COSE' as const })),
    fc.constant({ defect: 'empty protected bucket', header: undefined, raw: new Uint8Array(0), expected: 'BAD_COSE' as const }),
    fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => ({ defect: 'protected bucket not CBOR', header: undefined, raw: Uint8Array.of(0xa2, ...b), expected: 'BAD_CBOR' as const })),
    fc.tuple(fc.integer({ min: 5, max: 100 }), cborValueArb).map(([label, v]) => ({ defect: 'extra header parameter', header: header([[ALG, EDDSA], [KID, kid], [label, v]]), expected: 'valid' as const })),
  );
}

/** Ways to damage the outer COSE_Sign1 of a valid code (rules 4–5, 8). */
export type ShapeDefect =
  | { readonly kind: 'replace'; readonly index: 0 | 1 | 2 | 3; readonly value: unknown }
  | { readonly kind: 'length'; readonly count: number }
  | { readonly kind: 'tag'; readonly tag: number }
  | { readonly kind: 'not-array'; readonly value: unknown };

/** A shape defect: any part replaced by any CBOR value (or bytes), a wrong length, a tag, not an array. */
export const shapeDefectArb: fc.Arbitrary<ShapeDefect> = fc.oneof(
  fc.tuple(fc.constantFrom<0 | 1 | 2 | 3>(0, 1, 2, 3), cborValueArb).map(([index, value]) => ({ kind: 'replace' as const, index, value })),
  fc.constantFrom<0 | 3>(0, 3).chain((index) => fc.uint8Array({ maxLength: 70 }).filter((b) => index !== 3 || b.length !== 64).map((value) => ({ kind: 'replace' as const, index, value }))),
  fc.integer({ min: 0, max: 6 }).filter((n) => n !== 4).map((count) => ({ kind: 'length' as const, count })),
  fc.constantFrom(18, 17, 98, 61, 55799).map((tag) => ({ kind: 'tag' as const, tag })),
  cborValueArb.filter((v) => !Array.isArray(v) && !(v instanceof CborTag)).map((value) => ({ kind: 'not-array' as const, value })),
);

/** The code a shape defect must give, judged from the parts it leaves (rule order 4, 5, 8). */
export function applyShapeDefect(cose: Uint8Array, defect: ShapeDefect): { bytes: Uint8Array; expected: Expected } {
  const parts = decodeCbor(cose) as unknown[];
  switch (defect.kind) {
    case 'not-array':
      return { bytes: encodeCbor(defect.value), expected: 'BAD_COSE' };
    case 'length': {
      const items = Array.from({ length: defect.count }, (_, i) => parts[i % 4]);
      return { bytes: encodeCbor(items), expected: 'BAD_COSE' };
    }
    case 'tag':
      return { bytes: encodeCbor(new CborTag(defect.tag, parts)), expected: defect.tag === 18 ? 'valid' : 'BAD_COSE' };
    case 'replace': {
      const items = parts.slice();
      items[defect.index] = defect.value;
      const bytes = encodeCbor(items);
      const v = defect.value;
      if (defect.index === 1) return { bytes, expected: v instanceof Map ? 'valid' : 'BAD_COSE' }; // unprotected: any map, ignored
      if (!(v instanceof Uint8Array)) return { bytes, expected: 'BAD_COSE' };
      if (defect.index === 3) return { bytes, expected: v.length === 64 ? 'BAD_SIGNATURE' : 'BAD_COSE' };
      // New protected or payload bytes: rule 4 first (are they CBOR?), then shape or signature.
      let decoded: unknown;
      try {
        if (defect.index === 0 && v.length === 0) return { bytes, expected: 'BAD_COSE' }; // empty bucket: no kid
        decoded = decodeCbor(v, { wrapFloats: true });
      } catch (error) {
        return { bytes, expected: (error as { code: ErrorCode }).code };
      }
      if (defect.index === 0) {
        const kid = (decodeCbor(parts[0] as Uint8Array) as Map<unknown, unknown>).get(KID) as Uint8Array;
        if (!(decoded instanceof Map)) return { bytes, expected: 'BAD_COSE' };
        const newKid = decoded.get(KID);
        if (!(newKid instanceof Uint8Array)) return { bytes, expected: 'BAD_COSE' };
        if (decoded.get(ALG) !== EDDSA) return { bytes, expected: 'ALG_MISMATCH' };
        if (!bytesEqual(newKid, kid)) return { bytes, expected: 'UNKNOWN_KID' };
        return { bytes, expected: bytesEqual(v, parts[0] as Uint8Array) ? 'valid' : 'BAD_SIGNATURE' };
      }
      return { bytes, expected: bytesEqual(v, parts[2] as Uint8Array) ? 'valid' : 'BAD_SIGNATURE' };
    }
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The parts of a code made by {@link signCode}. */
export interface SignedParts {
  readonly protectedBytes: Uint8Array;
  readonly payloadBytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly cose: Uint8Array;
  readonly text: string;
}

/** Signs any protected header and payload with a test seed: the codes a real issuer would never make. */
export async function signCode(seed: Uint8Array, header: unknown, payload: unknown, raw: { protectedBytes?: Uint8Array; payloadBytes?: Uint8Array } = {}): Promise<SignedParts> {
  const backend = await getDefaultBackend();
  const protectedBytes = raw.protectedBytes ?? encodeCbor(header);
  const payloadBytes = raw.payloadBytes ?? encodeCbor(payload);
  const signature = await backend.sign(await backend.importPrivateKey(seed), sigStructure(protectedBytes, payloadBytes));
  const cose = encodeSign1(protectedBytes, payloadBytes, signature);
  return { protectedBytes, payloadBytes, signature, cose, text: `HQ1:${encodeBase45(cose)}` };
}

/** The protected header of a good code for `kid`. */
export function goodHeader(kid: Uint8Array): Map<number, unknown> {
  return new Map<number, unknown>([
    [ALG, EDDSA],
    [KID, kid],
  ]);
}
