import { afterEach, describe, expect, it, vi } from 'vitest';
import { toBase64Url } from '../../../src/codec/bytes.js';
import {
  ALGORITHMS,
  COSE_ALG_EDDSA,
  COSE_ALG_ES256,
  COSE_ALG_PS256,
  getAlgorithm,
  getAlgorithmByName,
  importVerifyKey,
  verifySignature,
  type AlgorithmEntry,
} from '../../../src/crypto/algorithms.js';
import { createNobleBackend } from '../../../src/crypto/noble.js';
import { loadNodeCrypto } from '../../../src/crypto/node-crypto.js';
import { createWebCryptoBackend } from '../../../src/crypto/webcrypto.js';
import { RFC8032 } from './backend-contract.js';
import { torsionPoints } from './helpers.js';

const subtle = globalThis.crypto.subtle;
const EDDSA = getAlgorithmByName('EdDSA');
const ES256 = getAlgorithmByName('ES256');
const PS256 = getAlgorithmByName('PS256');
const message = new TextEncoder().encode('Sig_structure');

async function ecKey() {
  const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = await subtle.exportKey('jwk', pair.publicKey);
  const sign = async (m: Uint8Array) =>
    new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, m as Uint8Array<ArrayBuffer>));
  return { jwk, sign };
}

