/**
 * Decoding without verifying, for debugging and support. The output is UNTRUSTED: nothing in
 * it has been checked against a key, a clock or a trust list.
 */
import { decodeBase45 } from './codec/base45.js';
import { toBase64Url, toHex } from './codec/bytes.js';
import { HEADER_ALG, HEADER_KID, parseSign1 } from './cose/sign1.js';
import { claimsFromMap, HQ1_PREFIX } from './credential/hq1.js';
import type { HealthClaims } from './credential/model.js';
import { HealthCodeError, isHealthCodeError, type ErrorCode } from './errors.js';
import { MAX_TEXT_LENGTH } from './limits.js';

/** What {@link inspect} reads out of a code, none of it verified. */
export interface InspectResult {
  /** Always false: a reminder that this is not a verification. */
  readonly verified: false;
  /** The text prefix. */
  readonly prefix: string;
  /** COSE alg from the protected header, if any. */
  readonly alg?: unknown;
  /** kid from the protected header, base64url, if it is a byte string. */
  readonly kid?: string;
  /** Hex of the COSE_Sign1 bytes. */
  readonly coseHex: string;
  /** Hex of the payload bytes. */
  readonly payloadHex: string;
  /** The HQ1 claims, when they are well-formed (subject ref as base64url). */
  readonly claims?: Omit<HealthClaims, 'subjectRef' | 'holderKey'> & { readonly subjectRef?: string; readonly holderBound: boolean };
  /** Why the claims could not be read, when they could not. */
  readonly claimsError?: { readonly code: ErrorCode; readonly message: string };
}

/**
 * Decodes an `HQ1:` text WITHOUT verifying it: for debugging only, never for admission.
 *
 * @throws HealthCodeError (`TOO_LARGE`, `BAD_PREFIX`, `BAD_BASE45`, `BAD_CBOR`, `BAD_COSE`) when
 *   the text cannot be decoded at all.
 * @example
 * ```ts
 * console.log(inspect(text).claims?.status); // untrusted
 * ```
 */
export function inspect(text: string): InspectResult {
  if (typeof text !== 'string') throw new TypeError('"text" expected string');
  if (text.length > MAX_TEXT_LENGTH) throw new HealthCodeError('TOO_LARGE', `the text is ${text.length} characters, over ${MAX_TEXT_LENGTH}`);
  if (!text.startsWith(HQ1_PREFIX)) throw new HealthCodeError('BAD_PREFIX', 'inspect reads HQ1: texts');
  const bytes = decodeBase45(text.slice(HQ1_PREFIX.length));
  const sign1 = parseSign1(bytes);
  const kid = sign1.protectedHeader.get(HEADER_KID);
  let claims: InspectResult['claims'];
  let claimsError: InspectResult['claimsError'];
  try {
    const c = claimsFromMap(sign1.payload);
    claims = Object.freeze({
      issuer: c.issuer,
      issuedAt: c.issuedAt,
      expiresAt: c.expiresAt,
      ...(c.notBefore !== undefined && { notBefore: c.notBefore }),
      status: c.status,
      ...(c.name !== undefined && { name: c.name }),
      ...(c.idHint !== undefined && { idHint: c.idHint }),
      ...(c.subjectRef !== undefined && { subjectRef: toBase64Url(c.subjectRef) }),
      ...(c.statusIndex !== undefined && { statusIndex: c.statusIndex }),
      holderBound: c.holderBound,
    });
  } catch (error) {
    if (!isHealthCodeError(error)) throw error;
    claimsError = Object.freeze({ code: error.code, message: error.message });
  }
  return Object.freeze({
    verified: false,
    prefix: HQ1_PREFIX,
    ...(sign1.protectedHeader.has(HEADER_ALG) && { alg: sign1.protectedHeader.get(HEADER_ALG) }),
    ...(kid instanceof Uint8Array && { kid: toBase64Url(kid) }),
    coseHex: toHex(bytes),
    payloadHex: toHex(sign1.payloadBytes),
    ...(claims && { claims }),
    ...(claimsError && { claimsError }),
  });
}
