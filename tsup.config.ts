import { defineConfig } from 'tsup';

// The library (core and the healthcode/qr subpath) ships ESM + CJS + .d.ts; the CLI is an
// ESM bin only. `npm run build` clears dist/ first, so the two configs never race on it.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', 'qr/index': 'src/qr/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    minify: false,
    clean: false,
    splitting: false,
    target: 'es2022',
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    minify: false,
    clean: false,
    splitting: false,
    target: 'node20',
  },
]);
