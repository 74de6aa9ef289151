/**
 * The trust list: a JWK Set (RFC 7517) of issuer public keys with per-key `iss`, `nbf`,
 * `exp` and `revoked` (DESIGN.md "Trust list"). Every key is checked when the list is
 * loaded, so nothing malformed, private, non-canonical or small-order reaches a verify.
 */
import { fromBase64Url, toBase64Url, assertBytes } from '../codec/bytes.js';
import { HealthCodeError } from '../errors.js';
import { kidOf } from './kid.js';

export { KID_BYTES } from './kid.js';
import { checkEd25519PublicKey } from '../crypto/ed25519-strict.js';
import { getAlgorithmByName, type AlgorithmEntry } from '../crypto/algorithms.js';
import { openSignedTrustList, type SignedTrustListOptions } from './signed.js';
import type { CertificateInput, CertificateTrustOptions } from './certificates.js';

/** Most keys one trust list may hold. */
export const TRUST_LIST_MAX_KEYS = 10_000;

/** JWK members that only a private key has (RFC 7518 §6). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** What a trust list says about one key, as plain data. */
export interface TrustedKeyInfo {
  /** kid, base64url. */
  readonly kid: string;
  /** JOSE alg name: `EdDSA`, `ES256` or `PS256`. */
  readonly alg: string;
  /** The issuer id this key may sign for (required for HQ1 keys). */
  readonly issuer?: string;
  /** Key validity start, epoch seconds. */
  readonly notBefore?: number;
  /** Key validity end, epoch seconds. */
  readonly expiresAt?: number;
  /** True when the key is revoked: every code it signed is rejected. */
  readonly revoked: boolean;
}

/** An entry the loader skipped (only with `skipInvalid`). */
export interface SkippedKey {
  /** Position in the `keys` array (for `fromCertificates`, in the certificates array). */
  readonly index: number;
  /** The entry's kid, when it had a readable one. */
  readonly kid?: string;
  /** Why it was refused. */
  readonly reason: string;
}

/** Options of {@link TrustList.fromJWKS}. */
export interface TrustListOptions {
  /** Skip malformed entries and report them in `skipped`, instead of failing the load. */
  readonly skipInvalid?: boolean;
}

/** Metadata a signed list adds (see `TrustList.fromSigned`). */
export interface TrustListMeta {
  /** `iat` of the signed list. */
  readonly issuedAt?: number;
  /** `exp` of the signed list: past it the list is stale. */
  readonly expiresAt?: number;
  /** Monotonic sequence number of the signed list. */
  readonly seq?: number;
  /** kid of the pinned root that signed the list. */
  readonly rootKid?: string;
}

