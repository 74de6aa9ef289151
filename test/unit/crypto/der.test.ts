import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/codec/bytes.js';
import { pkcs8FromSeed, rawFromSpki, spkiFromRaw } from '../../../src/crypto/der.js';

const SEED = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const PUBLIC = fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');

describe('RFC 8410 DER wrappers', () => {
  it('build an SPKI and a PKCS #8 that OpenSSL reads as the RFC 8032 TEST 1 key', () => {
    const spki = spkiFromRaw(PUBLIC);
    const fromSpki = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    expect(fromSpki.asymmetricKeyType).toBe('ed25519');
    const priv = createPrivateKey({ key: Buffer.from(pkcs8FromSeed(SEED)), format: 'der', type: 'pkcs8' });
    const derived = createPublicKey(priv).export({ format: 'der', type: 'spki' });
    expect(toHex(derived)).toBe(toHex(spki));
    expect(toHex(rawFromSpki(derived))).toBe(toHex(PUBLIC));
  });

  it('name the field on misuse and refuse foreign SPKIs', () => {
    expect(() => spkiFromRaw(new Uint8Array(31))).toThrow(new RangeError('"publicKey" expected 32 bytes, got 31'));
    expect(() => pkcs8FromSeed(new Uint8Array(33))).toThrow(new RangeError('"seed" expected 32 bytes, got 33'));
    const x25519Spki = generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' });
    expect(x25519Spki.length).toBe(44); // same length as Ed25519's, different OID
    expect(() => rawFromSpki(new Uint8Array(x25519Spki))).toThrow(
      new RangeError('"spki" expected an Ed25519 SubjectPublicKeyInfo'),
    );
    expect(() => rawFromSpki(new Uint8Array(44))).toThrow(RangeError);
  });
});
