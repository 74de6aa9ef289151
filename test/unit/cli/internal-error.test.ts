/**
 * A bug inside the library must still end in one line on stderr and exit 2, and
 * `verify --json` must still print one JSON document (code INTERNAL), never a stack trace.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/main.js';

vi.mock('../../../src/verify.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/verify.js')>()),
  verify: async () => {
    throw new Error('boom');
  },
}));

const dir = mkdtempSync(join(tmpdir(), 'healthcode-internal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reports an unexpected exception as an internal error, exit 2', async () => {
  writeFileSync(join(dir, 'trust.json'), '{"keys": []}');
  let stdout = '';
  let stderr = '';
  const code = await run(['verify', 'HQ1:X', '--trust', join(dir, 'trust.json'), '--json'], {
    stdout: { write: (s) => void (stdout += String(s)) },
    stderr: { write: (s) => void (stderr += s) },
    stdin: (async function* () {})(),
    env: { LANG: 'C' },
    isTTY: false,
  });
  expect(code).toBe(2);
  expect(JSON.parse(stdout)).toEqual({ valid: false, code: 'INTERNAL', message: 'boom' });
  expect(stderr).toBe('healthcode: error: internal error: boom (this is a bug; please report it)\n');
});

it('reports a failing stdin as an input error', async () => {
  let stdout = '';
  const code = await run(['verify', '-', '--trust', join(dir, 'trust.json'), '--json'], {
    stdout: { write: (s) => void (stdout += String(s)) },
    stderr: { write: () => undefined },
    stdin: (async function* () {
      yield* [];
      throw Object.assign(new Error('read EIO'), { code: 'EIO' });
    })(),
    env: { LANG: 'C' },
    isTTY: false,
  });
  expect(code).toBe(2);
  expect(JSON.parse(stdout)).toEqual({ valid: false, code: 'UNREADABLE_FILE', message: 'cannot read stdin: EIO' });
});
