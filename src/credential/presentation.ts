/**
 * The HQ1P presentation (DESIGN.md "Dynamic codes"): a COSE_Sign1 by the holder's key whose
 * payload is `{1: credential (bstr, the credential's COSE_Sign1 bytes), 2: t (int seconds)}`,
 * with only `{1: -8}` in the protected header.
 */
import { HEADER_ALG, HEADER_KID, type Sign1 } from '../cose/sign1.js';
import { HealthCodeError } from '../errors.js';

/** The presentation text prefix (DESIGN.md). */
export const HQ1P_PREFIX = 'HQ1P:';
/** Payload member: the credential's COSE_Sign1 bytes. */
export const PRESENTATION_CREDENTIAL = 1;
/** Payload member: the holder's clock, integer epoch seconds. */
export const PRESENTATION_TIME = 2;
/** COSE alg EdDSA (RFC 9053 §2.2). */
const COSE_ALG_EDDSA = -8;

/** The protected header of every presentation: `{1: -8}` in deterministic CBOR (`a1 01 27`). */
export const PRESENTATION_PROTECTED = Uint8Array.of(0xa1, HEADER_ALG, 0x20 | (-1 - COSE_ALG_EDDSA));


/** A presentation's parts, checked for shape. */
export interface ParsedPresentation {
  readonly credential: Uint8Array;
  readonly t: number;
}

/**
 * Checks the outer presentation's header and payload shape: `alg` -8 and nothing else that
 * matters (`ALG_MISMATCH`), no kid (`BAD_COSE`: the key is the credential's `cnf`), payload
 * `{1: bstr, 2: int}` (`BAD_COSE`), 64-byte signature (`BAD_COSE`).
 *
 * @throws HealthCodeError `BAD_COSE` or `ALG_MISMATCH`.
 */
export function readPresentation(sign1: Sign1): ParsedPresentation {
  if (sign1.protectedHeader.has(HEADER_KID)) {
    throw new HealthCodeError('BAD_COSE', 'a presentation carries no kid: its key is the credential\'s cnf');
  }
  const payload = sign1.payload;
  if (!(payload instanceof Map)) throw new HealthCodeError('BAD_COSE', 'the presentation payload is not a map');
  const credential = payload.get(PRESENTATION_CREDENTIAL);
  const t = payload.get(PRESENTATION_TIME);
  if (!(credential instanceof Uint8Array)) throw new HealthCodeError('BAD_COSE', 'the presentation does not hold a credential byte string (1)');
  if (typeof t !== 'number' || !Number.isSafeInteger(t)) throw new HealthCodeError('BAD_COSE', 'the presentation time (2) is not an integer');
  const alg = sign1.protectedHeader.get(HEADER_ALG);
  if (alg === undefined) throw new HealthCodeError('ALG_MISMATCH', 'no alg in the presentation\'s protected header');
  if (alg !== COSE_ALG_EDDSA) throw new HealthCodeError('ALG_MISMATCH', `presentation alg ${String(alg)} is not EdDSA (-8)`);
  if (sign1.signature.length !== 64) throw new HealthCodeError('BAD_COSE', `presentation signature is ${sign1.signature.length} bytes, EdDSA needs 64`);
  return { credential, t };
}
