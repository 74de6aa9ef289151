/**
 * `verifyMany()` and `issueMany()` against the bare operation with the same number in flight
 * (WebCrypto, and node:crypto's callback form, which also runs on libuv's pool), against the
 * sequential node:crypto call, and against a loop of single `verify()` / `issue()` calls.
 * Targets: verifyMany ≥ 0.90 and issueMany ≥ 0.85 of the fastest bare figure of this run.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, webcrypto } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { issue, issueMany, verify, verifyMany, DEFAULT_CONCURRENCY } from '../../src/index.js';
import { NOW, type Fixtures } from '../fixtures.js';
import { compare, inFlightBatch, syncBatch, type Batch, type CompareOptions, type Side, rate } from '../harness.js';
import { comparisonRow, perSecond, type Row, type Section } from '../report.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `count` items cycling through `items`. */
function* cycle<T>(items: readonly T[], count: number): Generator<T> {
  for (let i = 0; i < count; i++) yield items[i % items.length]!;
}

/**
 * The worker entry, bundled once by esbuild into node_modules/.cache (worker threads do not get
 * tsx's loader; from there the bundle's package imports resolve as from the project).
 */
async function workerEntry(): Promise<URL> {
  const outfile = resolve(ROOT, 'node_modules/.cache/healthcode-bench/issue-worker.mjs');
  await build({ entryPoints: [resolve(ROOT, 'bench/issue-worker.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'silent' });
  return pathToFileURL(outfile);
}

/** Worker threads that issue (or bare-sign) on request: a batch is split evenly across them. */
async function workerSide(entry: URL, mode: 'issueMany' | 'bare', threads: number, label: string): Promise<{ side: Side; close: () => Promise<void> }> {
  /** Each worker's answer to the batch in progress. */
  const waiting = new Map<Worker, { resolve: (made: number) => void; reject: (error: unknown) => void }>();
  const workers = await Promise.all(
    Array.from({ length: threads }, () => {
      const worker = new Worker(entry, { workerData: { mode } });
      return new Promise<Worker>((resolve, reject) => {
        worker.once('message', () => {
          worker.on('message', (made: number) => waiting.get(worker)?.resolve(made));
          resolve(worker);
        });
        worker.on('error', (error) => {
          waiting.get(worker)?.reject(error);
          reject(error);
        });
      });
    }),
  );
  const run: Batch = async (count) => {
    const share = Math.ceil(count / threads);
    const made = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<number>((resolve, reject) => {
            waiting.set(worker, { resolve, reject });
            worker.postMessage({ count: share });
          }),
      ),
    );
    if (made.reduce((a, b) => a + b, 0) !== share * threads) throw new Error('a worker made too few codes');
  };
  return { side: { label, run }, close: async () => void (await Promise.all(workers.map((w) => w.terminate()))) };
}

/** The fastest of several sides, by a short solo measurement each. */
async function fastest(sides: Side[], opts: CompareOptions): Promise<{ side: Side; rates: string[] }> {
  let best = sides[0]!;
  let bestRate = 0;
  const rates: string[] = [];
  for (const side of sides) {
    const r = await rate(side, { ...opts, rounds: 9 });
    rates.push(`${side.label} ${perSecond(r)}`);
    if (r > bestRate) [best, bestRate] = [side, r];
  }
  return { side: best, rates };
}

export async function manySuite(f: Fixtures, quick: boolean): Promise<Section> {
  const opts: CompareOptions = quick ? { rounds: 9, batchMs: 25, warmupMs: 100 } : { batchMs: 25 };
  const n = f.texts.length;
  const inFlight = DEFAULT_CONCURRENCY;
  const rows: Row[] = [];
  const notes: string[] = [];

  // --- verify
  const keyObject = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: f.publicJwk.x }, format: 'jwk' });
  const cryptoKey = await webcrypto.subtle.importKey('raw', f.publicKey, 'Ed25519', false, ['verify']);
  const nodeCallbackVerify = (i: number): Promise<boolean> =>
    new Promise((resolve, reject) => nodeVerify(null, f.toBeSigned[i]!, keyObject, f.signatures[i]!, (e, ok) => (e ? reject(e) : resolve(ok))));
  const bareVerify: Side[] = [
    { label: `crypto.subtle.verify, ${inFlight} in flight`, run: inFlightBatch((i) => webcrypto.subtle.verify('Ed25519', cryptoKey, f.signatures[i]!, f.toBeSigned[i]!), n, inFlight) },
    { label: `node:crypto verify (callback), ${inFlight} in flight`, run: inFlightBatch(nodeCallbackVerify, n, inFlight) },
    { label: 'node:crypto verify, sequential', run: syncBatch((i) => nodeVerify(null, f.toBeSigned[i]!, keyObject, f.signatures[i]!), n) },
  ];
  const verifyManyBatch: Batch = async (count) => {
    let valid = 0;
    for await (const result of verifyMany(cycle(f.texts, count), f.trust, { now: NOW })) if (result.valid) valid++;
    if (valid !== count) throw new Error('a fixture did not verify');
  };
  const ours: Side = { label: `verifyMany(), ${inFlight} in flight`, run: verifyManyBatch };
  const fastVerify = await fastest(bareVerify, opts);
  rows.push(comparisonRow('verifyMany() vs fastest bare verify', await compare(ours, fastVerify.side, opts), 0.9));
  if (fastVerify.side !== bareVerify[0]) rows.push(comparisonRow('verifyMany() vs bare WebCrypto', await compare(ours, bareVerify[0]!, opts)));
  const loop: Side = { label: 'verify() in a loop', run: inFlightBatch(async (i) => verify(f.texts[i]!, f.trust, { now: NOW }), n) };
  rows.push(comparisonRow('verifyMany() vs verify() loop', await compare(ours, loop, opts)));
  notes.push(`bare verifies in flight, solo: ${fastVerify.rates.join('; ')}.`);

  // --- issue
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: f.privateJwk.x, d: f.privateJwk.d }, format: 'jwk' });
  const signKey = await webcrypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: f.privateJwk.x, d: f.privateJwk.d }, 'Ed25519', false, ['sign']);
  const nodeCallbackSign = (i: number): Promise<Buffer> =>
    new Promise((resolve, reject) => nodeSign(null, f.toBeSigned[i]!, privateKey, (e, s) => (e ? reject(e) : resolve(s))));
  const bareSign: Side[] = [
    { label: `crypto.subtle.sign, ${inFlight} in flight`, run: inFlightBatch((i) => webcrypto.subtle.sign('Ed25519', signKey, f.toBeSigned[i]!), n, inFlight) },
    { label: `node:crypto sign (callback), ${inFlight} in flight`, run: inFlightBatch(nodeCallbackSign, n, inFlight) },
    { label: 'node:crypto sign, sequential', run: syncBatch((i) => nodeSign(null, f.toBeSigned[i]!, privateKey), n) },
  ];
  const issueManyBatch: Batch = async (count) => {
    let made = 0;
    for await (const text of issueMany(cycle(f.records, count), f.privateJwk)) if (text.length > 0) made++;
    if (made !== count) throw new Error('issueMany yielded too few codes');
  };
  const oursIssue: Side = { label: `issueMany(), ${inFlight} in flight`, run: issueManyBatch };
  const fastSign = await fastest(bareSign, opts);
  rows.push(comparisonRow('issueMany() vs fastest bare sign', await compare(oursIssue, fastSign.side, opts), 0.85));
  if (fastSign.side !== bareSign[0]) rows.push(comparisonRow('issueMany() vs bare WebCrypto', await compare(oursIssue, bareSign[0]!, opts)));
  const issueLoop: Side = { label: 'issue() in a loop', run: inFlightBatch((i) => issue(f.records[i]!, f.privateJwk), n) };
  rows.push(comparisonRow('issueMany() vs issue() loop', await compare(oursIssue, issueLoop, opts)));
  notes.push(`bare signs, solo: ${fastSign.rates.join('; ')}.`);

  // --- issue in worker threads (the batch CLI's shape): one thread a core, node:crypto, one at a time.
  const threads = 2;
  const entry = await workerEntry();
  const oursWorkers = await workerSide(entry, 'issueMany', threads, `issueMany() in ${threads} worker threads`);
  const bareWorkers = await workerSide(entry, 'bare', threads, `node:crypto sign in ${threads} worker threads`);
  try {
    rows.push(comparisonRow(`issueMany() in ${threads} worker threads`, await compare(oursWorkers.side, bareWorkers.side, { ...opts, batchMs: 100, rounds: quick ? 5 : 15 })));
  } finally {
    await oursWorkers.close();
    await bareWorkers.close();
  }
  notes.push(`worker threads: each issues its share with issueMany(records, key, { concurrency: 1 }) on node:crypto; the batch CLI's target is ≥ 40 000 codes/s on 2 cores.`);
  return { title: `verifyMany() / issueMany(): ${inFlight} in flight`, rows, notes };
}
