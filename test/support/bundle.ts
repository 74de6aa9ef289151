/**
 * The size of what a browser loads for an entry module, measured one way for the bundle test
 * (test/unit/architecture.test.ts) and the benchmark (bench/suites/bundle.ts): esbuild, ESM,
 * code-split, minified, gzip at zlib's default level. "Loaded" is the entry chunk and every
 * chunk it imports statically; chunks only imported dynamically (the DCC profile, X.509) are
 * counted apart, as loaded on first use.
 */
import { relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Sizes of a browser bundle. */
export interface BundleSize {
  /** Minified bytes and gzip bytes of the entry and the chunks it imports statically. */
  readonly raw: number;
  readonly gzip: number;
  /** Gzip bytes of the chunks only imported dynamically (loaded on first use). */
  readonly lazyGzip: number;
  /** Inputs of the statically loaded chunks, with their minified bytes. */
  readonly inputs: ReadonlyMap<string, number>;
  /** The text of every output chunk, loaded or not. */
  readonly texts: readonly string[];
}

/**
 * Bundles `contents` (TypeScript, resolved from the repository root) for browsers.
 *
 * @example
 * ```ts
 * const size = await browserBundle("export { verify, TrustList } from './src/index.ts';");
 * ```
 */
export async function browserBundle(contents: string): Promise<BundleSize> {
  const out = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    splitting: true,
    outdir: resolve(ROOT, '.bundle-check'),
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const outputs = out.metafile.outputs;
  const entry = Object.keys(outputs).find((k) => outputs[k]!.entryPoint !== undefined)!;
  const loaded = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (loaded.has(next)) continue;
    loaded.add(next);
    for (const i of outputs[next]!.imports) if (i.kind === 'import-statement') stack.push(i.path);
  }
  let raw = 0;
  let gzip = 0;
  let lazyGzip = 0;
  const inputs = new Map<string, number>();
  for (const file of out.outputFiles) {
    const name = relative(ROOT, file.path);
    const zipped = gzipSync(file.contents).length;
    if (!loaded.has(name)) {
      lazyGzip += zipped;
      continue;
    }
    raw += file.contents.length;
    gzip += zipped;
    for (const [input, { bytesInOutput }] of Object.entries(outputs[name]!.inputs)) inputs.set(input, (inputs.get(input) ?? 0) + bytesInOutput);
  }
  return { raw, gzip, lazyGzip, inputs, texts: out.outputFiles.map((f) => f.text) };
}
