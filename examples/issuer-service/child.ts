/**
 * Starting the service as a child process, as `npm run issuer` does (`node --import tsx
 * main.ts`), for scripts and tests: resolves with its URL once it listens. Use port 0 to let
 * the OS choose a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The repository root (where `tsx` is installed). */
const ROOT = resolve(HERE, '../..');
const LISTENING = /^issuer-service: listening on (http:\/\/\S+)$/m;

/** A running child service. */
export interface IssuerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the service printed so far. */
  output(): { stdout: string; stderr: string };
  /** Sends `signal` (default SIGTERM) and resolves with the exit status once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the service has printed a line matching `pattern` on stdout. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/** Options of {@link spawnIssuerService}. */
export interface SpawnOptions {
  readonly dataDir: string;
  /** Default 0: the OS chooses. */
  readonly port?: number;
  /** Extra environment (ISSUER_ID, ISSUER_NAME). */
  readonly env?: Record<string, string>;
  /** How long to wait for the service to listen, in ms. Default 60 000. */
  readonly timeoutMs?: number;
}

/**
 * Spawns the service and waits until it listens.
 *
 * @throws Error with the service's stderr when it exits or does not listen in time.
 */
export function spawnIssuerService(options: SpawnOptions): Promise<IssuerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env, DATA_DIR: options.dataDir, PORT: String(options.port ?? 0) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    for (const wake of waiters) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.on('exit', (code, signal) => {
      resolveExit({ code, signal });
      for (const wake of waiters) wake();
    }),
  );

  const waitForOutput = (pattern: RegExp, timeoutMs = 60_000): Promise<void> =>
    new Promise((resolveWait, reject) => {
      const timer = setTimeout(() => finish(new Error(`the service did not print ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
      const check = (): void => {
        if (pattern.test(stdout)) finish();
        else if (child.exitCode !== null || child.signalCode !== null) finish(new Error(`the service exited (${child.exitCode ?? child.signalCode}):\n${stdout}\n${stderr}`));
      };
      function finish(error?: Error): void {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolveWait();
      }
      waiters.add(check);
      check();
    });

  return waitForOutput(LISTENING, options.timeoutMs).then(
    () => ({
      url: LISTENING.exec(stdout)![1]!,
      child,
      output: () => ({ stdout, stderr }),
      stop: (signal: NodeJS.Signals = 'SIGTERM') => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        return exited;
      },
      waitForOutput,
    }),
    (error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    },
  );
}
