/**
 * Browser tests' shared helpers: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), a loopback static server for built pages, the checkpoint page built
 * with Vite into a folder of the test's own, and where screenshots go (test-artifacts/,
 * gitignored, kept by CI as build artefacts). Launch Chromium once per test file.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
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
