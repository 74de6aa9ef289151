/**
 * Where batch chunks are issued: this thread and a pool of worker threads (one thread per
 * core by default), or, when the CLI runs from its sources (tests) and has no worker script,
 * this thread alone. Both give the same results; the orchestrator does not know which.
 */
import { Worker } from 'node:worker_threads';
import { signingKeyFor } from '../../keys.js';
import { messagesFor } from '../i18n.js';
import { issueChunk, type ChunkResult } from './chunk.js';
import { BATCH_WORKER_ROLE, type BatchWorkerData, type ChunkJob, type WorkerReply } from './worker.js';

/** Runs chunks somewhere and gives their results back. */
export interface ChunkRunner {
  /** How many chunks it works on at once. */
  readonly parallelism: number;
  run(job: ChunkJob): Promise<ChunkResult>;
  /** Stops the workers (pending runs are abandoned). */
  close(): Promise<void>;
}

/** The setup every worker gets. */
export type RunnerSetup = Omit<BatchWorkerData, 'role'>;

/**
 * A worker's V8 heap. A worker keeps almost nothing alive (one chunk of ~64 KiB in, its
 * output out), so the young generation is capped below V8's default to hold resident memory
 * down; the old generation cap only catches a runaway. Measured on 1 000 000 records with
 * one worker beside the main thread (2 cores): 4 MB → 38,500 codes/s, 154–166 MB peak RSS
 * (7 % of the worker's time in the collector); 16 MB → 42,400 codes/s, 172–179 MB.
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 128 };

interface Pending {
  resolve(result: ChunkResult): void;
  reject(error: Error): void;
}

class PooledWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  failed: Error | undefined;

  constructor(entry: URL, setup: RunnerSetup) {
    const workerData: BatchWorkerData = { role: BATCH_WORKER_ROLE, ...setup };
    this.worker = new Worker(entry, { workerData, resourceLimits: WORKER_HEAP });
    this.worker.on('message', (reply: WorkerReply) => {
      const call = this.pending.get(reply.seq);
      if (!call) return;
      this.pending.delete(reply.seq);
      if ('result' in reply) call.resolve(reply.result);
      else call.reject(new Error(reply.failure));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`a batch worker stopped (exit ${code})`)));
  }

  fail(error: Error): void {
    this.failed ??= error;
    for (const call of this.pending.values()) call.reject(this.failed);
    this.pending.clear();
  }
}

/**
 * `threads` signing threads: this one and `threads - 1` worker threads running `entry` (the
 * built bin). The main thread takes a share because it has little else to do (reading lines,
 * writing results): one isolate fewer saves ~35 MB against a pool of `threads` workers.
 * Each chunk goes to the thread with the fewest chunks pending (a worker on a tie). The main
 * thread signs its chunks a slice of records per turn of the event loop (setImmediate), so
 * the workers' answers, and the next chunks for them, are handled within ~1.5 ms: signing a
 * whole chunk (~30 ms) in one turn left the worker idle 60 % of the time (measured: 26 k
 * codes/s with two threads against 22 k with one).
 */
export async function createRunner(entry: URL | undefined, threads: number, setup: RunnerSetup): Promise<ChunkRunner> {
  const inline = await createInlineRunner(setup);
  const workers = entry ? Array.from({ length: threads - 1 }, () => new PooledWorker(entry, setup)) : [];
  let closing = false;
  return {
    parallelism: workers.length + 1,
    run(job) {
      const target = workers.reduce<PooledWorker | undefined>((best, w) => (w.pending.size < (best?.pending.size ?? Infinity) ? w : best), undefined);
      if (!target || inline.pending < target.pending.size) return inline.run(job);
      if (target.failed) return Promise.reject(target.failed);
      return new Promise<ChunkResult>((resolve, reject) => {
        target.pending.set(job.seq, { resolve, reject });
        target.worker.postMessage(job, [job.bytes.buffer as ArrayBuffer]);
      });
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const w of workers) w.failed ??= new Error('the batch stopped');
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}

/** Resolves in a later turn of the event loop, after pending I/O and worker messages. */
function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** Runs chunks in this thread, a slice of records per turn of the event loop. */
async function createInlineRunner(setup: RunnerSetup): Promise<ChunkRunner & { readonly pending: number }> {
  const key = await signingKeyFor(setup.privateJwk);
  const t = messagesFor(setup.locale).batch;
  let pending = 0;
  return {
    parallelism: 1,
    get pending() {
      return pending;
    },
    async run(job) {
      pending++;
      try {
        await nextTurn();
        return await issueChunk(job.bytes, job.firstLine, key, setup.defaults, t, nextTurn);
      } finally {
        pending--;
      }
    },
    close: async () => undefined,
  };
}
