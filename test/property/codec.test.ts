/**
 * Properties of the codecs (fast-check, fixed seed): round trips, "only our error codes",
 * our two CBOR writers agree, and differential checks against cbor2 (an independent
 * decoder/encoder) on well-formed input written three ways: by encodeCbor, by cbor2, and by a
 * loose writer below that picks random head widths, float widths and key orders.
 */
import { Tag as Cbor2Tag, cdeEncodeOptions, decode as cbor2Decode, encode as cbor2Encode } from 'cbor2';
import { Simple as Cbor2Simple } from 'cbor2/simple';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase45, encodeBase45 } from '../../src/codec/base45.js';
import { toHex } from '../../src/codec/bytes.js';
import { CborSimple, CborTag, decodeCbor, encodeCbor } from '../../src/codec/cbor.js';
import { HealthCodeError, isHealthCodeError } from '../../src/errors.js';

const SEED = 0x4851_3101;
const RUNS = 400;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
// Every integer as bigint, so that fromCbor2 can tell an integer −2^53 (a bigint for us,
// a number for cbor2's default) from the float −2^53; no tag conversion; maps as Map.
const CBOR2_DECODE = { preferMap: true, ignoreGlobalTags: true, preferBigInt: true } as const;

// ---------------------------------------------------------------------------------------
// Values in the decoder's representation

interface ValueOptions {
  /** Non-integer floats, -0, NaN, ±Infinity, simple values and tag numbers ≥ 2^32: what cbor-x cannot write. */
  ownOnly: boolean;
}

function cborValue({ ownOnly }: ValueOptions): fc.Arbitrary<unknown> {
  const integers = fc.oneof(
    fc.constantFrom(0, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, MAX_SAFE),
    fc.constantFrom(-1, -24, -25, -256, -257, -65536, -65537, -(2 ** 32), -(2 ** 32) - 1, -MAX_SAFE),
    fc.integer({ min: -70000, max: 70000 }),
    fc.maxSafeInteger(),
  );
  const bigints = fc.oneof(
    fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
    fc.bigInt({ min: -(2n ** 64n), max: -(2n ** 53n) - 1n }),
    fc.constantFrom(2n ** 53n, 2n ** 64n - 1n, -(2n ** 53n), -(2n ** 64n)),
  );
  const leaves: Array<fc.Arbitrary<unknown>> = [
    integers,
    bigints,
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.uint8Array({ maxLength: 40 }),
    fc.constantFrom(true, false, null, undefined),
  ];
  if (ownOnly) {
    leaves.push(
      fc.double(),
      fc.float().map((f) => (Object.is(f, -0) || !Number.isInteger(f) ? f : f + 0.5)),
      fc.integer({ min: -2048, max: 2048 }).map((n) => n * 2 ** -24), // half-precision values
      fc.oneof(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 32, max: 255 })).map((v) => new CborSimple(v)),
    );
  }
  const tagNumbers = ownOnly
    ? fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constantFrom(2 ** 32, MAX_SAFE), fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }))
    : fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constantFrom(18, 55799, 2 ** 32 - 1));
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 5 },
      ...leaves,
      fc.array(tie('value'), { maxLength: 5 }),
      fc
        .uniqueArray(fc.tuple(tie('value'), tie('value')), {
          maxLength: 5,
          selector: ([k]) => toHex(encodeCbor(k)),
        })
        .map((entries) => new Map(entries)),
      fc.tuple(tagNumbers, tie('value')).map(([t, v]) => new CborTag(t, v)),
    ),
  }));
  return value;
}

const anyValue = cborValue({ ownOnly: true });
const cborXValue = cborValue({ ownOnly: false });

// ---------------------------------------------------------------------------------------
// cbor2 <-> our representation

function toCbor2(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toCbor2);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [toCbor2(k), toCbor2(x)]));
  if (v instanceof CborTag) return new Cbor2Tag(v.tag, toCbor2(v.value));
  if (v instanceof CborSimple) return new Cbor2Simple(v.value);
  return v;
}

