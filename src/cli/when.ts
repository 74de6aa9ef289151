/**
 * Instants for people: an ISO 8601 time with how far it is from now, in the run's language
 * ("2026-01-02T00:00:00Z (in 12h 0min)").
 */
import type { Context } from './context.js';
import { formatTime, splitDuration } from './time.js';

/** "in 12h 0min" or "3d 2h ago", counted from `now`. */
export function relativeTime(seconds: number, now: number, ctx: Context): string {
  const { days, hours, minutes } = splitDuration(seconds - now);
  const span = ctx.t.duration(days, hours, minutes);
  return seconds >= now ? ctx.t.inFuture(span) : ctx.t.inPast(span);
}

/** The time and, in brackets, how far it is from `now`. */
export function timeAndRelative(seconds: number, now: number, ctx: Context): string {
  return `${formatTime(seconds)} (${relativeTime(seconds, now, ctx)})`;
}
