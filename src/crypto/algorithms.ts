/**
 * The one registry of signature algorithm facts: COSE alg id ↔ name ↔ JWK key type ↔
 * WebCrypto parameters ↔ signature length, with the key import and verify each needs. Callers
 * resolve an entry (from a COSE header or a JWK `alg`) and hand it back; they never switch on ids.
 */
import { assertBytes, describe, fromBase64Url } from '../codec/bytes.js';
import { getDefaultBackend, verifyEd25519, type Ed25519Backend, type Ed25519PublicHandle } from './backend.js';
import { assertEd25519PublicKey, ED25519_PUBLIC_KEY_BYTES, ED25519_SIGNATURE_BYTES } from './ed25519-strict.js';
import { verifiesOnThisThread } from './node.js';
import { loadNodeCrypto, type NodeCrypto, type NodeKeyObject, type NodeVerifyKey } from './node-crypto.js';
import { bufferSource, requireSubtle } from './subtle.js';

/** COSE alg EdDSA (RFC 9053 §2.2); with an OKP Ed25519 key it is pure Ed25519 (RFC 8032). */
export const COSE_ALG_EDDSA = -8;
/** COSE alg ES256: ECDSA with SHA-256 on P-256 (RFC 9053 §2.1). */
export const COSE_ALG_ES256 = -7;
/** COSE alg PS256: RSASSA-PSS with SHA-256 and MGF1 with SHA-256 (RFC 8230 §2). */
export const COSE_ALG_PS256 = -37;

/** ES256 signature bytes: r || s, each the 32-byte P-256 scalar size (RFC 9053 §2.1). */
export const ES256_SIGNATURE_BYTES = 64;
/** PS256 salt length in bytes: the SHA-256 output length (RFC 8230 §2). */
export const PS256_SALT_BYTES = 32;
/** Smallest RSA modulus accepted for PS256: "a key of size 2048 bits or larger MUST be used" (RFC 8230 §2). */
export const PS256_MIN_MODULUS_BITS = 2048;

/** The JOSE/COSE names of the supported algorithms. */
export type AlgorithmName = 'EdDSA' | 'ES256' | 'PS256';

/** The facts of one signature algorithm. Entries are frozen and compared by identity. */
export interface AlgorithmEntry {
  /** JOSE / COSE name (RFC 7518 §3.1, RFC 8037 §3.1, RFC 9053). */
  readonly name: AlgorithmName;
  /** COSE `alg` header value (IANA COSE Algorithms). */
  readonly coseAlg: number;
  /** JWK `kty` of the keys it uses: OKP (RFC 8037 §2), EC (RFC 7518 §6.2), RSA (RFC 7518 §6.3). */
  readonly kty: 'OKP' | 'EC' | 'RSA';
  /** JWK `crv`, for OKP and EC keys. */
  readonly crv: 'Ed25519' | 'P-256' | undefined;
  /** Signature bytes, or undefined when it is the RSA modulus length (see {@link VerifyKey}). */
  readonly signatureLength: number | undefined;
  /** True for algorithms this library only verifies (the EU DCC profile): HQ1 signs with EdDSA only. */
  readonly verifyOnly: boolean;
  /** Where the algorithm is defined. */
  readonly spec: string;
}

/** A public key imported for one algorithm, ready for {@link verifySignature}. */
export interface VerifyKey {
  readonly alg: AlgorithmName;
  /** The signature length this key's signatures must have, in bytes. */
  readonly signatureLength: number;
}

/** Options of {@link importVerifyKey}. */
export interface ImportVerifyKeyOptions {
  /**
   * Ed25519 backend for EdDSA keys; by default {@link getDefaultBackend}. It also picks the
   * engine of ES256 and PS256 keys: the `node` backend verifies them with `node:crypto`
   * (synchronous, no thread-pool round trip), the others, and a `node` backend made for calls
   * in flight, with WebCrypto (on the pool).
   */
  readonly backend?: Ed25519Backend;
}

type Jwk = Readonly<Record<string, unknown>>;

