/** Every Ed25519 backend this runtime offers, for tests that must run on each. */
import type { Ed25519Backend } from '../../src/crypto/backend.js';
import { createNobleBackend } from '../../src/crypto/noble.js';
import { createNodeBackend } from '../../src/crypto/node.js';
import { createWebCryptoBackend } from '../../src/crypto/webcrypto.js';

export async function allBackends(): Promise<Ed25519Backend[]> {
  return [createNodeBackend(), createWebCryptoBackend(), createNobleBackend()].filter((b): b is Ed25519Backend => b !== undefined);
}
