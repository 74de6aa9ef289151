import { inflateRawSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deflateRaw } from '../../../src/qr/deflate.js';
import { crc32, encodeBitmapPng } from '../../../src/qr/png.js';
import { pngToRgba, prng } from '../../support/images.js';

/** Bytes with long runs and repeats, the shapes LZ77 has to get right (overlapping matches). */
const compressible = fc
  .array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.record({ byte: fc.integer({ min: 0, max: 255 }), run: fc.integer({ min: 1, max: 700 }) })), {
    maxLength: 30,
  })
  .map((parts) => {
    const chunks = parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p.run).fill(p.byte)));
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (out.set(c, at), at + c.length), 0);
    return out;
  });

describe('deflateRaw', () => {
  it('round-trips through zlib for arbitrary and highly repetitive input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 5000 }), compressible), (data) => {
        expect(new Uint8Array(inflateRawSync(deflateRaw(data)))).toEqual(data);
      }),
      { seed: 20240601, numRuns: 300 },
    );
  });

  it('handles distances up to the 32 KiB window and beyond it', () => {
    const random = prng(7);
    const block = new Uint8Array(300).map(() => Math.floor(random() * 256));
    const data = new Uint8Array(100_000);
    // The same 300 bytes at distance 32,768 exactly, and again past the window.
    data.set(block, 0);
    data.set(block, 32_768);
    data.set(block, 32_768 + 40_000);
    const out = deflateRaw(data);
    expect(new Uint8Array(inflateRawSync(out))).toEqual(data);
    expect(out.length).toBeLessThan(1500);
  });

  it('expands incompressible input by at most an eighth', () => {
    const random = prng(9);
    const data = new Uint8Array(50_000).map(() => Math.floor(random() * 256));
    const out = deflateRaw(data);
    expect(new Uint8Array(inflateRawSync(out))).toEqual(data);
    expect(out.length).toBeLessThanOrEqual(Math.ceil((data.length * 9) / 8) + 16);
  });

  it('encodes empty input as a lone end-of-block', () => {
    expect(deflateRaw(new Uint8Array(0))).toEqual(new Uint8Array([0x03, 0x00]));
  });
});

describe('crc32', () => {
  it.each([
    ['', 0x00000000],
    ['123456789', 0xcbf43926], // the CRC-32/ISO-HDLC check value
    ['IEND', 0xae426082], // every PNG ends with this chunk CRC
  ])('crc32(%j) = %s', (text, expected) => {
    expect(crc32(new TextEncoder().encode(text))).toBe(expected);
  });
});

describe('encodeBitmapPng', () => {
  it('decodes to the same pixels for widths off the byte boundary and any scale', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 37 }),
        fc.integer({ min: 1, max: 23 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer(),
        (width, height, scale, seed) => {
          const random = prng(seed);
          // Some equal neighbouring rows, to exercise the Up filter.
          const dark = new Uint8Array(width * height);
          for (let y = 0; y < height; y++) {
            for (let x = 0; x < width; x++) {
              dark[y * width + x] = y > 0 && random() < 0.3 ? dark[(y - 1) * width + x]! : random() < 0.5 ? 1 : 0;
            }
          }
          const png = encodeBitmapPng(dark, width, height, scale);
          const img = pngToRgba(png); // pngjs checks every chunk CRC
          expect([img.width, img.height]).toEqual([width * scale, height * scale]);
          const expected = new Uint8Array(img.width * img.height);
          const actual = new Uint8Array(img.width * img.height);
          for (let y = 0; y < img.height; y++) {
            for (let x = 0; x < img.width; x++) {
              expected[y * img.width + x] = dark[Math.floor(y / scale) * width + Math.floor(x / scale)] === 1 ? 0 : 255;
              actual[y * img.width + x] = img.data[(y * img.width + x) * 4]!;
            }
          }
          expect(actual).toEqual(expected);
          // The zlib stream's Adler-32 is checked by a strict inflater too.
          const idatLength = new DataView(png.buffer, png.byteOffset).getUint32(33);
          expect(() => inflateSync(png.subarray(41, 41 + idatLength))).not.toThrow();
        },
      ),
      { seed: 7, numRuns: 150 },
    );
  });

  it.each([
    [new Uint8Array(4), 0, 4, 1, /"width" expected a positive integer, got 0/],
    [new Uint8Array(4), 2, 2.5, 1, /"height" expected a positive integer, got 2.5/],
    [new Uint8Array(4), 2, 2, 0, /"scale" expected a positive integer, got 0/],
    [new Uint8Array(3), 2, 2, 1, /"dark" expected 4 entries \(width × height\), got 3/],
  ])('rejects bad dimensions (%#)', (dark, width, height, scale, message) => {
    expect(() => encodeBitmapPng(dark, width, height, scale)).toThrow(RangeError);
    expect(() => encodeBitmapPng(dark, width, height, scale)).toThrow(message);
  });
});
