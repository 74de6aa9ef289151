/**
 * The image scanner (`scanFile`: header sniffing and size checks, pngjs, jpeg-js, fastScan,
 * jsQR) on hostile files. PNG chunk CRCs are recomputed before the file is written, so mutations
 * get past pngjs's CRC check into the header, inflate and filter code (a CRC guards against line
 * noise, not against an attacker, who can compute it). Oracles: `scanFile` resolves to text or
 * rejects with a QrError of a stable code, nothing else; nothing over QR_MAX_PIXELS is decoded;
 * no input is slow by the engine's rule (50 ms of CPU, least of three runs), like every target.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageHeader } from '../../src/qr/image-header.js';
import { crc32 } from '../../src/qr/png.js';
import { isQrError, QR_ERROR_CODES, QR_MAX_PIXELS, renderPng, scanFile } from '../../src/qr/index.js';
import { pngToRgba, rgbaToJpeg } from '../../test/support/images.js';
import { goldenVectors } from '../seeds.js';
import { rgbaToProgressiveJpeg } from './progressive-jpeg.js';
import { expectCodesAsync, FuzzFinding, type FuzzTarget } from './target.js';

/**
 * Largest declared picture the fuzzer decodes, in pixels (about 70 × 70). Measured on this
 * instrumented build, the costliest files we could make of up to 5,000 pixels took 11–19 ms of
 * CPU: noise and textures of finder-like runs (which jsQR's locator follows one by one), and
 * thin JPEGs with 4 × 4 sampling, which jpeg-js pads to whole 32 × 32 blocks per component
 * (1 × 5,000 pixels become 3 × 32 × 5,024 samples). At 10,000 pixels the same files took up to
 * 33 ms and a 1,000,000-execution run found one of 46 ms: too close to the 50 ms rule. Larger
 * pictures, up to QR_MAX_PIXELS, are not run: their cost grows with their pixels past any fixed
 * bound (fuzz/README.md). Over QR_MAX_PIXELS they run, and must be refused from the header.
 */
const MAX_FUZZ_PIXELS = 5_000;
/** A version-2 code (the seeds at 2 pixels a module) and a version-1 one (3 pixels a module, which fastScan reads). */
const SHORT_TEXT = 'HQ1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5';
const SHORTEST_TEXT = 'HQ1:X';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const dir = mkdtempSync(join(process.platform === 'linux' && existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'healthcode-fuzz-'));
const file = join(dir, 'image');
const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
process.once('exit', removeDir);

/** Recomputes every PNG chunk's CRC in place (PNG §5.3); other files are left alone. */
function fixPngCrcs(data: Uint8Array): void {
  if (!PNG_SIGNATURE.every((b, i) => data[i] === b)) return;
  for (let at = 8; at + 12 <= data.length; ) {
    const length = ((data[at]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!) >>> 0;
    const end = at + 8 + length;
    if (end + 4 > data.length) break;
    const crc = crc32(data.subarray(at + 4, end));
    data[end] = crc >>> 24;
    data[end + 1] = (crc >>> 16) & 0xff;
    data[end + 2] = (crc >>> 8) & 0xff;
    data[end + 3] = crc & 0xff;
    at = end + 4;
  }
}

function header(width: number, height: number): Uint8Array {
  const png = renderPng('HQ1:X', { scale: 1, margin: 0 });
  const out = png.slice();
  const view = new DataView(out.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  fixPngCrcs(out);
  return out;
}

const target: FuzzTarget = {
  name: 'scan',
  description: `scanFile on hostile PNG/JPEG files (up to ${MAX_FUZZ_PIXELS} pixels decoded): QrError codes only, nothing slow, nothing over the limit decoded`,
  maxLength: 64 * 1024,
  teardown: removeDir,
  dictionary: ['IHDR', 'IDAT', 'IEND', 'PLTE', 'tRNS', 'gAMA', Uint8Array.of(0xff, 0xd8, 0xff), Uint8Array.of(0xff, 0xc0), Uint8Array.of(0xff, 0xc2), Uint8Array.of(0xff, 0xc4), Uint8Array.of(0xff, 0xda), Uint8Array.of(0xff, 0xdd), Uint8Array.of(0xff, 0xd9), Uint8Array.of(0x78, 0x9c), Uint8Array.of(0x00, 0x00, 0x4e, 0x20)],
  async seeds() {
    // Codes that fit MAX_FUZZ_PIXELS: version 7 at 1 pixel a module (jsQR reads it; fastScan
    // does not look that small), version 2 at 2 and version 1 at 3 (both read it), as PNG,
    // baseline JPEG and progressive JPEG.
    const text = goldenVectors().vectors[0]!.text;
    const short = pngToRgba(renderPng(SHORT_TEXT, { scale: 2, margin: 2 }));
    const shortest = renderPng(SHORTEST_TEXT, { scale: 3, margin: 1 });
    const shortestRgba = pngToRgba(shortest);
    return [
      renderPng(text, { scale: 1, margin: 1, errorCorrection: 'L' }),
      renderPng(text, { scale: 1, margin: 4 }),
      shortest,
      rgbaToJpeg(short.data, short.width, short.height, 90),
      rgbaToJpeg(short.data, short.width, short.height, 30),
      rgbaToJpeg(shortestRgba.data, shortestRgba.width, shortestRgba.height, 75),
      rgbaToProgressiveJpeg(short.data, short.width, short.height),
      rgbaToProgressiveJpeg(shortestRgba.data, shortestRgba.width, shortestRgba.height),
      header(20_000, 20_000),
      header(40_000_001, 1),
      header(6000, 6000),
    ];
  },
  async run(data) {
    const bytes = data.slice();
    fixPngCrcs(bytes);
    let pixels = 0;
    try {
      const { width, height } = readImageHeader(bytes);
      pixels = width * height;
    } catch {
      // Not an image header: scanFile refuses it from the first bytes.
    }
    if (pixels > MAX_FUZZ_PIXELS && pixels <= QR_MAX_PIXELS) return;
    writeFileSync(file, bytes);
    const text = await expectCodesAsync(() => scanFile(file), QR_ERROR_CODES, isQrError);
    if (pixels > QR_MAX_PIXELS && text !== undefined) throw new FuzzFinding('false-accept', `decoded a file declaring ${pixels} pixels, over the limit`);
  },
};

export default target;
