import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/codec/bytes.js';
import {
  CBOR_DECODE_DEFAULTS,
  CBOR_DEPTH_CAP,
  CBOR_MAX_DEPTH,
  CBOR_MAX_ITEMS,
  CborSimple,
  CborTag,
  decodeCbor,
  encodeCbor,
  type CborDecodeOptions,
} from '../../../src/codec/cbor.js';
import { HealthCodeError } from '../../../src/errors.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const bytes = (...b: number[]) => Uint8Array.from(b);
const map = (...entries: Array<[unknown, unknown]>) => new Map<unknown, unknown>(entries);

function rejection(hex: string, options?: CborDecodeOptions): HealthCodeError {
  try {
    decodeCbor(fromHex(hex), options);
  } catch (e) {
    if (e instanceof HealthCodeError) return e;
    throw e;
  }
  throw new Error(`${hex} was accepted`);
}

describe('decodeCbor: accepted input', () => {
  // [hex, expected value]; non-shortest heads and unsorted keys are accepted (DESIGN.md rule 4).
  const good: Array<[string, unknown]> = [
    ['00', 0],
    ['17', 23],
    ['1818', 24],
    ['1800', 0],
    ['190001', 1],
    ['1a00000001', 1],
    ['1b0000000000000001', 1],
    ['1b001fffffffffffff', MAX_SAFE],
    ['1b0020000000000000', 2n ** 53n],
    ['1bffffffffffffffff', 2n ** 64n - 1n],
    ['20', -1],
    ['3a00010000', -65537],
    ['3b001ffffffffffffe', -MAX_SAFE],
    ['3b001fffffffffffff', -(2n ** 53n)],
    ['3bffffffffffffffff', -(2n ** 64n)],
    ['f90000', 0],
    ['f98000', -0],
    ['f93c00', 1],
    ['f90001', 2 ** -24],
    ['f903ff', 1023 * 2 ** -24],
    ['f90400', 2 ** -14],
    ['f97bff', 65504],
    ['f9c400', -4],
    ['f97c00', Infinity],
    ['f9fc00', -Infinity],
    ['f97e00', NaN],
    ['fa47c35000', 100000],
    ['fa7f800000', Infinity],
    ['fb3ff199999999999a', 1.1],
    ['fb7ff8000000000001', NaN],
    ['40', new Uint8Array(0)],
    ['4401020304', bytes(1, 2, 3, 4)],
    ['5800', new Uint8Array(0)],
    ['60', ''],
    ['6161', 'a'],
    ['62c3bc', 'ü'],
    ['63efbbbf', '\uFEFF'], // a leading BOM is content, not stripped
    ['64f09f9880', '😀'],
    ['7800', ''],
    ['80', []],
    ['83010203', [1, 2, 3]],
    ['9803010203', [1, 2, 3]],
    ['8301820203820405', [1, [2, 3], [4, 5]]],
    ['a0', map()],
    ['a201020304', map([1, 2], [3, 4])],
    ['a203040102', map([3, 4], [1, 2])],
    ['a1410101', map([bytes(1), 1])],
    ['a28000a000', map([[], 0], [map(), 0])],
    ['a241010042010101', map([bytes(1), 0], [bytes(1, 1), 1])],
    ['c074323031332d30332d32315432303a30343a30305a', new CborTag(0, '2013-03-21T20:04:00Z')],
    ['c11a514b67b0', new CborTag(1, 1363896240)],
    ['c249010000000000000000', new CborTag(2, bytes(1, 0, 0, 0, 0, 0, 0, 0, 0))],
    ['d28100', new CborTag(18, [0])],
    ['d9d9f700', new CborTag(55799, 0)],
    ['db001fffffffffffff01', new CborTag(MAX_SAFE, 1)],
    ['dbffffffffffffffff01', new CborTag(2n ** 64n - 1n, 1)],
    ['c0c100', new CborTag(0, new CborTag(1, 0))],
    ['f4', false],
    ['f5', true],
    ['f6', null],
    ['f7', undefined],
    ['e0', new CborSimple(0)],
    ['f0', new CborSimple(16)],
    ['f3', new CborSimple(19)],
    ['f820', new CborSimple(32)],
    ['f8ff', new CborSimple(255)],
  ];

  it.each(good)('%s', (hex, expected) => {
    expect(decodeCbor(fromHex(hex))).toStrictEqual(expected);
  });

  it('returns plain Uint8Array copies for byte strings, even from a Buffer', () => {
    const input = Buffer.from('a1014401020304', 'hex');
    const out = decodeCbor(input) as Map<number, Uint8Array>;
    const b = out.get(1)!;
    expect(b.constructor).toBe(Uint8Array);
    input[3] = 0xff;
    expect(toHex(b)).toBe('01020304');
  });

  it('reads a subarray at a byte offset', () => {
    const buffer = fromHex('ffff1903e8ff');
    expect(decodeCbor(buffer.subarray(2, 5))).toBe(1000);
  });

  it('decodes a long text string through the validating decoder', () => {
    const text = 'ü'.repeat(40) + 'x'.repeat(40);
    const encoded = encodeCbor(text);
    expect(decodeCbor(encoded)).toBe(text);
  });
});

