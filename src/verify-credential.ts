/**
 * The credential rules shared by plain codes and presentations (DESIGN.md rules 3–14): COSE
 * shape, kid and alg, signature against the trust list, claims, key window, issuer binding,
 * times. Each failure throws a HealthCodeError with its stable code; `verify` turns it into a
 * result.
 */
import { toBase64Url } from './codec/bytes.js';
import { HEADER_ALG, HEADER_KID, parseSign1, sigStructure, type Sign1 } from './cose/sign1.js';
import { claimsFromMap, type ReadClaims } from './credential/hq1.js';
import { getAlgorithm } from './crypto/algorithms.js';
import type { Ed25519Backend } from './crypto/backend.js';
import { HealthCodeError, type ErrorCode } from './errors.js';
import type { TrustList, TrustEntry } from './trust/trust-list.js';
import { checkEntrySignature } from './trust/signature.js';
import type { StatusOutcome, StatusRule } from './verify-status.js';

/** COSE alg EdDSA (RFC 9053 §2.2): the only alg of the HQ1 profile. */
const COSE_ALG_EDDSA = -8;

/** @internal Resolved options shared by the profiles. */
export interface VerifyContext {
  readonly now: number;
  readonly tolerance: number;
  readonly timeFloor?: number;
  readonly backend: Ed25519Backend;
  /** Rule 15's lists and whether one is required; absent when the caller gave neither. */
  readonly status?: StatusRule;
}

/** @internal What the credential checks (rules 3–14) give back. */
export interface CheckedCredential {
  readonly claims: ReadClaims;
  readonly entry: TrustEntry;
  readonly sign1: Sign1;
  /** What rule 15 said, when the verification involved status lists. */
  readonly statusOutcome?: StatusOutcome;
}

export function fail(code: ErrorCode, message: string): never {
  throw new HealthCodeError(code, message);
}

/** Rules 5–8: the kid and alg of the protected header, and the candidate keys. */
function candidateKeys(sign1: Sign1, trust: TrustList): TrustEntry[] {
  const kid = sign1.protectedHeader.get(HEADER_KID);
  if (!(kid instanceof Uint8Array)) {
    fail('BAD_COSE', sign1.protectedHeader.has(HEADER_KID) ? 'kid in the protected header is not a byte string' : 'no kid in the protected header');
  }
  const algId = sign1.protectedHeader.get(HEADER_ALG);
  const algorithm = getAlgorithm(algId);
  if (algId === undefined) fail('ALG_MISMATCH', 'no alg in the protected header');
  if (!algorithm || algorithm.coseAlg !== COSE_ALG_EDDSA) fail('ALG_MISMATCH', `alg ${String(algId)} is not supported by HQ1 (EdDSA, -8)`);
  const candidates = trust.lookup(kid);
  if (candidates.length === 0) fail('UNKNOWN_KID', `no key with kid "${toBase64Url(kid)}" in the trust list: the issuer is not trusted here, or the list is out of date`);
  const matching = candidates.filter((c) => c.algorithm.coseAlg === algorithm.coseAlg);
  if (matching.length === 0) fail('ALG_MISMATCH', `the trust list gives kid "${toBase64Url(kid)}" alg ${candidates[0]!.algorithm.name}, the code says ${algorithm.name}`);
  if (sign1.signature.length !== algorithm.signatureLength) {
    fail('BAD_COSE', `signature is ${sign1.signature.length} bytes, ${algorithm.name} needs ${algorithm.signatureLength}`);
  }
  return matching;
}

/** Rule 11: the key's window covers iat and the key is not revoked; undefined when it passes. */
export function keyProblem(entry: TrustEntry, issuedAt: number): string | undefined {
  const { revoked, notBefore, expiresAt, kid } = entry.info;
  if (revoked) return `key "${kid}" is revoked: codes it signed are no longer accepted`;
  if (notBefore !== undefined && issuedAt < notBefore) return `code issued at ${issuedAt}, before key "${kid}" became valid (${notBefore})`;
  if (expiresAt !== undefined && issuedAt > expiresAt) return `code issued at ${issuedAt}, after key "${kid}" retired (${expiresAt})`;
  return undefined;
}

/**
 * @internal Rules 3–15 for HQ1 COSE bytes (after prefix and Base45): shared by plain codes
 * and by the credential inside a presentation.
 */
export async function checkCredential(bytes: Uint8Array, trust: TrustList, ctx: VerifyContext): Promise<CheckedCredential> {
  const sign1 = parseSign1(bytes);
  const candidates = candidateKeys(sign1, trust);
  const message = sigStructure(sign1.protectedBytes, sign1.payloadBytes);
  const verified: TrustEntry[] = [];
  for (const entry of candidates) {
    if (await checkEntrySignature(entry, message, sign1.signature, ctx.backend)) verified.push(entry);
  }
  if (verified.length === 0) fail('BAD_SIGNATURE', 'the signature does not verify: the code was altered or not made by this key');
  const claims = claimsFromMap(sign1.payload);
  const chosen = chooseKey(verified, claims);
  checkTimes(claims, ctx);
  // Rule 15, for plain codes and presentations alike, before rule 16 (the holder proof).
  const statusOutcome = ctx.status && ctx.status.check(claims, trust, ctx.now, ctx.tolerance, ctx.status);
  return { claims, entry: chosen, sign1, ...(statusOutcome && { statusOutcome }) };
}

/**
 * @internal Rules 11 and 12 per key whose signature verified: the first key passing both is
 * used, otherwise the first key's failure is reported.
 */
export function chooseKey(verified: readonly TrustEntry[], claims: { issuer: string; issuedAt: number }): TrustEntry {
  let firstFailure: [ErrorCode, string] | undefined;
  for (const entry of verified) {
    const problem = keyProblem(entry, claims.issuedAt);
    if (problem) {
      firstFailure ??= ['KEY_NOT_VALID', problem];
      continue;
    }
    if (claims.issuer !== entry.info.issuer) {
      const bound = entry.info.issuer === undefined ? 'is bound to no issuer in the trust list' : `signs only for "${entry.info.issuer}"`;
      firstFailure ??= ['ISSUER_MISMATCH', `the code says issuer "${claims.issuer}", but key "${entry.info.kid}" ${bound}`];
      continue;
    }
    return entry;
  }
  return fail(...(firstFailure ?? ['BAD_SIGNATURE', 'no key verified the signature']));
}

/** @internal Rules 13 and 14, with the clock floor first. */
export function checkTimes(claims: { issuedAt: number; expiresAt: number; notBefore?: number }, ctx: VerifyContext): void {
  const { now, tolerance, timeFloor } = ctx;
  if (timeFloor !== undefined && now < timeFloor - tolerance) {
    fail('NOT_YET_VALID', `this device's clock (${iso(now)}) is behind a time it has already seen (${iso(timeFloor)}): set the clock right, then scan again`);
  }
  if (claims.issuedAt > now + tolerance) fail('NOT_YET_VALID', `the code was issued in the future (${iso(claims.issuedAt)}): check this device's clock`);
  if (claims.notBefore !== undefined && claims.notBefore > now + tolerance) fail('NOT_YET_VALID', `the code is valid only from ${iso(claims.notBefore)}`);
  if (claims.expiresAt < now - tolerance) fail('EXPIRED', `the code expired at ${iso(claims.expiresAt)}`);
}

export function iso(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isFinite(date.getTime()) ? date.toISOString().replace('.000Z', 'Z') : `${seconds}`;
}

