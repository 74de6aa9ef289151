/**
 * The Ed25519 backend interface, the strict verify every caller goes through, and the default
 * backend picked once per process by feature probe. There is no global setter: a caller that
 * wants another backend passes it explicitly.
 */
import { assertBytes, bytesEqual, fromHex } from '../codec/bytes.js';
import { checkEd25519Signature, ED25519_SEED_BYTES } from './ed25519-strict.js';
import { isPublicHandleOf, type Ed25519BackendName, type Ed25519PrivateHandle, type Ed25519PublicHandle } from './handles.js';
import { createNobleBackend } from './noble.js';
import { createNodeBackend } from './node.js';
import { randomBytes } from './subtle.js';
import { createWebCryptoBackend } from './webcrypto.js';

export type { Ed25519BackendName, Ed25519PrivateHandle, Ed25519PublicHandle } from './handles.js';

/**
 * An Ed25519 implementation (RFC 8032, pure Ed25519). All backends give the same answer on
 * every input once {@link verifyEd25519}'s strict checks have run, and every key they import
 * has passed `checkEd25519PublicKey`.
 *
 * @example
 * ```ts
 * const backend = await getDefaultBackend();
 * const key = await backend.importPublicKey(raw); // once per trust-list key
 * const ok = await verifyEd25519(backend, key, message, signature);
 * ```
 */
