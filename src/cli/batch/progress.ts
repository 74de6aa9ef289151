/**
 * The batch progress line on stderr, drawn only when stderr is a terminal: a bar (when the
 * input size is known), codes done, rate and time left, redrawn at most a few times a
 * second in place.
 */
import type { Context } from '../context.js';
import { SYSTEM_CLOCK } from '../context.js';

/** Redraws at most this often. */
const REDRAW_MS = 200;
/** Width of the bar, in cells. */
const BAR_CELLS = 24;
const CLEAR_LINE = '\r\u001b[2K';

/** What the progress line shows. */
export interface ProgressState {
  /** Lines done (codes issued plus lines refused). */
  readonly done: number;
  /** Input bytes done, and in all (when known: a file). */
  readonly bytesDone: number;
  readonly bytesTotal: number | undefined;
  /** Seconds since the start. */
  readonly elapsed: number;
}

/** Thousands separators, as the locale writes them (1,000,000). */
export function groupDigits(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** m:ss or h:mm:ss. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** The progress line for a state (pure, for tests). */
export function formatProgress(state: ProgressState, ctx: Context): string {
  const rate = state.elapsed > 0 ? state.done / state.elapsed : 0;
  const parts: string[] = [];
  if (state.bytesTotal !== undefined && state.bytesTotal > 0) {
    const fraction = Math.min(1, state.bytesDone / state.bytesTotal);
    const filled = Math.round(fraction * BAR_CELLS);
    parts.push(`${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)} ${String(Math.floor(fraction * 100)).padStart(3)}%`);
    const byteRate = state.elapsed > 0 ? state.bytesDone / state.elapsed : 0;
    parts.push(ctx.t.batch.progress(groupDigits(state.done), groupDigits(rate), byteRate > 0 ? formatClock((state.bytesTotal - state.bytesDone) / byteRate) : undefined));
  } else {
    parts.push(ctx.t.batch.progress(groupDigits(state.done), groupDigits(rate), undefined));
  }
  return parts.join('  ');
}

/** Draws the progress line on stderr when it is a terminal; does nothing otherwise. */
export class ProgressLine {
  readonly #ctx: Context;
  readonly #enabled: boolean;
  readonly #clock;
  readonly #start: number;
  #last = -Infinity;
  #drawn = false;

  constructor(ctx: Context) {
    this.#ctx = ctx;
    this.#enabled = ctx.io.stderrIsTTY === true;
    this.#clock = ctx.io.clock ?? SYSTEM_CLOCK;
    this.#start = this.#clock.now();
  }

  /** Seconds since the batch started. */
  elapsed(): number {
    return (this.#clock.now() - this.#start) / 1000;
  }

  /** Redraws, unless it was redrawn less than {@link REDRAW_MS} ago (or `force`). */
  update(state: Omit<ProgressState, 'elapsed'>, force = false): void {
    if (!this.#enabled) return;
    const now = this.#clock.now();
    if (!force && now - this.#last < REDRAW_MS) return;
    this.#last = now;
    this.#drawn = true;
    this.#ctx.io.stderr.write(`${CLEAR_LINE}${formatProgress({ ...state, elapsed: (now - this.#start) / 1000 }, this.#ctx)}`);
  }

  /** Removes the line, so the next message starts on a clean line. */
  clear(): void {
    if (this.#drawn) this.#ctx.io.stderr.write(CLEAR_LINE);
    this.#drawn = false;
  }

  /** True when drawing. */
  get enabled(): boolean {
    return this.#enabled;
  }
}
