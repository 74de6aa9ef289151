/**
 * RFC 8410 DER wrappers for raw Ed25519 keys, for the native APIs that take only SPKI or
 * PKCS #8 (Node's KeyObjects, WebCrypto's "pkcs8" import). Fixed prefixes: an Ed25519 key has
 * no parameters, so the DER around the 32 bytes never changes.
 */
import { assertBytes } from '../codec/bytes.js';

/** SubjectPublicKeyInfo prefix of an Ed25519 public key (RFC 8410 §4, OID 1.3.101.112). */
export const SPKI_ED25519_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

/** PKCS #8 PrivateKeyInfo (v1) prefix of an Ed25519 seed (RFC 8410 §7). */
export const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

function withPrefix(prefix: Uint8Array, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix);
  out.set(body, prefix.length);
  return out;
}

/**
 * The SPKI DER of a raw 32-byte Ed25519 public key.
 *
 * @throws RangeError when `publicKey` is not 32 bytes.
 * @example
 * ```ts
 * const keyObject = nodeCrypto.createPublicKey({ key: spkiFromRaw(raw), format: 'der', type: 'spki' });
 * ```
 */
export function spkiFromRaw(publicKey: Uint8Array): Uint8Array<ArrayBuffer> {
  return withPrefix(SPKI_ED25519_PREFIX, assertBytes(publicKey, 'publicKey', 32));
}

/**
 * The raw 32-byte public key inside an Ed25519 SPKI DER.
 *
 * @throws RangeError when `spki` is not an Ed25519 SPKI.
 * @example
 * ```ts
 * const raw = rawFromSpki(keyObject.export({ format: 'der', type: 'spki' }));
 * ```
 */
export function rawFromSpki(spki: Uint8Array): Uint8Array {
  const prefixLength = SPKI_ED25519_PREFIX.length;
  const matches = spki.length === prefixLength + 32 && SPKI_ED25519_PREFIX.every((b, i) => spki[i] === b);
  if (!matches) throw new RangeError('"spki" expected an Ed25519 SubjectPublicKeyInfo');
  return new Uint8Array(spki.subarray(prefixLength));
}

/**
 * The PKCS #8 DER of a 32-byte seed. It holds the secret: wipe it (`fill(0)`) after the import.
 *
 * @throws RangeError when `seed` is not 32 bytes.
 * @example
 * ```ts
 * const der = pkcs8FromSeed(seed);
 * try { key = await subtle.importKey('pkcs8', der, 'Ed25519', false, ['sign']); } finally { der.fill(0); }
 * ```
 */
export function pkcs8FromSeed(seed: Uint8Array): Uint8Array<ArrayBuffer> {
  return withPrefix(PKCS8_ED25519_PREFIX, assertBytes(seed, 'seed', 32));
}
