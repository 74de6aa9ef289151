/**
 * `issue --batch` in process (this thread signs: no worker script from the sources): the
 * output lines, in-band errors with line numbers, `--strict`, stdin, the progress line on a
 * terminal only, and the options it refuses. The built bin with worker threads is in
 * test/e2e/cli-batch.test.ts.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey, issue, type IssuerKey } from '../../../src/index.js';
import { run, type CliIo } from '../../../src/cli/main.js';

const ISSUED = 1_767_225_600; // 2026-01-01T00:00:00Z
let dir: string;
let key: IssuerKey;
const at = (name: string): string => join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'healthcode-batch-'));
  key = await generateIssuerKey({ issuer: 'CN-330100' });
  writeFileSync(at('k.key.json'), JSON.stringify(key.privateJwk), { mode: 0o600 });
  chmodSync(at('k.key.json'), 0o600);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function batch(args: string[], options: { input?: string; stdin?: string[]; stderrIsTTY?: boolean } = {}) {
  if (options.input !== undefined) writeFileSync(at('in.ndjson'), options.input);
  let stdout = '';
  let stderr = '';
  let ms = 0;
  const io: CliIo = {
    stdout: { write: (s) => void (stdout += typeof s === 'string' ? s : new TextDecoder().decode(s)) },
    stderr: { write: (s) => void (stderr += s) },
    stdin: (async function* () {
      yield* options.stdin ?? [];
    })(),
    env: { LANG: 'C' },
    isTTY: false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    clock: { now: () => (ms += 250), sleep: async () => undefined },
  };
  const code = await run(['issue', '--key', at('k.key.json'), '--issued-at', String(ISSUED), ...args], io);
  const lines = stdout === '' ? [] : stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, stdout, stderr, lines };
}

const record = (i: number): string => JSON.stringify({ id: `p${i}`, status: ['green', 'yellow', 'red'][i % 3], expiresAt: '+24h', name: '张*', idHint: String(1000 + i), statusIndex: i });

describe('issue --batch', () => {
  it('writes one line per record, in order, each code exactly what issue() makes', async () => {
    const input = `${Array.from({ length: 1500 }, (_, i) => record(i)).join('\n')}\n`;
    const { code, stderr, lines } = await batch(['--batch', at('in.ndjson')], { input });
    expect(code, stderr).toBe(0);
    expect(stderr).toBe('');
    expect(lines).toHaveLength(1500);
    expect(lines.map((l) => l.line)).toEqual(Array.from({ length: 1500 }, (_, i) => i + 1));
    for (const i of [0, 1, 2, 777, 1499]) {
      const expected = await issue(
        { status: (['green', 'yellow', 'red'] as const)[i % 3]!, issuedAt: ISSUED, expiresAt: ISSUED + 86_400, name: '张*', idHint: String(1000 + i), statusIndex: i },
        key.privateJwk,
      );
      expect(lines[i]).toEqual({ line: i + 1, id: `p${i}`, code: expected });
    }
  });

  it('reports a bad line in the output and on stderr with its line number, and goes on (exit 1)', async () => {
    const input = [record(0), '{"status": "green"', '', record(3), '{"id": "x", "status": "purple", "expiresAt": "+1h"}', record(5)].join('\n');
    const { code, stderr, lines } = await batch(['--batch', at('in.ndjson')], { input });
    expect(code).toBe(1);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 4, 5, 6]);
    expect(lines[1]).toEqual({ line: 2, error: { code: 'BAD_JSON', message: expect.stringContaining('not JSON') } });
    expect(lines[3]).toEqual({ line: 5, id: 'x', error: { code: 'BAD_RECORD', message: expect.stringContaining('"purple"') } });
    expect(lines[4]).toMatchObject({ line: 6, id: 'p5', code: expect.stringMatching(/^HQ1:/) });
    expect(stderr).toBe('line 2: BAD_JSON: not JSON: each line must be one JSON object\nline 5: BAD_RECORD: "status" "purple" is not "green", "yellow" or "red"\n');
  });

  it('refuses a line that is not UTF-8, and only that line', async () => {
    const bytes = Buffer.concat([Buffer.from(`${record(0)}\n{"id":"`), Buffer.from([0xff, 0xfe]), Buffer.from(`"}\n${record(2)}\n`)]);
    writeFileSync(at('bytes.ndjson'), bytes);
    const { code, lines } = await batch(['--batch', at('bytes.ndjson')]);
    expect(code).toBe(1);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(lines[1]).toEqual({ line: 2, error: { code: 'BAD_JSON', message: 'not UTF-8 text' } });
    expect(lines[2]).toMatchObject({ id: 'p2', code: expect.stringMatching(/^HQ1:/) });
  });

  it('reports what the library refuses as BAD_RECORD naming the field', async () => {
    const input = [JSON.stringify({ status: 'green', expiresAt: ISSUED - 10 }), JSON.stringify({ status: 'green', expiresAt: '+1h', name: 7 })].join('\n');
    const { code, lines } = await batch(['--batch', at('in.ndjson')], { input });
    expect(code).toBe(1);
    expect(lines[0]).toMatchObject({ error: { code: 'BAD_RECORD', message: expect.stringContaining('"expiresAt"') } });
    expect(lines[1]).toMatchObject({ error: { code: 'BAD_RECORD', message: expect.stringContaining('"name" expected string') } });
  });

  it('--strict writes the codes before the first bad line and stops there (exit 2)', async () => {
    const input = `${Array.from({ length: 900 }, (_, i) => (i === 700 ? '{oops' : record(i))).join('\n')}\n`;
    const { code, stderr, lines } = await batch(['--batch', at('in.ndjson'), '--strict'], { input });
    expect(code).toBe(2);
    expect(lines).toHaveLength(700);
    expect(lines.at(-1)).toMatchObject({ line: 700, id: 'p699' });
    expect(stderr).toContain('line 701: BAD_JSON');
    expect(stderr).toContain('stopped at line 701 (--strict): the 700 codes before it were written');
  });

  it('reads stdin with -, takes CRLF lines, and defaults from --status / --expires', async () => {
    const { code, lines } = await batch(['--batch', '-', '--status', 'red', '--expires', '+2h'], { stdin: ['{"id":1}\r\n{"id":2,', '"status":"green"}\r\n'] });
    expect(code).toBe(0);
    expect(lines.map((l) => l.id)).toEqual([1, 2]);
    const first = await issue({ status: 'red', issuedAt: ISSUED, expiresAt: ISSUED + 7200 }, key.privateJwk);
    expect(lines[0]!.code).toBe(first);
  });

  it('describes the first 20 bad lines on stderr and counts the rest', async () => {
    const input = Array.from({ length: 30 }, () => 'nope').join('\n');
    const { code, stderr, lines } = await batch(['--batch', at('in.ndjson')], { input });
    expect(code).toBe(1);
    expect(lines).toHaveLength(30);
    expect(stderr.split('\n').filter((l) => l.startsWith('line '))).toHaveLength(20);
    expect(stderr).toContain('… and 10 more bad lines');
  });

  it('draws a progress line and a summary only when stderr is a terminal', async () => {
    const input = `${Array.from({ length: 3000 }, (_, i) => record(i)).join('\n')}\n`;
    const tty = await batch(['--batch', at('in.ndjson')], { input, stderrIsTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/\r\u001b\[2K█*░* +\d+%  [\d,]+ codes  [\d,]+\/s  \d+:\d\d left/);
    expect(tty.stderr).toMatch(/issued 3,000 codes, 0 bad lines, in [\d.]+ s \([\d,]+ codes\/s\)\n$/);
    const piped = await batch(['--batch', at('in.ndjson')], { input });
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toBe(tty.stdout);
  });

  it.each([
    [['--batch', 'in.ndjson', '--name', '张*'], '--name does not apply to --batch'],
    [['--batch', 'in.ndjson', '--png', 'a.png'], '--png does not apply to --batch'],
    [['--status', 'green', '--expires', '+1h', '--strict'], '--strict applies only to --batch'],
    [['--batch', 'in.ndjson', '--workers', '0'], '--workers "0"'],
    [['--batch', 'in.ndjson', '--expires', 'soon'], '--expires "soon" is not a time'],
    [['--batch', 'missing.ndjson'], 'missing.ndjson: no such file'],
  ])('refuses %j with exit 2', async (args, message) => {
    const { code, stdout, stderr } = await batch(args.map((a) => (a.endsWith('.ndjson') ? at(a) : a)), { input: record(1) });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('refuses a key that names no issuer', async () => {
    const { iss: _, ...noIssuer } = key.privateJwk;
    writeFileSync(at('noiss.key.json'), JSON.stringify(noIssuer), { mode: 0o600 });
    chmodSync(at('noiss.key.json'), 0o600);
    writeFileSync(at('in.ndjson'), record(1));
    let stderr = '';
    const code = await run(['issue', '--key', at('noiss.key.json'), '--batch', at('in.ndjson')], {
      stdout: { write: () => true },
      stderr: { write: (s) => void (stderr += s) },
      stdin: (async function* () {})(),
      env: { LANG: 'C' },
      isTTY: false,
    });
    expect(code).toBe(2);
    expect(stderr).toContain('names no issuer');
  });
});
