/**
 * The Node Ed25519 backend: OpenSSL through `node:crypto`, reached only through
 * `process.getBuiltinModule` (Node ≥ 20.16 / 22.3) so that the core has no `node:` import and
 * still runs in browsers. Keys become KeyObjects once (SPKI / PKCS #8 DER, RFC 8410), then each
 * verify is one synchronous `crypto.verify(null, …)`: OpenSSL's `ossl_ed25519_verify` checks
 * S < L and compares the encoding of [S]B − [k]A with R, the cofactorless equation.
 */
import { assertBytes } from '../codec/bytes.js';
import type { Ed25519Backend } from './backend.js';
import { assertEd25519PublicKey, ED25519_SEED_BYTES, ED25519_SIGNATURE_BYTES } from './ed25519-strict.js';
import { pkcs8FromSeed, rawFromSpki, spkiFromRaw } from './der.js';
import { createPrivateHandle, createPublicHandle, privateNative, publicNative } from './handles.js';
import { loadNodeCrypto, type NodeCrypto, type NodeKeyObject } from './node-crypto.js';

/** A private KeyObject from a seed; the DER holding the seed is wiped afterwards. */
function privateKeyObject(nodeCrypto: NodeCrypto, seed: Uint8Array): NodeKeyObject {
  const der = pkcs8FromSeed(seed);
  try {
    return nodeCrypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}

function publicKeyOf(nodeCrypto: NodeCrypto, privateKey: NodeKeyObject): Uint8Array {
  return rawFromSpki(nodeCrypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
}

/** The node backends made with `inFlight: true`: their calls go to libuv's thread pool. */
const POOLED = new WeakSet<Ed25519Backend>();

/**
 * @internal True for a `node` backend whose calls are synchronous OpenSSL calls on this thread
 * (not one made with `inFlight: true`). ES256 and PS256 keys follow it: node:crypto on this
 * thread for such a backend, WebCrypto (whose calls run on the pool) for the others, so calls
 * in flight keep every algorithm on the pool. The one rule for the key import
 * (`importVerifyKey`) and the handle cache (`trust/signature.ts`).
 */
export function verifiesOnThisThread(backend: Ed25519Backend): boolean {
  return backend.name === 'node' && !POOLED.has(backend);
}

/**
 * Creates the Node (OpenSSL) backend, or returns undefined where `process.getBuiltinModule`
 * does not give `node:crypto` (browsers, older Node). By default each verify and sign is one
 * synchronous OpenSSL call on this thread (the fastest one at a time); with `inFlight: true`
 * they use node:crypto's callback form, which runs them on libuv's thread pool, for many calls
 * in flight at once (`verifyMany`, `issueMany`). Both make and accept the same key handles.
 *
 * @example
 * ```ts
 * const backend = createNodeBackend() ?? createNobleBackend();
 * ```
 */
export function createNodeBackend(options: { readonly inFlight?: boolean } = {}): Ed25519Backend | undefined {
  const nodeCrypto = loadNodeCrypto();
  if (!nodeCrypto) return undefined;
  const pool = options.inFlight === true;
  const backend = Object.freeze({
    name: 'node',
    async importPublicKey(raw: Uint8Array) {
      const publicKey = assertEd25519PublicKey(raw);
      const keyObject = nodeCrypto.createPublicKey({ key: spkiFromRaw(publicKey), format: 'der', type: 'spki' });
      return createPublicHandle('node', publicKey, keyObject);
    },
    async verify(key, message, signature) {
      const native = publicNative<NodeKeyObject>(key, 'node');
      assertBytes(message, 'message');
      assertBytes(signature, 'signature');
      if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
      if (!pool) return nodeCrypto.verify(null, message, native, signature);
      return new Promise<boolean>((resolve, reject) => nodeCrypto.verify(null, message, native, signature, (error, ok) => (error ? reject(error) : resolve(ok))));
    },
    async importPrivateKey(seed: Uint8Array) {
      assertBytes(seed, 'seed', ED25519_SEED_BYTES);
      const privateKey = privateKeyObject(nodeCrypto, seed);
      return createPrivateHandle('node', publicKeyOf(nodeCrypto, privateKey), privateKey);
    },
    async sign(key, message) {
      const native = privateNative<NodeKeyObject>(key, 'node');
      assertBytes(message, 'message');
      // Copy out of the Buffer: callers get a plain Uint8Array, never a Node Buffer.
      if (!pool) return new Uint8Array(nodeCrypto.sign(null, message, native));
      return new Promise<Uint8Array>((resolve, reject) => nodeCrypto.sign(null, message, native, (error, signature) => (error ? reject(error) : resolve(new Uint8Array(signature)))));
    },
    async publicKeyFromSeed(seed: Uint8Array) {
      assertBytes(seed, 'seed', ED25519_SEED_BYTES);
      return publicKeyOf(nodeCrypto, privateKeyObject(nodeCrypto, seed));
    },
  } satisfies Ed25519Backend);
  if (pool) POOLED.add(backend);
  return backend;
}
