/** The result of a verification: plain frozen data, valid or not (DESIGN.md "Verification rules"). */
import type { Status } from './credential/model.js';
import type { DccValue } from './credential/dcc.js';
import type { ErrorCode } from './errors.js';
import { toBase64Url } from './codec/bytes.js';
import type { CheckedCredential } from './verify-credential.js';

/** A code that verified: authentic, within its times. A red code that verifies is valid and red. */
export interface ValidResult {
  readonly valid: true;
  /** Which format the code was in. */
  readonly profile: 'hq1';
  /** The colour to act on: the status list's when one applied (rule 15), else the issued one. */
  readonly status: Status;
  /** The colour the issuer wrote into the code. */
  readonly issuedStatus: Status;
  /**
   * Where `status` came from: `'list'` (a current status list newer than the code) or
   * `'code'`. Present when the verification was given `statusLists` or `requireStatus`.
   */
  readonly statusSource?: 'list' | 'code';
  /** Seconds since the status list's `iat`, when `statusSource` is `'list'`. */
  readonly statusListAge?: number;
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

/** The result of {@link verify} for HQ1 codes and presentations. */
export type VerifyResult = ValidResult | InvalidResult;

/**
 * An EU DCC (`HC1:`) that verified: authentic, signed by a trusted signer certificate for its
 * issuing country, within its times. It has no colour: what it admits is the checkpoint's
 * rule over `hcert` (vaccination, test or recovery), not a health-code status.
 */
export interface DccValidResult {
  readonly valid: true;
  /** Which format the code was in: tells this result from an HQ1 {@link ValidResult}. */
  readonly profile: 'dcc';
  /** The issuing country (`iss`, ISO 3166-1 alpha-2), bound to the signer key by the trust list. */
  readonly issuer: string;
  /** kid of the signer certificate (first 8 bytes of its SHA-256), base64url. */
  readonly kid: string;
  /** The signature algorithm. */
  readonly alg: 'ES256' | 'PS256';
  /** `iat`, whole epoch seconds. */
  readonly issuedAt: number;
  /** `exp`, whole epoch seconds. */
  readonly expiresAt: number;
  readonly notBefore?: number;
  /** The DCC itself (claim -260, member 1) as frozen JSON-like data: `ver`, `nam`, `dob`, `v`/`t`/`r`. */
  readonly hcert: { readonly [key: string]: DccValue };
  /** True when the trust list was past its `exp` and the caller allowed that. */
  readonly trustListStale: boolean;
}

/** The result of {@link verify} with `dcc: true`: an HQ1 or a DCC result; `profile` tells them apart. */
export type AnyVerifyResult = ValidResult | DccValidResult | InvalidResult;


/** @internal Builds the frozen result of a credential that passed every rule. */
export function validResult(checked: CheckedCredential, extra: { holderBound: boolean; trustListStale: boolean; presentedAt?: number }): ValidResult {
  const { claims, entry, statusOutcome } = checked;
  // Built member by member (optional ones only when present), in this order, rather than
  // with spreads: a spread in an object literal is a generic copy, on every verify.
  const result: Record<string, unknown> = { valid: true, profile: 'hq1', status: statusOutcome?.status ?? claims.status, issuedStatus: claims.status };
  if (statusOutcome) result.statusSource = statusOutcome.statusSource;
  if (statusOutcome?.statusListAge !== undefined) result.statusListAge = statusOutcome.statusListAge;
  result.issuer = claims.issuer;
  result.kid = entry.info.kid;
  result.issuedAt = claims.issuedAt;
  result.expiresAt = claims.expiresAt;
  if (claims.notBefore !== undefined) result.notBefore = claims.notBefore;
  if (claims.name !== undefined) result.name = claims.name;
  if (claims.idHint !== undefined) result.idHint = claims.idHint;
  if (claims.subjectRef !== undefined) result.subjectRef = toBase64Url(claims.subjectRef);
  if (claims.statusIndex !== undefined) result.statusIndex = claims.statusIndex;
  result.holderBound = extra.holderBound;
  result.trustListStale = extra.trustListStale;
  if (extra.presentedAt !== undefined) result.presentedAt = extra.presentedAt;
  return Object.freeze(result) as unknown as ValidResult;
}

