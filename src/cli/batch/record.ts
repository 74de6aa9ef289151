/**
 * One line of `issue --batch` input (NDJSON, docs/cli.md "Batch records"): a JSON object whose
 * members are the fields of `issue()`, times as on the command line, plus an opaque `id`
 * echoed back. Strict: an unknown member is refused, so a misspelt "nmae" never silently
 * issues a code without a name. The claims themselves are checked by the library.
 */
import { STATUSES, type IssueInput, type Status } from '../../index.js';
import { fromBase64Url } from '../../codec/bytes.js';
import type { BatchMessages } from '../messages/batch.js';
import { parseTime } from '../time.js';

/** Longest `id` echoed back, in characters. */
export const MAX_ID_LENGTH = 256;

/** The members a record may have. */
const MEMBERS = new Set(['id', 'status', 'expiresAt', 'issuedAt', 'notBefore', 'name', 'idHint', 'subjectRef', 'statusIndex', 'holderKey']);

/** What the command line gives every record that does not say otherwise. */
export interface BatchDefaults {
  /** `--issued-at`, or the time the batch started: one `iat` for the whole batch by default. */
  readonly issuedAt: number;
  /** `--expires`, as typed (an offset counts from each record's issue time). */
  readonly expires?: string;
  /** `--status`. */
  readonly status?: Status;
}

/** A record's caller id: what `id` held, as JSON, ready to be echoed. */
export type RecordId = string | number;

/** A refused record: the stable code and a message for people. */
export class RecordError extends Error {
  readonly code: 'BAD_JSON' | 'BAD_RECORD';
  /** The record's id, when it could be read. */
  readonly id: RecordId | undefined;

  constructor(code: 'BAD_JSON' | 'BAD_RECORD', message: string, id?: RecordId) {
    super(message);
    this.name = 'RecordError';
    this.code = code;
    this.id = id;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The last time string parsed, with its base: a batch usually says "+24h" on every line. */
let lastTime = { text: '', base: Number.NaN, seconds: 0 };

/** A time member: integer epoch seconds, or a string as on the command line. */
function timeOf(value: unknown, member: string, base: number, t: BatchMessages, id: RecordId | undefined): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    if (value === lastTime.text && base === lastTime.base) return lastTime.seconds;
    const parsed = parseTime(value, base);
    if (parsed.ok) {
      lastTime = { text: value, base, seconds: parsed.seconds };
      return parsed.seconds;
    }
  }
  throw new RecordError('BAD_RECORD', t.badTime(member, JSON.stringify(value)), id);
}

/**
 * Parses one line into the input of `issue()` and its id.
 *
 * @throws RecordError `BAD_JSON` (not JSON) or `BAD_RECORD` (not an object, unknown or
 *   mistyped member, no status or expiry).
 */
export function parseRecord(line: string, defaults: BatchDefaults, t: BatchMessages): { input: IssueInput; id: RecordId | undefined } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new RecordError('BAD_JSON', t.notJson);
  }
  if (!isRecord(json)) throw new RecordError('BAD_RECORD', t.notObject);
  const raw = json.id;
  const id = (typeof raw === 'string' && raw.length <= MAX_ID_LENGTH) || (typeof raw === 'number' && Number.isSafeInteger(raw)) ? raw : undefined;
  if (raw !== undefined && id === undefined) throw new RecordError('BAD_RECORD', t.badId(MAX_ID_LENGTH));
  for (const member in json) if (!MEMBERS.has(member)) throw new RecordError('BAD_RECORD', t.unknownMember(member), id);

  const status = json.status === undefined ? defaults.status : STATUSES.find((s) => s === json.status);
  if (status === undefined) throw new RecordError('BAD_RECORD', json.status === undefined ? t.missing('status') : t.badStatus(JSON.stringify(json.status)), id);
  const issuedAt = json.issuedAt === undefined ? defaults.issuedAt : timeOf(json.issuedAt, 'issuedAt', defaults.issuedAt, t, id);
  const expires = json.expiresAt ?? defaults.expires;
  if (expires === undefined) throw new RecordError('BAD_RECORD', t.missing('expiresAt'), id);
  const expiresAt = timeOf(expires, 'expiresAt', issuedAt, t, id);
  const notBefore = json.notBefore === undefined ? undefined : timeOf(json.notBefore, 'notBefore', issuedAt, t, id);
  let subjectRef: Uint8Array | undefined;
  if (json.subjectRef !== undefined) {
    subjectRef = typeof json.subjectRef === 'string' ? fromBase64Url(json.subjectRef) : undefined;
    if (!subjectRef) throw new RecordError('BAD_RECORD', t.badSubjectRef, id);
  }
  // name, idHint, statusIndex and holderKey go to the library as given: it checks their types.
  const input: IssueInput = {
    status,
    issuedAt,
    expiresAt,
    ...(notBefore !== undefined && { notBefore }),
    ...(json.name !== undefined && { name: json.name as string }),
    ...(json.idHint !== undefined && { idHint: json.idHint as string }),
    ...(subjectRef !== undefined && { subjectRef }),
    ...(json.statusIndex !== undefined && { statusIndex: json.statusIndex as number }),
    ...(json.holderKey !== undefined && { holderKey: json.holderKey as IssueInput['holderKey'] & object }),
  };
  return { input, id };
}
