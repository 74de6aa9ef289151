/**
 * The key that signed each loaded status list, and the re-check of that key against the
 * trust list a verification uses. Kept apart from the token reader so that `verify` (which
 * needs only this) does not carry the reader into a browser bundle.
 */
import { bytesEqual } from '../codec/bytes.js';
import type { AlgorithmName } from '../crypto/algorithms.js';
import type { TrustEntry, TrustList } from '../trust/trust-list.js';

/** @internal The key that signed a loaded list. */
export interface StatusListSigner {
  readonly kidBytes: Uint8Array;
  readonly issuer: string;
  /** The list's `iat`, which the key's window must cover. */
  readonly issuedAt: number;
  readonly alg: AlgorithmName;
  /** Raw Ed25519 public key, for EdDSA keys. */
  readonly publicKey?: Uint8Array;
}

/** Lists loaded by `StatusList.fromSigned`, each with its signer: only those are signed lists. */
const signers = new WeakMap<object, StatusListSigner>();

/** @internal Records the signer of a list just loaded. */
export function registerSigner(list: object, signer: StatusListSigner): void {
  signers.set(list, signer);
}

/** @internal The signer of a list loaded by `StatusList.fromSigned`; undefined for any other value. */
export function signerOf(list: unknown): StatusListSigner | undefined {
  return typeof list === 'object' && list !== null ? signers.get(list) : undefined;
}

/** @internal Rule 11 for a list's key: its window covers the list's iat, and it is not revoked. */
export function keyProblem(entry: TrustEntry, issuedAt: number): string | undefined {
  const { revoked, notBefore, expiresAt, kid } = entry.info;
  if (revoked) return `key "${kid}" is revoked: lists it signed are no longer accepted`;
  if (notBefore !== undefined && issuedAt < notBefore) return `list issued at ${issuedAt}, before key "${kid}" became valid (${notBefore})`;
  if (expiresAt !== undefined && issuedAt > expiresAt) return `list issued at ${issuedAt}, after key "${kid}" retired (${expiresAt})`;
  return undefined;
}

/**
 * @internal True when `trust` still holds the key that signed a list, bound to the same
 * issuer, not revoked, its window covering the list's iat: a list whose key was revoked or
 * dropped since it was loaded is not used.
 */
export function signerTrusted(signer: StatusListSigner, trust: TrustList): boolean {
  for (const entry of trust.lookup(signer.kidBytes)) {
    if (entry.algorithm.name !== signer.alg || entry.info.issuer !== signer.issuer) continue;
    if (keyProblem(entry, signer.issuedAt)) continue;
    if (signer.publicKey && !(entry.publicKey && bytesEqual(entry.publicKey, signer.publicKey))) continue;
    return true;
  }
  return false;
}
