/**
 * Access to the runtime's WebCrypto (`crypto.subtle`, `crypto.getRandomValues`) without
 * assuming it exists: some embedded runtimes and insecure browser contexts lack `subtle`.
 */

/**
 * The runtime's `crypto.subtle`, or undefined where there is none.
 *
 * @example
 * ```ts
 * const subtle = getSubtle();
 * if (!subtle) return undefined;
 * ```
 */
export function getSubtle(): SubtleCrypto | undefined {
  const webCrypto = (globalThis as { crypto?: Crypto }).crypto;
  return webCrypto?.subtle ?? undefined;
}

/**
 * The runtime's `crypto.subtle`.
 *
 * @throws Error when the runtime has no WebCrypto (e.g. an insecure browser context).
 * @example
 * ```ts
 * const digest = await requireSubtle().digest('SHA-512', data);
 * ```
 */
export function requireSubtle(): SubtleCrypto {
  const subtle = getSubtle();
  if (!subtle) throw new Error('crypto.subtle is not available in this runtime (a secure context is required)');
  return subtle;
}

/**
 * The same bytes typed as a WebCrypto `BufferSource` (backed by an ArrayBuffer); bytes over a
 * SharedArrayBuffer are copied, since WebCrypto refuses those.
 *
 * @example
 * ```ts
 * await subtle.verify('Ed25519', key, bufferSource(sig), bufferSource(msg));
 * ```
 */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

/**
 * Fills a new array of `length` bytes from the platform CSPRNG (`crypto.getRandomValues`).
 *
 * @throws Error when the runtime has no `crypto.getRandomValues`.
 * @example
 * ```ts
 * const nonce = randomBytes(16);
 * ```
 */
export function randomBytes(length: number): Uint8Array {
  const webCrypto = (globalThis as { crypto?: Crypto }).crypto;
  if (typeof webCrypto?.getRandomValues !== 'function') throw new Error('crypto.getRandomValues is not available in this runtime');
  return webCrypto.getRandomValues(new Uint8Array(length));
}
