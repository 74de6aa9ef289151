/**
 * The portable Ed25519 backend on @noble/ed25519 (v3 async API: SHA-512 through WebCrypto;
 * noble's global `hashes` are never set). Used where the runtime has no native Ed25519.
 *
 * Verification is NOT noble's `verifyAsync`: even with `{ zip215: false }` that checks the
 * cofactored equation [8]([S]B − R − [k]A) = 0 (node_modules/@noble/ed25519/index.ts,
 * `_verify`: `RkA.subtract(SB).clearCofactor().is0()`), while OpenSSL (node, Node's WebCrypto),
 * BoringSSL and libsodium check the cofactorless one, encode([S]B − [k]A) == R. They differ on
 * signatures where R or A has a torsion component (A = [a]B + T is not small-order, so the
 * strict checks let it through): the unit tests carry such vectors. So this backend computes
 * the cofactorless check itself with noble's Point arithmetic (RFC 8032 §5.1.7 with the
 * "sufficient, not required" unbatched equation, as the other engines do).
 */
import { getPublicKeyAsync, Point, signAsync } from '@noble/ed25519';
import { assertBytes, bytesEqual, concatBytes } from '../codec/bytes.js';
import type { Ed25519Backend } from './backend.js';
import { assertEd25519PublicKey, ED25519_SEED_BYTES, ED25519_SIGNATURE_BYTES } from './ed25519-strict.js';
import { createPrivateHandle, createPublicHandle, privateNative, publicNative } from './handles.js';
import { bufferSource, requireSubtle } from './subtle.js';

/** The group order L (RFC 8032 §5.1). */
const L = Point.CURVE().n;

interface NoblePublicKey {
  readonly point: Point;
  readonly bytes: Uint8Array;
}

function numberFromLittleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/**
 * RFC 8032 §5.1.7, cofactorless: S < L; k = SHA-512(R || A || M) mod L; accept exactly when
 * the encoding of [S]B − [k]A equals the 32 R bytes of the signature.
 */
async function verifyCofactorless(key: NoblePublicKey, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const r = signature.subarray(0, 32);
  const s = numberFromLittleEndian(signature.subarray(32, 64));
  if (s >= L) return false;
  const digest = await requireSubtle().digest('SHA-512', bufferSource(concatBytes(r, key.bytes, message)));
  const k = numberFromLittleEndian(new Uint8Array(digest)) % L;
  // multiply(n, false) allows n = 0 (returns the identity) and skips the constant-time ladder:
  // all inputs here are public.
  const check = Point.BASE.multiply(s, false).subtract(key.point.multiply(k, false));
  return bytesEqual(check.toBytes(), r);
}

/**
 * Creates the @noble/ed25519 backend. It needs only `crypto.subtle.digest` (SHA-512), so it
 * works wherever WebCrypto exists, with or without native Ed25519.
 *
 * @example
 * ```ts
 * const backend = createNobleBackend();
 * const signature = await backend.sign(await backend.importPrivateKey(seed), message);
 * ```
 */
export function createNobleBackend(): Ed25519Backend {
  return Object.freeze({
    name: 'noble',
    async importPublicKey(raw: Uint8Array) {
      const publicKey = assertEd25519PublicKey(raw);
      const bytes = publicKey.slice();
      const native: NoblePublicKey = Object.freeze({ point: Point.fromBytes(bytes, false), bytes });
      return createPublicHandle('noble', publicKey, native);
    },
    async verify(key, message, signature) {
      const native = publicNative<NoblePublicKey>(key, 'noble');
      assertBytes(message, 'message');
      assertBytes(signature, 'signature');
      if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
      return verifyCofactorless(native, message, signature);
    },
    async importPrivateKey(seed: Uint8Array) {
      const own = assertBytes(seed, 'seed', ED25519_SEED_BYTES).slice();
      return createPrivateHandle('noble', await getPublicKeyAsync(own), own);
    },
    async sign(key, message) {
      const seed = privateNative<Uint8Array>(key, 'noble');
      assertBytes(message, 'message');
      return signAsync(message, seed);
    },
    async publicKeyFromSeed(seed: Uint8Array) {
      return getPublicKeyAsync(assertBytes(seed, 'seed', ED25519_SEED_BYTES));
    },
  } satisfies Ed25519Backend);
}
