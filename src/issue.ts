/**
 * Issuing HQ1 codes (DESIGN.md "Wire format v1"): claims -> deterministic CBOR -> COSE_Sign1
 * signed with Ed25519 -> Base45 -> `HQ1:` text.
 */
import { encodeBase45 } from './codec/base45.js';
import { assertBytes, describe as describeValue } from './codec/bytes.js';
import { fromBase64Url } from './codec/bytes.js';
import { encodeSign1, sigStructure } from './cose/sign1.js';
import { HQ1_PREFIX, SUBJECT_REF_MAX_BYTES } from './credential/hq1.js';
import { STATUSES, type HealthClaims, type Status } from './credential/model.js';
import { checkEd25519PublicKey } from './crypto/ed25519-strict.js';
import type { Ed25519Backend } from './crypto/backend.js';
import { loadedSigningKey, signingKeyFor, type SigningKey } from './keys.js';
import { encodeClaims, encodeProtectedHeader } from './issue-encode.js';
import { nowSeconds, toSeconds, type TimeInput } from './time.js';
import { MAX_TEXT_LENGTH } from './limits.js';

/** What goes into a code. */
export interface IssueInput {
  /** The colour. */
  readonly status: Status;
  /** Expiry (`exp`). */
  readonly expiresAt: TimeInput;
  /** Issued at (`iat`); default now. Pass it for reproducible codes. */
  readonly issuedAt?: TimeInput;
  /** Not before (`nbf`), optional. */
  readonly notBefore?: TimeInput;
  /** Issuer id (`iss`); default the private JWK's `iss`. */
  readonly issuer?: string;
  /** Display name, already masked (e.g. `"张*"`): the library never masks for you. */
  readonly name?: string;
  /** Id hint, e.g. the last 4 characters of an id number. */
  readonly idHint?: string;
  /** Pseudonymous subject reference, at most 32 bytes. */
  readonly subjectRef?: Uint8Array;
  /** Index into the issuer's status list. */
  readonly statusIndex?: number;
  /** The holder's public Ed25519 JWK (`{ kty: 'OKP', crv: 'Ed25519', x }`): makes a dynamic code. */
  readonly holderKey?: { readonly kty?: string; readonly crv?: string; readonly x?: string };
}

/** Options of {@link issue}. */
export interface IssueOptions {
  /** Signature backend; by default the fastest the runtime has. */
  readonly backend?: Ed25519Backend;
}

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new TypeError(`"${name}" expected string, got ${describeValue(value)}`);
  return value;
}

/** Checks the caller's input and turns it into claims (misuse throws, naming the field). */
export function claimsFromInput(input: IssueInput, defaultIssuer: string | undefined): HealthClaims {
  if (typeof input !== 'object' || input === null) throw new TypeError('"input" expected an object');
  if (!STATUSES.includes(input.status)) {
    throw new TypeError(`"status" expected 'green' | 'yellow' | 'red', got ${JSON.stringify(input.status)}`);
  }
  const issuer = optionalText(input.issuer, 'issuer') ?? defaultIssuer;
  if (!issuer) throw new TypeError('"issuer" is required: pass it, or use a private JWK with "iss"');
  if (input.expiresAt === undefined) throw new TypeError('"expiresAt" is required');
  const expiresAt = toSeconds(input.expiresAt, 'expiresAt');
  const issuedAt = input.issuedAt === undefined ? nowSeconds() : toSeconds(input.issuedAt, 'issuedAt');
  const notBefore = input.notBefore === undefined ? undefined : toSeconds(input.notBefore, 'notBefore');
  if (expiresAt <= issuedAt) throw new RangeError(`"expiresAt" (${expiresAt}) must be after "issuedAt" (${issuedAt})`);
  if (notBefore !== undefined && notBefore > expiresAt) throw new RangeError('"notBefore" must not be after "expiresAt"');
  const name = optionalText(input.name, 'name');
  const idHint = optionalText(input.idHint, 'idHint');
  if (input.subjectRef !== undefined) {
    assertBytes(input.subjectRef, 'subjectRef');
    if (input.subjectRef.length > SUBJECT_REF_MAX_BYTES) {
      throw new RangeError(`"subjectRef" expected at most ${SUBJECT_REF_MAX_BYTES} bytes, got ${input.subjectRef.length}`);
    }
  }
  if (input.statusIndex !== undefined && !(Number.isSafeInteger(input.statusIndex) && input.statusIndex >= 0)) {
    throw new TypeError(`"statusIndex" expected an unsigned integer, got ${String(input.statusIndex)}`);
  }
  let holderKey: Uint8Array | undefined;
  if (input.holderKey !== undefined) {
    const jwk = input.holderKey;
    if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
      throw new TypeError('"holderKey" expected a public OKP Ed25519 JWK');
    }
    if ('d' in jwk) throw new TypeError('"holderKey" must be the public JWK: it holds a private key ("d")');
    holderKey = fromBase64Url(jwk.x);
    if (!holderKey || holderKey.length !== 32) throw new TypeError('"holderKey.x" expected 32 bytes of base64url');
    const check = checkEd25519PublicKey(holderKey);
    if (check !== 'ok') throw new TypeError(`"holderKey" is not a usable Ed25519 public key (${check})`);
  }
  return {
    issuer,
    issuedAt,
    expiresAt,
    ...(notBefore !== undefined && { notBefore }),
    status: input.status,
    ...(name !== undefined && { name }),
    ...(idHint !== undefined && { idHint }),
    ...(input.subjectRef !== undefined && { subjectRef: input.subjectRef }),
    ...(input.statusIndex !== undefined && { statusIndex: input.statusIndex }),
    ...(holderKey !== undefined && { holderKey }),
  };
}

/** Protected header bytes per signing key: the same for every code the key signs. */
const protectedHeaders = new WeakMap<SigningKey, Uint8Array>();

function protectedHeaderOf(key: SigningKey): Uint8Array {
  let bytes = protectedHeaders.get(key);
  if (!bytes) protectedHeaders.set(key, (bytes = encodeProtectedHeader(key.kidBytes)));
  return bytes;
}

/** @internal Signs claims into HQ1 COSE_Sign1 bytes with a loaded key. */
export async function signClaims(claims: HealthClaims, key: SigningKey): Promise<Uint8Array> {
  const protectedBytes = protectedHeaderOf(key);
  const payloadBytes = encodeClaims(claims);
  const signature = await key.backend.sign(key.handle as never, sigStructure(protectedBytes, payloadBytes));
  return encodeSign1(protectedBytes, payloadBytes, signature);
}

/** @internal The `HQ1:` text of signed COSE bytes; misuse when it is over the verifier's limit. */
export function textOf(cose: Uint8Array): string {
  const text = HQ1_PREFIX + encodeBase45(cose);
  if (text.length > MAX_TEXT_LENGTH) {
    throw new RangeError(`the code would be ${text.length} characters, over the ${MAX_TEXT_LENGTH} a verifier accepts: shorten name or id hint`);
  }
  return text;
}

/**
 * Issues an HQ1 code: deterministic, so the same key and claims always give the same text.
 *
 * @throws TypeError / RangeError naming the field on misuse (bad status, times, key).
 * @example
 * ```ts
 * const text = await issue({ status: 'green', issuedAt: 1767225600, expiresAt: 1767312000 }, privateJwk);
 * ```
 */
export async function issue(input: IssueInput, privateJwk: unknown, options: IssueOptions = {}): Promise<string> {
  const key = loadedSigningKey(privateJwk, options.backend) ?? (await signingKeyFor(privateJwk, options.backend));
  return textOf(await signClaims(claimsFromInput(input, key.issuer), key));
}
