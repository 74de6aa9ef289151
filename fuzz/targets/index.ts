/**
 * The fuzz targets by command-line name, each loaded on demand (a target's setup may make keys
 * and read vectors), and the packages instrumented for it besides src/.
 */
import type { FuzzTarget } from './target.js';

type Loader = () => Promise<{ default: FuzzTarget }>;

/** Every target: `npm run fuzz -- NAME`. */
export const TARGETS: Readonly<Record<string, Loader>> = {
  verify: () => import('./verify.js'),
  presentation: () => import('./presentation.js'),
  dcc: () => import('./dcc.js'),
  claims: () => import('./claims.js'),
  base45: () => import('./base45.js'),
  cbor: () => import('./cbor.js'),
  cose: () => import('./cose.js'),
  'trust-list': () => import('./trust-list.js'),
  'status-list': () => import('./status-list.js'),
  scan: () => import('./scan.js'),
};

/**
 * Packages whose code is instrumented besides src/. The scanner's decoders parse the file;
 * jsQR sees only pixels, already bounded in number, and its instrumentation would cost most
 * of the time.
 */
export const INSTRUMENTED_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  scan: ['pngjs', 'jpeg-js'],
};
