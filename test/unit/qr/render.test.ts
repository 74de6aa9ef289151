import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RENDER_OPTIONS,
  renderDataUrl,
  renderMatrix,
  renderPng,
  renderSvg,
  renderTerminal,
  type ErrorCorrection,
  type QrMatrix,
} from '../../../src/qr/render.js';
import { scanImage } from '../../../src/qr/scan.js';
import { bitmapToRgba, pngToRgba } from '../../support/images.js';
import { ALPHANUMERIC, STATUS_TEXTS, hq1Text } from './texts.js';

const alnum = (n: number): string => Array.from({ length: n }, (_, i) => ALPHANUMERIC[(i * 7) % 45]).join('');

/**
 * Reads the error-correction level back from the symbol's format information (ISO/IEC
 * 18004 §7.9: 15 bits MSB first around the top-left finder, masked with 101010000010010;
 * the top two data bits are the level, Table 12).
 */
function formatLevel(m: QrMatrix): ErrorCorrection {
  const at = (row: number, col: number): number => m.modules[row * m.size + col] as number;
  const cells: Array<[number, number]> = [
    [8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5], [8, 7], [8, 8], [7, 8],
    [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8],
  ];
  const bits = cells.reduce((v, [r, c]) => (v << 1) | at(r, c), 0) ^ 0b101010000010010;
  return (['M', 'L', 'H', 'Q'] as const)[bits >> 13]!;
}

/** The matrix with its quiet zone as a flat bitmap, the reference for every renderer. */
function withMargin(m: QrMatrix, margin: number): { side: number; dark: Uint8Array } {
  const side = m.size + 2 * margin;
  const dark = new Uint8Array(side * side);
  for (let y = 0; y < m.size; y++)
    for (let x = 0; x < m.size; x++) dark[(y + margin) * side + x + margin] = m.modules[y * m.size + x]!;
  return { side, dark };
}

describe('renderMatrix', () => {
  it.each([
    [178, 7, 45],
    [179, 8, 49],
    [221, 8, 49],
    [222, 9, 53],
    [419, 12, 65],
    [420, 13, 69],
  ])('puts %i alphanumeric characters in version %i (%i modules) at level M', (length, version, size) => {
    const m = renderMatrix(alnum(length));
    expect(m).toMatchObject({ version, size, mode: 'alphanumeric', errorCorrection: 'M' });
    expect(m.modules).toHaveLength(size * size);
    expect(formatLevel(m)).toBe('M');
  });

  it('uses alphanumeric mode for HQ1 codes and byte mode for anything else', () => {
    expect(renderMatrix(STATUS_TEXTS[1].text).mode).toBe('alphanumeric');
    expect(renderMatrix('hq1:lowercase').mode).toBe('byte');
    // One lowercase letter puts all 178 characters in byte mode: 9-M instead of 7-M.
    expect(renderMatrix(`${STATUS_TEXTS[1].text.slice(0, 177)}a`)).toMatchObject({ mode: 'byte', version: 9 });
  });

  it.each([
    ['L', 6],
    ['M', 7],
    ['Q', 9],
    ['H', 11],
  ] as const)('honours error correction %s (178 characters → version %i)', (level, version) => {
    const m = renderMatrix(alnum(178), { errorCorrection: level });
    expect(m.version).toBe(version);
    expect(m.errorCorrection).toBe(level);
    expect(formatLevel(m)).toBe(level);
  });

  it('returns frozen data with only 0 and 1 modules', () => {
    const m = renderMatrix('HQ1:TEST');
    expect(Object.isFrozen(m)).toBe(true);
    expect(m.modules.every((v) => v === 0 || v === 1)).toBe(true);
    // Top-left finder pattern: a dark 7×7 ring (ISO/IEC 18004 §6.3.3).
    expect([0, 1, 2, 3, 4, 5, 6].map((x) => m.modules[x])).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(m.modules[m.size + 1]).toBe(0);
  });

  it('is deterministic', () => {
    const text = STATUS_TEXTS[2].text;
    expect(renderPng(text)).toEqual(renderPng(text));
    expect(renderSvg(text)).toBe(renderSvg(text));
  });

  it.each([
    ['an empty text', '', undefined, RangeError, /"text" expected at least one character/],
    ['a number', 42, undefined, TypeError, /"text" expected a string, got number/],
    ['too long a text', alnum(4297), undefined, RangeError, /"text" does not fit in a QR code at error correction M: 4297 characters in alphanumeric mode/],
    ['too long at H', alnum(1853), { errorCorrection: 'H' }, RangeError, /error correction H/],
    ['an unknown level', 'A', { errorCorrection: 'X' }, RangeError, /"errorCorrection" expected one of L, M, Q, H, got X/],
    ['a negative margin', 'A', { margin: -1 }, RangeError, /"margin" expected an integer from 0 to 32, got -1/],
    ['a fractional margin', 'A', { margin: 1.5 }, RangeError, /"margin"/],
    ['a huge margin', 'A', { margin: 33 }, RangeError, /"margin"/],
    ['a zero scale', 'A', { scale: 0 }, RangeError, /"scale" expected an integer from 1 to 32, got 0/],
    ['a NaN scale', 'A', { scale: Number.NaN }, RangeError, /"scale"/],
    ['options that are not an object', 'A', 'M', TypeError, /"opts" expected an object, got string/],
  ])('rejects %s', (_name, text, opts, type, message) => {
    expect(() => renderPng(text as string, opts as never)).toThrow(type);
    expect(() => renderPng(text as string, opts as never)).toThrow(message);
  });
});

