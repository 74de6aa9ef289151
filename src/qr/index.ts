/**
 * `healthcode/qr`: render a code as a QR picture and read one back. The core never imports
 * this entry; the CLI and the example apps do. Everything but `scanFile` runs in browsers.
 */
export {
  DEFAULT_RENDER_OPTIONS,
  RENDER_MAX_MARGIN,
  RENDER_MAX_SCALE,
  renderDataUrl,
  renderMatrix,
  renderPng,
  renderSvg,
  renderTerminal,
  type ErrorCorrection,
  type QrMatrix,
  type RenderOptions,
  type TerminalRenderOptions,
} from './render.js';
export { QR_MAX_PIXELS, SCAN_DOWNSCALE_PIXELS, scanImage, type RgbaImage } from './scan.js';
export { fastScan } from './fast-scan.js';
export { QR_MAX_FILE_BYTES, scanFile } from './scan-file.js';
export { QR_ERROR_CODES, QrError, isQrError, type QrErrorCode } from './errors.js';
