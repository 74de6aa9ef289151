/**
 * The signed trust list (DESIGN.md "Trust list"; layout in docs/trust.md): a JWK Set with
 * `iat`, `exp` and a monotonic `seq`, signed as an RFC 7515 compact JWS (EdDSA) by a root key
 * the verifier pins. This module reads one: it checks the JWS against the pinned roots and
 * gives back the key set and its metadata; `TrustList.fromSigned` then checks every key.
 *
 * The root signature is checked with the library's own strict Ed25519 path (the backend the
 * caller chose), not with jose's `compactVerify`: jose verifies through WebCrypto Ed25519,
 * which React Native and older browsers lack, and the strict checks give the same answer on
 * every runtime, as for codes. The JWS is produced by jose (see `sign.ts`), and the tests hold
 * the two sides to each other.
 */
import { fromBase64Url } from '../codec/bytes.js';
import { kidOf } from './kid.js';
import { HealthCodeError } from '../errors.js';
import { getDefaultBackend, verifyEd25519, type Ed25519Backend } from '../crypto/backend.js';
import { checkEd25519PublicKey, ED25519_SIGNATURE_BYTES } from '../crypto/ed25519-strict.js';
import { nowSeconds, toSeconds, type TimeInput } from '../time.js';

/** JWS `typ` of a signed trust list (RFC 7515 §4.1.9; media type `application/healthcode-trust-list+jwt`). */
export const TRUST_LIST_JWS_TYPE = 'healthcode-trust-list+jwt';
/** JWS `alg` of a signed trust list: Ed25519 (RFC 8037 §3.1). */
export const TRUST_LIST_JWS_ALG = 'EdDSA';
/** Longest signed trust list read, in characters: 10 000 keys of a few hundred bytes, base64url, with room. */
export const SIGNED_TRUST_LIST_MAX_CHARS = 16 * 1024 * 1024;
/** Most root keys one verifier may pin (a current root and the ones it is rotating to or from). */
export const ROOT_KEYS_MAX = 16;

/** Options of `TrustList.fromSigned`. All optional. */
export interface SignedTrustListOptions {
  /** The `seq` this verifier last accepted: a list with a lower `seq` is refused (`BAD_TRUST_LIST`). */
  readonly minSeq?: number;
  /** The verifier's clock, for `rejectStale` (default: now). */
  readonly now?: TimeInput;
  /**
   * Refuse a list already past its `exp` (`STALE_TRUST_LIST`) instead of loading it. Default
   * false: a stale list still loads, and `verify` reports it (rule 0), so an offline checkpoint
   * is not bricked. A sync job that has just downloaded a list should set it.
   */
  readonly rejectStale?: boolean;
  /** Skip malformed key entries and report them in `skipped`, instead of failing the load. */
  readonly skipInvalid?: boolean;
  /** Ed25519 backend for the root signature; by default the fastest the runtime has. */
  readonly backend?: Ed25519Backend;
}

/** @internal What a checked signed list holds: the key set and its metadata. */
export interface OpenedTrustList {
  readonly jwks: { readonly keys: readonly unknown[] };
  readonly meta: { readonly issuedAt: number; readonly expiresAt: number; readonly seq: number; readonly rootKid: string };
}

