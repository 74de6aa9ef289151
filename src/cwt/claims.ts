/**
 * CWT claim labels (RFC 8392 §3.1 and §4; RFC 8747 §3.1 for cnf) and the health-code claim's
 * private label. Only numbers here: the HQ1 profile gives them meaning.
 */

/** `iss` (RFC 8392 §4). */
export const CWT_ISS = 1;
/** `exp` (RFC 8392 §4). */
export const CWT_EXP = 4;
/** `nbf` (RFC 8392 §4). */
export const CWT_NBF = 5;
/** `iat` (RFC 8392 §4). */
export const CWT_IAT = 6;
/** `cnf` (RFC 8747 §3.1). */
export const CWT_CNF = 8;
/** `COSE_Key` member of `cnf` (RFC 8747 §3.2). */
export const CNF_COSE_KEY = 1;
/** The health-code claim (DESIGN.md, private-use label). */
export const CWT_HEALTH = -65537;

/** Members of the health-code claim map (DESIGN.md). */
export const HEALTH_STATUS = 0;
export const HEALTH_NAME = 1;
export const HEALTH_ID_HINT = 2;
export const HEALTH_SUBJECT_REF = 3;
export const HEALTH_STATUS_INDEX = 4;

/** COSE_Key members for an OKP key (RFC 9053 §7.1, RFC 9052 §7). */
export const COSE_KEY_KTY = 1;
export const COSE_KEY_CRV = -1;
export const COSE_KEY_X = -2;
/** kty OKP (RFC 9053 §7.1). */
export const COSE_KTY_OKP = 1;
/** crv Ed25519 (RFC 9053 §7.1, table 18). */
export const COSE_CRV_ED25519 = 6;
