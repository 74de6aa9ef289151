/**
 * The issuer service under load on loopback: 2,000 `POST /codes` from a concurrent client.
 * Every request is answered, every code verifies against the published trust list and shows
 * the right person, and the database holds exactly one person and one code per request.
 * Latency percentiles go to the console and to test-artifacts/issuer-service-load.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnIssuerService, type IssuerProcess } from '../../examples/issuer-service/child.js';
import { ROOT } from './build.js';
import { TrustList, verify, type Status } from '../../src/index.js';

const REQUESTS = 2_000;
const CONCURRENCY = 32;

let dataDir: string;
let service: IssuerProcess;

beforeAll(async () => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'issuer-load-')), 'data');
  service = await spawnIssuerService({ dataDir });
});

afterAll(async () => {
  await service?.stop();
  if (dataDir) rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

/** The i-th person: a distinct id, a name, and answers that cycle through the colour rule. */
function person(i: number): { body: string; idNumber: string; status: Status } {
  const idNumber = `LOAD${String(i).padStart(8, '0')}`;
  const answers = { hasSymptoms: i % 7 === 0, visitedHighRiskArea: i % 3 === 0, contactWithConfirmed: i % 11 === 0 };
  const status: Status = answers.hasSymptoms || answers.contactWithConfirmed ? 'red' : answers.visitedHighRiskArea ? 'yellow' : 'green';
  return { body: JSON.stringify({ idNumber, name: `测试${i}`, ...answers }), idNumber, status };
}

function post(agent: Agent, body: string): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${service.url}/codes`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

it(`answers ${REQUESTS} concurrent POST /codes; every code verifies; the database row counts match`, async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const answers: { status: number; text: string; ms: number }[] = new Array(REQUESTS);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < REQUESTS; i = next++) answers[i] = await post(agent, person(i).body);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();

  expect(answers.filter((a) => a.status !== 201).map((a) => a.text)).toEqual([]);
  const root = await (await fetch(`${service.url}/root.jwk`)).json();
  const trust = await TrustList.fromSigned(await (await fetch(`${service.url}/trust-list`)).text(), { keys: [root] }, { rejectStale: true });
  const problems: string[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const { idNumber, status } = person(i);
    const json = JSON.parse(answers[i]!.text);
    const result = await verify(json.code, trust);
    if (!result.valid) problems.push(`${i}: ${result.code} ${result.message}`);
    else if (result.status !== status || result.idHint !== idNumber.slice(-4) || result.name !== `测${'*'.repeat(json.name.length - 1)}`) problems.push(`${i}: ${JSON.stringify(result)}`);
  }
  expect(problems).toEqual([]);

  const db = new Database(join(dataDir, 'issuer.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const count = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect({ people: count('people'), codes: count('codes') }).toEqual({ people: REQUESTS, codes: REQUESTS });
    expect(db.prepare("SELECT count(DISTINCT code) AS n FROM codes").get()).toEqual({ n: REQUESTS });
  } finally {
    db.close();
  }

  const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
  const report = {
    requests: REQUESTS,
    concurrency: CONCURRENCY,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round(REQUESTS / seconds),
    p50ms: Number(percentile(sorted, 50).toFixed(1)),
    p90ms: Number(percentile(sorted, 90).toFixed(1)),
    p99ms: Number(percentile(sorted, 99).toFixed(1)),
    maxMs: Number(sorted.at(-1)!.toFixed(1)),
  };
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  writeFileSync(join(ROOT, 'test-artifacts', 'issuer-service-load.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`issuer-service load: ${JSON.stringify(report)}`);
}, 180_000);
