/**
 * The fuzzing loop, run in a worker thread: pick a corpus entry, mutate it, run the target,
 * read the coverage counters; a mutant that hits a new (counter, hit-count bucket) pair joins
 * the corpus. Every input is first copied into shared memory, so that when the target hangs
 * or exhausts memory the runner, which watches from the main thread, still has it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { FuzzTarget } from '../targets/target.js';
import { mutate, Random, type MutationSource } from './mutate.js';
import { COUNTERS_GLOBAL, SHARED_EXECS, SHARED_HEADER_BYTES, SHARED_LENGTH, type LoopMessage, type LoopOptions, type LoopStats } from './protocol.js';

/** AFL's hit-count buckets: 1, 2, 3, 4–7, 8–15, 16–31, 32–127, 128+ → one bit each. */
const BUCKET = new Uint8Array(256);
for (let c = 1; c < 256; c++) BUCKET[c] = c === 1 ? 1 : c === 2 ? 2 : c === 3 ? 4 : c < 8 ? 8 : c < 16 ? 16 : c < 32 ? 32 : c < 128 ? 64 : 128;

function popcount8(v: number): number {
  let n = 0;
  for (let x = v; x; x &= x - 1) n++;
  return n;
}

const encoder = new TextEncoder();
/** The issue's bound: no input over 50 ms. */
const DEFAULT_HANG_MS = 50;
/** An execution slower than this is timed twice more (the fastest of three counts). */
const RECHECK_MS = 5;

function send(message: LoopMessage): void {
  parentPort!.postMessage(message);
}

/**
 * Fuzzes `target` until the time or run budget in `workerData` is spent.
 *
 * @example
 * ```ts
 * await fuzzLoop(target); // inside the worker bundle the runner builds
 * ```
 */
