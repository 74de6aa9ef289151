/**
 * The built bin with signed trust lists (issue #4): `keygen --root` and key windows,
 * `trust sign`, `trust show`, and `verify --trust LIST --root ROOT` with `--min-seq` and
 * `--allow-stale`. Fixed clock: lists are signed at 2026-01-01T00:00:00Z for 30 days.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, ensureBuilt, runBuiltCli, type CliRun } from './build.js';

const SIGNED = '2026-01-01T00:00:00Z';
const NOON = '2026-01-01T12:00:00Z';
const AFTER_EXPIRY = '2026-02-15T00:00:00Z';

let dir: string;
let code: string;
const runs: CliRun[] = [];
const secrets = new Set<string>();
const at = (name: string): string => join(dir, name);

async function cli(args: string[], env?: Record<string, string>): Promise<CliRun> {
  const run = await runBuiltCli(args, { cwd: dir, ...(env && { env: cliEnv(env) }) });
  runs.push(run);
  expect(run.stderr).not.toMatch(/\n\s+at .+[:(]/);
  return run;
}

function remember(path: string): void {
  secrets.add((JSON.parse(readFileSync(at(path), 'utf8')) as { d: string }).d);
}

const sign = (seq: number, extra: string[] = []): Promise<CliRun> =>
  cli(['trust', 'sign', '--root', 'root.key.json', '--in', 'trust.json', '--seq', String(seq), '--issued-at', SIGNED, '--expires', '+30d', ...extra]);

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'healthcode-cli-trust-'));
  expect((await cli(['keygen', '--root', '--out', 'root.key.json'])).code).toBe(0);
  expect((await cli(['keygen', '--root', '--out', 'other-root.key.json'])).code).toBe(0);
  expect((await cli(['keygen', '--issuer', 'CN-330100', '--out', 'zj.key.json', '--trust', 'trust.json'])).code).toBe(0);
  expect((await cli(['keygen', '--issuer', 'CN-110000', '--out', 'bj.key.json', '--trust', 'trust.json', '--not-before', '2025-01-01', '--expires-at', '2025-12-31'])).code).toBe(0);
  for (const key of ['root.key.json', 'other-root.key.json', 'zj.key.json', 'bj.key.json']) remember(key);
  const run = await sign(7, ['--out', 'trust.jws']);
  expect(run.code, run.stderr).toBe(0);
  code = (await cli(['issue', '--key', 'zj.key.json', '--status', 'green', '--issued-at', SIGNED, '--expires', '+24h'])).stdout.trimEnd();
});

afterAll(() => {
  expect(secrets.size).toBe(4);
  for (const run of runs) for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
  rmSync(dir, { recursive: true, force: true });
});

describe('keygen --root and key windows', () => {
  it('writes a root key without an issuer, 0600, and its public JWK', () => {
    expect(statSync(at('root.key.json')).mode & 0o777).toBe(0o600);
    const root = JSON.parse(readFileSync(at('root.pub.json'), 'utf8')) as Record<string, unknown>;
    expect(root).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(root).not.toHaveProperty('iss');
    expect(root).not.toHaveProperty('d');
  });

  it('writes nbf and exp on an issuer key given --not-before / --expires-at', () => {
    const bj = JSON.parse(readFileSync(at('bj.pub.json'), 'utf8')) as Record<string, unknown>;
    expect(bj).toMatchObject({ iss: 'CN-110000', nbf: 1735689600, exp: 1767139200 });
  });

  it.each([
    [['--root', '--issuer', 'CN-1', '--out', 'r.key.json'], '--issuer does not apply to a root key'],
    [['--root', '--trust', 'trust.json', '--out', 'r.key.json'], '--trust does not apply to a root key'],
    [['--issuer', 'CN-1', '--out', 'w.key.json', '--not-before', '2027-01-01', '--expires-at', '2026-01-01'], '--not-before is after --expires-at'],
    [['--issuer', 'CN-1', '--out', 'w.key.json', '--expires-at', 'soon'], '--expires-at "soon" is not a time'],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await cli(['keygen', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(() => statSync(at('r.key.json'))).toThrow();
  });
});

describe('trust sign', () => {
  it('writes a compact JWS (0644) and prints root kid, seq, times and key count', async () => {
    expect(statSync(at('trust.jws')).mode & 0o777).toBe(0o644);
    expect(readFileSync(at('trust.jws'), 'utf8')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const rootKid = (JSON.parse(readFileSync(at('root.pub.json'), 'utf8')) as { kid: string }).kid;
    const run = await sign(8, ['--out', 'eight.jws']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`root kid\\s+${rootKid}\\n`));
    expect(run.stdout).toMatch(/seq\s+8\n/);
    expect(run.stdout).toMatch(/expires\s+2026-01-31T00:00:00Z\n/);
    expect(run.stdout).toMatch(/keys\s+2\n/);
  });

  it('refuses to overwrite without --force, and replaces with it', async () => {
    const before = readFileSync(at('trust.jws'), 'utf8');
    const refused = await sign(9, ['--out', 'trust.jws']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('trust.jws already exists');
    expect(readFileSync(at('trust.jws'), 'utf8')).toBe(before);
    writeFileSync(at('replace.jws'), 'old');
    const forced = await sign(9, ['--out', 'replace.jws', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(at('replace.jws'), 'utf8')).not.toBe('old');
  });

  it('refuses a root key file readable by others, with the chmod fix', async () => {
    writeFileSync(at('open-root.key.json'), readFileSync(at('root.key.json')));
    chmodSync(at('open-root.key.json'), 0o644);
    const run = await cli(['trust', 'sign', '--root', 'open-root.key.json', '--in', 'trust.json', '--seq', '1', '--expires', '+1d', '--out', 'x.jws']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('chmod 600 open-root.key.json');
    expect(() => statSync(at('x.jws'))).toThrow();
  });

  it('refuses an issuer key as the root', async () => {
    const run = await cli(['trust', 'sign', '--root', 'zj.key.json', '--in', 'trust.json', '--seq', '1', '--expires', '+1d', '--out', 'x.jws']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is an issuer key (it signs for CN-330100)');
  });

  it('refuses a set with a key a checkpoint would refuse, naming it', async () => {
    const set = JSON.parse(readFileSync(at('trust.json'), 'utf8')) as { keys: Record<string, unknown>[] };
    writeFileSync(at('bad-set.json'), JSON.stringify({ keys: [set.keys[0], { ...set.keys[1], kid: 'AAAAAAAAAAA' }] }));
    const run = await cli(['trust', 'sign', '--root', 'root.key.json', '--in', 'bad-set.json', '--seq', '1', '--expires', '+1d', '--out', 'x.jws']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('keys[1]');
    expect(run.stderr).toContain('thumbprint');
  });

  it.each([
    [['--seq', '-1'], "'--seq'"],
    [['--seq', 'one'], '--seq "one" is not a whole number'],
    [['--seq', '1', '--expires', '2025-01-01'], 'expected after "issuedAt"'],
  ])('rejects %j with exit 2', async (args, message) => {
    const run = await cli(['trust', 'sign', '--root', 'root.key.json', '--in', 'trust.json', '--out', 'x.jws', '--issued-at', SIGNED, '--expires', '+1d', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('needs a subcommand', async () => {
    expect((await cli(['trust'])).stderr).toContain('trust sign or trust show');
    expect((await cli(['trust', 'frob'])).stderr).toContain('unknown subcommand "trust frob"');
    const help = await cli(['trust', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: healthcode trust sign');
    expect(help.stdout).toContain('healthcode trust show');
  });
});

describe('trust show', () => {
  it('shows seq, times and every key with its issuer, window and revocation', async () => {
    const run = await cli(['trust', 'show', 'trust.jws', '--root', 'root.pub.json', '--now', NOON]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/seq\s+7\n/);
    expect(run.stdout).toMatch(/expires\s+2026-01-31T00:00:00Z \(in 29d 12h\)/);
    expect(run.stdout).toMatch(/EdDSA\s+CN-330100\s+-\s+-\s+no/);
    expect(run.stdout).toMatch(/EdDSA\s+CN-110000\s+2025-01-01T00:00:00Z\s+2025-12-31T00:00:00Z\s+no/);
  });

  it('--json is one document with the metadata and the keys', async () => {
    const run = await cli(['trust', 'show', 'trust.jws', '--root', 'root.pub.json', '--now', NOON, '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ valid: true, signed: true, seq: 7, issuedAt: 1767225600, expiresAt: 1769817600, stale: false });
    expect(doc.keys).toEqual([
      expect.objectContaining({ issuer: 'CN-330100', alg: 'EdDSA', revoked: false }),
      expect.objectContaining({ issuer: 'CN-110000', notBefore: 1735689600, expiresAt: 1767139200, revoked: false }),
    ]);
  });

  it('a stale list exits 1 (STALE), and 0 with --allow-stale, still marked', async () => {
    const stale = await cli(['trust', 'show', 'trust.jws', '--root', 'root.pub.json', '--now', AFTER_EXPIRY]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('STALE');
    expect(stale.stdout).toContain('STALE_TRUST_LIST');
    const allowed = await cli(['trust', 'show', 'trust.jws', '--root', 'root.pub.json', '--now', AFTER_EXPIRY, '--allow-stale', '--json']);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ valid: true, stale: true });
  });

  it('a list signed by another root, altered, or below --min-seq exits 1 with BAD_TRUST_LIST', async () => {
    const other = await cli(['trust', 'show', 'trust.jws', '--root', 'other-root.pub.json', '--json']);
    expect(other.code).toBe(1);
    expect(JSON.parse(other.stdout)).toMatchObject({ valid: false, code: 'BAD_TRUST_LIST', message: expect.stringContaining('does not pin') });
    const [h, p, s] = readFileSync(at('trust.jws'), 'utf8').trim().split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { seq: number };
    writeFileSync(at('altered.jws'), `${h}.${Buffer.from(JSON.stringify({ ...payload, seq: 99 })).toString('base64url')}.${s}`);
    const altered = await cli(['trust', 'show', 'altered.jws', '--root', 'root.pub.json', '--json']);
    expect(altered.code).toBe(1);
    expect(JSON.parse(altered.stdout)).toMatchObject({ code: 'BAD_TRUST_LIST', message: expect.stringContaining('does not verify') });
    const old = await cli(['trust', 'show', 'trust.jws', '--root', 'root.pub.json', '--min-seq', '8']);
    expect(old.code).toBe(1);
    expect(old.stdout).toContain('lower than seq 8');
  });

  it('accepts several pinned roots in a JWK Set', async () => {
    const roots = ['root.pub.json', 'other-root.pub.json'].map((f) => JSON.parse(readFileSync(at(f), 'utf8')) as unknown);
    writeFileSync(at('roots.json'), JSON.stringify({ keys: roots }));
    const run = await cli(['trust', 'show', 'trust.jws', '--root', 'roots.json', '--now', NOON]);
    expect(run.code, run.stdout).toBe(0);
  });

  it('refuses a private key as --root, never printing it, and a signed list without --root', async () => {
    const priv = await cli(['trust', 'show', 'trust.jws', '--root', 'root.key.json', '--json']);
    expect(priv.code).toBe(2);
    expect(JSON.parse(priv.stdout)).toMatchObject({ valid: false, code: 'BAD_KEY_FILE' });
    expect(priv.stderr).toContain('pins only the root\'s public key');
    const none = await cli(['trust', 'show', 'trust.jws']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('give the pinned root public key with --root FILE');
  });

  it('shows a plain JWK Set as unsigned', async () => {
    const run = await cli(['trust', 'show', 'trust.json', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, signed: false, stale: false });
  });

  it('speaks Chinese under LANG=zh_CN.UTF-8', async () => {
    const run = await cli(['trust', 'show', 'trust.jws', '--root', 'root.pub.json', '--now', AFTER_EXPIRY], { LANG: 'zh_CN.UTF-8' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/序号\s+7/);
    expect(run.stdout).toContain('已过期');
  });
});

describe('verify with a signed trust list', () => {
  it('verifies against the signed list and the pinned root', async () => {
    const run = await cli(['verify', code, '--trust', 'trust.jws', '--root', 'root.pub.json', '--now', NOON, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, status: 'green', issuer: 'CN-330100', trustListStale: false });
  });

  it('a stale list: STALE_TRUST_LIST (exit 1), or with --allow-stale valid and marked stale', async () => {
    const later = await cli(['issue', '--key', 'zj.key.json', '--status', 'green', '--issued-at', AFTER_EXPIRY, '--expires', '+24h']);
    const text = later.stdout.trimEnd();
    const stale = await cli(['verify', text, '--trust', 'trust.jws', '--root', 'root.pub.json', '--now', AFTER_EXPIRY, '--json']);
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout)).toMatchObject({ valid: false, code: 'STALE_TRUST_LIST' });
    const allowed = await cli(['verify', text, '--trust', 'trust.jws', '--root', 'root.pub.json', '--now', AFTER_EXPIRY, '--allow-stale', '--json']);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ valid: true, trustListStale: true });
    const human = await cli(['verify', text, '--trust', 'trust.jws', '--root', 'root.pub.json', '--now', AFTER_EXPIRY, '--allow-stale']);
    expect(human.stdout).toContain('the trust list is out of date');
  });

  it('--min-seq refuses an older list (exit 2, BAD_TRUST_LIST)', async () => {
    const run = await cli(['verify', code, '--trust', 'trust.jws', '--root', 'root.pub.json', '--min-seq', '8', '--now', NOON, '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: false, code: 'BAD_TRUST_LIST', message: expect.stringContaining('seq 7, lower than seq 8') });
    expect((await cli(['verify', code, '--trust', 'trust.jws', '--root', 'root.pub.json', '--min-seq', '7', '--now', NOON])).code).toBe(0);
  });

  it('a key outside its window gives KEY_NOT_VALID', async () => {
    const bj = await cli(['issue', '--key', 'bj.key.json', '--status', 'green', '--issued-at', SIGNED, '--expires', '+24h']);
    const run = await cli(['verify', bj.stdout.trimEnd(), '--trust', 'trust.jws', '--root', 'root.pub.json', '--now', NOON, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ code: 'KEY_NOT_VALID' });
  });

  it.each([
    [['--trust', 'trust.jws'], 'is a signed trust list: give the pinned root public key with --root FILE'],
    [['--trust', 'trust.json', '--root', 'root.pub.json'], 'is a plain JWK Set, not a signed list'],
    [['--trust', 'trust.jws', '--root', 'other-root.pub.json'], 'which this verifier does not pin'],
    [['--trust', 'trust.json', '--min-seq', '3'], '--min-seq applies to a signed trust list'],
  ])('refuses %j with exit 2 and a clear message', async (args, message) => {
    const run = await cli(['verify', code, ...args, '--now', NOON]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