/** @internal A loaded key, with its import handles cached per backend. */
export interface TrustEntry {
  readonly info: TrustedKeyInfo;
  readonly kidBytes: Uint8Array;
  readonly algorithm: AlgorithmEntry;
  /** Raw Ed25519 public key (EdDSA only). */
  readonly publicKey?: Uint8Array;
  /** The public JWK as loaded (members other than the key itself removed). */
  readonly jwk: Readonly<Record<string, unknown>>;
  /** Imported key handles, one per backend or WebCrypto, created on first use. */
  readonly handles: Map<string, Promise<unknown>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalTime(jwk: Record<string, unknown>, member: 'nbf' | 'exp'): number | undefined {
  const value = jwk[member];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new Error(`"${member}" is not an integer of seconds`);
  return value;
}

/** Checks one JWK and turns it into an entry. Throws a plain Error whose message is the reason. */
async function loadEntry(jwk: unknown): Promise<TrustEntry> {
  if (!isRecord(jwk)) throw new Error('not a JSON object');
  for (const member of PRIVATE_MEMBERS) {
    if (member in jwk) throw new Error(`holds private key material ("${member}"): publish only public keys`);
  }
  if (typeof jwk.kid !== 'string' || jwk.kid.length === 0) throw new Error('"kid" is missing');
  const kidBytes = fromBase64Url(jwk.kid);
  if (!kidBytes || kidBytes.length === 0) throw new Error('"kid" is not base64url');
  if (typeof jwk.alg !== 'string') throw new Error('"alg" is missing');
  const algorithm = getAlgorithmByName(jwk.alg);
  if (!algorithm) throw new Error(`"alg" ${JSON.stringify(jwk.alg)} is not supported (EdDSA, ES256, PS256)`);
  if (jwk.kty !== algorithm.kty) throw new Error(`"kty" ${JSON.stringify(jwk.kty)} does not fit alg ${algorithm.name}`);
  const notBefore = optionalTime(jwk, 'nbf');
  const expiresAt = optionalTime(jwk, 'exp');
  if (notBefore !== undefined && expiresAt !== undefined && notBefore > expiresAt) throw new Error('"nbf" is after "exp"');
  if (jwk.revoked !== undefined && typeof jwk.revoked !== 'boolean') throw new Error('"revoked" is not a boolean');
  if (jwk.iss !== undefined && (typeof jwk.iss !== 'string' || jwk.iss.length === 0)) throw new Error('"iss" is not a non-empty string');

  let publicKey: Uint8Array | undefined;
  if (algorithm.name === 'EdDSA') {
    if (jwk.crv !== 'Ed25519') throw new Error(`"crv" ${JSON.stringify(jwk.crv)} is not Ed25519`);
    const x = typeof jwk.x === 'string' ? fromBase64Url(jwk.x) : undefined;
    if (!x || x.length !== 32) throw new Error('"x" is not a 32-byte base64url Ed25519 public key');
    const check = checkEd25519PublicKey(x);
    if (check !== 'ok') throw new Error(`Ed25519 public key is ${check.replace(/-/g, ' ')}`);
    if (typeof jwk.iss !== 'string') throw new Error('"iss" is missing: an HQ1 key must name the issuer it signs for');
    const expected = await kidOf(jwk.x as string);
    if (jwk.kid !== expected) throw new Error(`"kid" is not the RFC 7638 thumbprint prefix of the key (expected "${expected}")`);
    publicKey = x;
  }
  const info: TrustedKeyInfo = Object.freeze({
    kid: jwk.kid,
    alg: algorithm.name,
    ...(typeof jwk.iss === 'string' && { issuer: jwk.iss }),
    ...(notBefore !== undefined && { notBefore }),
    ...(expiresAt !== undefined && { expiresAt }),
    revoked: jwk.revoked === true,
  });
  return {
    info,
    kidBytes,
    algorithm,
    ...(publicKey && { publicKey }),
    jwk: Object.freeze({ ...jwk }),
    handles: new Map(),
  };
}

/**
 * A loaded, checked set of trusted issuer keys. Build it with {@link TrustList.fromJWKS}
 * (or the signed-list and certificate loaders), then pass it to `verify`.
 *
 * @example
 * ```ts
 * const trust = await TrustList.fromJWKS({ keys: [publicJwk] });
 * const result = await verify(text, trust);
 * ```
 */
export class TrustList {
  /** The keys, as plain data, in load order. */
  readonly keys: readonly TrustedKeyInfo[];
  /** Entries skipped by `skipInvalid`, with the reason. */
  readonly skipped: readonly SkippedKey[];
  /** `iat`, `exp` and `seq` of a signed list; empty for a plain JWK Set. */
  readonly meta: TrustListMeta;
  readonly #byKid: Map<string, TrustEntry[]>;

  private constructor(entries: TrustEntry[], skipped: SkippedKey[], meta: TrustListMeta) {
    this.keys = Object.freeze(entries.map((e) => e.info));
    this.skipped = Object.freeze(skipped);
    this.meta = Object.freeze({ ...meta });
    this.#byKid = new Map();
    for (const entry of entries) {
      const list = this.#byKid.get(entry.info.kid);
      if (list) list.push(entry);
      else this.#byKid.set(entry.info.kid, [entry]);
    }
    Object.freeze(this);
  }

  /**
   * Loads a JWK Set, checking every key (DESIGN.md "Trust list").
   *
   * @throws HealthCodeError `BAD_TRUST_LIST` naming the first bad entry (unless `skipInvalid`).
   * @example
   * ```ts
   * const trust = await TrustList.fromJWKS(JSON.parse(await (await fetch('/trust.json')).text()));
   * ```
   */
  static async fromJWKS(jwks: unknown, options: TrustListOptions = {}): Promise<TrustList> {
    return TrustList.build(jwks, options, {});
  }

