/**
 * Writing an HQ1P presentation's payload: the holder side only, apart from presentation.ts so
 * that a verifier (which only reads presentations) carries no CBOR encoder.
 */
import { encodeCbor } from '../codec/cbor-encode.js';
import { PRESENTATION_CREDENTIAL, PRESENTATION_TIME } from './presentation.js';

/**
 * The payload bytes of a presentation, `{1: credential, 2: t}` in deterministic CBOR.
 *
 * @example
 * ```ts
 * const payload = encodePresentationPayload(credentialBytes, 1767226200);
 * ```
 */
export function encodePresentationPayload(credential: Uint8Array, t: number): Uint8Array {
  return encodeCbor(new Map<number, unknown>([[PRESENTATION_CREDENTIAL, credential], [PRESENTATION_TIME, t]]));
}
