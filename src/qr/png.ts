/**
 * A minimal PNG writer (PNG 3rd ed. / ISO 15948) for black-and-white bitmaps: greyscale at
 * bit depth 1, one IDAT, zlib (RFC 1950) around our fixed-Huffman DEFLATE. Pure and sync,
 * so it runs in browsers; nothing else in the package writes PNGs.
 */
import { deflateRaw } from './deflate.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const; // PNG §5.2
const COLOUR_TYPE_GREYSCALE = 0; // PNG §11.2.2
const BIT_DEPTH_1 = 1;
const FILTER_NONE = 0; // PNG §9.2
const FILTER_UP = 2;
const ZLIB_HEADER = [0x78, 0x01] as const; // RFC 1950 §2.2: deflate, 32 KiB window, FCHECK ok

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG §5.5 defines it over chunk type and data. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Adler-32 as RFC 1950 §8 defines it. */
function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  const MOD = 65521;
  // Reduce every 5552 bytes (zlib's NMAX) so the sums stay small, exact integers.
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(i + 5552, bytes.length);
    for (; i < end; i++) {
      a += bytes[i] as number;
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}

function writeU32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 24;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  writeU32(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  writeU32(out, 8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function zlib(data: Uint8Array): Uint8Array {
  const raw = deflateRaw(data);
  const out = new Uint8Array(2 + raw.length + 4);
  out.set(ZLIB_HEADER, 0);
  out.set(raw, 2);
  writeU32(out, 2 + raw.length, adler32(data));
  return out;
}

/**
 * Encodes a black-and-white bitmap (`dark[y * width + x] === 1` for black) as a 1-bit
 * greyscale PNG, each cell drawn as a `scale` × `scale` square. A scanline equal to the one
 * above uses the Up filter, so it becomes zeros and compresses to almost nothing.
 *
 * @throws {RangeError} when the dimensions or scale are not positive integers or do not match `dark`.
 * @example
 * ```ts
 * const png = encodeBitmapPng(new Uint8Array([1, 0, 0, 1]), 2, 2, 8); // a 16×16 checkerboard
 * ```
 */
export function encodeBitmapPng(dark: Uint8Array, width: number, height: number, scale = 1): Uint8Array {
  for (const [name, value] of [
    ['width', width],
    ['height', height],
    ['scale', scale],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`"${name}" expected a positive integer, got ${value}`);
  }
  if (dark.length !== width * height)
    throw new RangeError(`"dark" expected ${width * height} entries (width × height), got ${dark.length}`);

  const pixelWidth = width * scale;
  const pixelHeight = height * scale;
  const stride = Math.ceil(pixelWidth / 8);
  const raw = new Uint8Array((stride + 1) * pixelHeight);
  const row = new Uint8Array(stride);
  const previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    row.fill(0);
    for (let px = 0; px < pixelWidth; px++) {
      // Greyscale 1 bit: 1 is white. Pixels fill each byte from the high bit (PNG §7.2).
      if (dark[y * width + Math.floor(px / scale)] !== 1) row[px >>> 3] = (row[px >>> 3] as number) | (0x80 >>> (px & 7));
    }
    const same = y > 0 && row.every((v, i) => v === previous[i]);
    for (let r = 0; r < scale; r++) {
      const offset = (y * scale + r) * (stride + 1);
      // Up over an equal row leaves the zeros the buffer already holds.
      if (r > 0 || same) raw[offset] = FILTER_UP;
      else {
        raw[offset] = FILTER_NONE;
        raw.set(row, offset + 1);
      }
    }
    previous.set(row);
  }

  const header = new Uint8Array(13);
  writeU32(header, 0, pixelWidth);
  writeU32(header, 4, pixelHeight);
  header[8] = BIT_DEPTH_1;
  header[9] = COLOUR_TYPE_GREYSCALE;
  // bytes 10..12: compression 0 (deflate), filter method 0, interlace 0 (none)

  const parts = [
    new Uint8Array(PNG_SIGNATURE),
    chunk('IHDR', header),
    chunk('IDAT', zlib(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
