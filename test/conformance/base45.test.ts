import { expect, it } from 'vitest';
import { decodeBase45, encodeBase45 } from '../../src/codec/base45.js';
import { fromHex, toHex } from '../../src/codec/bytes.js';
import { HealthCodeError } from '../../src/errors.js';
import { describeVectors, readVectorJson } from '../support/vectors.js';

interface Base45Vectors {
  alphabet: string;
  rfcExamples: Array<{ section: string; ascii: string; base45: string; bytesHex: string }>;
  derivedValid: Array<{ bytesHex: string; base45: string }>;
  invalid: Array<{ base45: string; reason: string; note?: string }>;
}

describeVectors('rfc9285', 'Base45 (RFC 9285)', () => {
  const v = readVectorJson<Base45Vectors>('rfc9285', 'base45.json');

  it('has the tables this suite reads', () => {
    expect(v.alphabet).toBe('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:');
    expect(v.rfcExamples.length).toBeGreaterThan(0);
    expect(v.derivedValid.length).toBeGreaterThan(0);
    expect(v.invalid.length).toBeGreaterThan(0);
  });

  it.each(v.rfcExamples.map((e) => [e.section, e] as const))('RFC example %s', (_, e) => {
    expect(toHex(new TextEncoder().encode(e.ascii))).toBe(e.bytesHex);
    expect(encodeBase45(fromHex(e.bytesHex))).toBe(e.base45);
    expect(toHex(decodeBase45(e.base45))).toBe(e.bytesHex);
  });

  it.each(v.derivedValid.map((e) => [e.bytesHex, e] as const))('derived valid %j', (_, e) => {
    expect(encodeBase45(fromHex(e.bytesHex))).toBe(e.base45);
    expect(toHex(decodeBase45(e.base45))).toBe(e.bytesHex);
  });

  it.each(v.invalid.map((e) => [JSON.stringify(e.base45), e] as const))('rejects %s', (_, e) => {
    let error: unknown;
    try {
      decodeBase45(e.base45);
    } catch (caught) {
      error = caught;
    }
    expect(error, e.reason).toBeInstanceOf(HealthCodeError);
    expect((error as HealthCodeError).code).toBe('BAD_BASE45');
    expect((error as HealthCodeError).message).toMatch(/at position \d+/);
  });
});
