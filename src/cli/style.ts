/**
 * Terminal styling: ANSI colour only when stdout is a terminal and `NO_COLOR` is not set
 * (https://no-color.org: any non-empty value), and never for `TERM=dumb`.
 */
import type { Status } from '../index.js';

/** Whether to colour output written to stdout. */
export function colorEnabled(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (!isTTY) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

/** Colour functions; identity when colour is off. */
export interface Style {
  readonly enabled: boolean;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly fail: (s: string) => string;
  readonly status: (status: Status, s: string) => string;
}

const sgr = (open: string, s: string): string => `\u001b[${open}m${s}\u001b[0m`;

// Black on green / black on yellow / white on red: the colours people read the code by.
const STATUS_SGR: Readonly<Record<Status, string>> = { green: '1;30;42', yellow: '1;30;43', red: '1;97;41' };

/** The style for a stream, on or off. */
export function createStyle(enabled: boolean): Style {
  if (!enabled) {
    const id = (s: string): string => s;
    return { enabled, bold: id, dim: id, fail: id, status: (_status, s) => s };
  }
  return {
    enabled,
    bold: (s) => sgr('1', s),
    dim: (s) => sgr('2', s),
    fail: (s) => sgr('1;91', s),
    status: (status, s) => sgr(STATUS_SGR[status], s),
  };
}

/**
 * Columns a string takes in a terminal: East Asian wide and fullwidth characters take two
 * (Unicode UAX #11, the common ranges), everything else one.
 */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/** Pads `s` with spaces to `width` terminal columns. */
export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** Label/value lines with the values aligned in one column. */
export function formatFields(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...rows.map(([label]) => displayWidth(label)));
  return rows.map(([label, value]) => `  ${padEnd(label, width)}  ${value}`);
}

/** A table with a header row, columns aligned by terminal width, two spaces apart. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]): string => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : padEnd(c, widths[i]!))).join('  ')}`;
  return [line(header), ...rows.map(line)];
}
