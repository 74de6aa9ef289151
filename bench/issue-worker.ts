/**
 * A worker thread of the "issue in worker threads" row: on each message `{ count }` it issues
 * `count` codes (issueMany on the default node backend, one at a time) or makes `count` bare
 * node:crypto signatures of the same bytes, and answers with the count it made.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { issueMany } from '../src/index.js';
import { loadFixtures } from './fixtures.js';

const mode = (workerData as { mode: 'issueMany' | 'bare' }).mode;
const f = await loadFixtures();
const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: f.privateJwk.x, d: f.privateJwk.d }, format: 'jwk' });

function* cycle<T>(items: readonly T[], count: number): Generator<T> {
  for (let i = 0; i < count; i++) yield items[i % items.length]!;
}

parentPort!.on('message', async ({ count }: { count: number }) => {
  let made = 0;
  if (mode === 'bare') {
    for (let i = 0; i < count; i++) if (sign(null, f.toBeSigned[i % f.toBeSigned.length]!, key).length === 64) made++;
  } else {
    for await (const text of issueMany(cycle(f.records, count), f.privateJwk, { concurrency: 1 })) if (text.length > 0) made++;
  }
  parentPort!.postMessage(made);
});
parentPort!.postMessage('ready');
