/**
 * The checkpoint page as a product, in headless Chromium (Debian's, via playwright-core):
 * the issuer service issues codes; the page (built with Vite) loads the signed trust list
 * while online; then the page's server and the issuer stop and the browser goes offline, and
 * the page — served by its service worker — verifies (a) a PNG through the file picker,
 * (b) a tampered code, (c) a code shown to a fake camera. Screenshots of each state go to
 * test-artifacts/. Nothing scanned may leave the browser.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnIssuerService, type IssuerProcess } from '../../examples/issuer-service/child.js';
import { decodeBase45, encodeBase45 } from '../../src/codec/base45.js';
import { decodeCbor, encodeCbor } from '../../src/codec/cbor.js';
import { encodeSign1, parseSign1 } from '../../src/cose/sign1.js';
import { renderPng, scanImage } from '../../src/qr/index.js';
import { pngToRgba, rgbaToPng, toY4m } from '../support/images.js';
import { artifactPath, buildCheckpointPage, cameraFrame, chromiumAvailable, launchChromium, serveStatic, type StaticServer } from './support/browser.js';

const CLEAN = { hasSymptoms: false, visitedHighRiskArea: false, contactWithConfirmed: false } as const;
const HEALTH_CLAIM = -65537; // DESIGN.md: the health-code claim
const STATUS_KEY = 0;

interface Issued {
  code: string;
  png: Buffer;
  name: string;
  idHint: string;
}

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI) throw new Error('Chromium is missing at /usr/bin/chromium: .ci/run installs it with apt');

let work: string;
let issuer: IssuerProcess;
let site: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let green: Issued;
let yellow: Issued;
let red: Issued;
let tamperedPng: Buffer;
/** Every request the browser made, and those made after it went offline. */
const allRequests: Request[] = [];
const offlineRequests: Request[] = [];
let offline = false;
const problems: string[] = [];

async function requestCode(idNumber: string, name: string, answers: Partial<Record<keyof typeof CLEAN, boolean>>): Promise<Issued> {
  const res = await fetch(`${issuer.url}/codes`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ idNumber, name, ...CLEAN, ...answers }) });
  expect(res.status).toBe(201);
  const json = (await res.json()) as { code: string; png: string; name: string; idHint: string };
  return { code: json.code, png: Buffer.from(json.png, 'base64'), name: json.name, idHint: json.idHint };
}

/** A red code edited to say green, its signature kept: what a forger would try. */
function turnGreen(code: string): string {
  const sign1 = parseSign1(decodeBase45(code.slice('HQ1:'.length)));
  const payload = decodeCbor(sign1.payloadBytes) as Map<number, unknown>;
  (payload.get(HEALTH_CLAIM) as Map<number, unknown>).set(STATUS_KEY, 0);
  return `HQ1:${encodeBase45(encodeSign1(sign1.protectedBytes, encodeCbor(payload), sign1.signature))}`;
}

async function screenshot(name: string): Promise<Buffer> {
  return page.screenshot({ path: artifactPath(`checkpoint-${name}.png`), fullPage: true });
}

