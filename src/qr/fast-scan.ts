/**
 * A scanner for a camera loop: decides within a few milliseconds whether a frame holds a QR
 * code at all, and decodes one that does from a small, denoised crop.
 *
 * Why: jsQR on a whole 640×480 frame takes ~10 ms when the picture is clean, but hundreds of
 * milliseconds on a noisy one (its 8×8-block binarizer turns sensor noise into speckle, and
 * then it checks every speckle cluster as a finder pattern) and as long on a frame with no
 * code. Here, instead:
 *   1. luminance averaged down to at most 480 pixels a side (sensor noise drops with the averaging),
 *      then a local min/max midpoint threshold under which flat, noisy areas stay light;
 *   2. finder patterns as runs of dark:light:dark:light:dark in the ratio 1:1:3:1:1 along each
 *      row (ISO/IEC 18004 §6.3.3, as in ZXing's detector), checked again down the column and
 *      merged across rows; no three that form the code's right-angled corner → no code;
 *   3. otherwise jsQR on the binarized crop around the three (a clean picture a fraction of the
 *      frame's size), then on the blurred crop if that fails.
 * Works for codes of at least ~3 pixels a module, any rotation, dark on light or inverted.
 * Browser-safe: no `node:` imports, no `Buffer`.
 */
import jsQR from 'jsqr';
import { QrError } from './errors.js';
import { QR_MAX_PIXELS, type RgbaImage } from './scan.js';

/**
 * Longest side of the picture the finder search works on: a 640×480 frame is averaged 2×2 to
 * 320×240, a 1920×1080 one 4×4 to 480×270 (a code then needs ≥ 1.2 working pixels a module).
 */
const WORK_SIDE = 480;

/** Side of the threshold blocks, in pixels, and their neighbourhood radius, in blocks. */
const BLOCK = 8;
const BLOCK_RADIUS = 2;
/**
 * Least difference between the darkest and lightest level around a pixel for it to be
 * thresholded at all: ±24 levels of noise averaged 2×2 span less than this; a code on a
 * screen or paper spans 100–250.
 */
const MIN_CONTRAST = 40;
/** Smallest module the detector accepts, in working pixels. */
const MIN_MODULE = 1.2;
/** Finder centres are 14 (version 1) to 170 (version 40) modules apart (ISO/IEC 18004 §6.3.3). */
const MIN_FINDER_DISTANCE = 12;
const MAX_FINDER_DISTANCE = 180;
/** Modules of margin kept around the finder centres when cropping (3.5 to the edge + 3 quiet). */
const CROP_MARGIN = 6.5;
/** Module size in the crop jsQR gets: larger crops are averaged down to about this. */
const TARGET_MODULE = 4;

interface Finder {
  x: number;
  y: number;
  module: number;
  hits: number;
}

function assertFrame(image: RgbaImage): void {
  if (typeof image !== 'object' || image === null) throw new TypeError(`"image" expected an object, got ${typeof image}`);
  const { data, width, height } = image;
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`"width" expected a positive integer, got ${width}`);
  if (!Number.isInteger(height) || height < 1) throw new RangeError(`"height" expected a positive integer, got ${height}`);
  if (width * height > QR_MAX_PIXELS) {
    throw new QrError('IMAGE_TOO_LARGE', `The image is ${width}×${height}; the limit is ${QR_MAX_PIXELS / 1e6} megapixels. Use a smaller camera resolution.`);
  }
  if (!(data instanceof Uint8ClampedArray) && !(data instanceof Uint8Array)) {
    throw new TypeError('"data" expected a Uint8ClampedArray or Uint8Array of RGBA pixels');
  }
  if (data.length !== width * height * 4) throw new RangeError(`"data" expected ${width * height * 4} bytes (width × height × 4), got ${data.length}`);
}

/**
 * Luminance (r + 2g + b) / 4, over white where not opaque, of the region (x0, y0, rw × rh) of
 * the frame, averaged over `factor` × `factor` blocks.
 */
function luminance(image: RgbaImage, x0: number, y0: number, rw: number, rh: number, factor: number): { grey: Uint8Array; w: number; h: number } {
  const { data, width } = image;
  const w = Math.max(1, Math.floor(rw / factor));
  const h = Math.max(1, Math.floor(rh / factor));
  const grey = new Uint8Array(w * h);
  const area = factor * factor * 4;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        let i = ((y0 + y * factor + dy) * width + x0 + x * factor) * 4;
        for (let dx = 0; dx < factor; dx++, i += 4) {
          const a = data[i + 3]!;
          const lum = data[i]! + 2 * data[i + 1]! + data[i + 2]!;
          sum += a === 255 ? lum : (lum * a + 1020 * (255 - a)) / 255;
        }
      }
      grey[y * w + x] = sum / area;
    }
  }
  return { grey, w, h };
}

