/**
 * The image scanner (`scanFile`: header sniffing and size checks, pngjs, jpeg-js, jsQR) on
 * hostile files. PNG chunk CRCs are recomputed before the file is written, so mutations get
 * past pngjs's CRC check into the header, inflate and filter code (a CRC guards against line
 * noise, not against an attacker, who can compute it). Oracles: `scanFile` resolves to text
 * or rejects with a QrError of a stable code, nothing else; no input is slow (a small file
 * claiming a huge image must be refused from its header, not decoded).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageHeader } from '../../src/qr/image-header.js';
import { crc32 } from '../../src/qr/png.js';
import { isQrError, QR_ERROR_CODES, QR_MAX_PIXELS, renderPng, scanFile } from '../../src/qr/index.js';
import { pngToRgba, rgbaToJpeg } from '../../test/support/images.js';
import { goldenVectors } from '../seeds.js';
import { expectCodesAsync, FuzzFinding, type FuzzTarget } from './target.js';

/**
 * Time allowed per input: a floor for the instrumented decoders and jsQR on small pictures,
 * plus a budget per megapixel the header declares. A file may legitimately declare up to
 * QR_MAX_PIXELS (40 MP, about 3 s a jsQR pass); what must not happen is a cost out of
 * proportion to the declared size, or any cost at all for a size over the limit.
 */
const FLOOR_MS = 250;
const MS_PER_MEGAPIXEL = 250;
/** The engine's absolute bound for one input (40 MP at the per-megapixel budget, with room). */
const ABSOLUTE_MS = 15_000;
/** Largest declared image the fuzzer decodes (see `run`). */
const MAX_FUZZ_MEGAPIXELS = 1;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const dir = mkdtempSync(join(process.platform === 'linux' && existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'healthcode-fuzz-'));
const file = join(dir, 'image');
const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
process.once('exit', removeDir);

/** Recomputes every PNG chunk's CRC in place (PNG §5.3); other files are left alone. */
function fixPngCrcs(data: Uint8Array): void {
  if (!PNG_SIGNATURE.every((b, i) => data[i] === b)) return;
  for (let at = 8; at + 12 <= data.length; ) {
    const length = ((data[at]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!) >>> 0;
    const end = at + 8 + length;
    if (end + 4 > data.length) break;
    const crc = crc32(data.subarray(at + 4, end));
    data[end] = crc >>> 24;
    data[end + 1] = (crc >>> 16) & 0xff;
    data[end + 2] = (crc >>> 8) & 0xff;
    data[end + 3] = crc & 0xff;
    at = end + 4;
  }
}

function header(width: number, height: number): Uint8Array {
  const png = renderPng('HQ1:X', { scale: 1, margin: 0 });
  const out = png.slice();
  const view = new DataView(out.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  fixPngCrcs(out);
  return out;
}

const target: FuzzTarget = {
  name: 'scan',
  description: 'scanFile on hostile PNG/JPEG files: QrError codes only, nothing slow, nothing huge allocated',
  maxLength: 64 * 1024,
  hangMs: ABSOLUTE_MS,
  teardown: removeDir,
  dictionary: ['IHDR', 'IDAT', 'IEND', 'PLTE', 'tRNS', 'gAMA', Uint8Array.of(0xff, 0xd8, 0xff), Uint8Array.of(0xff, 0xc0), Uint8Array.of(0xff, 0xc2), Uint8Array.of(0xff, 0xc4), Uint8Array.of(0xff, 0xda), Uint8Array.of(0xff, 0xdd), Uint8Array.of(0xff, 0xd9), Uint8Array.of(0x78, 0x9c), Uint8Array.of(0x00, 0x00, 0x4e, 0x20)],
  async seeds() {
    const text = goldenVectors().vectors[0]!.text;
    const small = renderPng(text, { scale: 2, margin: 2 });
    const rgba = pngToRgba(small);
    return [
      renderPng(text, { scale: 1, margin: 1, errorCorrection: 'L' }),
      renderPng(text, { scale: 1, margin: 4 }),
      rgbaToJpeg(rgba.data, rgba.width, rgba.height, 90),
      rgbaToJpeg(rgba.data, rgba.width, rgba.height, 30),
      header(20_000, 20_000),
      header(40_000_001, 1),
      header(6000, 6000),
    ];
  },
  async run(data) {
    const bytes = data.slice();
    fixPngCrcs(bytes);
    writeFileSync(file, bytes);
    let megapixels = 0;
    try {
      const { width, height } = readImageHeader(bytes);
      megapixels = (width * height) / 1e6;
    } catch {
      // Not an image header: scanFile refuses it from the first bytes.
    }
    // Declared sizes between 1 MP and the limit are legitimate and cost what a real photo does
    // (timed by the limits tests); the fuzzer spends its executions on the parsers instead.
    if (megapixels > MAX_FUZZ_MEGAPIXELS && megapixels * 1e6 <= QR_MAX_PIXELS) return;
    const budget = FLOOR_MS + MS_PER_MEGAPIXEL * Math.min(megapixels, 40);
    let ms = Infinity;
    // Over budget once may be a GC pause or a busy machine: the least CPU time of three runs is
    // the input's own cost.
    for (let run = 0; run < 3 && ms > budget; run++) {
      const started = process.cpuUsage();
      const text = await expectCodesAsync(() => scanFile(file), QR_ERROR_CODES, isQrError);
      const used = process.cpuUsage(started);
      ms = Math.min(ms, (used.user + used.system) / 1000);
      if (megapixels * 1e6 > QR_MAX_PIXELS && text !== undefined) throw new FuzzFinding('false-accept', `decoded a file declaring ${megapixels} MP, over the limit`);
    }
    if (ms > budget) throw new FuzzFinding('slow', `took ${ms.toFixed(0)} ms of CPU for a file declaring ${megapixels.toFixed(2)} MP (budget ${budget.toFixed(0)} ms)`);
  },
};

export default target;
