/**
 * `present --watch` in process, on a fixed clock: a new live code every interval with the
 * clock's time, a countdown between them, and a clean stop on interrupt (exit 0, cursor
 * back, listener removed). The real terminal and Ctrl-C are in test/e2e/cli-dynamic.test.ts.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHolderKey, generateIssuerKey, issue, TrustList, verify } from '../../../src/index.js';
import { run, type CliIo } from '../../../src/cli/main.js';

const T0 = 1_767_268_800; // 2026-01-01T12:00:00Z
let dir: string;
let credential: string;
let trust: TrustList;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'healthcode-watch-'));
  const issuer = await generateIssuerKey({ issuer: 'CN-330100' });
  const holder = await generateHolderKey();
  writeFileSync(join(dir, 'holder.key.json'), JSON.stringify(holder.privateJwk), { mode: 0o600 });
  chmodSync(join(dir, 'holder.key.json'), 0o600);
  credential = await issue({ status: 'green', issuedAt: T0 - 3600, expiresAt: T0 + 3600, holderKey: holder.publicJwk }, issuer.privateJwk);
  trust = await TrustList.fromJWKS({ keys: [issuer.publicJwk] });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `present --watch` on a clock that moves only when the command sleeps; interrupts after `sleeps` sleeps. */
async function watch(interval: number, sleeps: number, io: Partial<CliIo> = {}) {
  let stdout = '';
  let stderr = '';
  let nowMs = T0 * 1000;
  let slept = 0;
  let listener: (() => void) | undefined;
  let removed = false;
  const code = await run(['present', '--credential', credential, '--holder-key', join(dir, 'holder.key.json'), '--watch', String(interval)], {
    stdout: { write: (s) => void (stdout += String(s)) },
    stderr: { write: (s) => void (stderr += s) },
    stdin: (async function* () {})(),
    env: { LANG: 'C' },
    isTTY: true,
    onInterrupt: (l) => {
      listener = l;
      return () => void (removed = true);
    },
    clock: {
      now: () => nowMs,
      sleep: async (ms) => {
        nowMs += ms;
        if (++slept === sleeps) listener?.();
      },
    },
    ...io,
  });
  return { code, stdout, stderr, removed };
}

describe('present --watch', () => {
  it('re-signs every interval with the clock, counts down between, and stops with exit 0', async () => {
    const { code, stdout, stderr, removed } = await watch(5, 12);
    expect(code, stderr).toBe(0);
    expect(removed).toBe(true);
    const codes = stdout.match(/HQ1P:[0-9A-Z $%*+\-./:]+/g)!;
    // Sleeps 1-5 count down the first code, 6-10 the second, 11-12 the third.
    expect(codes).toHaveLength(3);
    expect(new Set(codes).size).toBe(3);
    for (const [i, text] of codes.entries()) {
      const result = await verify(text, trust, { now: T0 + 5 * i });
      expect(result).toMatchObject({ valid: true, holderBound: true, presentedAt: T0 + 5 * i });
    }
    for (const left of [5, 4, 3, 2, 1]) expect(stdout).toContain(`presented at 2026-01-01T12:00:00Z · new code in ${left} s · Ctrl-C to stop`);
    expect(stdout).toContain('presented at 2026-01-01T12:00:10Z · new code in 4 s');
    expect(stdout.startsWith('\u001b[?25l')).toBe(true);
    expect(stdout).toContain('\u001b[H\u001b[2J');
    expect(stdout.endsWith('\u001b[?25hstopped after 3 live codes\n')).toBe(true);
  });

  it('an interrupt during the first countdown ends after one code', async () => {
    const { code, stdout } = await watch(30, 1);
    expect(code).toBe(0);
    expect(stdout.match(/HQ1P:/g)).toHaveLength(1);
    expect(stdout).toContain('stopped after 1 live code\n');
  });

  it('refuses without a terminal, and without a way to be interrupted', async () => {
    const piped = await watch(5, 1, { isTTY: false });
    expect(piped.code).toBe(2);
    expect(piped.stdout).toBe('');
    expect(piped.stderr).toContain('needs a terminal');
    const noSignals = await watch(5, 1, { onInterrupt: undefined });
    expect(noSignals.code).toBe(2);
  });
});
