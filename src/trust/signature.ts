/**
 * Checking a signature with a trust-list key: the key is imported once per backend and the
 * handle reused, so a verify pays for the signature check and nothing else.
 */
import type { Ed25519Backend } from '../crypto/backend.js';
import { verifyEd25519 } from '../crypto/backend.js';
import { importVerifyKey, verifySignatureNow } from '../crypto/algorithms.js';
import { verifiesOnThisThread } from '../crypto/node.js';
import type { TrustEntry } from './trust-list.js';

/**
 * Handles whose import has finished, by the promise that made them: a verify then uses the
 * handle directly instead of awaiting a settled promise (one microtask hop fewer per verify).
 */
const settled = new WeakMap<Promise<unknown>, unknown>();

/**
 * The entry's key imported for `slot` (a backend's name, or an ES256/PS256 engine), imported
 * on first use and cached on the entry; once the import has finished, the handle itself
 * rather than its promise. Nothing is allocated on the cached path.
 */
function handleFor(entry: TrustEntry, slot: string, backend: Ed25519Backend): unknown {
  let pending = entry.handles.get(slot);
  if (!pending) {
    const made = entry.publicKey ? backend.importPublicKey(entry.publicKey) : importVerifyKey(entry.algorithm, entry.jwk as never, { backend });
    pending = made;
    entry.handles.set(slot, made);
    made.then(
      (value) => settled.set(made, value),
      // A failed import is not cached: the next verify tries again.
      () => entry.handles.delete(slot),
    );
  }
  // Handles are objects, never undefined: undefined means "not settled yet".
  return settled.get(pending) ?? pending;
}

/**
 * @internal True when `signature` over `message` verifies with the entry's key: synchronously
 * when the key's import has finished and its engine answers at once (ES256/PS256 through
 * node:crypto), else as a promise. Never throws or rejects for a bad signature or key: a
 * backend error means "does not verify".
 */
export function checkEntrySignature(entry: TrustEntry, message: Uint8Array, signature: Uint8Array, backend: Ed25519Backend): boolean | Promise<boolean> {
  // EdDSA keys go through the strict Ed25519 path of `backend`; ES256/PS256 through
  // node:crypto where the backend verifies on this thread, WebCrypto otherwise (one key each).
  const slot = entry.publicKey ? backend.name : verifiesOnThisThread(backend) ? 'node-verify' : 'webcrypto-verify';
  try {
    const handle = handleFor(entry, slot, backend);
    if (handle instanceof Promise) return handle.then((key) => verifyWith(entry, key, message, signature, backend)).catch(no);
    return verifyWith(entry, handle, message, signature, backend);
  } catch {
    return false;
  }
}

function verifyWith(entry: TrustEntry, key: unknown, message: Uint8Array, signature: Uint8Array, backend: Ed25519Backend): boolean | Promise<boolean> {
  return entry.publicKey ? verifyEd25519(backend, key as never, message, signature).catch(no) : verifySignatureNow(entry.algorithm, key as never, message, signature);
}

/** A check that failed (a backend error, a rejected import) says no. */
function no(): boolean {
  return false;
}
