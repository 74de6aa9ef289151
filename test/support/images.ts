/**
 * Image helpers the tests share: PNG/JPEG <-> RGBA, a deterministic "photo of a screen"
 * distortion, and Y4M video for Chromium's fake camera
 * (`--use-file-for-fake-video-capture=code.y4m`). Node only (pngjs and jpeg-js use Buffer).
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** RGBA pixels, 4 bytes a pixel, row-major, like `ImageData`. */
export interface Rgba {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

function assertRgba(data: Uint8Array | Uint8ClampedArray, width: number, height: number): void {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`"width" expected a positive integer, got ${width}`);
  if (!Number.isInteger(height) || height < 1) throw new RangeError(`"height" expected a positive integer, got ${height}`);
  if (data.length !== width * height * 4)
    throw new RangeError(`"data" expected ${width * height * 4} bytes (width × height × 4), got ${data.length}`);
}

/** Decodes PNG bytes to RGBA (8 bits a channel whatever the file's depth and colour type). */
export function pngToRgba(bytes: Uint8Array): Rgba {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  return { data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height };
}

/** Encodes RGBA as an 8-bit RGBA PNG. */
export function rgbaToPng(data: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  assertRgba(data, width, height);
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.length);
  return new Uint8Array(PNG.sync.write(png));
}

/** Encodes RGBA as a baseline JPEG (alpha dropped), `quality` 1..100. */
export function rgbaToJpeg(data: Uint8Array | Uint8ClampedArray, width: number, height: number, quality = 85): Uint8Array {
  assertRgba(data, width, height);
  return new Uint8Array(jpeg.encode({ data: Buffer.from(data.buffer, data.byteOffset, data.length), width, height }, quality).data);
}

/** Draws a dark/light bitmap (`dark[y * width + x] === 1`) as black-on-white RGBA, `scale` pixels a cell. */
export function bitmapToRgba(dark: Uint8Array, width: number, height: number, scale = 1): Rgba {
  if (dark.length !== width * height) throw new RangeError(`"dark" expected ${width * height} cells, got ${dark.length}`);
  const w = width * scale;
  const h = height * scale;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = dark[Math.floor(y / scale) * width + Math.floor(x / scale)] === 1 ? 0 : 255;
      data.set([v, v, v, 255], (y * w + x) * 4);
    }
  }
  return { data, width: w, height: h };
}

/** Mulberry32: a tiny deterministic PRNG, uniform in [0, 1). Same seed, same sequence. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How {@link photoLike} distorts a picture. */
export interface PhotoLikeOptions {
  /** Upscale factor, bilinear (soft edges like a camera's). Default 3. */
  scale?: number;
  /** Rotate a quarter turn clockwise. Default false. */
  rotate90?: boolean;
  /** Grey level (0..255) of the surroundings the picture sits in. Default 128. */
  background?: number;
  /** Surroundings on every side, in output pixels before rotation. Default 40. */
  padding?: number;
  /** Contrast squeeze: black becomes `low`, white becomes `high`. Default 35 and 220. */
  low?: number;
  high?: number;
  /** Uniform noise amplitude, ± this many levels per channel. Default 24. */
  noise?: number;
  /** PRNG seed for the noise. Default 1. */
  seed?: number;
}

/**
 * Makes a picture look like a phone photo of a screen: upscaled with bilinear filtering,
 * placed on a grey background, optionally rotated 90°, contrast reduced, noise added.
 * Deterministic for a given seed.
 */
