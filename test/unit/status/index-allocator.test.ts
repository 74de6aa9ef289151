/**
 * StatusIndexAllocator: a keyed permutation of [0, size). Unique, fixed by known answers,
 * recomputed here from its description with node:crypto, and not revealing issuance order.
 */
import { createCipheriv, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StatusIndexAllocator, STATUS_INDEX_SEED_MIN_BYTES } from '../../../src/status/index-allocator.js';
import { STATUS_LIST_MAX_ENTRIES } from '../../../src/status/status-list.js';

const SEED = Uint8Array.from({ length: 32 }, (_, i) => i);

/**
 * The construction as docs/status.md states it, written independently: tables from
 * AES-256-CTR (zero counter) under HMAC-SHA-256(seed, "healthcode status-index v1" || u32be(size)),
 * ten alternating Feistel rounds on ⌈log2 size⌉ bits (left = floor half), cycle walking.
 */
function referenceAllocator(seed: Uint8Array, size: number): (n: number) => number {
  const bits = size <= 1 ? 0 : Math.ceil(Math.log2(size));
  const u = Math.floor(bits / 2);
  const v = bits - u;
  const info = Buffer.concat([Buffer.from('healthcode status-index v1'), Buffer.from([size >>> 24, (size >>> 16) & 255, (size >>> 8) & 255, size & 255])]);
  const key = createHmac('sha256', seed).update(info).digest();
  const inputs = Array.from({ length: 10 }, (_, r) => (r % 2 === 0 ? v : u));
  const total = inputs.reduce((s, b) => s + 2 ** b, 0);
  const stream = createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(total * 4));
  let at = 0;
  const tables = inputs.map((inBits, r) =>
    Array.from({ length: 2 ** inBits }, () => {
      const word = stream.readUInt32BE(at);
      at += 4;
      return word % 2 ** (r % 2 === 0 ? u : v);
    }),
  );
  const permute = (x: number): number => {
    let a = Math.floor(x / 2 ** v);
    let b = x % 2 ** v;
    for (let r = 0; r < 10; r++) {
      if (r % 2 === 0) a = (a + tables[r]![b]!) % 2 ** u;
      else b = (b + tables[r]![a]!) % 2 ** v;
    }
    return a * 2 ** v + b;
  };
  return (n) => {
    let y = permute(n);
    while (y >= size) y = permute(y);
    return y;
  };
}

describe('StatusIndexAllocator', () => {
  it('gives every index of [0, size) exactly once, for sizes around powers of two', async () => {
    for (const size of [1, 2, 3, 4, 5, 7, 8, 9, 1_000, 4_096, 4_097, 65_537]) {
      const allocator = await StatusIndexAllocator.create(SEED, size);
      const seen = new Uint8Array(size);
      for (let n = 0; n < size; n++) seen[allocator.indexFor(n)]!++;
      expect([size, seen.every((count) => count === 1)]).toEqual([size, true]);
    }
  });

  it('gives the known answers (an issuer\'s persisted seed must give the same indices in every version)', async () => {
    const big = await StatusIndexAllocator.create(SEED, 50_000_000);
    expect(Array.from({ length: 8 }, (_, n) => big.indexFor(n))).toEqual([18192863, 32822107, 39874540, 15399190, 27006208, 16632641, 23769855, 25776461]);
    const small = await StatusIndexAllocator.create(SEED, 1_000);
    expect(Array.from({ length: 8 }, (_, n) => small.indexFor(n))).toEqual([943, 170, 995, 818, 892, 35, 335, 404]);
  });

  it('agrees with an independent node:crypto implementation of the documented construction', async () => {
    for (const size of [1_000, 50_000_000, STATUS_LIST_MAX_ENTRIES]) {
      const ours = await StatusIndexAllocator.create(SEED, size);
      const reference = referenceAllocator(SEED, size);
      for (let n = 0; n < size; n += Math.max(1, Math.floor(size / 2_000))) expect([n, ours.indexFor(n)]).toEqual([n, reference(n)]);
    }
  });

  it('depends on the seed and on the size', async () => {
    const first = async (seed: Uint8Array, size: number): Promise<number[]> => {
      const a = await StatusIndexAllocator.create(seed, size);
      return Array.from({ length: 16 }, (_, n) => a.indexFor(n));
    };
    const base = await first(SEED, 1_000_000);
    const otherSeed = SEED.slice();
    otherSeed[31] = otherSeed[31]! ^ 1;
    expect(await first(otherSeed, 1_000_000)).not.toEqual(base);
    expect(await first(SEED, 1_000_001)).not.toEqual(base);
  });

  it('does not reveal issuance order: the first 10 000 indices are spread over the list, uncorrelated with n', async () => {
    const size = 1_000_000;
    const allocator = await StatusIndexAllocator.create(SEED, size);
    const count = 10_000;
    const indices = Array.from({ length: count }, (_, n) => allocator.indexFor(n));
    expect(Math.min(...indices)).toBeLessThan(size * 0.01);
    expect(Math.max(...indices)).toBeGreaterThan(size * 0.99);
    // Spearman's rank correlation of (n, index): about ±0.01 for a random order, 1 for a counter.
    const rank = new Array<number>(count);
    indices.map((value, n) => [value, n] as const).sort((a, b) => a[0] - b[0]).forEach(([, n], r) => (rank[n] = r));
    let d2 = 0;
    for (let n = 0; n < count; n++) d2 += (rank[n]! - n) ** 2;
    const rho = 1 - (6 * d2) / (count * (count ** 2 - 1));
    expect(Math.abs(rho)).toBeLessThan(0.05);
    // Each tenth of the list gets about a tenth of the indices (population hidden).
    const deciles = new Array<number>(10).fill(0);
    for (const i of indices) deciles[Math.floor((i * 10) / size)]!++;
    for (const d of deciles) expect(Math.abs(d - count / 10)).toBeLessThan(150);
  });

  it('refuses short seeds, bad sizes and counters past the list, naming the field', async () => {
    await expect(StatusIndexAllocator.create(new Uint8Array(STATUS_INDEX_SEED_MIN_BYTES - 1), 10)).rejects.toThrow(/"seed" expected at least 16 bytes, got 15/);
    await expect(StatusIndexAllocator.create('seed' as unknown as Uint8Array, 10)).rejects.toThrow(/"seed" expected Uint8Array/);
    await expect(StatusIndexAllocator.create(SEED, 0)).rejects.toThrow(/"size" expected a positive integer/);
    await expect(StatusIndexAllocator.create(SEED, STATUS_LIST_MAX_ENTRIES + 1)).rejects.toThrow(/"size" is 100000001, over the limit/);
    const allocator = await StatusIndexAllocator.create(SEED, 10);
    expect(() => allocator.indexFor(10)).toThrow(/"n" expected an integer in 0\.\.9, got 10: the list is full, start a new one/);
    for (const n of [-1, 1.5, Number.NaN]) expect(() => allocator.indexFor(n)).toThrow(RangeError);
  });
});
