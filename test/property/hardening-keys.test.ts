/**
 * Key hygiene (issue #6): private keys are written 0600 and refused when group- or
 * world-readable, with the fix in the message; no private key (a JWK's "d", in any encoding)
 * ever reaches stdout, stderr or `--json`, on success or on any error path; keys come from
 * the platform CSPRNG only. Runs the CLI in process (`run(argv, io)`), every command.
 */
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run, type CliIo } from '../../src/cli/main.js';
import { fromBase64Url, toHex } from '../../src/codec/bytes.js';
import { generateHolderKey, generateIssuerKey } from '../../src/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
const secrets: string[] = [];
const path = (name: string): string => join(dir, name);

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(argv: string[], stdin: string[] = []): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s) => void (stdout += typeof s === 'string' ? s : new TextDecoder().decode(s)) },
    stderr: { write: (s) => void (stderr += s) },
    stdin: (async function* () {
      yield* stdin;
    })(),
    env: { LANG: 'C', NO_COLOR: '1' },
    isTTY: false,
  };
  return { code: await run(argv, io), stdout, stderr };
}

/** Every way a private key could be printed: the JWK's d, its bytes as hex and as base64. */
function remember(file: string): void {
  const d = (JSON.parse(readFileSync(file, 'utf8')) as { d: string }).d;
  const seed = fromBase64Url(d)!;
  secrets.push(d, toHex(seed), Buffer.from(seed).toString('base64').replace(/=+$/, ''));
}