export function photoLike(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, opts: PhotoLikeOptions = {}): Rgba {
  assertRgba(rgba, width, height);
  const { scale = 3, rotate90 = false, background = 128, padding = 40, low = 35, high = 220, noise = 24, seed = 1 } = opts;
  const sw = Math.round(width * scale);
  const sh = Math.round(height * scale);
  const w = sw + 2 * padding;
  const h = sh + 2 * padding;
  const canvas = new Float64Array(w * h * 3).fill(background);
  const at = (x: number, y: number, c: number): number =>
    rgba[(Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))) * 4 + c] as number;
  for (let y = 0; y < sh; y++) {
    const fy = (y + 0.5) / scale - 0.5;
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    for (let x = 0; x < sw; x++) {
      const fx = (x + 0.5) / scale - 0.5;
      const x0 = Math.floor(fx);
      const tx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const top = at(x0, y0, c) * (1 - tx) + at(x0 + 1, y0, c) * tx;
        const bottom = at(x0, y0 + 1, c) * (1 - tx) + at(x0 + 1, y0 + 1, c) * tx;
        canvas[((y + padding) * w + x + padding) * 3 + c] = top * (1 - ty) + bottom * ty;
      }
    }
  }
  const outW = rotate90 ? h : w;
  const outH = rotate90 ? w : h;
  const data = new Uint8ClampedArray(outW * outH * 4);
  const random = prng(seed);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      // Clockwise quarter turn: output (x, y) shows source (y, h - 1 - x).
      const sx = rotate90 ? y : x;
      const sy = rotate90 ? h - 1 - x : y;
      const o = (y * outW + x) * 4;
      for (let c = 0; c < 3; c++) {
        const v = canvas[(sy * w + sx) * 3 + c] as number;
        data[o + c] = low + (v * (high - low)) / 255 + (random() * 2 - 1) * noise;
      }
      data[o + 3] = 255;
    }
  }
  return { data, width: outW, height: outH };
}

/**
 * Writes RGBA as a YUV4MPEG2 video of `frames` identical frames, 4:2:0 (`C420`, I420
 * planes), BT.601 limited range, for Chromium's `--use-file-for-fake-video-capture`.
 * Chromium's reader takes chroma strides of width / 2, so both dimensions must be even.
 */
export function toY4m(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, frames = 1, fps = 30): Uint8Array {
  assertRgba(rgba, width, height);
  if (width % 2 !== 0 || height % 2 !== 0) throw new RangeError(`"width" and "height" must be even for 4:2:0, got ${width}×${height}`);
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`"frames" expected a positive integer, got ${frames}`);
  if (!Number.isInteger(fps) || fps < 1) throw new RangeError(`"fps" expected a positive integer, got ${fps}`);
  const ySize = width * height;
  const cSize = ySize / 4;
  const frame = new Uint8Array(ySize + 2 * cSize);
  const r = (i: number): number => rgba[i * 4] as number;
  const g = (i: number): number => rgba[i * 4 + 1] as number;
  const b = (i: number): number => rgba[i * 4 + 2] as number;
  // ITU-R BT.601, studio swing: Y in 16..235, Cb/Cr in 16..240.
  for (let i = 0; i < ySize; i++) frame[i] = Math.round(16 + (65.481 * r(i) + 128.553 * g(i) + 24.966 * b(i)) / 255);
  for (let cy = 0; cy < height / 2; cy++) {
    for (let cx = 0; cx < width / 2; cx++) {
      let cb = 0;
      let cr = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const i = (cy * 2 + dy) * width + cx * 2 + dx;
        cb += 128 + (-37.797 * r(i) - 74.203 * g(i) + 112 * b(i)) / 255;
        cr += 128 + (112 * r(i) - 93.786 * g(i) - 18.214 * b(i)) / 255;
      }
      frame[ySize + cy * (width / 2) + cx] = Math.round(cb / 4);
      frame[ySize + cSize + cy * (width / 2) + cx] = Math.round(cr / 4);
    }
  }
  const header = new TextEncoder().encode(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420\n`);
  const marker = new TextEncoder().encode('FRAME\n');
  const out = new Uint8Array(header.length + frames * (marker.length + frame.length));
  out.set(header, 0);
  for (let f = 0; f < frames; f++) {
    const at = header.length + f * (marker.length + frame.length);
    out.set(marker, at);
    out.set(frame, at + marker.length);
  }
  return out;
}
