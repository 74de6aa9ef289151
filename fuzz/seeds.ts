/**
 * The fuzzers' starting corpus: our golden vectors (test/vectors/hq1.json), the shared
 * vectors (../shared/vectors or $HEALTHCODE_VECTORS: RFC 8949 Appendix A, RFC 9285, RFC 8392,
 * cose-wg/Examples), codes issued here with the fixed test key, and well-formed-but-wrong
 * codes from the structure-aware generators of test/property/generators.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex } from '../src/codec/bytes.js';

/** The repository root (the runner sets it for the bundled worker, which runs from a cache folder). */
const ROOT = process.env.HEALTHCODE_FUZZ_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '..');
const encoder = new TextEncoder();

/** The shared vectors folder, or undefined on a clone without it (the fuzzers then use our own seeds only). */
export function sharedVectorsDir(): string | undefined {
  for (const dir of [process.env.HEALTHCODE_VECTORS, resolve(ROOT, '../shared/vectors')]) if (dir && existsSync(dir)) return dir;
  return undefined;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Every JSON file of a shared set, parsed (none when the set is absent). */
export function sharedJson(set: string): unknown[] {
  const root = sharedVectorsDir();
  if (!root || !existsSync(join(root, set))) return [];
  return walk(join(root, set))
    .filter((p) => p.endsWith('.json'))
    .map((p) => JSON.parse(readFileSync(p, 'utf8')) as unknown);
}

/** String values under keys accepted by `key`, anywhere in a JSON value. */
export function stringsUnder(value: unknown, key: (name: string) => boolean): string[] {
  const out: string[] = [];
  const visit = (v: unknown, name: string): void => {
    if (typeof v === 'string') {
      if (key(name)) out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, name));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  visit(value, '');
  return out;
}

/** Hex strings under `hex`, `…Hex` and `cbor` keys, decoded (non-hex values skipped). */
export function hexBlobs(value: unknown): Uint8Array[] {
  return stringsUnder(value, (k) => k === 'hex' || k.endsWith('Hex') || k === 'cbor')
    .filter((s) => /^([0-9a-fA-F]{2})*$/.test(s))
    .map((s) => fromHex(s.toLowerCase()));
}

/** The golden HQ1 vectors of this repository. */
export interface GoldenVectors {
  readonly vectors: ReadonlyArray<{ readonly text: string; readonly coseHex: string; readonly payloadHex: string; readonly protectedHex: string }>;
  readonly presentations: ReadonlyArray<{ readonly text: string; readonly coseHex: string; readonly t: number }>;
}

export function goldenVectors(): GoldenVectors {
  return JSON.parse(readFileSync(join(ROOT, 'test/vectors/hq1.json'), 'utf8')) as GoldenVectors;
}

/** CBOR seeds: Appendix A items, the golden codes' parts, RFC 8392 and cose-wg messages. */
export function cborSeeds(): Uint8Array[] {
  const golden = goldenVectors();
  return [
    ...sharedJson('cbor').flatMap((j) => stringsUnder(j, (k) => k === 'hex').map((h) => fromHex(h))),
    ...[...golden.vectors, ...golden.presentations].flatMap((v) => hexBlobs(v)),
    ...sharedJson('rfc8392').flatMap(hexBlobs),
    ...sharedJson('cose-wg').flatMap(hexBlobs),
  ];
}

/** Text as bytes (the targets that read text take Latin-1 bytes, one per character). */
export function textBytes(text: string): Uint8Array {
  return encoder.encode(text);
}