function expectNoSecret(outcome: Outcome, what: string): void {
  const printed = outcome.stdout + outcome.stderr;
  for (const secret of secrets) expect(printed.includes(secret), `${what} printed a private key`).toBe(false);
  expect(printed, `${what} printed a stack trace`).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

let credential = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'healthcode-keys-'));
  expect((await cli(['keygen', '--issuer', 'CN-330100', '--out', path('issuer.key.json'), '--trust', path('trust.json')])).code).toBe(0);
  expect((await cli(['keygen', '--root', '--out', path('root.key.json')])).code).toBe(0);
  expect((await cli(['holder-keygen', '--out', path('holder.key.json')])).code).toBe(0);
  for (const f of ['issuer.key.json', 'root.key.json', 'holder.key.json']) remember(path(f));
  const issued = await cli(['issue', '--key', path('issuer.key.json'), '--status', 'green', '--expires', '+1d', '--holder-key', path('holder.pub.json')]);
  expect(issued.code).toBe(0);
  credential = issued.stdout.trim();
  const key = JSON.parse(readFileSync(path('issuer.key.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path('mismatched.key.json'), JSON.stringify({ ...key, x: 'A'.repeat(43) }), { mode: 0o600 });
  writeFileSync(path('broken.key.json'), `{"kty":"OKP","crv":"Ed25519","d":"${String(key.d)}",`, { mode: 0o600 });
  writeFileSync(path('short.key.json'), JSON.stringify({ ...key, d: String(key.d).slice(0, 40) }), { mode: 0o600 });
  writeFileSync(path('rsa.key.json'), JSON.stringify({ kty: 'RSA', d: String(key.d), n: 'AQAB', e: 'AQAB' }), { mode: 0o600 });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('private key files', () => {
  it('keygen and holder-keygen write private keys 0600 and public keys 0644', () => {
    for (const f of ['issuer.key.json', 'root.key.json', 'holder.key.json']) expect(statSync(path(f)).mode & 0o777, f).toBe(0o600);
    for (const f of ['issuer.pub.json', 'holder.pub.json']) expect(statSync(path(f)).mode & 0o777, f).toBe(0o644);
  });

  it.each([0o644, 0o640, 0o604, 0o660, 0o606, 0o700 | 0o040])('a key file with mode %o is refused, and the message gives the fix', async (mode) => {
    const file = path(`open-${mode.toString(8)}.key.json`);
    writeFileSync(file, readFileSync(path('issuer.key.json')));
    chmodSync(file, mode);
    for (const argv of [
      ['issue', '--key', file, '--status', 'green', '--expires', '+1d'],
      ['trust', 'sign', '--root', file, '--in', path('trust.json'), '--seq', '1', '--expires', '+30d', '--out', path('never.jws')],
      ['present', '--credential', credential, '--holder-key', file],
    ]) {
      const outcome = await cli(argv);
      expect(outcome.code, argv.join(' ')).toBe(2);
      expect(outcome.stderr).toContain(`chmod 600 ${file}`);
      expectNoSecret(outcome, argv[0]!);
    }
  });
});

describe('no private key on any output', () => {
  it('the check sees a key in any of its encodings (so the tests below can fail)', () => {
    expect(secrets.length).toBe(9);
    for (const secret of secrets) expect(() => expectNoSecret({ code: 0, stdout: `x ${secret} y`, stderr: '' }, 'probe')).toThrow(/printed a private key/);
  });

  const privateFiles = ['issuer.key.json', 'root.key.json', 'holder.key.json', 'mismatched.key.json', 'broken.key.json', 'short.key.json', 'rsa.key.json'];

  it('issue, trust sign and present, with every key file (good, mismatched, malformed, truncated, wrong type)', async () => {
    for (const f of privateFiles) {
      for (const argv of [
        ['issue', '--key', path(f), '--status', 'green', '--expires', '+1d'],
        ['issue', '--key', path(f), '--status', 'purple', '--expires', '+1d'],
        ['trust', 'sign', '--root', path(f), '--in', path('trust.json'), '--seq', '1', '--expires', '+30d', '--out', path(`signed-${f}.jws`)],
        ['present', '--credential', credential, '--holder-key', path(f)],
      ]) {
        expectNoSecret(await cli(argv), `${argv.slice(0, 2).join(' ')} with ${f}`);
      }
    }
  });

  it('a private key file where a public one belongs (trust list, pinned root, holder key), also with --json', async () => {
    for (const f of privateFiles) {
      for (const argv of [
        ['verify', credential, '--trust', path(f)],
        ['verify', credential, '--trust', path(f), '--json'],
        ['trust', 'show', path(f)],
        ['trust', 'show', path(f), '--json'],
        ['verify', credential, '--trust', path('trust.json'), '--root', path(f), '--json'],
        ['keygen', '--issuer', 'CN-1', '--out', path(`k-${f}`), '--trust', path(f)],
        ['issue', '--key', path('issuer.key.json'), '--status', 'green', '--expires', '+1d', '--holder-key', path(f)],
      ]) {
        expectNoSecret(await cli(argv), `${argv.slice(0, 2).join(' ')} with ${f}`);
      }
    }
  });

  it('a private key pasted where a code belongs (verify, inspect, render), also with --json and on stdin', async () => {
    for (const f of privateFiles) {
      const text = readFileSync(path(f), 'utf8');
      for (const argv of [
        ['verify', text, '--trust', path('trust.json')],
        ['verify', text, '--trust', path('trust.json'), '--json'],
        ['inspect', text],
        ['inspect', text, '--json'],
      ]) {
        expectNoSecret(await cli(argv), `${argv[0]} of a pasted key`);
      }
      expectNoSecret(await cli(['verify', '-', '--trust', path('trust.json'), '--json'], [text]), 'verify - of a key');
      expectNoSecret(await cli(['inspect', '-', '--json'], [text]), 'inspect - of a key');
    }
  });

  it('keygen refusing an existing file, and usage errors, print no key', async () => {
    expectNoSecret(await cli(['keygen', '--issuer', 'CN-330100', '--out', path('issuer.key.json')]), 'keygen over an existing key');
    expectNoSecret(await cli(['keygen', '--root', '--out', path('root.key.json'), '--json']), 'keygen --json');
    expectNoSecret(await cli(['issue', '--key', path('issuer.key.json')]), 'issue without options');
  });
});

describe('keys come from the platform CSPRNG', () => {
  it('generateIssuerKey and generateHolderKey draw their 32-byte seed from crypto.getRandomValues, never Math.random', async () => {
    const getRandomValues = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const mathRandom = vi.spyOn(Math, 'random');
    try {
      const a = await generateIssuerKey({ issuer: 'CN-330100' });
      const b = await generateIssuerKey({ issuer: 'CN-330100' });
      await generateHolderKey();
      expect(a.privateJwk.d).not.toBe(b.privateJwk.d);
      const sizes = getRandomValues.mock.calls.map(([array]) => (array as Uint8Array).length);
      expect(sizes.filter((n) => n === 32).length).toBeGreaterThanOrEqual(3);
      expect(mathRandom).not.toHaveBeenCalled();
    } finally {
      getRandomValues.mockRestore();
      mathRandom.mockRestore();
    }
  });

  it('no source file (library, CLI, examples) uses Math.random', () => {
    const files = (d: string): string[] =>
      readdirSync(d).flatMap((name) => {
        const p = join(d, name);
        if (name === 'node_modules' || name.startsWith('.')) return [];
        return statSync(p).isDirectory() ? files(p) : /\.(ts|mjs|js)$/.test(name) ? [p] : [];
      });
    const users = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'examples'))].filter((f) => /\bMath\.random\b/.test(readFileSync(f, 'utf8')));
    expect(users.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