async function verdict(): Promise<{ state: string | null; code: string | null; text: string }> {
  const result = page.getByTestId('result');
  await result.waitFor({ timeout: 30_000 });
  return { state: await result.getAttribute('data-state'), code: await result.getAttribute('data-code'), text: await result.innerText() };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'checkpoint-e2e-'));
  await buildCheckpointPage(join(work, 'site'));
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('checkpoint page build', () => {
  /** The scripts index.html loads at once (entry and preloads): the verify path, without the lazy views, lists and workers. */
  function initialScripts(site: string): string[] {
    const html = readFileSync(join(site, 'index.html'), 'utf8');
    return [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
  }

  it('measures the page\'s JavaScript (gzip): the verify path, and what loads only when used', () => {
    const site = join(work, 'site');
    const gzip = (file: string): number => gzipSync(readFileSync(join(site, file))).length;
    const assets = readdirSync(join(site, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
    const initial = initialScripts(site);
    expect(initial.length).toBeGreaterThan(0);
    const worker = assets.filter((f) => /scan-worker-/.test(f));
    const holder = assets.filter((f) => /holder-view-/.test(f));
    const live = assets.filter((f) => /live-code-view-/.test(f));
    const holderWorker = assets.filter((f) => /holder-worker-/.test(f));
    const statusList = assets.filter((f) => /status-list-/.test(f));
    // The QR renderer is a chunk of its own, shared by the two holder views.
    const renderer = assets.filter((f) => /render-/.test(f));
    expect([worker, holder, live, holderWorker, statusList, renderer].map((files) => files.length)).toEqual([1, 1, 1, 1, 1, 1]);
    const sizes = {
      verifyPathGzip: initial.reduce((n, f) => n + gzip(f), 0),
      statusListGzip: gzip(statusList[0]!),
      holderViewGzip: gzip(holder[0]!) + gzip(renderer[0]!),
      liveCodeViewGzip: gzip(live[0]!) + gzip(renderer[0]!),
      holderWorkerGzip: gzip(holderWorker[0]!),
      scannerWorkerGzip: gzip(worker[0]!),
      serviceWorkerGzip: gzip('sw.js'),
      allButWorkerGzip: [...assets.filter((f) => !worker.includes(f)), 'sw.js'].reduce((n, f) => n + gzip(f), 0),
    };
    writeFileSync(artifactPath('checkpoint-size.json'), `${JSON.stringify(sizes, null, 2)}\n`);
    console.log(`checkpoint page JavaScript: ${JSON.stringify(sizes)}`);
    // The target for the verify path: 30 KB.
    expect(sizes.verifyPathGzip).toBeLessThan(30_000);
    // The QR renderer, jsQR, the holder's signing (a worker of its own) and the status-list
    // token reader (loaded when a list is held) stay out of the verify path.
    for (const file of initial) expect(readFileSync(join(site, file), 'utf8')).not.toMatch(/Version.*ECBlocks|inversionAttempts|credentialText|statuslist\+cwt/);
  });

  it('precaches every built file in its service worker, under a cache named after their content', () => {
    const site = join(work, 'site');
    const sw = readFileSync(join(site, 'sw.js'), 'utf8');
    const manifest = JSON.parse(JSON.parse(/JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(sw)![1]!)) as { version: string; files: string[] };
    const built = ['index.html', ...readdirSync(join(site, 'assets')).map((f) => `assets/${f}`)];
    expect(manifest.files.sort()).toEqual(['./', ...built.map((f) => `./${f}`)].sort());
    expect(manifest.version).toMatch(/^[\w-]{16}$/);
  });
});

describe.skipIf(!haveChromium)('checkpoint page in headless Chromium', () => {
  beforeAll(async () => {
    issuer = await spawnIssuerService({ dataDir: join(work, 'issuer-data') });
    green = await requestCode('330106199001011234', '张三', {});
    yellow = await requestCode('310101198502025678', '王小明', { visitedHighRiskArea: true });
    red = await requestCode('440305197703039012', '李四', { hasSymptoms: true });
    tamperedPng = Buffer.from(renderPng(turnGreen(red.code), { scale: 8 }));

    const frame = cameraFrame(yellow.png);
    expect(scanImage(frame)).toBe(yellow.code); // the camera picture is readable at all
    const y4m = join(work, 'camera.y4m');
    writeFileSync(y4m, toY4m(frame.data, frame.width, frame.height));

    site = await serveStatic(join(work, 'site'));
    browser = await launchChromium({ fakeCamera: y4m });
    context = await browser.newContext({ viewport: { width: 420, height: 860 }, deviceScaleFactor: 1, permissions: ['camera'], locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.on('request', (r) => {
      allRequests.push(r);
      if (offline) offlineRequests.push(r);
    });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await issuer?.stop();
  });

  it('loads the signed trust list while online, pins the root, and installs its service worker', async () => {
    await page.goto(`${site.url}?source=${encodeURIComponent(issuer.url)}#/setup`);
    await expect.poll(() => page.getByTestId('source').inputValue()).toBe(issuer.url);
    await page.getByTestId('sync').click();
    await expect.poll(() => page.getByTestId('setup-status').innerText(), { timeout: 30_000 }).toContain('Updated');
    const rootKid = /root key (\S+) /.exec(issuer.output().stdout)![1]!;
    expect(await page.getByTestId('pinned').innerText()).toContain(`Pinned root key ${rootKid}`);
    expect(await page.getByTestId('trust-info').innerText()).toMatch(/Trust list #1, signed \d+ s ago, synced \d+ s ago/);
    // The service worker has cached the page and controls it.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await screenshot('1-setup');
  });

  it('works with no network: the page server and the issuer stop, the browser goes offline, the page reloads from its service worker', async () => {
    await site.close();
    await issuer.stop();
    await context.setOffline(true);
    offline = true;
    await page.goto(`${site.url}#/`);
    await page.getByTestId('scan-view').waitFor();
    expect(await page.getByTestId('trust-info').innerText()).toContain('Trust list #1');
    expect(await page.getByTestId('trust-info').getAttribute('data-stale')).toBe('false');
    await screenshot('2-offline-home');
  });

  it('(a) verifies the issued PNG picked with the file picker: green, with the masked name and id hint', async () => {
    await page.getByTestId('file-input').setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: green.png });
    const { state, text } = await verdict();
    expect(state).toBe('valid-green');
    expect(text).toContain('绿码');
    expect(text).toContain('GREEN');
    expect(await page.getByTestId('name').innerText()).toBe('张*');
    expect(await page.getByTestId('id-hint').innerText()).toBe('…1234');
    expect(await page.getByTestId('issuer').innerText()).toBe('杭州市卫生健康委员会 Hangzhou Health Commission (CN-330100)');
    expect(text).toMatch(/Trust list #1, signed \d+ (s|min) ago/);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="result"]')!).backgroundColor)).toBe('rgb(22, 131, 58)');
    await screenshot('3a-green-from-file');
  });

  it('(b) shows "not valid" with the reason for a red code edited to say green', async () => {
    await page.getByTestId('scan-next').click();
    await page.getByTestId('file-input').setInputFiles({ name: 'forged.png', mimeType: 'image/png', buffer: tamperedPng });
    const { state, code, text } = await verdict();
    expect([state, code]).toEqual(['invalid', 'BAD_SIGNATURE']);
    expect(text).toContain('无效');
    expect(text).toContain('NOT VALID');
    expect(await page.getByTestId('reason').innerText()).toMatch(/伪造或被篡改的码\s*Forged or altered code/);
    expect(await page.getByTestId('detail').innerText()).toContain('the signature does not verify');
    expect(text).not.toContain('GREEN');
    await screenshot('3b-tampered');
  });

  it('(c) verifies a code shown to the (fake) camera: yellow, the right person', async () => {
    await page.getByTestId('scan-next').click();
    await page.getByTestId('camera-button').click();
    const { state, text } = await verdict();
    expect(state).toBe('valid-yellow');
    expect(text).toContain('黄码');
    expect(await page.getByTestId('name').innerText()).toBe('王**');
    expect(await page.getByTestId('id-hint').innerText()).toBe('…5678');
    await screenshot('3c-yellow-from-camera');
    // "Scan next" after a camera scan goes straight back to the camera, which still sees the code.
    await page.getByTestId('scan-next').click();
    await page.getByTestId('scan-view').waitFor();
    expect((await verdict()).state).toBe('valid-yellow');
  });

  it('says so when a picture holds no QR code, or is not a picture', async () => {
    await page.reload(); // a fresh scan view, camera off
    await page.getByTestId('scan-view').waitFor();
    const blank = rgbaToPng(new Uint8Array(64 * 64 * 4).fill(255), 64, 64);
    await page.getByTestId('file-input').setInputFiles({ name: 'blank.png', mimeType: 'image/png', buffer: Buffer.from(blank) });
    await expect.poll(() => page.getByTestId('status').innerText()).toContain('No QR code found in the picture');
    await page.getByTestId('file-input').setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from(blank.subarray(0, 40)) });
    await expect.poll(() => page.getByTestId('status').innerText()).toContain('This picture cannot be read');
    await screenshot('3d-unreadable-picture');
  });

  it('shows a code large in the holder view (#/show?code=…), offline, readable by a scanner', async () => {
    await page.goto(`${site.url}#/show?code=${encodeURIComponent(red.code)}`);
    await page.getByTestId('holder-qr').locator('svg').waitFor();
    const shot = await screenshot('4-holder-view');
    expect(scanImage(pngToRgba(shot))).toBe(red.code);
  });

  it('eight days later: the trust list shows as out of date, and the code as expired', async () => {
    await context.clock.install({ time: Date.now() + 8 * 86_400_000 });
    await page.goto(`${site.url}#/`);
    await page.getByTestId('scan-view').waitFor();
    expect(await page.getByTestId('trust-info').getAttribute('data-stale')).toBe('true');
    expect(await page.getByTestId('trust-info').innerText()).toMatch(/OUT OF DATE \(expired 1 d ago\): sync while online/);
    await page.getByTestId('file-input').setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: green.png });
    const { state, code } = await verdict();
    expect([state, code]).toEqual(['invalid', 'EXPIRED']);
    expect(await page.getByTestId('reason').innerText()).toMatch(/已过期，请重新申领\s*Code expired — get a new code/);
    await screenshot('5-eight-days-later');
  });

  it('sent nothing anywhere while offline (everything came from its service worker), and never sent a scanned code', async () => {
    const fromNetwork: string[] = [];
    for (const r of offlineRequests) {
      if (/^(data|blob):/.test(r.url())) continue;
      const response = await r.response();
      if (!response?.fromServiceWorker()) fromNetwork.push(`${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`);
    }
    expect(offlineRequests.length).toBeGreaterThan(3); // the page, its script and style, the holder view's chunk
    expect(fromNetwork).toEqual([]);

    const pageOrigin = new URL(site.url).origin;
    const elsewhere = allRequests.filter((r) => !/^(data|blob):/.test(r.url()) && new URL(r.url()).origin !== pageOrigin);
    expect(elsewhere.map((r) => `${r.method()} ${new URL(r.url()).pathname}`).sort()).toEqual(['GET /root.jwk', 'GET /status-list', 'GET /trust-list']);
    for (const r of allRequests) {
      const sent = `${r.url()} ${r.postData() ?? ''}`;
      for (const issued of [green, yellow, red]) {
        expect(sent).not.toContain(issued.code.slice(4, 40));
        expect(sent).not.toContain(encodeURIComponent(issued.code.slice(4, 40)));
      }
    }
    expect(problems).toEqual([]);
  });
});
