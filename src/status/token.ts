/**
 * The Status List Token: the CWT form of the IETF Token Status List draft
 * (draft-ietf-oauth-status-list-21 §5.2; docs/status.md says where healthcode deviates),
 * signed by an issuer key from the trust list. Reading applies the credential rules of
 * DESIGN.md in their order (size, CBOR, COSE shape, alg, kid, signature, claims, key window,
 * issuer binding, times), each with its stable code, then inflates the list with a cap.
 */
import { toBase64Url, assertBytes } from '../codec/bytes.js';
import { inflateCapped } from '../codec/inflate.js';
import { HEADER_ALG, HEADER_KID, parseSign1, sigStructure } from '../cose/sign1.js';
import { getAlgorithm } from '../crypto/algorithms.js';
import { getDefaultBackend, type Ed25519Backend } from '../crypto/backend.js';
import { CWT_EXP, CWT_IAT, CWT_ISS } from '../cwt/claims.js';
import { HealthCodeError, isHealthCodeError, type ErrorCode } from '../errors.js';
import { nowSeconds, toSeconds, type TimeInput } from '../time.js';
import { checkEntrySignature } from '../trust/signature.js';
import { TrustList, type TrustEntry } from '../trust/trust-list.js';
import { keyProblem, type StatusListSigner } from './signer.js';
import { ENTRIES_PER_BYTE, STATUS_LIST_BITS, STATUS_LIST_MAX_BYTES, STATUS_LIST_MAX_ENTRIES, STATUS_LIST_MAX_TOKEN_BYTES } from './limits.js';

/** COSE header `typ` (RFC 9596 §2). */
export const HEADER_TYP = 16;
/** The token's `typ` (draft-ietf-oauth-status-list-21 §5.2). */
export const STATUS_LIST_TYP = 'application/statuslist+cwt';
/** `sub` (RFC 8392 §3.1.2): the list's URI (draft §5.2). */
export const CWT_SUB = 2;
/** `ttl` (draft §5.2): seconds a copy may be relied on before a fresh one should be fetched. */
export const CWT_TTL = 65_534;
/** `status_list` (draft §5.2): the map `{ "bits", "lst", ? "aggregation_uri" }` of §4.3. */
export const CWT_STATUS_LIST = 65_533;
/**
 * healthcode's list size claim (private use, RFC 8392 §4): the number of entries. The draft
 * has no size (a list is as long as its bytes); with it the inflate cap is exact and an index
 * in the last byte's padding is out of range. Optional on input, always written.
 */
export const CWT_STATUS_LIST_SIZE = -65_538;
/** Default clock tolerance for the list's `iat`, seconds (DESIGN.md). */
const DEFAULT_TOLERANCE = 300;

/** @internal What {@link readStatusListToken} gives back. */
export interface ReadStatusList {
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly meta: {
    readonly issuer: string;
    readonly subject: string;
    readonly issuedAt: number;
    readonly expiresAt: number;
    readonly ttl?: number;
    readonly currentUntil: number;
    readonly kid: string;
  };
  readonly signer: StatusListSigner;
}

interface ReadOptions {
  readonly now?: TimeInput;
  readonly clockTolerance?: number;
  readonly backend?: Ed25519Backend;
}

function fail(code: ErrorCode, message: string): never {
  throw new HealthCodeError(code, message);
}

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

interface TokenClaims {
  readonly issuer: string;
  readonly subject: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly ttl?: number;
  readonly lst: Uint8Array;
  readonly size?: number;
}

