/**
 * Browser tests' shared helpers: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), a loopback static server for built pages, the checkpoint page built
 * with Vite into a folder of the test's own, a code as the fake camera sees it, the
 * checkpoint's setup while online, and where screenshots go (test-artifacts/, gitignored,
 * kept by CI as build artefacts). Launch Chromium once per test file.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { photoLike, pngToRgba, type Rgba } from '../../support/images.js';
import { ROOT } from '../build.js';

/** The Chromium binary: Debian's package (installed by `.ci/run`), or `$CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a quiet, reproducible headless run that talks to nothing but loopback. */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
]);

/** Options of {@link launchChromium}. */
export interface LaunchOptions {
  /**
   * A Y4M video (see `toY4m` in test/support/images.ts) that Chromium shows as the camera;
   * camera prompts are then accepted automatically.
   */
  readonly fakeCamera?: string;
  /** More command-line flags. */
  readonly args?: readonly string[];
}

/** Whether the Chromium binary is there (tests skip with a notice outside CI when it is not). */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Launches Chromium headless with a fresh temporary profile (playwright-core makes one per
 * launch and deletes it on close).
 */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const camera = options.fakeCamera
    ? ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${options.fakeCamera}`, '--use-fake-ui-for-media-stream']
    : [];
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...camera, ...(options.args ?? [])], timeout: 60_000 });
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** A running static server. */
export interface StaticServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  /** Paths requested so far, in order (`GET /assets/main-….js`). */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1 (a port the OS picks): GET and HEAD, `index.html` for `/`, no caching. */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const root = resolve(dir);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(`${req.method} ${path}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

/** Builds examples/checkpoint-web with its Vite config into `outDir` (not the example's own dist/). */
export async function buildCheckpointPage(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: join(ROOT, 'examples/checkpoint-web/vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

/** Where a test's screenshots and reports go: test-artifacts/<name> (the folder is created). */
export function artifactPath(name: string): string {
  const dir = join(ROOT, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** Size of the fake camera's frames (a common webcam mode). */
export const CAMERA_FRAME = Object.freeze({ width: 1280, height: 720 });

/**
 * A code as a phone camera sees it: a soft, noisy photo of the PNG (`scale` times its size,
 * deterministic noise), centred in a grey {@link CAMERA_FRAME}. Write it with `toY4m`.
 *
 * @throws RangeError when the photo does not fit the frame.
 */
export function cameraFrame(png: Uint8Array, scale = 1.25): Rgba {
  const source = pngToRgba(png);
  const photo = photoLike(source.data, source.width, source.height, { scale, padding: 24, seed: 7 });
  const { width, height } = CAMERA_FRAME;
  if (photo.width > width || photo.height > height) throw new RangeError(`the photo (${photo.width}×${photo.height}) does not fit the ${width}×${height} frame`);
  const frame = new Uint8ClampedArray(width * height * 4).fill(110);
  const left = Math.floor((width - photo.width) / 2);
  const top = Math.floor((height - photo.height) / 2);
  for (let y = 0; y < photo.height; y++) {
    frame.set(photo.data.subarray(y * photo.width * 4, (y + 1) * photo.width * 4), ((top + y) * width + left) * 4);
  }
  return { data: frame, width, height };
}

/**
 * Sets a checkpoint page up while online: opens `#/setup?source=…`, syncs the trust list and
 * the status list, and waits until its service worker controls the page.
 */
export async function setUpCheckpoint(page: Page, siteUrl: string, issuerUrl: string): Promise<void> {
  await page.goto(`${siteUrl}?source=${encodeURIComponent(issuerUrl)}#/setup`);
  await page.getByTestId('source').waitFor();
  await page.getByTestId('sync').click();
  await page.getByTestId('setup-status').filter({ hasText: 'Updated' }).waitFor({ timeout: 30_000 });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null && document.body.dataset.ready === 'true');
}
