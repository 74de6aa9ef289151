/**
 * COSE_Sign1 (RFC 9052 §4.2): build, parse, and the Sig_structure (RFC 9052 §4.4).
 *
 * Parsing keeps the protected header bytes exactly as received: the signature is checked over
 * them, never over a re-encoding (STYLE.md "Validation").
 */
import { freshBytes } from '../codec/bytes.js';
import { decodeCbor, CborTag } from '../codec/cbor.js';
import { HealthCodeError } from '../errors.js';

/** CBOR tag of COSE_Sign1 (RFC 9052 §2). Accepted on input, never emitted. */
export const COSE_SIGN1_TAG = 18;
/** Header label `alg` (RFC 9052 §3.1). */
export const HEADER_ALG = 1;
/** Header label `kid` (RFC 9052 §3.1). */
export const HEADER_KID = 4;

/** A parsed COSE_Sign1 whose parts have been checked for type, not yet for meaning. */
export interface Sign1 {
  /** The protected header bucket as received (the bstr's content). */
  readonly protectedBytes: Uint8Array;
  /** The protected header decoded (empty map when the bstr is empty). */
  readonly protectedHeader: Map<unknown, unknown>;
  /** The unprotected header map. */
  readonly unprotectedHeader: Map<unknown, unknown>;
  /** The payload bytes as received. */
  readonly payloadBytes: Uint8Array;
  /** The payload decoded strictly (undefined when `payloadIsCbor` was false). */
  readonly payload: unknown;
  /** The signature bytes. */
  readonly signature: Uint8Array;
  /** True when the input carried tag 18. */
  readonly tagged: boolean;
}

/** Options of {@link parseSign1}. */
export interface ParseSign1Options {
  /** Decode the payload as strict CBOR (default true; every healthcode profile does). */
  readonly payloadIsCbor?: boolean;
  /**
   * Keep floats in the protected header and payload as `CborFloat` (default true), so that a
   * float where the profile wants an integer (alg, iat, exp…) is refused. The DCC profile,
   * whose corpus has float times, turns it off.
   */
  readonly wrapFloats?: boolean;
  /**
   * Decodes the payload instead of `decodeCbor` (same rules, its own representation): the
   * DCC profile's decoder. Runs where the payload's CBOR is checked, before the shape.
   */
  readonly decodePayload?: (payloadBytes: Uint8Array) => unknown;
  /**
   * The protected header, payload and unprotected byte strings as views of `bytes`, not copies
   * (the signature is always copied): for a caller that has used them before `bytes` changes.
   */
  readonly views?: boolean;
}

const EMPTY_MAP: Map<unknown, unknown> = new Map();

/**
 * Parses COSE_Sign1 bytes strictly: CBOR of the array, of the protected bucket and of the
 * payload first (`BAD_CBOR`), then the shape (`BAD_COSE`), in DESIGN.md's order.
 *
 * @throws HealthCodeError `BAD_CBOR`, `TOO_LARGE` or `BAD_COSE`.
 * @example
 * ```ts
 * const sign1 = parseSign1(decodeBase45(text.slice(4)));
 * ```
 */
export function parseSign1(bytes: Uint8Array, options: ParseSign1Options = {}): Sign1 {
  let outer = decodeCbor(bytes, options.views ? { views: true } : undefined);
  let tagged = false;
  if (outer instanceof CborTag && outer.tag === COSE_SIGN1_TAG) {
    outer = outer.value;
    tagged = true;
  }
  if (!Array.isArray(outer) || outer.length !== 4) {
    throw new HealthCodeError('BAD_COSE', 'not a COSE_Sign1: expected an array of 4 elements');
  }
  const [prot, unprot, payloadBytes, signature] = outer as unknown[];
  // Rule 4 before rule 5: the embedded CBOR is checked before the shape is judged.
  let protectedHeader: unknown = EMPTY_MAP;
  const inner = { wrapFloats: options.wrapFloats !== false };
  if (prot instanceof Uint8Array && prot.length > 0) protectedHeader = decodeCbor(prot, inner);
  let payload: unknown;
  if (payloadBytes instanceof Uint8Array && options.payloadIsCbor !== false) payload = options.decodePayload ? options.decodePayload(payloadBytes) : decodeCbor(payloadBytes, inner);

  if (!(prot instanceof Uint8Array)) throw new HealthCodeError('BAD_COSE', 'COSE protected header is not a byte string');
  if (!(protectedHeader instanceof Map)) throw new HealthCodeError('BAD_COSE', 'COSE protected header does not hold a map');
  if (!(unprot instanceof Map)) throw new HealthCodeError('BAD_COSE', 'COSE unprotected header is not a map');
  if (!(payloadBytes instanceof Uint8Array)) {
    throw new HealthCodeError('BAD_COSE', 'COSE payload is not a byte string (detached payloads are not supported)');
  }
  if (!(signature instanceof Uint8Array)) throw new HealthCodeError('BAD_COSE', 'COSE signature is not a byte string');
  return { protectedBytes: prot, protectedHeader, unprotectedHeader: unprot, payloadBytes, payload, signature: options.views ? signature.slice() : signature, tagged };
}