function fromCbor2(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromCbor2);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [fromCbor2(k), fromCbor2(x)]));
  if (v instanceof Cbor2Tag) {
    const tag = typeof v.tag === 'bigint' ? v.tag : Number(v.tag); // cbor2 may box the number
    return new CborTag(tag, fromCbor2(v.contents));
  }
  if (v instanceof Cbor2Simple) return new CborSimple(v.value);
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  if (typeof v === 'bigint' && v >= -BigInt(MAX_SAFE) && v <= BigInt(MAX_SAFE)) return Number(v);
  return v;
}

// ---------------------------------------------------------------------------------------
// A loose writer: valid CBOR in non-deterministic forms

function looseEncode(value: unknown, random: () => number): Uint8Array {
  const out: number[] = [];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const head = (major: number, n: bigint) => {
    const widths = [n < 24n ? 0 : -1, n < 256n ? 1 : -1, n < 65536n ? 2 : -1, n < 2n ** 32n ? 4 : -1, 8].filter((w) => w >= 0);
    const width = pick(widths);
    if (width === 0) return out.push((major << 5) | Number(n));
    out.push((major << 5) | { 1: 24, 2: 25, 4: 26, 8: 27 }[width]!);
    for (let i = width - 1; i >= 0; i--) out.push(Number((n >> BigInt(8 * i)) & 0xffn));
  };
  const float = (v: number) => {
    const single = Math.fround(v) === v || Number.isNaN(v);
    const view = new DataView(new ArrayBuffer(8));
    if (single && random() < 0.5) {
      view.setFloat32(0, v);
      out.push(0xfa, ...new Uint8Array(view.buffer, 0, 4));
    } else if (random() < 0.5) {
      view.setFloat64(0, v);
      out.push(0xfb, ...new Uint8Array(view.buffer));
    } else {
      out.push(...encodeCbor(v));
    }
  };
  const write = (v: unknown): void => {
    if (typeof v === 'number') {
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) return v >= 0 ? void head(0, BigInt(v)) : void head(1, BigInt(-1 - v));
      return float(v);
    }
    if (typeof v === 'bigint') return v >= 0n ? void head(0, v) : void head(1, -1n - v);
    if (typeof v === 'string') {
      const b = new TextEncoder().encode(v);
      head(3, BigInt(b.length));
      return void out.push(...b);
    }
    if (v instanceof Uint8Array) {
      head(2, BigInt(v.length));
      return void out.push(...v);
    }
    if (Array.isArray(v)) {
      head(4, BigInt(v.length));
      return v.forEach(write);
    }
    if (v instanceof Map) {
      const entries = [...v];
      for (let i = entries.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [entries[i], entries[j]] = [entries[j]!, entries[i]!];
      }
      head(5, BigInt(entries.length));
      for (const [k, x] of entries) {
        write(k);
        write(x);
      }
      return;
    }
    if (v instanceof CborTag) {
      head(6, BigInt(v.tag));
      return write(v.value);
    }
    if (v instanceof CborSimple) return void out.push(...encodeCbor(v));
    out.push(...encodeCbor(v)); // false, true, null, undefined
  };
  write(value);
  return Uint8Array.from(out);
}

