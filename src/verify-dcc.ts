/**
 * Verifying an EU DCC (`HC1:`; HCERT, verify-only; DESIGN.md "Wire format", DCC): the rules
 * of DESIGN.md in their order, with the DCC's own steps and latitudes:
 *
 *   3 Base45 → 3 zlib inflate, capped at 64 KiB (`BAD_COMPRESSION`, `TOO_LARGE`) → 4 strict
 *   CBOR → 5 COSE_Sign1, the kid in the protected header or else the unprotected one (HCERT
 *   §3.3.1; protected wins) → 6 alg ES256 or PS256, protected or else unprotected (the key
 *   decides the algorithm anyway, so an unprotected alg gains an attacker nothing) → 7 every
 *   key with that kid (HCERT: several may share one) → 8 the key's alg, an ES256 signature of
 *   64 bytes → 9 the signature over Sig_structure with the protected bytes as received → 10 the
 *   claims (`credential/dcc.ts`) → 11 the signer certificate's validity covers `iat`, key not
 *   revoked → 12 `iss` is the key's issuer → 13/14 times, with the clock floor.
 */
import { decodeBase45From } from './codec/base45.js';
import { toBase64Url } from './codec/bytes.js';
import { inflateBorrowed } from './codec/inflate.js';
import { DCC_MAX_INFLATED_BYTES } from './credential/dcc-constants.js';
import { HEADER_ALG, HEADER_KID, parseSign1, sigStructure, type Sign1 } from './cose/sign1.js';
import { CWT_TAG, dccClaimsFromMap, decodeDccPayload, HC1_PREFIX } from './credential/dcc.js';
import { getAlgorithm, type AlgorithmEntry } from './crypto/algorithms.js';
import { checkEntrySignature } from './trust/signature.js';
import type { TrustEntry, TrustList } from './trust/trust-list.js';
import { checkTimes, chooseKey, fail, type VerifyContext } from './verify-credential.js';
import type { DccValidResult } from './verify-result.js';

export { DCC_MAX_INFLATED_BYTES } from './credential/dcc-constants.js';
/** Where an `HC1:` text's Base45 is decoded: a code fits well within it (larger ones get their own buffer). */
const BASE45_SCRATCH = new Uint8Array(4096);
/** The algorithms of the DCC profile (HCERT §3.3.2: ES256 primary, PS256 secondary). */
const DCC_ALGORITHMS: readonly string[] = ['ES256', 'PS256'];
/** The head of CBOR tag 61 (CWT, RFC 8392 §6) in its one-byte-argument form: 0xd8 0x3d. */
const CWT_TAG_HEAD = [0xd8, CWT_TAG] as const;

/** The header parameter from the protected bucket, or else from the unprotected one. */
function header(sign1: Sign1, label: number): unknown {
  return sign1.protectedHeader.has(label) ? sign1.protectedHeader.get(label) : sign1.unprotectedHeader.get(label);
}

/** Rules 5–8 for the DCC profile: kid and alg (protected first), the candidate keys. */
function candidateKeys(sign1: Sign1, trust: TrustList): { kid: Uint8Array; algorithm: AlgorithmEntry; entries: readonly TrustEntry[] } {
  const kid = header(sign1, HEADER_KID);
  if (!(kid instanceof Uint8Array)) {
    const where = sign1.protectedHeader.has(HEADER_KID) ? 'protected' : 'unprotected';
    fail('BAD_COSE', kid === undefined ? 'no kid in the protected or unprotected header' : `kid in the ${where} header is not a byte string`);
  }
  const algId = header(sign1, HEADER_ALG);
  if (algId === undefined) fail('ALG_MISMATCH', 'no alg in the protected or unprotected header');
  const algorithm = getAlgorithm(algId);
  if (!algorithm || !DCC_ALGORITHMS.includes(algorithm.name)) fail('ALG_MISMATCH', `alg ${String(algId)} is not supported for DCCs (ES256 -7, PS256 -37)`);
  const candidates = trust.lookup(kid);
  if (candidates.length === 0) {
    fail('UNKNOWN_KID', `no key with kid "${toBase64Url(kid)}" in the trust list: the issuing country's signer is not trusted here, or the list is out of date`);
  }
  const entries = candidates.length === 1 && candidates[0]!.algorithm === algorithm ? candidates : candidates.filter((c) => c.algorithm === algorithm);
  if (entries.length === 0) fail('ALG_MISMATCH', `the trust list gives kid "${toBase64Url(kid)}" alg ${candidates[0]!.algorithm.name}, the DCC says ${algorithm.name}`);
  if (algorithm.signatureLength !== undefined && sign1.signature.length !== algorithm.signatureLength) {
    fail('BAD_COSE', `signature is ${sign1.signature.length} bytes, ${algorithm.name} needs ${algorithm.signatureLength}`);
  }
  return { kid, algorithm, entries };
}

/** @internal Options of {@link checkDccSignature}. */
export interface DccSignatureOptions {
  /** Decode the payload as strict CBOR (default true; false only for COSE conformance examples). */
  readonly payloadIsCbor?: boolean;
  /** external_aad of the Sig_structure (HCERT uses none; the COSE WG examples sometimes do). */
  readonly externalAad?: Uint8Array;
  /** `bytes` is reused after the call: parse with views, used before the first await (see `verifyDcc`). */
  readonly views?: boolean;
}