interface RootKey {
  readonly kid: string;
  readonly publicKey: Uint8Array;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bad(message: string): never {
  throw new HealthCodeError('BAD_TRUST_LIST', message);
}

/** Reads the pinned roots (the caller's own configuration: problems are misuse). */
async function readRoots(rootJwks: unknown): Promise<Map<string, RootKey>> {
  if (!isRecord(rootJwks) || !Array.isArray(rootJwks.keys) || rootJwks.keys.length === 0) {
    throw new TypeError('"rootJwks" expected a JWK Set with at least one root public key: { keys: [...] }');
  }
  if (rootJwks.keys.length > ROOT_KEYS_MAX) throw new RangeError(`"rootJwks" expected at most ${ROOT_KEYS_MAX} root keys, got ${rootJwks.keys.length}`);
  const roots = new Map<string, RootKey>();
  for (const [index, jwk] of rootJwks.keys.entries()) {
    const name = `rootJwks.keys[${index}]`;
    if (!isRecord(jwk)) throw new TypeError(`"${name}" expected a JWK object`);
    if ('d' in jwk) throw new TypeError(`"${name}" holds a private key ("d"): pin only the root's public key`);
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new TypeError(`"${name}" expected an OKP Ed25519 public JWK`);
    const publicKey = fromBase64Url(jwk.x);
    if (!publicKey || publicKey.length !== 32) throw new RangeError(`"${name}.x" expected a 32-byte base64url Ed25519 public key`);
    const check = checkEd25519PublicKey(publicKey);
    if (check !== 'ok') throw new RangeError(`"${name}.x" is ${check.replace(/-/g, ' ')}`);
    const kid = await kidOf(jwk.x);
    if (jwk.kid !== undefined && jwk.kid !== kid) throw new RangeError(`"${name}.kid" is not the RFC 7638 thumbprint prefix of the key (expected "${kid}")`);
    roots.set(kid, { kid, publicKey });
  }
  return roots;
}

/** Decodes a base64url JWS part holding JSON (RFC 7515 §7.1); undefined when malformed. */
function jsonPart(part: string): unknown {
  const bytes = fromBase64Url(part);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

/** Checks the protected header (RFC 7515 §4.1) and returns the root kid it names. */
function headerKid(header: unknown): string {
  if (!isRecord(header)) bad('the signed trust list\'s JWS header is not a JSON object');
  if (header.alg !== TRUST_LIST_JWS_ALG) bad(`the signed trust list's alg is ${JSON.stringify(header.alg)}, expected "${TRUST_LIST_JWS_ALG}"`);
  if (header.typ !== TRUST_LIST_JWS_TYPE) bad(`the JWS is not a trust list: typ is ${JSON.stringify(header.typ)}, expected "${TRUST_LIST_JWS_TYPE}"`);
  // RFC 7515 §4.1.11: a recipient must reject extensions it does not understand; we understand none.
  if ('crit' in header) bad('the signed trust list\'s JWS header has "crit" extensions, which are not supported');
  if (typeof header.kid !== 'string' || header.kid.length === 0) bad('the signed trust list\'s JWS header names no root key ("kid")');
  return header.kid;
}

function claimInt(payload: Record<string, unknown>, name: 'iat' | 'exp' | 'seq'): number {
  const value = payload[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) bad(`the signed trust list's "${name}" is not a non-negative integer`);
  return value;
}

/**
 * @internal Checks a compact JWS against the pinned roots and returns its key set and metadata.
 *
 * @throws HealthCodeError `BAD_TRUST_LIST`: not a compact JWS of a trust list, signed by no
 *   pinned root, signature does not verify, payload malformed, `seq` below `minSeq`.
 *   `STALE_TRUST_LIST` when `rejectStale` is set and the list is past its `exp`.
 * @throws TypeError / RangeError on misuse: `jws` not a string, bad roots or options.
 */
export async function openSignedTrustList(jws: unknown, rootJwks: unknown, options: SignedTrustListOptions = {}): Promise<OpenedTrustList> {
  if (typeof jws !== 'string') throw new TypeError(`"jws" expected the compact JWS string of a signed trust list, got ${jws === null ? 'null' : typeof jws}`);
  const { minSeq } = options;
  if (minSeq !== undefined && (!Number.isSafeInteger(minSeq) || minSeq < 0)) throw new RangeError(`"minSeq" expected a non-negative integer, got ${String(minSeq)}`);
  const now = options.now === undefined ? nowSeconds() : toSeconds(options.now, 'now');
  const roots = await readRoots(rootJwks);
  const backend = options.backend ?? (await getDefaultBackend());

  const text = jws.trim();
  if (text.length > SIGNED_TRUST_LIST_MAX_CHARS) bad(`the signed trust list is ${text.length} characters, over the limit of ${SIGNED_TRUST_LIST_MAX_CHARS}`);
  const parts = text.split('.');
  if (parts.length !== 3 || parts[0] === '' || parts[1] === '') bad('not a signed trust list: expected a compact JWS (three base64url parts separated by dots)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

  const kid = headerKid(jsonPart(headerPart));
  const root = roots.get(kid);
  if (!root) bad(`the trust list is signed by root "${kid}", which this verifier does not pin: get the root from your operator`);
  const signature = fromBase64Url(signaturePart);
  if (!signature || signature.length !== ED25519_SIGNATURE_BYTES) bad(`the signed trust list's signature is not ${ED25519_SIGNATURE_BYTES} base64url bytes`);
  const signingInput = new TextEncoder().encode(`${headerPart}.${payloadPart}`); // RFC 7515 §5.2 step 8
  let verified = false;
  try {
    verified = await verifyEd25519(backend, await backend.importPublicKey(root.publicKey), signingInput, signature);
  } catch {
    verified = false;
  }
  if (!verified) bad(`the trust list's signature by root "${kid}" does not verify: the list was altered or not signed by that root`);

  // Only signed content is read from here on.
  const payload = jsonPart(payloadPart);
  if (!isRecord(payload)) bad('the signed trust list\'s payload is not a JSON object');
  const issuedAt = claimInt(payload, 'iat');
  const expiresAt = claimInt(payload, 'exp');
  const seq = claimInt(payload, 'seq');
  if (expiresAt < issuedAt) bad('the signed trust list expires before it was issued ("exp" < "iat")');
  if (!Array.isArray(payload.keys)) bad('the signed trust list has no "keys" array');
  if (minSeq !== undefined && seq < minSeq) {
    bad(`the trust list has seq ${seq}, lower than seq ${minSeq} already accepted here: an older list replayed, keep the current one`);
  }
  if (options.rejectStale && now > expiresAt) {
    throw new HealthCodeError('STALE_TRUST_LIST', `the trust list expired at ${new Date(expiresAt * 1000).toISOString()}: the source serves an out-of-date list`);
  }
  return { jwks: { keys: payload.keys }, meta: { issuedAt, expiresAt, seq, rootKid: kid } };
}
