/**
 * RFC 8949 / 7049 Appendix A examples (cbor/test-vectors appendix_a.json) through the strict
 * decoder and the deterministic encoder. Every entry is classified below; an entry that no
 * table accounts for fails.
 */
import { expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/codec/bytes.js';
import { CborSimple, CborTag, decodeCbor, encodeCbor } from '../../src/codec/cbor.js';
import { HealthCodeError } from '../../src/errors.js';
import { describeVectors, readVectorJson } from '../support/vectors.js';

interface AppendixEntry {
  hex: string;
  cbor: string;
  roundtrip: boolean;
  decoded?: unknown;
  diagnostic?: string;
}

/** Entries given as `diagnostic`: [the file's diagnostic text, our expected value]. */
const DIAGNOSTIC: Record<string, [string, unknown]> = {
  f97c00: ['Infinity', Infinity],
  f97e00: ['NaN', NaN],
  f9fc00: ['-Infinity', -Infinity],
  fa7f800000: ['Infinity', Infinity],
  fa7fc00000: ['NaN', NaN],
  faff800000: ['-Infinity', -Infinity],
  fb7ff0000000000000: ['Infinity', Infinity],
  fb7ff8000000000000: ['NaN', NaN],
  fbfff0000000000000: ['-Infinity', -Infinity],
  f7: ['undefined', undefined],
  f0: ['simple(16)', new CborSimple(16)],
  f8ff: ['simple(255)', new CborSimple(255)],
  c074323031332d30332d32315432303a30343a30305a: ['0("2013-03-21T20:04:00Z")', new CborTag(0, '2013-03-21T20:04:00Z')],
  c11a514b67b0: ['1(1363896240)', new CborTag(1, 1363896240)],
  c1fb41d452d9ec200000: ['1(1363896240.5)', new CborTag(1, 1363896240.5)],
  d74401020304: ["23(h'01020304')", new CborTag(23, Uint8Array.of(1, 2, 3, 4))],
  d818456449455446: ["24(h'6449455446')", new CborTag(24, fromHex('6449455446'))],
  d82076687474703a2f2f7777772e6578616d706c652e636f6d: ['32("http://www.example.com")', new CborTag(32, 'http://www.example.com')],
  '40': ["h''", new Uint8Array(0)],
  '4401020304': ["h'01020304'", Uint8Array.of(1, 2, 3, 4)],
  a201020304: ['{1: 2, 3: 4}', new Map([[1, 2], [3, 4]])],
};

/**
 * Entries with `decoded` whose value our representation holds differently from JSON:
 * integers beyond 2^53 are bigint (JSON rounds them), and tags 2/3 stay tags (no bignum
 * conversion: every tag is a CborTag).
 */
const DECODED_AS: Record<string, unknown> = {
  '1bffffffffffffffff': 2n ** 64n - 1n,
  '3bffffffffffffffff': -(2n ** 64n),
  c249010000000000000000: new CborTag(2, fromHex('010000000000000000')),
  c349010000000000000000: new CborTag(3, fromHex('010000000000000000')),
};

/** Well-formed generic CBOR that the strict profile rejects: indefinite lengths (rule 4). */
const INDEFINITE = [
  '5f42010243030405ff',
  '7f657374726561646d696e67ff',
  '9fff',
  '9f018202039f0405ffff',
  '9f01820203820405ff',
  '83018202039f0405ff',
  '83019f0203ff820405',
  '9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff',
  'bf61610161629f0203ffff',
  '826161bf61626163ff',
  'bf6346756ef563416d7421ff',
];

/** Not well-formed under RFC 8949 §3.3 (two-byte simple value below 32): vectors issue #7. */
const NOT_WELL_FORMED: Record<string, string> = {
  f818: 'two-byte simple value 24 is below 32',
};

/**
 * `roundtrip: true` floats whose value is an integer: a JS number cannot say it was a float,
 * so the deterministic encoding of the decoded value is the integer (checked below).
 */
const INTEGRAL_FLOATS: Record<string, string> = {
  f90000: '00',
  f93c00: '01',
  f97bff: '19ffe0',
  fa47c35000: '1a000186a0',
  f9c400: '23',
};

/** JSON `decoded` → our representation: objects become Maps. */
function fromJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).map(([k, v]) => [k, fromJson(v)]));
  }
  return value;
}

function expectRejected(hex: string, fragment: string): void {
  let error: unknown;
  try {
    decodeCbor(fromHex(hex));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(HealthCodeError);
  expect((error as HealthCodeError).code).toBe('BAD_CBOR');
  expect((error as HealthCodeError).message).toContain(fragment);
}

describeVectors('cbor', 'CBOR Appendix A (RFC 8949)', () => {
  const entries = readVectorJson<AppendixEntry[]>('cbor', 'appendix_a.json');

  it('has every entry our tables name, and the same bytes in hex and base64', () => {
    expect(entries.length).toBe(82);
    const hexes = new Set(entries.map((e) => e.hex));
    const named = [
      ...Object.keys(DIAGNOSTIC),
      ...Object.keys(DECODED_AS),
      ...INDEFINITE,
      ...Object.keys(NOT_WELL_FORMED),
      ...Object.keys(INTEGRAL_FLOATS),
    ];
    for (const hex of named) expect(hexes.has(hex), hex).toBe(true);
    for (const e of entries) expect(toHex(Uint8Array.from(atob(e.cbor), (c) => c.charCodeAt(0)))).toBe(e.hex);
  });

  it.each(entries.map((e) => [e.hex, e] as const))('%s', (hex, entry) => {
    if (INDEFINITE.includes(hex)) {
      expectRejected(hex, 'indefinite-length');
      expect(entry.roundtrip).toBe(false);
      return;
    }
    const reason = NOT_WELL_FORMED[hex];
    if (reason !== undefined) {
      expectRejected(hex, reason);
      return;
    }

    let expected: unknown;
    const diagnostic = DIAGNOSTIC[hex];
    if (diagnostic !== undefined) {
      expect(entry.diagnostic).toBe(diagnostic[0]);
      expected = diagnostic[1];
    } else if (hex in DECODED_AS) {
      expect(entry).toHaveProperty('decoded');
      expected = DECODED_AS[hex];
    } else if ('decoded' in entry) {
      // A tag, or an integer JSON cannot hold exactly, must be accounted for in DECODED_AS.
      const major = parseInt(hex.slice(0, 2), 16) >> 5;
      const integer = major <= 1 && !Number.isSafeInteger(entry.decoded);
      if (major === 6 || integer) throw new Error(`entry ${hex} needs an expected value in DECODED_AS`);
      expected = fromJson(entry.decoded);
    } else {
      throw new Error(`entry ${hex} is not handled by any table (diagnostic ${String(entry.diagnostic)})`);
    }

    const decoded = decodeCbor(fromHex(hex));
    expect(decoded).toStrictEqual(expected);

    if (entry.roundtrip) {
      const integral = INTEGRAL_FLOATS[hex];
      expect(toHex(encodeCbor(decoded))).toBe(integral ?? hex);
    } else {
      // Non-preferred float forms re-encode to the shortest form of the same value.
      expect(decodeCbor(encodeCbor(decoded))).toStrictEqual(expected);
      expect(encodeCbor(decoded).length).toBeLessThan(hex.length / 2);
    }
  });
});