/** How one algorithm imports a public JWK and verifies: the registry's private half. */
interface Scheme {
  importKey(jwk: Jwk, options: ImportVerifyKeyOptions | undefined): Promise<{ native: unknown; signatureLength: number }>;
  verify(native: unknown, message: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>;
}

/** Reads a base64url JWK member of an exact byte length. */
function jwkBytes(jwk: Jwk, member: string, length?: number): Uint8Array {
  const value = jwk[member];
  if (typeof value !== 'string') throw new TypeError(`"jwk.${member}" expected a base64url string, got ${describe(value)}`);
  const bytes = fromBase64Url(value);
  if (!bytes) throw new TypeError(`"jwk.${member}" expected a base64url string`);
  if (length !== undefined && bytes.length !== length) {
    throw new RangeError(`"jwk.${member}" expected ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/** An ES256 or PS256 key: a Node KeyObject with its verify parameters, or a WebCrypto key. */
type EcRsaNative = { readonly node: NodeCrypto; readonly key: NodeVerifyKey } | { readonly web: CryptoKey };

/** `node:crypto` when the key is for a `node` backend that verifies on this thread (the default in Node), else undefined. */
async function nodeCryptoFor(options: ImportVerifyKeyOptions | undefined): Promise<NodeCrypto | undefined> {
  const backend = options?.backend ?? (await getDefaultBackend());
  return verifiesOnThisThread(backend) ? loadNodeCrypto() : undefined;
}

/** The import of a clean public JWK (only the key members; no alg, use or key_ops). */
async function importPublicJwk(
  jwk: JsonWebKey,
  algorithm: EcKeyImportParams | RsaHashedImportParams,
  what: string,
  node: NodeCrypto | undefined,
): Promise<NodeKeyObject | CryptoKey> {
  try {
    if (node) return node.createPublicKey({ key: jwk, format: 'jwk' });
    return await requireSubtle().importKey('jwk', jwk, algorithm, false, ['verify']);
  } catch (cause) {
    throw new RangeError(`"jwk" is not a valid ${what} public key`, { cause });
  }
}

/** Verifies with an {@link EcRsaNative}: `node:crypto` in this call, or WebCrypto. */
function verifyEcRsa(
  native: EcRsaNative,
  params: EcdsaParams | RsaPssParams,
  digest: string,
  message: Uint8Array,
  signature: Uint8Array,
): boolean | Promise<boolean> {
  if ('node' in native) return native.node.verify(digest, message, native.key, signature);
  return requireSubtle().verify(params, native.web, bufferSource(signature), bufferSource(message));
}

interface EdDsaNative {
  readonly backend: Ed25519Backend;
  readonly key: Ed25519PublicHandle;
}

const EDDSA_SCHEME: Scheme = {
  async importKey(jwk, options) {
    const raw = assertEd25519PublicKey(jwkBytes(jwk, 'x', ED25519_PUBLIC_KEY_BYTES), 'jwk.x');
    const backend = options?.backend ?? (await getDefaultBackend());
    const native: EdDsaNative = { backend, key: await backend.importPublicKey(raw) };
    return { native, signatureLength: ED25519_SIGNATURE_BYTES };
  },
  verify(native, message, signature) {
    const { backend, key } = native as EdDsaNative;
    return verifyEd25519(backend, key, message, signature);
  },
};

const ES256_PARAMS = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

const ES256_SCHEME: Scheme = {
  async importKey(jwk, options) {
    // RFC 7518 §6.2.1.2/3: x and y are the full 32-byte coordinates, leading zeros kept.
    jwkBytes(jwk, 'x', 32);
    jwkBytes(jwk, 'y', 32);
    const clean: JsonWebKey = { kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string };
    const node = await nodeCryptoFor(options);
    const key = await importPublicJwk(clean, ES256_PARAMS, 'P-256', node);
    const native: EcRsaNative = node ? { node, key: { key: key as NodeKeyObject, dsaEncoding: 'ieee-p1363' } } : { web: key as CryptoKey };
    return { native, signatureLength: ES256_SIGNATURE_BYTES };
  },
  verify(native, message, signature) {
    return verifyEcRsa(native as EcRsaNative, ES256_PARAMS, 'sha256', message, signature);
  },
};

const PS256_PARAMS = { name: 'RSA-PSS', hash: 'SHA-256', saltLength: PS256_SALT_BYTES } as const;

const PS256_SCHEME: Scheme = {
  async importKey(jwk, options) {
    jwkBytes(jwk, 'n');
    jwkBytes(jwk, 'e');
    const clean: JsonWebKey = { kty: 'RSA', n: jwk.n as string, e: jwk.e as string };
    const node = await nodeCryptoFor(options);
    const key = await importPublicJwk(clean, PS256_PARAMS, 'RSA', node);
    const bits = node ? (key as NodeKeyObject).asymmetricKeyDetails?.modulusLength : ((key as CryptoKey).algorithm as RsaHashedKeyAlgorithm).modulusLength;
    if (!(bits !== undefined && bits >= PS256_MIN_MODULUS_BITS)) {
      throw new RangeError(`"jwk.n" expected a modulus of at least ${PS256_MIN_MODULUS_BITS} bits, got ${bits}`);
    }
    // RSASSA-PSS with SHA-256, MGF1 with SHA-256 (OpenSSL's default MGF1 digest is the
    // signature's) and a salt of exactly 32 bytes.
    const native: EcRsaNative = node
      ? { node, key: { key: key as NodeKeyObject, padding: node.constants.RSA_PKCS1_PSS_PADDING, saltLength: PS256_SALT_BYTES } }
      : { web: key as CryptoKey };
    // RFC 8017 §8.1.2: the signature is k octets, k the modulus length in octets.
    return { native, signatureLength: Math.ceil(bits / 8) };
  },
  verify(native, message, signature) {
    return verifyEcRsa(native as EcRsaNative, PS256_PARAMS, 'sha256', message, signature);
  },
};

function entry(fields: AlgorithmEntry): AlgorithmEntry {
  return Object.freeze(fields);
}

const EDDSA = entry({
  name: 'EdDSA',
  coseAlg: COSE_ALG_EDDSA,
  kty: 'OKP',
  crv: 'Ed25519',
  signatureLength: ED25519_SIGNATURE_BYTES,
  verifyOnly: false,
  spec: 'RFC 9053 §2.2, RFC 8032, RFC 8037',
});
const ES256 = entry({
  name: 'ES256',
  coseAlg: COSE_ALG_ES256,
  kty: 'EC',
  crv: 'P-256',
  signatureLength: ES256_SIGNATURE_BYTES,
  verifyOnly: true,
  spec: 'RFC 9053 §2.1, RFC 7518 §6.2',
});
const PS256 = entry({
  name: 'PS256',
  coseAlg: COSE_ALG_PS256,
  kty: 'RSA',
  crv: undefined,
  signatureLength: undefined,
  verifyOnly: true,
  spec: 'RFC 8230 §2, RFC 7518 §6.3',
});

const SCHEMES = new Map<AlgorithmEntry, Scheme>([
  [EDDSA, EDDSA_SCHEME],
  [ES256, ES256_SCHEME],
  [PS256, PS256_SCHEME],
]);

/** Every supported algorithm, in preference order. */
export const ALGORITHMS: readonly AlgorithmEntry[] = Object.freeze([EDDSA, ES256, PS256]);

const VERIFY_NATIVES = new WeakMap<VerifyKey, unknown>();

/**
 * The entry for a COSE `alg` header value, or undefined when it is not supported (any other
 * value or type, e.g. the text form of a private-use alg).
 *
 * @example
 * ```ts
 * const entry = getAlgorithm(protectedHeader.get(1));
 * if (!entry) return fail('ALG_MISMATCH');
 * ```
 */
export function getAlgorithm(coseAlg: unknown): AlgorithmEntry | undefined {
  for (const entry of ALGORITHMS) if (entry.coseAlg === coseAlg) return entry;
  return undefined;
}

/**
 * The entry for a JOSE/COSE algorithm name such as a JWK's `alg`, or undefined when unsupported.
 *
 * @example
 * ```ts
 * const entry = getAlgorithmByName(jwk.alg); // 'EdDSA' | 'ES256' | 'PS256'
 * ```
 */
export function getAlgorithmByName(name: AlgorithmName): AlgorithmEntry;
export function getAlgorithmByName(name: unknown): AlgorithmEntry | undefined;
export function getAlgorithmByName(name: unknown): AlgorithmEntry | undefined {
  return ALGORITHMS.find((e) => e.name === name);
}

function schemeOf(entry: unknown): Scheme {
  const scheme = SCHEMES.get(entry as AlgorithmEntry);
  if (!scheme) throw new TypeError('"entry" expected an AlgorithmEntry from getAlgorithm or getAlgorithmByName');
  return scheme;
}

/** Private-key members of OKP, EC and RSA JWKs (RFC 8037 §2, RFC 7518 §6.2.2, §6.3.2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/**
 * Imports a public JWK for `entry`'s algorithm: EdDSA through an Ed25519 backend (strict key
 * checks first), ES256 and PS256 through `node:crypto` for the `node` backend (the default in
 * Node) and WebCrypto otherwise (the same OpenSSL checks in Node). Only the key members are used; a present
 * `alg` must name the same algorithm.
 *
 * @throws TypeError when `entry` is not a registry entry, `jwk` is not an object, holds private
 *   members, or a key member is not base64url. RangeError when `kty`/`crv`/`alg` do not fit the
 *   algorithm, a member has the wrong length, the key is invalid (not on the curve, small-order,
 *   rejected by WebCrypto) or an RSA modulus is under 2048 bits.
 * @example
 * ```ts
 * const key = await importVerifyKey(getAlgorithmByName('ES256'), trustListJwk);
 * ```
 */
export async function importVerifyKey(entry: AlgorithmEntry, jwk: unknown, options?: ImportVerifyKeyOptions): Promise<VerifyKey> {
  const scheme = schemeOf(entry);
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw new TypeError(`"jwk" expected an object, got ${describe(jwk)}`);
  const key = jwk as Jwk;
  for (const member of PRIVATE_MEMBERS) {
    if (member in key) throw new TypeError(`"jwk" holds private key material ("${member}"): pass a public key`);
  }
  if (key.kty !== entry.kty) throw new RangeError(`"jwk.kty" expected "${entry.kty}" for ${entry.name}, got ${JSON.stringify(key.kty)}`);
  if (entry.crv !== undefined && key.crv !== entry.crv) {
    throw new RangeError(`"jwk.crv" expected "${entry.crv}" for ${entry.name}, got ${JSON.stringify(key.crv)}`);
  }
  if (key.alg !== undefined && key.alg !== entry.name) {
    throw new RangeError(`"jwk.alg" expected "${entry.name}", got ${JSON.stringify(key.alg)}`);
  }
  const { native, signatureLength } = await scheme.importKey(key, options);
  const handle: VerifyKey = Object.freeze({ alg: entry.name, signatureLength });
  VERIFY_NATIVES.set(handle, native);
  return handle;
}

/**
 * Verifies a signature with a key from {@link importVerifyKey}. Never throws on untrusted
 * input: a signature of the wrong length for the key, or one WebCrypto or the backend throws on,
 * is `false`. EdDSA goes through `verifyEd25519` (strict RFC 8032).
 *
 * @throws TypeError when `entry` is not a registry entry, `key` is not a key imported for that
 *   entry, or `message`/`signature` are not Uint8Arrays.
 * @example
 * ```ts
 * const ok = await verifySignature(entry, key, sigStructure, signature);
 * ```
 */
export async function verifySignature(
  entry: AlgorithmEntry,
  key: VerifyKey,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  return verifySignatureNow(entry, key, message, signature);
}

/** `true` only for `true` (a rejection's reason is never `true`, so it reads as false). */
function isTrue(answer: unknown): boolean {
  return answer === true;
}

/**
 * @internal {@link verifySignature}, answered synchronously when the engine does (node:crypto
 * keys), else as a promise that never rejects. Misuse throws synchronously.
 */
export function verifySignatureNow(entry: AlgorithmEntry, key: VerifyKey, message: Uint8Array, signature: Uint8Array): boolean | Promise<boolean> {
  const scheme = schemeOf(entry);
  if (!VERIFY_NATIVES.has(key) || key.alg !== entry.name) {
    throw new TypeError(`"key" expected a key imported by importVerifyKey for ${entry.name}`);
  }
  assertBytes(message, 'message');
  assertBytes(signature, 'signature');
  if (signature.length !== key.signatureLength) return false;
  try {
    const answer = scheme.verify(VERIFY_NATIVES.get(key), message, signature);
    return answer instanceof Promise ? answer.then(isTrue, isTrue) : answer === true;
  } catch {
    return false;
  }
}
