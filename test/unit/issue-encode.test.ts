/** The issuing fast writer gives exactly the bytes of the general deterministic encoder. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../src/codec/cbor.js';
import { toHex } from '../../src/codec/bytes.js';
import { claimsToMap } from '../../src/credential/hq1.js';
import { STATUSES, type HealthClaims } from '../../src/credential/model.js';
import { encodeClaims, encodeProtectedHeader } from '../../src/issue-encode.js';

const time = fc.oneof(
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.constantFrom(0, 23, 24, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -1, -24, -25, -257, -(2 ** 32), -(2 ** 32) - 1, Number.MIN_SAFE_INTEGER),
);
const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('张*', 'CN-330100', '', '\u{1F600}', 'a\uD800b'));

const claims: fc.Arbitrary<HealthClaims> = fc.record(
  {
    issuer: text,
    issuedAt: time,
    expiresAt: time,
    notBefore: time,
    status: fc.constantFrom(...STATUSES),
    name: text,
    idHint: text,
    subjectRef: fc.uint8Array({ maxLength: 32 }),
    statusIndex: fc.oneof(fc.nat(), fc.constantFrom(0, 23, 24, 65_536, 2 ** 32, Number.MAX_SAFE_INTEGER)),
    holderKey: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  },
  { requiredKeys: ['issuer', 'issuedAt', 'expiresAt', 'status'] },
);

function general(c: HealthClaims): string {
  return toHex(encodeCbor(claimsToMap(c)));
}

describe('encodeClaims', () => {
  it('writes the bytes of encodeCbor(claimsToMap(claims)) for generated claims', () => {
    fc.assert(
      fc.property(claims, (c) => {
        let expected: string | Error;
        try {
          expected = general(c);
        } catch (error) {
          expected = error as Error;
        }
        if (expected instanceof Error) {
          expect(() => encodeClaims(c)).toThrow(expected.message);
        } else {
          expect(toHex(encodeClaims(c))).toBe(expected);
        }
      }),
      { numRuns: 3000, seed: 20260101 },
    );
  });

  it('writes a known minimal payload', () => {
    const c: HealthClaims = { issuer: 'CN-330100', issuedAt: 1_767_225_600, expiresAt: 1_767_312_000, status: 'red' };
    // a4 01 69 "CN-330100" 04 1a 69570a80 06 1a 6955b900 3a 00010000 a1 00 02
    expect(toHex(encodeClaims(c))).toBe('a40169434e2d333330313030041a69570a80061a6955b9003a00010000a10002');
    expect(toHex(encodeClaims(c))).toBe(general(c));
  });

  it('refuses a lone surrogate like the general encoder', () => {
    const c: HealthClaims = { issuer: 'CN-330100', issuedAt: 1, expiresAt: 2, status: 'green', name: 'x\uDC00' };
    expect(() => encodeClaims(c)).toThrow(TypeError);
    expect(() => encodeClaims(c)).toThrow('lone surrogate');
  });
});

describe('encodeProtectedHeader', () => {
  it('is {1: -8, 4: kid}', () => {
    const kid = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(toHex(encodeProtectedHeader(kid))).toBe('a201270448' + '0102030405060708');
  });
});