/** The claims of a Status List Token (draft §5.2, healthcode profile), or `BAD_CLAIMS`. */
function readClaims(payload: unknown): TokenClaims {
  const bad = (message: string): never => fail('BAD_CLAIMS', `status list: ${message}`);
  if (!(payload instanceof Map)) return bad('the payload is not a CBOR map of claims');
  const issuer = payload.get(CWT_ISS);
  if (typeof issuer !== 'string' || issuer.length === 0) bad(`claim iss (${CWT_ISS}) is missing or not text: healthcode binds a list to its issuer`);
  const subject = payload.get(CWT_SUB);
  if (typeof subject !== 'string') bad(`claim sub (${CWT_SUB}) is missing or not text`);
  const issuedAt = payload.get(CWT_IAT);
  if (!isInt(issuedAt)) bad(`claim iat (${CWT_IAT}) is missing or not an integer`);
  const expiresAt = payload.get(CWT_EXP);
  if (!isInt(expiresAt)) bad(`claim exp (${CWT_EXP}) is missing or not an integer: healthcode lists must expire`);
  if (expiresAt <= issuedAt) bad(`exp (${expiresAt}) is not after iat (${issuedAt})`);
  const ttl = payload.get(CWT_TTL);
  if (payload.has(CWT_TTL) && !(isInt(ttl) && ttl > 0)) bad(`claim ttl (${CWT_TTL}) is not a positive integer`);
  const statusList = payload.get(CWT_STATUS_LIST);
  if (!(statusList instanceof Map)) return bad(`claim status_list (${CWT_STATUS_LIST}) is missing or not a map`);
  const bits = statusList.get('bits');
  if (bits !== STATUS_LIST_BITS) bad(`"bits" is ${String(bits)}: healthcode lists have ${STATUS_LIST_BITS} bits per entry`);
  const lst = statusList.get('lst');
  if (!(lst instanceof Uint8Array)) return bad('"lst" is missing or not a byte string');
  const aggregation = statusList.get('aggregation_uri');
  if (statusList.has('aggregation_uri') && typeof aggregation !== 'string') bad('"aggregation_uri" is not text');
  const size = payload.get(CWT_STATUS_LIST_SIZE);
  if (payload.has(CWT_STATUS_LIST_SIZE)) {
    if (!(isInt(size) && size >= 1)) bad(`claim size (${CWT_STATUS_LIST_SIZE}) is not a positive integer`);
    if (size > STATUS_LIST_MAX_ENTRIES) fail('TOO_LARGE', `the status list declares ${size} entries, over the limit of ${STATUS_LIST_MAX_ENTRIES}`);
  }
  return {
    issuer,
    subject,
    issuedAt,
    expiresAt,
    ...(isInt(ttl) && { ttl }),
    lst,
    ...(isInt(size) && { size }),
  };
}

/** Inflates `lst` with a cap: the declared size's bytes, or the most a list may have. */
async function inflateList(lst: Uint8Array, declared: number | undefined): Promise<{ bytes: Uint8Array; size: number }> {
  const cap = declared !== undefined ? Math.ceil(declared / ENTRIES_PER_BYTE) : STATUS_LIST_MAX_BYTES;
  let bytes: Uint8Array;
  try {
    bytes = await inflateCapped(lst, cap);
  } catch (error) {
    if (isHealthCodeError(error) && error.code === 'TOO_LARGE') {
      const why = declared !== undefined ? `the ${cap} bytes its size claim (${declared} entries) gives` : `the limit of ${cap} bytes (${STATUS_LIST_MAX_ENTRIES} entries)`;
      throw new HealthCodeError('TOO_LARGE', `the status list inflates to more than ${why}`, { cause: error });
    }
    if (isHealthCodeError(error)) throw new HealthCodeError(error.code, `status list "lst": ${error.message}`, { cause: error });
    throw error;
  }
  if (declared !== undefined && bytes.length !== cap) {
    fail('BAD_CLAIMS', `status list: "lst" inflates to ${bytes.length} bytes, its size claim (${declared} entries) needs ${cap}`);
  }
  if (bytes.length === 0) fail('BAD_CLAIMS', 'status list: "lst" inflates to no entries');
  return { bytes, size: declared ?? bytes.length * ENTRIES_PER_BYTE };
}

/**
 * @internal Reads and checks a Status List Token against a trust list (see
 * `StatusList.fromSigned` for the order of checks and their codes).
 */
