/**
 * The fuzz targets (fuzz/targets/) as ordinary tests: every seed, and a few hundred random
 * mutants of them, pass each target's oracle. This keeps the targets from rotting between
 * fuzz runs; the coverage-guided runs themselves are `npm run fuzz -- TARGET` (fuzz/README.md).
 */
import { describe, expect, it } from 'vitest';
import { mutate, Random } from '../../fuzz/engine/mutate.js';
import { TARGETS } from '../../fuzz/targets/index.js';

const MUTANTS = 200;

describe('fuzz targets pass their oracles on their seeds and on random mutants', () => {
  for (const [name, load] of Object.entries(TARGETS)) {
    it(name, async () => {
      const target = (await load()).default;
      expect(target.name).toBe(name);
      const seeds = await target.seeds();
      expect(seeds.length).toBeGreaterThan(0);
      for (const seed of seeds) await target.run(seed.subarray(0, target.maxLength));
      const random = new Random(0x5eed);
      const source = { dictionary: [], other: () => random.pick(seeds) };
      try {
        for (let i = 0; i < MUTANTS; i++) await target.run(mutate(random.pick(seeds), random, source, target.maxLength));
      } finally {
        target.teardown?.();
      }
    });
  }
});
