/**
 * 640×480 camera-like frames for the scan rows, deterministic per seed:
 *   clean     — the code at 4 px a module, black on white, centred on a white frame;
 *   degraded  — the code small in the frame (3.5 px a module, bilinear), on grey
 *               surroundings, contrast squeezed to 35..220, ±14 levels of noise a channel: as a
 *               phone camera held at arm's length sees a screen; jsQR reads it;
 *   noisy     — 4 px a module, the same surroundings and contrast, ±24 levels of noise: a dim
 *               room; jsQR alone does not read it;
 *   no code   — the grey surroundings and ±24 noise with nothing in them.
 */
import { renderMatrix } from '../src/qr/index.js';
import { prng, type Rgba } from '../test/support/images.js';

export const FRAME_WIDTH = 640;
export const FRAME_HEIGHT = 480;

/** How a frame is made. */
interface FrameSpec {
  /** Pixels a module (fractional: bilinear sampling). */
  readonly moduleSize: number;
  /** Level of the surroundings. */
  readonly background: number;
  /** Contrast squeeze: black → low, white → high. */
  readonly low: number;
  readonly high: number;
  /** ± levels of uniform noise a channel. */
  readonly noise: number;
  readonly seed: number;
  /** Rotation of the code about the frame's centre, in degrees clockwise. Default 0. */
  readonly angle?: number;
  /** Frame size; default 640×480. */
  readonly width?: number;
  readonly height?: number;
}

/** Draws the code's matrix (with its quiet zone) into a frame, 640×480 unless told otherwise. */
export function frame(text: string | undefined, spec: FrameSpec): Rgba {
  const width = spec.width ?? FRAME_WIDTH;
  const height = spec.height ?? FRAME_HEIGHT;
  const data = new Uint8ClampedArray(width * height * 4);
  const radians = ((spec.angle ?? 0) * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const random = prng(spec.seed);
  const matrix = text === undefined ? undefined : renderMatrix(text);
  const quiet = 4;
  const modules = matrix ? matrix.size + 2 * quiet : 0;
  const side = modules * spec.moduleSize;
  /** Light level 0..255 of the code plane at (u, v) in modules, quiet zone white. */
  const cell = (u: number, v: number): number => {
    const x = Math.floor(u) - quiet;
    const y = Math.floor(v) - quiet;
    if (!matrix || x < 0 || y < 0 || x >= matrix.size || y >= matrix.size) return 255;
    return matrix.modules[y * matrix.size + x] === 1 ? 0 : 255;
  };
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      let level = spec.background;
      // The code plane, turned back by the angle about the frame's centre.
      const dx = px + 0.5 - width / 2;
      const dy = py + 0.5 - height / 2;
      const u = (cos * dx + sin * dy + side / 2) / spec.moduleSize;
      const v = (-sin * dx + cos * dy + side / 2) / spec.moduleSize;
      if (matrix && u >= 0 && v >= 0 && u < modules && v < modules) {
        // Bilinear between module centres: soft edges like a lens.
        const fu = u - 0.5;
        const fv = v - 0.5;
        const u0 = Math.floor(fu);
        const v0 = Math.floor(fv);
        const tu = fu - u0;
        const tv = fv - v0;
        const a = cell(u0, v0) * (1 - tu) + cell(u0 + 1, v0) * tu;
        const b = cell(u0, v0 + 1) * (1 - tu) + cell(u0 + 1, v0 + 1) * tu;
        level = spec.low + ((a * (1 - tv) + b * tv) * (spec.high - spec.low)) / 255;
      }
      const o = (py * width + px) * 4;
      for (let c = 0; c < 3; c++) data[o + c] = level + (random() * 2 - 1) * spec.noise;
      data[o + 3] = 255;
    }
  }
  return { data, width, height };
}

/** The three frames of the scan rows. */
export function scanFrames(text: string): { clean: Rgba; degraded: Rgba; noisy: Rgba; empty: Rgba } {
  return {
    clean: frame(text, { moduleSize: 4, background: 255, low: 0, high: 255, noise: 0, seed: 1 }),
    degraded: frame(text, { moduleSize: 3.5, background: 128, low: 35, high: 220, noise: 14, seed: 2 }),
    noisy: frame(text, { moduleSize: 4, background: 128, low: 35, high: 220, noise: 24, seed: 4 }),
    empty: frame(undefined, { moduleSize: 1, background: 128, low: 35, high: 220, noise: 24, seed: 3 }),
  };
}
