/**
 * Times on the command line: ISO 8601 with an explicit zone, epoch seconds, or a signed
 * offset (`+24h`). Strict: anything `Date.parse` would guess at ("March 7", a date-time
 * without a zone, 2026-02-30) is refused, because a code's expiry must mean one instant.
 */

/** Why a time argument was refused. */
export type TimeProblem = 'format' | 'zone' | 'milliseconds' | 'range';

/** A parsed time in epoch seconds, or the reason it could not be. */
export type TimeParse = { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly problem: TimeProblem };

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;

// Epoch seconds after this (year 5138) are far more likely milliseconds typed by mistake.
const MAX_EPOCH_SECONDS = 99_999_999_999;

const EPOCH = /^\d{1,15}$/;
const RELATIVE = /^([+-])(\d{1,9})([smhdw])$/;
// ISO 8601 extended format: a calendar date, optionally a time with a zone (RFC 3339 §5.6).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

const ok = (seconds: number): TimeParse => ({ ok: true, seconds });
const problem = (p: TimeProblem): TimeParse => ({ ok: false, problem: p });

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseIso(m: RegExpExecArray): TimeParse {
  const [, y, mo, d, h, mi, s, , z, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return problem('format');
  if (h === undefined) return ok(Date.UTC(year, month - 1, day) / 1000);
  if (z === undefined && sign === undefined) return problem('zone');
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) return problem('format');
  let offset = 0;
  if (sign !== undefined) {
    const offsetHours = Number(oh);
    const offsetMinutes = Number(om);
    if (offsetHours > 23 || offsetMinutes > 59) return problem('format');
    offset = (sign === '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
  }
  // Fractions of a second are dropped: codes carry whole seconds.
  const seconds = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offset;
  return seconds < 0 ? problem('range') : ok(seconds);
}

/**
 * Parses a time argument into epoch seconds. A signed offset (`+30m`, `+24h`, `+7d`, `-1w`,
 * `+90s`) counts from `base`; a date alone means 00:00:00 UTC that day.
 *
 * @example
 * ```ts
 * parseTime('+24h', 1767225600); // { ok: true, seconds: 1767312000 }
 * ```
 */
export function parseTime(value: string, base: number): TimeParse {
  if (EPOCH.test(value)) {
    const seconds = Number(value);
    return seconds > MAX_EPOCH_SECONDS ? problem('milliseconds') : ok(seconds);
  }
  const relative = RELATIVE.exec(value);
  if (relative) {
    const [, sign, amount, unit] = relative;
    const seconds = base + (sign === '-' ? -1 : 1) * Number(amount) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
    return seconds < 0 || !Number.isSafeInteger(seconds) ? problem('range') : ok(seconds);
  }
  const iso = ISO.exec(value);
  return iso ? parseIso(iso) : problem('format');
}

/** Parses a non-negative whole number of seconds (`--tolerance`), or undefined. */
export function parseSeconds(value: string): number | undefined {
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

/** An instant as ISO 8601 UTC without fractions: `2026-01-01T00:00:00Z`. */
export function formatTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isFinite(date.getTime()) ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : String(seconds);
}

/** Splits a span of seconds into whole days, hours and minutes (rounded down). */
export function splitDuration(seconds: number): { days: number; hours: number; minutes: number } {
  const s = Math.abs(seconds);
  return { days: Math.floor(s / 86_400), hours: Math.floor((s % 86_400) / 3600), minutes: Math.floor((s % 3600) / 60) };
}