export async function readStatusListToken(token: Uint8Array, trust: TrustList, options: ReadOptions): Promise<ReadStatusList> {
  assertBytes(token, 'bytes');
  if (!(trust instanceof TrustList)) throw new TypeError('"trust" expected a TrustList (TrustList.fromJWKS or TrustList.fromSigned)');
  const now = options.now === undefined ? nowSeconds() : toSeconds(options.now, 'now');
  const tolerance = options.clockTolerance ?? DEFAULT_TOLERANCE;
  if (!Number.isSafeInteger(tolerance) || tolerance < 0) throw new RangeError(`"clockTolerance" expected a non-negative integer of seconds, got ${String(tolerance)}`);
  const backend = options.backend ?? (await getDefaultBackend());

  if (token.length > STATUS_LIST_MAX_TOKEN_BYTES) fail('TOO_LARGE', `the status list token is ${token.length} bytes, over the limit of ${STATUS_LIST_MAX_TOKEN_BYTES}`);
  const sign1 = parseSign1(token);
  const header = sign1.protectedHeader;
  const typ = header.get(HEADER_TYP);
  if (typ !== STATUS_LIST_TYP) {
    fail('BAD_COSE', `not a status list token: the protected header's typ (16) is ${typeof typ === 'string' ? JSON.stringify(typ) : header.has(HEADER_TYP) ? 'not text' : 'missing'}, expected "${STATUS_LIST_TYP}"`);
  }
  const kid = header.get(HEADER_KID);
  if (!(kid instanceof Uint8Array)) fail('BAD_COSE', header.has(HEADER_KID) ? 'kid in the protected header is not a byte string' : 'no kid in the protected header');
  const algId = header.get(HEADER_ALG);
  const algorithm = getAlgorithm(algId);
  if (!algorithm) fail('ALG_MISMATCH', algId === undefined ? 'no alg in the protected header' : `alg ${String(algId)} is not supported`);
  const candidates = trust.lookup(kid);
  if (candidates.length === 0) fail('UNKNOWN_KID', `no key with kid "${toBase64Url(kid)}" in the trust list: the list's issuer is not trusted here, or the trust list is out of date`);
  const matching = candidates.filter((c) => c.algorithm === algorithm);
  if (matching.length === 0) fail('ALG_MISMATCH', `the trust list gives kid "${toBase64Url(kid)}" alg ${candidates[0]!.algorithm.name}, the list says ${algorithm.name}`);
  if (algorithm.signatureLength !== undefined && sign1.signature.length !== algorithm.signatureLength) {
    fail('BAD_COSE', `signature is ${sign1.signature.length} bytes, ${algorithm.name} needs ${algorithm.signatureLength}`);
  }
  const message = sigStructure(sign1.protectedBytes, sign1.payloadBytes);
  const verified: TrustEntry[] = [];
  for (const entry of matching) if (await checkEntrySignature(entry, message, sign1.signature, backend)) verified.push(entry);
  if (verified.length === 0) fail('BAD_SIGNATURE', 'the status list\'s signature does not verify: it was altered or not made by this key');

  const claims = readClaims(sign1.payload);
  let firstFailure: [ErrorCode, string] | undefined;
  let signer: TrustEntry | undefined;
  for (const entry of verified) {
    const problem = keyProblem(entry, claims.issuedAt);
    if (problem) {
      firstFailure ??= ['KEY_NOT_VALID', problem];
    } else if (claims.issuer !== entry.info.issuer) {
      firstFailure ??= ['ISSUER_MISMATCH', `the list says issuer "${claims.issuer}", but key "${entry.info.kid}" signs only for "${entry.info.issuer ?? ''}"`];
    } else {
      signer = entry;
      break;
    }
  }
  if (!signer) fail(...firstFailure!);
  if (claims.issuedAt > now + tolerance) fail('NOT_YET_VALID', `the status list was issued in the future (${claims.issuedAt}): check this device's clock`);

  const { bytes, size } = await inflateList(claims.lst, claims.size);
  const currentUntil = claims.ttl !== undefined ? Math.min(claims.expiresAt, claims.issuedAt + claims.ttl) : claims.expiresAt;
  return {
    bytes,
    size,
    meta: Object.freeze({
      issuer: claims.issuer,
      subject: claims.subject,
      issuedAt: claims.issuedAt,
      expiresAt: claims.expiresAt,
      ...(claims.ttl !== undefined && { ttl: claims.ttl }),
      currentUntil,
      kid: signer.info.kid,
    }),
    signer: {
      kidBytes: signer.kidBytes,
      issuer: claims.issuer,
      issuedAt: claims.issuedAt,
      alg: signer.algorithm.name,
      ...(signer.publicKey && { publicKey: signer.publicKey }),
    },
  };
}