describe('renderPng', () => {
  it.each(STATUS_TEXTS)('draws $name with a 4-module white quiet zone at 8 pixels a module', ({ text }) => {
    const m = renderMatrix(text);
    const png = renderPng(text);
    const img = pngToRgba(png);
    const { side, dark } = withMargin(m, 4);
    expect(img.width).toBe(side * 8);
    expect(img.height).toBe(side * 8);
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const expected = dark[Math.floor(y / 8) * side + Math.floor(x / 8)] === 1 ? 0 : 255;
        if (img.data[(y * img.width + x) * 4] !== expected) throw new Error(`pixel ${x},${y} is wrong`);
      }
    }
    // The quiet zone ends exactly at the finder pattern's corner.
    expect(img.data[(32 * img.width + 32) * 4]).toBe(0);
    expect(img.data[(32 * img.width + 31) * 4]).toBe(255);
    expect(img.data[(31 * img.width + 32) * 4]).toBe(255);
  });

  it('writes a 1-bit greyscale PNG that compresses the repeated rows', () => {
    const png = renderPng(STATUS_TEXTS[1].text);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect([...png.subarray(12, 16)].map((c) => String.fromCharCode(c)).join('')).toBe('IHDR');
    expect(png[24]).toBe(1); // bit depth
    expect(png[25]).toBe(0); // greyscale
    expect(view.getUint32(16)).toBe((45 + 8) * 8);
    // 424 × 424 at one bit a pixel is 23 KB of scanlines; fixed-Huffman LZ77 gets it near 1 KB.
    expect(png.length).toBeLessThan(2000);
  });

  it.each([
    [{ margin: 0, scale: 1 }, 45, 1],
    [{ margin: 2, scale: 3 }, 49, 3],
    [{ margin: 4, scale: 13 }, 53, 13],
  ])('honours %o', (opts, side, scale) => {
    const text = STATUS_TEXTS[1].text;
    const img = pngToRgba(renderPng(text, opts));
    expect(img.width).toBe(side * scale);
    if (opts.margin > 0) expect(scanImage(img)).toBe(text);
  });

  it('round-trips byte-mode text, UTF-8 included', () => {
    const text = 'healthcode ✓ 张* — not alphanumeric';
    expect(scanImage(pngToRgba(renderPng(text)))).toBe(text);
  });
});

describe('renderDataUrl', () => {
  it.each([1, 2, 3, 4, 5, 6])('holds the same PNG in canonical base64 (text %i)', (seed) => {
    const text = hq1Text(90 + seed, seed);
    const url = renderDataUrl(text);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const payload = url.slice('data:image/png;base64,'.length);
    const bytes = Buffer.from(payload, 'base64');
    expect(bytes.toString('base64')).toBe(payload);
    expect(new Uint8Array(bytes)).toEqual(renderPng(text));
  });
});

