/**
 * Scanning a PNG or JPEG file for a QR code. Node only (the file system and pngjs's use of
 * `node:zlib`); `render.ts` and `scan.ts` stay browser-safe.
 *
 * Decoders: `pngjs` and `jpeg-js` are small, pure JavaScript (no native build step, so
 * `npm install` works on every platform and in CI images), have no dependencies of their
 * own, are maintained enough (fixes and releases in the last years) and expose the limits
 * we need: pngjs inflates with `maxLength`, jpeg-js has `maxResolutionInMP` and
 * `maxMemoryUsageInMB`. `sharp` would be faster but ships native libvips binaries.
 *
 * They are imported lazily inside {@link scanFile}, so that loading `healthcode/qr` in a
 * browser (which has the same entry) never evaluates Node-only code.
 */
import { QrError } from './errors.js';
import { fastScan } from './fast-scan.js';
import { readImageHeader, type ImageHeader } from './image-header.js';
import { QR_MAX_PIXELS, scanImage, type RgbaImage } from './scan.js';

/**
 * Largest file {@link scanFile} reads, in bytes (200 MiB; a 40-megapixel PNG photo fits).
 *
 * @example
 * ```ts
 * if ((await stat(path)).size > QR_MAX_FILE_BYTES) console.error('picture too large');
 * ```
 */
export const QR_MAX_FILE_BYTES = 200 * 1024 * 1024;

/** jpeg-js's memory budget: a 40-megapixel 4:4:4 JPEG needs about 800 MB while decoding. */
const JPEG_MAX_MEMORY_MB = 1024;

const PNG_CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }; // PNG §11.2.2 Table 11.1

function nodeErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

async function readImageFile(path: string): Promise<Uint8Array> {
  const fs = await import('node:fs/promises');
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new QrError('FILE_NOT_FOUND', `${path} is not a file; give the path of a PNG or JPEG picture.`);
    if (stat.size > QR_MAX_FILE_BYTES) {
      throw new QrError(
        'IMAGE_TOO_LARGE',
        `${path} is ${(stat.size / 2 ** 20).toFixed(0)} MiB; the limit is ${QR_MAX_FILE_BYTES / 2 ** 20} MiB. Resize or crop the picture around the code.`,
      );
    }
    return await fs.readFile(path);
  } catch (error) {
    if (error instanceof QrError) throw error;
    const code = nodeErrorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new QrError('FILE_NOT_FOUND', `${path} does not exist; check the path.`, { cause: error });
    throw new QrError('UNREADABLE_IMAGE', `${path} cannot be read (${code ?? String(error)}); check its permissions.`, {
      cause: error,
    });
  }
}

/**
 * Inflates the IDAT data before pngjs does, within bounds from the header. Above: pngjs
 * inflates interlaced images without an output limit, so a small crafted file could expand to
 * gigabytes; the cap is twice the pixel data's size (Adam7 adds one filter byte per pass row
 * and some padding, far less than that). Below: pngjs pads image data that ends early, so a
 * 69-byte file declaring 35 megapixels decoded to a blank 35-megapixel picture that took jsQR
 * 9 s to search (fuzz finding, issue #6); data shorter than the pixels it declares is refused.
 */
async function assertPngDataBounded(path: string, bytes: Uint8Array, header: ImageHeader): Promise<void> {
  const depth = bytes[24] as number;
  const channels = PNG_CHANNELS[bytes[25] as number] ?? 4;
  const limit = 2 * (Math.ceil((header.width * channels * depth) / 8) + 1) * header.height + 1024;
  // Every pixel's bits, without the filter bytes: less than any complete image, interlaced or not.
  const minimum = Math.floor((header.width * header.height * channels * depth) / 8);
  const idat: Uint8Array[] = [];
  for (let i = 8; i + 12 <= bytes.length; ) {
    const length = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
    const type = String.fromCharCode(...bytes.subarray(i + 4, i + 8));
    if (type === 'IDAT') idat.push(bytes.subarray(i + 8, i + 8 + length));
    if (type === 'IEND') break;
    i += 12 + length;
  }
  const { inflateSync } = await import('node:zlib');
  const joined = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  idat.reduce((at, c) => (joined.set(c, at), at + c.length), 0);
  let inflated: number;
  try {
    inflated = inflateSync(joined, { maxOutputLength: limit }).length;
  } catch (cause) {
    // Either corrupt (pngjs would fail too) or past the limit: both are not a picture we read.
    throw new QrError(
      'UNREADABLE_IMAGE',
      `${path}: the PNG file is damaged (its image data is corrupt or inflates past its stated size); save the picture again.`,
      { cause },
    );
  }
  if (inflated < minimum) {
    throw new QrError(
      'UNREADABLE_IMAGE',
      `${path}: the PNG file is damaged (its image data ends before its ${header.width}×${header.height} pixels); save the picture again.`,
    );
  }
}

