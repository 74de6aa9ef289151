import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { QR_ERROR_CODES, QrError, isQrError, type QrErrorCode } from '../../../src/qr/errors.js';
import { crc32 } from '../../../src/qr/png.js';
import { renderMatrix, renderPng } from '../../../src/qr/render.js';
import { QR_MAX_FILE_BYTES, scanFile } from '../../../src/qr/scan-file.js';
import { photoLike, pngToRgba, prng, rgbaToJpeg, rgbaToPng } from '../../support/images.js';
import { STATUS_TEXTS } from './texts.js';

/**
 * What reached the decoders and jsQR. Each is wrapped (not replaced) to record its input, so
 * the tests can see that a file was refused before decoding, and which scanner read a code.
 */
const calls = { decoders: [] as string[], jsqr: [] as Array<[number, number]> };
vi.mock('pngjs', async (importOriginal) => {
  const real = await importOriginal<typeof import('pngjs')>();
  const read: typeof real.PNG.sync.read = (buffer, options) => {
    calls.decoders.push('pngjs');
    return real.PNG.sync.read(buffer, options);
  };
  const PNG = Object.assign(class extends real.PNG {}, { sync: { ...real.PNG.sync, read } });
  return { ...real, PNG, default: { ...real, PNG } };
});
vi.mock('jpeg-js', async (importOriginal) => {
  const real = (await importOriginal<{ default: typeof import('jpeg-js') }>()).default;
  const decode = ((...args: Parameters<typeof real.decode>) => {
    calls.decoders.push('jpeg-js');
    return real.decode(...args);
  }) as typeof real.decode;
  return { ...real, decode, default: { ...real, decode } };
});
vi.mock('jsqr', async (importOriginal) => {
  const real = (await importOriginal<typeof import('jsqr')>()).default;
  return {
    default: (data: Uint8ClampedArray, width: number, height: number, opts?: Parameters<typeof real>[3]) => {
      calls.jsqr.push([width, height]);
      return real(data, width, height, opts);
    },
  };
});
function clearCalls(): void {
  calls.decoders.length = 0;
  calls.jsqr.length = 0;
}
beforeEach(clearCalls);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthcode-qr-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

/** scanFile with the records cleared first: making the test picture decodes PNGs too. */
async function scanFresh(path: string): Promise<string> {
  clearCalls();
  return scanFile(path);
}

async function failure(path: string): Promise<{ code: QrErrorCode; message: string }> {
  const error = await scanFile(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QrError);
  expect(isQrError(error)).toBe(true);
  return { code: (error as QrError).code, message: (error as QrError).message };
}

const u32 = (v: number): number[] => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
function chunk(type: string, data: Uint8Array): number[] {
  const body = new Uint8Array([...[...type].map((c) => c.charCodeAt(0)), ...data]);
  return [...u32(data.length), ...body, ...u32(crc32(body))];
}
/** A PNG from its IHDR fields and the (uncompressed) filtered scanlines. */
function craftPng(width: number, height: number, depth: number, colourType: number, interlace: number, idat: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array([...u32(width), ...u32(height), depth, colourType, 0, 0, interlace]);
  return new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ...chunk('IHDR', ihdr),
    ...chunk('IDAT', idat),
    ...chunk('IEND', new Uint8Array(0)),
  ]);
}

/** PNG §8.2 Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;
/** An interlaced 8-bit greyscale PNG of `grey` (one byte a pixel), filter None on every row. */
function interlacedPng(grey: Uint8Array, width: number, height: number): Uint8Array {
  const raw: number[] = [];
  for (const [xs, ys, dx, dy] of ADAM7) {
    if (xs >= width || ys >= height) continue;
    for (let y = ys; y < height; y += dy) {
      raw.push(0);
      for (let x = xs; x < width; x += dx) raw.push(grey[y * width + x]!);
    }
  }
  return craftPng(width, height, 8, 0, 1, deflateSync(new Uint8Array(raw)));
}

