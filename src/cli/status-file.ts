/**
 * Status-list files for the CLI: reading a Status List Token (binary CBOR) and checking it
 * against a trust list, entry changes as `INDEX=VALUE`, and counting the values of a list.
 */
import { isHealthCodeError, STATUS_LIST_MAX_TOKEN_BYTES, STATUS_LIST_VALUES, StatusList, TrustList, type StatusListValue } from '../index.js';
import { usageError } from './args.js';
import type { Context } from './context.js';
import { CliError } from './errors.js';
import { readFileChecked, readTextFile } from './files.js';
import { readStdin } from './input.js';

/** The value names, in value order (DESIGN.md: 0 green, 1 yellow, 2 red, 3 revoked). */
export const VALUE_NAMES = ['green', 'yellow', 'red', 'revoked'] as const;
/** Largest `--changes` file: 10 million changes of a dozen bytes. */
const MAX_CHANGES_FILE_BYTES = 128 * 1024 * 1024;

/** One change: the entry at `index` becomes `value`. */
export interface EntryChange {
  readonly index: number;
  readonly value: StatusListValue;
}

/** A value from its name (`red`) or number (`2`); undefined when neither. */
export function valueOf(text: string): StatusListValue | undefined {
  const named = (STATUS_LIST_VALUES as Readonly<Record<string, StatusListValue>>)[text];
  if (named !== undefined && Object.hasOwn(STATUS_LIST_VALUES, text)) return named;
  return /^[0-3]$/.test(text) ? (Number(text) as StatusListValue) : undefined;
}

/** Parses `INDEX=VALUE` (e.g. `17=red`); `where` names it in the message. */
export function parseChange(command: string, text: string, where: string, ctx: Context): EntryChange {
  const m = /^\s*(\d{1,12})\s*=\s*([a-z0-3]+)\s*$/.exec(text);
  const value = m ? valueOf(m[2]!) : undefined;
  if (!m || value === undefined) throw usageError(command, ctx.t.statusList.badChange(where, text));
  return { index: Number(m[1]), value };
}

/** Changes from `INDEX=VALUE` arguments and a `--changes` file or `-` (one per line; blank lines and `#` comments skipped). */
export async function readChanges(command: string, args: readonly string[], file: string | undefined, ctx: Context): Promise<EntryChange[]> {
  const changes = args.map((a) => parseChange(command, a, a, ctx));
  if (file === undefined) return changes;
  const text = file === '-' ? await readStdin(ctx.io.stdin, MAX_CHANGES_FILE_BYTES) : await readTextFile(file, MAX_CHANGES_FILE_BYTES, ctx);
  for (const [i, line] of text.split('\n').entries()) {
    const content = line.replace(/#.*$/, '').trim();
    if (content !== '') changes.push(parseChange(command, content, `${file}:${i + 1}`, ctx));
  }
  return changes;
}

/** Applies changes to a list, refusing an index past its end. */
export function applyChanges(command: string, list: StatusList, changes: readonly EntryChange[], ctx: Context): void {
  for (const { index, value } of changes) {
    if (index >= list.size) throw usageError(command, ctx.t.statusList.indexPastEnd(index, list.size));
    list.set(index, value);
  }
}

/** Reads a token file's bytes. */
export async function readTokenFile(path: string, ctx: Context): Promise<Uint8Array> {
  return (await readFileChecked(path, STATUS_LIST_MAX_TOKEN_BYTES, ctx)).bytes;
}

/**
 * Loads a signed list against `trust`. A list that does not load is a CliError with code
 * `BAD_STATUS_LIST`, its message naming the file and the library's code.
 */
export async function loadStatusList(path: string, bytes: Uint8Array, trust: TrustList, now: number, ctx: Context): Promise<StatusList> {
  try {
    return await StatusList.fromSigned(bytes, trust, { now });
  } catch (error) {
    if (!isHealthCodeError(error)) throw error;
    throw new CliError('BAD_STATUS_LIST', ctx.t.statusList.notLoadable(path, error.code, error.message), { cause: error });
  }
}

/** How many entries hold each value. Whole bytes through a table, the padding of the last byte left out. */
export function countValues(list: StatusList): Record<(typeof VALUE_NAMES)[number], number> {
  const bytes = list.toBytes();
  const counts = [0, 0, 0, 0];
  const full = Math.floor(list.size / 4);
  const perByte = new Uint32Array(256 * 4);
  for (let b = 0; b < 256; b++) for (let k = 0; k < 4; k++) perByte[b * 4 + ((b >> (2 * k)) & 3)]!++;
  const histogram = new Float64Array(256);
  for (let i = 0; i < full; i++) histogram[bytes[i]!]!++;
  for (let b = 0; b < 256; b++) {
    const n = histogram[b]!;
    if (n > 0) for (let v = 0; v < 4; v++) counts[v]! += n * perByte[b * 4 + v]!;
  }
  for (let i = full * 4; i < list.size; i++) counts[list.get(i)]!++;
  return { green: counts[0]!, yellow: counts[1]!, red: counts[2]!, revoked: counts[3]! };
}
