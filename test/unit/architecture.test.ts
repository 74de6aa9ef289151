/**
 * The layer rules of STYLE.md, read from the import graph: the core has no `node:` imports and
 * never imports qr/ or cli/; arrows point down only. And the browser verify bundle builds.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserBundle } from '../support/bundle.js';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  for (const m of text.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

/** Layer of a core file: a file may import only from its own layer or below. */
function layer(rel: string): number {
  const top = rel.split('/')[0]!;
  if (['errors.ts', 'limits.ts', 'time.ts', 'codec'].includes(top)) return 0;
  if (top === 'crypto') return 1;
  if (top === 'cose' || top === 'cwt') return 2;
  if (top === 'credential') return 3;
  if (top === 'trust' || top === 'status') return 4;
  if (top === 'index.ts') return 6;
  return 5; // the use cases: keys, issue, verify, present, policy, inspect, …
}

const core = files(SRC).filter((f) => {
  const rel = relative(SRC, f);
  return !rel.startsWith('cli/') && !rel.startsWith('qr/');
});

describe('architecture', () => {
  it('finds the core files', () => {
    expect(core.length).toBeGreaterThan(15);
  });

  it('core: no node: imports, no Buffer, no qr/ or cli/', () => {
    const problems: string[] = [];
    for (const file of core) {
      const rel = relative(SRC, file);
      for (const spec of imports(file)) {
        if (spec.startsWith('node:') || ['fs', 'path', 'crypto', 'zlib', 'os', 'buffer'].includes(spec)) problems.push(`${rel} imports ${spec}`);
        if (spec.startsWith('.')) {
          const target = relative(SRC, resolve(dirname(file), spec));
          if (target.startsWith('cli') || target.startsWith('qr')) problems.push(`${rel} imports ${target}`);
        }
      }
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      if (/\bBuffer\b/.test(code)) problems.push(`${rel} uses Buffer`);
    }
    expect(problems).toEqual([]);
  });

  it('core: arrows point down only', () => {
    const problems: string[] = [];
    for (const file of core) {
      const rel = relative(SRC, file);
      for (const spec of imports(file)) {
        if (!spec.startsWith('.')) continue;
        const target = relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
        if (layer(target) > layer(rel)) problems.push(`${rel} (layer ${layer(rel)}) imports ${target} (layer ${layer(target)})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the browser verify bundle builds, and its HQ1 path is at most 20 KB gzip', async () => {
    // What a browser loads to verify HQ1 codes: the entry chunk and every chunk it imports
    // statically (core, strict CBOR, Ed25519 backends with the noble fallback, trust lists).
    // The EU DCC profile, X.509 loading and rule 15 (status lists) are split off: imported on
    // first use.
    const size = await browserBundle("export { verify, TrustList } from './src/index.ts';");
    for (const text of size.texts) expect(text).not.toMatch(/from\s*["']node:/);
    const inputs = [...size.inputs.keys()];
    const total = size.gzip;
    expect(inputs.some((i) => i.includes('cbor-x'))).toBe(false);
    expect(inputs.some((i) => i.includes('verify-dcc') || i.includes('certificates'))).toBe(false);
    expect(inputs.some((i) => i.includes('verify-status'))).toBe(false);
    expect(inputs.some((i) => i.includes('@noble/ed25519'))).toBe(true);
    expect(total).toBeLessThanOrEqual(20_000);
  });

});
