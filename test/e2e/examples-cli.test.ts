/**
 * examples/cli: the issuer's and the checkpoint's shell sessions run against the built CLI,
 * in a fresh folder, and exit 0; the checkpoint refuses to start without the issuer's files.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, cliEnv, ensureBuilt, runProgram, type CliRun } from './build.js';

let dir: string;

const session = (script: string, extra: Record<string, string> = {}): Promise<CliRun> =>
  runProgram('bash', [join('examples/cli', script)], { env: cliEnv({ HEALTHCODE_DEMO_DIR: dir, ...extra }) });

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'healthcode-examples-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/cli', () => {
  it('checkpoint.sh without the issuer files stops with exit 2', async () => {
    const run = await session('checkpoint.sh');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('run examples/cli/issuer.sh first');
  });

  it('issuer.sh makes a 0600 key, a trust list and three codes', async () => {
    const run = await session('issuer.sh');
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(join(dir, 'keys/cn-330100.key.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'public')).sort()).toEqual(['green.png', 'green.txt', 'red.svg', 'red.txt', 'trust.json', 'yellow.png', 'yellow.txt']);
    for (const colour of ['green', 'yellow', 'red']) expect(readFileSync(join(dir, `public/${colour}.txt`), 'utf8')).toMatch(/^HQ1:[^\n]+\n$/);
    const secret = (JSON.parse(readFileSync(join(dir, 'keys/cn-330100.key.json'), 'utf8')) as { d: string }).d;
    expect(run.stdout + run.stderr).not.toContain(secret);
    expect(run.stderr).toContain("$ healthcode issue --key keys/cn-330100.key.json --status green --expires +24h --name '张*'");
  });

  it('checkpoint.sh gets the expected answer for every check', async () => {
    const run = await session('checkpoint.sh');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout.match(/\(exit 0\)/g)).toHaveLength(3);
    expect(run.stdout.match(/\(exit 1\)/g)).toHaveLength(2);
    expect(run.stdout.match(/\(exit 2\)/g)).toHaveLength(1);
    expect(run.stdout).toContain('NOT VALID: expired (EXPIRED)');
    expect(run.stdout).toMatch(/-> OPEN\n[^]*-> STAY CLOSED/);
    expect(run.stdout).toContain('== Every check gave the expected answer');
  });

  it('issuer.sh runs again with the same key, and HEALTHCODE picks the command', async () => {
    const run = await session('issuer.sh', { HEALTHCODE: `${process.execPath} ${CLI_BIN}` });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('already exists: using it');
    expect((await session('checkpoint.sh', { HEALTHCODE: `${process.execPath} ${CLI_BIN}` })).code).toBe(0);
  });

  it('checkpoint.sh fails when an answer is not the expected one', async () => {
    // A command that always reports "valid" must not pass the session's checks.
    const run = await session('checkpoint.sh', { HEALTHCODE: 'true' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the gate stayed closed for a valid green code');
  });
});
