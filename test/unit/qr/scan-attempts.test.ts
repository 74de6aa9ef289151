import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderMatrix, renderPng } from '../../../src/qr/render.js';
import { SCAN_DOWNSCALE_PIXELS, scanImage } from '../../../src/qr/scan.js';
import { photoLike, pngToRgba, type Rgba } from '../../support/images.js';
import { STATUS_TEXTS } from './texts.js';

// Records the size of every frame handed to jsQR, so the tests see which attempts ran.
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

/** The code drawn at `moduleSize` pixels a module in the middle of a `side` × `side` grey frame. */
function inFrame(text: string, side: number, moduleSize: number): Rgba {
  const m = renderMatrix(text);
  const code = (m.size + 8) * moduleSize;
  const data = new Uint8ClampedArray(side * side * 4).fill(150);
  const origin = Math.floor((side - code) / 2);
  for (let y = 0; y < code; y++) {
    for (let x = 0; x < code; x++) {
      const mx = Math.floor(x / moduleSize) - 4;
      const my = Math.floor(y / moduleSize) - 4;
      const dark = mx >= 0 && my >= 0 && mx < m.size && my < m.size && m.modules[my * m.size + mx] === 1;
      data.fill(dark ? 20 : 240, ((origin + y) * side + origin + x) * 4, ((origin + y) * side + origin + x) * 4 + 3);
    }
  }
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { data, width: side, height: side };
}

describe('scanImage attempts', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('scans a large frame at reduced size first and stops there when the code is big', () => {
    const text = STATUS_TEXTS[1].text;
    const frame = inFrame(text, 3000, 24); // 9 MP, the code 1272 pixels wide
    expect(scanImage(frame)).toBe(text);
    expect(calls).toEqual([[1000, 1000]]); // factor ceil(sqrt(9 MP / 2 MP)) = 3
    expect(1000 * 1000).toBeLessThanOrEqual(SCAN_DOWNSCALE_PIXELS);
  });

  it('falls back to full size when the code is too small to survive downscaling', () => {
    const text = STATUS_TEXTS[0].text;
    const frame = inFrame(text, 3000, 2); // 2-pixel modules become 2/3 of a pixel
    expect(scanImage(frame)).toBe(text);
    expect(calls).toEqual([
      [1000, 1000],
      [3000, 3000],
    ]);
  });

  it('reads a clean small picture at full size in one attempt', () => {
    const text = STATUS_TEXTS[0].text;
    expect(scanImage(pngToRgba(renderPng(text)))).toBe(text);
    expect(calls).toHaveLength(1);
  });

  it('retries a noisy small picture at half size, which averages the noise away', () => {
    const text = STATUS_TEXTS[2].text;
    const clean = pngToRgba(renderPng(text, { scale: 4 }));
    const photo = photoLike(clean.data, clean.width, clean.height, { noise: 24, seed: 5 });
    expect(scanImage(photo)).toBe(text);
    expect(calls).toEqual([
      [photo.width, photo.height],
      [photo.width / 2, photo.height / 2],
    ]);
  });

  it('does not halve pictures under 100 pixels a side', () => {
    const blank = { data: new Uint8ClampedArray(99 * 400 * 4).fill(255), width: 400, height: 99 };
    expect(scanImage(blank)).toBeUndefined();
    expect(calls).toEqual([[400, 99]]);
  });
});
