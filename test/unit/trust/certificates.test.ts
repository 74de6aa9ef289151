import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { isHealthCodeError, TRUST_LIST_MAX_KEYS, TrustList, type CertificateInput, type CertificateTrustOptions } from '../../../src/index.js';
import { toBase64Url } from '../../../src/codec/bytes.js';
import { CERTIFICATE_MAX_BYTES } from '../../../src/trust/certificates.js';
import { base64, certificateKid, der, makeCertificate, makeKey, seq, type KeyPair } from '../../support/dcc.js';

const NOT_BEFORE = 1_735_689_600; // 2025-01-01T00:00:00Z
const NOT_AFTER = 1_798_761_600; // 2027-01-01T00:00:00Z

let p256: KeyPair;
let rsa: KeyPair;
let cert: Uint8Array;

beforeAll(() => {
  p256 = makeKey('P-256');
  rsa = makeKey('RSA-2048');
  cert = makeCertificate({ key: p256, country: 'AT', notBefore: NOT_BEFORE, notAfter: NOT_AFTER });
});

async function loadError(certificates: CertificateInput[], options?: CertificateTrustOptions): Promise<{ code: string; message: string }> {
  try {
    await TrustList.fromCertificates(certificates, options);
  } catch (error) {
    if (isHealthCodeError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the load to fail');
}

function pem(bytes: Uint8Array): string {
  return `-----BEGIN CERTIFICATE-----\n${base64(bytes).replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
}

describe('TrustList.fromCertificates', () => {
  it('loads a P-256 signer as ES256: kid = SHA-256(DER)[0..8], issuer from C=, validity as the key window', async () => {
    const trust = await TrustList.fromCertificates([{ certificate: base64(cert) }]);
    const x509 = new X509Certificate(cert); // node's own parse, as the reference for the times
    expect(trust.keys).toEqual([
      {
        kid: toBase64Url(certificateKid(cert)),
        alg: 'ES256',
        issuer: 'AT',
        notBefore: Date.parse(x509.validFrom) / 1000,
        expiresAt: Date.parse(x509.validTo) / 1000,
        revoked: false,
      },
    ]);
    expect(trust.keys[0]!.notBefore).toBe(NOT_BEFORE);
    expect(trust.skipped).toEqual([]);
  });

  it('loads RSA signers (2048 and 3072 bits) as PS256', async () => {
    const rsa3072 = makeKey('RSA-3072');
    const trust = await TrustList.fromCertificates([
      { certificate: makeCertificate({ key: rsa, country: 'FR', notBefore: NOT_BEFORE, notAfter: NOT_AFTER }) },
      { certificate: makeCertificate({ key: rsa3072, country: 'FR', notBefore: NOT_BEFORE, notAfter: NOT_AFTER }) },
    ]);
    expect(trust.keys.map((k) => [k.alg, k.issuer])).toEqual([
      ['PS256', 'FR'],
      ['PS256', 'FR'],
    ]);
  });

  it('reads DER bytes, base64 (with line breaks) and PEM alike', async () => {
    const kid = toBase64Url(certificateKid(cert));
    for (const certificate of [cert, base64(cert), base64(cert).replace(/.{76}/g, '$&\r\n'), pem(cert)]) {
      expect((await TrustList.fromCertificates([{ certificate }])).keys[0]!.kid).toBe(kid);
    }
  });

  it('reads UTCTime before 2050 (19xx for 50-99) and GeneralizedTime from 2050, as node does', async () => {
    const old = makeCertificate({ key: p256, country: 'AT', notBefore: 946_684_799, notAfter: 2_556_143_999 }); // 1999-12-31T23:59:59Z .. 2050-12-31T23:59:59Z
    const [key] = (await TrustList.fromCertificates([{ certificate: old }])).keys;
    const x509 = new X509Certificate(old);
    expect([key!.notBefore, key!.expiresAt]).toEqual([Date.parse(x509.validFrom) / 1000, Date.parse(x509.validTo) / 1000]);
    expect([key!.notBefore, key!.expiresAt]).toEqual([946_684_799, 2_556_143_999]);
  });

  it('binds the key to the issuer given, over the subject country', async () => {
    expect((await TrustList.fromCertificates([{ certificate: cert, issuer: 'CN-330100' }])).keys[0]!.issuer).toBe('CN-330100');
  });

  it('refuses a certificate without C= unless an issuer is given', async () => {
    const anonymous = makeCertificate({ key: p256, notBefore: NOT_BEFORE, notAfter: NOT_AFTER });
    const error = await loadError([{ certificate: anonymous }]);
    expect(error.code).toBe('BAD_TRUST_LIST');
    expect(error.message).toMatch(/certificates\[0\].*no country.*"issuer"/);
    expect((await TrustList.fromCertificates([{ certificate: anonymous, issuer: 'GE' }])).keys[0]!.issuer).toBe('GE');
  });

  it('leaves out the key window with ignoreValidity', async () => {
    const [key] = (await TrustList.fromCertificates([{ certificate: cert }], { ignoreValidity: true })).keys;
    expect(key).toEqual({ kid: toBase64Url(certificateKid(cert)), alg: 'ES256', issuer: 'AT', revoked: false });
  });

  it('refuses keys that are not P-256 or RSA with BAD_TRUST_LIST naming the certificate', async () => {
    const p384 = makeCertificate({ key: makeKey('P-384'), country: 'ES', notBefore: NOT_BEFORE, notAfter: NOT_AFTER });
    const ed25519 = makeCertificate({ key: makeKey('Ed25519'), signer: p256, country: 'ES', notBefore: NOT_BEFORE, notAfter: NOT_AFTER });
    const cases: [Uint8Array, RegExp][] = [
      [p384, /certificates\[1\].*not on P-256/],
      [ed25519, /certificates\[1\].*neither EC P-256.*nor RSA/],
    ];
    for (const [certificate, fragment] of cases) {
      const error = await loadError([{ certificate: cert }, { certificate }]);
      expect(error.code).toBe('BAD_TRUST_LIST');
      expect(error.message).toMatch(fragment);
    }
  });

  it('refuses malformed certificates with BAD_TRUST_LIST', async () => {
    const cases: [CertificateInput['certificate'], RegExp][] = [
      ['not base64 at all!', /neither base64 DER nor PEM/],
      [cert.subarray(0, 100), /truncated/],
      [Uint8Array.from([...cert, 0]), /bytes follow/],
      [seq(der(0x02, Uint8Array.of(1))), /TBSCertificate/],
      [new Uint8Array(0), /truncated/],
      [new Uint8Array(CERTIFICATE_MAX_BYTES + 1), /over the limit/],
      [Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]), /bad length/],
    ];
    for (const [certificate, fragment] of cases) {
      const error = await loadError([{ certificate }]);
      expect(error.code).toBe('BAD_TRUST_LIST');
      expect(error.message).toMatch(fragment);
    }
  });

  it('skips unusable certificates and reports them when asked', async () => {
    const trust = await TrustList.fromCertificates([{ certificate: 'junk!' }, { certificate: cert }], { skipInvalid: true });
    expect(trust.keys).toHaveLength(1);
    expect(trust.skipped).toEqual([{ index: 0, reason: expect.stringMatching(/neither base64/) }]);
  });

  it('bounds the number of certificates', async () => {
    const many = Array.from({ length: TRUST_LIST_MAX_KEYS + 1 }, () => ({ certificate: cert }));
    expect((await loadError(many)).message).toMatch(/over the limit/);
  });

  it('throws TypeError on misuse', async () => {
    await expect(TrustList.fromCertificates('x' as unknown as CertificateInput[])).rejects.toThrow(TypeError);
    await expect(TrustList.fromCertificates([null as unknown as CertificateInput])).rejects.toThrow(/certificates\[0\]/);
    await expect(TrustList.fromCertificates([{ certificate: 5 as unknown as string }])).rejects.toThrow(TypeError);
    await expect(TrustList.fromCertificates([{ certificate: cert, issuer: '' }])).rejects.toThrow(/issuer/);
  });
});
