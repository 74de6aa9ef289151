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

/**
 * Issues the records of `bytes` (whole lines; line numbers start at `firstLine`).
 *
 * @param key the issuer's signing key, read once per worker.
 */
export async function issueChunk(bytes: Uint8Array, firstLine: number, key: SigningKey, defaults: BatchDefaults, t: BatchMessages): Promise<ChunkResult> {
  const slots: Slot[] = [];
  let line = firstLine;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const current = line++;
    const length = end - start;
    let text: string | undefined;
    let refused: RecordError | undefined;
    if (length > MAX_LINE_BYTES) refused = new RecordError('BAD_RECORD', t.lineTooLong(MAX_LINE_BYTES));
    else {
      try {
        text = UTF8.decode(bytes.subarray(start, end));
      } catch {
        refused = new RecordError('BAD_JSON', t.notUtf8);
      }
    }
    start = end + 1;
    if (refused) {
      slots.push({ line: current, id: undefined, error: refused });
      continue;
    }
    // Blank lines (and a CR of CRLF input) are skipped: no output for them.
    if (text!.trim() === '') continue;
    let id: RecordId | undefined;
    try {
      const record = parseRecord(text!, defaults, t);
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
