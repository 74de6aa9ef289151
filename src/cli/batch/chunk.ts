/**
 * A chunk of `issue --batch` input (whole lines) turned into its output lines: one JSON line
 * per non-blank input line, a code or an error, in input order. This is the work of a batch
 * worker; it is also run in the main thread where there are no workers (tests).
 *
 * The codes are made exactly as `issue()` makes them (claimsFromInput, signClaims, textOf:
 * the same bytes), with the key read once. Each record's signature is started in a first
 * pass and collected in a second: with the default (node:crypto) backend the signing is done
 * inside the call, so a chunk costs two loops, not a round trip per record.
 */
import { claimsFromInput, signClaims, textOf } from '../../issue.js';
import type { SigningKey } from '../../keys.js';
import type { BatchMessages } from '../messages/batch.js';
import { parseRecord, RecordError, type BatchDefaults, type RecordId } from './record.js';

/** Longest input line, in bytes: a record is a few hundred bytes; this leaves room for a holder key and long names. */
export const MAX_LINE_BYTES = 64 * 1024;
/** Bad lines a chunk describes in full (all of them are in the output; these also go to stderr). */
export const MAX_CHUNK_ERRORS = 32;

/** A refused line, for stderr. */
export interface LineError {
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

/** What a chunk gives back. */
export interface ChunkResult {
  /** The output lines, UTF-8, each ending in `\n`. */
  readonly out: Uint8Array;
  /** Bytes of `out` before the first error line (all of it when there is none): what `--strict` writes. */
  readonly cut: number;
  readonly issued: number;
  readonly failed: number;
  /** The first {@link MAX_CHUNK_ERRORS} refused lines. */
  readonly errors: readonly LineError[];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const ENCODER = new TextEncoder();

/** The output line of a refused record. */
export function errorLine(line: number, id: RecordId | undefined, code: string, message: string): string {
  return `{"line":${line}${id === undefined ? '' : `,"id":${JSON.stringify(id)}`},"error":{"code":"${code}","message":${JSON.stringify(message)}}}\n`;
}

type Slot = { line: number; id: RecordId | undefined; pending: Promise<Uint8Array> } | { line: number; id: RecordId | undefined; error: RecordError };

/** One input line: its text, or why it cannot be read. */
type Line = { readonly text: string } | { readonly refused: RecordError };

/**
 * The lines of a chunk. The chunk is decoded in one call (a decoder call per line cost ~2 %
 * of a batch); only a chunk with invalid UTF-8 is decoded line by line, to refuse just the
 * bad lines. A line's UTF-8 length is at most 3 × its UTF-16 length, so only lines that could
 * be too long are measured.
 */
function linesOf(bytes: Uint8Array, t: BatchMessages): Line[] {
  const tooLong = (): Line => ({ refused: new RecordError('BAD_RECORD', t.lineTooLong(MAX_LINE_BYTES)) });
  let whole: string | undefined;
  try {
    whole = UTF8.decode(bytes);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    const texts = whole.split('\n');
    if (texts.at(-1) === '') texts.pop();
    return texts.map((text) => (text.length * 3 > MAX_LINE_BYTES && ENCODER.encode(text).length > MAX_LINE_BYTES ? tooLong() : { text }));
  }
  const lines: Line[] = [];
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end - start > MAX_LINE_BYTES) lines.push(tooLong());
    else {
      try {
        lines.push({ text: UTF8.decode(bytes.subarray(start, end)) });
      } catch {
        lines.push({ refused: new RecordError('BAD_JSON', t.notUtf8) });
      }
    }
    start = end + 1;
  }
  return lines;
}

/** Records signed between two calls of `pause` (about 1.5 ms of work). */
export const RECORDS_PER_SLICE = 32;

/**
 * Issues the records of `bytes` (whole lines; line numbers start at `firstLine`).
 *
 * @param key the issuer's signing key, read once per worker.
 * @param pause awaited after every {@link RECORDS_PER_SLICE} records: the main thread, which
 *   also feeds the workers, passes a turn of its event loop so that a chunk it signs does not
 *   hold up the workers' next chunks for ~30 ms.
 */
export async function issueChunk(bytes: Uint8Array, firstLine: number, key: SigningKey, defaults: BatchDefaults, t: BatchMessages, pause?: () => Promise<void>): Promise<ChunkResult> {
  const slots: Slot[] = [];
  let current = firstLine - 1;
  let sinceLast = 0;
  for (const line of linesOf(bytes, t)) {
    current++;
    if ('refused' in line) {
      slots.push({ line: current, id: undefined, error: line.refused });
      continue;
    }
    const text = line.text;
    // Blank lines (and a CR of CRLF input) are skipped: no output for them.
    if (text.trim() === '') continue;
    if (pause && ++sinceLast === RECORDS_PER_SLICE) {
      sinceLast = 0;
      await pause();
    }
    let id: RecordId | undefined;
    try {
      const record = parseRecord(text, defaults, t);
      id = record.id;
      const claims = claimsFromInput(record.input, key.issuer);
      const pending = signClaims(claims, key);
      // Awaited in the second pass; handled now so a rejection is never reported as unhandled.
      pending.catch(ignore);
      slots.push({ line: current, id, pending });
    } catch (error) {
      const refusal = asRecordError(error, id, t);
      slots.push({ line: current, id: refusal.id ?? id, error: refusal });
    }
  }

  let out = '';
  let cut = -1;
  let issued = 0;
  const errors: LineError[] = [];
  for (const slot of slots) {
    let error: RecordError | undefined = 'error' in slot ? slot.error : undefined;
    if (!error && 'pending' in slot) {
      try {
        const code = textOf(await slot.pending);
        // The Base45 alphabet needs no JSON escaping: the code is written as it is.
        out += `{"line":${slot.line}${slot.id === undefined ? '' : `,"id":${JSON.stringify(slot.id)}`},"code":"${code}"}\n`;
        issued++;
        continue;
      } catch (caught) {
        error = asRecordError(caught, slot.id, t);
      }
    }
    if (cut < 0) cut = ENCODER.encode(out).length;
    if (errors.length < MAX_CHUNK_ERRORS) errors.push({ line: slot.line, code: error!.code, message: error!.message });
    out += errorLine(slot.line, slot.id, error!.code, error!.message);
  }
  const encoded = ENCODER.encode(out);
  const failed = slots.length - issued;
  return { out: encoded, cut: cut < 0 ? encoded.length : cut, issued, failed, errors };
}

function ignore(): void {}

/** A record's refusal: ours as it is; the library's misuse errors (which name the field) as BAD_RECORD. */
function asRecordError(error: unknown, id: RecordId | undefined, t: BatchMessages): RecordError {
  if (error instanceof RecordError) return error;
  if (error instanceof TypeError || error instanceof RangeError) return new RecordError('BAD_RECORD', t.refused(error.message), id);
  throw error;
}