const SIGNATURE1_PREFIX = new Uint8Array([0x84, 0x6a, ...new TextEncoder().encode('Signature1')]);
const EMPTY_BYTES = new Uint8Array(0);
/** CBOR head of an array of 4 items (major type 4, RFC 8949 §3.1). */
const ARRAY_OF_FOUR = 0x84;
/** CBOR encoding of an empty map (major type 5, length 0). */
const EMPTY_MAP_BYTE = 0xa0;

/** Bytes of the shortest CBOR head of a byte string of `length` bytes (RFC 8949 §4.2.1). */
function bstrHeadLength(length: number): number {
  return length < 24 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
}

/** Writes a byte string (major type 2, shortest head) at `at`; returns the offset after it. */
function writeBstr(out: Uint8Array, at: number, bytes: Uint8Array): number {
  const length = bytes.length;
  if (length < 24) {
    out[at++] = 0x40 | length;
  } else if (length < 0x100) {
    out[at++] = 0x58;
    out[at++] = length;
  } else if (length < 0x10000) {
    out[at++] = 0x59;
    out[at++] = length >> 8;
    out[at++] = length & 0xff;
  } else {
    out[at++] = 0x5a;
    out[at++] = length >>> 24;
    out[at++] = (length >> 16) & 0xff;
    out[at++] = (length >> 8) & 0xff;
    out[at++] = length & 0xff;
  }
  out.set(bytes, at);
  return at + length;
}

/**
 * The bytes that are signed: `Sig_structure = ["Signature1", protected, external_aad, payload]`
 * (RFC 9052 §4.4), built directly around the received protected bytes (no re-encoding), in one
 * allocation: it is made on every verify and every issue.
 *
 * @example
 * ```ts
 * const toBeSigned = sigStructure(sign1.protectedBytes, sign1.payloadBytes);
 * ```
 */
export function sigStructure(protectedBytes: Uint8Array, payloadBytes: Uint8Array, externalAad: Uint8Array = EMPTY_BYTES): Uint8Array {
  const out = freshBytes(
    SIGNATURE1_PREFIX.length +
      bstrHeadLength(protectedBytes.length) +
      protectedBytes.length +
      bstrHeadLength(externalAad.length) +
      externalAad.length +
      bstrHeadLength(payloadBytes.length) +
      payloadBytes.length,
  );
  out.set(SIGNATURE1_PREFIX, 0);
  let at = writeBstr(out, SIGNATURE1_PREFIX.length, protectedBytes);
  at = writeBstr(out, at, externalAad);
  writeBstr(out, at, payloadBytes);
  return out;
}

/**
 * Encodes an untagged COSE_Sign1 with an empty unprotected header: `[protected, {}, payload,
 * signature]` (RFC 9052 §4.2), written directly in deterministic CBOR (array head 0x84, empty
 * map 0xa0, byte strings with their shortest heads) in one allocation.
 *
 * @example
 * ```ts
 * const bytes = encodeSign1(protectedBytes, payloadBytes, signature);
 * ```
 */
export function encodeSign1(protectedBytes: Uint8Array, payloadBytes: Uint8Array, signature: Uint8Array): Uint8Array {
  const out = freshBytes(
    2 +
      bstrHeadLength(protectedBytes.length) +
      protectedBytes.length +
      bstrHeadLength(payloadBytes.length) +
      payloadBytes.length +
      bstrHeadLength(signature.length) +
      signature.length,
  );
  out[0] = ARRAY_OF_FOUR;
  let at = writeBstr(out, 1, protectedBytes);
  out[at++] = EMPTY_MAP_BYTE;
  at = writeBstr(out, at, payloadBytes);
  writeBstr(out, at, signature);
  return out;
}
