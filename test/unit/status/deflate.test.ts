/**
 * The run-length DEFLATE encoder behind status-list `lst` (src/codec/deflate.ts): every output
 * must inflate, through four inflaters, to exactly the input.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { deflateRuns } from '../../../src/codec/deflate.js';
import { inflateCapped } from '../../../src/codec/inflate.js';

/** pako (a pure-JS inflater, independent of zlib) ships no types. */
const pako = createRequire(import.meta.url)('pako') as { inflate(data: Uint8Array): Uint8Array };

/** mulberry32: a fixed-seed generator, so every run builds the same data. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A packed 2-bit list of `entries` with a fraction set to 1, 2 or 3 at random places. */
function sparseList(entries: number, fraction: number, seed = 1): Uint8Array {
  const rnd = generator(seed);
  const bytes = new Uint8Array(Math.ceil(entries / 4));
  for (let k = 0; k < Math.round(entries * fraction); k++) {
    const i = Math.floor(rnd() * entries);
    bytes[i >> 2] = (bytes[i >> 2]! & ~(3 << ((i & 3) * 2))) | ((1 + Math.floor(rnd() * 3)) << ((i & 3) * 2));
  }
  return bytes;
}

async function expectInflatesTo(compressed: Uint8Array, original: Uint8Array): Promise<void> {
  expect(Buffer.from(inflateSync(compressed)).equals(Buffer.from(original))).toBe(true);
  expect(Buffer.from(pako.inflate(compressed)).equals(Buffer.from(original))).toBe(true);
  const stream = new Blob([compressed as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  expect(Buffer.from(await new Response(stream).arrayBuffer()).equals(Buffer.from(original))).toBe(true);
  if (original.length > 0) {
    expect(Buffer.from(await inflateCapped(compressed, original.length)).equals(Buffer.from(original))).toBe(true);
  }
}

describe('deflateRuns', () => {
  it('writes a zlib stream that node:zlib, pako, DecompressionStream and inflateCapped all inflate back', async () => {
    for (const data of [sparseList(4_000, 0.01), sparseList(4_000, 0.5), sparseList(3, 1), new Uint8Array(0), new Uint8Array(1)]) {
      await expectInflatesTo(deflateRuns(data), data);
    }
  });

  it('cuts runs at every length around the 258-byte match limit', async () => {
    for (const run of [1, 2, 3, 4, 10, 11, 257, 258, 259, 260, 261, 516, 517, 518, 519, 100_000]) {
      for (const value of [0, 0x1b]) {
        const data = new Uint8Array(run + 2).fill(value);
        data[0] = 0x40;
        data[run + 1] = 0xff;
        await expectInflatesTo(deflateRuns(data), data);
      }
    }
  });

  it('degrades to Huffman-coded literals on random bytes, staying near their size', async () => {
    const rnd = generator(7);
    const data = Uint8Array.from({ length: 50_000 }, () => Math.floor(rnd() * 256));
    const out = deflateRuns(data);
    await expectInflatesTo(out, data);
    expect(out.length).toBeLessThan(data.length * 1.01);
  });

  it('limits code lengths to 15 bits when the optimal code would be deeper (Fibonacci counts)', async () => {
    // Counts 1, 1, 2, 3, 5, … make a Huffman tree as deep as there are symbols (28 > 15).
    const counts = [1, 1];
    while (counts.length < 28) counts.push(counts.at(-1)! + counts.at(-2)!);
    const values: number[] = [];
    counts.forEach((count, value) => {
      for (let k = 0; k < count; k++) values.push(value * 9 + 1);
    });
    const rnd = generator(3);
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [values[i], values[j]] = [values[j]!, values[i]!];
    }
    const data = Uint8Array.from(values);
    await expectInflatesTo(deflateRuns(data), data);
  });

  it('is deterministic', () => {
    const data = sparseList(40_000, 0.02);
    expect(Buffer.from(deflateRuns(data)).equals(Buffer.from(deflateRuns(data)))).toBe(true);
  });

  it('is smaller than zlib at its default level 6 on a sparse 2-bit list (1 % non-green)', () => {
    const data = sparseList(2_000_000, 0.01, 11);
    const ours = deflateRuns(data).length;
    const zlib6 = deflateSync(data, { level: 6 }).length;
    expect(ours).toBeLessThan(zlib6 * 0.95);
  });

  it('refuses what is not a Uint8Array', () => {
    expect(() => deflateRuns([1, 2, 3] as unknown as Uint8Array)).toThrow(/"bytes" expected Uint8Array/);
  });
});
