/**
 * The fuzz engine itself (fuzz/engine/): the instrumentation counts each branch apart, so
 * coverage feedback is real; mutation is deterministic for a seed and stays within bounds.
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { instrumentSource } from '../../fuzz/engine/instrument.js';
import { mutate, Random } from '../../fuzz/engine/mutate.js';
import { COUNTERS_GLOBAL } from '../../fuzz/engine/protocol.js';

const SOURCE = `
export function classify(x: number, flag?: boolean): string {
  if (x < 0) return 'negative';
  const kind = x % 2 === 0 ? 'even' : 'odd';
  switch (kind) {
    case 'even':
      return flag && x > 10 ? 'big even' : 'even';
    default:
      return flag ?? false ? 'flagged odd' : 'odd';
  }
}`;

/** The instrumented function and the counters it writes. */
function load(): { classify: (x: number, flag?: boolean) => string; counters: Uint8Array; count: number } {
  const stats = { count: 0, files: [] as string[] };
  const instrumented = instrumentSource(SOURCE, 'classify.ts', stats);
  const js = ts.transpileModule(instrumented, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const counters = new Uint8Array(stats.count);
  (globalThis as Record<string, unknown>)[COUNTERS_GLOBAL] = counters;
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', js)(module, module.exports);
  return { classify: module.exports.classify as (x: number, flag?: boolean) => string, counters, count: stats.count };
}

describe('fuzz engine', () => {
  it('instrumentation keeps behaviour and gives each path its own set of counters', () => {
    const { classify, counters, count } = load();
    expect(count).toBeGreaterThan(10);
    const pathOf = (x: number, flag?: boolean): string => {
      counters.fill(0);
      const result = classify(x, flag);
      return `${result}:${Array.from(counters, (c) => (c > 0 ? 1 : 0)).join('')}`;
    };
    const paths = [pathOf(-1), pathOf(2), pathOf(12, true), pathOf(3), pathOf(3, true)];
    expect(paths.map((p) => p.split(':')[0])).toEqual(['negative', 'even', 'big even', 'odd', 'flagged odd']);
    expect(new Set(paths.map((p) => p.split(':')[1])).size).toBe(paths.length);
    expect(pathOf(4)).toBe(pathOf(2)); // the same path, the same counters
  });

  it('mutation is deterministic for a seed, never changes its input, and respects the length bound', () => {
    const input = Uint8Array.from({ length: 100 }, (_, i) => i);
    const run = (seed: number): string[] => {
      const random = new Random(seed);
      const source = { dictionary: [Uint8Array.of(0xa1, 0x01)], other: () => input };
      return Array.from({ length: 500 }, () => Buffer.from(mutate(input, random, source, 120)).toString('hex'));
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8)).not.toEqual(a);
    expect(input).toEqual(Uint8Array.from({ length: 100 }, (_, i) => i));
    expect(Math.max(...a.map((h) => h.length / 2))).toBeLessThanOrEqual(120);
    expect(new Set(a).size).toBeGreaterThan(450);
  });
});
