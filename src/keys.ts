/**
 * Issuer keys: generation, and reading a private JWK into a signing key (with its kid).
 */
import { calculateJwkThumbprint } from 'jose';
import { assertString, bytesEqual, fromBase64Url, toBase64Url } from './codec/bytes.js';
import { getDefaultBackend, randomSeed, type Ed25519Backend } from './crypto/backend.js';
import { KID_BYTES } from './trust/trust-list.js';

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
 * The kid of an Ed25519 public key: base64url of the first 8 bytes of its RFC 7638 thumbprint.
 *
 * @throws TypeError when `x` is not a base64url string.
 * @example
 * ```ts
 * const kid = await kidOf(publicJwk.x);
 * ```
 */
export async function kidOf(x: string): Promise<string> {
  assertString(x, 'x');
  const thumbprint = fromBase64Url(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }, 'sha256'));
  if (!thumbprint) throw new TypeError('"x" expected base64url');
  return toBase64Url(thumbprint.subarray(0, KID_BYTES));
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

/** A private key made ready to sign: checked once, cached per JWK object and backend. */
export interface SigningKey {
  readonly kid: string;
  readonly kidBytes: Uint8Array;
  readonly issuer?: string;
  readonly backend: Ed25519Backend;
  readonly handle: unknown;
}

const signingKeys = new WeakMap<object, Map<Ed25519Backend, Promise<SigningKey>>>();

async function loadSigningKey(jwk: Record<string, unknown>, backend: Ed25519Backend): Promise<SigningKey> {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') throw new TypeError('"privateJwk" expected an OKP Ed25519 JWK');
  const seed = typeof jwk.d === 'string' ? fromBase64Url(jwk.d) : undefined;
  if (!seed || seed.length !== 32) throw new TypeError('"privateJwk.d" expected a 32-byte base64url private key');
  const derived = await backend.publicKeyFromSeed(seed);
  if (typeof jwk.x === 'string') {
    const x = fromBase64Url(jwk.x);
    if (!x || !bytesEqual(x, derived)) throw new TypeError('"privateJwk.x" does not match its private key "d"');
  }
  const kid = await kidOf(toBase64Url(derived));
  if (jwk.kid !== undefined && jwk.kid !== kid) {
    throw new TypeError(`"privateJwk.kid" is not the RFC 7638 thumbprint prefix of the key (expected "${kid}")`);
  }
  if (jwk.iss !== undefined && typeof jwk.iss !== 'string') throw new TypeError('"privateJwk.iss" expected a string');
  const handle = await backend.importPrivateKey(seed);
  seed.fill(0);
  return Object.freeze({
    kid,
    kidBytes: fromBase64Url(kid)!,
    ...(typeof jwk.iss === 'string' && { issuer: jwk.iss }),
    backend,
    handle,
  });
}

/**
 * The default backend once `getDefaultBackend()` has resolved (a memo of backend.ts's
 * process-wide pick), and the keys whose load has finished: so that issuing with a key already
 * read takes no await before the signature.
 */
let resolvedDefaultBackend: Ed25519Backend | undefined;
const loadedKeys = new WeakMap<Promise<SigningKey>, SigningKey>();

/**
 * @internal Reads a private JWK once per object and backend (so bulk issuance pays the key
 * checks and the import once).
 */
export async function signingKeyFor(privateJwk: unknown, backend?: Ed25519Backend): Promise<SigningKey> {
  if (typeof privateJwk !== 'object' || privateJwk === null) throw new TypeError('"privateJwk" expected a JWK object');
  const chosen = backend ?? resolvedDefaultBackend ?? (resolvedDefaultBackend = await getDefaultBackend());
  let perBackend = signingKeys.get(privateJwk);
  if (!perBackend) signingKeys.set(privateJwk, (perBackend = new Map()));
  let pending = perBackend.get(chosen);
  if (!pending) {
    const loading = loadSigningKey(privateJwk as Record<string, unknown>, chosen);
    pending = loading;
    perBackend.set(chosen, loading);
    loading.then(
      (key) => loadedKeys.set(loading, key),
      () => perBackend!.delete(chosen),
    );
  }
  return pending;
}

/**
 * @internal The signing key of a JWK that {@link signingKeyFor} has already read for this
 * backend, or undefined (then call `signingKeyFor`).
 */
export function loadedSigningKey(privateJwk: unknown, backend?: Ed25519Backend): SigningKey | undefined {
  if (typeof privateJwk !== 'object' || privateJwk === null) return undefined;
  const chosen = backend ?? resolvedDefaultBackend;
  const pending = chosen && signingKeys.get(privateJwk)?.get(chosen);
  return pending ? loadedKeys.get(pending) : undefined;
}
