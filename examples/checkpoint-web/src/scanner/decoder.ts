/**
 * Finding the QR code in a picture: the browser's `BarcodeDetector` where it has one that
 * reads QR codes (Chrome on Android and macOS), otherwise jsQR in a Web Worker, started on
 * first use. Either way the picture never leaves the device.
 */
import type { ScanRequest, ScanResponse } from './protocol.js';

/** Decodes pictures; `decode` takes ownership of the bitmap (it is closed or transferred). */
export interface QrDecoder {
  readonly kind: 'barcode-detector' | 'worker';
  decode(bitmap: ImageBitmap): Promise<string | undefined>;
}

interface DetectedBarcode {
  readonly rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: ImageBitmapSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

async function nativeDecoder(): Promise<QrDecoder | undefined> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Detector) return undefined;
  try {
    if (!(await Detector.getSupportedFormats()).includes('qr_code')) return undefined;
    const detector = new Detector({ formats: ['qr_code'] });
    return {
      kind: 'barcode-detector',
      async decode(bitmap) {
        try {
          return (await detector.detect(bitmap))[0]?.rawValue;
        } finally {
          bitmap.close();
        }
      },
    };
  } catch {
    return undefined;
  }
}

function workerDecoder(): QrDecoder {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (text: string | undefined) => void; reject: (error: Error) => void }>();
  const start = (): Worker => {
    const w = new Worker(new URL('./scan-worker.ts', import.meta.url), { type: 'module', name: 'qr-scanner' });
    w.onmessage = (event: MessageEvent<ScanResponse>) => {
      const { id, text, error } = event.data;
      const waiter = pending.get(id);
      pending.delete(id);
      if (error !== undefined) waiter?.reject(new Error(error));
      else waiter?.resolve(text);
    };
    w.onerror = (event) => {
      for (const waiter of pending.values()) waiter.reject(new Error(`the scanner failed: ${event.message}`));
      pending.clear();
      worker = undefined;
    };
    return w;
  };
  return {
    kind: 'worker',
    decode(bitmap) {
      worker ??= start();
      const id = nextId++;
      const request: ScanRequest = { id, bitmap };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage(request, [bitmap]);
      });
    },
  };
}

let chosen: Promise<QrDecoder> | undefined;

/** The decoder this browser supports best (chosen once). */
export function qrDecoder(): Promise<QrDecoder> {
  chosen ??= nativeDecoder().then((native) => native ?? workerDecoder());
  return chosen;
}
