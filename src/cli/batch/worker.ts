/**
 * The batch worker thread: reads the issuer key once, then turns each chunk it is sent into
 * its output lines (`issueChunk`) and sends them back, the bytes transferred, not copied.
 * The built bin is its own worker script: `main.ts` calls {@link runBatchWorker} when it is
 * loaded in a worker thread with {@link BatchWorkerData}.
 */
import { parentPort } from 'node:worker_threads';
import { signingKeyFor } from '../../keys.js';
import { messagesFor, type Locale } from '../i18n.js';
import { issueChunk, type ChunkResult } from './chunk.js';
import type { BatchDefaults } from './record.js';

/** Marks the workerData of a batch worker. */
export const BATCH_WORKER_ROLE = 'healthcode-issue-batch';

/** What a batch worker is started with. */
export interface BatchWorkerData {
  readonly role: typeof BATCH_WORKER_ROLE;
  /** The issuer's private JWK: passed in memory, never written or printed. */
  readonly privateJwk: Record<string, unknown>;
  readonly defaults: BatchDefaults;
  readonly locale: Locale;
}

/** A chunk of whole lines sent to a worker. */
export interface ChunkJob {
  /** Position of the chunk in the input: results are written in this order. */
  readonly seq: number;
  /** Line number of the chunk's first line (1-based). */
  readonly firstLine: number;
  readonly bytes: Uint8Array;
}

/** A worker's answer: the chunk's result, or a failure that stops the batch (a bug). */
export type WorkerReply = { readonly seq: number; readonly result: ChunkResult } | { readonly seq: number; readonly failure: string };

/** True when `data` is a batch worker's workerData. */
export function isBatchWorkerData(data: unknown): data is BatchWorkerData {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === BATCH_WORKER_ROLE;
}

/** Runs the worker loop in this thread (called from the bin's entry in a worker). */
export function runBatchWorker(data: BatchWorkerData): void {
  const port = parentPort;
  if (!port) throw new Error('runBatchWorker runs in a worker thread');
  const t = messagesFor(data.locale).batch;
  // The default backend (node:crypto here): one worker per core signs in its own thread.
  const key = signingKeyFor(data.privateJwk);
  port.on('message', (job: ChunkJob) => {
    key
      .then((k) => issueChunk(job.bytes, job.firstLine, k, data.defaults, t))
      .then(
        (result) => port.postMessage({ seq: job.seq, result } satisfies WorkerReply, [result.out.buffer as ArrayBuffer]),
        (error: unknown) => port.postMessage({ seq: job.seq, failure: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
      );
  });
}
