import { describe, expect, it } from 'vitest';
import { CborSimple, CborTag } from '../../../src/codec/cbor.js';
import { dccClaimsFromMap, type DccClaims } from '../../../src/credential/dcc.js';
import { isHealthCodeError } from '../../../src/errors.js';
import { dccClaims, SAMPLE_DCC, SAMPLE_DCC_JSON } from '../../support/dcc.js';

const IAT = 1_767_225_600; // 2026-01-01T00:00:00Z
const EXP = IAT + 365 * 86_400;

function claimsError(payload: unknown): { code: string; message: string } {
  try {
    dccClaimsFromMap(payload);
  } catch (error) {
    if (isHealthCodeError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected BAD_CLAIMS');
}

function read(payload: Map<number, unknown>): DccClaims {
  return dccClaimsFromMap(payload);
}

describe('dccClaimsFromMap', () => {
  it('reads iss, iat, exp and the DCC as frozen JSON-like data', () => {
    const claims = read(dccClaims('AT', IAT, EXP));
    expect(claims).toEqual({ issuer: 'AT', issuedAt: IAT, expiresAt: EXP, hcert: SAMPLE_DCC_JSON });
    expect(Object.isFrozen(claims.hcert)).toBe(true);
    expect(Object.isFrozen(claims.hcert.nam)).toBe(true);
    expect(Object.isFrozen(claims.hcert.r)).toBe(true);
    expect(Object.isFrozen((claims.hcert.r as object[])[0])).toBe(true);
  });

  it('accepts float times (RFC 8392 NumericDate) and rounds them down to whole seconds', () => {
    expect(read(dccClaims('ES', IAT + 0.75, EXP + 0.999))).toMatchObject({ issuedAt: IAT, expiresAt: EXP });
    expect(read(dccClaims('ES', IAT - 0.5, EXP))).toMatchObject({ issuedAt: IAT - 1 });
  });

  it('reads nbf when present', () => {
    const payload = dccClaims('AT', IAT, EXP);
    payload.set(5, IAT + 60);
    expect(read(payload).notBefore).toBe(IAT + 60);
    payload.set(5, 'soon');
    expect(claimsError(payload).message).toMatch(/nbf/);
  });

  it('gives tag 0 dates as their text, bytes as base64url, big integers as decimal text', () => {
    const dcc = new Map<string, unknown>([
      ['dob', new CborTag(0, '1964-08-12')],
      ['sc', new CborTag(0, '2021-05-24T12:20:00Z')],
      ['raw', Uint8Array.of(1, 2, 3)],
      ['big', 2n ** 64n - 1n],
      ['und', undefined],
      ['simple', new CborSimple(16)],
      ['float', 1.5],
      ['flag', true],
    ]);
    expect(read(dccClaims('SE', IAT, EXP, dcc)).hcert).toEqual({
      dob: '1964-08-12',
      sc: '2021-05-24T12:20:00Z',
      raw: 'AQID',
      big: '18446744073709551615',
      und: null,
      simple: null,
      float: 1.5,
      flag: true,
    });
  });

  it('keeps a "__proto__" key as data, never as a prototype', () => {
    const hcert = read(dccClaims('AT', IAT, EXP, new Map([['__proto__', new Map([['polluted', 'yes']])]]))).hcert;
    expect(Object.getPrototypeOf(hcert)).toBe(Object.prototype);
    expect(Object.keys(hcert)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses each required claim missing or mistyped with BAD_CLAIMS naming it', () => {
    const without = (label: number): Map<number, unknown> => {
      const payload = dccClaims('AT', IAT, EXP);
      payload.delete(label);
      return payload;
    };
    const cases: [unknown, RegExp][] = [
      [[1, 2], /not a CBOR map/],
      [without(1), /iss \(1\) is missing/],
      [dccClaims(5 as unknown as string, IAT, EXP), /iss \(1\) is not text/],
      [dccClaims('', IAT, EXP), /iss/],
      [without(6), /iat \(6\) is missing/],
      [dccClaims('AT', String(IAT), EXP), /iat \(6\) is not a number/],
      [dccClaims('AT', BigInt(IAT), EXP), /iat/],
      [dccClaims('AT', IAT, Infinity), /exp \(4\)/],
      [dccClaims('AT', IAT, NaN), /exp \(4\)/],
      [dccClaims('AT', IAT, 2 ** 60), /exp \(4\)/],
      [without(-260), /hcert \(-260\) is missing: not a DCC/],
      [new Map<number, unknown>([...dccClaims('AT', IAT, EXP)].map(([k, v]) => [k, k === -260 ? [v] : v])), /hcert \(-260\) is not a map/],
      [new Map<number, unknown>([...dccClaims('AT', IAT, EXP)].map(([k, v]) => [k, k === -260 ? new Map([[2, SAMPLE_DCC]]) : v])), /eu_DCC_v1 \(1\) is missing/],
      [dccClaims('AT', IAT, EXP, 'a string'), /eu_DCC_v1 \(1\) is not a map/],
      [dccClaims('AT', IAT, EXP, new Map<unknown, unknown>([[1, 'x']])), /not text at its top level/],
      [dccClaims('AT', IAT, EXP, new Map<string, unknown>([['v', [new Map<unknown, unknown>([[7, 'x']])]]])), /not text at \/v\[0\]/],
    ];
    for (const [payload, fragment] of cases) {
      const error = claimsError(payload);
      expect(error.code).toBe('BAD_CLAIMS');
      expect(error.message).toMatch(fragment);
    }
  });
});