export async function fuzzLoop(target: FuzzTarget): Promise<void> {
  const options = workerData as LoopOptions;
  const hangMs = options.hangMs ?? target.hangMs ?? DEFAULT_HANG_MS;
  const counters = (globalThis as unknown as Record<string, Uint8Array>)[COUNTERS_GLOBAL]!;
  const count = options.counterCount;
  const virgin = new Uint8Array(count);
  const header = new Int32Array(options.shared, 0, 2);
  const current = new Uint8Array(options.shared, SHARED_HEADER_BYTES);
  const random = new Random(options.seed);
  const dictionary = (target.dictionary ?? []).map((t) => (typeof t === 'string' ? encoder.encode(t) : t));
  const corpus: Uint8Array[] = [];
  const source: MutationSource = { dictionary, other: () => random.pick(corpus) };
  let execs = 0;
  let findings = 0;
  let slowestMs = 0;
  let features = 0;
  let edges = 0;
  const started = performance.now();
  let currentInput: Uint8Array = new Uint8Array(0);
  /** Findings seen, by signature: each distinct one is reported once (with its first input). */
  const seen = new Set<string>();
  const report = (kind: string, message: string, input: Uint8Array): void => {
    findings++;
    // Crashes and oracle failures: one report per distinct message; slow inputs: each one, up to ten.
    const signature = kind === 'slow' ? `slow:${seen.size < 10 ? findings : 'more'}` : `${kind}:${message.split('\n').slice(0, 3).join('|').replace(/[0-9a-f]{8,}|\d+/g, '#')}`;
    if (seen.has(signature)) return;
    seen.add(signature);
    send({ type: 'finding', kind, message, input });
  };

  process.on('unhandledRejection', (reason) => {
    report('unhandled-rejection', describe(reason), currentInput);
  });

  /** Reads and clears the counters; true when they show something new. */
  const collect = (): boolean => {
    let fresh = false;
    for (let i = 0; i < count; i++) {
      const c = counters[i]!;
      if (c === 0) continue;
      counters[i] = 0;
      const bit = BUCKET[c]!;
      const seen = virgin[i]!;
      if ((seen & bit) === 0) {
        if (seen === 0) edges++;
        virgin[i] = seen | bit;
        features++;
        fresh = true;
      }
    }
    return fresh;
  };

  /**
   * Runs one input; returns its time in ms, or -1 when it was a finding. The time is wall time,
   * or with `cpu` the process's CPU time (user + system, every thread: the target's, the
   * thread pool's for WebCrypto), which other programs on a busy machine do not inflate.
   */
  const execute = async (data: Uint8Array, cpu = false): Promise<number> => {
    currentInput = data;
    current.set(data.subarray(0, current.length));
    Atomics.store(header, SHARED_LENGTH, Math.min(data.length, current.length));
    const t0 = performance.now();
    const c0 = cpu ? process.cpuUsage() : undefined;
    try {
      const pending = target.run(data);
      if (pending !== undefined) await pending;
    } catch (error) {
      report(error instanceof Error && error.name === 'FuzzFinding' ? 'oracle' : 'crash', describe(error), data);
      return -1;
    } finally {
      execs++;
      Atomics.store(header, SHARED_EXECS, execs & 0x7fffffff);
    }
    if (c0) {
      const used = process.cpuUsage(c0);
      return (used.user + used.system) / 1000;
    }
    return performance.now() - t0;
  };

  /**
   * Runs an input and, when it took over a few ms, three more times on the CPU clock, keeping
   * the fastest: that is the input's own cost, not a GC pause, a first compile or another
   * program's load. Over `hangMs` every time: a hang.
   */
  const timed = async (data: Uint8Array): Promise<boolean> => {
    let ms = await execute(data);
    if (ms < 0) return false;
    if (ms > Math.min(RECHECK_MS, hangMs)) {
      ms = Infinity;
      for (let i = 0; i < 3; i++) {
        const again = await execute(data, true);
        if (again < 0) return false;
        ms = Math.min(ms, again);
      }
    }
    if (ms > hangMs) report('slow', `took ${ms.toFixed(1)} ms of CPU on each of three runs (limit ${hangMs} ms)`, data);
    if (ms > slowestMs) slowestMs = ms;
    return true;
  };

  const save = (data: Uint8Array): void => {
    if (!options.corpusDir) return;
    writeFileSync(join(options.corpusDir, createHash('sha1').update(data).digest('hex')), data);
  };

  if (options.replay) {
    // Reproduce one input: three timed runs (the first pays for setup and compilation).
    await target.seeds();
    for (let i = 0; i < 3; i++) {
      const ms = await execute(options.replay);
      console.log(`[${target.name}] replay run ${i + 1}: ${ms < 0 ? 'finding (above)' : `${ms.toFixed(2)} ms, no finding`}`);
    }
    target.teardown?.();
    send({ type: 'done', stats: { execs, seconds: (performance.now() - started) / 1000, corpus: 0, edges, features, seeds: 0, slowestMs, findings } });
    return;
  }

  // Seeds: the target's, then any saved corpus. Each joins the corpus when it adds coverage
  // (the first always does), so duplicates and redundant vectors drop out.
  const seeds = await target.seeds();
  if (options.corpusDir) {
    mkdirSync(options.corpusDir, { recursive: true });
    for (const name of readdirSync(options.corpusDir)) seeds.push(new Uint8Array(readFileSync(join(options.corpusDir, name))));
  }
  collect(); // seed making ran instrumented code: not the seeds' coverage
  for (const seed of seeds) {
    const data = seed.length > target.maxLength ? seed.subarray(0, target.maxLength) : seed;
    if ((await timed(data)) && collect()) corpus.push(data);
  }
  if (corpus.length === 0) corpus.push(new Uint8Array(0));

  const stats = (): LoopStats => ({
    execs,
    seconds: (performance.now() - started) / 1000,
    corpus: corpus.length,
    edges,
    features,
    seeds: seeds.length,
    slowestMs,
    findings,
  });

  const deadline = started + options.seconds * 1000;
  let nextStatus = performance.now() + 1000;
  while (execs < options.runs) {
    const parent = random.pick(corpus);
    const child = mutate(parent, random, source, target.maxLength);
    if ((await timed(child)) && collect()) {
      corpus.push(child);
      save(child);
    }
    if ((execs & 63) === 0) {
      const now = performance.now();
      if (now > deadline) break;
      if (now > nextStatus) {
        send({ type: 'status', stats: stats() });
        nextStatus = now + 1000;
      }
    }
  }
  target.teardown?.();
  send({ type: 'done', stats: stats() });
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 8).join('\n')}`;
  return String(error);
}
