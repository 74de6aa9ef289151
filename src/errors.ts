/**
 * Stable error codes, exactly as DESIGN.md lists them. Codes never change without a major
 * version; messages are for people and may change.
 */
export const ERROR_CODES = [
  'TOO_LARGE',
  'BAD_PREFIX',
  'BAD_BASE45',
  'BAD_COMPRESSION',
  'BAD_CBOR',
  'BAD_COSE',
  'ALG_MISMATCH',
  'UNKNOWN_KID',
  'BAD_SIGNATURE',
  'KEY_NOT_VALID',
  'ISSUER_MISMATCH',
  'NOT_YET_VALID',
  'EXPIRED',
  'BAD_CLAIMS',
  'REVOKED',
  'STATUS_UNKNOWN',
  'REPLAYED',
  'HOLDER_PROOF_REQUIRED',
  'HOLDER_PROOF_INVALID',
  'PRESENTATION_EXPIRED',
  'STALE_TRUST_LIST',
  'BAD_TRUST_LIST',
] as const;

/** One of the stable error codes a verification or a load can report. */
export type ErrorCode = (typeof ERROR_CODES)[number];

const BRAND = Symbol.for('healthcode.HealthCodeError');

/**
 * The one error type of the library: a stable `code` and a message a person can act on.
 *
 * @example
 * ```ts
 * try { TrustList.fromJWKS(json); } catch (e) { if (isHealthCodeError(e)) console.log(e.code); }
 * ```
 */
export class HealthCodeError extends Error {
  /** The stable code; see `docs/errors.md`. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HealthCodeError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True when `value` is a {@link HealthCodeError}, from this copy of the library or another
 * (ESM and CJS builds share the `Symbol.for` brand).
 *
 * @example
 * ```ts
 * if (isHealthCodeError(err) && err.code === 'BAD_TRUST_LIST') reloadTrustList();
 * ```
 */
export function isHealthCodeError(value: unknown): value is HealthCodeError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
