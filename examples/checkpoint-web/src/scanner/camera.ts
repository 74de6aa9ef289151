/**
 * Scanning with the camera: the back camera into a `<video>`, one frame at a time to the
 * decoder (the next frame is taken only when the last one is done), until a QR code is
 * found or the scan is stopped.
 */
import { qrDecoder } from './decoder.js';

/** A running camera scan. */
export interface CameraScan {
  /** Resolves with the text of the first QR code seen. */
  readonly found: Promise<string>;
  /** Stops the camera (also done when a code is found). */
  stop(): void;
}

/** Pause between two frames when the browser has no `requestVideoFrameCallback`, in ms. */
const FRAME_INTERVAL_MS = 100;

/**
 * Starts the camera into `video` and scans its frames.
 *
 * @throws DOMException from `getUserMedia` when there is no camera or permission is refused.
 */
export async function startCameraScan(video: HTMLVideoElement): Promise<CameraScan> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    audio: false,
  });
  const decoder = await qrDecoder();
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  await video.play();

  const found = new Promise<string>((resolve, reject) => {
    const next = (): void => {
      if (stopped) return;
      if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(() => void tick());
      else setTimeout(() => void tick(), FRAME_INTERVAL_MS);
    };
    const tick = async (): Promise<void> => {
      if (stopped) return;
      try {
        if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
          const text = await decoder.decode(await createImageBitmap(video));
          if (text !== undefined && !stopped) {
            stop();
            resolve(text);
            return;
          }
        }
      } catch (error) {
        stop();
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      next();
    };
    next();
  });
  return { found, stop };
}
