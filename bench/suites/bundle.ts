/**
 * Browser bundle sizes (esbuild, ESM, code-split, minified, gzip at zlib's default level): the
 * verify path a checkpoint page loads (core + noble fallback, no QR scanner; target ≤ 20 KB
 * gzip), the batch additions, and each scanner. The largest inputs of the verify path are
 * listed so the status says where the bytes are.
 */
import { browserBundle, type BundleSize } from '../../test/support/bundle.js';
import type { Row, Section } from '../report.js';

/** Target of issue #5 for the browser verify bundle. */
const VERIFY_BUNDLE_BUDGET = 20_000;

function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

/** The largest inputs of a bundle, by minified bytes. */
function largest(size: BundleSize, count: number): string {
  return [...size.inputs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([path, bytes]) => `${path} ${kb(bytes)}`)
    .join(', ');
}

export async function bundleSuite(): Promise<Section> {
  const verifyPath = await browserBundle("export { verify, TrustList } from './src/index.ts';");
  const withMany = await browserBundle("export { verify, verifyMany, TrustList } from './src/index.ts';");
  const fast = await browserBundle("export { fastScan } from './src/qr/fast-scan.ts';");
  const jsqrOnly = await browserBundle("export { scanImage } from './src/qr/scan.ts';");
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