/** 3×3 box blur (edges clamped), as two 3-tap passes. */
function blur(grey: Uint8Array, w: number, h: number): Uint8Array {
  const rows = new Uint16Array(w * h);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) rows[o + x] = grey[o + Math.max(0, x - 1)]! + grey[o + x]! + grey[o + Math.min(w - 1, x + 1)]!;
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const up = Math.max(0, y - 1) * w;
    const o = y * w;
    const down = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) out[o + x] = (rows[up + x]! + rows[o + x]! + rows[down + x]!) / 9;
  }
  return out;
}

/**
 * 1 for dark: below the midpoint of the darkest and lightest level of the surrounding 5×5
 * blocks. Where those differ by less than MIN_CONTRAST, the area is flat (paper, a wall,
 * sensor noise) and counts as light, so noise never becomes speckle.
 */
function binarize(grey: Uint8Array, w: number, h: number): Uint8Array {
  const bw = Math.ceil(w / BLOCK);
  const bh = Math.ceil(h / BLOCK);
  const lows = new Uint8Array(bw * bh).fill(255);
  const highs = new Uint8Array(bw * bh);
  for (let y = 0; y < h; y++) {
    const row = ((y / BLOCK) | 0) * bw;
    const o = y * w;
    for (let bx = 0; bx < bw; bx++) {
      const end = Math.min(w, (bx + 1) * BLOCK);
      let low = lows[row + bx]!;
      let high = highs[row + bx]!;
      for (let x = bx * BLOCK; x < end; x++) {
        const v = grey[o + x]!;
        if (v < low) low = v;
        if (v > high) high = v;
      }
      lows[row + bx] = low;
      highs[row + bx] = high;
    }
  }
  const threshold = new Int16Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let low = 255;
      let high = 0;
      for (let y = Math.max(0, by - BLOCK_RADIUS); y <= Math.min(bh - 1, by + BLOCK_RADIUS); y++) {
        for (let x = Math.max(0, bx - BLOCK_RADIUS); x <= Math.min(bw - 1, bx + BLOCK_RADIUS); x++) {
          low = Math.min(low, lows[y * bw + x]!);
          high = Math.max(high, highs[y * bw + x]!);
        }
      }
      threshold[by * bw + bx] = high - low < MIN_CONTRAST ? -1 : (low + high) >> 1;
    }
  }
  const dark = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = ((y / BLOCK) | 0) * bw;
    const o = y * w;
    for (let bx = 0; bx < bw; bx++) {
      const t = threshold[row + bx]!;
      const end = Math.min(w, (bx + 1) * BLOCK);
      for (let x = bx * BLOCK; x < end; x++) dark[o + x] = grey[o + x]! < t ? 1 : 0;
    }
  }
  return dark;
}

/** True when five runs are in the finder ratio 1:1:3:1:1 (ZXing's tolerance: half a module). */
function finderRatio(a: number, b: number, c: number, d: number, e: number): boolean {
  const module = (a + b + c + d + e) / 7;
  if (module < MIN_MODULE) return false;
  const tolerance = module / 2;
  return (
    Math.abs(a - module) < tolerance &&
    Math.abs(b - module) < tolerance &&
    Math.abs(c - 3 * module) < 3 * tolerance &&
    Math.abs(d - module) < tolerance &&
    Math.abs(e - module) < tolerance
  );
}

/**
 * Reads the five runs through (x, y) along one axis (`vertical` or not), with `want` as the
 * centre colour: the centre of the finder pattern on that axis and the runs' total length,
 * or undefined when they are not in the finder ratio.
 */
