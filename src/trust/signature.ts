/**
 * Checking a signature with a trust-list key: the key is imported once per backend and the
 * handle reused, so a verify pays for the signature check and nothing else.
 */
import type { Ed25519Backend } from '../crypto/backend.js';
import { verifyEd25519 } from '../crypto/backend.js';
import { importVerifyKey, verifySignature } from '../crypto/algorithms.js';
import type { TrustEntry } from './trust-list.js';

function cachedHandle(entry: TrustEntry, slot: string, make: () => Promise<unknown>): Promise<unknown> {
  let handle = entry.handles.get(slot);
  if (!handle) {
    handle = make();
    entry.handles.set(slot, handle);
    // A failed import is not cached: the next verify tries again.
    handle.catch(() => entry.handles.delete(slot));
  }
  return handle;
}

/**
 * @internal True when `signature` over `message` verifies with the entry's key. EdDSA goes
 * through the strict Ed25519 path of `backend`; ES256/PS256 through WebCrypto. Never throws
 * for a bad signature or key: a backend error means "does not verify".
 */
export async function verifyEntrySignature(
  entry: TrustEntry,
  message: Uint8Array,
  signature: Uint8Array,
  backend: Ed25519Backend,
): Promise<boolean> {
  try {
    if (entry.publicKey) {
      const publicKey = entry.publicKey;
      const handle = await cachedHandle(entry, backend.name, () => backend.importPublicKey(publicKey));
      return await verifyEd25519(backend, handle as never, message, signature);
    }
    const handle = await cachedHandle(entry, 'webcrypto-verify', () => importVerifyKey(entry.algorithm, entry.jwk as never));
    return await verifySignature(entry.algorithm, handle as never, message, signature);
  } catch {
    return false;
  }
}
