/**
 * The built bin with dynamic codes (issue #8): `holder-keygen`, `issue --holder-key`,
 * `present` (once, and `--watch` on a real pseudo-terminal stopped with Ctrl-C), and
 * `verify` of the `HQ1P:` live code. Fixed clock: issued 2026-01-01T00:00:00Z.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, cliEnv, ensureBuilt, runBuiltCli, type CliRun } from './build.js';

const ISSUED = '2026-01-01T00:00:00Z';
const NOON = '2026-01-01T12:00:00Z';
const NOON_AND_20S = '2026-01-01T12:00:20Z';
const NOON_AND_2MIN = '2026-01-01T12:02:00Z';

let dir: string;
let credential: string;
const runs: CliRun[] = [];
const secrets = new Set<string>();
const at = (name: string): string => join(dir, name);

async function cli(args: string[], input?: string): Promise<CliRun> {
  const run = await runBuiltCli(args, { cwd: dir, ...(input !== undefined && { input }) });
  runs.push(run);
  expect(run.stderr).not.toMatch(/\n\s+at .+[:(]/);
  return run;
}

const remember = (path: string): void => void secrets.add((JSON.parse(readFileSync(at(path), 'utf8')) as { d: string }).d);

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'healthcode-cli-dynamic-'));
  expect((await cli(['keygen', '--issuer', 'CN-330100', '--out', 'issuer.key.json', '--trust', 'trust.json'])).code).toBe(0);
  const holder = await cli(['holder-keygen', '--out', 'holder.key.json']);
  expect(holder.code, holder.stderr).toBe(0);
  expect((await cli(['holder-keygen', '--out', 'thief.key.json'])).code).toBe(0);
  for (const key of ['issuer.key.json', 'holder.key.json', 'thief.key.json']) remember(key);
  const issued = await cli(['issue', '--key', 'issuer.key.json', '--status', 'green', '--issued-at', ISSUED, '--expires', '+24h', '--name', '张*', '--holder-key', 'holder.pub.json']);
  expect(issued.code, issued.stderr).toBe(0);
  credential = issued.stdout.trimEnd();
});

afterAll(() => {
  expect(secrets.size).toBeGreaterThanOrEqual(3);
  for (const run of runs) for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
  rmSync(dir, { recursive: true, force: true });
});

describe('holder-keygen', () => {
  it('writes the private key 0600 and the public JWK beside it, pointing at issue --holder-key', async () => {
    expect(statSync(at('holder.key.json')).mode & 0o777).toBe(0o600);
    const pub = JSON.parse(readFileSync(at('holder.pub.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(pub).sort()).toEqual(['crv', 'kty', 'x']);
    const again = await cli(['holder-keygen', '--out', 'holder.key.json']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const fresh = await cli(['holder-keygen', '--out', 'h2.key.json']);
    remember('h2.key.json');
    expect(fresh.stdout).toContain('healthcode issue --holder-key h2.pub.json');
  });
});

describe('issue --holder-key', () => {
  it('writes cnf: the credential is holder-bound', async () => {
    const run = await cli(['inspect', credential, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ claims: { holderBound: true, name: '张*' } });
  });

  it('refuses the holder private key, without printing it', async () => {
    const run = await cli(['issue', '--key', 'issuer.key.json', '--status', 'green', '--expires', '+1h', '--holder-key', 'holder.key.json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("holds the holder's private key");
  });
});

describe('present and verify', () => {
  it('prints an HQ1P: live code that a checkpoint accepts, showing when it was presented', async () => {
    const run = await cli(['present', '--credential', credential, '--holder-key', 'holder.key.json', '--now', NOON]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^HQ1P:[0-9A-Z $%*+\-./:]+\n$/);
    const live = run.stdout.trimEnd();
    const human = await cli(['verify', live, '--trust', 'trust.json', '--now', NOON_AND_20S]);
    expect(human.code, human.stdout).toBe(0);
    expect(human.stdout).toContain('GREEN — valid');
    expect(human.stdout).toMatch(/holder bound\s+yes, live code presented at 2026-01-01T12:00:00Z \(20 s ago by the holder's clock\)/);
    const json = await cli(['verify', live, '--trust', 'trust.json', '--now', NOON_AND_20S, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, holderBound: true, presentedAt: 1767268800, name: '张*' });
  });

  it('is deterministic for a fixed time, and reads the credential from stdin', async () => {
    const a = await cli(['present', '--credential', credential, '--holder-key', 'holder.key.json', '--now', NOON]);
    const b = await cli(['present', '--credential', '-', '--holder-key', 'holder.key.json', '--now', NOON], `${credential}\n`);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });

  it('a live code past its window is PRESENTATION_EXPIRED; the bare credential is HOLDER_PROOF_REQUIRED', async () => {
    const live = (await cli(['present', '--credential', credential, '--holder-key', 'holder.key.json', '--now', NOON])).stdout.trimEnd();
    const old = await cli(['verify', live, '--trust', 'trust.json', '--now', NOON_AND_2MIN, '--json']);
    expect(old.code).toBe(1);
    expect(JSON.parse(old.stdout)).toMatchObject({ code: 'PRESENTATION_EXPIRED' });
    const bare = await cli(['verify', credential, '--trust', 'trust.json', '--now', NOON]);
    expect(bare.code).toBe(1);
    expect(bare.stdout).toContain('live code required (HOLDER_PROOF_REQUIRED)');
  });

  it('also draws the live code (--png) with the text still alone on stdout', async () => {
    const run = await cli(['present', '--credential', credential, '--holder-key', 'holder.key.json', '--now', NOON, '--png', 'live.png']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('wrote live.png');
    const scanned = await cli(['scan', 'live.png']);
    expect(scanned.stdout).toBe(run.stdout);
  });

  it.each([
    ['a credential without cnf', 'PLAIN', 'holder.key.json', 'not bound to a holder key'],
    ['another holder key', 'CREDENTIAL', 'thief.key.json', 'bound to another holder key'],
    ['a live code as the credential', 'LIVE', 'holder.key.json', 'not an HQ1: code'],
    ['the public key (mode 0644) as --holder-key', 'CREDENTIAL', 'holder.pub.json', 'is readable by other users (mode 0644)'],
  ])('refuses %s with exit 2', async (_, which, key, message) => {
    const plain = (await cli(['issue', '--key', 'issuer.key.json', '--status', 'green', '--issued-at', ISSUED, '--expires', '+1d'])).stdout.trimEnd();
    const live = (await cli(['present', '--credential', credential, '--holder-key', 'holder.key.json', '--now', NOON])).stdout.trimEnd();
    const text = which === 'PLAIN' ? plain : which === 'LIVE' ? live : credential;
    const run = await cli(['present', '--credential', text, '--holder-key', key, '--now', NOON]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });
});

describe('present --watch', () => {
  it('refuses without a terminal on stdout (exit 2), before reading any key', async () => {
    const run = await cli(['present', '--credential', credential, '--holder-key', 'missing.key.json', '--watch', '5']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--watch redraws the live code in place and needs a terminal');
  });

  it.each([
    [['--watch', '0'], '--watch "0"'],
    [['--watch', '61'], '--watch "61"'],
    [['--watch', '5', '--png', 'x.png'], '--watch draws on the terminal'],
    [['--watch', '5', '--now', NOON], 'does not take --now'],
  ])('rejects %j with exit 2', async (args, message) => {
    const run = await cli(['present', '--credential', credential, '--holder-key', 'holder.key.json', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;

  it.skipIf(!hasScript)('on a pseudo-terminal: draws, counts down, re-signs, and Ctrl-C exits 0', async () => {
    // util-linux script(1) gives the bin a pty; ^C written to it becomes SIGINT, as at a keyboard.
    // A credential valid now: --watch signs with the wall clock.
    const current = (await cli(['issue', '--key', 'issuer.key.json', '--status', 'yellow', '--expires', '+1h', '--holder-key', 'holder.pub.json'])).stdout.trimEnd();
    // exec: the bin, not a shell around it, is what the ^C reaches and what exits.
    const command = `exec '${process.execPath}' '${CLI_BIN}' present --credential '${current}' --holder-key holder.key.json --watch 1 --margin 1`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: dir, env: cliEnv({ TERM: 'xterm' }), stdio: 'pipe' });
    let screen = '';
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        screen += d;
        // Two live codes drawn: the second came after a countdown. Then stop it.
        if ((screen.match(/HQ1P:/g) ?? []).length >= 2) resolve();
      });
    });
    child.stdin.write('\u0003');
    expect(await done).toBe(0);
    expect(screen).toContain('new code in 1 s · Ctrl-C to stop');
    expect(screen).toMatch(/stopped after \d+ live codes/);
    expect(screen).toContain('\u001b[?25h');
    const live = /HQ1P:[0-9A-Z $%*+\-./:]+/.exec(screen)![0];
    const checked = await cli(['verify', live, '--trust', 'trust.json', '--json']);
    expect(JSON.parse(checked.stdout)).toMatchObject({ valid: true, status: 'yellow', holderBound: true });
    for (const secret of secrets) expect(screen).not.toContain(secret);
  });
});
