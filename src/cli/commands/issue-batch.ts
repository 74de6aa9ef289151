/**
 * `healthcode issue --batch FILE|-`: bulk issuance from NDJSON records (docs/cli.md "issue
 * --batch"), one output line per record on stdout, in input order, signed on this thread
 * and worker threads (one signing thread per core by default). Exit 0 every record issued, 1 some lines refused (each has an
 * error line in the output), 2 usage or input errors, or `--strict` stopped at a bad line.
 */
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { statusOption, timeOption, usageError, integerOption } from '../args.js';
import type { Context } from '../context.js';
import { CliError, errnoOf } from '../errors.js';
import { readPrivateKeyFile } from '../key-file.js';
import { createRunner, type ChunkRunner, type RunnerSetup } from '../batch/pool.js';
import { groupDigits } from '../batch/progress.js';
import type { BatchDefaults } from '../batch/record.js';
import { CHUNK_BYTES } from '../batch/lines.js';
import { runBatch } from '../batch/run-batch.js';
import { signingKeyFor } from '../../keys.js';

/** Most signing threads `--workers` takes. */
const MAX_WORKERS = 256;

/** The options `issue` parses, as far as a batch reads them. */
export interface BatchValues {
  readonly batch?: string | undefined;
  readonly key?: string | undefined;
  readonly status?: string | undefined;
  readonly expires?: string | undefined;
  readonly 'issued-at'?: string | undefined;
  readonly strict?: boolean | undefined;
  readonly workers?: string | undefined;
  readonly [option: string]: string | boolean | undefined;
}

/** Options of a single code that a batch takes from each record instead. */
const PER_RECORD = ['name', 'id-hint', 'not-before', 'holder-key', 'png', 'svg', 'terminal', 'scale', 'margin', 'error-correction'] as const;

/** Opens the batch input: a file (with its size, for the progress bar) or stdin. */
async function openInput(path: string, ctx: Context): Promise<{ input: AsyncIterable<Uint8Array | string>; size?: number; close(): Promise<void> }> {
  if (path === '-') return { input: ctx.io.stdin, close: async () => undefined };
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new CliError('FILE_NOT_FOUND', ctx.t.fileNotFound(path), { cause: error });
    throw new CliError('UNREADABLE_FILE', ctx.t.cannotRead(path, errnoOf(error) ?? String(error)), { cause: error });
  }
  const info = await handle.stat();
  if (!info.isFile() && !info.isFIFO()) {
    await handle.close();
    throw new CliError('UNREADABLE_FILE', ctx.t.cannotRead(path, 'not a regular file'));
  }
  const stream = handle.createReadStream({ highWaterMark: CHUNK_BYTES, autoClose: false });
  return { input: stream, ...(info.isFile() && { size: info.size }), close: () => handle.close() };
}

/** Runs `issue --batch` with the options `issue` parsed. */
export async function issueBatch(command: string, values: BatchValues, ctx: Context): Promise<number> {
  const t = ctx.t.batch;
  const clash = PER_RECORD.find((o) => values[o] !== undefined);
  if (clash) throw usageError(command, t.notWithBatch(`--${clash}`));
  if (values.key === undefined) throw usageError(command, ctx.t.missingOption('--key FILE'));
  // Signing threads, this one included: one per core by default.
  const threads = values.workers === undefined ? Math.min(availableParallelism(), MAX_WORKERS) : integerOption(command, '--workers', values.workers, 1, MAX_WORKERS, ctx);
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = values['issued-at'] === undefined ? now : timeOption(command, '--issued-at', values['issued-at'], now, ctx);
  // Checked once here; each record's offset counts from its own issue time.
  if (values.expires !== undefined) timeOption(command, '--expires', values.expires, issuedAt, ctx);
  const defaults: BatchDefaults = {
    issuedAt,
    ...(values.expires !== undefined && { expires: values.expires }),
    ...(values.status !== undefined && { status: statusOption(command, values.status, ctx) }),
  };

  const privateJwk = await readPrivateKeyFile(values.key, ctx);
  if (typeof privateJwk.iss !== 'string') throw new CliError('BAD_KEY_FILE', t.keyNoIssuer(values.key));
  try {
    await signingKeyFor(privateJwk);
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    throw new CliError('BAD_KEY_FILE', ctx.t.cannotIssue(error.message), { cause: error });
  }
  const source = await openInput(values.batch!, ctx);
  const setup: RunnerSetup = { privateJwk, defaults, locale: ctx.locale };
  // The built bin runs its own workers; from the sources (tests) the work stays in this thread.
  const runner: ChunkRunner = await createRunner(ctx.io.workerScript, threads, setup);
  let outcome;
  try {
    outcome = await runBatch(source.input, runner, ctx, { strict: values.strict === true, ...(source.size !== undefined && { bytesTotal: source.size }) });
  } finally {
    await source.close();
  }
  if (outcome.stoppedAt) {
    ctx.err(ctx.t.errorLine(t.strictStop(outcome.stoppedAt.line, groupDigits(outcome.issued))));
    return 2;
  }
  return outcome.failed > 0 ? 1 : 0;
}
