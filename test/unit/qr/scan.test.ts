import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QrError, isQrError } from '../../../src/qr/errors.js';
import { renderMatrix, renderPng } from '../../../src/qr/render.js';
import { QR_MAX_PIXELS, scanImage } from '../../../src/qr/scan.js';
import { photoLike, pngToRgba } from '../../support/images.js';
import { ALPHANUMERIC, STATUS_TEXTS } from './texts.js';

describe('scanImage round trips', () => {
  it.each(STATUS_TEXTS)('renderPng → decode → scanImage gives back $name', ({ text }) => {
    expect(scanImage(pngToRgba(renderPng(text)))).toBe(text);
  });

  it.each(['L', 'M', 'Q', 'H'] as const)('reads every error-correction level (%s)', (errorCorrection) => {
    const text = STATUS_TEXTS[3].text;
    expect(scanImage(pngToRgba(renderPng(text, { errorCorrection })))).toBe(text);
  });

  it('gives back random alphanumeric texts of 1 to 400 characters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHANUMERIC), { minLength: 1, maxLength: 400 }), (chars) => {
        const text = chars.join('');
        expect(renderMatrix(text).mode).toBe('alphanumeric');
        expect(scanImage(pngToRgba(renderPng(text, { scale: 4 })))).toBe(text);
      }),
      { seed: 424242, numRuns: 60 },
    );
  });

  it.each([
    ['upright', false, 11],
    ['rotated 90°', true, 12],
  ])('reads a photo-like picture (%s, 3× bilinear, grey surroundings, noise)', (_name, rotate90, seed) => {
    const text = STATUS_TEXTS[2].text;
    const clean = pngToRgba(renderPng(text, { scale: 4 }));
    const photo = photoLike(clean.data, clean.width, clean.height, { scale: 3, rotate90, background: 128, noise: 24, seed });
    expect(photo.width).toBe(rotate90 ? clean.height * 3 + 80 : clean.width * 3 + 80);
    expect(scanImage(photo)).toBe(text);
  });

  it('reads an inverted picture (light modules on dark)', () => {
    const text = STATUS_TEXTS[0].text;
    const img = pngToRgba(renderPng(text));
    for (let i = 0; i < img.data.length; i += 4) for (let c = 0; c < 3; c++) img.data[i + c] = 255 - img.data[i + c]!;
    expect(scanImage(img)).toBe(text);
  });

  it('reads a code drawn on a transparent background (composited over white)', () => {
    const text = STATUS_TEXTS[1].text;
    const img = pngToRgba(renderPng(text));
    // Light pixels become transparent black, as many "QR with no background" exports are.
    for (let i = 0; i < img.data.length; i += 4) if (img.data[i] === 255) img.data.set([0, 0, 0, 0], i);
    expect(scanImage(img)).toBe(text);
  });

  it('accepts a plain Uint8Array of pixels and does not modify the input', () => {
    const text = STATUS_TEXTS[0].text;
    const img = pngToRgba(renderPng(text));
    const data = new Uint8Array(img.data);
    const copy = data.slice();
    expect(scanImage({ data, width: img.width, height: img.height })).toBe(text);
    expect(Buffer.compare(data, copy)).toBe(0);
  });

  it('returns undefined when there is no code', () => {
    const width = 300;
    const height = 200;
    expect(scanImage({ data: new Uint8ClampedArray(width * height * 4).fill(255), width, height })).toBeUndefined();
    const photo = photoLike(new Uint8ClampedArray(100 * 100 * 4).fill(255), 100, 100, { seed: 3 });
    expect(scanImage(photo)).toBeUndefined();
  });
});

describe('scanImage input checks', () => {
  const data = new Uint8ClampedArray(4 * 4 * 4);

  it.each([
    ['width 0', { data, width: 0, height: 4 }, /"width" expected a positive integer, got 0/],
    ['width -4', { data, width: -4, height: 4 }, /"width" expected a positive integer, got -4/],
    ['width 1.5', { data, width: 1.5, height: 4 }, /"width"/],
    ['width NaN', { data, width: Number.NaN, height: 4 }, /"width" expected a positive integer, got NaN/],
    ['width as a string', { data, width: '4', height: 4 }, /"width"/],
    ['height Infinity', { data, width: 4, height: Number.POSITIVE_INFINITY }, /"height" expected a positive integer, got Infinity/],
    ['height missing', { data, width: 4 }, /"height"/],
    ['data too short', { data: new Uint8ClampedArray(63), width: 4, height: 4 }, /"data" expected 64 bytes \(width × height × 4\), got 63/],
    ['RGB instead of RGBA', { data: new Uint8ClampedArray(48), width: 4, height: 4 }, /"data" expected 64 bytes/],
    ['width and height swapped against data', { data, width: 8, height: 4 }, /"data" expected 128 bytes/],
  ])('throws RangeError for %s', (_name, image, message) => {
    expect(() => scanImage(image as never)).toThrow(RangeError);
    expect(() => scanImage(image as never)).toThrow(message);
  });

  it.each([
    ['null', null, /"image" expected an object, got object/],
    ['a string', 'picture.png', /"image" expected an object, got string/],
    ['data as a plain array', { data: Array(64).fill(0), width: 4, height: 4 }, /"data" expected a Uint8ClampedArray or Uint8Array/],
    ['data as Float32Array', { data: new Float32Array(64), width: 4, height: 4 }, /"data" expected a Uint8ClampedArray/],
  ])('throws TypeError for %s', (_name, image, message) => {
    expect(() => scanImage(image as never)).toThrow(TypeError);
    expect(() => scanImage(image as never)).toThrow(message);
  });

  it('refuses more than QR_MAX_PIXELS with IMAGE_TOO_LARGE before looking at the data', () => {
    expect(QR_MAX_PIXELS).toBe(40_000_000);
    let caught: unknown;
    try {
      // No pixels at all: had the data been looked at, this would be a RangeError about its length.
      scanImage({ data: new Uint8ClampedArray(0), width: 8000, height: 5001 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(QrError);
    expect(isQrError(caught)).toBe(true);
    expect((caught as QrError).code).toBe('IMAGE_TOO_LARGE');
    expect((caught as QrError).message).toMatch(/8000×5001 \(40\.0 megapixels\); the limit is 40/);
    // Exactly at the limit the size is fine, and the data length is what is wrong.
    expect(() => scanImage({ data: new Uint8ClampedArray(0), width: 8000, height: 5000 })).toThrow(RangeError);
  });
});
