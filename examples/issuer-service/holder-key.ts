/**
 * The holder's public key of `POST /codes` (`holderPublicKey`): an RFC 8037 OKP JWK of an
 * Ed25519 key, as WebCrypto exports it. The code issued is then holder-bound (DESIGN.md
 * "Dynamic codes"): it is shown as live presentations the holder's phone signs with that key.
 * Checked strictly here so a client learns what is wrong; the library checks the point
 * itself (canonical, not of small order) when it issues.
 */
import { HttpError } from './http.js';
import type { HolderPublicJwk } from './healthcode.js';

/** Bytes of an Ed25519 public key (RFC 8032 §5.1.5). */
const ED25519_PUBLIC_KEY_BYTES = 32;
/** Members a public JWK may carry besides kty, crv and x (RFC 7517 §4; WebCrypto adds ext and key_ops). */
const ALLOWED_MEMBERS = new Set(['kty', 'crv', 'x', 'alg', 'kid', 'use', 'key_ops', 'ext']);

function bad(message: string): never {
  throw new HttpError(400, 'BAD_DECLARATION', `"holderPublicKey" ${message}`);
}

/**
 * Checks `holderPublicKey` and returns the public key alone (`kty`, `crv`, `x`).
 *
 * @throws HttpError 400 `BAD_DECLARATION` naming what is wrong: not an object, a private key
 *   (`d`), another key type or curve, `x` not 32 bytes of base64url, an unknown member.
 */
export function parseHolderKey(value: unknown): HolderPublicJwk {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad('expected a public JWK object {"kty":"OKP","crv":"Ed25519","x":…}');
  const jwk = value as Record<string, unknown>;
  if ('d' in jwk) bad('is a private key (it has "d"): send only the public half, and never send the private key anywhere');
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') bad(`expected kty "OKP" and crv "Ed25519" (RFC 8037), got ${JSON.stringify(jwk.kty)} and ${JSON.stringify(jwk.crv)}`);
  for (const key of Object.keys(jwk)) {
    if (!ALLOWED_MEMBERS.has(key)) bad(`has an unknown member "${key}"`);
  }
  if (typeof jwk.x !== 'string' || !/^[A-Za-z0-9_-]+$/.test(jwk.x) || Buffer.from(jwk.x, 'base64url').length !== ED25519_PUBLIC_KEY_BYTES || jwk.x.length !== 43) {
    bad(`"x" expected ${ED25519_PUBLIC_KEY_BYTES} bytes of unpadded base64url (43 characters)`);
  }
  return Object.freeze({ kty: 'OKP', crv: 'Ed25519', x: jwk.x });
}
