import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { INFLATE_MAX_OUTPUT, inflateCapped } from '../../../src/codec/inflate.js';
import { isHealthCodeError } from '../../../src/errors.js';
import { prng } from '../../support/images.js';

function bytesOf(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length).slice();
}

function randomBytes(length: number, seed: number): Uint8Array {
  const next = prng(seed);
  return Uint8Array.from({ length }, () => Math.floor(next() * 256));
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isHealthCodeError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a HealthCodeError');
}

describe('inflateCapped', () => {
  it('inflates zlib streams of every level back to the input, as a plain Uint8Array', async () => {
    for (const length of [0, 1, 300, 20_000, INFLATE_MAX_OUTPUT]) {
      const input = randomBytes(length, length + 1);
      for (const level of [0, 1, 9]) {
        const out = await inflateCapped(bytesOf(deflateSync(input, { level })));
        expect(out.constructor).toBe(Uint8Array);
        expect(Buffer.compare(out, input), `length ${length}, level ${level}`).toBe(0);
      }
    }
  });

  it('accepts exactly the cap and refuses one byte more with TOO_LARGE', async () => {
    const input = new Uint8Array(1000).fill(7);
    expect((await inflateCapped(bytesOf(deflateSync(input)), 1000)).length).toBe(1000);
    const over = await failure(inflateCapped(bytesOf(deflateSync(input)), 999));
    expect(over.code).toBe('TOO_LARGE');
    expect(over.message).toMatch(/more than 999 bytes/);
  });

  it('stops a decompression bomb at the default 64 KiB cap', async () => {
    const bomb = bytesOf(deflateSync(new Uint8Array(50_000_000), { level: 9 }));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const result = await failure(inflateCapped(bomb));
    expect(result.code).toBe('TOO_LARGE');
    expect(result.message).toMatch(/65536 bytes/);
  });

  it('refuses input that is not a zlib stream with BAD_COMPRESSION, before inflating', async () => {
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
      const result = await failure(inflateCapped(bytes));
      expect(result.code, name).toBe('BAD_COMPRESSION');
      expect(result.message, name).toMatch(fragment);
    }
  });

  it('refuses a truncated or damaged stream with BAD_COMPRESSION', async () => {
    const good = bytesOf(deflateSync(randomBytes(2000, 9)));
    for (const cut of [1, 4, 5, Math.floor(good.length / 2)]) {
      const result = await failure(inflateCapped(good.subarray(0, good.length - cut)));
      expect(result.code, `cut ${cut}`).toBe('BAD_COMPRESSION');
    }
    const flipped = good.slice();
    flipped[good.length - 1]! ^= 1; // the Adler-32 trailer
    expect((await failure(inflateCapped(flipped))).code).toBe('BAD_COMPRESSION');
    const body = good.slice();
    body[40]! ^= 0x10;
    expect((await failure(inflateCapped(body))).code).toBe('BAD_COMPRESSION');
  });

  it('refuses bytes after the end of the stream, whatever the runtime would do', async () => {
    const good = bytesOf(deflateSync(new TextEncoder().encode('hello')));
    for (const tail of [[0], [1, 2, 3], [0, 0, 0, 0, 0]]) {
      const result = await failure(inflateCapped(Uint8Array.from([...good, ...tail])));
      expect(result.code).toBe('BAD_COMPRESSION');
      expect(result.message).toMatch(/follow the end/);
    }
  });

  it('throws TypeError / RangeError on misuse', async () => {
    await expect(inflateCapped('x' as unknown as Uint8Array)).rejects.toThrow(TypeError);
    await expect(inflateCapped(new Uint8Array(8), 0)).rejects.toThrow(RangeError);
    await expect(inflateCapped(new Uint8Array(8), 1.5)).rejects.toThrow(TypeError);
  });
});
