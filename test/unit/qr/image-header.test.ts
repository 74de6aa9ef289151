import { describe, expect, it } from 'vitest';
import { QrError } from '../../../src/qr/errors.js';
import { JPEG_MAX_SCANS, readImageHeader } from '../../../src/qr/image-header.js';
import { renderPng } from '../../../src/qr/render.js';
import { rgbaToJpeg } from '../../support/images.js';

const bytes = (...parts: Array<number[] | string>): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const u16 = (v: number): number[] => [v >> 8, v & 0xff];
const u32 = (v: number): number[] => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ihdr = (w: number, h: number): number[] => [...u32(13), ...'IHDR'.split('').map((c) => c.charCodeAt(0)), ...u32(w), ...u32(h), 8, 6, 0, 0, 0, ...u32(0)];
/** A JPEG marker segment: FF, marker, length (which counts itself), payload. */
const segment = (marker: number, payload: number[]): number[] => [0xff, marker, ...u16(payload.length + 2), ...payload];
const sof = (marker: number, w: number, h: number): number[] => segment(marker, [8, ...u16(h), ...u16(w), 1, 1, 0x11, 0]);
const SOI = [0xff, 0xd8];
/** Well-formed tables: one 8-bit quantisation table, one Huffman table with a single 1-bit code. */
const DQT = segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]);
const DHT = segment(0xc4, [0x00, 1, ...new Array<number>(15).fill(0), 0x00]);
const APP0 = segment(0xe0, [...'JFIF\0'].map((c) => c.charCodeAt(0)).concat([1, 1, 0, 0, 1, 0, 1, 0, 0]));

function codeOf(fn: () => unknown): [string, string] {
  try {
    fn();
  } catch (e) {
    if (e instanceof QrError) return [e.code, e.message];
    throw e;
  }
  throw new Error('expected a QrError');
}