describe('scanFile reads codes', () => {
  it.each(STATUS_TEXTS)('from a PNG written by renderPng ($name)', async ({ text }) => {
    expect(await scanFile(await put(`code-${text.length}.png`, renderPng(text)))).toBe(text);
  });

  it('from an 8-bit RGBA PNG and a 16-bit greyscale PNG', async () => {
    const text = STATUS_TEXTS[1].text;
    const img = pngToRgba(renderPng(text, { scale: 5 }));
    expect(await scanFile(await put('rgba.png', rgbaToPng(img.data, img.width, img.height)))).toBe(text);
    // 16-bit greyscale, big-endian samples (PNG §7.1), each row with filter None.
    const rows: number[] = [];
    for (let y = 0; y < img.height; y++) {
      rows.push(0);
      for (let x = 0; x < img.width; x++) rows.push(img.data[(y * img.width + x) * 4]!, 0x5a);
    }
    const grey16 = craftPng(img.width, img.height, 16, 0, 0, deflateSync(new Uint8Array(rows)));
    expect(await scanFile(await put('grey16.png', grey16))).toBe(text);
  });

  it('from an interlaced (Adam7) PNG', async () => {
    const text = STATUS_TEXTS[0].text;
    const img = pngToRgba(renderPng(text, { scale: 4 }));
    const grey = new Uint8Array(img.width * img.height).map((_, i) => img.data[i * 4]!);
    const png = interlacedPng(grey, img.width, img.height);
    expect(png[28]).toBe(1);
    expect(await scanFile(await put('adam7.png', png))).toBe(text);
  });

  it.each([
    ['upright', false],
    ['rotated 90°', true],
  ])('from a JPEG photo (%s, 3×, grey surroundings, noise)', async (_name, rotate90) => {
    const text = STATUS_TEXTS[3].text;
    const clean = pngToRgba(renderPng(text, { scale: 4 }));
    const photo = photoLike(clean.data, clean.width, clean.height, { rotate90, seed: 21 });
    const path = await put(`photo-${rotate90}.jpg`, rgbaToJpeg(photo.data, photo.width, photo.height, 80));
    expect(await scanFresh(path)).toBe(text);
    expect(calls.decoders).toEqual(['jpeg-js']);
  });

  it('from a photo through fastScan: jsQR sees only the crop around the code', async () => {
    const text = STATUS_TEXTS[3].text;
    const clean = pngToRgba(renderPng(text, { scale: 4 }));
    const photo = photoLike(clean.data, clean.width, clean.height, { seed: 23 });
    expect(await scanFresh(await put('photo-fast.png', rgbaToPng(photo.data, photo.width, photo.height)))).toBe(text);
    expect(calls.decoders).toEqual(['pngjs']);
    expect(calls.jsqr.length).toBeGreaterThan(0);
    for (const [width, height] of calls.jsqr) expect(width * height).toBeLessThan(photo.width * photo.height);
  });

  it('from a code at 1 pixel a module, which fastScan does not look for, through scanImage on the whole picture', async () => {
    const text = STATUS_TEXTS[0].text;
    const png = renderPng(text, { scale: 1, margin: 2 });
    const { width, height } = pngToRgba(png);
    expect(await scanFresh(await put('one-pixel.png', png))).toBe(text);
    expect(calls.jsqr).toContainEqual([width, height]);
  });

  it('from a PNG photo of a presentation at the 12-M budget', async () => {
    const text = STATUS_TEXTS[5].text;
    expect(renderMatrix(text).version).toBe(12);
    const clean = pngToRgba(renderPng(text, { scale: 3 }));
    const photo = photoLike(clean.data, clean.width, clean.height, { rotate90: true, seed: 22 });
    expect(await scanFile(await put('photo-12.png', rgbaToPng(photo.data, photo.width, photo.height)))).toBe(text);
  });
});

