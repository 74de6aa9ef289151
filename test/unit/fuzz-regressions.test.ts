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

  async function scanCode(name: string, bytes: Uint8Array): Promise<{ code: string; message: string }> {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    try {
      await scanFile(path);
      return { code: 'none', message: '' };
    } catch (error) {
      return { code: (error as { code: string }).code, message: (error as Error).message };
    }
  }

  // Each refusal below is told apart by its message: the header walk and the PNG data bound
  // run before any decoder, so their messages show the file never reached pngjs or jpeg-js.

  it('a 69-byte PNG declaring 35,412,481 × 1 pixels is UNREADABLE_IMAGE before pngjs (pngjs padded it: 9 s in jsQR)', async () => {
    const bytes = png(35_412_481, 1, 0, new Uint8Array(deflateSync(new Uint8Array(100))));
    expect(bytes.length).toBeLessThan(100);
    const { code, message } = await scanCode('strip.png', bytes);
    expect(code).toBe('UNREADABLE_IMAGE');
    expect(message).toMatch(/image data ends before its 35412481×1 pixels/);
  });

  it('a 94-byte PNG whose second IHDR says 3,000 × 3,000 (or 20,000 × 20,000, over QR_MAX_PIXELS) is UNREADABLE_IMAGE from its header (pngjs decodes at the last IHDR: 0.8 s)', async () => {
    for (const [name, side] of [['second-ihdr.png', 3000], ['second-ihdr-huge.png', 20_000]] as const) {
      const ihdr = new Uint8Array(13);
      const view = new DataView(ihdr.buffer);
      view.setUint32(0, side);
      view.setUint32(4, side);
      ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, as the first
      const bytes = png(10, 10, 0, new Uint8Array(deflateSync(new Uint8Array(110))));
      const withSecond = new Uint8Array([...bytes.subarray(0, 33), ...chunk('IHDR', ihdr), ...bytes.subarray(33)]);
      expect(withSecond.length).toBe(94);
      const { code, message } = await scanCode(name, withSecond);
      expect(code).toBe('UNREADABLE_IMAGE');
      expect(message).toMatch(/more than one IHDR chunk/);
    }
  });

  it('a 69-byte PNG declaring 6,000 × 6,000 RGBA is UNREADABLE_IMAGE before pngjs (was 3 s)', async () => {
    const { code, message } = await scanCode('square.png', png(6000, 6000, 6, new Uint8Array(deflateSync(new Uint8Array(100)))));
    expect(code).toBe('UNREADABLE_IMAGE');
    expect(message).toMatch(/image data ends before its 6000×6000 pixels/);
  });

  it('a JPEG with a second frame header (98 × 61,794) after a small first one is UNREADABLE_IMAGE from its header (jpeg-js decodes the last: 3 s)', async () => {
    const rgba = pngToRgba(renderPng('HQ1:ABC', { scale: 2, margin: 2 }));
    const jpeg = rgbaToJpeg(rgba.data, rgba.width, rgba.height, 90);
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    const second = jpeg.slice(sof, sof + 2 + ((jpeg[sof + 2]! << 8) | jpeg[sof + 3]!));
    second[5] = 0xf1; // frame height (ITU-T T.81 §B.2.2): 98 → 61,794
    second[6] = 0x62;
    const bytes = new Uint8Array([...jpeg.subarray(0, jpeg.length - 2), ...second, 0xff, 0xd9]);
    const { code, message } = await scanCode('two-frames.jpg', bytes);
    expect(code).toBe('UNREADABLE_IMAGE');
    expect(message).toMatch(/more than one frame header/);
  });

  it('a JPEG scan header with 50 components, or one running past the end of the file, is UNREADABLE_IMAGE from its header (jpeg-js: 0.3 s for 1.6 KB)', async () => {
    const rgba = pngToRgba(renderPng('HQ1:ABC', { scale: 2, margin: 2 }));
    const jpeg = rgbaToJpeg(rgba.data, rgba.width, rgba.height, 90).subarray(0, -2); // without EOI
    const length = 13_055;
    const header = [0xff, 0xda, length >> 8, length & 0xff, 50];
    const padded = new Uint8Array([...jpeg, ...header, ...new Uint8Array(length - 3), 0xff, 0xd9]);
    const cut = new Uint8Array([...jpeg, ...header, 0xff, 0x00, 0x51, 0xff, 0xd9]);
    for (const [name, bytes, why] of [['fifty.jpg', padded, /scan header at byte \d+ that is not well-formed/], ['past-end.jpg', cut, /runs past the end of the file/]] as const) {
      const { code, message } = await scanCode(name, bytes);
      expect(code).toBe('UNREADABLE_IMAGE');
      expect(message).toMatch(why);
    }
  });

  it('a JPEG frame header whose length hides a second, 98 × 63,074 frame header is UNREADABLE_IMAGE from its header (jpeg-js reads the fields, not the length: 50–85 ms for 814 bytes)', async () => {
    const rgba = pngToRgba(renderPng('HQ1:ABC', { scale: 2, margin: 2 }));
    const jpeg = rgbaToJpeg(rgba.data, rgba.width, rgba.height, 90);
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    const end = sof + 2 + ((jpeg[sof + 2]! << 8) | jpeg[sof + 3]!);
    const hidden = jpeg.slice(sof, end);
    hidden[5] = 0xf6; // frame width (ITU-T T.81 §B.2.2): 98 → 63,074
    hidden[6] = 0x62;
    const withLength = (length: number): Uint8Array => {
      const bytes = new Uint8Array([...jpeg.subarray(0, end), ...hidden, ...jpeg.subarray(end)]);
      bytes[sof + 2] = length >> 8;
      bytes[sof + 3] = length & 0xff;
      return bytes;
    };
    // As found: a length past the end of the file, so the walk ended after the first frame header.
    const pastEnd = await scanCode('frame-past-end.jpg', withLength(45_835));
    expect(pastEnd.code).toBe('UNREADABLE_IMAGE');
    expect(pastEnd.message).toMatch(/ends before the frame header/);
    // Or a length that steps exactly over the hidden frame header.
    const over = await scanCode('frame-over.jpg', withLength(2 * (end - sof) - 2));
    expect(over.code).toBe('UNREADABLE_IMAGE');
    expect(over.message).toMatch(/whose length \(36\) does not match what it holds/);
  });

  it('a 2.5 KB JPEG whose frame header says 65,535 × 98 is decoded (6.4 MP is within QR_MAX_PIXELS) and refused by jpeg-js as UNREADABLE_IMAGE', async () => {
    const rgba = pngToRgba(renderPng('HQ1:ABC', { scale: 2, margin: 2 }));
    const jpeg = rgbaToJpeg(rgba.data, rgba.width, rgba.height, 90);
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    jpeg[sof + 7] = 0xff; // frame width (ITU-T T.81 §B.2.2): 98 → 65,535
    jpeg[sof + 8] = 0xff;
    const { code, message } = await scanCode('wide.jpg', jpeg);
    expect(code).toBe('UNREADABLE_IMAGE');
    expect(message).toMatch(/the JPEG file is damaged \(.+\); take or save the picture again/);
  });
});

