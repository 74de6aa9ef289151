import { describe, expect, it } from 'vitest';
import { renderPng } from '../../../src/qr/render.js';
import { scanImage } from '../../../src/qr/scan.js';
import { bitmapToRgba, photoLike, pngToRgba, prng, rgbaToJpeg, rgbaToPng, toY4m } from '../../support/images.js';
import { STATUS_TEXTS } from './texts.js';

// The shared helpers other suites (e2e camera tests) build on: they must be right too.
describe('test/support/images', () => {
  it('prng is deterministic and uniform-looking', () => {
    const a = prng(42);
    const b = prng(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.05);
    expect(prng(43)()).not.toBe(prng(42)());
  });

  it('rgbaToPng and pngToRgba round-trip exactly; rgbaToJpeg keeps the picture', () => {
    const random = prng(1);
    const data = new Uint8ClampedArray(7 * 5 * 4).map(() => Math.floor(random() * 256));
    expect(pngToRgba(rgbaToPng(data, 7, 5))).toEqual({ data, width: 7, height: 5 });
    const img = pngToRgba(renderPng(STATUS_TEXTS[0].text));
    const jpeg = rgbaToJpeg(img.data, img.width, img.height, 90);
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
    expect(() => rgbaToPng(data, 7, 4)).toThrow(/"data" expected 112 bytes/);
  });

  it('bitmapToRgba draws black on white at the given scale', () => {
    const img = bitmapToRgba(new Uint8Array([1, 0]), 2, 1, 2);
    expect([img.width, img.height]).toEqual([4, 2]);
    expect([...img.data.filter((_, i) => i % 4 === 0)]).toEqual([0, 0, 255, 255, 0, 0, 255, 255]);
  });

  it('photoLike is deterministic per seed and rotates clockwise', () => {
    const data = new Uint8ClampedArray(2 * 1 * 4);
    data.set([0, 0, 0, 255, 255, 255, 255, 255]); // black left, white right
    const opts = { scale: 1, padding: 0, noise: 0, low: 0, high: 255 };
    expect([...photoLike(data, 2, 1, opts).data]).toEqual([...data]);
    const turned = photoLike(data, 2, 1, { ...opts, rotate90: true });
    expect([turned.width, turned.height]).toEqual([1, 2]);
    expect([turned.data[0], turned.data[4]]).toEqual([0, 255]); // left went to the top
    const noisy = (seed: number) => photoLike(data, 2, 1, { seed, padding: 3 }).data;
    expect(noisy(5)).toEqual(noisy(5));
    expect(noisy(5)).not.toEqual(noisy(6));
  });

  it('toY4m writes a C420 YUV4MPEG2 stream whose luma plane shows a readable code', () => {
    const text = STATUS_TEXTS[1].text;
    const img = pngToRgba(renderPng(text, { scale: 4 }));
    const frames = 3;
    const y4m = toY4m(img.data, img.width, img.height, frames);
    const header = `YUV4MPEG2 W${img.width} H${img.height} F30:1 Ip A1:1 C420\n`;
    expect(new TextDecoder().decode(y4m.subarray(0, header.length))).toBe(header);
    const frameSize = img.width * img.height * 1.5;
    expect(y4m.length).toBe(header.length + frames * (6 + frameSize));
    const last = header.length + (frames - 1) * (6 + frameSize);
    expect(new TextDecoder().decode(y4m.subarray(last, last + 6))).toBe('FRAME\n');

    const luma = y4m.subarray(header.length + 6, header.length + 6 + img.width * img.height);
    expect(new Set(luma)).toEqual(new Set([16, 235])); // BT.601 studio swing black and white
    const chroma = y4m.subarray(header.length + 6 + luma.length, header.length + 6 + frameSize);
    expect(chroma.every((v) => v === 128)).toBe(true); // grey has no colour
    const rgba = new Uint8ClampedArray(luma.length * 4);
    luma.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
    expect(scanImage({ data: rgba, width: img.width, height: img.height })).toBe(text);
  });

  it('toY4m converts colour with BT.601 and refuses odd sizes', () => {
    const red = toY4m(new Uint8Array(16).map((_, i) => (i % 4 === 1 || i % 4 === 2 ? 0 : 255)), 2, 2);
    const body = red.subarray(red.length - 6);
    expect([...body]).toEqual([81, 81, 81, 81, 90, 240]); // Y, Y, Y, Y, Cb, Cr of pure red
    expect(() => toY4m(new Uint8Array(3 * 2 * 4), 3, 2)).toThrow(/must be even for 4:2:0, got 3×2/);
    expect(() => toY4m(new Uint8Array(16), 2, 2, 0)).toThrow(/"frames" expected a positive integer, got 0/);
  });
});