describe('scanFile refuses', () => {
  it.each([
    ['PNG', craftPng(20_000, 20_000, 8, 6, 0, deflateSync(new Uint8Array(10)))],
    ['JPEG', new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0x4e, 0x20, 0x4e, 0x20, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xff, 0xd9])],
  ])('a %s whose header claims 20,000 × 20,000 with IMAGE_TOO_LARGE, without decoding', async (name, bytes) => {
    const path = await put(`huge.${name.toLowerCase()}`, bytes);
    const before = process.memoryUsage().arrayBuffers;
    const { code, message } = await failure(path);
    expect(calls.decoders).toEqual([]);
    // Decoding would need 1.6 GB for the RGBA alone.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 2 ** 20);
    expect(code).toBe('IMAGE_TOO_LARGE');
    expect(message).toBe(`${path} is 20000×20000 pixels; the limit is 40 megapixels. Resize or crop it around the code.`);
  });

  it('a file over QR_MAX_FILE_BYTES with IMAGE_TOO_LARGE, without reading it', async () => {
    const path = await put('big.png', renderPng('HQ1:A'));
    await truncate(path, QR_MAX_FILE_BYTES + 1); // sparse: no disk, and reading it would take a while
    const before = process.memoryUsage().arrayBuffers;
    const { code, message } = await failure(path);
    expect(calls.decoders).toEqual([]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 2 ** 20);
    expect(code).toBe('IMAGE_TOO_LARGE');
    expect(message).toMatch(/is 200 MiB; the limit is 200 MiB/);
  });

  it('an interlaced PNG whose data inflates far past its dimensions (a decompression bomb), before pngjs', async () => {
    const path = await put('bomb.png', craftPng(100, 100, 8, 0, 1, deflateSync(new Uint8Array(20 * 2 ** 20))));
    const { code, message } = await failure(path);
    expect(calls.decoders).toEqual([]);
    expect(code).toBe('UNREADABLE_IMAGE');
    expect(message).toMatch(/inflates past its stated size/);
  });

  it.each([
    ['text', 'hello.txt', 'HQ1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5\n', /not an image we recognise/],
    ['a GIF', 'code.gif', 'GIF89a\x01\x00\x01\x00', /a GIF image/],
    ['an empty file', 'empty.png', '', /an empty file/],
  ])('%s with UNSUPPORTED_IMAGE', async (_name, file, content, message) => {
    const path = await put(file, content);
    const error = await failure(path);
    expect(error.code).toBe('UNSUPPORTED_IMAGE');
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${path}: The file is`)).toBe(true);
  });

  it('damaged files with UNREADABLE_IMAGE', async () => {
    const png = renderPng(STATUS_TEXTS[0].text);
    const truncated = await failure(await put('cut.png', png.subarray(0, png.length - 30)));
    expect(truncated.code).toBe('UNREADABLE_IMAGE');
    expect(truncated.message).toMatch(/the PNG file is damaged/);

    const badCrc = png.slice();
    badCrc[40] = badCrc[40]! ^ 0xff; // inside the IDAT data: its CRC no longer matches
    expect((await failure(await put('crc.png', badCrc))).code).toBe('UNREADABLE_IMAGE');

    const img = pngToRgba(png);
    const jpeg = rgbaToJpeg(img.data, img.width, img.height);
    const cutJpeg = await failure(await put('cut.jpg', jpeg.subarray(0, jpeg.length >> 1)));
    expect(cutJpeg.code).toBe('UNREADABLE_IMAGE');
    expect(cutJpeg.message).toMatch(/the JPEG file is damaged \(.+\); take or save the picture again/);
  });

  it('pictures without a code with NO_QR_FOUND', async () => {
    const white = await failure(await put('white.png', rgbaToPng(new Uint8Array(200 * 150 * 4).fill(255), 200, 150)));
    expect(white.code).toBe('NO_QR_FOUND');
    expect(white.message).toMatch(/^No QR code found in .*white\.png; take a sharp, well-lit picture/);

    const random = prng(3);
    const noise = new Uint8Array(320 * 240 * 4).map((_, i) => (i % 4 === 3 ? 255 : Math.floor(random() * 256)));
    expect((await failure(await put('noise.jpg', rgbaToJpeg(noise, 320, 240)))).code).toBe('NO_QR_FOUND');
  });

  it('missing paths and directories with FILE_NOT_FOUND', async () => {
    const missing = await failure(join(dir, 'nope.png'));
    expect(missing).toEqual({ code: 'FILE_NOT_FOUND', message: `${join(dir, 'nope.png')} does not exist; check the path.` });
    const file = await put('plain.txt', 'x');
    expect((await failure(join(file, 'below.png'))).code).toBe('FILE_NOT_FOUND'); // ENOTDIR
    await mkdir(join(dir, 'folder.png'));
    const folder = await failure(join(dir, 'folder.png'));
    expect(folder.code).toBe('FILE_NOT_FOUND');
    expect(folder.message).toMatch(/is not a file/);
  });

  it.each([
    ['an empty path', '', /"path" expected a non-empty string, got an empty string/],
    ['a number', 7, /"path" expected a non-empty string, got number/],
  ])('%s with TypeError', async (_name, path, message) => {
    await expect(scanFile(path as string)).rejects.toThrow(TypeError);
    await expect(scanFile(path as string)).rejects.toThrow(message);
  });
});

describe('QrError', () => {
  it('has the stable codes and a cross-copy brand', () => {
    expect(QR_ERROR_CODES).toEqual(['NO_QR_FOUND', 'UNREADABLE_IMAGE', 'UNSUPPORTED_IMAGE', 'IMAGE_TOO_LARGE', 'FILE_NOT_FOUND']);
    const error = new QrError('NO_QR_FOUND', 'none');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('QrError');
    expect(isQrError(error)).toBe(true);
    expect(isQrError(Object.assign(new Error('x'), { code: 'NO_QR_FOUND' }))).toBe(false);
    expect(isQrError({ [Symbol.for('healthcode.QrError')]: true })).toBe(true); // another copy's instance
    expect(isQrError(null)).toBe(false);
  });
});
