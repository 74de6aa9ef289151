/**
 * The built bin with status lists (issue #9): `status-list build | set | show` and
 * `verify --status-list FILE [--require-status]`. Fixed clock: codes issued at
 * 2026-01-01T00:00:00Z with status indices 17, 18, 19; the list's snapshot at 06:00.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, ensureBuilt, runBuiltCli, type CliRun } from './build.js';

const ISSUED = '2026-01-01T00:00:00Z';
const SNAPSHOT = '2026-01-01T06:00:00Z';
const NOON = '2026-01-01T12:00:00Z';
const TWO_DAYS_LATER = '2026-01-03T12:00:00Z';

let dir: string;
const codes = new Map<number, string>();
const runs: CliRun[] = [];
const at = (name: string): string => join(dir, name);

async function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const run = await runBuiltCli(args, { cwd: dir, ...(options.input !== undefined && { input: options.input }), ...(options.env && { env: cliEnv(options.env) }) });
  runs.push(run);
  expect(run.stderr).not.toMatch(/\n\s+at .+[:(]/);
  return run;
}

const build = (out: string, extra: string[] = []): Promise<CliRun> =>
  cli(['status-list', 'build', '--key', 'zj.key.json', '--size', '1000', '--issued-at', SNAPSHOT, '--expires', '+36h', '--out', out, ...extra]);

const check = (index: number, extra: string[] = []): Promise<CliRun> =>
  cli(['verify', codes.get(index)!, '--trust', 'trust.json', '--status-list', 'status.cwt', '--now', NOON, '--json', ...extra]);

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'healthcode-cli-status-'));
  expect((await cli(['keygen', '--issuer', 'CN-330100', '--out', 'zj.key.json', '--trust', 'trust.json'])).code).toBe(0);
  expect((await cli(['keygen', '--issuer', 'CN-110000', '--out', 'bj.key.json', '--trust', 'trust.json'])).code).toBe(0);
  const records = [17, 18, 19].map((i) => JSON.stringify({ id: i, status: i === 19 ? 'yellow' : 'green', statusIndex: i })).join('\n');
  const batch = await cli(['issue', '--key', 'zj.key.json', '--batch', '-', '--issued-at', ISSUED, '--expires', '+24h'], { input: records });
  expect(batch.code, batch.stderr).toBe(0);
  for (const line of batch.stdout.trimEnd().split('\n')) {
    const { id, code } = JSON.parse(line) as { id: number; code: string };
    codes.set(id, code);
  }
  const plain = await cli(['issue', '--key', 'zj.key.json', '--status', 'green', '--issued-at', ISSUED, '--expires', '+24h']);
  codes.set(-1, plain.stdout.trimEnd());
  const built = await build('status.cwt', ['17=red', '18=revoked']);
  expect(built.code, built.stderr).toBe(0);
});

afterAll(() => {
  const secrets = ['zj.key.json', 'bj.key.json'].map((f) => (JSON.parse(readFileSync(at(f), 'utf8')) as { d: string }).d);
  for (const run of runs) for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
  rmSync(dir, { recursive: true, force: true });
});

describe('status-list build', () => {
  it('signs a list of N entries with the changes, mode 0644, and says what it holds', async () => {
    expect(statSync(at('status.cwt')).mode & 0o777).toBe(0o644);
    expect(readFileSync(at('status.cwt'))[0]).toBe(0xd2); // tag 18: a COSE_Sign1
    const run = await build('other.cwt', ['1=yellow', '2=3']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/entries\s+1,000\n/);
    expect(run.stdout).toMatch(/values\s+green 998, yellow 1, red 0, revoked 1\n/);
    expect(run.stdout).toMatch(/expires\s+2026-01-02T18:00:00Z\n/);
  });

  it('refuses to overwrite without --force', async () => {
    const before = readFileSync(at('status.cwt'));
    const run = await build('status.cwt');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('status.cwt already exists');
    expect(readFileSync(at('status.cwt'))).toEqual(before);
  });

  it('reads changes from a file, skipping blank lines and comments', async () => {
    writeFileSync(at('changes.txt'), '# recovered\n5=green\n\n6 = red  # close contact\n7=revoked\n');
    const run = await build('from-file.cwt', ['--changes', 'changes.txt']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/values\s+green 998, yellow 0, red 1, revoked 1\n/);
  });

  it.each([
    [['17=purple'], '"17=purple" is not INDEX=VALUE'],
    [['1000=red'], 'index 1000 is past the end of the list (1000 entries: 0-999)'],
    [['--size', '0'], '--size "0"'],
    [['--ttl', '0'], '"ttl" expected a positive integer'],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await build('never.cwt', args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(() => statSync(at('never.cwt'))).toThrow();
  });
});

describe('status-list show', () => {
  it('shows issuer, size, times, counts and the entries asked for', async () => {
    const run = await cli(['status-list', 'show', 'status.cwt', '--trust', 'trust.json', '--now', NOON, '--index', '17', '--index', '18', '--index', '19']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/issuer\s+CN-330100\n/);
    expect(run.stdout).toMatch(/values\s+green 998, yellow 0, red 1, revoked 1\n/);
    expect(run.stdout).toMatch(/current until\s+2026-01-02T18:00:00Z \(in 1d 6h\)/);
    expect(run.stdout).toMatch(/entry 17\s+red\s+entry 18\s+revoked\s+entry 19\s+green/);
  });

  it('--json is one document; a list no longer current exits 1 (STALE_STATUS_LIST)', async () => {
    const fresh = await cli(['status-list', 'show', 'status.cwt', '--trust', 'trust.json', '--now', NOON, '--index', '18', '--json']);
    expect(fresh.code).toBe(0);
    expect(JSON.parse(fresh.stdout)).toMatchObject({ valid: true, issuer: 'CN-330100', size: 1000, issuedAt: 1767247200, current: true, counts: { green: 998, red: 1, revoked: 1, yellow: 0 }, entries: { 18: 'revoked' } });
    const old = await cli(['status-list', 'show', 'status.cwt', '--trust', 'trust.json', '--now', TWO_DAYS_LATER, '--json']);
    expect(old.code).toBe(1);
    expect(JSON.parse(old.stdout)).toMatchObject({ valid: false, code: 'STALE_STATUS_LIST', current: false });
  });

  it('a list the trust list does not vouch for, or no list at all, exits 1 with the library\'s code', async () => {
    writeFileSync(at('bj-only.json'), JSON.stringify({ keys: [JSON.parse(readFileSync(at('bj.pub.json'), 'utf8'))] }));
    const foreign = await cli(['status-list', 'show', 'status.cwt', '--trust', 'bj-only.json', '--json']);
    expect(foreign.code).toBe(1);
    expect(JSON.parse(foreign.stdout)).toMatchObject({ valid: false, code: 'UNKNOWN_KID' });
    const junk = await cli(['status-list', 'show', 'trust.json', '--trust', 'trust.json']);
    expect(junk.code).toBe(1);
    expect(junk.stdout).toContain('is not a usable status list (BAD_CBOR)');
  });
});

describe('status-list set', () => {
  it('changes entries and signs again with a newer iat, keeping the validity span', async () => {
    writeFileSync(at('set.cwt'), readFileSync(at('status.cwt')));
    const run = await cli(['status-list', 'set', 'set.cwt', '--key', 'zj.key.json', '--issued-at', NOON, '17=green', '19=red']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/changed\s+2\n/);
    expect(run.stdout).toMatch(/expires\s+2026-01-03T00:00:00Z\n/);
    const show = await cli(['status-list', 'show', 'set.cwt', '--trust', 'trust.json', '--now', NOON, '--index', '17', '--index', '19', '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ issuedAt: 1767268800, entries: { 17: 'green', 19: 'red' }, counts: { red: 1, revoked: 1 } });
  });

  it('refuses a time not after the list\'s, a list another key signed, and no changes', async () => {
    const same = await cli(['status-list', 'set', 'status.cwt', '--key', 'zj.key.json', '--issued-at', SNAPSHOT, '1=red']);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('is not after the list\'s issue time 2026-01-01T06:00:00Z');
    const other = await cli(['status-list', 'set', 'status.cwt', '--key', 'bj.key.json', '1=red']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('status.cwt was not signed by bj.key.json');
    const none = await cli(['status-list', 'set', 'status.cwt', '--key', 'zj.key.json']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no changes given');
  });
});

describe('verify --status-list', () => {
  it('gives the list\'s colour beside the issued one, and REVOKED for a revoked entry', async () => {
    expect(JSON.parse((await check(17)).stdout)).toMatchObject({ valid: true, status: 'red', issuedStatus: 'green', statusSource: 'list', statusListAge: 21600 });
    const revoked = await check(18);
    expect(revoked.code).toBe(1);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ valid: false, code: 'REVOKED' });
    expect(JSON.parse((await check(19)).stdout)).toMatchObject({ valid: true, status: 'green', issuedStatus: 'yellow' });
    const human = await cli(['verify', codes.get(17)!, '--trust', 'trust.json', '--status-list', 'status.cwt', '--now', NOON]);
    expect(human.stdout).toContain('RED — valid');
    expect(human.stdout).toMatch(/issued as\s+GREEN/);
    expect(human.stdout).toMatch(/status\s+colour from the issuer's status list \(6h 0min old\)/);
  });

  it('--require-status: STATUS_UNKNOWN for a code without an index, or without a current list', async () => {
    const noIndex = await cli(['verify', codes.get(-1)!, '--trust', 'trust.json', '--status-list', 'status.cwt', '--require-status', '--now', NOON, '--json']);
    expect(noIndex.code).toBe(1);
    expect(JSON.parse(noIndex.stdout)).toMatchObject({ code: 'STATUS_UNKNOWN' });
    const noList = await cli(['verify', codes.get(17)!, '--trust', 'trust.json', '--require-status', '--now', NOON, '--json']);
    expect(JSON.parse(noList.stdout)).toMatchObject({ code: 'STATUS_UNKNOWN', message: expect.stringContaining('no status list of issuer "CN-330100"') });
    const without = await cli(['verify', codes.get(-1)!, '--trust', 'trust.json', '--status-list', 'status.cwt', '--now', NOON, '--json']);
    expect(JSON.parse(without.stdout)).toMatchObject({ valid: true, statusSource: 'code' });
  });

  it('a status list that does not load exits 2 with BAD_STATUS_LIST', async () => {
    writeFileSync(at('bad.cwt'), 'not a token');
    const run = await cli(['verify', codes.get(17)!, '--trust', 'trust.json', '--status-list', 'bad.cwt', '--now', NOON, '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: false, code: 'BAD_STATUS_LIST', message: expect.stringContaining('bad.cwt') });
  });

  it('speaks Chinese', async () => {
    const run = await cli(['verify', codes.get(17)!, '--trust', 'trust.json', '--status-list', 'status.cwt', '--now', NOON], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(run.stdout).toContain('红码 — 有效');
    expect(run.stdout).toContain('颜色取自签发方状态列表');
  });
});
