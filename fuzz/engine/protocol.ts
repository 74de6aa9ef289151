/** What the runner (main thread) and the fuzzing loop (worker) share. */

/** Name of the global counter array the instrumented code writes (see instrument.ts). */
export const COUNTERS_GLOBAL = '__hcFuzzCounters';
/** Counters allocated; a build needing more fails (the runner checks). */
export const COUNTER_CAPACITY = 1 << 20;
/** Slots of the shared status array: executions (heartbeat, mod 2^31) and current input length. */
export const SHARED_EXECS = 0;
export const SHARED_LENGTH = 1;
/** Bytes of the shared header (two Int32 slots, padded). */
export const SHARED_HEADER_BYTES = 16;

/** Options the runner hands the worker. */
export interface LoopOptions {
  readonly counterCount: number;
  readonly seconds: number;
  readonly runs: number;
  readonly seed: number;
  /** An input slower than this (on three tries) is a hang; default: the target's, else 50 ms. */
  readonly hangMs?: number;
  /** Run this one input (a finding to reproduce) instead of fuzzing. */
  readonly replay?: Uint8Array;
  readonly corpusDir?: string;
  readonly shared: SharedArrayBuffer;
}

/** Messages from the worker. */
export type LoopMessage =
  | { readonly type: 'status'; readonly stats: LoopStats }
  | { readonly type: 'finding'; readonly kind: string; readonly message: string; readonly input: Uint8Array }
  | { readonly type: 'done'; readonly stats: LoopStats };

/** Progress figures. */
export interface LoopStats {
  readonly execs: number;
  readonly seconds: number;
  readonly corpus: number;
  /** Counters hit at least once. */
  readonly edges: number;
  /** (counter, hit-count bucket) pairs seen: AFL's coverage features. */
  readonly features: number;
  readonly seeds: number;
  /** Slowest input, ms: its wall time, or when over a few ms the least CPU time of three more runs. */
  readonly slowestMs: number;
  readonly findings: number;
}