describe('decodeCbor: rejected input', () => {
  // [hex, code, message fragment]
  const bad: Array<[string, string, string]> = [
    ['', 'BAD_CBOR', 'offset 0: truncated: a data item needs 1 byte(s), 0 remain'],
    ['18', 'BAD_CBOR', 'offset 0: truncated: a 1-byte argument'],
    ['1900', 'BAD_CBOR', 'truncated: a 2-byte argument needs 2 byte(s), 1 remain'],
    ['1a000000', 'BAD_CBOR', 'truncated: a 4-byte argument'],
    ['1b00000000000000', 'BAD_CBOR', 'truncated: an 8-byte argument'],
    ['6261', 'BAD_CBOR', 'offset 0: truncated: text string declares 2, only 1 byte(s) remain'],
    ['440102', 'BAD_CBOR', 'truncated: byte string declares 4, only 2 byte(s) remain'],
    ['5affffffff00', 'BAD_CBOR', 'byte string declares 4294967295, only 1 byte(s) remain'],
    ['5bffffffffffffffff00', 'BAD_CBOR', 'byte string declares 18446744073709551615'],
    ['830102', 'BAD_CBOR', 'offset 0: truncated: array declares 3, only 2 byte(s) remain'],
    ['8301820102', 'BAD_CBOR', 'offset 5: truncated: a data item'],
    ['9affffffff', 'BAD_CBOR', 'truncated: array declares 4294967295, only 0 byte(s) remain'],
    ['9b0000000100000000', 'BAD_CBOR', 'array declares 4294967296'],
    ['a101', 'BAD_CBOR', 'truncated: map of 1 entries needs 2 byte(s), 1 remain'],
    ['baffffffff00', 'BAD_CBOR', 'truncated: map declares 4294967295'],
    ['a20102', 'BAD_CBOR', 'offset 0: truncated: map of 2 entries'],
    ['c0', 'BAD_CBOR', 'offset 1: truncated: a data item'],
    ['f900', 'BAD_CBOR', 'truncated: a half-precision float'],
    ['fa0000', 'BAD_CBOR', 'truncated: a single-precision float'],
    ['fb00', 'BAD_CBOR', 'truncated: a double-precision float'],
    ['f8', 'BAD_CBOR', 'truncated: a two-byte simple value'],
    ['0000', 'BAD_CBOR', 'offset 1: 1 trailing byte(s) after the data item'],
    ['a0ff', 'BAD_CBOR', 'offset 1: 1 trailing byte(s)'],
    ['5fff', 'BAD_CBOR', 'offset 0: indefinite-length byte string is not allowed'],
    ['7fff', 'BAD_CBOR', 'indefinite-length text string is not allowed'],
    ['9fff', 'BAD_CBOR', 'indefinite-length array is not allowed'],
    ['bfff', 'BAD_CBOR', 'indefinite-length map is not allowed'],
    ['8201bf01ff', 'BAD_CBOR', 'offset 2: indefinite-length map'],
    ['1f', 'BAD_CBOR', 'additional information 31 is not well-formed for a unsigned integer'],
    ['3f', 'BAD_CBOR', 'not well-formed for a negative integer'],
    ['df00', 'BAD_CBOR', 'not well-formed for a tag'],
    ['ff', 'BAD_CBOR', 'offset 0: stray break (0xff)'],
    ['81ff', 'BAD_CBOR', 'offset 1: stray break'],
    ['a1ff00', 'BAD_CBOR', 'offset 1: stray break'],
    ['1c', 'BAD_CBOR', 'reserved additional information 28'],
    ['1d', 'BAD_CBOR', 'reserved additional information 29'],
    ['1e', 'BAD_CBOR', 'reserved additional information 30'],
    ['3c', 'BAD_CBOR', 'reserved additional information 28'],
    ['5d', 'BAD_CBOR', 'reserved additional information 29'],
    ['7e', 'BAD_CBOR', 'reserved additional information 30'],
    ['9c', 'BAD_CBOR', 'reserved additional information 28'],
    ['bd', 'BAD_CBOR', 'reserved additional information 29'],
    ['de00', 'BAD_CBOR', 'reserved additional information 30'],
    ['fc', 'BAD_CBOR', 'reserved additional information 28'],
    ['fe', 'BAD_CBOR', 'reserved additional information 30'],
    ['a201000100', 'BAD_CBOR', 'offset 3: duplicate map key 1'],
    ['a20100180100', 'BAD_CBOR', 'offset 3: duplicate map key 1'], // 0x18 0x01: a non-shortest 1
    ['a2010019000100', 'BAD_CBOR', 'duplicate map key 1'],
    ['a2f93c00000100', 'BAD_CBOR', 'offset 5: duplicate map key 1'], // 1.0 and 1 are one JS key
    ['a200000000', 'BAD_CBOR', 'duplicate map key 0'],
    ['a20000f9800000', 'BAD_CBOR', 'duplicate map key 0'], // 0 and -0.0
    ['a2f97e0000fb7ff800000000000000', 'BAD_CBOR', 'duplicate map key NaN'],
    ['a2616100616100', 'BAD_CBOR', 'offset 4: duplicate map key "a"'],
    ['a261610078016100', 'BAD_CBOR', 'offset 4: duplicate map key "a"'], // 0x78 0x01: a non-shortest length
    ['a2f400f400', 'BAD_CBOR', 'duplicate map key false'],
    ['a2f600f600', 'BAD_CBOR', 'duplicate map key null'],
    ['a2f700f700', 'BAD_CBOR', 'duplicate map key undefined'],
    ['a21b0020000000000000001b002000000000000000', 'BAD_CBOR', 'duplicate map key 9007199254740992'],
    ['a241010041010100', 'BAD_CBOR', "offset 4: duplicate map key Uint8Array(1) h'01'"],
    ['a24101005801010100', 'BAD_CBOR', "duplicate map key Uint8Array(1) h'01'"],
    ['a28201020082010200', 'BAD_CBOR', 'duplicate map key array [n1,n2]'],
    ['a2a1010200a1010200', 'BAD_CBOR', 'duplicate map key object {n1:n2}'],
    ['a2a20102030400a20304010200', 'BAD_CBOR', 'offset 7: duplicate map key object {n1:n2,n3:n4}'],
    ['a2c10100c10100', 'BAD_CBOR', 'duplicate map key object 1(n1)'],
    ['a2f000f000', 'BAD_CBOR', 'duplicate map key object simple(16)'],
    ['81a2010001f5', 'BAD_CBOR', 'offset 4: duplicate map key 1'],
    ['62c328', 'BAD_CBOR', 'offset 0: invalid UTF-8 in text string'],
    ['6180', 'BAD_CBOR', 'invalid UTF-8'],
    ['62c0af', 'BAD_CBOR', 'invalid UTF-8'], // overlong "/"
    ['63eda080', 'BAD_CBOR', 'invalid UTF-8'], // an encoded surrogate, U+D800
    ['64f4908080', 'BAD_CBOR', 'invalid UTF-8'], // above U+10FFFF
    [`8201782a${'61'.repeat(41)}ff`, 'BAD_CBOR', 'offset 2: invalid UTF-8 in text string'],
    ['f800', 'BAD_CBOR', 'offset 0: two-byte simple value 0 is below 32'],
    ['f814', 'BAD_CBOR', 'two-byte simple value 20 is below 32'],
    ['f81f', 'BAD_CBOR', 'two-byte simple value 31 is below 32'],
  ];

  it.each(bad)('%s → %s', (hex, code, fragment) => {
    const e = rejection(hex);
    expect(e.code).toBe(code);
    expect(e.message).toContain(fragment);
  });

  it('rejects misuse with TypeError / RangeError', () => {
    expect(() => decodeCbor('a0' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => decodeCbor(bytes(0), { maxDepth: 0 })).toThrow(RangeError);
    expect(() => decodeCbor(bytes(0), { maxDepth: CBOR_DEPTH_CAP + 1 })).toThrow(/"maxDepth" expected an integer in 1\.\.512/);
    expect(() => decodeCbor(bytes(0), { maxItems: 1.5 })).toThrow(/"maxItems"/);
    expect(() => decodeCbor(bytes(0), { maxBytes: -1 })).toThrow(/"maxBytes"/);
  });
});

describe('decodeCbor: limits', () => {
  const nested = (levels: number, innermost: string) => '81'.repeat(levels - 1) + innermost;

  it('exports its defaults', () => {
    expect(CBOR_MAX_DEPTH).toBe(16);
    expect(CBOR_MAX_ITEMS).toBe(8192);
    expect(CBOR_DECODE_DEFAULTS).toEqual({ wrapFloats: false, maxDepth: 16, maxItems: 8192 });
    expect(Object.isFrozen(CBOR_DECODE_DEFAULTS)).toBe(true);
  });

  it('accepts depth 16: sixteen nested arrays, or fifteen around a scalar', () => {
    expect(() => decodeCbor(fromHex(nested(16, '80')))).not.toThrow();
    expect(() => decodeCbor(fromHex(nested(15, '8100')))).not.toThrow();
    expect(() => decodeCbor(fromHex('a100'.repeat(15) + '00'))).not.toThrow();
  });

  it('rejects depth 17 (the outermost item is depth 1)', () => {
    const e = rejection(nested(17, '80'));
    expect(e.code).toBe('BAD_CBOR');
    expect(e.message).toContain('offset 16: nesting deeper than 16');
    expect(rejection(nested(16, '8100')).message).toContain('offset 16: nesting deeper than 16');
    expect(rejection('a100'.repeat(16) + '00').message).toContain('nesting deeper than 16');
    // Maps nested as keys: sixteen maps put the innermost key at depth 17.
    const keyChain = (k: number) => 'a1'.repeat(k) + '0000' + '00'.repeat(k - 1);
    expect(() => decodeCbor(fromHex(keyChain(15)))).not.toThrow();
    expect(rejection(keyChain(16)).message).toContain('offset 16: nesting deeper than 16');
  });

  it('does not count tags as depth', () => {
    expect(decodeCbor(fromHex('d2'.repeat(40) + '00'), { maxDepth: 1 })).toBeInstanceOf(CborTag);
    expect(() => decodeCbor(fromHex('c0' + nested(16, 'c080')))).not.toThrow();
    expect(rejection('c0' + nested(17, 'c080')).code).toBe('BAD_CBOR');
  });

  it('applies maxDepth from options', () => {
    expect(decodeCbor(fromHex('80'), { maxDepth: 1 })).toEqual([]);
    expect(rejection('8100', { maxDepth: 1 }).message).toContain('offset 1: nesting deeper than 1');
    expect(() => decodeCbor(fromHex(nested(40, '80')), { maxDepth: 40 })).not.toThrow();
  });

  it('accepts exactly maxItems items and rejects maxItems + 1 as TOO_LARGE', () => {
    const array = (n: number) => '99' + n.toString(16).padStart(4, '0') + '00'.repeat(n);
    expect((decodeCbor(fromHex(array(CBOR_MAX_ITEMS - 1))) as unknown[]).length).toBe(CBOR_MAX_ITEMS - 1);
    const e = rejection(array(CBOR_MAX_ITEMS));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain('over the limit of 8192 items');
  });

  it('counts keys, values, elements and tags as items', () => {
    expect(decodeCbor(fromHex('820000'), { maxItems: 3 })).toEqual([0, 0]);
    expect(rejection('83000000', { maxItems: 3 }).code).toBe('TOO_LARGE');
    expect(decodeCbor(fromHex('a10000'), { maxItems: 3 })).toEqual(map([0, 0]));
    expect(rejection('a200000100', { maxItems: 4 }).code).toBe('TOO_LARGE');
    expect(decodeCbor(fromHex('c000'), { maxItems: 2 })).toEqual(new CborTag(0, 0));
    expect(rejection('c0c000', { maxItems: 2 }).code).toBe('TOO_LARGE');
    expect(rejection('8180', { maxItems: 1 }).code).toBe('TOO_LARGE');
  });

  it('checks the item budget when a count is declared, before reading the elements', () => {
    // 9000 declared elements, all present: rejected at the array head (offset 0).
    const e = rejection('992328' + '00'.repeat(9000));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain('at offset 0');
  });

  it('rejects input over maxBytes as TOO_LARGE', () => {
    expect(decodeCbor(fromHex('1818'), { maxBytes: 2 })).toBe(24);
    const e = rejection('190100', { maxBytes: 2 });
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain('3 bytes is over the limit of 2');
  });
});

describe('CborTag / CborSimple', () => {
  it('validate their members', () => {
    expect(new CborTag(5n, 0).tag).toBe(5);
    expect(new CborTag(2n ** 60n, 0).tag).toBe(2n ** 60n);
    for (const tag of [-1, 1.5, NaN, 2 ** 53, -1n, 2n ** 64n]) {
      expect(() => new CborTag(tag, 0)).toThrow(RangeError);
    }
    for (const value of [-1, 1.5, 20, 23, 24, 31, 256]) expect(() => new CborSimple(value)).toThrow(RangeError);
    expect(Object.isFrozen(new CborTag(1, 0))).toBe(true);
    expect(Object.isFrozen(new CborSimple(1))).toBe(true);
  });
});

describe('encodeCbor: deterministic output (RFC 8949 §4.2.1)', () => {
  // [label, value, hex]
  const exact: Array<[string, unknown, string]> = [
    ['0', 0, '00'],
    ['23', 23, '17'],
    ['24', 24, '1818'],
    ['255', 255, '18ff'],
    ['256', 256, '190100'],
    ['65535', 65535, '19ffff'],
    ['65536', 65536, '1a00010000'],
    ['2^32-1', 2 ** 32 - 1, '1affffffff'],
    ['2^32', 2 ** 32, '1b0000000100000000'],
    ['2^53-1', MAX_SAFE, '1b001fffffffffffff'],
    ['-1', -1, '20'],
    ['-24', -24, '37'],
    ['-25', -25, '3818'],
    ['-256', -256, '38ff'],
    ['-257', -257, '390100'],
    ['-65536', -65536, '39ffff'],
    ['-65537', -65537, '3a00010000'],
    ['-2^32', -(2 ** 32), '3affffffff'],
    ['-2^32-1', -(2 ** 32) - 1, '3b0000000100000000'],
    ['-(2^53-1)', -MAX_SAFE, '3b001ffffffffffffe'],
    ['5n', 5n, '05'],
    ['-65537n', -65537n, '3a00010000'],
    ['2^32 n', 2n ** 32n, '1b0000000100000000'],
    ['2^53 n', 2n ** 53n, '1b0020000000000000'],
    ['2^64-1 n', 2n ** 64n - 1n, '1bffffffffffffffff'],
    ['-2^64 n', -(2n ** 64n), '3bffffffffffffffff'],
    ['-2^64+1 n', -(2n ** 64n) + 1n, '3bfffffffffffffffe'],
    ['1.5', 1.5, 'f93e00'],
    ['-0', -0, 'f98000'],
    ['NaN', NaN, 'f97e00'],
    ['Infinity', Infinity, 'f97c00'],
    ['-Infinity', -Infinity, 'f9fc00'],
    ['2^-24 (smallest half subnormal)', 2 ** -24, 'f90001'],
    ['3·2^-24', 3 * 2 ** -24, 'f90003'],
    ['2^-14 (smallest half normal)', 2 ** -14, 'f90400'],
    ['2^-25 (below half)', 2 ** -25, 'fa33000000'],
    ['1.5·2^-24 (not a half subnormal)', 1.5 * 2 ** -24, 'fa33c00000'],
    ['65504.5', 65504.5, 'fa477fe080'],
    ['100000.5', 100000.5, 'fa47c35040'],
    ['1.1', 1.1, 'fb3ff199999999999a'],
    ['1.0000001', 1.0000001, 'fb3ff000001ad7f29b'],
    ['2^53 (not a safe integer: a float)', 2 ** 53, 'fa5a000000'],
    ['max float32', 3.4028234663852886e38, 'fa7f7fffff'],
    ['1e300', 1e300, 'fb7e37e43c8800759c'],
    ['5e-324', 5e-324, 'fb0000000000000001'],
    ['empty text', '', '60'],
    ['a', 'a', '6161'],
    ['23 chars', 'x'.repeat(23), '77' + '78'.repeat(23)],
    ['24 chars', 'x'.repeat(24), '7818' + '78'.repeat(24)],
    ['256 chars', 'x'.repeat(256), '790100' + '78'.repeat(256)],
    ['ü', 'ü', '62c3bc'],
    ['BOM', '\uFEFF', '63efbbbf'],
    ['emoji', '😀', '64f09f9880'],
    ['8 × ü (16 bytes)', 'ü'.repeat(12), '78' + '18' + 'c3bc'.repeat(12)],
    ['empty bytes', new Uint8Array(0), '40'],
    ['24 bytes', new Uint8Array(24), '5818' + '00'.repeat(24)],
    ['Buffer', Buffer.from([1]), '4101'],
    ['empty array', [], '80'],
    ['24 elements', new Array(24).fill(0), '9818' + '00'.repeat(24)],
    ['empty map', map(), 'a0'],
    ['bytewise key order, not length-first', map(['b', 1], ['a', 2], [10, 3], [-1, 4], [100, 5]), 'a50a031864052004616102616201'],
    [
      'claims shape',
      map([-65537, map([0, 0])], [6, 1700000000], [1, 'CN'], [4, 1700003600]),
      ['a4', '0162434e', '041a6553ff10', '061a6553f100', '3a00010000a10000'].join(''),
    ],
    ['byte-string and array keys', map([[1], 0], [bytes(1), 1], [0, 2]), 'a30002410101810100'],
    ['tag 18', new CborTag(18, []), 'd280'],
    ['tag 2^32', new CborTag(2 ** 32, 0), 'db000000010000000000'],
    ['tag 2^64-1', new CborTag(2n ** 64n - 1n, 0), 'dbffffffffffffffff00'],
    ['simple 0', new CborSimple(0), 'e0'],
    ['simple 19', new CborSimple(19), 'f3'],
    ['simple 32', new CborSimple(32), 'f820'],
    ['simple 255', new CborSimple(255), 'f8ff'],
    ['false', false, 'f4'],
    ['true', true, 'f5'],
    ['null', null, 'f6'],
    ['undefined', undefined, 'f7'],
  ];

  it.each(exact)('%s', (_, value, hex) => {
    const out = encodeCbor(value);
    expect(toHex(out)).toBe(hex);
    expect(out.constructor).toBe(Uint8Array);
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(out.length);
  });

  // Appending a simple value sends a whole value through our own writer, appending 0 lets
  // cbor-x write it when it can: the bytes before the last one must agree.
  it.each(exact)('cbor-x and our own writer agree on %s', (_, value, hex) => {
    const viaOwn = encodeCbor([value, new CborSimple(0)]);
    const viaDefault = encodeCbor([value, 0]);
    expect(toHex(viaOwn)).toBe(`82${hex}e0`);
    expect(toHex(viaDefault)).toBe(`82${hex}00`);
  });

  it('gives the same bytes for every insertion order of a map', () => {
    const entries: Array<[unknown, unknown]> = [[1, 'a'], ['k', 2], [-3, bytes(4)], [bytes(), null], [[0], true], [map(), 0]];
    const reference = toHex(encodeCbor(new Map(entries)));
    expect(reference).toBe(['a6', '016161', '224104', '40f6', '616b02', '8100f5', 'a000'].join(''));
    for (let r = 0; r < entries.length; r++) {
      const rotated = [...entries.slice(r), ...entries.slice(0, r)];
      expect(toHex(encodeCbor(new Map(rotated)))).toBe(reference);
      expect(toHex(encodeCbor(new Map(rotated.reverse())))).toBe(reference);
      // The same again through our own writer (a float value forces it).
      expect(toHex(encodeCbor(new Map([...rotated, [2, 0.5]])))).toBe(toHex(encodeCbor(new Map([[2, 0.5], ...entries]))));
    }
  });

  it('writes the shortest form of input that was not', () => {
    // {2: 1.5 as a double, 1: "a" with a 1-byte length}, both keys with 8- and 4-byte heads.
    const loose = fromHex('b900021b0000000000000002fb3ff80000000000001a00000001780161');
    expect(toHex(encodeCbor(decodeCbor(loose)))).toBe('a201616102f93e00');
  });

  // [label, value, error class, message fragment]
  const misuse: Array<[string, unknown, typeof TypeError | typeof RangeError, string]> = [
    ['plain object', { a: 1 }, TypeError, 'cannot encode a plain object (use a Map) as CBOR'],
    ['null-prototype object', Object.create(null), TypeError, 'a plain object'],
    ['Date', new Date(0), TypeError, 'cannot encode Date as CBOR'],
    ['Set', new Set(), TypeError, 'cannot encode Set'],
    ['Uint16Array', new Uint16Array(1), TypeError, 'cannot encode Uint16Array'],
    ['ArrayBuffer', new ArrayBuffer(1), TypeError, 'cannot encode ArrayBuffer'],
    ['function', () => 1, TypeError, 'cannot encode function'],
    ['symbol', Symbol('x'), TypeError, 'cannot encode symbol'],
    ['nested plain object', [map([1, {}])], TypeError, 'a plain object'],
    ['plain object beside a float', [1.5, {}], TypeError, 'a plain object'],
    ['bigint 2^64', 2n ** 64n, RangeError, 'outside the CBOR integer range'],
    ['bigint -2^64-1', -(2n ** 64n) - 1n, RangeError, 'outside the CBOR integer range'],
    ['lone high surrogate', 'a\uD800', TypeError, 'lone surrogate'],
    ['lone low surrogate beside a float', ['\uDC00', 0.5], TypeError, 'lone surrogate'],
    ['long string with a lone surrogate', 'x'.repeat(100) + '\uD800', TypeError, 'lone surrogate'],
    ['duplicate byte-string keys', map([bytes(1), 1], [bytes(1), 2]), TypeError, "duplicate key h'4101'"],
    ['1 and 1n', map([1, 1], [1n, 2]), TypeError, "duplicate key h'01'"],
    ['duplicate keys beside a float', map([[0], 1], [[0], 0.5]), TypeError, 'duplicate key'],
  ];
  it.each(misuse)('rejects %s', (_, value, type, fragment) => {
    expect(() => encodeCbor(value)).toThrow(type);
    expect(() => encodeCbor(value)).toThrow(fragment);
  });

  it('rejects a cycle with RangeError', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => encodeCbor(cyclic)).toThrow(/nesting deeper than 512/);
    const withFloat: unknown[] = [0.5];
    withFloat.push(withFloat);
    expect(() => encodeCbor(withFloat)).toThrow(RangeError);
  });
});

describe('decodeCbor: wrapFloats', () => {
  it('keeps floats apart from integers when asked, and still finds 1 / 1.0 duplicates', async () => {
    const { CborFloat } = await import('../../../src/codec/cbor.js');
    expect(decodeCbor(Uint8Array.of(0xf9, 0x3c, 0x00))).toBe(1);
    expect(decodeCbor(Uint8Array.of(0xf9, 0x3c, 0x00), { wrapFloats: true })).toEqual(new CborFloat(1));
    expect(decodeCbor(Uint8Array.of(0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0), { wrapFloats: true })).toEqual(new CborFloat(1.5));
    expect(() => decodeCbor(Uint8Array.of(0xa2, 0x01, 0x00, 0xf9, 0x3c, 0x00, 0x00), { wrapFloats: true })).toThrow(/duplicate/);
    expect(() => decodeCbor(Uint8Array.of(0xa2, 0xf9, 0x3c, 0x00, 0x00, 0x01, 0x00), { wrapFloats: true })).toThrow(/duplicate/);
    expect(encodeCbor(new CborFloat(1))).toEqual(Uint8Array.of(0xf9, 0x3c, 0x00));
  });
});