async function rsaKey(modulusLength = 2048) {
  const params = { name: 'RSA-PSS', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const pair = await subtle.generateKey(params, true, ['sign', 'verify']);
  const jwk = await subtle.exportKey('jwk', pair.publicKey);
  const sign = async (m: Uint8Array, saltLength = 32) =>
    new Uint8Array(await subtle.sign({ name: 'RSA-PSS', saltLength }, pair.privateKey, m as Uint8Array<ArrayBuffer>));
  return { jwk, sign };
}

const edJwk = (x: Uint8Array) => ({ kty: 'OKP', crv: 'Ed25519', x: toBase64Url(x) });

describe('the registry', () => {
  it('maps COSE alg ids to entries (RFC 9053 §2.1–2.2, RFC 8230 §2)', () => {
    expect(COSE_ALG_EDDSA).toBe(-8);
    expect(COSE_ALG_ES256).toBe(-7);
    expect(COSE_ALG_PS256).toBe(-37);
    expect(getAlgorithm(-8)).toBe(EDDSA);
    expect(getAlgorithm(-7)).toBe(ES256);
    expect(getAlgorithm(-37)).toBe(PS256);
    expect(EDDSA).toMatchObject({ name: 'EdDSA', kty: 'OKP', crv: 'Ed25519', signatureLength: 64, verifyOnly: false });
    expect(ES256).toMatchObject({ name: 'ES256', kty: 'EC', crv: 'P-256', signatureLength: 64, verifyOnly: true });
    expect(PS256).toMatchObject({ name: 'PS256', kty: 'RSA', crv: undefined, signatureLength: undefined, verifyOnly: true });
  });

  it('returns undefined for anything else, of any type', () => {
    for (const value of [-35, -36, -257, 1, 0, '-8', -8n, -8.5, null, undefined, {}, 'EdDSA']) {
      expect(getAlgorithm(value)).toBeUndefined();
    }
    for (const value of ['ES384', 'eddsa', 'Ed25519', -8, null, undefined]) expect(getAlgorithmByName(value)).toBeUndefined();
  });

  it('holds each id and name once, in frozen entries', () => {
    expect(new Set(ALGORITHMS.map((e) => e.coseAlg)).size).toBe(ALGORITHMS.length);
    expect(new Set(ALGORITHMS.map((e) => e.name)).size).toBe(ALGORITHMS.length);
    expect(Object.isFrozen(ALGORITHMS)).toBe(true);
    for (const e of ALGORITHMS) expect(Object.isFrozen(e)).toBe(true);
  });
});

describe('EdDSA through the registry', () => {
  const v = RFC8032[0]!;

  it('verifies RFC 8032 TEST 1 with the default and with an explicit backend', async () => {
    for (const options of [undefined, { backend: createNobleBackend() }]) {
      const key = await importVerifyKey(EDDSA, { ...edJwk(v.publicKey), alg: 'EdDSA', kid: 'x', use: 'sig' }, options);
      expect(key).toEqual({ alg: 'EdDSA', signatureLength: 64 });
      expect(await verifySignature(EDDSA, key, v.message, v.signature)).toBe(true);
      expect(await verifySignature(EDDSA, key, new Uint8Array(1), v.signature)).toBe(false);
      expect(await verifySignature(EDDSA, key, v.message, v.signature.subarray(1))).toBe(false);
    }
  });

  it('refuses small-order and malformed keys', async () => {
    await expect(importVerifyKey(EDDSA, edJwk(torsionPoints()[1]!.toBytes()))).rejects.toThrow(
      new RangeError('"jwk.x" is not a valid Ed25519 public key: small-order'),
    );
    await expect(importVerifyKey(EDDSA, edJwk(new Uint8Array(31)))).rejects.toThrow(
      new RangeError('"jwk.x" expected 32 bytes, got 31'),
    );
    await expect(importVerifyKey(EDDSA, { kty: 'OKP', crv: 'Ed25519', x: 'a+b/' })).rejects.toThrow(
      new TypeError('"jwk.x" expected a base64url string'),
    );
    await expect(importVerifyKey(EDDSA, { kty: 'OKP', crv: 'Ed25519' })).rejects.toThrow(
      new TypeError('"jwk.x" expected a base64url string, got undefined'),
    );
  });
});

describe('ES256 (verify-only)', () => {
  it('verifies WebCrypto P1363 signatures, and nothing else', async () => {
    const { jwk, sign } = await ecKey();
    const key = await importVerifyKey(ES256, { ...jwk, alg: 'ES256' });
    expect(key).toEqual({ alg: 'ES256', signatureLength: 64 });
    const signature = await sign(message);
    expect(await verifySignature(ES256, key, message, signature)).toBe(true);
    const flipped = signature.slice();
    flipped[10]! ^= 1;
    expect(await verifySignature(ES256, key, message, flipped)).toBe(false);
    expect(await verifySignature(ES256, key, message.subarray(1), signature)).toBe(false);
    // A DER-style length, or r alone: wrong length is false, not an error.
    expect(await verifySignature(ES256, key, message, new Uint8Array(70))).toBe(false);
    expect(await verifySignature(ES256, key, message, signature.subarray(0, 32))).toBe(false);
  });

  it('refuses a point that is not on P-256 and short coordinates', async () => {
    const { jwk } = await ecKey();
    const y = new Uint8Array(32).fill(1);
    await expect(importVerifyKey(ES256, { ...jwk, y: toBase64Url(y) })).rejects.toThrow(
      new RangeError('"jwk" is not a valid P-256 public key'),
    );
    await expect(importVerifyKey(ES256, { ...jwk, x: toBase64Url(new Uint8Array(31)) })).rejects.toThrow(
      new RangeError('"jwk.x" expected 32 bytes, got 31'),
    );
  });
});

describe('PS256 (verify-only)', () => {
  it('verifies salt-32 PSS signatures with the modulus-length signature, and nothing else', async () => {
    const { jwk, sign } = await rsaKey();
    const key = await importVerifyKey(PS256, jwk);
    expect(key).toEqual({ alg: 'PS256', signatureLength: 256 });
    const signature = await sign(message);
    expect(await verifySignature(PS256, key, message, signature)).toBe(true);
    expect(await verifySignature(PS256, key, message, signature.subarray(1))).toBe(false);
    expect(await verifySignature(PS256, key, message, new Uint8Array([0, ...signature]))).toBe(false);
    // RFC 8230 fixes the salt at 32 bytes: a salt-0 or salt-64 PSS signature is refused.
    expect(await verifySignature(PS256, key, message, await sign(message, 0))).toBe(false);
    expect(await verifySignature(PS256, key, message, await sign(message, 64))).toBe(false);
  });

  it('refuses moduli under 2048 bits (RFC 8230 §2)', async () => {
    const { jwk } = await rsaKey(1024);
    await expect(importVerifyKey(PS256, jwk)).rejects.toThrow(
      new RangeError('"jwk.n" expected a modulus of at least 2048 bits, got 1024'),
    );
  });
});

describe('misuse', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('names the field when the entry, the JWK or its members do not fit', async () => {
    const { jwk } = await ecKey();
    const fake = { ...ES256 } as AlgorithmEntry;
    await expect(importVerifyKey(fake, jwk)).rejects.toThrow(
      new TypeError('"entry" expected an AlgorithmEntry from getAlgorithm or getAlgorithmByName'),
    );
    await expect(importVerifyKey(ES256, 'jwk')).rejects.toThrow(new TypeError('"jwk" expected an object, got string'));
    await expect(importVerifyKey(ES256, [jwk])).rejects.toThrow(new TypeError('"jwk" expected an object, got array'));
    await expect(importVerifyKey(ES256, { ...jwk, d: 'AAAA' })).rejects.toThrow(
      new TypeError('"jwk" holds private key material ("d"): pass a public key'),
    );
    await expect(importVerifyKey(PS256, jwk)).rejects.toThrow(new RangeError('"jwk.kty" expected "RSA" for PS256, got "EC"'));
    await expect(importVerifyKey(ES256, { ...jwk, crv: 'P-384' })).rejects.toThrow(
      new RangeError('"jwk.crv" expected "P-256" for ES256, got "P-384"'),
    );
    await expect(importVerifyKey(ES256, { ...jwk, alg: 'ES384' })).rejects.toThrow(
      new RangeError('"jwk.alg" expected "ES256", got "ES384"'),
    );
  });

  it('refuses a key of another algorithm or a forged key, and non-byte inputs', async () => {
    const { jwk, sign } = await ecKey();
    const key = await importVerifyKey(ES256, jwk);
    const signature = await sign(message);
    await expect(verifySignature(EDDSA, key, message, signature)).rejects.toThrow(
      new TypeError('"key" expected a key imported by importVerifyKey for EdDSA'),
    );
    await expect(verifySignature(ES256, { alg: 'ES256', signatureLength: 64 }, message, signature)).rejects.toThrow(TypeError);
    await expect(verifySignature(ES256, key, 'm' as never, signature)).rejects.toThrow(
      new TypeError('"message" expected Uint8Array, got string'),
    );
    await expect(verifySignature(ES256, key, message, undefined as never)).rejects.toThrow(
      new TypeError('"signature" expected Uint8Array, got undefined'),
    );
  });

  it('turns a WebCrypto throw during verify into false (keys of the non-node backends)', async () => {
    const { jwk, sign } = await ecKey();
    const key = await importVerifyKey(ES256, jwk, { backend: createWebCryptoBackend()! });
    const signature = await sign(message);
    vi.spyOn(subtle, 'verify').mockRejectedValueOnce(new DOMException('boom', 'OperationError'));
    expect(await verifySignature(ES256, key, message, signature)).toBe(false);
    expect(await verifySignature(ES256, key, message, signature)).toBe(true);
  });

  it('verifies ES256 with node:crypto for the node backend (the default here), and turns its throw into false', async () => {
    const { jwk, sign } = await ecKey();
    const key = await importVerifyKey(ES256, jwk);
    const signature = await sign(message);
    const nodeCrypto = loadNodeCrypto()!;
    const spy = vi.spyOn(nodeCrypto, 'verify');
    expect(await verifySignature(ES256, key, message, signature)).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockImplementationOnce(() => {
      throw new Error('boom');
    });
    expect(await verifySignature(ES256, key, message, signature)).toBe(false);
    expect(await verifySignature(ES256, key, message, signature)).toBe(true);
  });
});
