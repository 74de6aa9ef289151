/**
 * The batch CLI at provincial scale (issue #5): `healthcode issue --batch` on 1 000 000
 * NDJSON records, through the built bin (worker threads, file in, file out), beside its
 * reference from the same run: bare node:crypto signatures of a code's Sig_structure in as
 * many threads as the batch signs on. Target: ≥ 40 000 codes/s and a peak RSS under 200 MB
 * on the project's 2-core machine. Rounds alternate reference and batch, so a load that
 * moves during the run hits both; the best round of each is the figure (the throughput of a
 * round the rest of the machine left alone), the medians beside it.
 *
 * `npm run build && npx tsx bench/cli-batch.ts [--records N] [--rounds R]`
 * Peak RSS comes from GNU time (`/usr/bin/time -v`); without it the column says so.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fixedIssuerKey } from '../test/support/keys.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist/cli/main.js');
const ISSUED = 1_767_225_600; // 2026-01-01T00:00:00Z, the bench's fixed clock
const TARGET_RATE = 40_000;
const TARGET_RSS_MB = 200;
const TIME = '/usr/bin/time';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const group = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The records: the shape of a real run (masked name, id hint, status index, caller id). */
async function writeRecords(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  const statuses = ['green', 'yellow', 'red'];
  for (let i = 0; i < count; i += 10_000) {
    let chunk = '';
    for (let j = i; j < Math.min(count, i + 10_000); j++) {
      chunk += `${JSON.stringify({ id: `p${j}`, status: statuses[j % 3], expiresAt: '+24h', name: '张*', idHint: String(j % 10_000).padStart(4, '0'), statusIndex: j })}\n`;
    }
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

/** A run's throughput and its CPU time per item (all threads, user + system). */
interface Measured {
  readonly rate: number;
  readonly cpuMicros: number;
}

/** Bare signatures in `threads` worker threads, `count` in all: the reference. */
function bareSigns(count: number, threads: number, jwk: Record<string, unknown>): Promise<Measured> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { createPrivateKey, sign } = require('node:crypto');
    const key = createPrivateKey({ key: workerData.jwk, format: 'jwk' });
    // A code's Sig_structure is about 130 bytes.
    const message = new Uint8Array(130).fill(7);
    for (let i = 0; i < workerData.count; i++) sign(null, message, key);
    parentPort.postMessage('done');`;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const jobs = Array.from({ length: threads }, () =>
    new Promise<void>((resolveJob, reject) => {
      const worker = new Worker(code, { eval: true, workerData: { count: Math.ceil(count / threads), jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d } } });
      worker.once('message', () => resolveJob());
      worker.once('error', reject);
    }),
  );
  return Promise.all(jobs).then(() => {
    const used = process.cpuUsage(cpu);
    return { rate: count / ((performance.now() - start) / 1000), cpuMicros: (used.user + used.system) / count };
  });
}

/** One batch run: codes/s from the wall clock; peak RSS (MB) and CPU time from GNU time when there is one. */
function batch(input: string, key: string, output: string, records: number): Promise<Measured & { rssMb: number | undefined }> {
  const args = [BIN, 'issue', '--batch', input, '--key', key, '--issued-at', String(ISSUED)];
  const useTime = existsSync(TIME);
  const [program, argv] = useTime ? [TIME, ['-f', '%M %U %S', process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolveRun, reject) => {
    const start = performance.now();
    const child = spawn(program, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const sink = createWriteStream(output);
    child.stdout.pipe(sink);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) return reject(new Error(`batch exited ${code}: ${stderr}`));
      const [kb, user, system] = useTime ? stderr.trim().split('\n').at(-1)!.split(' ').map(Number) : [Number.NaN, Number.NaN, Number.NaN];
      resolveRun({ rate: records / seconds, cpuMicros: ((user! + system!) * 1e6) / records, rssMb: Number.isFinite(kb) ? kb! / 1024 : undefined });
    });
  });
}

async function main(): Promise<void> {
  if (!existsSync(BIN)) throw new Error('dist/cli/main.js is missing: run "npm run build" first');
  const records = option('records', 1_000_000);
  const rounds = option('rounds', 3);
  const threads = availableParallelism();
  const dir = mkdtempSync(join(tmpdir(), 'healthcode-bench-batch-'));
  try {
    const key = await fixedIssuerKey();
    const keyPath = join(dir, 'issuer.key.json');
    writeFileSync(keyPath, JSON.stringify(key.privateJwk), { mode: 0o600 });
    chmodSync(keyPath, 0o600);
    const input = join(dir, 'people.ndjson');
    await writeRecords(input, records);
    const loadBefore = loadavg()[0]!;
    const ours: number[] = [];
    const reference: number[] = [];
    const oursCpu: number[] = [];
    const referenceCpu: number[] = [];
    const rss: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const bare = await bareSigns(records, threads, key.privateJwk as unknown as Record<string, unknown>);
      reference.push(bare.rate);
      referenceCpu.push(bare.cpuMicros);
      const run = await batch(input, keyPath, join(dir, 'codes.ndjson'), records);
      ours.push(run.rate);
      oursCpu.push(run.cpuMicros);
      if (run.rssMb !== undefined) rss.push(run.rssMb);
      process.stderr.write(`round ${round + 1}/${rounds}: batch ${group(run.rate)} codes/s, bare ${group(reference.at(-1)!)} signs/s${run.rssMb === undefined ? '' : `, ${run.rssMb.toFixed(0)} MB`}\n`);
    }
    const inputBytes = statSync(input).size;
    const best = Math.max(...ours);
    const bestRef = Math.max(...reference);
    const peak = rss.length > 0 ? Math.max(...rss) : undefined;
    console.log(`\n## issue --batch, ${group(records)} records (${(inputBytes / 1e6).toFixed(0)} MB NDJSON), ${threads} threads, Node ${process.version}`);
    console.log(`load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after (${threads} cores)\n`);
    console.log('| | ours (best / median) | reference (best / median) | ratio | target | met |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    console.log(`| codes/s | ${group(best)} / ${group(median(ours))} | bare sign in ${threads} threads: ${group(bestRef)} / ${group(median(reference))} | ${(best / bestRef).toFixed(2)} | ≥ ${group(TARGET_RATE)} | ${best >= TARGET_RATE ? 'yes' : 'no'} |`);
    const cpu = Math.min(...oursCpu);
    const cpuRef = Math.min(...referenceCpu);
    console.log(`| CPU per code (all threads) | ${cpu.toFixed(1)} µs | ${cpuRef.toFixed(1)} µs a bare sign | ${(cpuRef / cpu).toFixed(2)} | | |`);
    console.log(`| codes/s on ${threads} idle cores (${threads} × 1 s / CPU per code) | ${group((threads * 1e6) / cpu)} | ${group((threads * 1e6) / cpuRef)} | | ≥ ${group(TARGET_RATE)} | ${(threads * 1e6) / cpu >= TARGET_RATE ? 'yes' : 'no'} |`);
    console.log(`| peak RSS | ${peak === undefined ? 'n/a (no GNU time)' : `${peak.toFixed(0)} MB`} | | | < ${TARGET_RSS_MB} MB | ${peak === undefined ? '-' : peak < TARGET_RSS_MB ? 'yes' : 'no'} |`);
    if (loadBefore > threads) console.log(`\nThe machine was busy (load ${loadBefore.toFixed(1)} on ${threads} cores): both columns are below what an idle machine gives; the ratio is the figure to compare.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
