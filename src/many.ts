/**
 * What `verifyMany` and `issueMany` share: an ordered pipeline that keeps a bounded number of
 * calls in flight, and the backend for calls in flight.
 *
 * Why in flight: the runtime's thread pool (libuv in Node) runs each Ed25519 operation, so with
 * several pending the other cores work while this thread parses and encodes. In Node that is
 * node:crypto's callback form (`createNodeBackend({ inFlight: true })`): the same pool as
 * WebCrypto without WebCrypto's argument handling on this thread for every call (measured side
 * by side: verifyMany +3 %, issueMany +3–4 %); elsewhere WebCrypto. Measured on the project's
 * 2-core machine (Node 20, bench/README.md): verify ≈ 9 000/s sequential on node:crypto,
 * ≈ 15 000–16 000/s with 32 in flight; sign ≈ 29 000/s sequential, ≈ 42 000/s with 32 in
 * flight. On one core the hop to the pool only costs, so below two cores the pipeline keeps the
 * default backend.
 */
import { createNodeBackend } from './crypto/node.js';
import { createWebCryptoBackend } from './crypto/webcrypto.js';
import { probeBackend, type Ed25519Backend } from './crypto/backend.js';

/** Default number of calls in flight: enough to keep a 4-thread pool on 2–8 cores busy. */
export const DEFAULT_CONCURRENCY = 32;
/** Most calls in flight a caller may ask for. */
export const MAX_CONCURRENCY = 1024;

/** @internal The number of calls in flight from an option; misuse throws. */
export function concurrencyOf(value: unknown): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
    throw new RangeError(`"concurrency" expected an integer from 1 to ${MAX_CONCURRENCY}, got ${String(value)}`);
  }
  return value;
}

/** Cores the runtime reports (`navigator.hardwareConcurrency`), or undefined where it says nothing. */
function reportedCores(): number | undefined {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: unknown } }).navigator?.hardwareConcurrency;
  return typeof cores === 'number' && cores > 0 ? cores : undefined;
}

let inFlightBackend: Promise<Ed25519Backend | undefined> | undefined;

/**
 * @internal The backend for calls in flight: node:crypto's callback form in Node, else
 * WebCrypto, when it passes the probe and the runtime has (or does not say it lacks) a second
 * core; undefined means "the default backend".
 * Probed once per process.
 */
export function backendInFlight(): Promise<Ed25519Backend | undefined> {
  inFlightBackend ??= (async () => {
    const cores = reportedCores();
    if (cores !== undefined && cores < 2) return undefined;
    const pooled = createNodeBackend({ inFlight: true }) ?? createWebCryptoBackend();
    return pooled && (await probeBackend(pooled)) ? pooled : undefined;
  })();
  return inFlightBackend;
}

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof value === 'object' && value !== null && typeof (value as AsyncIterable<T>)[Symbol.asyncIterator] === 'function';
}

function isIterable<T>(value: unknown): value is Iterable<T> {
  return typeof value === 'object' && value !== null && typeof (value as Iterable<T>)[Symbol.iterator] === 'function';
}

/** @internal Asserts an iterable or async iterable, naming the argument. */
export function assertItems<T>(value: unknown, name: string): Iterable<T> | AsyncIterable<T> {
  if (isAsyncIterable<T>(value) || isIterable<T>(value)) return value;
  throw new TypeError(`"${name}" expected an iterable or async iterable, got ${value === null ? 'null' : typeof value}`);
}

function ignore(): void {}

/** @internal What runs the items, made once before the first item is read. */
export interface Runner<T, R> {
  /** Calls in flight at most. */
  readonly concurrency: number;
  readonly run: (item: T, index: number) => Promise<R>;
}

/**
 * @internal Runs each item of `items` through the runner that `prepare` makes (once, when the
 * first result is asked for, so that misuse is raised from the iteration), with at most
 * `concurrency` pending, and yields the results in input order. A rejection is raised at its item's turn; the calls already started after it
 * are abandoned (their outcomes ignored). The loop is written out for sync and async sources
 * (a sync source is read without an await per item).
 */
export async function* ordered<T, R>(items: Iterable<T> | AsyncIterable<T>, prepare: () => Promise<Runner<T, R>>): AsyncGenerator<R, void, undefined> {
  const { concurrency, run } = await prepare();
  const pending: (Promise<R> | undefined)[] = [];
  let head = 0;
  let index = 0;
  const start = (item: T): void => {
    const call = run(item, index++);
    // Handled now (the rejection is re-raised when its turn comes), so a failure further down
    // the window is never an unhandled rejection while an earlier call is awaited.
    call.catch(ignore);
    pending.push(call);
  };
  /** The oldest pending call; the array is compacted now and then instead of shifted. */
  const take = (): Promise<R> => {
    const call = pending[head]!;
    pending[head++] = undefined;
    if (head > 1024 && head * 2 > pending.length) {
      pending.splice(0, head);
      head = 0;
    }
    return call;
  };
  if (isAsyncIterable<T>(items)) {
    const iterator = items[Symbol.asyncIterator]();
    let done = false;
    try {
      for (;;) {
        while (!done && pending.length - head < concurrency) {
          const next = await iterator.next();
          if (next.done) done = true;
          else start(next.value);
        }
        if (head === pending.length) return;
        yield await take();
      }
    } finally {
      if (!done) await iterator.return?.();
    }
  }
  const iterator = (items as Iterable<T>)[Symbol.iterator]();
  let done = false;
  try {
    for (;;) {
      while (!done && pending.length - head < concurrency) {
        const next = iterator.next();
        if (next.done) done = true;
        else start(next.value);
      }
      if (head === pending.length) return;
      yield await take();
    }
  } finally {
    if (!done) iterator.return?.();
  }
}
