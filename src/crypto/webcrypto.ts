/**
 * The WebCrypto Ed25519 backend (`crypto.subtle` with the `"Ed25519"` algorithm): browsers,
 * Deno, Node's webcrypto. In Node it is OpenSSL, which verifies with the cofactorless equation
 * (comparing encodings) like the node and noble backends; browser engines are not all known to
 * do the same, so the probe in backend.ts refuses one that accepts a cofactored-only signature.
 */
import { assertBytes, fromBase64Url } from '../codec/bytes.js';
import type { Ed25519Backend } from './backend.js';
import { assertEd25519PublicKey, ED25519_SEED_BYTES, ED25519_SIGNATURE_BYTES } from './ed25519-strict.js';
import { pkcs8FromSeed } from './der.js';
import { createPrivateHandle, createPublicHandle, privateNative, publicNative } from './handles.js';
import { bufferSource, getSubtle } from './subtle.js';

const ED25519 = 'Ed25519';

async function importSeed(subtle: SubtleCrypto, seed: Uint8Array, extractable: boolean): Promise<CryptoKey> {
  const der = pkcs8FromSeed(seed);
  try {
    return await subtle.importKey('pkcs8', der, ED25519, extractable, ['sign']);
  } finally {
    der.fill(0);
  }
}

/** The public key of a seed: WebCrypto derives it only through an extractable JWK export. */
async function publicKeyOf(subtle: SubtleCrypto, seed: Uint8Array): Promise<Uint8Array> {
  const jwk = await subtle.exportKey('jwk', await importSeed(subtle, seed, true));
  const x = typeof jwk.x === 'string' ? fromBase64Url(jwk.x) : undefined;
  if (!x || x.length !== 32) throw new Error('WebCrypto exported an Ed25519 JWK without a 32-byte "x"');
  return x;
}

/**
 * Creates the WebCrypto Ed25519 backend, or returns undefined where the runtime has no
 * `crypto.subtle`. Whether `subtle` knows Ed25519 shows only when a key is imported (it
 * rejects then); {@link probeBackend} in backend.ts finds out once.
 *
 * @example
 * ```ts
 * const backend = createWebCryptoBackend();
 * if (backend && (await probeBackend(backend))) useIt(backend);
 * ```
 */
export function createWebCryptoBackend(): Ed25519Backend | undefined {
  const subtle = getSubtle();
  if (!subtle) return undefined;
  return Object.freeze({
    name: 'webcrypto',
    async importPublicKey(raw: Uint8Array) {
      const publicKey = assertEd25519PublicKey(raw);
      const key = await subtle.importKey('raw', bufferSource(publicKey.slice()), ED25519, false, ['verify']);
      return createPublicHandle('webcrypto', publicKey, key);
    },
    async verify(key, message, signature) {
      const native = publicNative<CryptoKey>(key, 'webcrypto');
      assertBytes(message, 'message');
      assertBytes(signature, 'signature');
      if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
      return subtle.verify(ED25519, native, bufferSource(signature), bufferSource(message));
    },
    async importPrivateKey(seed: Uint8Array) {
      assertBytes(seed, 'seed', ED25519_SEED_BYTES);
      const publicKey = await publicKeyOf(subtle, seed);
      return createPrivateHandle('webcrypto', publicKey, await importSeed(subtle, seed, false));
    },
    async sign(key, message) {
      const native = privateNative<CryptoKey>(key, 'webcrypto');
      assertBytes(message, 'message');
      return new Uint8Array(await subtle.sign(ED25519, native, bufferSource(message)));
    },
    async publicKeyFromSeed(seed: Uint8Array) {
      assertBytes(seed, 'seed', ED25519_SEED_BYTES);
      return publicKeyOf(subtle, seed);
    },
  } satisfies Ed25519Backend);
}