function crossCheck(dark: Uint8Array, w: number, h: number, x: number, y: number, vertical: boolean, want: number, maxRun: number): { centre: number; total: number } | undefined {
  const step = vertical ? w : 1;
  const limit = vertical ? h : w;
  const from = vertical ? y : x;
  const origin = y * w + x;
  // Backwards from the centre: half the centre run, then the light and dark runs before it.
  let back = 0;
  const runs = [0, 0, 0, 0, 0];
  for (let run = 2; run >= 0; run--) {
    const colour = run === 1 ? 1 - want : want;
    while (from - back >= 0 && dark[origin - back * step] === colour && runs[run]! <= maxRun) {
      runs[run]!++;
      back++;
    }
    if (runs[run] === 0 || runs[run]! > maxRun) return undefined;
  }
  // Forwards: the rest of the centre run, then the light and dark runs after it.
  let ahead = 1;
  for (let run = 2; run <= 4; run++) {
    const colour = run === 3 ? 1 - want : want;
    const before = runs[run]!;
    while (from + ahead < limit && dark[origin + ahead * step] === colour && runs[run]! <= 3 * maxRun) {
      runs[run]!++;
      ahead++;
    }
    if (run > 2 && (runs[run] === before || runs[run]! > maxRun)) return undefined;
  }
  const [a, b, c, d, e] = runs as [number, number, number, number, number];
  if (!finderRatio(a, b, c, d, e)) return undefined;
  const first = from - back + 1;
  return { centre: first + a + b + c / 2 - 0.5, total: a + b + c + d + e };
}

/** Finder pattern candidates of colour `want` (1: dark finders on light, 0: inverted). */
function findFinders(dark: Uint8Array, w: number, h: number, want: number): Finder[] {
  const finders: Finder[] = [];
  const runs = new Int32Array(5);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let count = 0;
    let colour = dark[row]!;
    let length = 0;
    for (let x = 0; x <= w; x++) {
      const pixel = x < w ? dark[row + x]! : -1;
      if (pixel === colour) {
        length++;
        continue;
      }
      runs[0] = runs[1]!;
      runs[1] = runs[2]!;
      runs[2] = runs[3]!;
      runs[3] = runs[4]!;
      runs[4] = length;
      count++;
      if (colour === want && count >= 5 && finderRatio(runs[0]!, runs[1]!, runs[2]!, runs[3]!, runs[4]!)) {
        const total = runs[0]! + runs[1]! + runs[2]! + runs[3]! + runs[4]!;
        const cx = Math.round(x - runs[4]! - runs[3]! - runs[2]! / 2);
        const vertical = crossCheck(dark, w, h, cx, y, true, want, total);
        if (vertical && vertical.total < 1.5 * total && vertical.total > total / 1.5) {
          const cy = Math.round(vertical.centre);
          const horizontal = crossCheck(dark, w, h, cx, cy, false, want, total);
          if (horizontal) addFinder(finders, horizontal.centre, vertical.centre, (horizontal.total + vertical.total) / 14);
        }
      }
      colour = pixel;
      length = 1;
    }
  }
  return finders.filter((f) => f.hits >= 2);
}

function addFinder(finders: Finder[], x: number, y: number, module: number): void {
  for (const f of finders) {
    if (Math.abs(f.x - x) <= 2 * module && Math.abs(f.y - y) <= 2 * module && Math.abs(f.module - module) <= f.module) {
      f.x = (f.x * f.hits + x) / (f.hits + 1);
      f.y = (f.y * f.hits + y) / (f.hits + 1);
      f.module = (f.module * f.hits + module) / (f.hits + 1);
      f.hits++;
      return;
    }
  }
  if (finders.length < 64) finders.push({ x, y, module, hits: 1 });
}

/** The three finders that best form a code's corner: right angle, equal legs, one module size. */
function chooseCorner(finders: Finder[]): [Finder, Finder, Finder] | undefined {
  const top = [...finders].sort((a, b) => b.hits - a.hits).slice(0, 12);
  let best: [Finder, Finder, Finder] | undefined;
  let bestScore = Infinity;
  for (let i = 0; i < top.length; i++) {
    for (let j = i + 1; j < top.length; j++) {
      for (let k = j + 1; k < top.length; k++) {
        const three = [top[i]!, top[j]!, top[k]!];
        const modules = three.map((f) => f.module);
        if (Math.max(...modules) > 1.6 * Math.min(...modules)) continue;
        const module = (modules[0]! + modules[1]! + modules[2]!) / 3;
        // The right-angle finder is the one opposite the longest side.
        const d = (p: Finder, q: Finder): number => Math.hypot(p.x - q.x, p.y - q.y);
        const sides = [d(three[1]!, three[2]!), d(three[0]!, three[2]!), d(three[0]!, three[1]!)];
        const corner = sides.indexOf(Math.max(...sides));
        const hypotenuse = sides[corner]!;
        const legs = sides.filter((_, s) => s !== corner);
        const leg = (legs[0]! + legs[1]!) / 2;
        if (leg / module < MIN_FINDER_DISTANCE || leg / module > MAX_FINDER_DISTANCE) continue;
        const legSkew = Math.abs(legs[0]! - legs[1]!) / leg;
        const angleSkew = Math.abs(hypotenuse / leg - Math.SQRT2) / Math.SQRT2;
        if (legSkew > 0.25 || angleSkew > 0.2) continue;
        const score = legSkew + angleSkew;
        if (score < bestScore) {
          bestScore = score;
          const a = three[corner]!;
          const [b, c] = three.filter((_, s) => s !== corner) as [Finder, Finder];
          best = [a, b, c];
        }
      }
    }
  }
  return best;
}

