/** Time at the public edge: epoch seconds or `Date`, turned into integer seconds. */

/** A point in time: integer epoch seconds, or a `Date`. */
export type TimeInput = number | Date;

/**
 * Integer epoch seconds of a time input.
 *
 * @throws TypeError naming the field when it is neither a safe integer nor a valid Date.
 */
export function toSeconds(value: TimeInput, name: string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (!Number.isFinite(ms)) throw new TypeError(`"${name}" is an invalid Date`);
    return Math.floor(ms / 1000);
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`"${name}" expected integer epoch seconds or a Date, got ${typeof value === 'number' ? value : typeof value}`);
  }
  return value;
}

/** The current time in integer epoch seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
