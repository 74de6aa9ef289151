/**
 * healthcode: offline-verifiable health codes. Public façade: re-exports only.
 * @packageDocumentation
 */
export { HealthCodeError, isHealthCodeError, ERROR_CODES, type ErrorCode } from './errors.js';
export type { Status, HealthClaims } from './credential/model.js';
export { STATUSES } from './credential/model.js';
export type { TimeInput } from './time.js';
export { MAX_TEXT_LENGTH } from './limits.js';
export {
  generateIssuerKey,
  kidOf,
  type IssuerKey,
  type IssuerPrivateJwk,
  type IssuerPublicJwk,
  type GenerateIssuerKeyOptions,
} from './keys.js';
export { issue, type IssueInput, type IssueOptions } from './issue.js';
export { issueMany, type IssueManyOptions } from './issue-many.js';
export { verifyMany, type VerifyManyOptions } from './verify-many.js';
export { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './many.js';
export {
  verify,
  nextTimeFloor,
  DEFAULT_VERIFY_OPTIONS,
  type VerifyOptions,
  type VerifyResult,
  type ValidResult,
  type InvalidResult,
  type DccValidResult,
  type AnyVerifyResult,
} from './verify.js';
export { HC1_PREFIX, DCC_MAX_INFLATED_BYTES, DCC_KID_BYTES } from './credential/dcc-constants.js';
export type { DccValue } from './credential/dcc.js';
export { inspect, type InspectResult } from './inspect.js';
export { decideAdmission, DEFAULT_ADMISSION_POLICY, type AdmissionPolicy, type AdmissionDecision } from './policy.js';
export {
  TrustList,
  KID_BYTES,
  TRUST_LIST_MAX_KEYS,
  type TrustedKeyInfo,
  type SkippedKey,
  type TrustListOptions,
  type TrustListMeta,
} from './trust/trust-list.js';
export { signTrustList, type SignTrustListOptions } from './trust/sign.js';
export {
  TRUST_LIST_JWS_TYPE,
  SIGNED_TRUST_LIST_MAX_CHARS,
  ROOT_KEYS_MAX,
  type SignedTrustListOptions,
} from './trust/signed.js';
export type { CertificateInput, CertificateTrustOptions } from './trust/certificates.js';
export type { Ed25519Backend } from './crypto/backend.js';
export {
  generateHolderKey,
  present,
  type HolderKey,
  type HolderPublicJwk,
  type HolderPrivateJwk,
  type GenerateHolderKeyOptions,
  type PresentOptions,
} from './present.js';
export { MemoryReplayCache, DEFAULT_REPLAY_CACHE_ENTRIES, type ReplayCache, type MemoryReplayCacheOptions } from './replay.js';
export {
  StatusList,
  STATUS_LIST_VALUES,
  STATUS_LIST_BITS,
  STATUS_LIST_MAX_ENTRIES,
  STATUS_LIST_MAX_BYTES,
  STATUS_LIST_MAX_TOKEN_BYTES,
  type StatusListValue,
  type StatusListMeta,
  type StatusListLoadOptions,
} from './status/status-list.js';
export { signStatusList, type SignStatusListOptions } from './status/sign.js';
export { StatusIndexAllocator, STATUS_INDEX_SEED_MIN_BYTES } from './status/index-allocator.js';
