/**
 * The HQ1 kid (DESIGN.md "Wire format v1"): the first 8 bytes of the RFC 7638 JWK thumbprint
 * (SHA-256) of an Ed25519 public key, written as base64url in JWKs. One place computes it for
 * issuer keys, trust-list entries and root keys.
 */
import { calculateJwkThumbprint } from 'jose';
import { assertString, fromBase64Url, toBase64Url } from '../codec/bytes.js';

/** Length of an HQ1 kid in bytes (DESIGN.md). */
export const KID_BYTES = 8;

/**
 * The kid bytes of an Ed25519 public key given as its JWK `x` (base64url).
 *
 * @throws TypeError when `x` is not a string.
 * @example
 * ```ts
 * const kid = await kidBytesOf(publicJwk.x); // Uint8Array(8)
 * ```
 */
export async function kidBytesOf(x: string): Promise<Uint8Array> {
  assertString(x, 'x');
  // RFC 7638 §3.2: the thumbprint input has only the required members, in lexicographic order.
  const thumbprint = fromBase64Url(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }, 'sha256'));
  if (!thumbprint) throw new TypeError('"x" expected base64url');
  return thumbprint.slice(0, KID_BYTES);
}

/**
 * The kid of an Ed25519 public key: base64url of the first 8 bytes of its RFC 7638 thumbprint.
 *
 * @throws TypeError when `x` is not a base64url string.
 * @example
 * ```ts
 * const kid = await kidOf(publicJwk.x); // e.g. "kPrK_qmxVWY"
 * ```
 */
export async function kidOf(x: string): Promise<string> {
  return toBase64Url(await kidBytesOf(x));
}
