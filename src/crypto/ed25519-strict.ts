/**
 * Strict Ed25519 input checks that run before any signature backend (RFC 8032 §5.1.3 decoding,
 * §5.1.7 verification), so that Node's OpenSSL, WebCrypto and the noble fallback all answer alike.
 * Pure and synchronous: byte comparisons, plus one point decoding for a public key.
 */
import { Point } from '@noble/ed25519';
import { assertBytes, fromHex } from '../codec/bytes.js';

/** Bytes of an encoded Ed25519 public key (RFC 8032 §5.1.5). */
export const ED25519_PUBLIC_KEY_BYTES = 32;
/** Bytes of an Ed25519 private key seed, the JWK `d` (RFC 8032 §5.1.5, RFC 8037 §2). */
export const ED25519_SEED_BYTES = 32;
/** Bytes of an Ed25519 signature R || S (RFC 8032 §5.1.6). */
export const ED25519_SIGNATURE_BYTES = 64;

/**
 * The group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1),
 * little-endian, for the S < L check of §5.1.7.
 */
const L_LE = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
]);

/**
 * The canonical encodings of the 8 points of small order (the torsion subgroup E[8]): the
 * identity, the point of order 2, two of order 4 and four of order 8. Non-canonical encodings
 * of these points are caught earlier as non-canonical. The unit test rebuilds this list from a
 * generator of E[8].
 */
const SMALL_ORDER_HEX = [
  '0100000000000000000000000000000000000000000000000000000000000000', // identity (0, 1)
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // order 2: (0, -1)
  '0000000000000000000000000000000000000000000000000000000000000000', // order 4: (sqrt(-1), 0)
  '0000000000000000000000000000000000000000000000000000000000000080', // order 4: (-sqrt(-1), 0)
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85', // order 8
] as const;

const SMALL_ORDER = SMALL_ORDER_HEX.map((hex) => fromHex(hex));

/** The outcome of {@link checkEd25519PublicKey}: `'ok'` or why the key is refused. */
export type Ed25519KeyCheck = 'ok' | 'bad-length' | 'non-canonical' | 'small-order' | 'not-on-curve';

/**
 * True when y (the low 255 bits, little-endian) is ≥ p = 2^255 − 19, i.e. y is one of
 * p .. 2^255 − 1: the top byte (sign bit masked) is 0x7f, bytes 30..1 are 0xff, byte 0 ≥ 0xed.
 */
function yNotReduced(enc: Uint8Array): boolean {
  if ((enc[31]! & 0x7f) !== 0x7f) return false;
  for (let i = 30; i >= 1; i--) if (enc[i] !== 0xff) return false;
  return enc[0]! >= 0xed;
}

/**
 * True when the sign bit is set on a point whose x is 0. x = 0 exactly when y² = 1, so when
 * y = 1 or y = p − 1; RFC 8032 §5.1.3 step 4 says such an encoding fails to decode.
 */
function signedZeroX(enc: Uint8Array): boolean {
  if ((enc[31]! & 0x80) === 0) return false;
  const low = enc[31]! & 0x7f;
  let middleZero = true;
  let middleFull = true;
  for (let i = 1; i <= 30; i++) {
    if (enc[i] !== 0x00) middleZero = false;
    if (enc[i] !== 0xff) middleFull = false;
  }
  const isOne = enc[0] === 0x01 && middleZero && low === 0x00;
  const isMinusOne = enc[0] === 0xec && middleFull && low === 0x7f;
  return isOne || isMinusOne;
}

/** True when a 32-byte point encoding is the one RFC 8032 §5.1.2 would produce for its point. */
function canonicalEncoding(enc: Uint8Array): boolean {
  return !yNotReduced(enc) && !signedZeroX(enc);
}

