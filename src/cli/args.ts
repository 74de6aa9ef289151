/**
 * Argument parsing shared by the commands: `node:util` parseArgs in strict mode, with its
 * failures turned into one-line usage errors, and typed readers for option values.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { STATUSES, type Status } from '../index.js';
import type { Context } from './context.js';
import { CliError } from './errors.js';
import { parseSeconds, parseTime } from './time.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseCommandArgs} returns for options `O`. */
export type ParsedArgs<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>>;

/** `--help` / `-h`, which every command takes. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Parses a command's arguments strictly: unknown options, missing values and (when
 * `allowPositionals` is false) positionals are usage errors naming the command.
 */
export function parseCommandArgs<const O extends OptionsConfig>(
  command: string,
  args: string[],
  options: O,
  ctx: Context,
  allowPositionals = true,
): ParsedArgs<O> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError('USAGE', ctx.t.badArguments(detail), { helpFor: command, cause: error });
  }
}

/** A usage error pointing at the command's help. */
export function usageError(command: string, message: string): CliError {
  return new CliError('USAGE', message, { helpFor: command });
}

/** The value of a required option. */
export function required<T>(command: string, value: T | undefined, option: string, ctx: Context): T {
  if (value === undefined) throw usageError(command, ctx.t.missingOption(option));
  return value;
}

/** At most one positional; more is a usage error. */
export function singlePositional(command: string, positionals: readonly string[], ctx: Context): string | undefined {
  if (positionals.length > 1) throw usageError(command, ctx.t.extraPositional(positionals[1]!));
  return positionals[0];
}

/** A time option (`--expires`, `--now`, …) in epoch seconds; offsets count from `base`. */
export function timeOption(command: string, option: string, value: string, base: number, ctx: Context): number {
  const parsed = parseTime(value, base);
  if (parsed.ok) return parsed.seconds;
  const message =
    parsed.problem === 'zone'
      ? ctx.t.timeNeedsZone(option, value)
      : parsed.problem === 'milliseconds'
        ? ctx.t.timeLooksLikeMilliseconds(option, value)
        : ctx.t.badTime(option, value);
  throw usageError(command, message);
}

/** A whole number of seconds (`--tolerance`). */
export function secondsOption(command: string, option: string, value: string, ctx: Context): number {
  const seconds = parseSeconds(value);
  if (seconds === undefined) throw usageError(command, ctx.t.badSeconds(option, value));
  return seconds;
}

/** An integer option within [min, max] (`--scale`, `--margin`, `--size`, `--index`). */
export function integerOption(command: string, option: string, value: string, min: number, max: number, ctx: Context): number {
  const n = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) throw usageError(command, ctx.t.badInteger(option, value));
  return n;
}

/** `--status green|yellow|red`. */
export function statusOption(command: string, value: string, ctx: Context): Status {
  const status = STATUSES.find((s) => s === value);
  if (!status) throw usageError(command, ctx.t.badStatus(value));
  return status;
}

/** Checks that at most one of the named options is set (exactly one when `required`). */
export function exclusive(command: string, set: Readonly<Record<string, unknown>>, ctx: Context, requireOne: boolean): string | undefined {
  const given = Object.entries(set).filter(([, v]) => v !== undefined && v !== false);
  if (given.length > 1 || (requireOne && given.length === 0)) throw usageError(command, ctx.t.oneOf(Object.keys(set)));
  return given[0]?.[0];
}