describe('readImageHeader', () => {
  it('reads real files made by our PNG writer and by jpeg-js', () => {
    expect(readImageHeader(renderPng('HQ1:A', { scale: 3 }))).toEqual({ format: 'png', width: 87, height: 87 });
    expect(readImageHeader(rgbaToJpeg(new Uint8Array(30 * 20 * 4), 30, 20))).toEqual({ format: 'jpeg', width: 30, height: 20 });
  });

  it.each([
    ['PNG', bytes(PNG_SIG, ihdr(20_000, 20_000)), 'png', 20_000, 20_000],
    ['baseline JPEG', bytes(SOI, APP0, sof(0xc0, 20_000, 20_000)), 'jpeg', 20_000, 20_000],
    ['progressive JPEG', bytes(SOI, sof(0xc2, 640, 480)), 'jpeg', 640, 480],
    ['JPEG with fill bytes before a marker', bytes(SOI, [0xff, 0xff], APP0, [0xff, 0xff, 0xff], sof(0xc1, 5, 7)), 'jpeg', 5, 7],
    // An EXIF APP1 whose thumbnail has its own SOF: the segment is skipped whole.
    ['JPEG with an EXIF thumbnail', bytes(SOI, segment(0xe1, [...SOI, ...sof(0xc0, 160, 120)]), sof(0xc0, 4000, 3000)), 'jpeg', 4000, 3000],
    ['JPEG with DHT/DQT before the SOF', bytes(SOI, DHT, DQT, sof(0xc0, 9, 9)), 'jpeg', 9, 9],
    ['JPEG with a standalone RST marker', bytes(SOI, [0xff, 0xd0], sof(0xc0, 9, 9)), 'jpeg', 9, 9],
    // jpeg-js reads FF 00 between segments as a marker without a length; so does the walk.
    ['JPEG with FF 00 between segments', bytes(SOI, [0xff, 0x00], sof(0xc0, 9, 9)), 'jpeg', 9, 9],
  ])('reads the dimensions of a %s from the header alone', (_name, data, format, width, height) => {
    expect(readImageHeader(data)).toEqual({ format, width, height });
  });

  it.each([
    ['an empty file', bytes(), /an empty file/],
    ['text', bytes('HQ1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5'), /not an image we recognise/],
    ['a GIF', bytes('GIF89a', [1, 0, 1, 0]), /a GIF image/],
    ['a WebP', bytes('RIFF', u32(100), 'WEBPVP8 '), /a WebP image/],
    ['a HEIC', bytes(u32(24), 'ftypheic'), /a HEIC\/AVIF image/],
    ['a BMP', bytes('BM', u32(1000)), /a BMP image/],
    ['a TIFF', bytes('II*\0', u32(8)), /a TIFF image/],
    ['a PDF', bytes('%PDF-1.7\n'), /a PDF image/],
    ['an SVG', bytes('  <svg xmlns="http://www.w3.org/2000/svg"/>'), /a SVG image/],
    ['a PNG signature cut short', bytes(PNG_SIG.slice(0, 7)), /not an image we recognise/],
  ])('refuses %s as UNSUPPORTED_IMAGE', (_name, data, message) => {
    const [code, text] = codeOf(() => readImageHeader(data));
    expect(code).toBe('UNSUPPORTED_IMAGE');
    expect(text).toMatch(message);
    expect(text).toMatch(/save the picture as PNG or JPEG/);
  });

  it.each([
    ['a PNG without IHDR', bytes(PNG_SIG, [0, 0, 0, 0], 'IEND', u32(0xae426082)), /PNG file is damaged or truncated \(no IHDR chunk\)/],
    ['a PNG whose first chunk is not IHDR', bytes(PNG_SIG, u32(13), 'tEXt', new Array(17).fill(0)), /the first chunk is not IHDR/],
    ['a PNG of width 0', bytes(PNG_SIG, ihdr(0, 10)), /IHDR gives 0×10 pixels/],
    // pngjs decodes at the size of the last IHDR, so the size read here must be the only one.
    ['a PNG with a second IHDR', bytes(PNG_SIG, ihdr(10, 10), ihdr(3000, 3000)), /more than one IHDR chunk/],
    ['a JPEG that ends after SOI and a marker prefix', bytes(SOI, [0xff]), /ends before the frame header/],
    ['a JPEG that ends inside a segment length', bytes(SOI, [0xff, 0xe0, 0x00]), /ends before the frame header/],
    ['a JPEG whose APP0 runs past the end', bytes(SOI, [0xff, 0xe0, 0x40, 0x00, 1, 2]), /ends before the frame header/],
    ['a JPEG with scan data before any frame header', bytes(SOI, APP0, segment(0xda, [1, 1, 0, 0, 63, 0])), /no frame header before the image data/],
    ['a JPEG with EOI before any frame header', bytes(SOI, [0xff, 0xd9]), /no frame header before the image data/],
    ['a JPEG with bytes where a marker belongs', bytes(SOI, APP0, [0x12, 0x34]), /no marker at byte 20/],
    ['a JPEG with a segment length under 2', bytes(SOI, [0xff, 0xe0, 0, 1]), /a segment length of 1/],
    ['a JPEG whose frame header is cut', bytes(SOI, [0xff, 0xc0, 0, 17, 8, 0]), /ends before the frame header/],
    ['a JPEG with height 0 (DNL)', bytes(SOI, sof(0xc0, 640, 0)), /the frame header gives 640×0 pixels/],
    // Segments jpeg-js reads field by field must be as long as their fields, or it reads markers the walk skips.
    ['a JPEG frame header longer than 8 + 3 × its components', bytes(SOI, segment(0xc2, [8, 0, 98, 0, 98, 1, 1, 0x11, 0, 0xff, 0xc2]), [0xff, 0xd9]), /a segment at byte 2 whose length \(13\) does not match what it holds/],
    ['a JPEG frame of 255 components', bytes(SOI, segment(0xc0, [8, 0, 1, 0, 1, 255, ...Array.from({ length: 255 }, (_, c) => [c + 1, 0x11, 0]).flat()])), /a frame of 255 components/],
    ['a JPEG frame of no components', bytes(SOI, segment(0xc0, [8, 0, 1, 0, 1, 0])), /a frame of 0 components/],
    ['a JPEG component sampled 15 × 15', bytes(SOI, segment(0xc0, [8, 0, 9, 0, 9, 1, 1, 0xff, 0])), /a component sampled 15×15/],
    ['a JPEG component sampled 0 × 1', bytes(SOI, segment(0xc0, [8, 0, 9, 0, 9, 1, 1, 0x01, 0])), /a component sampled 0×1/],
    ['a JPEG DRI of 6 bytes', bytes(SOI, sof(0xc0, 9, 9), segment(0xdd, [0, 1, 0, 0])), /a segment at byte 15 whose length \(6\) does not match/],
    ['a JPEG DQT shorter than its table', bytes(SOI, segment(0xdb, [0x00, 1, 1]), sof(0xc0, 9, 9)), /a segment at byte 2 whose length \(5\) does not match/],
    ['a JPEG DQT of an unknown precision', bytes(SOI, segment(0xdb, [0x20, ...new Array<number>(64).fill(1)]), sof(0xc0, 9, 9)), /whose length \(67\) does not match/],
    ['a JPEG DHT shorter than its codes', bytes(SOI, segment(0xc4, [0x00, 0, 2, ...new Array<number>(14).fill(0), 0x00]), sof(0xc0, 9, 9)), /a segment at byte 2 whose length \(20\) does not match/],
  ])('refuses %s as UNREADABLE_IMAGE', (_name, data, message) => {
    const [code, text] = codeOf(() => readImageHeader(data));
    expect(code).toBe('UNREADABLE_IMAGE');
    expect(text).toMatch(message);
  });

  it(`JPEG_MAX_SCANS (${JPEG_MAX_SCANS}): a progressive JPEG with ${JPEG_MAX_SCANS} scans passes the header, one more is UNREADABLE_IMAGE`, () => {
    // Each scan: a one-component AC scan header (T.81 §B.2.3) and two bytes of entropy data.
    const scans = (n: number): number[] => Array.from({ length: n }, () => [...segment(0xda, [1, 1, 0, 1, 63, 0]), 0x7f, 0xfe]).flat();
    expect(JPEG_MAX_SCANS).toBe(256);
    expect(readImageHeader(bytes(SOI, sof(0xc2, 64, 64), scans(JPEG_MAX_SCANS), [0xff, 0xd9]))).toEqual({ format: 'jpeg', width: 64, height: 64 });
    const [code, text] = codeOf(() => readImageHeader(bytes(SOI, sof(0xc2, 64, 64), scans(JPEG_MAX_SCANS + 1), [0xff, 0xd9])));
    expect(code).toBe('UNREADABLE_IMAGE');
    expect(text).toMatch(/more than 256 scans/);
  });
});
