/**
 * The behaviour every Ed25519 backend must have, run by node.test.ts, webcrypto.test.ts and
 * noble.test.ts on their own backend.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/codec/bytes.js';
import { verifyEd25519, type Ed25519Backend } from '../../../src/crypto/backend.js';
import { allBackends, craftedVectors, sodiumVerify, torsionPoints } from './helpers.js';

/** RFC 8032 §7.1 TEST 1–3 (the full set runs in test/conformance/ed25519.test.ts). */
export const RFC8032 = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
].map((v) => ({
  seed: fromHex(v.seed),
  publicKey: fromHex(v.publicKey),
  message: fromHex(v.message),
  signature: fromHex(v.signature),
}));

function otherBackend(backend: Ed25519Backend): Ed25519Backend {
  return allBackends().find((b) => b.name !== backend.name)!;
}

/** Declares the shared contract suite for one backend. */
export function describeBackendContract(expectedName: Ed25519Backend['name'], create: () => Ed25519Backend): void {
  describe(`${expectedName} backend contract`, () => {
    const backend = create();

    it('has its name and is frozen', () => {
      expect(backend.name).toBe(expectedName);
      expect(Object.isFrozen(backend)).toBe(true);
    });

    it('derives, signs and verifies RFC 8032 TEST 1–3 byte for byte', async () => {
      for (const v of RFC8032) {
        expect(toHex(await backend.publicKeyFromSeed(v.seed))).toBe(toHex(v.publicKey));
        const signer = await backend.importPrivateKey(v.seed);
        expect(toHex(signer.publicKey)).toBe(toHex(v.publicKey));
        const signature = await backend.sign(signer, v.message);
        expect(toHex(signature)).toBe(toHex(v.signature));
        const key = await backend.importPublicKey(v.publicKey);
        expect(await verifyEd25519(backend, key, v.message, v.signature)).toBe(true);
        expect(await backend.verify(key, v.message, v.signature)).toBe(true);
      }
    });

    it('returns plain Uint8Arrays, never Node Buffers', async () => {
      const v = RFC8032[1]!;
      const signature = await backend.sign(await backend.importPrivateKey(v.seed), v.message);
      const publicKey = await backend.publicKeyFromSeed(v.seed);
      expect(signature.constructor).toBe(Uint8Array);
      expect(publicKey.constructor).toBe(Uint8Array);
      expect(signature.length).toBe(64);
    });

    it('round-trips and rejects a flipped bit anywhere in message or signature', async () => {
      const seed = new Uint8Array(32).map((_, i) => i * 7 + 1);
      const message = new TextEncoder().encode('HQ1 Sig_structure stand-in');
      const signer = await backend.importPrivateKey(seed);
      const signature = await backend.sign(signer, message);
      const key = await backend.importPublicKey(signer.publicKey);
      expect(await verifyEd25519(backend, key, message, signature)).toBe(true);
      for (let bit = 0; bit < message.length * 8; bit += 5) {
        const m = message.slice();
        m[bit >> 3]! ^= 1 << (bit & 7);
        expect(await verifyEd25519(backend, key, m, signature)).toBe(false);
      }
      for (let bit = 0; bit < 512; bit += 3) {
        const s = signature.slice();
        s[bit >> 3]! ^= 1 << (bit & 7);
        expect(await verifyEd25519(backend, key, message, s), `bit ${bit}`).toBe(false);
      }
      expect(await verifyEd25519(backend, key, message, signature.subarray(0, 63))).toBe(false);
      expect(await backend.verify(key, message, signature.subarray(0, 63))).toBe(false);
    });

    it('answers the crafted torsion vectors with the cofactorless equation, as libsodium does', async () => {
      for (const v of craftedVectors()) {
        const key = await backend.importPublicKey(v.publicKey);
        const answer = await verifyEd25519(backend, key, v.message, v.signature);
        expect(answer, v.label).toBe(v.cofactorless);
        expect(sodiumVerify(v.publicKey, v.message, v.signature), v.label).toBe(v.cofactorless);
      }
    });

    it('refuses to import a key that checkEd25519PublicKey refuses', async () => {
      for (const p of torsionPoints()) {
        await expect(backend.importPublicKey(p.toBytes())).rejects.toThrow(
          new RangeError('"publicKey" is not a valid Ed25519 public key: small-order'),
        );
      }
      const nonCanonical = fromHex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
      await expect(backend.importPublicKey(nonCanonical)).rejects.toThrow(/non-canonical/);
      await expect(backend.importPublicKey(new Uint8Array(31))).rejects.toThrow(
        new RangeError('"publicKey" expected 32 bytes, got 31'),
      );
      await expect(backend.importPublicKey('x' as unknown as Uint8Array)).rejects.toThrow(TypeError);
    });

    it('names the field on a seed of the wrong length or type', async () => {
      await expect(backend.importPrivateKey(new Uint8Array(31))).rejects.toThrow(new RangeError('"seed" expected 32 bytes, got 31'));
      await expect(backend.publicKeyFromSeed(new Uint8Array(64))).rejects.toThrow(new RangeError('"seed" expected 32 bytes, got 64'));
      await expect(backend.importPrivateKey(null as unknown as Uint8Array)).rejects.toThrow(
        new TypeError('"seed" expected Uint8Array, got null'),
      );
    });

    it('refuses handles of another backend or of the other kind', async () => {
      const v = RFC8032[0]!;
      const other = otherBackend(backend);
      const foreign = await other.importPublicKey(v.publicKey);
      await expect(backend.verify(foreign, v.message, v.signature)).rejects.toThrow(
        new TypeError(`"key" expected an Ed25519 public key handle imported by the ${backend.name} backend`),
      );
      await expect(verifyEd25519(backend, foreign, v.message, v.signature)).rejects.toThrow(TypeError);
      const signer = await backend.importPrivateKey(v.seed);
      await expect(backend.verify(signer as never, v.message, v.signature)).rejects.toThrow(TypeError);
      const publicHandle = await backend.importPublicKey(v.publicKey);
      await expect(backend.sign(publicHandle as never, v.message)).rejects.toThrow(
        new TypeError(`"key" expected an Ed25519 private key handle imported by the ${backend.name} backend`),
      );
      const forged = Object.freeze({ type: 'ed25519-public', backend: backend.name, publicKey: v.publicKey });
      await expect(backend.verify(forged as never, v.message, v.signature)).rejects.toThrow(TypeError);
    });

    it('keeps its own copy of the key: mutating the handle or the input changes nothing', async () => {
      const v = RFC8032[2]!;
      const raw = v.publicKey.slice();
      const key = await backend.importPublicKey(raw);
      expect(Object.isFrozen(key)).toBe(true);
      expect(key).toEqual({ type: 'ed25519-public', backend: backend.name, publicKey: v.publicKey });
      raw.fill(0);
      key.publicKey.fill(0);
      expect(await verifyEd25519(backend, key, v.message, v.signature)).toBe(true);
      const seed = v.seed.slice();
      const signer = await backend.importPrivateKey(seed);
      seed.fill(1);
      expect(toHex(await backend.sign(signer, v.message))).toBe(toHex(v.signature));
      expect(Object.keys(signer).sort()).toEqual(['backend', 'publicKey', 'type']);
    });
  });
}
