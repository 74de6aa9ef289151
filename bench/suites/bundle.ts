/**
 * Browser bundle sizes (esbuild, ESM, code-split, minified, gzip at zlib's default level): the
 * verify path a checkpoint page loads (core + noble fallback, no QR scanner; target ≤ 20 KB
 * gzip), the batch additions, and each scanner. The largest inputs of the verify path are
 * listed so the status says where the bytes are.
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import type { Row, Section } from '../report.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Target of issue #5 for the browser verify bundle. */
const VERIFY_BUNDLE_BUDGET = 20_000;

interface Size {
  /** Minified bytes and gzip bytes of the entry and the chunks it imports statically. */
  readonly raw: number;
  readonly gzip: number;
  /** Gzip bytes of the chunks only imported dynamically (loaded on first use). */
  readonly lazyGzip: number;
  /** Inputs of the statically loaded chunks, with their minified bytes. */
  readonly inputs: ReadonlyMap<string, number>;
}

/**
 * What a browser loads for `contents` with code splitting: the entry chunk and every chunk it
 * imports statically (as test/unit/architecture.test.ts counts it); dynamically imported
 * chunks (the DCC profile, X.509) are counted apart.
 */
async function bundle(contents: string, plugins: Plugin[] = []): Promise<Size> {
  const out = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    splitting: true,
    outdir: resolve(ROOT, '.bench-bundle'),
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
    metafile: true,
    plugins,
  });
  const files = new Map(out.outputFiles.map((f) => [relative(ROOT, f.path), f.contents]));
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
  for (const [file, bytes] of files) {
    const zipped = gzipSync(bytes).length;
    if (!loaded.has(file)) {
      lazyGzip += zipped;
      continue;
    }
    raw += bytes.length;
    gzip += zipped;
    for (const [input, { bytesInOutput }] of Object.entries(outputs[file]!.inputs)) inputs.set(input, (inputs.get(input) ?? 0) + bytesInOutput);
  }
  return { raw, gzip, lazyGzip, inputs };
}

function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

/** The largest inputs of a bundle, by minified bytes. */
function largest(size: Size, count: number): string {
  return [...size.inputs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([path, bytes]) => `${relative(ROOT, resolve(ROOT, path))} ${kb(bytes)}`)
    .join(', ');
}

export async function bundleSuite(): Promise<Section> {
  const verifyPath = await bundle("export { verify, TrustList } from './src/index.ts';");
  const withMany = await bundle("export { verify, verifyMany, TrustList } from './src/index.ts';");
  const fast = await bundle("export { fastScan } from './src/qr/fast-scan.ts';");
  const jsqrOnly = await bundle("export { scanImage } from './src/qr/scan.ts';");
  const rows: Row[] = [
    {
      name: 'verify + TrustList (core + noble), HQ1 path',
      ours: `${kb(verifyPath.gzip)} gzip  (${kb(verifyPath.raw)} minified)`,
      reference: `+ ${kb(verifyPath.lazyGzip)} gzip loaded on first use (EU DCC profile, X.509)`,
      target: `≤ ${kb(VERIFY_BUNDLE_BUDGET)}`,
      met: verifyPath.gzip <= VERIFY_BUNDLE_BUDGET,
    },
    { name: '+ verifyMany', ours: `+${kb(withMany.gzip - verifyPath.gzip)} gzip`, reference: '' },
    { name: 'fastScan (with jsQR)', ours: `${kb(fast.gzip)} gzip`, reference: `scanImage alone: ${kb(jsqrOnly.gzip)} gzip` },
  ];
  const notes = [`largest inputs of the HQ1 verify path (minified): ${largest(verifyPath, 8)}.`];
  return { title: 'Browser bundle (esbuild, code-split, minified, gzip)', rows, notes };
}
