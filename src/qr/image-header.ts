/**
 * Reads an image's format and dimensions from its first bytes, before any decoder runs, so
 * that a file claiming 20,000 × 20,000 pixels is refused without allocating its pixels.
 * Pure: no I/O, no `Buffer`.
 */
import { QrError } from './errors.js';

/** What the header says: a format we decode and its pixel dimensions. */
export interface ImageHeader {
  readonly format: 'png' | 'jpeg';
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const; // PNG §5.2

/**
 * Most scans (SOS segments, ITU-T T.81 §B.2.3) a JPEG may have. jpeg-js walks every block of
 * the image once a scan, and a scan can be 12 bytes (an end-of-band run over all blocks), so
 * without a bound a 62 KB file declaring 1 MP cost 0.7 s and the cost grew with the file, not
 * the picture. Encoders write 1 scan (baseline) or about 10 (progressive); NVIDIA nvImageCodec
 * caps at 256 by default for the same reason (`NVIMGCODEC_MAX_JPEG_SCANS`).
 *
 * @example
 * ```ts
 * readImageHeader(bytes); // UNREADABLE_IMAGE when bytes hold more than JPEG_MAX_SCANS scans
 * ```
 */
export const JPEG_MAX_SCANS = 256;

// Formats people commonly hand us that we do not decode, named so the message can say what to do.
const OTHER_FORMATS: ReadonlyArray<readonly [string, (b: Uint8Array) => boolean]> = [
  ['GIF', (b) => ascii(b, 0, 4) === 'GIF8'],
  ['WebP', (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP'],
  ['HEIC/AVIF', (b) => ascii(b, 4, 4) === 'ftyp'],
  ['BMP', (b) => ascii(b, 0, 2) === 'BM'],
  ['TIFF', (b) => ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*'],
  ['PDF', (b) => ascii(b, 0, 5) === '%PDF-'],
  ['SVG', (b) => /^\s*(<\?xml|<svg)/i.test(ascii(b, 0, 64))],
];

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function u16(b: Uint8Array, i: number): number {
  return ((b[i] as number) << 8) | (b[i + 1] as number);
}

function u32(b: Uint8Array, i: number): number {
  return (((b[i] as number) << 24) | ((b[i + 1] as number) << 16) | ((b[i + 2] as number) << 8) | (b[i + 3] as number)) >>> 0;
}

function unreadable(format: string, detail: string): QrError {
  return new QrError('UNREADABLE_IMAGE', `The ${format} file is damaged or truncated (${detail}); export or save it again.`);
}

/**
 * PNG §11.2.2: IHDR is the first chunk, 13 bytes, width and height as 4-byte big-endian. The
 * chunks after it are walked to IEND: a second IHDR is refused (§5.6 allows one), because
 * pngjs decodes at the size of the last one, so a 94-byte file declaring 10 × 10 and then
 * 3,000 × 3,000 became a blank 9 MP picture for jsQR (found while sizing the scan fuzz target).
 */
function readPngHeader(b: Uint8Array): ImageHeader {
  if (b.length < 8 + 8 + 13) throw unreadable('PNG', 'no IHDR chunk');
  if (u32(b, 8) !== 13 || ascii(b, 12, 4) !== 'IHDR') throw unreadable('PNG', 'the first chunk is not IHDR');
  const width = u32(b, 16);
  const height = u32(b, 20);
  if (width === 0 || height === 0) throw unreadable('PNG', `IHDR gives ${width}×${height} pixels`);
  for (let at = 8 + 12 + 13; at + 8 <= b.length; at += 12 + u32(b, at)) {
    const type = ascii(b, at + 4, 4);
    if (type === 'IHDR') throw unreadable('PNG', 'more than one IHDR chunk');
    if (type === 'IEND') break;
  }
  return { format: 'png', width, height };
}

// ITU-T T.81 Table B.1: SOFn markers C0..CF except DHT (C4), JPG (C8) and DAC (CC).
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * True when a segment's length is the one its contents call for, for the segments jpeg-js
 * reads field by field instead of skipping by their length: a frame header (Lf = 8 + 3·Nf,
 * T.81 §B.2.2), quantisation tables (1 + 64 or 1 + 128 bytes each, §B.2.4.1), Huffman tables
 * (1 + 16 + the sum of the 16 counts each, §B.2.4.2), DRI and DNL (4, §B.2.4.4, §B.2.5). Where
 * the two differ, jpeg-js reads markers this walk skips: a frame header whose Lf said 45,835
 * hid a second, 98 × 63,074 frame header after it (fuzz finding). `at` is the length field's
 * offset; the segment lies within `b`.
 */
function lengthMatchesContents(b: Uint8Array, marker: number, at: number, length: number): boolean {
  if (marker === 0xc0 || marker === 0xc1 || marker === 0xc2) return length === 8 + 3 * b[at + 7]!;
  if (marker === 0xdd || marker === 0xdc) return length === 4;
  if (marker !== 0xdb && marker !== 0xc4) return true;
  let used = 2;
  while (used < length) {
    if (marker === 0xdb) {
      const precision = b[at + used]! >> 4; // Pq: 0 for 8-bit, 1 for 16-bit entries
      if (precision > 1) return false;
      used += 1 + 64 * (precision + 1);
    } else {
      let codes = 0;
      for (let k = 1; k <= 16; k++) codes += b[at + used + k] ?? 0;
      used += 17 + codes;
    }
  }
  return used === length;
}

/**
 * ITU-T T.81 §B.2: walk the marker segments; the SOFn's Y and X are the size. The walk goes on
 * past the first scan to the end: a second frame header (jpeg-js decodes the last one, so a
 * small first frame would let a 6-megapixel second one past the size check) is refused, as is
 * any file with more than one frame (hierarchical mode, which the decoder does not support),
 * and a file with more than JPEG_MAX_SCANS scans. So that the walk sees every marker jpeg-js
 * reads, each segment must lie within the file and match its length (lengthMatchesContents).
 */
function readJpegHeader(b: Uint8Array): ImageHeader {
  let found: ImageHeader | undefined;
  let scans = 0;
  let i = 2; // after SOI
  while (i < b.length) {
    if (b[i] !== 0xff) throw unreadable('JPEG', `no marker at byte ${i}`);
    while (b[i] === 0xff) i++; // fill bytes, §B.1.1.2
    const marker = b[i];
    i++;
    if (marker === undefined) break;
    // Standalone markers without a length: TEM and RST0..7 (§B.1.1.3), and FF 00, which is no
    // marker outside entropy-coded data but which jpeg-js reads as one with no length.
    if (marker === 0x00 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if ((marker === 0xd9 || marker === 0xda) && !found) throw unreadable('JPEG', 'no frame header before the image data');
    if (marker === 0xd9) break;
    if (i + 2 > b.length) break;
    const length = u16(b, i);
    if (length < 2) throw unreadable('JPEG', `a segment length of ${length}`);
    // Past the first frame header, a segment that claims more bytes than the file has is
    // garbage, and jpeg-js spends up to half a second on such a scan header (fuzz finding);
    // before it, the file ends before its frame header.
    if (i + length > b.length) {
      if (found) throw unreadable('JPEG', `a segment of ${length} bytes at byte ${i - 2} runs past the end of the file`);
      break;
    }
    if (!lengthMatchesContents(b, marker, i, length)) {
      throw unreadable('JPEG', `a segment at byte ${i - 2} whose length (${length}) does not match what it holds`);
    }
    if (isStartOfFrame(marker)) {
      if (found) throw unreadable('JPEG', 'more than one frame header');
      const height = u16(b, i + 3); // after Lf (2) and P (1)
      const width = u16(b, i + 5);
      // Y = 0 defers the height to a DNL marker (§B.2.5), which the decoder does not support.
      if (width === 0 || height === 0) throw unreadable('JPEG', `the frame header gives ${width}×${height} pixels`);
      // jpeg-js outputs 1 to 4 components, and builds every component's blocks before it says
      // so: 85 ms for an 848-byte file declaring 1 × 1 with 255 (found while sizing the scan
      // fuzz target). Sampling factors are 1 to 4 (§B.2.2); jpeg-js divides by the largest.
      const components = b[i + 7]!;
      if (components < 1 || components > 4) throw unreadable('JPEG', `a frame of ${components} components`);
      for (let c = 0; c < components; c++) {
        const sampling = b[i + 9 + 3 * c]!;
        if (sampling >> 4 < 1 || sampling >> 4 > 4 || (sampling & 15) < 1 || (sampling & 15) > 4) {
          throw unreadable('JPEG', `a component sampled ${sampling >> 4}×${sampling & 15}`);
        }
      }
      found = { format: 'jpeg', width, height };
    }
    // A scan header is Ls = 6 + 2·Ns bytes with 1 ≤ Ns ≤ 4 components (§B.2.3); jpeg-js reads
    // whatever count the byte gives, and spent 0.3 s on a 1.6 KB file with Ns = 50 (fuzz finding).
    if (marker === 0xda && (b[i + 2] === undefined || b[i + 2]! < 1 || b[i + 2]! > 4 || length !== 6 + 2 * b[i + 2]!)) {
      throw unreadable('JPEG', `a scan header at byte ${i - 2} that is not well-formed`);
    }
    if (marker === 0xda && ++scans > JPEG_MAX_SCANS) throw unreadable('JPEG', `more than ${JPEG_MAX_SCANS} scans`);
    i += length;
    if (marker === 0xda) {
      // Entropy-coded data (§B.1.1.5): a 0xFF in it is followed by 0x00 (stuffing) or RSTn;
      // anything else is the next marker.
      while (i + 1 < b.length && !(b[i] === 0xff && b[i + 1] !== 0x00 && !(b[i + 1]! >= 0xd0 && b[i + 1]! <= 0xd7))) i++;
      if (i + 1 >= b.length) break;
    }
  }
  if (found) return found;
  throw unreadable('JPEG', 'it ends before the frame header');
}

/**
 * Identifies a PNG or JPEG by its magic bytes and reads its dimensions from the header.
 *
 * @throws {QrError} `UNSUPPORTED_IMAGE` for anything but PNG or JPEG; `UNREADABLE_IMAGE` when the header is damaged.
 * @example
 * ```ts
 * const { format, width, height } = readImageHeader(bytes);
 * ```
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (PNG_SIGNATURE.every((v, i) => bytes[i] === v)) return readPngHeader(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return readJpegHeader(bytes);
  const other = OTHER_FORMATS.find(([, test]) => test(bytes));
  const what = other ? `a ${other[0]} image` : bytes.length === 0 ? 'an empty file' : 'not an image we recognise';
  throw new QrError('UNSUPPORTED_IMAGE', `The file is ${what}; save the picture as PNG or JPEG and try again.`);
}
