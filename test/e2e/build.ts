/**
 * The end-to-end tests run the BUILT package, as users do. `ensureBuilt()` runs
 * `npm run build` at most once per test run, and only when dist/ is missing or older than
 * the sources; then it copies dist/ to a folder of this run, where the CLI tests run the
 * bin (`CLI_BIN`), so that a build started elsewhere in the checkout (which first deletes
 * dist/) cannot pull the bin from under a running test. Test files run in parallel
 * workers: one takes a lock (an atomic mkdir) and builds while the others wait; a marker
 * named after the run's main process then tells every later caller the run is ready.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const CACHE = join(ROOT, 'node_modules/.cache');
// Vitest's workers are forks (their parent is the run) or threads (inside the run's process).
const RUN_PID = isMainThread ? process.ppid : process.pid;
const MARKER = join(CACHE, `healthcode-build-${RUN_PID}`);
const LOCK = `${MARKER}.lock`;
const LOCK_STALE_MS = 5 * 60_000;
// Inside node_modules/, so the bundle's package imports resolve from the project's node_modules.
const SNAPSHOT = join(CACHE, `healthcode-dist-${RUN_PID}`);

/** This run's copy of the built bin (`dist/cli/main.js`, which `package.json` `bin` names). */
export const CLI_BIN = join(SNAPSHOT, 'cli/main.js');

const BUILT = ['index.js', 'qr/index.js', 'cli/main.js'];
const OUTPUTS = BUILT.map((p) => join(ROOT, 'dist', p));
const INPUTS = ['src', 'package.json', 'tsup.config.ts'].map((p) => join(ROOT, p));

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when some output is missing or older than the newest input. */
export function distIsStale(): boolean {
  if (!OUTPUTS.every((p) => existsSync(p))) return true;
  const oldestOutput = Math.min(...OUTPUTS.map((p) => statSync(p).mtimeMs));
  return Math.max(...INPUTS.map(newestMtime)) > oldestOutput;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the lock when its holder died or has held it far too long. */
function clearStaleLock(): void {
  try {
    const holder = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    if (!alive(holder) || Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
  } catch {
    // No lock, or its holder is still writing its pid.
  }
}

/** Removes the markers of runs that have ended. */
function clearOldMarkers(): void {
  for (const name of readdirSync(CACHE)) {
    const m = /^healthcode-(?:build|dist)-(\d+)$/.exec(name);
    if (m && Number(m[1]) !== RUN_PID && !alive(Number(m[1]))) rmSync(join(CACHE, name), { recursive: true, force: true });
  }
}

function build(): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** Copies dist/ to this run's folder; a copy caught in someone else's rebuild is redone. */
function snapshot(): void {
  for (let attempt = 0; ; attempt++) {
    rmSync(SNAPSHOT, { recursive: true, force: true });
    try {
      cpSync(join(ROOT, 'dist'), SNAPSHOT, { recursive: true });
    } catch (error) {
      if (attempt >= 2) throw error;
    }
    if (BUILT.every((p) => existsSync(join(SNAPSHOT, p)))) return;
    if (attempt >= 2) throw new Error(`dist/ is incomplete: ${BUILT.join(', ')} expected`);
    if (distIsStale()) build();
  }
}

/** Builds dist/ once per test run when it is missing or stale, and snapshots it for the CLI tests. */
export async function ensureBuilt(): Promise<void> {
  mkdirSync(CACHE, { recursive: true });
  for (;;) {
    if (existsSync(MARKER)) return;
    try {
      mkdirSync(LOCK);
    } catch {
      clearStaleLock();
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      if (existsSync(MARKER)) return;
      clearOldMarkers();
      if (distIsStale()) build();
      snapshot();
      writeFileSync(MARKER, new Date().toISOString());
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

/** What a run of the built CLI gave. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a CLI run: the caller's PATH and HOME, English, no colour variables
 * (stdout is a pipe anyway), plus `extra`.
 */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { LANG: 'C' };
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Runs `node dist/cli/main.js …args` and collects its exit code and output. */
export function runBuiltCli(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliRun> {
  return runNode([CLI_BIN, ...args], options);
}

/** Runs `node …args` (a script and its arguments) and collects its exit code and output. */
export function runNode(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliRun> {
  return runProgram(process.execPath, args, options);
}

/** Runs a program and collects its exit code and output. */
export function runProgram(
  program: string,
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(program, args, { cwd: options.cwd ?? ROOT, env: options.env ?? cliEnv(), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
