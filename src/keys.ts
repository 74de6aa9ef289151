/**
 * Issuer keys: generation. Reading a private JWK into a signing key lives in
 * trust/signing-key.ts, below the use cases, so status lists can sign with it too.
 */
import { assertString, toBase64Url } from './codec/bytes.js';
import { getDefaultBackend, randomSeed, type Ed25519Backend } from './crypto/backend.js';
import { kidOf } from './trust/kid.js';

export { kidOf } from './trust/kid.js';
export { signingKeyFor, loadedSigningKey, type SigningKey } from './trust/signing-key.js';

/** A public Ed25519 issuer JWK as it goes into a trust list. */
export interface IssuerPublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: 'EdDSA';
  readonly iss: string;
  readonly nbf?: number;
  readonly exp?: number;
  readonly revoked?: boolean;
}

/** A private Ed25519 issuer JWK (keep it secret: file mode 0600, never logged). */
export interface IssuerPrivateJwk extends IssuerPublicJwk {
  readonly d: string;
}

/** What {@link generateIssuerKey} returns. */
export interface IssuerKey {
  readonly privateJwk: IssuerPrivateJwk;
  readonly publicJwk: IssuerPublicJwk;
  /** kid, base64url of the first 8 bytes of the RFC 7638 thumbprint. */
  readonly kid: string;
}

/** Options of {@link generateIssuerKey}. */
export interface GenerateIssuerKeyOptions {
  /** The issuer id the key signs for, e.g. `"CN-330100"`. */
  readonly issuer: string;
  /** Key validity start (epoch seconds), written as `nbf` on the public JWK. */
  readonly notBefore?: number;
  /** Key validity end (epoch seconds), written as `exp` on the public JWK. */
  readonly expiresAt?: number;
  /** Signature backend; by default the fastest the runtime has. */
  readonly backend?: Ed25519Backend;
}


/**
 * Generates an Ed25519 issuer key from the platform CSPRNG, with its kid and issuer id.
 *
 * @throws TypeError when `issuer` is not a non-empty string.
 * @example
 * ```ts
 * const { privateJwk, publicJwk, kid } = await generateIssuerKey({ issuer: 'CN-330100' });
 * ```
 */
export async function generateIssuerKey(options: GenerateIssuerKeyOptions): Promise<IssuerKey> {
  const issuer = assertString(options?.issuer, 'issuer');
  if (issuer.length === 0) throw new TypeError('"issuer" expected a non-empty string');
  const backend = options.backend ?? (await getDefaultBackend());
  const seed = randomSeed();
  const x = toBase64Url(await backend.publicKeyFromSeed(seed));
  const kid = await kidOf(x);
  const publicJwk: IssuerPublicJwk = Object.freeze({
    kty: 'OKP',
    crv: 'Ed25519',
    x,
    kid,
    alg: 'EdDSA',
    iss: issuer,
    ...(options.notBefore !== undefined && { nbf: options.notBefore }),
    ...(options.expiresAt !== undefined && { exp: options.expiresAt }),
  });
  const privateJwk: IssuerPrivateJwk = Object.freeze({ ...publicJwk, d: toBase64Url(seed) });
  seed.fill(0);
  return Object.freeze({ privateJwk, publicJwk, kid });
}