describe('renderSvg', () => {
  const SVG =
    /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1" width="(\d+)" height="\2" shape-rendering="crispEdges"><rect width="\1" height="\1" fill="#fff"\/><path fill="#000" d="((?:M\d+ \d+h\d+v1h-\d+z)*)"\/><\/svg>$/;

  it.each(STATUS_TEXTS)('draws exactly the dark modules of $name in one crisp path', ({ text }) => {
    const m = renderMatrix(text);
    const svg = renderSvg(text);
    const match = SVG.exec(svg);
    expect(match).not.toBeNull();
    const [, side, width, d] = match!;
    expect(Number(side)).toBe(m.size + 8);
    expect(Number(width)).toBe((m.size + 8) * DEFAULT_RENDER_OPTIONS.scale);
    expect(svg.match(/<path/g)).toHaveLength(1);

    const covered = new Uint8Array(Number(side) ** 2);
    for (const [, x, y, run, back] of d!.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
      expect(back).toBe(run);
      for (let i = 0; i < Number(run); i++) covered[Number(y) * Number(side) + Number(x) + i]! += 1;
    }
    expect(covered).toEqual(withMargin(m, 4).dark);
  });

  it('honours margin and scale', () => {
    const svg = renderSvg('HQ1:A', { margin: 1, scale: 2 });
    expect(svg).toContain('viewBox="0 0 23 23" width="46" height="46"');
    expect(svg).toContain('d="M1 1h7v1h-7z');
  });
});

describe('renderTerminal', () => {
  const INK: Record<string, [boolean, boolean]> = { ' ': [false, false], '▄': [false, true], '▀': [true, false], '█': [true, true] };

  /** Turns half-block text back into rows of inked/blank cells. */
  function readTerminal(text: string): { width: number; rows: boolean[][] } {
    const lines = text.split('\n');
    const width = [...lines[0]!].length;
    const rows: boolean[][] = [];
    for (const line of lines) {
      const chars = [...line];
      expect(chars).toHaveLength(width);
      const pairs = chars.map((c) => {
        const ink = INK[c];
        if (ink === undefined) throw new Error(`unexpected character ${JSON.stringify(c)}`);
        return ink;
      });
      rows.push(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
    }
    return { width, rows };
  }

  it.each(STATUS_TEXTS)('prints $name as light-inked half blocks that scan back', ({ text }) => {
    const m = renderMatrix(text);
    const { width, rows } = readTerminal(renderTerminal(text));
    const { side, dark } = withMargin(m, 4);
    expect(width).toBe(side);
    expect(rows).toHaveLength(side + 1); // two module rows a line, the last half is padding
    expect(rows[side]!.every(Boolean)).toBe(true); // padding is light, so inked
    const fromText = new Uint8Array(side * side);
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) fromText[y * side + x] = rows[y]![x] ? 0 : 1;
    expect(fromText).toEqual(dark);
    expect(scanImage(bitmapToRgba(fromText, side, side, 4))).toBe(text);
  });

  it('inverts: dark modules inked, the complement of the default glyph for glyph', () => {
    const text = STATUS_TEXTS[0].text;
    const normal = [...renderTerminal(text)];
    const inverted = [...renderTerminal(text, { invert: true })];
    const complement: Record<string, string> = { ' ': '█', '█': ' ', '▀': '▄', '▄': '▀', '\n': '\n' };
    // The padding half of the last line is light either way, and light is what flips.
    expect(inverted).toEqual(normal.map((c) => complement[c]));

    const { width, rows } = readTerminal(renderTerminal(text, { invert: true }));
    const dark = new Uint8Array(width * width);
    for (let y = 0; y < width; y++) for (let x = 0; x < width; x++) dark[y * width + x] = rows[y]![x] ? 1 : 0;
    expect(scanImage(bitmapToRgba(dark, width, width, 4))).toBe(text);
  });

  it('honours margin and rejects a non-boolean invert', () => {
    const lines = renderTerminal('HQ1:A', { margin: 1 }).split('\n');
    expect([...lines[0]!]).toHaveLength(23);
    expect(lines).toHaveLength(12);
    expect(() => renderTerminal('HQ1:A', { invert: 'yes' as never })).toThrow(/"invert" expected a boolean, got string/);
  });
});