/**
 * The code's region in frame pixels: the box around the three finders and the fourth corner,
 * with CROP_MARGIN modules around it. `scale` turns working pixels into frame pixels.
 */
function region(corner: [Finder, Finder, Finder], scale: number, width: number, height: number): { x0: number; y0: number; rw: number; rh: number; module: number } {
  const [a, b, c] = corner;
  const module = ((a.module + b.module + c.module) / 3) * scale;
  const xs = [a.x, b.x, c.x, b.x + c.x - a.x].map((v) => (v + 0.5) * scale);
  const ys = [a.y, b.y, c.y, b.y + c.y - a.y].map((v) => (v + 0.5) * scale);
  const margin = CROP_MARGIN * module;
  const x0 = Math.max(0, Math.floor(Math.min(...xs) - margin));
  const y0 = Math.max(0, Math.floor(Math.min(...ys) - margin));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs) + margin));
  const y1 = Math.min(height, Math.ceil(Math.max(...ys) + margin));
  return { x0, y0, rw: x1 - x0, rh: y1 - y0, module };
}

/** Grey or binary pixels as opaque grey RGBA for jsQR, each value through `map`. */
function toRgba(values: Uint8Array, w: number, h: number, map: (v: number) => number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0, o = 0; i < values.length; i++, o += 4) {
    data[o] = data[o + 1] = data[o + 2] = map(values[i]!);
    data[o + 3] = 255;
  }
  return { data, width: w, height: h };
}

function decode(image: RgbaImage, inversion: 'dontInvert' | 'onlyInvert'): string | undefined {
  return jsQR(image.data as Uint8ClampedArray, image.width, image.height, { inversionAttempts: inversion })?.data;
}

const AS_DARK_ON_LIGHT = (v: number): number => (v === 1 ? 0 : 255);
const AS_IS = (v: number): number => v;

/**
 * Finds and decodes one QR code in a camera frame, or returns `undefined` quickly when the
 * frame has none: meant to run on every frame of a live camera. Reads codes of at least ~3
 * pixels a module, dark on light or inverted, at any rotation; for a photo or a file, where a
 * second costs nothing, `scanImage` tries harder.
 *
 * @throws {TypeError} when `image` or its `data` has the wrong type.
 * @throws {RangeError} when `width`/`height` are not positive integers or `data` has not `width × height × 4` bytes.
 * @throws {QrError} `IMAGE_TOO_LARGE` when the image has more than `QR_MAX_PIXELS` pixels.
 * @example
 * ```ts
 * const text = fastScan(context.getImageData(0, 0, video.videoWidth, video.videoHeight));
 * if (text !== undefined) show(await verify(text, trust));
 * ```
 */
export function fastScan(image: RgbaImage): string | undefined {
  assertFrame(image);
  const { width, height } = image;
  // The search runs on a frame averaged down to at most WORK_SIDE a side (averaging is also
  // the first denoising step); the decode on the code's region at full resolution.
  const scale = Math.max(1, Math.ceil(Math.max(width, height) / WORK_SIDE));
  const work = luminance(image, 0, 0, width, height, scale);
  const dark = binarize(work.grey, work.w, work.h);
  for (const want of [1, 0]) {
    const corner = chooseCorner(findFinders(dark, work.w, work.h, want));
    if (!corner) continue;
    const { x0, y0, rw, rh, module } = region(corner, scale, width, height);
    const factor = Math.max(1, Math.floor(module / TARGET_MODULE));
    const crop = luminance(image, x0, y0, rw, rh, factor);
    const smooth = blur(crop.grey, crop.w, crop.h);
    const binary = binarize(smooth, crop.w, crop.h);
    // Dark on light whichever way the code was printed: jsQR then needs no inverted pass.
    const found = decode(toRgba(binary, crop.w, crop.h, want === 1 ? AS_DARK_ON_LIGHT : (v) => (v === 1 ? 255 : 0)), 'dontInvert');
    if (found !== undefined) return found;
    const again = decode(toRgba(smooth, crop.w, crop.h, AS_IS), want === 1 ? 'dontInvert' : 'onlyInvert');
    if (again !== undefined) return again;
  }
  return undefined;
}
