/**
 * The scanner worker: jsQR (through `healthcode/qr`'s `scanImage`) off the main thread, for
 * browsers without `BarcodeDetector`. Loaded only when needed; the camera keeps running
 * smoothly while a frame is scanned.
 */
/// <reference lib="webworker" />
import { scanImage } from 'healthcode/qr';
import type { ScanRequest, ScanResponse } from './protocol.js';

/** Frames are scaled down to at most this many pixels before scanning (a 1080p frame is 2 M). */
const MAX_PIXELS = 2_000_000;

const scope = self as unknown as DedicatedWorkerGlobalScope;

function pixelsOf(bitmap: ImageBitmap): ImageData {
  const factor = Math.min(1, Math.sqrt(MAX_PIXELS / (bitmap.width * bitmap.height)));
  const width = Math.max(1, Math.round(bitmap.width * factor));
  const height = Math.max(1, Math.round(bitmap.height * factor));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}

scope.onmessage = (event: MessageEvent<ScanRequest>) => {
  const { id, bitmap } = event.data;
  let response: ScanResponse;
  try {
    const text = scanImage(pixelsOf(bitmap));
    response = text === undefined ? { id } : { id, text };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  } finally {
    bitmap.close();
  }
  scope.postMessage(response);
};
