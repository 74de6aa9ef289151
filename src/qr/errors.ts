/**
 * Stable codes of the QR faces (render, scan, scan a file). They are separate from the
 * verify codes of DESIGN.md: reading a picture fails before there is any code to verify.
 *
 * @example
 * ```ts
 * const known = (QR_ERROR_CODES as readonly string[]).includes(result.code);
 * ```
 */
export const QR_ERROR_CODES = [
  'NO_QR_FOUND',
  'UNREADABLE_IMAGE',
  'UNSUPPORTED_IMAGE',
  'IMAGE_TOO_LARGE',
  'FILE_NOT_FOUND',
] as const;

/**
 * One of the stable codes a {@link QrError} carries.
 *
 * @example
 * ```ts
 * const exitCode = (code: QrErrorCode): number => (code === 'NO_QR_FOUND' ? 1 : 2);
 * ```
 */
export type QrErrorCode = (typeof QR_ERROR_CODES)[number];

const BRAND = Symbol.for('healthcode.QrError');

/**
 * The error of the QR faces: a stable `code` and a message a person can act on.
 *
 * @example
 * ```ts
 * try { await scanFile('photo.jpg'); } catch (e) { if (isQrError(e)) console.error(e.code, e.message); }
 * ```
 */
export class QrError extends Error {
  /** The stable code; messages may change, codes do not. */
  readonly code: QrErrorCode;

  constructor(code: QrErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QrError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True when `value` is a {@link QrError}, from this copy of the library or another (the
 * ESM and CJS builds share the `Symbol.for` brand).
 *
 * @example
 * ```ts
 * if (isQrError(err) && err.code === 'NO_QR_FOUND') askForAnotherPhoto();
 * ```
 */
export function isQrError(value: unknown): value is QrError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
