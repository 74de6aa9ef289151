/**
 * Admission is a separate question from authenticity: a red code that verifies is valid and
 * red. A checkpoint turns a result and its policy into admit / deny here.
 */
import type { Status } from './credential/model.js';
import type { VerifyResult } from './verify.js';

/** A checkpoint's admission policy. */
export interface AdmissionPolicy {
  /** Colours let through (default: green only). */
  readonly admit?: readonly Status[];
  /** Admit when the trust list is stale (default false: a stale list denies). */
  readonly admitWithStaleTrustList?: boolean;
}

/** Default policy: green only, stale lists deny. */
export const DEFAULT_ADMISSION_POLICY: Required<AdmissionPolicy> = Object.freeze({
  admit: Object.freeze(['green'] as Status[]),
  admitWithStaleTrustList: false,
});

/** The decision, with a machine reason. */
export interface AdmissionDecision {
  readonly admit: boolean;
  /** `'admitted'`, `'status'` (colour not admitted), `'invalid'` (did not verify) or `'stale-trust-list'`. */
  readonly reason: 'admitted' | 'status' | 'invalid' | 'stale-trust-list';
}

/**
 * Decides admission from a verify result and a policy.
 *
 * @example
 * ```ts
 * const { admit } = decideAdmission(await verify(text, trust), { admit: ['green', 'yellow'] });
 * ```
 */
export function decideAdmission(result: VerifyResult, policy: AdmissionPolicy = {}): AdmissionDecision {
  const admitted = policy.admit ?? DEFAULT_ADMISSION_POLICY.admit;
  if (!result.valid) return Object.freeze({ admit: false, reason: 'invalid' });
  if (result.trustListStale && !(policy.admitWithStaleTrustList ?? false)) return Object.freeze({ admit: false, reason: 'stale-trust-list' });
  if (!admitted.includes(result.status)) return Object.freeze({ admit: false, reason: 'status' });
  return Object.freeze({ admit: true, reason: 'admitted' });
}