async function decodePng(path: string, bytes: Uint8Array, header: ImageHeader): Promise<RgbaImage> {
  await assertPngDataBounded(path, bytes, header);
  const { PNG } = await import('pngjs');
  try {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    return { data: png.data, width: png.width, height: png.height };
  } catch (cause) {
    throw new QrError('UNREADABLE_IMAGE', `${path}: the PNG file is damaged (${(cause as Error).message}); save the picture again.`, {
      cause,
    });
  }
}

async function decodeJpeg(path: string, bytes: Uint8Array): Promise<RgbaImage> {
  const jpeg = await import('jpeg-js');
  try {
    return jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: QR_MAX_PIXELS / 1e6,
      maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB,
    });
  } catch (cause) {
    const message = (cause as Error).message ?? String(cause);
    if (/limit exceeded/.test(message)) {
      throw new QrError('IMAGE_TOO_LARGE', `${path}: the JPEG needs too much memory to decode (${message}); resize the picture.`, {
        cause,
      });
    }
    throw new QrError('UNREADABLE_IMAGE', `${path}: the JPEG file is damaged (${message}); take or save the picture again.`, {
      cause,
    });
  }
}

/**
 * Reads a PNG or JPEG file (format sniffed from its magic bytes) and returns the text of
 * the QR code in it. Dimensions are read from the header and checked before decoding; the
 * pixels go to `fastScan`, then, when it finds nothing, to `scanImage`.
 *
 * @throws {TypeError} when `path` is not a non-empty string.
 * @throws {QrError} `FILE_NOT_FOUND`, `UNSUPPORTED_IMAGE` (not PNG/JPEG), `UNREADABLE_IMAGE`
 *   (damaged or unreadable), `IMAGE_TOO_LARGE` (over {@link QR_MAX_PIXELS} pixels or
 *   {@link QR_MAX_FILE_BYTES} bytes), `NO_QR_FOUND`.
 * @example
 * ```ts
 * const text = await scanFile('photo-of-code.jpg'); // "HQ1:…"
 * ```
 */
export async function scanFile(path: string): Promise<string> {
  if (typeof path !== 'string' || path.length === 0)
    throw new TypeError(`"path" expected a non-empty string, got ${typeof path === 'string' ? 'an empty string' : typeof path}`);
  const bytes = await readImageFile(path);
  let header: ImageHeader;
  try {
    header = readImageHeader(bytes);
  } catch (error) {
    if (error instanceof QrError) throw new QrError(error.code, `${path}: ${error.message}`, { cause: error });
    throw error;
  }
  if (header.width * header.height > QR_MAX_PIXELS) {
    throw new QrError(
      'IMAGE_TOO_LARGE',
      `${path} is ${header.width}×${header.height} pixels; the limit is ${QR_MAX_PIXELS / 1e6} megapixels. Resize or crop it around the code.`,
    );
  }
  const image = header.format === 'png' ? await decodePng(path, bytes, header) : await decodeJpeg(path, bytes);
  // fastScan first: on a 640×480 photo it decodes in 8–10 ms or dismisses in 2.5 ms where jsQR
  // on the whole picture takes 13–550 ms (bench/README.md), and it reads noisier photos.
  // scanImage after it, for what fastScan does not look for (modules under ~3 pixels, strong
  // skew), so every file scanImage read on its own still reads.
  const text = fastScan(image) ?? scanImage(image);
  if (text === undefined) {
    throw new QrError(
      'NO_QR_FOUND',
      `No QR code found in ${path}; take a sharp, well-lit picture with the whole code and its white border in frame.`,
    );
  }
  return text;
}
