/**
 * QR scanning of RGBA pixels (a canvas `ImageData`, a camera frame, a decoded file) with
 * `jsqr`. Browser-safe: no `node:` imports, no `Buffer`.
 */
import jsQR from 'jsqr';
import { QrError } from './errors.js';

/**
 * RGBA pixels, row-major, 4 bytes a pixel, as `ImageData` holds them.
 *
 * @example
 * ```ts
 * const image: RgbaImage = { data: new Uint8ClampedArray(640 * 480 * 4), width: 640, height: 480 };
 * ```
 */
export interface RgbaImage {
  readonly data: Uint8ClampedArray | Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Largest image {@link scanImage} accepts, in pixels (40 megapixels, beyond any phone
 * photo): its RGBA copy is 160 MB and jsQR needs about 3 s a pass at that size.
 *
 * @example
 * ```ts
 * if (video.videoWidth * video.videoHeight > QR_MAX_PIXELS) useSmallerCameraResolution();
 * ```
 */
export const QR_MAX_PIXELS = 40_000_000;

/**
 * Above this many pixels, {@link scanImage} first scans a box-filtered copy of at most this
 * size (about 60 ms for jsQR instead of ~30 ns a pixel) and scans full size only if that fails.
 *
 * @example
 * ```ts
 * const fastPath = width * height <= SCAN_DOWNSCALE_PIXELS; // one full-size attempt first
 * ```
 */
export const SCAN_DOWNSCALE_PIXELS = 2_000_000;

/**
 * Smallest side for which a failed scan of a smaller image is retried at half size. The 2×2
 * average is a denoiser: jsQR thresholds 8×8 blocks whose range is under 24 levels as flat,
 * so per-pixel sensor noise of ±12 or more turns flat light areas into speckle, and halving
 * removes it. Below this side, the modules of any readable code would not survive halving.
 */
const SCAN_HALVING_MIN_SIDE = 100;

function assertImage(image: RgbaImage): void {
  if (typeof image !== 'object' || image === null) throw new TypeError(`"image" expected an object, got ${typeof image}`);
  const { data, width, height } = image;
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`"width" expected a positive integer, got ${width}`);
  if (!Number.isInteger(height) || height < 1) throw new RangeError(`"height" expected a positive integer, got ${height}`);
  if (width * height > QR_MAX_PIXELS) {
    throw new QrError(
      'IMAGE_TOO_LARGE',
      `The image is ${width}×${height} (${((width * height) / 1e6).toFixed(1)} megapixels); the limit is ${QR_MAX_PIXELS / 1e6}. Resize or crop it around the code.`,
    );
  }
  if (!(data instanceof Uint8ClampedArray) && !(data instanceof Uint8Array))
    throw new TypeError('"data" expected a Uint8ClampedArray or Uint8Array of RGBA pixels');
  if (data.length !== width * height * 4)
    throw new RangeError(`"data" expected ${width * height * 4} bytes (width × height × 4), got ${data.length}`);
}

/**
 * Pixels as jsQR wants them, composited over white where they are not opaque: jsQR ignores
 * alpha, and a transparent background is black in RGB, which would hide the code.
 */
function opaquePixels(data: Uint8ClampedArray | Uint8Array): Uint8ClampedArray {
  const view = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  let opaque = true;
  for (let i = 3; i < view.length; i += 4) {
    if (view[i] !== 255) {
      opaque = false;
      break;
    }
  }
  if (opaque) return view;
  const out = new Uint8ClampedArray(view.length);
  for (let i = 0; i < view.length; i += 4) {
    const a = view[i + 3] as number;
    for (let c = 0; c < 3; c++) out[i + c] = ((view[i + c] as number) * a + 255 * (255 - a) + 127) / 255;
    out[i + 3] = 255;
  }
  return out;
}

/** Averages `factor` × `factor` blocks (the right and bottom edges average what they have). */
function downscale(data: Uint8ClampedArray, width: number, height: number, factor: number): RgbaImage {
  const w = Math.ceil(width / factor);
  const h = Math.ceil(height / factor);
  const out = new Uint8ClampedArray(w * h * 4);
  const sums = new Float64Array(w * 3);
  const counts = new Uint32Array(w);
  for (let by = 0; by < h; by++) {
    sums.fill(0);
    counts.fill(0);
    for (let y = by * factor; y < Math.min(height, (by + 1) * factor); y++) {
      for (let x = 0; x < width; x++) {
        const bx = (x / factor) | 0;
        const i = (y * width + x) * 4;
        sums[bx * 3] = (sums[bx * 3] as number) + (data[i] as number);
        sums[bx * 3 + 1] = (sums[bx * 3 + 1] as number) + (data[i + 1] as number);
        sums[bx * 3 + 2] = (sums[bx * 3 + 2] as number) + (data[i + 2] as number);
        counts[bx] = (counts[bx] as number) + 1;
      }
    }
    for (let bx = 0; bx < w; bx++) {
      const o = (by * w + bx) * 4;
      const n = counts[bx] as number;
      out[o] = (sums[bx * 3] as number) / n;
      out[o + 1] = (sums[bx * 3 + 1] as number) / n;
      out[o + 2] = (sums[bx * 3 + 2] as number) / n;
      out[o + 3] = 255;
    }
  }
  return { data: out, width: w, height: h };
}

function decode(data: Uint8ClampedArray, width: number, height: number): string | undefined {
  // 'attemptBoth': the picture as it is, then inverted (light modules on dark, as some apps show).
  return jsQR(data, width, height, { inversionAttempts: 'attemptBoth' })?.data;
}

/**
 * Finds and decodes one QR code in RGBA pixels, or returns `undefined` when there is none.
 * Each attempt tries the picture as it is, then inverted. Large images are scanned at a
 * reduced size first, then at full size; others at full size, then halved (denoised).
 *
 * @throws {TypeError} when `image` or its `data` has the wrong type.
 * @throws {RangeError} when `width`/`height` are not positive integers or `data` has not `width × height × 4` bytes.
 * @throws {QrError} `IMAGE_TOO_LARGE` when the image has more than {@link QR_MAX_PIXELS} pixels.
 * @example
 * ```ts
 * const text = scanImage(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height));
 * ```
 */
export function scanImage(image: RgbaImage): string | undefined {
  assertImage(image);
  const { width, height } = image;
  const data = opaquePixels(image.data);
  const pixels = width * height;
  const full = (): string | undefined => decode(data, width, height);
  const reduced = (factor: number) => (): string | undefined => {
    const small = downscale(data, width, height, factor);
    return decode(small.data as Uint8ClampedArray, small.width, small.height);
  };
  const attempts =
    pixels > SCAN_DOWNSCALE_PIXELS
      ? [reduced(Math.ceil(Math.sqrt(pixels / SCAN_DOWNSCALE_PIXELS))), full]
      : Math.min(width, height) >= SCAN_HALVING_MIN_SIDE
        ? [full, reduced(2)]
        : [full];
  for (const attempt of attempts) {
    const found = attempt();
    if (found !== undefined) return found;
  }
  return undefined;
}
