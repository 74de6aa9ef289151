/**
 * QR: render a code as a matrix, SVG and PNG (beside `qrcode` itself, which renderMatrix
 * wraps, and its own SVG/PNG writers), and scan 640×480 camera-like frames (bench/frames.ts):
 * clean, degraded (readable by jsQR, slowly), noisy (not readable by jsQR) and one with no
 * code. Each scanner is timed per frame, median of single calls (CPU time of this thread's work,
 * wall clock beside): the camera loop needs one frame's answer in ≤ 20 ms, for a degraded frame
 * and for a frame with nothing in it.
 */
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { fastScan } from '../../src/qr/fast-scan.js';
import { renderMatrix, renderPng, renderSvg, scanImage, type RgbaImage } from '../../src/qr/index.js';
import { scanFrames } from '../frames.js';
import { compare, latency, syncBatch, type CompareOptions } from '../harness.js';
import { comparisonRow, millis, type Row, type Section } from '../report.js';

/** Target per frame for the camera loop (issue #5). */
const FRAME_BUDGET_MS = 20;

function rawJsQr(image: RgbaImage): string | undefined {
  return jsQR(image.data as Uint8ClampedArray, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data;
}

export async function qrSuite(text: string, quick: boolean): Promise<Section[]> {
  const opts: CompareOptions = quick ? { rounds: 9, batchMs: 10, warmupMs: 100, clock: 'cpu' } : { clock: 'cpu' };
  const render: Row[] = [];
  const segment = [{ mode: 'alphanumeric' as const, data: text }];
  render.push(
    comparisonRow(
      'renderMatrix()',
      await compare(
        { label: 'renderMatrix', run: syncBatch(() => renderMatrix(text), 1) },
        { label: 'qrcode create', run: syncBatch(() => QRCode.create(segment, { errorCorrectionLevel: 'M' }), 1) },
        opts,
      ),
    ),
  );
  render.push(
    comparisonRow(
      'renderSvg()',
      await compare(
        { label: 'renderSvg', run: syncBatch(() => renderSvg(text), 1) },
        { label: 'qrcode toString svg', run: async (count) => {
          for (let i = 0; i < count; i++) await QRCode.toString(segment, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
        } },
        opts,
      ),
    ),
  );
  render.push(
    comparisonRow(
      'renderPng() (8 px a module)',
      await compare(
        { label: 'renderPng', run: syncBatch(() => renderPng(text), 1) },
        { label: 'qrcode toBuffer png (pngjs)', run: async (count) => {
          for (let i = 0; i < count; i++) await QRCode.toBuffer(segment, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
        } },
        opts,
      ),
    ),
  );

  const frames = scanFrames(text);
  const samples = quick ? 5 : 15;
  const scanners: [string, (image: RgbaImage) => string | undefined][] = [
    ['fastScan (src/qr/fast-scan.ts)', fastScan],
    ['scanImage (jsQR, inverted and halved retries)', scanImage],
    ['jsQR alone, no inversion', rawJsQr],
  ];
  const scan: Row[] = [];
  const kinds = [
    ['clean', frames.clean, true],
    ['degraded', frames.degraded, true],
    ['noisy', frames.noisy, true],
    ['no code', frames.empty, false],
  ] as const;
  for (const [name, image, hasCode] of kinds) {
    for (const [label, scanner] of scanners) {
      const found = scanner(image);
      const right = hasCode ? found === text : found === undefined;
      // jsQR on a frame it cannot read takes up to a second: fewer samples keep the run short.
      const ms = await latency(() => scanner(image), { samples: right || !hasCode ? samples : 3, warmup: 1 });
      const target = name === 'degraded' || name === 'no code' ? `≤ ${FRAME_BUDGET_MS} ms` : undefined;
      scan.push({
        name: `${name} 640×480, ${label}`,
        ours: `${millis(ms.cpu)} CPU  (${millis(ms.wall)} wall)`,
        reference: hasCode ? (right ? 'decoded' : 'NOT decoded') : right ? 'dismissed' : 'FALSE CODE',
        ...(target !== undefined && label.startsWith('fastScan') && { target, met: right && ms.cpu <= FRAME_BUDGET_MS }),
      });
    }
  }
  return [
    { title: 'QR render', rows: render, notes: [`the code: ${text.length} characters, QR version ${renderMatrix(text).version}-M.`] },
    {
      title: 'QR scan of a 640×480 frame (median of single calls)',
      rows: scan,
      notes: [
        'clean: 4 px a module on white; degraded: 3.5 px a module, grey surroundings, contrast 35..220, ±14 noise (jsQR reads it);',
        'noisy: 4 px a module, ±24 noise (jsQR alone does not read it); no code: grey surroundings and ±24 noise only.',
      ],
    },
  ];
}