export interface Ed25519Backend {
  readonly name: Ed25519BackendName;
  /** Imports a raw 32-byte public key; throws RangeError unless `checkEd25519PublicKey` says ok. */
  importPublicKey(raw: Uint8Array): Promise<Ed25519PublicHandle>;
  /** Raw backend verify; use {@link verifyEd25519}, which adds the strict checks. */
  verify(key: Ed25519PublicHandle, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
  /** Imports a 32-byte seed (the JWK `d`, RFC 8037 §2) for signing. */
  importPrivateKey(seed: Uint8Array): Promise<Ed25519PrivateHandle>;
  /** Signs (deterministically, RFC 8032 §5.1.6): 64 bytes R || S. */
  sign(key: Ed25519PrivateHandle, message: Uint8Array): Promise<Uint8Array>;
  /** The 32-byte public key of a seed (RFC 8032 §5.1.5). */
  publicKeyFromSeed(seed: Uint8Array): Promise<Uint8Array>;
}

const BACKEND_NAMES: readonly Ed25519BackendName[] = ['node', 'webcrypto', 'noble'];

function assertBackend(value: unknown): Ed25519Backend {
  const b = value as Partial<Ed25519Backend> | null;
  const ok =
    typeof b === 'object' &&
    b !== null &&
    BACKEND_NAMES.includes(b.name as Ed25519BackendName) &&
    typeof b.verify === 'function' &&
    typeof b.importPublicKey === 'function';
  if (!ok) throw new TypeError('"backend" expected an Ed25519Backend');
  return value as Ed25519Backend;
}

/**
 * Verifies an Ed25519 signature strictly: the form checks of `checkEd25519Signature`
 * (64 bytes, canonical non-small-order R, S < L) first, then the backend's cofactorless
 * verify. A backend that throws on the input counts as `false`.
 *
 * @throws TypeError when `backend` is not a backend, `key` is not a public handle imported by
 *   that backend, or `message`/`signature` are not Uint8Arrays.
 * @example
 * ```ts
 * const ok = await verifyEd25519(backend, key, sigStructure, signature);
 * ```
 */
export async function verifyEd25519(
  backend: Ed25519Backend,
  key: Ed25519PublicHandle,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  assertBackend(backend);
  if (!isPublicHandleOf(key, backend.name)) {
    throw new TypeError(`"key" expected an Ed25519 public key handle imported by the ${backend.name} backend`);
  }
  assertBytes(message, 'message');
  if (!checkEd25519Signature(signature)) return false;
  try {
    return (await backend.verify(key, message, signature)) === true;
  } catch {
    return false;
  }
}

/**
 * A fresh 32-byte Ed25519 seed from the platform CSPRNG (`crypto.getRandomValues`).
 *
 * @throws Error when the runtime has no `crypto.getRandomValues`.
 * @example
 * ```ts
 * const key = await backend.importPrivateKey(randomSeed());
 * ```
 */
export function randomSeed(): Uint8Array {
  return randomBytes(ED25519_SEED_BYTES);
}

/** RFC 8032 §7.1 TEST 1: seed, public key and signature of the empty message. */
const PROBE_SEED = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const PROBE_PUBLIC_KEY = fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
const PROBE_SIGNATURE = fromHex(
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
);

/**
 * A signature that only a cofactored verifier accepts: A = [a]B + T with T of order 8 (not
 * small-order, so it passes the key checks), R = [r]B, S = r + k·a mod L, and k ≢ 0 mod 8, so
 * [S]B − [k]A = R − [k]T ≠ R while [8]([S]B − R − [k]A) = 0. Built for this project; the unit
 * tests rebuild it from its scalars.
 */
const COFACTORED_ONLY = {
  publicKey: fromHex('c0b376ab6ab9de7caab25bbed6e1f778a60c7f2c74a98c0fb79a69ba17f6b1c3'),
  message: fromHex('6d697865642d6f726465722030'), // "mixed-order 0"
  signature: fromHex(
    '6d8a435437bca54704006a064635be405fec16a6ee7c7fc5be7ec451e8a3fa93c26067a0717c9ec6778c08d52fedf4efc808d0d38a585fe90920b14a20816f0c',
  ),
} as const;

/**
 * Checks that a backend works in this runtime and has the semantics the others have: it
 * imports RFC 8032 TEST 1's key and verifies its signature, reproduces that signature from the
 * seed, and rejects a signature valid only under the cofactored equation. Never throws.
 *
 * @example
 * ```ts
 * if (!(await probeBackend(myBackend))) throw new Error('unusable backend');
 * ```
 */
export async function probeBackend(backend: Ed25519Backend): Promise<boolean> {
  try {
    const key = await backend.importPublicKey(PROBE_PUBLIC_KEY);
    if ((await backend.verify(key, new Uint8Array(0), PROBE_SIGNATURE)) !== true) return false;
    const signer = await backend.importPrivateKey(PROBE_SEED);
    if (!bytesEqual(await backend.sign(signer, new Uint8Array(0)), PROBE_SIGNATURE)) return false;
    const mixed = await backend.importPublicKey(COFACTORED_ONLY.publicKey);
    return (await backend.verify(mixed, COFACTORED_ONLY.message, COFACTORED_ONLY.signature)) === false;
  } catch {
    return false;
  }
}

/**
 * The backends to try, in order. Measured on this project's machine (Node 20.20.2, OpenSSL
 * 3.0.19, 2 cores), verifyEd25519 of a 150-byte message with a cached key, median of 5 runs of
 * 20 000 verifies (min–max):
 *   node, sequential                    9 038 /s (8 742–9 268), ≈ 111 µs each
 *   webcrypto, sequential               6 050 /s (5 898–6 520), ≈ 165 µs each
 *   webcrypto, 4 in flight             11 585 /s (8 804–13 267)
 *   webcrypto, 32 in flight            13 966 /s (8 893–15 879)
 *   node, 32 in flight                  9 128 /s (synchronous: the same as sequential)
 *   noble, sequential                     ≈ 700 /s
 * Signing, sequential: node ≈ 26 000 /s, webcrypto ≈ 12 000 /s (32 in flight 23 000–42 000 /s).
 * One verify at a time (a checkpoint reading one code) is 1.5× faster on node, which skips
 * WebCrypto's promise and thread-pool hop; so node is the default where it exists. WebCrypto
 * overtakes it only with several calls in flight on a multi-core machine (libuv runs them on
 * its pool): a batch caller that keeps ≥ 4 verifies in flight can pass createWebCryptoBackend()
 * explicitly. Browsers get webcrypto; runtimes without WebCrypto Ed25519 get noble.
 */
const CANDIDATES: readonly (() => Ed25519Backend | undefined)[] = [createNodeBackend, createWebCryptoBackend, createNobleBackend];

let defaultBackend: Promise<Ed25519Backend> | undefined;

async function pickBackend(): Promise<Ed25519Backend> {
  for (const create of CANDIDATES) {
    const backend = create();
    if (backend && (await probeBackend(backend))) return backend;
  }
  throw new Error('no working Ed25519 backend: this runtime lacks node:crypto, WebCrypto Ed25519 and crypto.subtle');
}

/**
 * The runtime's default Ed25519 backend, chosen once by {@link probeBackend}: `node` where
 * `process.getBuiltinModule` gives `node:crypto`, else `webcrypto` where `crypto.subtle` has
 * Ed25519, else `noble`.
 *
 * @throws Error (as a rejection) when no backend works, i.e. the runtime has no `crypto.subtle`.
 * @example
 * ```ts
 * const backend = await getDefaultBackend();
 * console.log(backend.name); // 'node' in Node ≥ 20.16
 * ```
 */
export function getDefaultBackend(): Promise<Ed25519Backend> {
  defaultBackend ??= pickBackend();
  return defaultBackend;
}
