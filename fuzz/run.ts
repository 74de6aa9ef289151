/**
 * The fuzz runner: `npm run fuzz -- TARGET [--seconds N] [--runs N] [--seed N] [--corpus DIR]`.
 *
 * Builds the target with esbuild, instrumenting src/ (and the packages the target names) for
 * coverage, then runs the loop in a worker thread and watches it from here: an input that
 * stalls the worker (no execution finished for `--stall-seconds`), exhausts its heap, or
 * pushes the process past `--max-rss-mb` is taken from shared memory and saved, like a crash.
 * Exit code 0 when the run found nothing, 1 on any finding, 2 on misuse.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { build, type Plugin } from 'esbuild';
import { instrumentPlugin, type InstrumentStats } from './engine/instrument.js';
import { INSTRUMENTED_PACKAGES, TARGETS } from './targets/index.js';
import { COUNTER_CAPACITY, SHARED_EXECS, SHARED_HEADER_BYTES, SHARED_LENGTH, type LoopMessage, type LoopOptions, type LoopStats } from './engine/protocol.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'healthcode-fuzz');
/** Seconds a target may take to make its seeds before the watchdog calls it stalled. */
const SETUP_SECONDS = 180;


const USAGE = `Usage: npm run fuzz -- TARGET [options]

Targets: ${Object.keys(TARGETS).join(', ')}

  --seconds N        stop after N seconds (default 60)
  --runs N           stop after N executions (default: no limit)
  --seed N           mutation seed (default 1), for a repeatable run
  --corpus DIR       load inputs from DIR and save new coverage there
  --artifacts DIR    where findings are written (default node_modules/.cache/healthcode-fuzz/findings/TARGET)
  --replay FILE      run the target on one saved input (a finding) and report
  --hang-ms N        an input slower than N ms on three runs is a finding (default: the target's, 50)
  --stall-seconds N  no execution finished for N s: a hang (default 10; scan 120)
  --max-rss-mb N     process memory above N MiB: a finding (default 3072)`;

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} expected a non-negative integer, got ${value}`);
    process.exit(2);
  }
  return n;
}

/** Bare imports stay external (loaded from node_modules at run time) unless instrumented. */
function externals(instrumented: readonly string[]): Plugin {
  return {
    name: 'healthcode-fuzz-externals',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0]!;
        if (instrumented.includes(name)) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

async function bundle(name: string, packages: readonly string[]): Promise<{ path: string; stats: InstrumentStats }> {
  const stats: InstrumentStats = { count: 0, files: [] };
  const outfile = join(CACHE, `${name}.mjs`);
  const packagePattern = packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  const include = new RegExp(`(/src/.*\\.ts$)${packagePattern ? `|(/node_modules/(${packagePattern})/.*\\.js$)` : ''}`);
  await build({
    stdin: {
      contents: [
        `import './engine/counters.ts';`,
        `import target from './targets/${name}.ts';`,
        `import { fuzzLoop } from './engine/loop.ts';`,
        `await fuzzLoop(target);`,
      ].join('\n'),
      resolveDir: HERE,
      loader: 'ts',
      sourcefile: `fuzz-${name}.ts`,
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    // package.json says "sideEffects": false, which would drop the import that allocates the counters.
    ignoreAnnotations: true,
    // CommonJS packages bundled into ESM still call require() for Node built-ins.
    banner: { js: `import { createRequire as __hcCreateRequire } from 'node:module'; const require = __hcCreateRequire(import.meta.url);` },
    plugins: [externals(packages), instrumentPlugin(include, stats, /\/src\/(cli|qr\/render)/)],
  });
  if (stats.count > COUNTER_CAPACITY) throw new Error(`${stats.count} counters, over the capacity of ${COUNTER_CAPACITY}`);
  return { path: outfile, stats };
}

function line(name: string, s: LoopStats): string {
  const rate = s.seconds > 0 ? Math.round(s.execs / s.seconds) : 0;
  return `[${name}] #${s.execs} ${s.seconds.toFixed(0)}s ${rate}/s corpus ${s.corpus} edges ${s.edges} features ${s.features} slowest ${s.slowestMs.toFixed(2)}ms findings ${s.findings}`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      corpus: { type: 'string' },
      artifacts: { type: 'string' },
      'hang-ms': { type: 'string' },
      replay: { type: 'string' },
      'stall-seconds': { type: 'string' },
      'max-rss-mb': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1 || !(positionals[0]! in TARGETS)) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  const name = positionals[0]!;
  const packages = INSTRUMENTED_PACKAGES[name] ?? [];
  const seconds = positiveInt(values.seconds, 'seconds', 60);
  const runs = positiveInt(values.runs, 'runs', Number.MAX_SAFE_INTEGER);
  const stallSeconds = positiveInt(values['stall-seconds'], 'stall-seconds', name === 'scan' ? 120 : 10);
  const maxRssMb = positiveInt(values['max-rss-mb'], 'max-rss-mb', 3072);
  const artifacts = resolve(values.artifacts ?? join(CACHE, 'findings', name));

  const { path, stats } = await bundle(name, packages);
  console.log(`[${name}] ${stats.count} counters in ${stats.files.length} instrumented files${packages.length ? ` (with ${packages.join(', ')})` : ''}`);

  const shared = new SharedArrayBuffer(SHARED_HEADER_BYTES + 1024 * 1024);
  const header = new Int32Array(shared, 0, 2);
  const options: LoopOptions = {
    counterCount: stats.count,
    seconds,
    runs,
    seed: positiveInt(values.seed, 'seed', 1),
    ...(values['hang-ms'] !== undefined && { hangMs: positiveInt(values['hang-ms'], 'hang-ms', 50) }),
    ...(values.replay !== undefined && { replay: new Uint8Array(readFileSync(values.replay)) }),
    ...(values.corpus !== undefined && { corpusDir: resolve(values.corpus) }),
    shared,
  };
  process.env.HEALTHCODE_FUZZ_ROOT = ROOT;
  const worker = new Worker(path, { workerData: options, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
  let findings = 0;
  let final: LoopStats | undefined;
  let last: LoopStats | undefined;

  const record = (kind: string, message: string, input: Uint8Array): void => {
    findings++;
    mkdirSync(artifacts, { recursive: true });
    const file = join(artifacts, `${kind}-${createHash('sha1').update(input).digest('hex').slice(0, 16)}`);
    writeFileSync(file, input);
    console.error(`[${name}] FINDING ${kind}: ${message}\n  input (${input.length} bytes) saved to ${file}\n  base64: ${Buffer.from(input).toString('base64')}`);
  };
  const inFlight = (): Uint8Array => new Uint8Array(shared, SHARED_HEADER_BYTES, Atomics.load(header, SHARED_LENGTH)).slice();

  const outcome = await new Promise<string>((resolveRun) => {
    let lastExecs = -1;
    let stalledFor = 0;
    let lastPrint = 0;
    const watchdog = setInterval(() => {
      const execs = Atomics.load(header, SHARED_EXECS);
      stalledFor = execs === lastExecs ? stalledFor + 1 : 0;
      lastExecs = execs;
      const rssMb = process.memoryUsage.rss() / 2 ** 20;
      // Before the first execution the target is making its seeds (keys, vectors): more time.
      const limit = execs === 0 ? Math.max(stallSeconds, SETUP_SECONDS) : stallSeconds;
      if (stalledFor >= limit && final === undefined) {
        record('stall', `no execution finished for ${stalledFor} s`, inFlight());
        void worker.terminate();
      } else if (rssMb > maxRssMb) {
        record('memory', `process memory reached ${rssMb.toFixed(0)} MiB (limit ${maxRssMb})`, inFlight());
        void worker.terminate();
      }
    }, 1000);
    worker.on('message', (message: LoopMessage) => {
      if (message.type === 'finding') record(message.kind, message.message, message.input);
      else if (message.type === 'status') {
        last = message.stats;
        if (message.stats.seconds - lastPrint >= 10) {
          lastPrint = message.stats.seconds;
          console.log(line(name, message.stats));
        }
      } else final = message.stats;
    });
    worker.on('error', (error: Error & { code?: string }) => {
      record(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'worker-error', error.message, inFlight());
    });
    worker.on('exit', (code) => {
      clearInterval(watchdog);
      resolveRun(final ? 'done' : `worker exited with code ${code}`);
    });
  });

  const summary = final ?? last;
  if (summary) console.log(`${line(name, summary)}${final ? '' : ` (${outcome})`}`);
  if (!final && findings === 0) record('worker-exit', outcome, inFlight());
  console.log(findings === 0 ? `[${name}] no findings` : `[${name}] ${findings} finding(s) in ${artifacts}`);
  return findings === 0 ? 0 : 1;
}

process.exitCode = await main();
