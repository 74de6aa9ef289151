/**
 * The HQ1 kid (DESIGN.md "Wire format v1"): the first 8 bytes of the RFC 7638 JWK thumbprint
 * (SHA-256) of an Ed25519 public key, written as base64url in JWKs. One place computes it for
 * issuer keys, trust-list entries and root keys.
 *
 * The thumbprint is computed here rather than with jose's `calculateJwkThumbprint`, which
 * STYLE.md names for it: for an OKP key the RFC 7638 input is one fixed JSON shape, and jose's
 * version pulls its JWK validation and key-import code (≈ 5 KB gzip) into every verifier's
 * bundle. `test/unit/trust/kid.test.ts` holds this function to jose's on random keys.
 */
import { assertString, fromBase64Url, toBase64Url } from '../codec/bytes.js';
import { requireSubtle } from '../crypto/subtle.js';

/** Length of an HQ1 kid in bytes (DESIGN.md). */
export const KID_BYTES = 8;

const UTF8 = new TextEncoder();

/**
 * The RFC 7638 thumbprint (SHA-256) of an Ed25519 public key given as its JWK `x`.
 *
 * @throws TypeError when `x` is not the unpadded base64url of 32 bytes.
 * @example
 * ```ts
 * const thumbprint = await ed25519Thumbprint(publicJwk.x); // Uint8Array(32)
 * ```
 */
export async function ed25519Thumbprint(x: string): Promise<Uint8Array> {
  assertString(x, 'x');
  const raw = fromBase64Url(x);
  if (!raw || raw.length !== 32) throw new TypeError('"x" expected the base64url of a 32-byte Ed25519 public key');
  // RFC 7638 §3.2-3.3: the required members only (crv, kty, x for OKP, RFC 8037 §2), in
  // lexicographic order, no white space; base64url needs no JSON escaping.
  const json = `{"crv":"Ed25519","kty":"OKP","x":"${x}"}`;
  return new Uint8Array(await requireSubtle().digest('SHA-256', UTF8.encode(json)));
}

/**
 * The kid bytes of an Ed25519 public key given as its JWK `x` (base64url).
 *
 * @throws TypeError when `x` is not the base64url of 32 bytes.
 * @example
 * ```ts
 * const kid = await kidBytesOf(publicJwk.x); // Uint8Array(8)
 * ```
 */
export async function kidBytesOf(x: string): Promise<Uint8Array> {
  return (await ed25519Thumbprint(x)).slice(0, KID_BYTES);
}

/**
 * The kid of an Ed25519 public key: base64url of the first 8 bytes of its RFC 7638 thumbprint.
 *
 * @throws TypeError when `x` is not the base64url of 32 bytes.
 * @example
 * ```ts
 * const kid = await kidOf(publicJwk.x); // e.g. "kPrK_qmxVWY"
 * ```
 */
export async function kidOf(x: string): Promise<string> {
  return toBase64Url(await kidBytesOf(x));
}
