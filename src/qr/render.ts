/**
 * QR rendering for the faces: a module matrix from `qrcode`, then PNG, SVG, terminal and
 * data-URL pictures of it. Browser-safe: no `node:` imports, no `Buffer`, all sync.
 */
import QRCode from 'qrcode';
import { encodeBitmapPng } from './png.js';

/**
 * QR error-correction level (ISO/IEC 18004 §7.5.1): about 7, 15, 25 or 30 % recoverable.
 *
 * @example
 * ```ts
 * const level: ErrorCorrection = 'Q'; // for codes printed on worn badges
 * ```
 */
export type ErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/**
 * Options shared by the renderers; every member is optional.
 *
 * @example
 * ```ts
 * const opts: RenderOptions = { errorCorrection: 'M', margin: 4, scale: 10 };
 * ```
 */
export interface RenderOptions {
  /** Error-correction level; DESIGN.md fixes `'M'` as the default. */
  errorCorrection?: ErrorCorrection;
  /** Quiet zone around the symbol, in modules (ISO/IEC 18004 §9.1 asks for 4). */
  margin?: number;
  /** Pixels per module for the raster renderers (PNG, data URL) and the SVG's size. */
  scale?: number;
}

/**
 * Options of {@link renderTerminal}: the shared ones (no `scale`) and `invert`.
 *
 * @example
 * ```ts
 * const opts: TerminalRenderOptions = { margin: 2, invert: true };
 * ```
 */
export interface TerminalRenderOptions extends Omit<RenderOptions, 'scale'> {
  /**
   * The output draws light modules with glyphs, which gives dark-on-light on the usual
   * light-text-on-dark terminal. Set `invert` for a dark-text-on-light terminal.
   */
  invert?: boolean;
}

/**
 * A rendered symbol: `modules[y * size + x]` is 1 for a dark module, without quiet zone.
 *
 * @example
 * ```ts
 * const { size, modules } = renderMatrix('HQ1:A');
 * const topLeftIsDark = modules[0] === 1; // the finder pattern's corner
 * ```
 */
export interface QrMatrix {
  readonly size: number;
  readonly modules: Uint8Array;
  readonly version: number;
  readonly errorCorrection: ErrorCorrection;
  readonly mode: 'alphanumeric' | 'byte';
}

/**
 * The defaults of {@link RenderOptions}: level M (DESIGN.md), a 4-module quiet zone, 8 pixels a module.
 *
 * @example
 * ```ts
 * const png = renderPng(text, { ...DEFAULT_RENDER_OPTIONS, scale: 4 });
 * ```
 */
export const DEFAULT_RENDER_OPTIONS = Object.freeze({ errorCorrection: 'M', margin: 4, scale: 8 } as const);

/**
 * Largest accepted `margin`, in modules.
 *
 * @example
 * ```ts
 * const margin = Math.min(requestedMargin, RENDER_MAX_MARGIN);
 * ```
 */
export const RENDER_MAX_MARGIN = 32;
/**
 * Largest accepted `scale`: version 40 with the largest margin stays under 8000 pixels a side.
 *
 * @example
 * ```ts
 * const scale = Math.min(Math.floor(600 / (renderMatrix(text).size + 8)), RENDER_MAX_SCALE);
 * ```
 */
export const RENDER_MAX_SCALE = 32;

const ERROR_CORRECTION_LEVELS: readonly ErrorCorrection[] = ['L', 'M', 'Q', 'H'];
// ISO/IEC 18004 §7.3.4, Table 5: the 45 characters of alphanumeric mode (the Base45 alphabet).
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

interface ResolvedOptions {
  readonly errorCorrection: ErrorCorrection;
  readonly margin: number;
  readonly scale: number;
}

function resolveOptions(opts: RenderOptions | undefined): ResolvedOptions {
  if (opts === undefined) return DEFAULT_RENDER_OPTIONS;
  if (typeof opts !== 'object' || opts === null) throw new TypeError(`"opts" expected an object, got ${typeof opts}`);
  const errorCorrection = opts.errorCorrection ?? DEFAULT_RENDER_OPTIONS.errorCorrection;
  if (!ERROR_CORRECTION_LEVELS.includes(errorCorrection))
    throw new RangeError(`"errorCorrection" expected one of L, M, Q, H, got ${String(errorCorrection)}`);
  const margin = opts.margin ?? DEFAULT_RENDER_OPTIONS.margin;
  if (!Number.isInteger(margin) || margin < 0 || margin > RENDER_MAX_MARGIN)
    throw new RangeError(`"margin" expected an integer from 0 to ${RENDER_MAX_MARGIN}, got ${margin}`);
  const scale = opts.scale ?? DEFAULT_RENDER_OPTIONS.scale;
  if (!Number.isInteger(scale) || scale < 1 || scale > RENDER_MAX_SCALE)
    throw new RangeError(`"scale" expected an integer from 1 to ${RENDER_MAX_SCALE}, got ${scale}`);
  return { errorCorrection, margin, scale };
}

/**
 * Encodes `text` as a QR symbol of the smallest version that fits, in alphanumeric mode
 * when every character allows it (all `HQ1:` codes do), otherwise in byte mode (UTF-8).
 *
 * @throws {TypeError} when `text` is not a string.
 * @throws {RangeError} when `text` is empty, too long for a QR code at that level, or an option is out of range.
 * @example
 * ```ts
 * const { version, size } = renderMatrix('HQ1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EP4J0B');
 * ```
 */
