/**
 * The CLI's own failures: anything that stops a command before or around the library call
 * (bad arguments, files, images, trust lists). All of them exit 2; `verify --json` prints
 * them with their code, so a script can tell "not valid" (exit 1) from "could not check".
 */
import type { QrErrorCode } from '../qr/index.js';

/** Stable codes of CLI failures (exit 2), beside the verify codes of DESIGN.md (exit 1). */
export type CliErrorCode =
  | 'USAGE'
  | 'NO_INPUT'
  | 'FILE_NOT_FOUND'
  | 'UNREADABLE_FILE'
  | 'UNWRITABLE_FILE'
  | 'FILE_EXISTS'
  | 'KEY_FILE_PERMISSIONS'
  | 'BAD_KEY_FILE'
  | 'BAD_TRUST_LIST'
  | 'BAD_STATUS_LIST'
  | 'BAD_INPUT'
  | 'NOT_A_TERMINAL'
  | 'INTERNAL'
  | QrErrorCode;

/** A failure the CLI reports in one line (no stack), with exit code 2. */
export class CliError extends Error {
  readonly code: CliErrorCode;
  /** The command whose `--help` the message should point to, for usage errors. */
  readonly helpFor: string | undefined;

  constructor(code: CliErrorCode, message: string, options: { helpFor?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
    this.helpFor = options.helpFor;
  }
}

/** The `errno` code of a Node system error, if it is one. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
