/**
 * The built bin's bulk issuance (issue #5) on 20 000 records, with its worker threads:
 * output order, bad lines reported with their numbers without stopping, `--strict`, stdin,
 * the same output whatever the number of threads, codes that verify and equal `issue()`'s,
 * and the progress line only on a terminal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey, issue, TrustList, verify, type IssuerKey } from '../../src/index.js';
import { CLI_BIN, cliEnv, ensureBuilt, runBuiltCli, type CliRun } from './build.js';

const ISSUED = 1_767_225_600; // 2026-01-01T00:00:00Z
const RECORDS = 20_000;
const STATUSES = ['green', 'yellow', 'red'] as const;
/** Lines of the input that are not good records, and what the output must say about them. */
const BAD: Record<number, { code: string; message: string } | 'blank'> = {
  5: { code: 'BAD_JSON', message: 'not JSON' },
  6: 'blank',
  9_999: { code: 'BAD_RECORD', message: 'unknown member "nmae"' },
  15_000: { code: 'BAD_RECORD', message: 'longer than 65536 bytes' },
  19_998: { code: 'BAD_RECORD', message: '"expiresAt" "never" is not a time' },
};

let dir: string;
let key: IssuerKey;
let trust: TrustList;
let baseline: CliRun;
const at = (name: string): string => join(dir, name);

const good = (line: number): string =>
  JSON.stringify({ id: `p${line}`, status: STATUSES[line % 3], expiresAt: '+24h', name: '张*', idHint: String(line % 10_000).padStart(4, '0'), statusIndex: line });

function lineOf(n: number): string {
  const bad = BAD[n];
  if (bad === undefined) return good(n);
  if (bad === 'blank') return '';
  if (n === 5) return '{"id": "p5", "status": "green"';
  if (n === 9_999) return '{"id": "p9999", "status": "green", "expiresAt": "+1h", "nmae": "张*"}';
  if (n === 15_000) return JSON.stringify({ id: 'p15000', status: 'green', expiresAt: '+1h', name: 'x'.repeat(70_000) });
  return '{"id": "p19998", "status": "green", "expiresAt": "never"}';
}

const cli = (args: string[], input?: string): Promise<CliRun> =>
  runBuiltCli(['issue', '--key', 'k.key.json', '--issued-at', String(ISSUED), ...args], { cwd: dir, ...(input !== undefined && { input }) });

