import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'qr/index': 'src/qr/index.ts',
    'cli/main': 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', 'qr/index': 'src/qr/index.ts' } },
  sourcemap: true,
  minify: false,
  clean: true,
  splitting: false,
  target: 'node20',
});
