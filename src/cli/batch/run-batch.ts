/**
 * The `issue --batch` pipeline: input lines → chunks → workers → output in input order.
 * Memory stays flat whatever the input size: a bounded number of chunks is in flight (a few
 * per worker), results wait in order only behind those, and output waits for stdout to
 * drain. A bad line becomes an `"error"` output line and a stderr line; `--strict` stops at
 * the first one, writing the output before it and nothing after.
 */
import type { Context } from '../context.js';
import { errorLine, MAX_LINE_BYTES, type ChunkResult, type LineError } from './chunk.js';
import { splitLines } from './lines.js';
import type { ChunkRunner } from './pool.js';
import { groupDigits, ProgressLine } from './progress.js';

/** Chunks in flight per unit of parallelism: one being worked on, one queued, one coming back. */
const IN_FLIGHT_PER_WORKER = 3;
/** Bad lines described on stderr; the rest are counted (every one is in the output). */
export const MAX_REPORTED_ERRORS = 20;

/** What a batch did. */
export interface BatchOutcome {
  readonly issued: number;
  readonly failed: number;
  /** The line `--strict` stopped at. */
  readonly stoppedAt?: LineError;
  /** Seconds the batch took. */
  readonly seconds: number;
}

/** Options of {@link runBatch}. */
export interface RunBatchOptions {
  readonly strict: boolean;
  /** Input size in bytes, when known (a file): the progress line then shows a bar and time left. */
  readonly bytesTotal?: number;
}

function ignore(): void {}

/** Writes to stdout, waiting for it to drain when it asks to. */
async function writeOut(ctx: Context, bytes: Uint8Array): Promise<void> {
  if (bytes.length === 0) return;
  const stdout = ctx.io.stdout;
  if (stdout.write(bytes) === false && stdout.once) await new Promise<void>((resolve) => stdout.once!('drain', resolve));
}

/** Issues every record of `input` with `runner`, writing the output lines to stdout. */
export async function runBatch(input: AsyncIterable<Uint8Array | string>, runner: ChunkRunner, ctx: Context, options: RunBatchOptions): Promise<BatchOutcome> {
  const t = ctx.t.batch;
  const progress = new ProgressLine(ctx);
  const inFlight = new Map<number, { result: Promise<ChunkResult>; inputBytes: number }>();
  const maxInFlight = runner.parallelism * IN_FLIGHT_PER_WORKER;
  let nextSeq = 0;
  let nextToWrite = 0;
  let issued = 0;
  let failed = 0;
  let bytesDone = 0;
  let reported = 0;
  let stoppedAt: LineError | undefined;

  const report = (errors: readonly LineError[]): void => {
    if (errors.length === 0 || reported >= MAX_REPORTED_ERRORS) return;
    progress.clear();
    for (const e of errors.slice(0, MAX_REPORTED_ERRORS - reported)) ctx.err(t.lineError(e.line, e.code, e.message));
    reported += Math.min(errors.length, MAX_REPORTED_ERRORS - reported);
  };

  /** Writes the oldest chunk's output once it is back. */
  const writeNext = async (): Promise<void> => {
    const entry = inFlight.get(nextToWrite)!;
    const result = await entry.result;
    inFlight.delete(nextToWrite++);
    bytesDone += entry.inputBytes;
    if (options.strict && result.failed > 0) {
      await writeOut(ctx, result.out.subarray(0, result.cut));
      stoppedAt = result.errors[0];
      issued += countLines(result.out, result.cut);
      return;
    }
    await writeOut(ctx, result.out);
    issued += result.issued;
    failed += result.failed;
    report(result.errors);
    progress.update({ done: issued + failed, bytesDone, bytesTotal: options.bytesTotal });
  };

  try {
    for await (const piece of splitLines(input)) {
      const seq = nextSeq++;
      let result: Promise<ChunkResult>;
      if (piece.kind === 'too-long') {
        const message = t.lineTooLong(MAX_LINE_BYTES);
        const out = new TextEncoder().encode(errorLine(piece.line, undefined, 'BAD_RECORD', message));
        result = Promise.resolve({ out, cut: 0, issued: 0, failed: 1, errors: [{ line: piece.line, code: 'BAD_RECORD', message }] });
      } else {
        result = runner.run({ seq, firstLine: piece.firstLine, bytes: piece.bytes });
        // Awaited at its turn; handled now so a failure behind an earlier chunk is not "unhandled".
        result.catch(ignore);
      }
      inFlight.set(seq, { result, inputBytes: piece.inputBytes });
      while (inFlight.size >= maxInFlight && stoppedAt === undefined) await writeNext();
      if (stoppedAt !== undefined) break;
    }
    while (inFlight.size > 0 && stoppedAt === undefined) await writeNext();
  } finally {
    progress.clear();
    await runner.close();
  }
  if (stoppedAt) report([stoppedAt]);
  else if (failed > reported) ctx.err(t.moreErrors(failed - reported));
  const seconds = progress.elapsed();
  if (progress.enabled && !stoppedAt) {
    ctx.err(t.summary(groupDigits(issued), groupDigits(failed), seconds.toFixed(1), groupDigits(seconds > 0 ? issued / seconds : 0)));
  }
  return { issued, failed, ...(stoppedAt && { stoppedAt }), seconds };
}

/** Lines in the first `end` bytes of an output (each ends in a newline). */
function countLines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}
