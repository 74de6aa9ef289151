/** The result of a verification: plain frozen data, valid or not (DESIGN.md "Verification rules"). */
import type { Status } from './credential/model.js';
import type { ErrorCode } from './errors.js';
import { toBase64Url } from './codec/bytes.js';
import type { CheckedCredential } from './verify-credential.js';

/** A code that verified: authentic, within its times. A red code that verifies is valid and red. */
export interface ValidResult {
  readonly valid: true;
  /** Which format the code was in. */
  readonly profile: 'hq1';
  /** The colour to act on. */
  readonly status: Status;
  /** The colour the issuer wrote into the code. */
  readonly issuedStatus: Status;
  /** Issuer id (`iss`), bound to the key by the trust list. */
  readonly issuer: string;
  /** kid of the key that signed, base64url. */
  readonly kid: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly notBefore?: number;
  /** Masked display name, as the issuer wrote it. */
  readonly name?: string;
  readonly idHint?: string;
  /** Pseudonymous subject reference, base64url. */
  readonly subjectRef?: string;
  readonly statusIndex?: number;
  /** True when the code was shown as a holder-bound presentation (`HQ1P:`). */
  readonly holderBound: boolean;
  /** The presentation's time `t` (holder's clock), for `HQ1P:` codes. */
  readonly presentedAt?: number;
  /** True when the trust list was past its `exp` and the caller allowed that. */
  readonly trustListStale: boolean;
}

/** A code that did not verify: the first failing rule's stable code and a message for people. */
export interface InvalidResult {
  readonly valid: false;
  readonly code: ErrorCode;
  readonly message: string;
}

/** The result of {@link verify}. */
export type VerifyResult = ValidResult | InvalidResult;


/** @internal Builds the frozen result of a credential that passed every rule. */
export function validResult(checked: CheckedCredential, extra: { holderBound: boolean; trustListStale: boolean; presentedAt?: number }): ValidResult {
  const { claims, entry } = checked;
  return Object.freeze({
    valid: true,
    profile: 'hq1',
    status: claims.status,
    issuedStatus: claims.status,
    issuer: claims.issuer,
    kid: entry.info.kid,
    issuedAt: claims.issuedAt,
    expiresAt: claims.expiresAt,
    ...(claims.notBefore !== undefined && { notBefore: claims.notBefore }),
    ...(claims.name !== undefined && { name: claims.name }),
    ...(claims.idHint !== undefined && { idHint: claims.idHint }),
    ...(claims.subjectRef !== undefined && { subjectRef: toBase64Url(claims.subjectRef) }),
    ...(claims.statusIndex !== undefined && { statusIndex: claims.statusIndex }),
    ...extra,
  });
}