/** A small deterministic PRNG for the loose writer (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (isHealthCodeError(e)) return e.code;
    throw e;
  }
}

const options = { seed: SEED, numRuns: RUNS };

// ---------------------------------------------------------------------------------------

describe('Base45 properties', () => {
  it('decode(encode(bytes)) = bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(decodeBase45(encodeBase45(bytes))).toEqual(bytes);
      }),
      options,
    );
  });

  const alphabet = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'];
  const texts = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 30 }),
    fc.string({ unit: fc.constantFrom(...alphabet, ':', 'a', '=', '\n', 'Ä'), maxLength: 30 }),
  );

  it('decodeBase45 on any string returns, or throws BAD_BASE45 and nothing else', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const code = codeOf(() => decodeBase45(text));
        expect([undefined, 'BAD_BASE45']).toContain(code);
      }),
      options,
    );
  });

  it('accepts only the text the encoder writes: encode(decode(text)) = text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        let bytes: Uint8Array;
        try {
          bytes = decodeBase45(text);
        } catch {
          return;
        }
        expect(encodeBase45(bytes)).toBe(text);
      }),
      options,
    );
  });
});

describe('CBOR properties', () => {
  it('decode(encode(value)) = value, and encoding is idempotent', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const encoded = encodeCbor(value);
        const decoded = decodeCbor(encoded);
        expect(decoded).toStrictEqual(value);
        expect(toHex(encodeCbor(decoded))).toBe(toHex(encoded));
      }),
      options,
    );
  });

  it('our own writer gives the bytes cbor-x gives', () => {
    fc.assert(
      fc.property(cborXValue, (value) => {
        const viaOwn = encodeCbor([value, new CborSimple(0)]);
        const viaCborX = encodeCbor([value, 0]);
        expect(toHex(viaOwn.subarray(0, -1))).toBe(toHex(viaCborX.subarray(0, -1)));
      }),
      options,
    );
  });

  it('encodeCbor agrees with cbor2 core deterministic encoding', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(toHex(encodeCbor(value))).toBe(toHex(cbor2Encode(toCbor2(value), cdeEncodeOptions)));
      }),
      options,
    );
  });

  it('decodeCbor agrees with cbor2 on output of encodeCbor, of cbor2, and of a loose writer', () => {
    fc.assert(
      fc.property(anyValue, fc.integer(), (value, seed) => {
        const inputs = [encodeCbor(value), cbor2Encode(toCbor2(value)), looseEncode(value, prng(seed))];
        for (const input of inputs) {
          const ours = decodeCbor(input);
          expect(ours).toStrictEqual(value);
          expect(ours).toStrictEqual(fromCbor2(cbor2Decode(input, CBOR2_DECODE)));
        }
      }),
      options,
    );
  });

  it('rejects a map whose key repeats, whatever head widths it is written with', () => {
    fc.assert(
      fc.property(fc.tuple(anyValue, anyValue), anyValue, fc.integer(), ([key, first], second, seed) => {
        const random = prng(seed);
        const k1 = looseEncode(key, random);
        const k2 = looseEncode(key, random);
        const bytes = Uint8Array.from([0xa2, ...k1, ...encodeCbor(first), ...k2, ...encodeCbor(second)]);
        let error: unknown;
        try {
          decodeCbor(bytes, { maxDepth: 64 });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(HealthCodeError);
        expect((error as HealthCodeError).message).toMatch(/duplicate map key/);
      }),
      options,
    );
  });

  const garbage = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    // Valid encodings with a byte changed, cut short, or extended: close to well-formed.
    fc.tuple(anyValue, fc.nat(), fc.nat(255), fc.constantFrom('set', 'cut', 'insert')).map(([v, at, byte, how]) => {
      const b = Array.from(encodeCbor(v));
      const i = at % (b.length + 1);
      if (how === 'set' && i < b.length) b[i] = byte;
      else if (how === 'cut') b.length = i;
      else b.splice(i, 0, byte);
      return Uint8Array.from(b);
    }),
  );

  it('decodeCbor on any bytes returns, or throws BAD_CBOR / TOO_LARGE and nothing else', () => {
    fc.assert(
      fc.property(garbage, (bytes) => {
        expect([undefined, 'BAD_CBOR']).toContain(codeOf(() => decodeCbor(bytes)));
        expect([undefined, 'BAD_CBOR', 'TOO_LARGE']).toContain(codeOf(() => decodeCbor(bytes, { maxItems: 4, maxDepth: 2 })));
      }),
      { ...options, numRuns: 2000 },
    );
  });

  it('whatever decodeCbor accepts, cbor2 reads alike, and it re-encodes to an equal value', () => {
    fc.assert(
      fc.property(garbage, (bytes) => {
        let ours: unknown;
        try {
          ours = decodeCbor(bytes);
        } catch {
          return;
        }
        expect(ours).toStrictEqual(fromCbor2(cbor2Decode(bytes, CBOR2_DECODE)));
        expect(decodeCbor(encodeCbor(ours))).toStrictEqual(ours);
      }),
      { ...options, numRuns: 2000 },
    );
  });
});