/** @internal What {@link checkDccSignature} gives back. */
export interface DccSignature {
  readonly sign1: Sign1;
  readonly algorithm: AlgorithmEntry;
  /** The keys whose signature verified (at least one). */
  readonly verified: readonly TrustEntry[];
}

/**
 * @internal Rules 4–9 of the DCC profile on COSE_Sign1 bytes (tag 61 around tag 18 allowed):
 * strict CBOR, shape, kid and alg, every candidate key, the signature. Synchronous while every
 * signature check is (node:crypto with the key imported), else a promise; a failure throws, or
 * rejects. With `views`, the returned message's byte strings other than its signature are
 * views of `bytes`: stale once the caller reuses it.
 */
export function checkDccSignature(
  bytes: Uint8Array,
  trust: TrustList,
  backend: VerifyContext['backend'],
  options: DccSignatureOptions = {},
): DccSignature | Promise<DccSignature> {
  // Some issuers wrap the COSE_Sign1 (tag 18) in the CWT tag 61 (RFC 8392 §6); the corpus
  // marks that valid. Only that exact wrapping is unwrapped; anything else is left to parseSign1.
  const unwrapped = bytes[0] === CWT_TAG_HEAD[0] && bytes[1] === CWT_TAG_HEAD[1] && bytes[2] === 0xd2 ? bytes.subarray(2) : bytes;
  const sign1 = parseSign1(unwrapped, { wrapFloats: false, payloadIsCbor: options.payloadIsCbor !== false, decodePayload: decodeDccPayload, views: options.views === true });
  const { algorithm, entries } = candidateKeys(sign1, trust);
  const message = sigStructure(sign1.protectedBytes, sign1.payloadBytes, options.externalAad);
  const verified: TrustEntry[] = [];
  for (let i = 0; i < entries.length; i++) {
    const answer = checkEntrySignature(entries[i]!, message, sign1.signature, backend);
    if (answer instanceof Promise) return checkRest(answer, i, entries, { sign1, algorithm, message, verified, backend });
    if (answer) verified.push(entries[i]!);
  }
  return signed(sign1, algorithm, verified);
}

/** The rest of {@link checkDccSignature} from the first answer that is a promise (entry `i`) on. */
async function checkRest(
  pending: Promise<boolean>,
  i: number,
  entries: readonly TrustEntry[],
  state: { sign1: Sign1; algorithm: AlgorithmEntry; message: Uint8Array; verified: TrustEntry[]; backend: VerifyContext['backend'] },
): Promise<DccSignature> {
  const { sign1, algorithm, message, verified, backend } = state;
  if (await pending) verified.push(entries[i]!);
  for (let next = i + 1; next < entries.length; next++) {
    if (await checkEntrySignature(entries[next]!, message, sign1.signature, backend)) verified.push(entries[next]!);
  }
  return signed(sign1, algorithm, verified);
}

function signed(sign1: Sign1, algorithm: AlgorithmEntry, verified: readonly TrustEntry[]): DccSignature {
  if (verified.length === 0) fail('BAD_SIGNATURE', 'the signature does not verify: the certificate was altered or not made by this signer');
  return { sign1, algorithm, verified };
}

/**
 * @internal Rules 3–14 for an `HC1:` text (rules 0–2 ran in `verify`). Each failure throws a
 * HealthCodeError with its stable code (or rejects with it, when a signature check had to wait).
 */
export function verifyDcc(text: string, trust: TrustList, ctx: VerifyContext, trustListStale: boolean): DccValidResult | Promise<DccValidResult> {
  // Base45 into a buffer of this module, inflated into one of the inflater's, then parsed with
  // views of it (parseSign1 copies the signature): every byte string read from them is used
  // before checkDccSignature can wait, so three allocations and copies of the whole code are
  // saved (each ~0.5 µs in Node, whose typed arrays of over 64 bytes are allocated off the heap).
  const compressed = decodeBase45From(text, HC1_PREFIX.length, BASE45_SCRATCH);
  const bytes = inflateBorrowed(compressed, DCC_MAX_INFLATED_BYTES);
  const checked = checkDccSignature(bytes, trust, ctx.backend, { views: true });
  if (checked instanceof Promise) return checked.then((signature) => dccResult(signature, ctx, trustListStale));
  return dccResult(checked, ctx, trustListStale);
}

/** Rules 10–14 once the signature verified, and the result. */
function dccResult({ sign1, algorithm, verified }: DccSignature, ctx: VerifyContext, trustListStale: boolean): DccValidResult {
  const claims = dccClaimsFromMap(sign1.payload);
  const entry = chooseKey(verified, claims);
  checkTimes(claims, ctx);
  // Member by member in this order, not with a spread (a generic copy on every verify).
  const result: Record<string, unknown> = {
    valid: true,
    profile: 'dcc',
    issuer: claims.issuer,
    kid: entry.info.kid,
    alg: algorithm.name,
    issuedAt: claims.issuedAt,
    expiresAt: claims.expiresAt,
  };
  if (claims.notBefore !== undefined) result.notBefore = claims.notBefore;
  result.hcert = claims.hcert;
  result.trustListStale = trustListStale;
  return Object.freeze(result) as unknown as DccValidResult;
}
