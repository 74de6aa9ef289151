/**
 * The EU DCC profile's protocol numbers, in a module of their own so that a verifier that
 * reads only HQ1 can name them without loading the DCC profile (which is imported on first use).
 */

/** The DCC text prefix: context identifier "HC1" (HCERT §4.2). */
export const HC1_PREFIX = 'HC1:';
/** Bytes of a DCC kid: the first 8 bytes of SHA-256(certificate DER) (HCERT §3.3.1). */
export const DCC_KID_BYTES = 8;
/** Most bytes an `HC1:` code may inflate to (64 KiB; real DCCs are well under 2 KiB). */
export const DCC_MAX_INFLATED_BYTES = 64 * 1024;