export function renderMatrix(text: string, opts?: RenderOptions): QrMatrix {
  if (typeof text !== 'string') throw new TypeError(`"text" expected a string, got ${typeof text}`);
  if (text.length === 0) throw new RangeError('"text" expected at least one character, got an empty string');
  const { errorCorrection } = resolveOptions(opts);
  const mode = ALPHANUMERIC.test(text) ? 'alphanumeric' : 'byte';
  // Manual segments: qrcode's automatic split may mix numeric runs into the symbol; one
  // segment gives the mode DESIGN.md fixes and lets qrcode pick the smallest version.
  const segment =
    mode === 'alphanumeric'
      ? ({ mode, data: text } as const)
      : ({ mode, data: new TextEncoder().encode(text) } as const);
  let symbol: QRCode.QRCode;
  try {
    symbol = QRCode.create([segment], { errorCorrectionLevel: errorCorrection });
  } catch (cause) {
    throw new RangeError(
      `"text" does not fit in a QR code at error correction ${errorCorrection}: ${text.length} characters in ${mode} mode`,
      { cause },
    );
  }
  const size = symbol.modules.size;
  const modules = new Uint8Array(size * size);
  for (let i = 0; i < modules.length; i++) modules[i] = symbol.modules.data[i] ? 1 : 0;
  return Object.freeze({ size, modules, version: symbol.version, errorCorrection, mode });
}

/** The matrix inside its quiet zone, one cell per module. */
function withQuietZone(matrix: QrMatrix, margin: number): { side: number; dark: Uint8Array } {
  const side = matrix.size + 2 * margin;
  const dark = new Uint8Array(side * side);
  for (let y = 0; y < matrix.size; y++) {
    dark.set(matrix.modules.subarray(y * matrix.size, (y + 1) * matrix.size), (y + margin) * side + margin);
  }
  return { side, dark };
}

/**
 * Renders `text` as a black-on-white PNG, `scale` pixels per module with a `margin`-module
 * quiet zone. Sync: the DEFLATE encoder is our own small one, not the async `CompressionStream`.
 *
 * @throws {TypeError} when `text` is not a string.
 * @throws {RangeError} when `text` is empty or does not fit, or an option is out of range.
 * @example
 * ```ts
 * const png = renderPng('HQ1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5', { scale: 10 });
 * ```
 */
export function renderPng(text: string, opts?: RenderOptions): Uint8Array {
  const { margin, scale } = resolveOptions(opts);
  const { side, dark } = withQuietZone(renderMatrix(text, opts), margin);
  return encodeBitmapPng(dark, side, side, scale);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[(n >>> 18) & 63]! + BASE64[(n >>> 12) & 63]!;
    out += i + 1 < bytes.length ? BASE64[(n >>> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? BASE64[n & 63]! : '=';
  }
  return out;
}

/**
 * Renders `text` as a `data:image/png;base64,…` URL of {@link renderPng}'s picture, for an
 * `<img src>`.
 *
 * @throws {TypeError} when `text` is not a string.
 * @throws {RangeError} when `text` is empty or does not fit, or an option is out of range.
 * @example
 * ```ts
 * img.src = renderDataUrl('HQ1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5');
 * ```
 */
export function renderDataUrl(text: string, opts?: RenderOptions): string {
  return `data:image/png;base64,${encodeBase64(renderPng(text, opts))}`;
}

/**
 * Renders `text` as an SVG document: a white background and one `<path>` of the dark
 * modules in module units, drawn with crisp edges, sized `scale` pixels per module.
 *
 * @throws {TypeError} when `text` is not a string.
 * @throws {RangeError} when `text` is empty or does not fit, or an option is out of range.
 * @example
 * ```ts
 * container.innerHTML = renderSvg('HQ1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5');
 * ```
 */
export function renderSvg(text: string, opts?: RenderOptions): string {
  const { margin, scale } = resolveOptions(opts);
  const matrix = renderMatrix(text, opts);
  const side = matrix.size + 2 * margin;
  let d = '';
  for (let y = 0; y < matrix.size; y++) {
    for (let x = 0; x < matrix.size; ) {
      if (matrix.modules[y * matrix.size + x] !== 1) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < matrix.size && matrix.modules[y * matrix.size + x + run] === 1) run++;
      d += `M${x + margin} ${y + margin}h${run}v1h-${run}z`;
      x += run;
    }
  }
  const px = side * scale;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${px}" height="${px}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  );
}

// Half blocks: one character cell holds two module rows, the upper and the lower one.
const GLYPHS = [' ', '▄', '▀', '█'] as const; // index: (upper inked ? 2 : 0) | (lower inked ? 1 : 0)

/**
 * Renders `text` for a terminal with half-block characters (▀ ▄ █ and space), two module
 * rows per line, quiet zone included. Light modules are inked by default, so a
 * light-on-dark terminal shows dark modules on a light field, which phones scan.
 *
 * @throws {TypeError} when `text` is not a string.
 * @throws {RangeError} when `text` is empty or does not fit, or an option is out of range.
 * @example
 * ```ts
 * console.log(renderTerminal('HQ1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5', { invert: process.env.LIGHT_TERMINAL === '1' }));
 * ```
 */
export function renderTerminal(text: string, opts?: TerminalRenderOptions): string {
  const { margin } = resolveOptions(opts);
  const invert = opts?.invert ?? false;
  if (typeof invert !== 'boolean') throw new TypeError(`"invert" expected a boolean, got ${typeof invert}`);
  const { side, dark } = withQuietZone(renderMatrix(text, opts), margin);
  // A row past the bottom (the side is odd) counts as quiet zone, that is light.
  const inked = (x: number, y: number): boolean => (y < side && dark[y * side + x] === 1) === invert;
  const lines: string[] = [];
  for (let y = 0; y < side; y += 2) {
    let line = '';
    for (let x = 0; x < side; x++) line += GLYPHS[(inked(x, y) ? 2 : 0) | (inked(x, y + 1) ? 1 : 0)];
    lines.push(line);
  }
  return lines.join('\n');
}
