/**
 * The built `healthcode` bin, end to end: keygen, issue and verify with their exit codes,
 * files and `--json` output. Fixed clock: codes are issued at 2026-01-01T00:00:00Z and
 * checked with `--now`.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, cliEnv, ensureBuilt, runBuiltCli, runProgram, type CliRun } from './build.js';

const ISSUED = '2026-01-01T00:00:00Z';
const NOON = '2026-01-01T12:00:00Z';
const NEXT_WEEK = '2026-01-08T00:00:00Z';

let dir: string;
const runs: CliRun[] = [];
const secrets = new Set<string>();

async function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliRun> {
  const result = await runBuiltCli(args, { cwd: dir, ...options });
  runs.push(result);
  return result;
}

function rememberSecret(path: string): void {
  const jwk = JSON.parse(readFileSync(path, 'utf8')) as { d: string };
  secrets.add(jwk.d);
}

const at = (name: string): string => join(dir, name);

/** No failure of the CLI may ever show a stack trace. */
function expectNoStack(run: CliRun): void {
  expect(run.stderr).not.toMatch(/\n\s+at .+[:(]/);
  expect(run.stdout).not.toMatch(/\n\s+at .+[:(]/);
}

async function issueGreen(extra: string[] = []): Promise<string> {
  const run = await cli(['issue', '--key', at('issuer.key.json'), '--status', 'green', '--issued-at', ISSUED, '--expires', '+24h', ...extra]);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trimEnd();
}

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'healthcode-cli-'));
  const run = await cli(['keygen', '--issuer', 'CN-330100', '--out', 'issuer.key.json', '--trust', 'trust.json']);
  expect(run.code, run.stderr).toBe(0);
  rememberSecret(at('issuer.key.json'));
});

