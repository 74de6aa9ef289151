/**
 * Property tests (fast-check, fixed seed): on random keys, messages and mutated signatures,
 * the three Ed25519 backends give one answer, and it is libsodium's.
 */
import { Point } from '@noble/ed25519';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual, concatBytes, toHex } from '../../src/codec/bytes.js';
import { verifyEd25519, type Ed25519Backend } from '../../src/crypto/backend.js';
import { checkEd25519PublicKey, checkEd25519Signature } from '../../src/crypto/ed25519-strict.js';
import { bufferSource } from '../../src/crypto/subtle.js';
import { allBackends, L, littleEndian, scalarBytes, sodiumVerify, torsionPoints } from '../unit/crypto/helpers.js';

const SEED = 0x6865616c; // "heal"
const backends = allBackends();
const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 });
const messageArb = fc.uint8Array({ maxLength: 300 });

/** Each backend's strict answer, keyed by name; a refused key answers false. */
async function answers(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const backend of backends) {
    const key = checkEd25519PublicKey(publicKey) === 'ok' ? await backend.importPublicKey(publicKey) : undefined;
    out[backend.name] = key !== undefined && (await verifyEd25519(backend, key, message, signature));
  }
  return out;
}

const all = (value: boolean) => ({ node: value, webcrypto: value, noble: value });

async function signOn(backend: Ed25519Backend, seed: Uint8Array, message: Uint8Array) {
  return backend.sign(await backend.importPrivateKey(seed), message);
}

/** Ways to damage a signature; some (S + L, a non-canonical R) only a lax verifier would take. */
const mutationArb = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), bit: fc.nat({ max: 511 }) }),
  fc.record({ kind: fc.constant('byte' as const), index: fc.nat({ max: 63 }), value: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('s-plus-l' as const) }),
  fc.record({ kind: fc.constant('random-s' as const), s: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
  fc.record({ kind: fc.constant('random-r' as const), r: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
  fc.record({ kind: fc.constant('torsion-r' as const), t: fc.integer({ min: 1, max: 7 }) }),
  fc.record({ kind: fc.constant('resize' as const), length: fc.nat({ max: 80 }) }),
);

type MutationValue = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

function mutate(signature: Uint8Array, m: MutationValue): Uint8Array {
  const out = signature.slice();
  switch (m.kind) {
    case 'flip':
      out[m.bit >> 3]! ^= 1 << (m.bit & 7);
      return out;
    case 'byte':
      out[m.index] = m.value;
      return out;
    case 's-plus-l': {
      const s = littleEndian(signature.subarray(32)) + L;
      return s < 2n ** 256n ? concatBytes(signature.subarray(0, 32), scalarBytes(s)) : out;
    }
    case 'random-s':
      out.set(m.s, 32);
      return out;
    case 'random-r':
      out.set(m.r, 0);
      return out;
    case 'torsion-r': {
      const R = Point.fromBytes(signature.subarray(0, 32)).add(torsionPoints()[m.t]!);
      out.set(R.toBytes(), 0);
      return out;
    }
    case 'resize': {
      const resized = new Uint8Array(m.length);
      resized.set(signature.subarray(0, Math.min(m.length, 64)));
      return resized;
    }
  }
}

describe('Ed25519 backends agree (property)', () => {
  it('derive the same key and the same signature from a random seed, and each verifies it', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, messageArb, async (seed, message) => {
        const signatures = await Promise.all(backends.map((b) => signOn(b, seed, message)));
        const publicKeys = await Promise.all(backends.map((b) => b.publicKeyFromSeed(seed)));
        expect(new Set(signatures.map(toHex)).size).toBe(1);
        expect(new Set(publicKeys.map(toHex)).size).toBe(1);
        expect(await answers(publicKeys[0]!, message, signatures[0]!)).toEqual(all(true));
        expect(sodiumVerify(publicKeys[0]!, message, signatures[0]!)).toBe(true);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('give one answer on a mutated signature: libsodium\'s, and false unless nothing changed', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, messageArb, mutationArb, async (seed, message, mutation) => {
        const signer = backends[0]!;
        const signature = await signOn(signer, seed, message);
        const publicKey = await signer.publicKeyFromSeed(seed);
        const mutated = mutate(signature, mutation);
        const unchanged = bytesEqual(mutated, signature);
        expect(await answers(publicKey, message, mutated)).toEqual(all(unchanged));
        expect(sodiumVerify(publicKey, message, mutated)).toBe(unchanged);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('give one answer on a mutated message', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, messageArb, messageArb, async (seed, message, other) => {
        const signer = backends[1]!;
        const signature = await signOn(signer, seed, message);
        const publicKey = await signer.publicKeyFromSeed(seed);
        const same = bytesEqual(message, other);
        expect(await answers(publicKey, other, signature)).toEqual(all(same));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('give one answer on arbitrary key and signature bytes, and refuse what the key check refuses', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        messageArb,
        async (publicKey, signature, message) => {
          const result = await answers(publicKey, message, signature);
          expect(result).toEqual(all(false));
          if (checkEd25519PublicKey(publicKey) !== 'ok') {
            for (const b of backends) await expect(b.importPublicKey(publicKey)).rejects.toThrow(RangeError);
          }
          expect(sodiumVerify(publicKey, message, signature)).toBe(false);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('give the cofactorless answer when the key carries a random torsion component', async () => {
    const torsion = torsionPoints();
    const seen = { valid: 0, invalid: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: L - 1n }),
        fc.bigInt({ min: 1n, max: L - 1n }),
        fc.integer({ min: 1, max: 7 }),
        messageArb,
        async (a, r, t, message) => {
          // Sign "by hand" under A = [a]B + T: S = r + k·a; valid cofactorless iff [k]T = 0.
          const A = Point.BASE.multiply(a).add(torsion[t]!);
          const publicKey = A.toBytes();
          const R = Point.BASE.multiply(r).toBytes();
          const digest = new Uint8Array(await crypto.subtle.digest('SHA-512', bufferSource(concatBytes(R, publicKey, message))));
          const k = littleEndian(digest) % L;
          const signature = concatBytes(R, scalarBytes((r + k * a) % L));
          expect(checkEd25519Signature(signature)).toBe(true);
          const cofactorless = torsion[t]!.multiply(k, false).is0();
          expect(await answers(publicKey, message, signature)).toEqual(all(cofactorless));
          expect(sodiumVerify(publicKey, message, signature)).toBe(cofactorless);
          seen[cofactorless ? 'valid' : 'invalid']++;
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
    // Both outcomes occur (k ≡ 0 modulo the order of T, or not), so the property is not vacuous.
    expect(seen.valid).toBeGreaterThan(0);
    expect(seen.invalid).toBeGreaterThan(0);
  });
});
