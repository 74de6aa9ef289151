/**
 * SECURITY.md names, for each guarantee, the test that checks it. This keeps the names true:
 * every test file it cites exists, and every test name it quotes is in that file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const doc = readFileSync(join(ROOT, 'SECURITY.md'), 'utf8');

/** `file.test.ts › name` and `› name` (same file as the one before) references, in order. */
function references(): Array<{ file: string; name?: string }> {
  const out: Array<{ file: string; name?: string }> = [];
  let last = '';
  for (const m of doc.matchAll(/`(?:([\w./-]+\.test\.ts) )?(?:› ([^`]+))?`/g)) {
    if (m[1]) last = m[1];
    if (!m[1] && !m[2]) continue;
    if (!last) continue;
    out.push({ file: last, ...(m[2] !== undefined && { name: m[2] }) });
  }
  return out;
}

describe('SECURITY.md cites tests that exist', () => {
  const refs = references();

  it('cites tests for the guarantees (at least one per threat)', () => {
    expect(refs.length).toBeGreaterThan(30);
    for (const threat of ['Forged codes', 'Tampering', 'Replayed screenshots', 'Stolen issuer key', 'Rogue or stale trust list', 'Clock set back', 'Parser differentials', 'Denial of service', 'Privacy of what the QR reveals']) {
      expect(doc).toContain(`### ${threat}`);
    }
  });

  it.each(refs.map((r) => [`${r.file}${r.name ? ` › ${r.name}` : ''}`, r] as const))('%s', (_, ref) => {
    const path = join(ROOT, 'test', ref.file);
    expect(existsSync(path), `${ref.file} exists`).toBe(true);
    if (!ref.name) return;
    const source = readFileSync(path, 'utf8').replace(/\\'/g, "'");
    // A quoted name may elide a parameter or a tail with "…"; each remaining piece must be there.
    for (const piece of ref.name.split('…').map((p) => p.trim()).filter((p) => p.length > 0)) {
      expect(source, `${ref.file} has a test named "${piece}"`).toContain(piece);
    }
  });
});
