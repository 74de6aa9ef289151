import * as ed from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../../../src/codec/bytes.js';
import {
  getDefaultBackend,
  probeBackend,
  randomSeed,
  verifyEd25519,
  type Ed25519Backend,
} from '../../../src/crypto/backend.js';
import { createNobleBackend } from '../../../src/crypto/noble.js';
import { RFC8032 } from './backend-contract.js';
import { allBackends, craftedVectors, L, scalarBytes } from './helpers.js';

/** A noble backend whose verify is swapped, to test what wraps it. */
function withVerify(verify: Ed25519Backend['verify']): Ed25519Backend {
  return Object.freeze({ ...createNobleBackend(), verify });
}

describe('getDefaultBackend', () => {
  it('picks node in Node (process.getBuiltinModule exists), once', async () => {
    const first = getDefaultBackend();
    const again = getDefaultBackend();
    expect(again).toBe(first);
    const backend = await first;
    expect(backend.name).toBe('node');
    expect(await getDefaultBackend()).toBe(backend);
  });
});

describe('probeBackend', () => {
  it('passes every real backend', async () => {
    for (const backend of allBackends()) expect(await probeBackend(backend), backend.name).toBe(true);
  });

  it('fails a cofactored verifier (it would accept what the others refuse)', async () => {
    const cofactored = withVerify(async (key, message, signature) =>
      ed.verifyAsync(signature, message, key.publicKey, { zip215: false }),
    );
    expect(await probeBackend(cofactored)).toBe(false);
  });

  it('fails a backend that cannot verify, cannot sign right, or throws', async () => {
    expect(await probeBackend(withVerify(async () => false))).toBe(false);
    expect(await probeBackend(withVerify(async () => true))).toBe(false);
    const badSigner = Object.freeze({ ...createNobleBackend(), sign: async () => new Uint8Array(64) });
    expect(await probeBackend(badSigner)).toBe(false);
    const throwing = withVerify(async () => {
      throw new Error('no Ed25519 here');
    });
    expect(await probeBackend(throwing)).toBe(false);
  });
});

describe('verifyEd25519', () => {
  const v = RFC8032[0]!;

  it('runs the strict checks before the backend, which never sees a malformed signature', async () => {
    const calls: Uint8Array[] = [];
    const spy = withVerify(async (_key, _message, signature) => {
      calls.push(signature);
      return true;
    });
    const key = await spy.importPublicKey(v.publicKey);
    const r = v.signature.subarray(0, 32);
    const rejected = [
      concatBytes(r, scalarBytes(L)),
      concatBytes(r, scalarBytes(L + 1n)),
      concatBytes(new Uint8Array(32), scalarBytes(1n)), // small-order R
      v.signature.subarray(0, 63),
      concatBytes(v.signature, new Uint8Array(1)),
    ];
    for (const sig of rejected) expect(await verifyEd25519(spy, key, v.message, sig)).toBe(false);
    expect(calls).toEqual([]);
    expect(await verifyEd25519(spy, key, v.message, v.signature)).toBe(true);
    expect(calls.length).toBe(1);
  });

  it('turns a backend throw into false', async () => {
    const throwing = withVerify(async () => {
      throw new Error('engine failure');
    });
    const key = await throwing.importPublicKey(v.publicKey);
    expect(await verifyEd25519(throwing, key, v.message, v.signature)).toBe(false);
  });

  it('counts only a literal true as valid', async () => {
    const truthy = withVerify(async () => 1 as unknown as boolean);
    const key = await truthy.importPublicKey(v.publicKey);
    expect(await verifyEd25519(truthy, key, v.message, v.signature)).toBe(false);
  });

  it('throws TypeError on misuse, naming the field', async () => {
    const [node, webcrypto] = allBackends();
    const key = await node!.importPublicKey(v.publicKey);
    await expect(verifyEd25519(webcrypto!, key, v.message, v.signature)).rejects.toThrow(
      new TypeError('"key" expected an Ed25519 public key handle imported by the webcrypto backend'),
    );
    await expect(verifyEd25519(node!, key, 'hello' as never, v.signature)).rejects.toThrow(
      new TypeError('"message" expected Uint8Array, got string'),
    );
    await expect(verifyEd25519(node!, key, v.message, null as never)).rejects.toThrow(
      new TypeError('"signature" expected Uint8Array, got null'),
    );
    await expect(verifyEd25519({} as never, key, v.message, v.signature)).rejects.toThrow(
      new TypeError('"backend" expected an Ed25519Backend'),
    );
  });
});

describe('all backends agree', () => {
  it('sign deterministically: the same seed and message give the same signature on all three', async () => {
    const backends = allBackends();
    for (let i = 0; i < 8; i++) {
      const seed = new Uint8Array(32).map((_, j) => (i * 31 + j * 17) & 0xff);
      const message = new Uint8Array(i * 37).map((_, j) => (j * 13 + i) & 0xff);
      const signatures = new Set<string>();
      const publicKeys = new Set<string>();
      for (const b of backends) {
        const signer = await b.importPrivateKey(seed);
        publicKeys.add(toHex(signer.publicKey));
        publicKeys.add(toHex(await b.publicKeyFromSeed(seed)));
        signatures.add(toHex(await b.sign(signer, message)));
      }
      expect(signatures.size).toBe(1);
      expect(publicKeys.size).toBe(1);
    }
  });

  it('verify each other\'s signatures', async () => {
    const backends = allBackends();
    const seed = randomSeed();
    const message = new TextEncoder().encode('cross-backend');
    for (const signer of backends) {
      const signature = await signer.sign(await signer.importPrivateKey(seed), message);
      for (const verifier of backends) {
        const key = await verifier.importPublicKey(await signer.publicKeyFromSeed(seed));
        expect(await verifyEd25519(verifier, key, message, signature), `${signer.name} → ${verifier.name}`).toBe(true);
      }
    }
  });

  it('give the same answer on every crafted torsion vector', async () => {
    for (const v of craftedVectors()) {
      const answers = new Set<boolean>();
      for (const b of allBackends()) answers.add(await verifyEd25519(b, await b.importPublicKey(v.publicKey), v.message, v.signature));
      expect([...answers], v.label).toEqual([v.cofactorless]);
    }
  });
});

describe('randomSeed', () => {
  it('gives 32 fresh bytes each call', () => {
    const a = randomSeed();
    const b = randomSeed();
    expect(a.length).toBe(32);
    expect(a.constructor).toBe(Uint8Array);
    expect(toHex(a)).not.toBe(toHex(b));
  });
});
