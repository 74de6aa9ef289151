import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../src/cli/context.js';
import { CliError } from '../../../src/cli/errors.js';
import { readFileChecked, refuseExisting, writeFileSecure } from '../../../src/cli/files.js';
import { publicPathFor } from '../../../src/cli/commands/keygen.js';
import { formatMode, readPrivateKeyFile } from '../../../src/cli/key-file.js';

const ctx = createContext({ stdout: { write: () => 0 }, stderr: { write: () => 0 }, stdin: (async function* () {})(), env: {}, isTTY: false });
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'healthcode-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  return (error as CliError).code;
}

describe('writeFileSecure', () => {
  it('creates the file with exactly the mode asked for, whatever the umask', async () => {
    const old = process.umask(0o077);
    try {
      await writeFileSecure(join(dir, 'a.json'), 'x', { mode: 0o644, replace: false }, ctx);
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 'a.json')).mode & 0o777).toBe(0o644);
    await writeFileSecure(join(dir, 'secret.json'), 'y', { mode: 0o600, replace: false }, ctx);
    expect(statSync(join(dir, 'secret.json')).mode & 0o777).toBe(0o600);
  });

  it('refuses an existing file, and a symlink planted at the path', async () => {
    writeFileSync(join(dir, 'exists.json'), 'old');
    expect(await codeOf(writeFileSecure(join(dir, 'exists.json'), 'new', { mode: 0o600, replace: false }, ctx))).toBe('FILE_EXISTS');
    expect(readFileSync(join(dir, 'exists.json'), 'utf8')).toBe('old');
    symlinkSync(join(dir, 'target-does-not-exist'), join(dir, 'link.json'));
    expect(await codeOf(writeFileSecure(join(dir, 'link.json'), 'new', { mode: 0o600, replace: false }, ctx))).toBe('FILE_EXISTS');
    expect(readdirSync(dir)).not.toContain('target-does-not-exist');
    expect(await codeOf(refuseExisting(join(dir, 'link.json'), ctx))).toBe('FILE_EXISTS');
  });

  it('with replace, swaps in a new file (new mode) and leaves no temporary file', async () => {
    writeFileSync(join(dir, 'swap.json'), 'old', { mode: 0o666 });
    await writeFileSecure(join(dir, 'swap.json'), 'new', { mode: 0o600, replace: true }, ctx);
    expect(readFileSync(join(dir, 'swap.json'), 'utf8')).toBe('new');
    expect(lstatSync(join(dir, 'swap.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('reports a missing folder as UNWRITABLE_FILE', async () => {
    expect(await codeOf(writeFileSecure(join(dir, 'no/such/dir.json'), 'x', { mode: 0o600, replace: false }, ctx))).toBe('UNWRITABLE_FILE');
  });
});

describe('readFileChecked / readPrivateKeyFile', () => {
  it('maps missing files, folders and oversize files to CLI errors', async () => {
    expect(await codeOf(readFileChecked(join(dir, 'missing'), 10, ctx))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(readFileChecked(dir, 10, ctx))).toBe('UNREADABLE_FILE');
    writeFileSync(join(dir, 'big'), 'x'.repeat(11));
    expect(await codeOf(readFileChecked(join(dir, 'big'), 10, ctx))).toBe('UNREADABLE_FILE');
  });

  it('refuses a key file others can read, and never quotes its content', async () => {
    const path = join(dir, 'open.key.json');
    writeFileSync(path, '{"d":"SECRETSECRET"', { mode: 0o604 });
    const error = await readPrivateKeyFile(path, ctx).catch((e: CliError) => e);
    expect(error).toMatchObject({ code: 'KEY_FILE_PERMISSIONS' });
    expect((error as CliError).message).toContain(`chmod 600 ${path}`);
    chmodSync(path, 0o600);
    const malformed = await readPrivateKeyFile(path, ctx).catch((e: CliError) => e);
    expect(malformed).toMatchObject({ code: 'BAD_KEY_FILE' });
    expect((malformed as CliError).message).not.toContain('SECRET');
  });

  it('formats modes as four octal digits', () => {
    expect(formatMode(0o644)).toBe('0644');
    expect(formatMode(0o7)).toBe('0007');
  });
});

describe('publicPathFor', () => {
  it.each([
    ['issuer.key.json', 'issuer.pub.json'],
    ['keys/cn.json', 'keys/cn.pub.json'],
    ['issuer.jwk', 'issuer.jwk.pub.json'],
  ])('%s → %s', (privatePath, publicPath) => {
    expect(publicPathFor(privatePath)).toBe(publicPath);
  });
});