describe('image scanner: cost that grew with the file, not the picture (found while sizing the scan target)', () => {
  /** A greyscale progressive JPEG: a DC scan, then `scans` AC scans that are each one end-of-band run over every block. */
  function manyScans(width: number, height: number, scans: number): Uint8Array {
    const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
    const oneCode = (symbol: number): number[] => [1, ...new Array<number>(15).fill(0), symbol]; // one 1-bit code (T.81 §B.2.4.2)
    return Uint8Array.from([
      0xff, 0xd8,
      ...[0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array<number>(64).fill(1)], // DQT
      ...[0xff, 0xc2, 0x00, 0x0b, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00], // SOF2, one component
      ...[0xff, 0xc4, 0x00, 0x14, 0x00, ...oneCode(0x00)], // DC table: difference 0
      ...[0xff, 0xc4, 0x00, 0x14, 0x10, ...oneCode(0xe0)], // AC table: EOB run of 2^14 + 14 bits
      ...[0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, ...new Array<number>(Math.ceil(blocks / 8)).fill(0)],
      ...Array.from({ length: scans }, () => [0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x3f, 0x00, 0x7f, 0xfe]).flat(),
      0xff, 0xd9,
    ]);
  }

  it('an 848-byte JPEG declaring 1 × 1 with 255 components is UNREADABLE_IMAGE from its header (jpeg-js built every component before refusing: 85 ms)', async () => {
    const frame = [8, 0, 1, 0, 1, 255, ...Array.from({ length: 255 }, (_, c) => [c + 1, 0xff, 0]).flat()];
    const bytes = Uint8Array.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array<number>(64).fill(1), 0xff, 0xc0, (frame.length + 2) >> 8, (frame.length + 2) & 0xff, ...frame, 0xff, 0xd9]);
    expect(bytes.length).toBe(848);
    const path = join(dir, 'components.jpg');
    writeFileSync(path, bytes);
    await expect(scanFile(path)).rejects.toMatchObject({ code: 'UNREADABLE_IMAGE', message: expect.stringMatching(/a frame of 255 components/) });
  });

  it('a 62 KB progressive JPEG of 1000 × 1000 with 5,000 scans is UNREADABLE_IMAGE from its header (jpeg-js walked every block once a scan: 0.7 s)', async () => {
    const bytes = manyScans(1000, 1000, 5000);
    expect(bytes.length).toBeLessThan(64 * 1024);
    const path = join(dir, 'scans.jpg');
    writeFileSync(path, bytes);
    await expect(scanFile(path)).rejects.toMatchObject({ code: 'UNREADABLE_IMAGE', message: expect.stringMatching(/more than 256 scans/) });
  });
});
