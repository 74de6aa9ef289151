import { beforeAll, describe, expect, it } from 'vitest';
import { TrustList, isHealthCodeError, type HealthCodeError } from '../../../src/index.js';
import { toBase64Url } from '../../../src/codec/bytes.js';
import { fixedIssuerKey } from '../../support/keys.js';

let key: Awaited<ReturnType<typeof fixedIssuerKey>>;

beforeAll(async () => {
  key = await fixedIssuerKey();
});

async function loadError(jwks: unknown): Promise<HealthCodeError> {
  try {
    await TrustList.fromJWKS(jwks);
  } catch (error) {
    if (isHealthCodeError(error)) return error;
    throw error;
  }
  throw new Error('expected the load to fail');
}

// Encodings of small-order points (RFC 8032 decoding; the identity and the order-2, 4, 8 points).
const IDENTITY = new Uint8Array(32);
IDENTITY[0] = 1;
const NON_CANONICAL_Y = new Uint8Array(32).fill(0xff);
NON_CANONICAL_Y[31] = 0x7f; // y = 2^255 - 1 >= p

describe('TrustList.fromJWKS', () => {
  it('loads keys with their metadata as plain frozen data', async () => {
    const trust = await TrustList.fromJWKS({ keys: [{ ...key.publicJwk, nbf: 1, exp: 2, revoked: false }] });
    expect(trust.keys).toEqual([{ kid: key.kid, alg: 'EdDSA', issuer: 'CN-330100', notBefore: 1, expiresAt: 2, revoked: false }]);
    expect(Object.isFrozen(trust.keys)).toBe(true);
    expect(trust.skipped).toEqual([]);
  });

  const bad: [string, (jwk: Record<string, unknown>) => unknown, RegExp][] = [
    ['a private key', (j) => ({ ...j, d: 'AAAA' }), /private key material \("d"\)/],
    ['a kid that is not the thumbprint prefix', (j) => ({ ...j, kid: 'AAAAAAAAAAA' }), /thumbprint prefix/],
    ['a missing kid', (j) => ({ ...j, kid: undefined }), /"kid" is missing/],
    ['a non-canonical key', (j) => ({ ...j, x: toBase64Url(NON_CANONICAL_Y) }), /non.canonical/],
    ['a small-order key', (j) => ({ ...j, x: toBase64Url(IDENTITY) }), /small.order/],
    ['a short x', (j) => ({ ...j, x: 'AAAA' }), /32-byte/],
    ['a missing iss', (j) => ({ ...j, iss: undefined }), /"iss" is missing/],
    ['a wrong crv', (j) => ({ ...j, crv: 'X25519' }), /crv/],
    ['an unsupported alg', (j) => ({ ...j, alg: 'HS256' }), /not supported/],
    ['a kty that does not fit', (j) => ({ ...j, kty: 'EC' }), /kty/],
    ['a string nbf', (j) => ({ ...j, nbf: '1' }), /"nbf"/],
    ['nbf after exp', (j) => ({ ...j, nbf: 10, exp: 5 }), /after "exp"/],
    ['a string revoked', (j) => ({ ...j, revoked: 'yes' }), /revoked/],
  ];
  for (const [name, mutate, fragment] of bad) {
    it(`refuses ${name} with BAD_TRUST_LIST naming the entry`, async () => {
      const error = await loadError({ keys: [key.publicJwk, mutate({ ...key.publicJwk })] });
      expect(error.code).toBe('BAD_TRUST_LIST');
      expect(error.message).toMatch(/keys\[1\]/);
      expect(error.message).toMatch(fragment);
    });
  }

  it('refuses what is not a JWK Set', async () => {
    for (const value of [null, [], {}, { keys: {} }, 'x']) {
      expect((await loadError(value)).code).toBe('BAD_TRUST_LIST');
    }
    expect((await loadError({ keys: [5] })).message).toMatch(/not a JSON object/);
  });

  it('skips bad entries and reports them when asked', async () => {
    const trust = await TrustList.fromJWKS({ keys: [{ ...key.publicJwk, d: 'x' }, key.publicJwk] }, { skipInvalid: true });
    expect(trust.keys).toHaveLength(1);
    expect(trust.skipped).toEqual([{ index: 0, kid: key.kid, reason: expect.stringMatching(/private/) }]);
  });
});
