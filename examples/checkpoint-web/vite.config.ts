/**
 * Vite build of the checkpoint page. The library comes from the checkout's sources through
 * aliases (`healthcode`, `healthcode/qr`); the service worker is a second entry written to a
 * fixed `sw.js`, and {@link precacheManifest} writes into it the list of every built file, so
 * that the page, its chunks and the scanner worker are all cached at install and the page
 * works with no network.
 */
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const HERE = dirname(fileURLToPath(import.meta.url));
const SRC = resolve(HERE, '../../src');
/** The placeholder in sw.ts that the build replaces with the precache list (a JSON string). */
const MANIFEST_PLACEHOLDER = /(["'`])__PRECACHE_MANIFEST__\1/;
/**
 * Content-Security-Policy of the built page: scripts, styles and workers only from the page's
 * origin; `connect-src` open to http(s) because the trust list is synced from the issuer's
 * origin, which the operator types in.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "worker-src 'self'",
  "connect-src 'self' http: https:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * `healthcode/qr` holds `scanFile`, which imports pngjs and jpeg-js lazily, for Node only. The
 * page never calls it and none of it is bundled, but the resolver still warns that their Node
 * built-ins are "externalized": drop exactly that warning for exactly those importers.
 */
function quietNodeOnlyImports(log: { message?: string }): boolean {
  return !(/externalized for browser compatibility/.test(log.message ?? '') && /(node_modules\/(pngjs|jpeg-js)\/|src\/qr\/scan-file\.ts)/.test(log.message ?? ''));
}

function precacheManifest(): Plugin {
  return {
    name: 'checkpoint-precache-manifest',
    apply: 'build',
    enforce: 'post', // after Vite has emitted index.html, so its content names the cache too
    transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}">`),
    generateBundle(_options, bundle) {
      const sw = bundle['sw.js'];
      if (!sw || sw.type !== 'chunk') throw new Error('the service worker entry (sw.js) is missing from the bundle');
      const files = Object.keys(bundle).filter((name) => name !== 'sw.js' && !name.endsWith('.map')).sort();
      // The cache is named after the content of every file, so a new build replaces it whole.
      const hash = createHash('sha256');
      for (const name of files) {
        const item = bundle[name]!;
        hash.update(name).update(item.type === 'chunk' ? item.code : item.source);
      }
      const manifest = { version: hash.digest('base64url').slice(0, 16), files: ['./', ...files.map((f) => `./${f}`)] };
      if (!MANIFEST_PLACEHOLDER.test(sw.code)) throw new Error('sw.js lost its __PRECACHE_MANIFEST__ placeholder');
      sw.code = sw.code.replace(MANIFEST_PLACEHOLDER, JSON.stringify(JSON.stringify(manifest)));
    },
  };
}

export default defineConfig(({ command }) => ({
  root: HERE,
  base: './',
  publicDir: false,
  resolve: {
    alias: [
      { find: /^healthcode\/qr$/, replacement: resolve(SRC, 'qr/index.ts') },
      { find: /^healthcode$/, replacement: resolve(SRC, 'index.ts') },
    ],
  },
  build: {
    outDir: resolve(HERE, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: { main: resolve(HERE, 'index.html'), sw: resolve(HERE, 'src/sw.ts') },
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
      onLog: (level, log, handler) => (quietNodeOnlyImports(log) ? handler(level, log) : undefined),
    },
  },
  worker: {
    format: 'es',
    rolldownOptions: { onLog: (level, log, handler) => (quietNodeOnlyImports(log) ? handler(level, log) : undefined) },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  // Built pages register the service worker; the dev server has none. (Not `import.meta.env.PROD`:
  // that follows NODE_ENV, which test runners set to "test" even for a production build.)
  define: { __SERVICE_WORKER__: JSON.stringify(command === 'build') },
  plugins: [precacheManifest()],
}));
