/**
 * `run(argv, io)` in process: dispatch, help, exit codes, colour, stdin. The built bin is
 * covered by test/e2e/cli*.test.ts; these are the paths a spawn cannot steer (a TTY).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey, issue } from '../../../src/index.js';
import { run, type CliIo } from '../../../src/cli/main.js';
import { COMMANDS } from '../../../src/cli/commands/index.js';

const ESC = '\u001b[';
let dir: string;
let trustPath: string;
let green: string;

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function call(argv: string[], options: { env?: Record<string, string>; isTTY?: boolean; stdin?: string[] } = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s) => void (stdout += typeof s === 'string' ? s : new TextDecoder().decode(s)) },
    stderr: { write: (s) => void (stderr += s) },
    stdin: (async function* () {
      yield* options.stdin ?? [];
    })(),
    env: options.env ?? { LANG: 'C' },
    isTTY: options.isTTY ?? false,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'healthcode-run-'));
  const key = await generateIssuerKey({ issuer: 'CN-330100' });
  trustPath = join(dir, 'trust.json');
  writeFileSync(trustPath, JSON.stringify({ keys: [key.publicJwk] }));
  green = await issue({ status: 'green', issuedAt: 1_767_225_600, expiresAt: 1_767_312_000 }, key.privateJwk);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const verifyArgs = (): string[] => ['verify', green, '--trust', trustPath, '--now', '2026-01-01T12:00:00Z'];

describe('colour', () => {
  it('colours the result on a terminal', async () => {
    const result = await call(verifyArgs(), { isTTY: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${ESC}1;30;42m`);
  });

  it.each([
    ['NO_COLOR set', { LANG: 'C', NO_COLOR: '1' }, true],
    ['not a terminal', { LANG: 'C' }, false],
    ['TERM=dumb', { LANG: 'C', TERM: 'dumb' }, true],
  ])('has no colour with %s', async (_, env, isTTY) => {
    const result = await call(verifyArgs(), { env, isTTY });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('GREEN — valid');
    expect(result.stdout).not.toContain(ESC);
  });

  it('never colours --json', async () => {
    const result = await call([...verifyArgs(), '--json'], { isTTY: true });
    expect(result.stdout).not.toContain(ESC);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true });
  });

  it('colours a failure too, and NO_COLOR removes it', async () => {
    const args = ['verify', green, '--trust', trustPath, '--now', '2026-03-01T00:00:00Z'];
    expect((await call(args, { isTTY: true })).stdout).toContain(`${ESC}1;91m`);
    const plain = await call(args, { isTTY: true, env: { NO_COLOR: 'yes' } });
    expect(plain.code).toBe(1);
    expect(plain.stdout).not.toContain(ESC);
  });
});

describe('dispatch and arguments', () => {
  it('"help CMD" and "CMD -h" print the command help', async () => {
    for (const command of COMMANDS) {
      const a = await call(['help', command.name]);
      const b = await call([command.name, '-h']);
      expect(a).toEqual({ code: 0, stdout: `${command.help.en}\n`, stderr: '' });
      expect(b).toEqual(a);
    }
  });

  it('no command: help on stderr, exit 2', async () => {
    const result = await call([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: healthcode <command>');
    expect(result.stderr).toContain('no command given');
  });

  it.each([
    [['verify', '--trust'], "Option '--trust <value>' argument missing"],
    [['verify', 'x', '--trust', 'trust.json', '--json=1'], "'--json'"],
    [['keygen', 'extra', '--issuer', 'a', '--out', 'b'], 'extra'],
    [['issue', '--key', 'k', '--status', 'green', '--expires', '-1h'], 'ambiguous'],
    [['scan', 'a.png', 'b.png'], 'unexpected argument "b.png"'],
    [['render', 'HQ1:A', '--png', 'a.png', '--svg', 'a.svg'], 'exactly one of --png FILE, --svg FILE, --terminal'],
  ])('%j is a usage error', async (argv, message) => {
    const result = await call(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/run "healthcode \w+ --help" for usage\n$/);
  });

  it('an offset given with = is accepted (a leading dash needs it)', async () => {
    const result = await call([...verifyArgs().slice(0, 4), '--now=-1h', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ code: 'EXPIRED' });
  });
});

describe('stdin', () => {
  it('reads the text in chunks and drops only a final line break', async () => {
    const half = Math.floor(green.length / 2);
    const result = await call(['verify', '-', '--trust', trustPath, '--now', '2026-01-01T12:00:00Z', '--json'], { stdin: [green.slice(0, half), `${green.slice(half)}\r\n`] });
    expect(result.code).toBe(0);
  });

  it('stops reading past the limit and reports TOO_LARGE', async () => {
    const chunks = Array.from({ length: 100 }, () => 'A'.repeat(1000));
    const result = await call(['verify', '-', '--trust', trustPath, '--json'], { stdin: chunks });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: false, code: 'TOO_LARGE' });
  });
});