/** True when a 32-byte (canonical) encoding is one of the 8 small-order points. */
function smallOrderEncoding(enc: Uint8Array): boolean {
  outer: for (const point of SMALL_ORDER) {
    for (let i = 0; i < 32; i++) if (point[i] !== enc[i]) continue outer;
    return true;
  }
  return false;
}

/** True when the 32-byte little-endian scalar is < L. */
function scalarBelowOrder(s: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (s[i]! < L_LE[i]!) return true;
    if (s[i]! > L_LE[i]!) return false;
  }
  return false; // equal to L
}

/**
 * Checks a raw Ed25519 public key the way a trust list must before any backend sees it:
 * 32 bytes, canonical (y < p, no sign bit on x = 0), not one of the 8 small-order points,
 * and decodable to a curve point (RFC 8032 §5.1.3).
 *
 * @throws TypeError when `raw` is not a Uint8Array.
 * @example
 * ```ts
 * if (checkEd25519PublicKey(x) !== 'ok') throw new Error('bad issuer key');
 * ```
 */
export function checkEd25519PublicKey(raw: Uint8Array): Ed25519KeyCheck {
  assertBytes(raw, 'publicKey');
  if (raw.length !== ED25519_PUBLIC_KEY_BYTES) return 'bad-length';
  if (!canonicalEncoding(raw)) return 'non-canonical';
  if (smallOrderEncoding(raw)) return 'small-order';
  try {
    // Strict decoding (zip215 = false): y < p and the x = 0 sign rule were checked above, so
    // what remains to fail is "(y² − 1)/(d y² + 1) has no square root": not on the curve.
    Point.fromBytes(raw, false);
  } catch {
    return 'not-on-curve';
  }
  return 'ok';
}

/**
 * Asserts a raw Ed25519 public key passes {@link checkEd25519PublicKey} and returns it; the
 * backends call it on import, so no backend ever holds a key another would refuse.
 *
 * @throws TypeError when `raw` is not a Uint8Array; RangeError when it is not 32 bytes or not
 *   a valid key (the message names the reason).
 * @example
 * ```ts
 * const raw = assertEd25519PublicKey(bytes, 'cnf.x');
 * ```
 */
export function assertEd25519PublicKey(raw: unknown, name = 'publicKey'): Uint8Array {
  const bytes = assertBytes(raw, name, ED25519_PUBLIC_KEY_BYTES);
  const check = checkEd25519PublicKey(bytes);
  if (check !== 'ok') throw new RangeError(`"${name}" is not a valid Ed25519 public key: ${check}`);
  return bytes;
}

/**
 * Checks the form of an Ed25519 signature before any backend verifies it: 64 bytes; R a
 * canonical point encoding (y < p, no sign bit on x = 0) and not a small-order point; S < L
 * (RFC 8032 §5.1.7: "If any of the decodings fail (including S being out of range)").
 *
 * Policy beyond RFC 8032 text: a small-order R is refused, as libsodium does and as WebCrypto
 * engines following the Secure Curves draft may. An honest signer never produces one
 * (R = [r]B with r ≢ 0 mod L), and without this rule OpenSSL would accept a signature with
 * R = identity (S = k·a) that such an engine refuses: the answer would depend on the backend.
 *
 * R is not decoded here: every backend verifies with the cofactorless equation by comparing
 * encode([S]B − [k]A) to the R bytes, and a computed encoding is always a curve point, so an
 * R that is not on the curve can never match (that keeps this check free of field arithmetic).
 *
 * @throws TypeError when `signature` is not a Uint8Array.
 * @example
 * ```ts
 * if (!checkEd25519Signature(sig)) return { valid: false, code: 'BAD_SIGNATURE' };
 * ```
 */
export function checkEd25519Signature(signature: Uint8Array): boolean {
  assertBytes(signature, 'signature');
  if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
  const r = signature.subarray(0, 32);
  if (!canonicalEncoding(r) || smallOrderEncoding(r)) return false;
  return scalarBelowOrder(signature.subarray(32, 64));
}
