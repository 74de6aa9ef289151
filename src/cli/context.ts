/**
 * What a command runs with: the process's streams and environment (passed in, so `run` is
 * testable without spawning), the locale's messages and the output style.
 */
import { colorEnabled, createStyle, type Style } from './style.js';
import { detectLocale, messagesFor, type Locale, type Messages } from './i18n.js';

/** The process surface the CLI touches. */
export interface CliIo {
  /**
   * Standard output. `write` returns false when the stream wants the writer to wait for its
   * `drain` event (Node's writable streams); bulk output (`issue --batch`) honours that.
   */
  readonly stdout: { write(chunk: string | Uint8Array): unknown; once?(event: 'drain', listener: () => void): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly stdin: AsyncIterable<string | Uint8Array>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True when stdout is a terminal (colour is then allowed). */
  readonly isTTY: boolean;
  /** True when stderr is a terminal (progress bars are then drawn). Default false. */
  readonly stderrIsTTY?: boolean;
  /**
   * Calls `listener` on an interrupt (Ctrl-C, SIGINT) until the returned function is called;
   * while a listener is registered the interrupt does not end the process. Without it,
   * commands that run until stopped (`present --watch`) cannot run.
   */
  readonly onInterrupt?: (listener: () => void) => () => void;
  /** The clock and timer of commands that wait (default: the system's). */
  readonly clock?: CliClock;
  /**
   * The script worker threads run: the built bin itself. Without it (the CLI run from its
   * sources), `issue --batch` does its work in this thread.
   */
  readonly workerScript?: URL;
}

/** Time for commands that wait: the system's, or a test's fixed clock. */
export interface CliClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The system clock. */
export const SYSTEM_CLOCK: CliClock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
});

/** A command's view of the run. */
export interface Context {
  readonly io: CliIo;
  readonly locale: Locale;
  readonly t: Messages;
  /** Style for stdout. */
  readonly style: Style;
  /** Writes one line (or lines) to stdout. */
  out(text: string): void;
  /** Writes one line (or lines) to stderr. */
  err(text: string): void;
}

/** One subcommand: its name, its help in each locale, and its body returning an exit code. */
export interface Command {
  readonly name: string;
  /** One line for `healthcode --help`. */
  readonly summary: Readonly<Record<Locale, string>>;
  /** The text `healthcode <name> --help` prints. */
  readonly help: Readonly<Record<Locale, string>>;
  /** Runs with the arguments after the command name; throws CliError for exit 2. */
  run(args: string[], ctx: Context): Promise<number>;
}

/** Builds the context of one run. */
export function createContext(io: CliIo): Context {
  const locale = detectLocale(io.env);
  return {
    io,
    locale,
    t: messagesFor(locale),
    style: createStyle(colorEnabled(io.env, io.isTTY)),
    out: (text) => void io.stdout.write(`${text}\n`),
    err: (text) => void io.stderr.write(`${text}\n`),
  };
}