const parse = (stdout: string): Record<string, unknown>[] => stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'healthcode-cli-batch-'));
  key = await generateIssuerKey({ issuer: 'CN-330100' });
  trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
  writeFileSync(at('k.key.json'), JSON.stringify(key.privateJwk), { mode: 0o600 });
  chmodSync(at('k.key.json'), 0o600);
  writeFileSync(at('people.ndjson'), `${Array.from({ length: RECORDS }, (_, i) => lineOf(i + 1)).join('\n')}\n`);
  baseline = await cli(['--batch', 'people.ndjson']);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('issue --batch (built bin, worker threads)', () => {
  it('writes one line per non-blank input line, in input order, bad ones in place (exit 1)', () => {
    expect(baseline.code, baseline.stderr).toBe(1);
    const lines = parse(baseline.stdout);
    expect(lines).toHaveLength(RECORDS - 1);
    const expected = Array.from({ length: RECORDS }, (_, i) => i + 1).filter((n) => BAD[n] !== 'blank');
    expect(lines.map((l) => l.line)).toEqual(expected);
    for (const l of lines) {
      const bad = BAD[l.line as number];
      if (bad === undefined) expect(l).toEqual({ line: l.line, id: `p${l.line}`, code: expect.stringMatching(/^HQ1:[0-9A-Z $%*+\-./:]+$/) });
      else if (bad !== 'blank') expect(l).toMatchObject({ line: l.line, error: { code: bad.code, message: expect.stringContaining(bad.message) } });
    }
  });

  it('names each bad line with its number on stderr', () => {
    const errors = baseline.stderr.trimEnd().split('\n');
    expect(errors).toEqual([
      'line 5: BAD_JSON: not JSON: each line must be one JSON object',
      expect.stringMatching(/^line 9999: BAD_RECORD: unknown member "nmae"/),
      'line 15000: BAD_RECORD: the line is longer than 65536 bytes',
      expect.stringMatching(/^line 19998: BAD_RECORD: "expiresAt" "never" is not a time/),
    ]);
  });

  it('makes the codes issue() makes, and they verify (a sample)', async () => {
    const lines = parse(baseline.stdout);
    for (let i = 0; i < lines.length; i += 97) {
      const l = lines[i]!;
      if (!('code' in l)) continue;
      const n = l.line as number;
      const expected = await issue(
        { status: STATUSES[n % 3]!, issuedAt: ISSUED, expiresAt: ISSUED + 86_400, name: '张*', idHint: String(n % 10_000).padStart(4, '0'), statusIndex: n },
        key.privateJwk,
      );
      expect(l.code).toBe(expected);
      expect(await verify(l.code as string, trust, { now: ISSUED + 3600 })).toMatchObject({ valid: true, status: STATUSES[n % 3], statusIndex: n });
    }
  });

  it('gives the same output with one thread or three', async () => {
    for (const threads of ['1', '3']) {
      const run = await cli(['--batch', 'people.ndjson', '--workers', threads]);
      expect(run.code).toBe(1);
      expect(run.stdout === baseline.stdout, `--workers ${threads}`).toBe(true);
    }
  });

  it('--strict stops at the first bad line: the codes before it and nothing after (exit 2)', async () => {
    const run = await cli(['--batch', 'people.ndjson', '--strict']);
    expect(run.code).toBe(2);
    expect(parse(run.stdout).map((l) => l.line)).toEqual([1, 2, 3, 4]);
    expect(run.stderr).toContain('line 5: BAD_JSON');
    expect(run.stderr).toContain('stopped at line 5 (--strict): the 4 codes before it were written');
    const late = readFileSync(at('people.ndjson'), 'utf8').split('\n').slice(9_000, 12_000).join('\n');
    const strictLate = await cli(['--batch', '-', '--strict'], late);
    // Input line 999 of this slice is line 9 999 of the file: the "nmae" record.
    expect(strictLate.code).toBe(2);
    const written = parse(strictLate.stdout);
    expect(written).toHaveLength(998);
    expect(written.at(-1)).toMatchObject({ line: 998, id: 'p9998' });
    expect(strictLate.stderr).toContain('stopped at line 999');
  });

  it('reads stdin with -, and prints nothing on stderr when all goes well off a terminal', async () => {
    const input = `${Array.from({ length: 3000 }, (_, i) => good(i + 1)).join('\n')}\n`;
    const run = await cli(['--batch', '-'], input);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const lines = parse(run.stdout);
    expect(lines.map((l) => l.line)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    // The same record on the same line gives the same output line as from the file.
    const fromFile = new Map(parse(baseline.stdout).map((l) => [l.line, l]));
    for (const l of lines) if (BAD[l.line as number] === undefined) expect(l).toEqual(fromFile.get(l.line));
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;

  it.skipIf(!hasScript)('draws the progress line and the summary when stderr is a terminal', async () => {
    const command = `exec '${process.execPath}' '${CLI_BIN}' issue --key k.key.json --batch people.ndjson > out.ndjson`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: dir, env: cliEnv({ TERM: 'xterm' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let terminal = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (terminal += d));
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(1);
    expect(terminal).toMatch(/\r\u001b\[2K█*░* +\d+%  [\d,]+ codes  [\d,]+\/s/);
    expect(terminal).toMatch(/issued 19,995 codes, 4 bad lines, in [\d.]+ s \([\d,]+ codes\/s\)/);
    expect(terminal).toContain('line 15000: BAD_RECORD');
    expect(readFileSync(at('out.ndjson'), 'utf8').split('\n')).toHaveLength(RECORDS);
  });
});
