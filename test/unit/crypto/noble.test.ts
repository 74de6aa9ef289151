import * as ed from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { verifyEd25519 } from '../../../src/crypto/backend.js';
import { createNobleBackend } from '../../../src/crypto/noble.js';
import { describeBackendContract, RFC8032 } from './backend-contract.js';
import { craftedVectors } from './helpers.js';

describeBackendContract('noble', () => createNobleBackend());

describe('noble backend: why it does not call noble.verifyAsync', () => {
  const backend = createNobleBackend();

  it('noble.verifyAsync({ zip215: false }) is cofactored: it accepts what OpenSSL and libsodium refuse', async () => {
    const differing = craftedVectors().filter((v) => v.cofactored && !v.cofactorless);
    expect(differing.length).toBeGreaterThanOrEqual(5);
    for (const v of differing) {
      expect(await ed.verifyAsync(v.signature, v.message, v.publicKey, { zip215: false }), v.label).toBe(true);
      const key = await backend.importPublicKey(v.publicKey);
      expect(await verifyEd25519(backend, key, v.message, v.signature), v.label).toBe(false);
    }
  });

  it('accepts the mixed-order vector whose k ≡ 0 (mod 8), where both equations agree', async () => {
    const both = craftedVectors().filter((v) => v.cofactored && v.cofactorless);
    expect(both.length).toBeGreaterThanOrEqual(1);
    for (const v of both) {
      expect(v.k % 8n).toBe(0n);
      const key = await backend.importPublicKey(v.publicKey);
      expect(await verifyEd25519(backend, key, v.message, v.signature)).toBe(true);
    }
  });

  it('never sets noble\'s global hash slots', async () => {
    const v = RFC8032[1]!;
    await backend.sign(await backend.importPrivateKey(v.seed), v.message);
    expect(ed.hashes.sha512).toBeUndefined();
  });
});
