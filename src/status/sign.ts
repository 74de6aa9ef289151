/**
 * Signing a status list into a Status List Token (draft-ietf-oauth-status-list-21 §5.2, with
 * healthcode's profile: docs/status.md): the packed entries, zlib-compressed into `lst`, in a
 * tagged COSE_Sign1 by the issuer's Ed25519 key.
 */
import { CborTag } from '../codec/cbor.js';
import { encodeCbor } from '../codec/cbor-encode.js';
import { deflateRuns } from '../codec/deflate.js';
import { COSE_SIGN1_TAG, HEADER_ALG, HEADER_KID, sigStructure } from '../cose/sign1.js';
import { COSE_ALG_EDDSA } from '../crypto/algorithms.js';
import type { Ed25519Backend } from '../crypto/backend.js';
import { CWT_EXP, CWT_IAT, CWT_ISS } from '../cwt/claims.js';
import { nowSeconds, toSeconds, type TimeInput } from '../time.js';
import { STATUS_LIST_BITS, STATUS_LIST_MAX_TOKEN_BYTES } from './limits.js';
import { signingKeyFor } from '../trust/signing-key.js';
import { StatusList } from './status-list.js';
import { CWT_STATUS_LIST, CWT_STATUS_LIST_SIZE, CWT_SUB, CWT_TTL, HEADER_TYP, STATUS_LIST_TYP } from './token.js';

/** Options of {@link signStatusList}. `expiresAt` is required. */
export interface SignStatusListOptions {
  /** `exp`: after it no verifier uses the list. Required: a status list must expire. */
  readonly expiresAt: TimeInput;
  /** `iat`, the time of the snapshot the list shows (default now). Pass it for reproducible tokens. */
  readonly issuedAt?: TimeInput;
  /** `ttl`, seconds: verifiers stop using the list at `iat + ttl` when that is before `exp`. */
  readonly ttl?: number;
  /** `sub`, the URI the list is published at (default `urn:healthcode:status-list:<issuer>`). */
  readonly subject?: string;
  /** `iss` (default the private JWK's `iss`). */
  readonly issuer?: string;
  /**
   * Turns the packed bytes into a zlib stream (RFC 1950). Default: `deflateRuns`, built for
   * sparse lists and the same in every runtime; Node callers may pass zlib at another level.
   */
  readonly compress?: (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;
  /** Signature backend; by default the fastest the runtime has. */
  readonly backend?: Ed25519Backend;
}

/** True when the two bytes are a zlib header for deflate without a preset dictionary (RFC 1950 §2.2). */
function isZlibHeader(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && (bytes[0]! & 0x0f) === 8 && bytes[0]! >> 4 <= 7 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0 && (bytes[1]! & 0x20) === 0;
}

/**
 * Signs a status list as a Status List Token (CWT, COSE_Sign1 with tag 18) with an issuer's
 * private key: what a verifier loads with `StatusList.fromSigned`.
 *
 * @throws TypeError / RangeError naming the field on misuse: not a StatusList, a bad key,
 *   missing or inverted times, a `ttl` that is not a positive integer, a `compress` that does
 *   not return a zlib stream, a token over `STATUS_LIST_MAX_TOKEN_BYTES`.
 * @example
 * ```ts
 * const token = await signStatusList(list, privateJwk, { issuedAt: now, expiresAt: now + 2 * 86_400, ttl: 86_400 });
 * ```
 */
export async function signStatusList(list: StatusList, issuerPrivateJwk: unknown, options: SignStatusListOptions): Promise<Uint8Array> {
  if (!(list instanceof StatusList)) throw new TypeError('"list" expected a StatusList');
  if (typeof options !== 'object' || options === null) throw new TypeError('"options" expected an object with "expiresAt"');
  if (options.expiresAt === undefined) throw new TypeError('"expiresAt" is required: a status list must expire');
  const expiresAt = toSeconds(options.expiresAt, 'expiresAt');
  const issuedAt = options.issuedAt === undefined ? nowSeconds() : toSeconds(options.issuedAt, 'issuedAt');
  if (expiresAt <= issuedAt) throw new RangeError(`"expiresAt" (${expiresAt}) must be after "issuedAt" (${issuedAt})`);
  const { ttl } = options;
  if (ttl !== undefined && !(Number.isSafeInteger(ttl) && ttl > 0)) throw new RangeError(`"ttl" expected a positive integer of seconds, got ${String(ttl)}`);
  if (options.subject !== undefined && typeof options.subject !== 'string') throw new TypeError('"subject" expected a string (a URI)');
  if (options.issuer !== undefined && (typeof options.issuer !== 'string' || options.issuer.length === 0)) throw new TypeError('"issuer" expected a non-empty string');
  if (options.compress !== undefined && typeof options.compress !== 'function') throw new TypeError('"compress" expected a function');

  // The snapshot is taken now, before any await: later changes to the list are not in it.
  const raw = list.toBytes();
  const key = await signingKeyFor(issuerPrivateJwk, options.backend);
  const issuer = options.issuer ?? key.issuer;
  if (!issuer) throw new TypeError('"issuer" is required: pass it, or use a private JWK with "iss"');
  const subject = options.subject ?? `urn:healthcode:status-list:${encodeURIComponent(issuer)}`;

  const lst = await (options.compress ?? deflateRuns)(raw);
  if (!(lst instanceof Uint8Array) || !isZlibHeader(lst)) throw new TypeError('"compress" must return a zlib stream (RFC 1950) as a Uint8Array');

  const claims = new Map<number, unknown>([
    [CWT_ISS, issuer],
    [CWT_SUB, subject],
    [CWT_IAT, issuedAt],
    [CWT_EXP, expiresAt],
    [CWT_STATUS_LIST, new Map<string, unknown>([['bits', STATUS_LIST_BITS], ['lst', lst]])],
    [CWT_STATUS_LIST_SIZE, list.size],
  ]);
  if (ttl !== undefined) claims.set(CWT_TTL, ttl);
  const protectedBytes = encodeCbor(
    new Map<number, unknown>([
      [HEADER_ALG, COSE_ALG_EDDSA],
      [HEADER_KID, key.kidBytes],
      [HEADER_TYP, STATUS_LIST_TYP],
    ]),
  );
  const payloadBytes = encodeCbor(claims);
  const signature = await key.backend.sign(key.handle as never, sigStructure(protectedBytes, payloadBytes));
  const token = encodeCbor(new CborTag(COSE_SIGN1_TAG, [protectedBytes, new Map(), payloadBytes, signature]));
  if (token.length > STATUS_LIST_MAX_TOKEN_BYTES) {
    throw new RangeError(`the status list token would be ${token.length} bytes, over the ${STATUS_LIST_MAX_TOKEN_BYTES} a verifier accepts`);
  }
  return token;
}
