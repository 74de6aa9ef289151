/**
 * The README's first command ends in `node examples/demo.mjs` on the built package: it
 * must run, exit 0 and show every step agreeing.
 */
import { beforeAll, expect, it } from 'vitest';
import { cliEnv, ensureBuilt, runNode } from './build.js';

beforeAll(ensureBuilt);

it('examples/demo.mjs issues, draws, scans and verifies with every step agreeing', async () => {
  const run = await runNode(['examples/demo.mjs'], { env: cliEnv() });
  expect(run.stderr).toBe('');
  expect(run.code, run.stdout).toBe(0);
  expect(run.stdout).not.toContain('✗');
  expect(run.stdout.match(/✓/g)?.length).toBe(12);
  expect(run.stdout).toMatch(/green \d+ characters, QR version [78]:/);
  expect(run.stdout).toContain('GREEN, valid: 张* (id …1234), CN-330100');
  expect(run.stdout).toContain('RED, valid: 李* (id …5678), CN-330100');
  expect(run.stdout).toContain('two days later: EXPIRED');
  expect(run.stdout).toContain('signed by a key not in the trust list: UNKNOWN_KID');
  expect(run.stdout).toMatch(/[▀▄█]{20}/);
  expect(run.stdout.trimEnd().endsWith('Every step agreed.')).toBe(true);
});
