/**
 * The request body of `POST /people/:id/status`: the colour the health authority decided and
 * why, checked strictly (a 400 names the field).
 */
import { HttpError } from './http.js';
import type { Status } from './healthcode.js';

/** A checked status change. */
export interface StatusChange {
  readonly status: Status;
  readonly reason: string;
}

/** Longest reason, in characters: it is stored and shown to the person. */
export const MAX_REASON_CHARS = 200;
const STATUSES: readonly Status[] = ['green', 'yellow', 'red'];
const FIELDS = ['status', 'reason'] as const;
/** Controls and invisible format characters, as declaration.ts refuses them in names. */
const FORBIDDEN_IN_REASON = /[\p{Cc}\p{Zl}\p{Zp}]|(?![\u200c\u200d])\p{Cf}/u;

function bad(message: string): never {
  throw new HttpError(400, 'BAD_STATUS_CHANGE', message);
}

/**
 * Checks a parsed JSON body as a status change.
 *
 * @throws HttpError 400 `BAD_STATUS_CHANGE` naming the first field missing, unknown, or of the
 *   wrong type or form.
 */
export function parseStatusChange(body: unknown): StatusChange {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) bad('expected a JSON object with status and reason');
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(FIELDS as readonly string[]).includes(key)) bad(`unknown field "${key}": expected only ${FIELDS.join(', ')}`);
  }
  for (const field of FIELDS) if (!(field in record)) bad(`"${field}" is missing`);
  if (!STATUSES.includes(record.status as Status)) bad(`"status" expected "green", "yellow" or "red", got ${JSON.stringify(record.status)}`);
  if (typeof record.reason !== 'string') bad(`"reason" expected a string, got ${record.reason === null ? 'null' : typeof record.reason}`);
  const reason = record.reason.normalize('NFC').trim();
  if (reason === '') bad('"reason" is empty');
  if (FORBIDDEN_IN_REASON.test(reason)) bad('"reason" contains control or invisible formatting characters');
  if ([...reason].length > MAX_REASON_CHARS) bad(`"reason" expected at most ${MAX_REASON_CHARS} characters`);
  return Object.freeze({ status: record.status as Status, reason });
}
