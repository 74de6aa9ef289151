import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as qr from '../../../src/qr/index.js';

const src = (name: string): string => fileURLToPath(new URL(`../../../src/qr/${name}`, import.meta.url));

describe('healthcode/qr entry', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(qr).sort()).toEqual(
      [
        'DEFAULT_RENDER_OPTIONS',
        'QR_ERROR_CODES',
        'QR_MAX_FILE_BYTES',
        'QR_MAX_PIXELS',
        'QrError',
        'RENDER_MAX_MARGIN',
        'RENDER_MAX_SCALE',
        'SCAN_DOWNSCALE_PIXELS',
        'fastScan',
        'isQrError',
        'renderDataUrl',
        'renderMatrix',
        'renderPng',
        'renderSvg',
        'renderTerminal',
        'scanFile',
        'scanImage',
      ].sort(),
    );
    expect(Object.isFrozen(qr.DEFAULT_RENDER_OPTIONS)).toBe(true);
    expect(qr.DEFAULT_RENDER_OPTIONS).toEqual({ errorCorrection: 'M', margin: 4, scale: 8 });
  });

  it('index.ts only re-exports', async () => {
    const code = (await readFile(src('index.ts'), 'utf8')).replace(/\/\*\*[\s\S]*?\*\//g, '');
    const statements = code.split(/;\s*/).map((s) => s.trim()).filter(Boolean);
    for (const statement of statements) expect(statement).toMatch(/^export \{[^}]*\} from '\.\/[a-z-]+\.js'$/);
  });

  it.each(['render.ts', 'scan.ts', 'png.ts', 'deflate.ts', 'image-header.ts', 'errors.ts'])(
    '%s uses no Node APIs',
    async (file) => {
      // Comments may talk about Buffer; the code may not use it.
      const code = (await readFile(src(file), 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      expect(code).not.toMatch(/from 'node:|import\('node:|\bBuffer\b|\bprocess\./);
    },
  );

  it('render and scan bundle for the browser with nothing left external', async () => {
    const result = await build({
      stdin: {
        contents: "export { renderPng, renderSvg, renderTerminal, renderDataUrl } from './render.ts';\nexport { scanImage } from './scan.ts';",
        resolveDir: src('.'),
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/require\("(fs|zlib|stream|node:)/);
  });

  it('loading the whole entry in a browser does not evaluate Node-only code', async () => {
    // Node modules are left external; the test is that they are reached only by dynamic import().
    const result = await build({
      entryPoints: [src('index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      external: ['node:*', 'pngjs', 'jpeg-js'],
      write: false,
      logLevel: 'silent',
    });
    const text = result.outputFiles[0]!.text;
    expect(text).toMatch(/import\("pngjs"\)/);
    expect(text).toMatch(/import\("jpeg-js"\)/);
    expect(text).toMatch(/import\("node:fs\/promises"\)/);
    expect(text).not.toMatch(/^import .* from "(pngjs|jpeg-js|node:[^"]+)"/m);
  });
});
