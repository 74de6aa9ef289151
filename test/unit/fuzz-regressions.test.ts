/**
 * Findings of the fuzzers (fuzz/, issue #6), each kept as the smallest input that showed it,
 * with what the code does now.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBase45 } from '../../src/codec/base45.js';
import { CborTag, decodeCbor, encodeCbor } from '../../src/codec/cbor.js';
import { TrustList, verify } from '../../src/index.js';
import { crc32 } from '../../src/qr/png.js';
import { renderPng, scanFile } from '../../src/qr/index.js';
import { fixedIssuerKey } from '../support/keys.js';
import { pngToRgba, rgbaToJpeg } from '../support/images.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'healthcode-fuzz-regressions-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `count` tag heads (tag 1) around the integer 0. */
function tagChain(count: number): Uint8Array {
  return Uint8Array.from({ length: count + 1 }, (_, i) => (i < count ? 0xc1 : 0x00));
}

describe('CBOR: chains of tags (they add no depth, so recursion over them was unbounded)', () => {
  it('a chain of 8,191 tags decodes (it overflowed the stack: RangeError instead of a result)', () => {
    const value = decodeCbor(tagChain(8191));
    expect(value).toBeInstanceOf(CborTag);
    expect(encodeCbor(value)).toEqual(tagChain(8191));
  });

  it('a map key that is a chain of 5,000 tags is compared for duplicates without recursion', () => {
    const bytes = Uint8Array.of(0xa1, ...tagChain(5000), 0x00);
    expect(decodeCbor(bytes)).toBeInstanceOf(Map);
    const duplicate = Uint8Array.of(0xa2, ...tagChain(3000), 0x00, ...tagChain(3000), 0x01);
    expect(() => decodeCbor(duplicate)).toThrow(/duplicate map key/);
  });

  it('encodeCbor writes a chain of 20,000 tags (it overflowed the stack in the encoder)', () => {
    let value: unknown = 'x';
    for (let i = 0; i < 20_000; i++) value = new CborTag(6, value);
    expect(encodeCbor(value).length).toBe(20_000 + 2);
  });

  it('verify resolves BAD_COSE for a 4 KiB code that is one chain of tags', async () => {
    const key = await fixedIssuerKey();
    const trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
    const text = 'HQ1:' + encodeBase45(tagChain(2727));
    expect(text.length).toBeLessThanOrEqual(4096);
    const result = await verify(text, trust, { now: 1_767_225_600 });
    expect(result.valid === false && result.code).toBe('BAD_COSE');
  });
});

describe('image scanner: small files declaring large pictures', () => {
  function chunk(type: string, data: Uint8Array): Uint8Array {
    const body = new Uint8Array([...new TextEncoder().encode(type), ...data]);
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(body, 4);
    view.setUint32(8 + data.length, crc32(body));
    return out;
  }

  function png(width: number, height: number, colourType: number, idat: Uint8Array): Uint8Array {
    const ihdr = new Uint8Array(13);
    const view = new DataView(ihdr.buffer);
    view.setUint32(0, width);
    view.setUint32(4, height);
    ihdr.set([8, colourType, 0, 0, 0], 8);
    return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunk('IHDR', ihdr), ...chunk('IDAT', idat), ...chunk('IEND', new Uint8Array(0))]);
  }

  async function timedScan(name: string, bytes: Uint8Array): Promise<{ code: string; message: string; ms: number }> {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const started = performance.now();
    try {
      await scanFile(path);
      return { code: 'none', message: '', ms: performance.now() - started };
    } catch (error) {
      return { code: (error as { code: string }).code, message: (error as Error).message, ms: performance.now() - started };
    }
  }

  it('a 69-byte PNG declaring 35,412,481 × 1 pixels is UNREADABLE_IMAGE at once (pngjs padded it: 9 s in jsQR)', async () => {
    const bytes = png(35_412_481, 1, 0, new Uint8Array(deflateSync(new Uint8Array(100))));
    expect(bytes.length).toBeLessThan(100);
    const { code, message, ms } = await timedScan('strip.png', bytes);
    expect(code).toBe('UNREADABLE_IMAGE');
    expect(message).toMatch(/image data ends before its 35412481×1 pixels/);
    expect(ms).toBeLessThan(1000);
  });

  it('a 69-byte PNG declaring 6,000 × 6,000 RGBA is UNREADABLE_IMAGE at once (was 3 s)', async () => {
    const { code, ms } = await timedScan('square.png', png(6000, 6000, 6, new Uint8Array(deflateSync(new Uint8Array(100)))));
    expect(code).toBe('UNREADABLE_IMAGE');
    expect(ms).toBeLessThan(1000);
  });

  it('a JPEG with a second frame header (98 × 61,794) after a small first one is UNREADABLE_IMAGE from its header (jpeg-js decodes the last: 3 s)', async () => {
    const rgba = pngToRgba(renderPng('HQ1:ABC', { scale: 2, margin: 2 }));
    const jpeg = rgbaToJpeg(rgba.data, rgba.width, rgba.height, 90);
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    const second = jpeg.slice(sof, sof + 2 + ((jpeg[sof + 2]! << 8) | jpeg[sof + 3]!));
    second[5] = 0xf1; // frame height (ITU-T T.81 §B.2.2): 98 → 61,794
    second[6] = 0x62;
    const bytes = new Uint8Array([...jpeg.subarray(0, jpeg.length - 2), ...second, 0xff, 0xd9]);
    const { code, message, ms } = await timedScan('two-frames.jpg', bytes);
    expect(code).toBe('UNREADABLE_IMAGE');
    expect(message).toMatch(/more than one frame header/);
    expect(ms).toBeLessThan(250);
  });

  it('a JPEG scan header with 50 components, or one running past the end of the file, is UNREADABLE_IMAGE from its header (jpeg-js: 0.3 s for 1.6 KB)', async () => {
    const rgba = pngToRgba(renderPng('HQ1:ABC', { scale: 2, margin: 2 }));
    const jpeg = rgbaToJpeg(rgba.data, rgba.width, rgba.height, 90).subarray(0, -2); // without EOI
    const length = 13_055;
    const header = [0xff, 0xda, length >> 8, length & 0xff, 50];
    const padded = new Uint8Array([...jpeg, ...header, ...new Uint8Array(length - 3), 0xff, 0xd9]);
    const cut = new Uint8Array([...jpeg, ...header, 0xff, 0x00, 0x51, 0xff, 0xd9]);
    for (const [name, bytes, why] of [['fifty.jpg', padded, /scan header at byte \d+ that is not well-formed/], ['past-end.jpg', cut, /runs past the end of the file/]] as const) {
      const { code, message, ms } = await timedScan(name, bytes);
      expect(code).toBe('UNREADABLE_IMAGE');
      expect(message).toMatch(why);
      expect(ms).toBeLessThan(250);
    }
  });

  it('a 2.5 KB JPEG whose frame header says 65,535 × 98 is UNREADABLE_IMAGE, its cost bounded by the pixels it declares', async () => {
    const rgba = pngToRgba(renderPng('HQ1:ABC', { scale: 2, margin: 2 }));
    const jpeg = rgbaToJpeg(rgba.data, rgba.width, rgba.height, 90);
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    jpeg[sof + 7] = 0xff; // frame width (ITU-T T.81 §B.2.2): 98 → 65,535
    jpeg[sof + 8] = 0xff;
    const { code, ms } = await timedScan('wide.jpg', jpeg);
    expect(code).toBe('UNREADABLE_IMAGE');
    expect(ms).toBeLessThan(250 * 6.4 + 250); // the scan target's budget: 250 ms + 250 ms per declared megapixel
  });
});
