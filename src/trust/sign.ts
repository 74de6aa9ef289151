/**
 * Signing a trust list for distribution (DESIGN.md "Trust list"; layout in docs/trust.md):
 * the issuer-side half of `signed.ts`. The list is checked exactly as a verifier will load
 * it before it is signed, so a bad entry fails here, at the operator, and never bricks a
 * checkpoint. jose writes the JWS (STYLE.md: no hand-written JOSE).
 */
import { CompactSign, importJWK } from 'jose';
import { bytesEqual, fromBase64Url } from '../codec/bytes.js';
import { kidOf } from './kid.js';
import { getDefaultBackend } from '../crypto/backend.js';
import { nowSeconds, toSeconds, type TimeInput } from '../time.js';
import { TRUST_LIST_JWS_ALG, TRUST_LIST_JWS_TYPE } from './signed.js';
import { TrustList } from './trust-list.js';

/** Options of {@link signTrustList}. */
export interface SignTrustListOptions {
  /** Sequence number: higher than every list this root signed before (verifiers never go back). */
  readonly seq: number;
  /** When verifiers start reporting the list as stale: the next sync must come before it. */
  readonly expiresAt: TimeInput;
  /** Signing time written as `iat` (default: now). Verifiers raise their clock floor to it. */
  readonly issuedAt?: TimeInput;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Signs a JWK Set of issuer keys with a root key as a compact JWS (EdDSA), carrying `iat`,
 * `exp` and `seq`, for `TrustList.fromSigned` on the verifiers.
 *
 * @throws HealthCodeError `BAD_TRUST_LIST` naming the first key a verifier would refuse.
 * @throws TypeError / RangeError on misuse: `rootPrivateJwk` not a private Ed25519 JWK (or
 *   its `kid` not its thumbprint prefix), `seq` not a non-negative integer, `expiresAt` not
 *   after `issuedAt`.
 * @example
 * ```ts
 * const jws = await signTrustList({ keys: [zhejiang.publicJwk, beijing.publicJwk] }, root.privateJwk,
 *   { seq: 42, expiresAt: new Date(Date.now() + 7 * 86_400_000) });
 * ```
 */
export async function signTrustList(jwks: unknown, rootPrivateJwk: unknown, options: SignTrustListOptions): Promise<string> {
  if (!isRecord(options)) throw new TypeError('"options" expected { seq, expiresAt }');
  const { seq } = options;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`"seq" expected a non-negative integer, got ${String(seq)}`);
  const issuedAt = options.issuedAt === undefined ? nowSeconds() : toSeconds(options.issuedAt, 'issuedAt');
  const expiresAt = toSeconds(options.expiresAt, 'expiresAt');
  if (expiresAt <= issuedAt) throw new RangeError(`"expiresAt" (${expiresAt}) expected after "issuedAt" (${issuedAt})`);

  if (!isRecord(rootPrivateJwk) || rootPrivateJwk.kty !== 'OKP' || rootPrivateJwk.crv !== 'Ed25519' || typeof rootPrivateJwk.x !== 'string') {
    throw new TypeError('"rootPrivateJwk" expected an OKP Ed25519 JWK');
  }
  if (typeof rootPrivateJwk.d !== 'string') throw new TypeError('"rootPrivateJwk.d" is missing: signing needs the root\'s private key');
  const seed = fromBase64Url(rootPrivateJwk.d);
  if (!seed || seed.length !== 32) throw new RangeError('"rootPrivateJwk.d" expected a 32-byte base64url Ed25519 private key');
  const derived = await (await getDefaultBackend()).publicKeyFromSeed(seed);
  seed.fill(0);
  const x = fromBase64Url(rootPrivateJwk.x);
  if (!x || !bytesEqual(x, derived)) throw new RangeError('"rootPrivateJwk.x" does not match its private key "d"');
  const kid = await kidOf(rootPrivateJwk.x);
  if (rootPrivateJwk.kid !== undefined && rootPrivateJwk.kid !== kid) {
    throw new RangeError(`"rootPrivateJwk.kid" is not the RFC 7638 thumbprint prefix of the key (expected "${kid}")`);
  }

  // The verifier's own checks; throws BAD_TRUST_LIST naming the entry.
  const checked = await TrustList.fromJWKS(jwks);
  const keys = (jwks as { keys: unknown[] }).keys;
  if (checked.keys.length !== keys.length) throw new Error('unreachable: a strict load kept every key');

  let key: CryptoKey | Uint8Array;
  try {
    key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: rootPrivateJwk.x, d: rootPrivateJwk.d }, TRUST_LIST_JWS_ALG);
  } catch (cause) {
    throw new RangeError('"rootPrivateJwk" is not a valid Ed25519 private key', { cause });
  }
  const payload = new TextEncoder().encode(JSON.stringify({ iat: issuedAt, exp: expiresAt, seq, keys }));
  return new CompactSign(payload).setProtectedHeader({ alg: TRUST_LIST_JWS_ALG, typ: TRUST_LIST_JWS_TYPE, kid }).sign(key);
}
