/**
 * The measuring loop every ratio row uses. Ours and the reference run in alternating batches
 * (A B, B A, A B, …) of about `batchMs` each. A side's rate is the 90th percentile of its
 * batch rates: the throughput of a batch the rest of the machine left alone. On a shared
 * machine the load moves within a second, so medians of back-to-back runs (a plain
 * tinybench/mitata group) and even medians of paired batches drift by ±10 % from run to run,
 * while the upper decile stays within a few per cent (bench/README.md, "Method"). The ratio
 * by CPU time is reported beside it: it counts the GC's helper threads, which the wall clock
 * of a 2-core machine hides on the other core.
 */

/** Runs `count` operations; resolves when all are done. */
export type Batch = (count: number) => unknown;

/** One side of a comparison. */
export interface Side {
  readonly label: string;
  readonly run: Batch;
}

export interface CompareOptions {
  /**
   * `wall` (default): elapsed time, for calls in flight, whose speed is the parallelism they get.
   * `cpu`: this process's CPU time (all its threads), for work done one call at a time: on a
   * shared machine it leaves out the time other processes held the cores, and on an idle one
   * it equals the wall clock.
   */
  readonly clock?: 'wall' | 'cpu';
  /** Rounds of the pair (each round: one batch of each side). Default 41. */
  readonly rounds?: number;
  /** Target length of one batch, in ms. Default 10. */
  readonly batchMs?: number;
  /** Warm-up time per side before calibrating, in ms. Default 300. */
  readonly warmupMs?: number;
}

export interface Comparison {
  readonly ours: Side;
  readonly reference: Side;
  /** Operations per second by `clock`: the 90th percentile of the batch rates. */
  readonly oursRate: number;
  readonly referenceRate: number;
  /** oursRate / referenceRate. */
  readonly ratio: number;
  /** Median of the per-round ratios ours / reference. */
  readonly pairedRatio: number;
  /** The clock of `oursRate`, `referenceRate` and `ratio`. */
  readonly clock: 'wall' | 'cpu';
  /** The same ratio by the other clock. */
  readonly otherRatio: number;
}

/** The `p` quantile (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall and CPU milliseconds of one batch. */
async function timeBoth(run: Batch, count: number): Promise<{ wall: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run(count);
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

async function timeBatch(run: Batch, count: number, clock: 'wall' | 'cpu' = 'wall'): Promise<number> {
  const { wall, cpu } = await timeBoth(run, count);
  return clock === 'cpu' ? cpu : wall;
}

/** The batch size that takes about `targetMs`, after a warm-up of about `warmupMs`. */
async function calibrate(run: Batch, targetMs: number, warmupMs: number): Promise<number> {
  let count = 1;
  let spent = 0;
  let last = 0;
  while (spent < warmupMs || last < targetMs / 4) {
    last = await timeBatch(run, count);
    spent += last;
    if (last < targetMs / 4) count *= 2;
  }
  return Math.max(1, Math.round((count * targetMs) / Math.max(last, 0.001)));
}

/** Measures ours against the reference in alternating batches. */
export async function compare(ours: Side, reference: Side, options: CompareOptions = {}): Promise<Comparison> {
  const rounds = options.rounds ?? 41;
  const batchMs = options.batchMs ?? 10;
  const warmupMs = options.warmupMs ?? 300;
  const clock = options.clock ?? 'wall';
  const countOurs = await calibrate(ours.run, batchMs, warmupMs);
  const countRef = await calibrate(reference.run, batchMs, warmupMs);
  const oursRates: number[] = [];
  const refRates: number[] = [];
  const oursOther: number[] = [];
  const refOther: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let a: { wall: number; cpu: number };
    let b: { wall: number; cpu: number };
    if (round % 2 === 0) {
      a = await timeBoth(ours.run, countOurs);
      b = await timeBoth(reference.run, countRef);
    } else {
      b = await timeBoth(reference.run, countRef);
      a = await timeBoth(ours.run, countOurs);
    }
    const pick = (t: { wall: number; cpu: number }): number => (clock === 'cpu' ? t.cpu : t.wall);
    const other = (t: { wall: number; cpu: number }): number => (clock === 'cpu' ? t.wall : t.cpu);
    oursRates.push((countOurs * 1000) / pick(a));
    refRates.push((countRef * 1000) / pick(b));
    oursOther.push((countOurs * 1000) / other(a));
    refOther.push((countRef * 1000) / other(b));
    ratios.push(oursRates.at(-1)! / refRates.at(-1)!);
  }
  const oursRate = quantile(oursRates, 0.9);
  const referenceRate = quantile(refRates, 0.9);
  return {
    ours,
    reference,
    clock,
    oursRate,
    referenceRate,
    ratio: oursRate / referenceRate,
    pairedRatio: median(ratios),
    otherRatio: quantile(oursOther, 0.9) / quantile(refOther, 0.9),
  };
}

/** Operations per second of one side alone (90th percentile of its batches), for reference-only rows. */
export async function rate(side: Side, options: CompareOptions = {}): Promise<number> {
  const rounds = options.rounds ?? 9;
  const batchMs = options.batchMs ?? 40;
  const count = await calibrate(side.run, batchMs, options.warmupMs ?? 300);
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) rates.push((count * 1000) / (await timeBatch(side.run, count, options.clock)));
  return quantile(rates, 0.9);
}

/** Medians of single calls, in ms: wall clock, and this process's CPU time (user + system). */
export interface Latency {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Median milliseconds of single synchronous calls (QR scans, renders). CPU time is measured
 * beside the wall clock: for work on one thread it is what the call costs, while the wall clock
 * on a shared machine also counts the time other processes held the core.
 */
export async function latency(run: () => unknown, options: { samples?: number; warmup?: number } = {}): Promise<Latency> {
  const samples = options.samples ?? 15;
  for (let i = 0; i < (options.warmup ?? 2); i++) await run();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < samples; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await run();
    walls.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

/**
 * A batch that runs `count` calls of `one(i)` with at most `inFlight` pending at a time
 * (`inFlight` 1: strictly one after the other). `i` cycles through 0..size−1.
 */
export function inFlightBatch(one: (i: number) => unknown, size: number, inFlight = 1): Batch {
  if (inFlight === 1) {
    return async (count) => {
      for (let i = 0; i < count; i++) await one(i % size);
    };
  }
  return async (count) => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < count) {
        const i = next++;
        await one(i % size);
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  };
}

/** A batch of `count` synchronous calls of `one(i)`, with no await between them. */
export function syncBatch(one: (i: number) => unknown, size: number): Batch {
  return (count) => {
    for (let i = 0; i < count; i++) one(i % size);
  };
}