  /**
   * Loads a signed trust list (a compact JWS by a pinned root; layout in docs/trust.md): checks
   * the root signature, refuses a `seq` lower than `minSeq`, then checks every key. A list past
   * its `exp` still loads (unless `rejectStale`): `verify` reports it as stale (rule 0).
   *
   * @throws HealthCodeError `BAD_TRUST_LIST` (not signed by a pinned root, altered, lower `seq`,
   *   a bad key); `STALE_TRUST_LIST` with `rejectStale` past `exp`.
   * @throws TypeError / RangeError on misuse (`jws` not a string, bad roots or options).
   * @example
   * ```ts
   * const trust = await TrustList.fromSigned(jws, pinnedRoots, { minSeq: saved.seq });
   * saved.seq = trust.meta.seq;
   * ```
   */
  static async fromSigned(jws: string, rootJwks: unknown, options: SignedTrustListOptions = {}): Promise<TrustList> {
    const { jwks, meta } = await openSignedTrustList(jws, rootJwks, options);
    return TrustList.build(jwks, options, meta);
  }

  /**
   * Loads EU DCC signer certificates (X.509) as keys for the `HC1:` profile: kid =
   * SHA-256(DER)[0..8], ES256 for P-256 keys and PS256 for RSA, the subject's `C=` (or
   * `issuer`) as the issuer, the validity as the key window.
   *
   * @throws HealthCodeError `BAD_TRUST_LIST` naming the first unusable certificate (unless `skipInvalid`).
   * @throws TypeError on misuse (not an array of `{ certificate, issuer? }`).
   * @example
   * ```ts
   * const trust = await TrustList.fromCertificates([{ certificate: base64Der, issuer: 'AT' }]);
   * ```
   */
  static async fromCertificates(certificates: readonly CertificateInput[], options: CertificateTrustOptions = {}): Promise<TrustList> {
    if (!Array.isArray(certificates)) throw new TypeError('"certificates" expected an array of { certificate, issuer? }');
    if (certificates.length > TRUST_LIST_MAX_KEYS) {
      throw new HealthCodeError('BAD_TRUST_LIST', `${certificates.length} certificates, over the limit of ${TRUST_LIST_MAX_KEYS} keys`);
    }
    // Loaded on first use: X.509 parsing (jose) stays out of a code-split HQ1-only bundle.
    const { jwksFromCertificates } = await import('./certificates.js');
    const { keys, problems } = await jwksFromCertificates(certificates, options);
    const first = problems[0];
    if (first && !options.skipInvalid) {
      throw new HealthCodeError('BAD_TRUST_LIST', `certificates[${first.index}]: ${first.reason}`, { cause: first.cause });
    }
    const skipped = problems.map(({ index, reason }) => Object.freeze({ index, reason }));
    return TrustList.build({ keys }, {}, {}, skipped);
  }

  /** @internal Shared by the plain, signed and certificate loaders. */
  static async build(jwks: unknown, options: TrustListOptions, meta: TrustListMeta, preSkipped: readonly SkippedKey[] = []): Promise<TrustList> {
    if (!isRecord(jwks) || !Array.isArray(jwks.keys)) {
      throw new HealthCodeError('BAD_TRUST_LIST', 'trust list is not a JWK Set: expected an object with a "keys" array');
    }
    if (jwks.keys.length > TRUST_LIST_MAX_KEYS) {
      throw new HealthCodeError('BAD_TRUST_LIST', `trust list has ${jwks.keys.length} keys, over the limit of ${TRUST_LIST_MAX_KEYS}`);
    }
    const entries: TrustEntry[] = [];
    const skipped: SkippedKey[] = [...preSkipped];
    for (let index = 0; index < jwks.keys.length; index++) {
      const jwk: unknown = jwks.keys[index];
      try {
        entries.push(await loadEntry(jwk));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const kid = isRecord(jwk) && typeof jwk.kid === 'string' ? jwk.kid : undefined;
        if (!options.skipInvalid) {
          throw new HealthCodeError('BAD_TRUST_LIST', `trust list entry keys[${index}]${kid ? ` (kid "${kid}")` : ''}: ${reason}`, { cause: error });
        }
        skipped.push(Object.freeze({ index, ...(kid !== undefined && { kid }), reason }));
      }
    }
    return new TrustList(entries, skipped, meta);
  }

  /** @internal Entries whose kid has exactly these bytes (kids of another length match nothing). */
  lookup(kid: Uint8Array): readonly TrustEntry[] {
    assertBytes(kid, 'kid');
    return this.#byKid.get(toBase64Url(kid)) ?? [];
  }
}
