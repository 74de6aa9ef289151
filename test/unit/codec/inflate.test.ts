import { constants, deflateRawSync, deflateSync, gzipSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INFLATE_MAX_OUTPUT, inflateCapped } from '../../../src/codec/inflate.js';
import { isHealthCodeError } from '../../../src/errors.js';
import { prng } from '../../support/images.js';

const SEED = 0x1f1a7e;

function bytesOf(buffer: Buffer | Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length).slice();
}

function randomBytes(length: number, seed: number, alphabet = 256): Uint8Array {
  const next = prng(seed);
  return Uint8Array.from({ length }, () => Math.floor(next() * alphabet));
}

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isHealthCodeError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a HealthCodeError');
}

/** node:zlib's answer: the output, or undefined when it refuses; trailing bytes count as a refusal. */
function zlibAnswer(bytes: Uint8Array): Uint8Array | undefined {
  try {
    const { buffer, engine } = inflateSync(bytes, { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    return engine.bytesWritten === bytes.length ? bytesOf(buffer) : undefined;
  } catch {
    return undefined;
  }
}

function ourAnswer(bytes: Uint8Array, max = 1 << 22): Uint8Array | undefined {
  try {
    return inflateCapped(bytes, max);
  } catch (error) {
    if (isHealthCodeError(error) && error.code === 'BAD_COMPRESSION') return undefined;
    throw error;
  }
}

describe('inflateCapped', () => {
  it('inflates zlib streams of every level and strategy (stored, fixed, dynamic blocks) back to the input', () => {
    const inputs = [new Uint8Array(0), Uint8Array.of(7), randomBytes(300, 1), randomBytes(70_000, 2, 4), new Uint8Array(100_000).fill(9), randomBytes(INFLATE_MAX_OUTPUT, 3)];
    const settings = [{ level: 0 }, { level: 1 }, { level: 9 }, { strategy: constants.Z_FIXED }, { strategy: constants.Z_HUFFMAN_ONLY }, { strategy: constants.Z_RLE }];
    for (const input of inputs) {
      for (const options of settings) {
        const out = inflateCapped(bytesOf(deflateSync(input, options)), 1 << 20);
        expect(out.constructor).toBe(Uint8Array);
        expect(Buffer.compare(out, input), `length ${input.length}, ${JSON.stringify(options)}`).toBe(0);
      }
    }
  });

  it('agrees with node:zlib on random data and random mutations of valid streams', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 0, max: 9 }), fc.constantFrom(2, 16, 256), (raw, level, alphabet) => {
        const input = raw.map((b) => b % alphabet);
        const compressed = bytesOf(deflateSync(input, { level }));
        expect(Buffer.compare(inflateCapped(compressed, 4096), input)).toBe(0);
      }),
      { seed: SEED, numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (input, flips) => {
        const mutated = bytesOf(deflateSync(input.map((b) => b % 16)));
        for (const [at, xor] of flips) mutated[at % mutated.length]! ^= xor;
        const theirs = zlibAnswer(mutated);
        const ours = ourAnswer(mutated);
        expect(ours === undefined, 'refused by one decoder only').toBe(theirs === undefined);
        if (ours && theirs) expect(Buffer.compare(ours, theirs)).toBe(0);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('agrees with node:zlib on arbitrary bytes behind a valid header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 200 }), (body) => {
        const bytes = Uint8Array.from([0x78, 0x9c, ...body]);
        expect(ourAnswer(bytes) === undefined).toBe(zlibAnswer(bytes) === undefined);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('accepts exactly the cap and refuses one byte more with TOO_LARGE', () => {
    const input = new Uint8Array(1000).fill(7);
    expect(inflateCapped(bytesOf(deflateSync(input)), 1000).length).toBe(1000);
    const over = failure(() => inflateCapped(bytesOf(deflateSync(input)), 999));
    expect(over.code).toBe('TOO_LARGE');
    expect(over.message).toMatch(/more than 999 bytes/);
  });

  it('refuses one byte over the cap in every block type: stored, fixed and dynamic Huffman literals', () => {
    // Literals over a 16-symbol alphabet, no long repeats: written as literal codes, not matches.
    let x = 12345;
    const input = Uint8Array.from({ length: 1000 }, () => 0x41 + ((x = (x * 1103515245 + 12345) >>> 0) >>> 28));
    const streams: [string, number, Uint8Array][] = [
      ['stored', 0, bytesOf(deflateSync(input, { level: 0 }))],
      ['fixed', 1, bytesOf(deflateSync(input, { strategy: constants.Z_FIXED }))],
      ['dynamic', 2, bytesOf(deflateSync(input, { strategy: constants.Z_HUFFMAN_ONLY }))],
    ];
    for (const [name, type, stream] of streams) {
      expect((stream[2]! >> 1) & 3, `${name}: BTYPE of the first block`).toBe(type);
      expect(inflateCapped(stream, 1000), name).toEqual(input);
      const over = failure(() => inflateCapped(stream, 999));
      expect(over.code, name).toBe('TOO_LARGE');
      expect(over.message, name).toMatch(/more than 999 bytes/);
    }
  });

  it('refuses every cap under the output, wherever in a run of literals the output reaches it', () => {
    // Literals are decoded up to three at a time: the cap must stop each of those places.
    let x = 67890;
    const input = Uint8Array.from({ length: 300 }, () => 0x41 + ((x = (x * 1103515245 + 12345) >>> 0) >>> 28));
    for (const strategy of [constants.Z_FIXED, constants.Z_HUFFMAN_ONLY]) {
      const stream = bytesOf(deflateSync(input, { strategy }));
      for (let cap = 1; cap < input.length; cap++) {
        const over = failure(() => inflateCapped(stream, cap));
        expect(`${over.code}: ${over.message}`, `strategy ${strategy}, cap ${cap}`).toMatch(new RegExp(`^TOO_LARGE: .*more than ${cap} bytes`));
      }
      expect(inflateCapped(stream, input.length)).toEqual(input);
      // The last literal one over the cap, at each place of a run.
      for (let length = 280; length < input.length; length++) {
        const shorter = bytesOf(deflateSync(input.subarray(0, length), { strategy }));
        expect(failure(() => inflateCapped(shorter, length - 1)).code, `strategy ${strategy}, ${length} bytes`).toBe('TOO_LARGE');
      }
    }
  });

  it('stops a decompression bomb at the default 64 KiB cap, before inflating it', () => {
    const bomb = bytesOf(deflateSync(new Uint8Array(10_000_000), { level: 9 }));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const started = performance.now();
    const result = failure(() => inflateCapped(bomb));
    expect(result.code).toBe('TOO_LARGE');
    expect(result.message).toMatch(/65536 bytes/);
    expect(performance.now() - started).toBeLessThan(100); // it stopped at the cap, not after 50 MB
  });

  it('refuses input that is not a zlib stream with BAD_COMPRESSION', () => {
    const payload = new TextEncoder().encode('an uncompressed COSE message would be here');
    const cases: [string, Uint8Array, RegExp][] = [
      ['uncompressed COSE (tag 18)', Uint8Array.of(0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26, 0xa0), /not a zlib stream/],
      ['raw deflate without the zlib header', bytesOf(deflateRawSync(payload)), /not a zlib stream/],
      ['gzip', bytesOf(gzipSync(payload)), /not a zlib stream/],
      ['an empty input', new Uint8Array(0), /shorter than a zlib header/],
      ['a header alone', Uint8Array.of(0x78, 0x9c), /shorter than a zlib header/],
      ['a header whose check bits fail', Uint8Array.of(0x78, 0x9d, 0, 0, 0, 0), /not a zlib stream/],
      ['a 64 KiB window (CINFO 8)', Uint8Array.of(0x88, 0x1d, 0, 0, 0, 0), /not a zlib stream/],
      ['a preset dictionary (FDICT)', Uint8Array.of(0x78, 0xbb, 0, 0, 0, 0, 0, 0), /preset dictionary/],
    ];
    for (const [name, bytes, fragment] of cases) {
      const result = failure(() => inflateCapped(bytes));
      expect(result.code, name).toBe('BAD_COMPRESSION');
      expect(result.message, name).toMatch(fragment);
    }
  });

  it('names each RFC 1951 violation', () => {
    // Hand-made deflate bodies after the header 78 01 (RFC 1950 check bits for CINFO 7, level 0).
    const zlib = (...body: number[]): Uint8Array => Uint8Array.of(0x78, 0x01, ...body, 0, 0, 0, 1);
    const cases: [string, Uint8Array, RegExp][] = [
      ['block type 3', zlib(0x07), /block type 3 is reserved/],
      ['stored block with LEN and NLEN that disagree', zlib(0x01, 0x05, 0x00, 0x00, 0x00), /LEN and NLEN/],
      ['fixed block with length code 286', zlib(0x1b, 0x03, 0x00, 0x00), /invalid length code 286/],
      ['fixed block with a distance before the start', zlib(0x03, 0x02, 0x00), /reaches before the start/],
      ['dynamic block declaring 287 literal codes', zlib(0xf5, 0x00, 0x00, 0x00), /too many codes/],
    ];
    for (const [name, bytes, fragment] of cases) {
      const result = failure(() => inflateCapped(bytes));
      expect(result.code, name).toBe('BAD_COMPRESSION');
      expect(result.message, name).toMatch(fragment);
      expect(zlibAnswer(bytes), `zlib refuses ${name} too`).toBeUndefined();
    }
  });

  it('does not hold distances to the window the header declares, as zlib does not', () => {
    const twice = randomBytes(1000, 5);
    const small = bytesOf(deflateSync(Uint8Array.from([...twice, ...twice])));
    small[0] = 0x08; // CM 8, CINFO 0: a 256-byte window, yet the second half refers 1000 bytes back
    small[1] = 0x1d; // FCHECK: (0x08 << 8 | 0x1d) % 31 === 0
    expect(Buffer.compare(inflateCapped(small), zlibAnswer(small)!)).toBe(0);
    expect(inflateCapped(small).length).toBe(2000);
  });

  it('refuses a truncated stream, a wrong Adler-32 and a damaged body', () => {
    const good = bytesOf(deflateSync(randomBytes(2000, 9)));
    for (const cut of [1, 4, 5, Math.floor(good.length / 2)]) {
      const result = failure(() => inflateCapped(good.subarray(0, good.length - cut)));
      expect(result.code, `cut ${cut}`).toBe('BAD_COMPRESSION');
      expect(result.message).toMatch(/truncated|corrupt/);
    }
    const flipped = good.slice();
    flipped[good.length - 1]! ^= 1;
    expect(failure(() => inflateCapped(flipped)).message).toMatch(/Adler-32/);
  });

  it('refuses bytes after the end of the stream', () => {
    const good = bytesOf(deflateSync(new TextEncoder().encode('hello')));
    for (const tail of [[0], [1, 2, 3], [0, 0, 0, 0, 0]]) {
      const result = failure(() => inflateCapped(Uint8Array.from([...good, ...tail])));
      expect(result.code).toBe('BAD_COMPRESSION');
      expect(result.message).toMatch(new RegExp(`${tail.length} byte\\(s\\) follow the end`));
    }
  });

  it('throws TypeError / RangeError on misuse', () => {
    expect(() => inflateCapped('x' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => inflateCapped(new Uint8Array(8), 0)).toThrow(RangeError);
    expect(() => inflateCapped(new Uint8Array(8), 1.5)).toThrow(TypeError);
  });
});
