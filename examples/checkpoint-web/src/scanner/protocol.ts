/** Messages between the page and the scanner worker. */

/** Page → worker: a picture to scan (transferred, not copied). */
export interface ScanRequest {
  readonly id: number;
  readonly bitmap: ImageBitmap;
}

/** Worker → page: the QR text found, none, or why scanning failed. */
export interface ScanResponse {
  readonly id: number;
  readonly text?: string;
  readonly error?: string;
}
