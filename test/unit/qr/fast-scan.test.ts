/**
 * fastScan: reads codes in clean, degraded and noisy camera-like frames (bench/frames.ts), at
 * any rotation, inverted, in a 1080p frame; dismisses frames without a code without handing
 * them to jsQR; decodes from a crop, not the whole frame. jsQR is wrapped (not replaced) to
 * record the size of each picture it gets.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { frame, scanFrames } from '../../../bench/frames.js';
import { fastScan } from '../../../src/qr/fast-scan.js';
import { QR_MAX_PIXELS, isQrError, scanImage } from '../../../src/qr/index.js';
import { prng } from '../../support/images.js';
import { STATUS_TEXTS } from './texts.js';

const calls: Array<[number, number]> = [];
vi.mock('jsqr', async (importOriginal) => {
  const real = (await importOriginal<typeof import('jsqr')>()).default;
  return {
    default: (data: Uint8ClampedArray, width: number, height: number, opts?: Parameters<typeof real>[3]) => {
      calls.push([width, height]);
      return real(data, width, height, opts);
    },
  };
});

const TEXT = STATUS_TEXTS[2].text;
/** The degraded conditions of the bench: grey surroundings, contrast 35..220, noise. */
const CAMERA = { background: 128, low: 35, high: 220 } as const;

beforeEach(() => {
  calls.length = 0;
});

describe('fastScan reads codes', () => {
  it('in the clean, degraded and noisy frames of the bench', () => {
    const frames = scanFrames(TEXT);
    expect(fastScan(frames.clean)).toBe(TEXT);
    expect(fastScan(frames.degraded)).toBe(TEXT);
    expect(fastScan(frames.noisy)).toBe(TEXT);
  });

  it('in a frame jsQR alone cannot read (±32 levels of noise)', () => {
    const image = frame(TEXT, { moduleSize: 4, ...CAMERA, noise: 32, seed: 12 });
    expect(scanImage(image)).toBeUndefined();
    expect(fastScan(image)).toBe(TEXT);
  });

  it('from a crop of the frame, not the whole frame', () => {
    expect(fastScan(scanFrames(TEXT).degraded)).toBe(TEXT);
    expect(calls.length).toBeGreaterThan(0);
    for (const [width, height] of calls) expect(width * height).toBeLessThan((640 * 480) / 4);
  });

  it.each([30, 45, 90, 200])('turned %i°', (angle) => {
    expect(fastScan(frame(TEXT, { moduleSize: 4, ...CAMERA, noise: 14, seed: 8, angle }))).toBe(TEXT);
  });

  it('inverted (light modules on dark)', () => {
    expect(fastScan(frame(TEXT, { moduleSize: 4, background: 128, low: 220, high: 35, noise: 14, seed: 9 }))).toBe(TEXT);
  });

  it('in a 1920×1080 frame, large and small', () => {
    for (const moduleSize of [7, 12]) {
      expect(fastScan(frame(TEXT, { moduleSize, ...CAMERA, noise: 24, seed: 10, width: 1920, height: 1080 }))).toBe(TEXT);
    }
  });

  it('of every status text', () => {
    for (const [i, { name, text }] of STATUS_TEXTS.entries()) {
      expect(fastScan(frame(text, { moduleSize: 4, ...CAMERA, noise: 14, seed: 20 + i })), name).toBe(text);
    }
  });

  it('with a transparent surround, as over white', () => {
    const image = scanFrames(TEXT).clean;
    const data = new Uint8ClampedArray(image.data);
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === 255) data.fill(0, i, i + 4);
    }
    expect(fastScan({ data, width: image.width, height: image.height })).toBe(TEXT);
  });
});

describe('fastScan dismisses frames without a code', () => {
  it('without handing them to jsQR: noise, flat grey, random bytes, tiny images', () => {
    const random = prng(99);
    const bytes = new Uint8ClampedArray(640 * 480 * 4).map((_, i) => (i % 4 === 3 ? 255 : Math.floor(random() * 256)));
    const frames = [
      scanFrames(TEXT).empty,
      frame(undefined, { moduleSize: 1, ...CAMERA, noise: 0, seed: 1 }),
      { data: bytes, width: 640, height: 480 },
      { data: new Uint8ClampedArray([0, 0, 0, 255]), width: 1, height: 1 },
      { data: new Uint8ClampedArray(7 * 3 * 4).fill(255), width: 7, height: 3 },
    ];
    for (const image of frames) expect(fastScan(image)).toBeUndefined();
    for (let seed = 1; seed <= 8; seed++) expect(fastScan(frame(undefined, { moduleSize: 1, ...CAMERA, noise: 8 * seed, seed }))).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('and a code too small to read (2 pixels a module) without a false read', () => {
    expect(fastScan(frame(TEXT, { moduleSize: 2, ...CAMERA, noise: 14, seed: 13 }))).toBeUndefined();
  });
});

describe('fastScan misuse', () => {
  it('names the field', () => {
    expect(() => fastScan(null as never)).toThrow(/"image" expected an object/);
    expect(() => fastScan({ data: new Uint8ClampedArray(4), width: 0, height: 1 })).toThrow(/"width" expected a positive integer, got 0/);
    expect(() => fastScan({ data: new Uint8ClampedArray(4), width: 1, height: 1.5 })).toThrow(RangeError);
    expect(() => fastScan({ data: [0, 0, 0, 255] as never, width: 1, height: 1 })).toThrow(/"data" expected a Uint8ClampedArray or Uint8Array/);
    expect(() => fastScan({ data: new Uint8ClampedArray(8), width: 1, height: 1 })).toThrow(/"data" expected 4 bytes \(width × height × 4\), got 8/);
  });

  it('refuses an image over QR_MAX_PIXELS before reading it', () => {
    let error: unknown;
    try {
      fastScan({ data: new Uint8ClampedArray(0), width: QR_MAX_PIXELS, height: 2 });
    } catch (e) {
      error = e;
    }
    expect(isQrError(error) && error.code).toBe('IMAGE_TOO_LARGE');
  });
});
