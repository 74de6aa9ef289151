/**
 * Our own EU DCC vectors (test/vectors/dcc-vectors.json, written by test/vectors/dcc-make.ts):
 * the cases the EU corpus lacks (several keys sharing a kid, algorithm confusion, unsupported
 * algorithms, over-long signatures, kid lengths, compression faults, key windows, issuer
 * binding), each asserting the code and a message fragment, or the signer that verified.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TrustList, verify, type ErrorCode } from '../../../src/index.js';
import { toBase64Url } from '../../../src/codec/bytes.js';
import { certificateKid } from '../../support/dcc.js';

interface VectorCase {
  name: string;
  trust: { certificates: { certificate: string; issuer?: string }[]; ignoreValidity?: boolean } | { jwks: { keys: unknown[] } };
  now: number;
  text: string;
  expected: { valid: true; kid: string; issuer: string; alg: string } | { valid: false; code: ErrorCode; message: string };
}

const file = JSON.parse(readFileSync(fileURLToPath(new URL('../../vectors/dcc-vectors.json', import.meta.url)), 'utf8')) as {
  signers: { name: string; country: string; certificate: string; kid: string }[];
  cases: VectorCase[];
};

function trustOf(c: VectorCase): Promise<TrustList> {
  if ('jwks' in c.trust) return TrustList.fromJWKS(c.trust.jwks);
  return TrustList.fromCertificates(c.trust.certificates, { ignoreValidity: c.trust.ignoreValidity === true });
}

describe('DCC vectors of our own (test/vectors/dcc-vectors.json)', () => {
  it('hold the cases the EU corpus lacks', () => {
    const names = file.cases.map((c) => c.name).join('\n');
    for (const topic of [/share the kid/, /algorithm confusion/, /unsupported alg/, /over-long/, /kid of 3 bytes/, /kid of 16 bytes/, /bomb/]) expect(names).toMatch(topic);
    expect(file.cases.length).toBeGreaterThanOrEqual(40);
  });

  it("give each signer the HCERT kid of its certificate (checked with node's X.509 parser)", () => {
    for (const s of file.signers) {
      const der = new Uint8Array(Buffer.from(s.certificate, 'base64'));
      expect(new X509Certificate(der).subject).toContain(`C=${s.country}`);
      expect(toBase64Url(certificateKid(der))).toBe(s.kid);
    }
  });

  for (const c of file.cases) {
    it(`${c.name}: ${c.expected.valid ? 'valid' : c.expected.code}`, async () => {
      const result = await verify(c.text, await trustOf(c), { now: c.now, dcc: true });
      if (c.expected.valid) {
        expect(result).toMatchObject({ valid: true, profile: 'dcc', kid: c.expected.kid, issuer: c.expected.issuer, alg: c.expected.alg });
      } else {
        expect(result).toMatchObject({ valid: false, code: c.expected.code });
        expect(result.valid || result.message).toContain(c.expected.message);
      }
    });
  }
});
