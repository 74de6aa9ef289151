/**
 * Opaque Ed25519 key handles shared by the backends. A handle is a frozen plain object naming
 * its backend and carrying a copy of the public key; the backend's native key (a Node
 * KeyObject, a CryptoKey, a decoded noble point, a seed) sits in a module-private WeakMap, so
 * callers can neither read a private key out of a handle nor forge one.
 */

/** The name of an Ed25519 signature backend. */
export type Ed25519BackendName = 'node' | 'webcrypto' | 'noble';

/** An imported Ed25519 public key, bound to the backend that imported it. */
export interface Ed25519PublicHandle {
  readonly type: 'ed25519-public';
  readonly backend: Ed25519BackendName;
  /** The 32-byte encoded public key (the caller's copy: changing it changes nothing). */
  readonly publicKey: Uint8Array;
}

/** An imported Ed25519 private key (seed), bound to the backend that imported it. */
export interface Ed25519PrivateHandle {
  readonly type: 'ed25519-private';
  readonly backend: Ed25519BackendName;
  /** The matching 32-byte public key (the caller's copy). */
  readonly publicKey: Uint8Array;
}

type Handle = Ed25519PublicHandle | Ed25519PrivateHandle;

const natives = new WeakMap<Handle, unknown>();

/**
 * Wraps a backend's native public key into a handle.
 *
 * @example
 * ```ts
 * const handle = createPublicHandle('webcrypto', raw, cryptoKey);
 * ```
 */
export function createPublicHandle(backend: Ed25519BackendName, publicKey: Uint8Array, native: unknown): Ed25519PublicHandle {
  const handle: Ed25519PublicHandle = Object.freeze({ type: 'ed25519-public', backend, publicKey: publicKey.slice() });
  natives.set(handle, native);
  return handle;
}

/**
 * Wraps a backend's native private key into a handle.
 *
 * @example
 * ```ts
 * const handle = createPrivateHandle('noble', publicKey, seedCopy);
 * ```
 */
export function createPrivateHandle(backend: Ed25519BackendName, publicKey: Uint8Array, native: unknown): Ed25519PrivateHandle {
  const handle: Ed25519PrivateHandle = Object.freeze({ type: 'ed25519-private', backend, publicKey: publicKey.slice() });
  natives.set(handle, native);
  return handle;
}

/**
 * True when `value` is a public-key handle created by `backend` (and not forged or copied).
 *
 * @example
 * ```ts
 * if (!isPublicHandleOf(key, backend.name)) throw new TypeError('wrong backend');
 * ```
 */
export function isPublicHandleOf(value: unknown, backend: Ed25519BackendName): value is Ed25519PublicHandle {
  return natives.has(value as Handle) && (value as Handle).type === 'ed25519-public' && (value as Handle).backend === backend;
}

/**
 * True when `value` is a private-key handle created by `backend`.
 *
 * @example
 * ```ts
 * if (!isPrivateHandleOf(key, 'node')) throw new TypeError('wrong backend');
 * ```
 */
export function isPrivateHandleOf(value: unknown, backend: Ed25519BackendName): value is Ed25519PrivateHandle {
  return natives.has(value as Handle) && (value as Handle).type === 'ed25519-private' && (value as Handle).backend === backend;
}

/**
 * The native key behind a public handle of `backend`. `T` is the type that backend stored.
 *
 * @throws TypeError when `handle` is not a public-key handle of that backend.
 * @example
 * ```ts
 * const keyObject = publicNative<NodeKeyObject>(key, 'node');
 * ```
 */
export function publicNative<T>(handle: unknown, backend: Ed25519BackendName, name = 'key'): T {
  if (!isPublicHandleOf(handle, backend)) {
    throw new TypeError(`"${name}" expected an Ed25519 public key handle imported by the ${backend} backend`);
  }
  return natives.get(handle) as T;
}

/**
 * The native key behind a private handle of `backend`.
 *
 * @throws TypeError when `handle` is not a private-key handle of that backend.
 * @example
 * ```ts
 * const seed = privateNative<Uint8Array>(key, 'noble');
 * ```
 */
export function privateNative<T>(handle: unknown, backend: Ed25519BackendName, name = 'key'): T {
  if (!isPrivateHandleOf(handle, backend)) {
    throw new TypeError(`"${name}" expected an Ed25519 private key handle imported by the ${backend} backend`);
  }
  return natives.get(handle) as T;
}