afterAll(() => {
  // Whatever ran in this file, no private key value ever reached stdout or stderr.
  expect(secrets.size).toBeGreaterThan(0);
  for (const run of runs) {
    for (const secret of secrets) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('healthcode --help / --version', () => {
  it('lists every command and exits 0', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const name of ['keygen', 'issue', 'verify', 'render', 'scan', 'inspect']) expect(run.stdout).toContain(`  ${name} `);
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await cli(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('the bin runs by itself: a node shebang and the executable bit', async () => {
    expect(readFileSync(CLI_BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(CLI_BIN).mode & 0o111).toBe(0o111);
    const run = await runProgram(CLI_BIN, ['--help'], { cwd: dir, env: cliEnv() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Usage: healthcode <command>');
  });

  it.each(['keygen', 'issue', 'verify', 'render', 'scan', 'inspect'])('%s --help prints its usage', async (name) => {
    const run = await cli([name, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: healthcode ${name}`);
    expect(run.stderr).toBe('');
  });

  it('an unknown command or option is a usage error (exit 2) pointing at --help', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const option = await cli(['verify', '--frob']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("'--frob'");
    expect(option.stderr).toContain('healthcode verify --help');
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    for (const run of [unknown, option, none]) expectNoStack(run);
  });
});

describe('healthcode keygen', () => {
  it('writes the private key with mode 0600, the public key beside it, and the trust list', async () => {
    expect(statSync(at('issuer.key.json')).mode & 0o777).toBe(0o600);
    const publicJwk = JSON.parse(readFileSync(at('issuer.pub.json'), 'utf8')) as Record<string, unknown>;
    expect(publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', iss: 'CN-330100' });
    expect(publicJwk).not.toHaveProperty('d');
    const trust = JSON.parse(readFileSync(at('trust.json'), 'utf8')) as { keys: unknown[] };
    expect(trust.keys).toEqual([publicJwk]);
  });

  it('prints the kid and the public key path, never the private key', async () => {
    const run = await cli(['keygen', '--issuer', 'CN-110000', '--out', 'bj.key.json']);
    expect(run.code, run.stderr).toBe(0);
    rememberSecret(at('bj.key.json'));
    const publicJwk = JSON.parse(readFileSync(at('bj.pub.json'), 'utf8')) as { kid: string };
    expect(run.stdout).toMatch(new RegExp(`kid\\s+${publicJwk.kid}\\n`));
    expect(run.stdout).toContain('bj.pub.json');
    expect(run.stdout).not.toContain('"d"');
  });

  it('refuses to overwrite a key file without --force, and leaves it untouched', async () => {
    const before = readFileSync(at('issuer.key.json'), 'utf8');
    const run = await cli(['keygen', '--issuer', 'CN-330100', '--out', 'issuer.key.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('already exists');
    expect(run.stderr).toContain('--force');
    expect(readFileSync(at('issuer.key.json'), 'utf8')).toBe(before);
    expectNoStack(run);
  });

  it('with --force replaces a world-readable file by one with mode 0600', async () => {
    writeFileSync(at('old.key.json'), '{}');
    chmodSync(at('old.key.json'), 0o644);
    const run = await cli(['keygen', '--issuer', 'CN-330100', '--out', 'old.key.json', '--force']);
    expect(run.code, run.stderr).toBe(0);
    rememberSecret(at('old.key.json'));
    expect(statSync(at('old.key.json')).mode & 0o777).toBe(0o600);
  });

  it('adds to an existing trust list', async () => {
    writeFileSync(at('two.json'), readFileSync(at('trust.json')));
    const run = await cli(['keygen', '--issuer', 'CN-440300', '--out', 'sz.key.json', '--trust', 'two.json']);
    expect(run.code, run.stderr).toBe(0);
    rememberSecret(at('sz.key.json'));
    const trust = JSON.parse(readFileSync(at('two.json'), 'utf8')) as { keys: { iss: string }[] };
    expect(trust.keys.map((k) => k.iss)).toEqual(['CN-330100', 'CN-440300']);
    expect(run.stdout).toContain('(2 keys)');
  });

  it.each([
    ['not JSON', '{"keys": ['],
    ['not a JWK Set', '{"key": []}'],
    ['a bad entry', '{"keys": [{"kty": "OKP"}]}'],
  ])('refuses a malformed trust list (%s): exit 2, file kept, no key written', async (_, content) => {
    writeFileSync(at('bad-trust.json'), content);
    const run = await cli(['keygen', '--issuer', 'CN-330100', '--out', 'never.key.json', '--trust', 'bad-trust.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad-trust.json');
    expect(readFileSync(at('bad-trust.json'), 'utf8')).toBe(content);
    expect(() => statSync(at('never.key.json'))).toThrow();
    expectNoStack(run);
  });

  it('requires --issuer and --out', async () => {
    expect((await cli(['keygen', '--out', 'x.key.json'])).code).toBe(2);
    expect((await cli(['keygen', '--issuer', 'CN-1'])).code).toBe(2);
  });
});

describe('healthcode issue', () => {
  it('prints only the code text on stdout', async () => {
    const run = await cli(['issue', '--key', at('issuer.key.json'), '--status', 'red', '--issued-at', ISSUED, '--expires', '+24h', '--name', '张*', '--id-hint', '1234']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^HQ1:[0-9A-Z $%*+\-./:]+\n$/);
    expect(run.stderr).toBe('');
  });

  it('is deterministic for fixed times', async () => {
    expect(await issueGreen()).toBe(await issueGreen());
  });

  it('refuses a key file readable by group or others, with the chmod fix', async () => {
    writeFileSync(at('open.key.json'), readFileSync(at('issuer.key.json')));
    chmodSync(at('open.key.json'), 0o640);
    const run = await cli(['issue', '--key', 'open.key.json', '--status', 'green', '--expires', '+1h']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('chmod 600 open.key.json');
    expect(run.stderr).toContain('0640');
    expectNoStack(run);
  });

  it('refuses a public key given as --key', async () => {
    chmodSync(at('issuer.pub.json'), 0o600);
    const run = await cli(['issue', '--key', 'issuer.pub.json', '--status', 'green', '--expires', '+1h']);
    chmodSync(at('issuer.pub.json'), 0o644);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('public key');
  });

  it.each([
    [['--status', 'blue', '--expires', '+1h'], '--status "blue"'],
    [['--status', 'green'], '--expires TIME is required'],
    [['--status', 'green', '--expires', 'tomorrow'], '--expires "tomorrow" is not a time'],
    [['--status', 'green', '--expires', '2026-01-02T00:00'], 'no time zone'],
    [['--status', 'green', '--expires', '1767312000000'], 'milliseconds'],
    [['--status', 'green', '--issued-at', ISSUED, '--expires', '2025-12-31'], 'must be after'],
    [['--status', 'green', '--expires', '+1h', '--png', 'a.png', '--terminal'], 'exactly one of'],
    [['--status', 'green', '--expires', '+1h', '--png', 'a.png', '--scale', '0'], '--scale "0"'],
    [['--status', 'green', '--expires', '+1h', '--svg', 'a.svg', '--error-correction', 'X'], '--error-correction "X" is not one of L, M, Q, H'],
  ])('rejects bad arguments %j with exit 2', async (args, message) => {
    const run = await cli(['issue', '--key', at('issuer.key.json'), ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expectNoStack(run);
  });

  it('reports a missing key file as an input error', async () => {
    const run = await cli(['issue', '--key', 'missing.key.json', '--status', 'green', '--expires', '+1h']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing.key.json: no such file');
  });
});

describe('healthcode verify', () => {
  it('shows a valid code (exit 0) with status, issuer, masked name, id hint and expiry', async () => {
    const text = await issueGreen(['--name', '张*', '--id-hint', '1234']);
    const run = await cli(['verify', text, '--trust', 'trust.json', '--now', NOON]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('GREEN — valid');
    expect(run.stdout).toMatch(/issuer\s+CN-330100/);
    expect(run.stdout).toMatch(/name\s+张\*/);
    expect(run.stdout).toMatch(/id hint\s+1234/);
    expect(run.stdout).toMatch(/expires\s+2026-01-02T00:00:00Z \(in 12h 0min\)/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('a valid red code is valid (exit 0) and says RED', async () => {
    const text = (await cli(['issue', '--key', at('issuer.key.json'), '--status', 'red', '--issued-at', ISSUED, '--expires', '+24h'])).stdout.trimEnd();
    const run = await cli(['verify', text, '--trust', 'trust.json', '--now', NOON]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('RED — valid');
  });

  it('--json prints exactly one JSON document: the verify result', async () => {
    const text = await issueGreen(['--name', '张*', '--id-hint', '1234']);
    const run = await cli(['verify', text, '--trust', 'trust.json', '--now', NOON, '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('}\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    const kid = (JSON.parse(readFileSync(at('issuer.pub.json'), 'utf8')) as { kid: string }).kid;
    expect(result).toEqual({
      valid: true,
      profile: 'hq1',
      status: 'green',
      issuedStatus: 'green',
      issuer: 'CN-330100',
      kid,
      issuedAt: 1767225600,
      expiresAt: 1767312000,
      name: '张*',
      idHint: '1234',
      holderBound: false,
      trustListStale: false,
    });
  });

  it('an expired code exits 1 with EXPIRED', async () => {
    const text = await issueGreen();
    const human = await cli(['verify', text, '--trust', 'trust.json', '--now', NEXT_WEEK]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('NOT VALID: expired (EXPIRED)');
    const json = await cli(['verify', text, '--trust', 'trust.json', '--now', NEXT_WEEK, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ valid: false, code: 'EXPIRED', message: expect.stringContaining('2026-01-02T00:00:00Z') });
  });

  it('honours --tolerance', async () => {
    const text = await issueGreen();
    const justAfter = '2026-01-02T00:01:00Z';
    expect((await cli(['verify', text, '--trust', 'trust.json', '--now', justAfter])).code).toBe(0);
    const strict = await cli(['verify', text, '--trust', 'trust.json', '--now', justAfter, '--tolerance', '0', '--json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ code: 'EXPIRED' });
  });

  it('a code from a key not in the trust list exits 1 with UNKNOWN_KID', async () => {
    const other = (await cli(['issue', '--key', at('bj.key.json'), '--status', 'green', '--issued-at', ISSUED, '--expires', '+1d'])).stdout.trimEnd();
    const run = await cli(['verify', other, '--trust', 'trust.json', '--now', NOON, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: false, code: 'UNKNOWN_KID' });
  });

  it('a tampered code exits 1, and text that is no code exits 1 with BAD_PREFIX', async () => {
    const text = await issueGreen();
    const last = text.at(-10) === 'A' ? 'B' : 'A';
    const tampered = `${text.slice(0, -10)}${last}${text.slice(-9)}`;
    const run = await cli(['verify', tampered, '--trust', 'trust.json', '--now', NOON, '--json']);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { valid: boolean }).valid).toBe(false);
    const junk = await cli(['verify', 'hello', '--trust', 'trust.json', '--json']);
    expect(junk.code).toBe(1);
    expect(JSON.parse(junk.stdout)).toMatchObject({ code: 'BAD_PREFIX' });
  });

  it('reads the text from stdin with -', async () => {
    const text = await issueGreen();
    const run = await cli(['verify', '-', '--trust', 'trust.json', '--now', NOON, '--json'], { input: `${text}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, status: 'green' });
    const empty = await cli(['verify', '-', '--trust', 'trust.json'], { input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no text on standard input');
  });

  it.each([
    ['missing', 'nope.json', '', 'FILE_NOT_FOUND'],
    ['not JSON', 'garbage.json', 'not json at all', 'BAD_TRUST_LIST'],
    ['not a JWK Set', 'array.json', '[]', 'BAD_TRUST_LIST'],
    ['a private key inside', 'private.json', 'PRIVATE', 'BAD_TRUST_LIST'],
  ])('a bad trust file (%s) exits 2, and --json still prints one document', async (_, name, content, code) => {
    if (content === 'PRIVATE') writeFileSync(at(name), JSON.stringify({ keys: [JSON.parse(readFileSync(at('issuer.key.json'), 'utf8'))] }));
    else if (content !== '') writeFileSync(at(name), content);
    const text = await issueGreen();
    const human = await cli(['verify', text, '--trust', name]);
    expect(human.code).toBe(2);
    expect(human.stderr).toContain(name);
    expect(human.stdout).toBe('');
    expectNoStack(human);
    const json = await cli(['verify', text, '--trust', name, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, code });
  });

  it.each([
    [['--now', 'yesterday'], '--now "yesterday"'],
    [['--tolerance', '-5'], "'--tolerance'"],
    [['--tolerance', 'five'], '--tolerance "five"'],
    [['--image', 'a.png'], 'exactly one of'],
  ])('rejects bad arguments %j with exit 2', async (args, message) => {
    const text = await issueGreen();
    const run = await cli(['verify', text, '--trust', 'trust.json', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expectNoStack(run);
  });

  it('requires --trust and a text', async () => {
    expect((await cli(['verify', 'HQ1:AAAA'])).stderr).toContain('--trust FILE is required');
    expect((await cli(['verify', '--trust', 'trust.json'])).code).toBe(2);
    expect((await cli(['verify', 'a', 'b', '--trust', 'trust.json'])).stderr).toContain('unexpected argument "b"');
  });

  it('never colours output that is not a terminal, and NO_COLOR is accepted', async () => {
    const text = await issueGreen();
    const run = await cli(['verify', text, '--trust', 'trust.json', '--now', NOON], { env: cliEnv({ NO_COLOR: '1' }) });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('\u001b[');
  });
});

describe('healthcode inspect', () => {
  it('decodes without verifying and says UNTRUSTED', async () => {
    const text = await issueGreen(['--name', '张*']);
    const human = await cli(['inspect', text]);
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n')[0]).toContain('UNTRUSTED');
    expect(human.stdout).toMatch(/issuer\s+CN-330100/);
    const json = await cli(['inspect', text, '--json']);
    expect(json.code).toBe(0);
    expect(json.stderr).toContain('UNTRUSTED');
    expect(JSON.parse(json.stdout)).toMatchObject({ verified: false, prefix: 'HQ1:', claims: { status: 'green', issuer: 'CN-330100', name: '张*' } });
  });

  it('exits 1 when the text cannot be decoded', async () => {
    const run = await cli(['inspect', 'HQ1:!!', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ verified: false, code: 'BAD_BASE45' });
  });
});
