/**
 * Browser bundle sizes (esbuild, ESM, minified, gzip level 9 as servers send it): the verify
 * path a checkpoint page loads (core + noble fallback, no QR scanner; target ≤ 20 KB gzip), the
 * batch additions, and each scanner. The largest inputs of the verify bundle are listed so the
 * status says where the bytes are.
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import type { Row, Section } from '../report.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Target of issue #5 for the browser verify bundle. */
const VERIFY_BUNDLE_BUDGET = 20_000;

interface Size {
  readonly raw: number;
  readonly gzip: number;
  readonly metafile: Metafile;
}

async function bundle(contents: string, plugins: Plugin[] = []): Promise<Size> {
  const out = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
    metafile: true,
    plugins,
  });
  const bytes = out.outputFiles[0]!.contents;
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, metafile: out.metafile };
}

function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

/** The largest inputs of a bundle, by minified bytes. */
function largest(size: Size, count: number): string {
  const inputs = Object.values(size.metafile.outputs)[0]!.inputs;
  return Object.entries(inputs)
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .slice(0, count)
    .map(([path, { bytesInOutput }]) => `${relative(ROOT, resolve(ROOT, path))} ${kb(bytesInOutput)}`)
    .join(', ');
}

/** cbor-x replaced by empty classes: what the verify bundle would weigh if encoding were not in it. */
const WITHOUT_CBOR_X: Plugin = {
  name: 'without-cbor-x',
  setup(b) {
    b.onLoad({ filter: /cbor-x[\\/]index\.js$/ }, () => ({ contents: 'export class Encoder { encode() {} }\nexport class Tag {}', loader: 'js' }));
  },
};

export async function bundleSuite(): Promise<Section> {
  const verifyPath = await bundle("export { verify, TrustList } from './src/index.ts';");
  const withMany = await bundle("export { verify, verifyMany, TrustList } from './src/index.ts';");
  const fast = await bundle("export { fastScan } from './src/qr/fast-scan.ts';");
  const jsqrOnly = await bundle("export { scanImage } from './src/qr/scan.ts';");
  const rows: Row[] = [
    {
      name: 'verify + TrustList (core + noble)',
      ours: `${kb(verifyPath.gzip)} gzip  (${kb(verifyPath.raw)} minified)`,
      reference: '',
      target: `≤ ${kb(VERIFY_BUNDLE_BUDGET)}`,
      met: verifyPath.gzip <= VERIFY_BUNDLE_BUDGET,
    },
    { name: '+ verifyMany', ours: `+${kb(withMany.gzip - verifyPath.gzip)} gzip`, reference: '' },
    { name: 'fastScan (with jsQR)', ours: `${kb(fast.gzip)} gzip`, reference: `scanImage alone: ${kb(jsqrOnly.gzip)} gzip` },
  ];
  const notes = [`largest inputs of the verify bundle (minified): ${largest(verifyPath, 8)}.`];
  try {
    const lean = await bundle("export { verify, TrustList } from './src/index.ts';", [WITHOUT_CBOR_X]);
    notes.push(`without cbor-x (only the encoder needs it; its Encoder class extends its Decoder): ${kb(lean.gzip)} gzip.`);
  } catch (error) {
    notes.push(`the what-if bundle without cbor-x did not build: ${(error as Error).message.split('\n')[0]}`);
  }
  return { title: 'Browser bundle (esbuild, minified, gzip -9)', rows, notes };
}
