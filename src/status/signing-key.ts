/**
 * Reading an issuer's private JWK for signing a status list. keys.ts does the same for codes,
 * but it is a use case (layer 5) and status/ sits below it (STYLE.md "Layout"), so the few
 * checks are repeated here: OKP Ed25519, a 32-byte `d`, `x` and `kid` that match it.
 */
import { calculateJwkThumbprint } from 'jose';
import { bytesEqual, fromBase64Url, toBase64Url } from '../codec/bytes.js';
import { getDefaultBackend, type Ed25519Backend } from '../crypto/backend.js';
import { KID_BYTES } from '../trust/trust-list.js';

/** @internal A private key ready to sign, with its kid and the issuer its JWK names. */
export interface StatusSigningKey {
  readonly kidBytes: Uint8Array;
  readonly issuer?: string;
  readonly backend: Ed25519Backend;
  readonly handle: unknown;
}

/**
 * @internal Checks a private Ed25519 JWK and imports it.
 *
 * @throws TypeError naming the member when the JWK is not a usable private Ed25519 key.
 */
export async function statusSigningKey(privateJwk: unknown, backend?: Ed25519Backend): Promise<StatusSigningKey> {
  if (typeof privateJwk !== 'object' || privateJwk === null) throw new TypeError('"privateJwk" expected a JWK object');
  const jwk = privateJwk as Record<string, unknown>;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') throw new TypeError('"privateJwk" expected an OKP Ed25519 JWK');
  const seed = typeof jwk.d === 'string' ? fromBase64Url(jwk.d) : undefined;
  if (!seed || seed.length !== 32) throw new TypeError('"privateJwk.d" expected a 32-byte base64url private key');
  if (jwk.iss !== undefined && typeof jwk.iss !== 'string') throw new TypeError('"privateJwk.iss" expected a string');
  const chosen = backend ?? (await getDefaultBackend());
  const publicKey = await chosen.publicKeyFromSeed(seed);
  if (typeof jwk.x === 'string') {
    const x = fromBase64Url(jwk.x);
    if (!x || !bytesEqual(x, publicKey)) throw new TypeError('"privateJwk.x" does not match its private key "d"');
  }
  const thumbprint = fromBase64Url(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: toBase64Url(publicKey) }, 'sha256'))!;
  const kidBytes = thumbprint.subarray(0, KID_BYTES);
  if (jwk.kid !== undefined && jwk.kid !== toBase64Url(kidBytes)) {
    throw new TypeError(`"privateJwk.kid" is not the RFC 7638 thumbprint prefix of the key (expected "${toBase64Url(kidBytes)}")`);
  }
  const handle = await chosen.importPrivateKey(seed);
  seed.fill(0);
  return { kidBytes, ...(typeof jwk.iss === 'string' && { issuer: jwk.iss }), backend: chosen, handle };
}
