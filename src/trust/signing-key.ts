/**
 * Reading an issuer's private JWK into a signing key, once per JWK object and backend: the
 * checks (OKP Ed25519, a 32-byte `d`, an `x` and a `kid` that match it) and the import are paid
 * once, so bulk issuance and status-list signing sign at the backend's rate.
 */
import { bytesEqual, fromBase64Url, toBase64Url } from '../codec/bytes.js';
import { getDefaultBackend, type Ed25519Backend } from '../crypto/backend.js';
import { kidOf } from './kid.js';

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
