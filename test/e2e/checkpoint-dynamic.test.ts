/**
 * Dynamic codes across two browser contexts (issue #8), in headless Chromium: a holder page
 * makes a non-extractable Ed25519 key in IndexedDB, gets a holder-bound credential from the
 * issuer service and shows a live code re-signed every 10 s; a checkpoint page, offline,
 * scans it through the fake camera (valid, live), sees the same frame again (REPLAYED), and
 * two minutes later by its clock the same frame is a screenshot (PRESENTATION_EXPIRED). The
 * extractable-key fallback is forced with `?key=jwk`. Screenshots go to test-artifacts/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnIssuerService, type IssuerProcess } from '../../examples/issuer-service/child.js';
import { TrustList, verify } from '../../src/index.js';
import { renderPng, scanImage } from '../../src/qr/index.js';
import { pngToRgba, toY4m } from '../support/images.js';
import { artifactPath, buildCheckpointPage, cameraFrame, chromiumAvailable, launchChromium, serveStatic, setUpCheckpoint, type StaticServer } from './support/browser.js';

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI) throw new Error('Chromium is missing at /usr/bin/chromium: .ci/run installs it with apt');

const CONTEXT = { viewport: { width: 420, height: 860 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } as const;

let work: string;
let issuer: IssuerProcess;
let site: StaticServer;
let browser: Browser;
let holderContext: BrowserContext;
let holder: Page;
let checkpointContext: BrowserContext;
let checkpoint: Page;
let trust: TrustList;
/** The fake camera's video: written from the holder's screen before the checkpoint starts its camera. */
let cameraFile: string;
/** The live code the camera shows, and the picture of it. */
let shown: string;
let shownPng: Buffer;
const checkpointRequests: Request[] = [];
const problems: string[] = [];

function watch(page: Page, name: string): void {
  page.on('pageerror', (e) => problems.push(`${name} pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${name} console: ${m.text()}`);
  });
}

async function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: artifactPath(`checkpoint-${name}.png`), fullPage: true });
}

async function verdict(): Promise<{ state: string | null; code: string | null; text: string }> {
  const result = checkpoint.getByTestId('result');
  await result.waitFor({ timeout: 30_000 });
  return { state: await result.getAttribute('data-state'), code: await result.getAttribute('data-code'), text: await result.innerText() };
}

/** Declares on a holder page (everything negative) and waits for the live code. */
async function getLiveCode(page: Page, idNumber: string, name: string): Promise<void> {
  await page.getByTestId('holder-form').waitFor();
  await page.getByTestId('id-number').fill(idNumber);
  await page.getByTestId('holder-name').fill(name);
  await page.getByTestId('get-code').click();
  await page.getByTestId('live-qr').locator('svg').waitFor({ timeout: 30_000 });
}

/** The live code on a holder page, read from a screenshot of its QR as a scanner would. */
async function readLiveCode(page: Page): Promise<string> {
  const text = scanImage(pngToRgba(await page.getByTestId('live-qr').screenshot()));
  expect(text).toMatch(/^HQ1P:/);
  return text!;
}

/** What the holder page stored in IndexedDB under `key`, described (a CryptoKey cannot leave the page). */
function storedRecord(page: Page, key: string): Promise<Record<string, unknown> | undefined> {
  return page.evaluate(
    (name) =>
      new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const open = indexedDB.open('healthcode-checkpoint');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('kv').objectStore('kv').get(name);
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            const value = get.result as Record<string, unknown> | undefined;
            if (!value) return resolve(undefined);
            const out: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(value)) {
              out[k] = v instanceof CryptoKey ? { cryptoKey: true, type: v.type, extractable: v.extractable, algorithm: v.algorithm.name, usages: v.usages } : v;
            }
            resolve(out);
          };
        };
      }),
    key,
  );
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'checkpoint-dynamic-'));
  await buildCheckpointPage(join(work, 'site'));
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!haveChromium)('dynamic codes: holder page and offline checkpoint in headless Chromium', () => {
  beforeAll(async () => {
    issuer = await spawnIssuerService({ dataDir: join(work, 'issuer-data') });
    const root = await (await fetch(`${issuer.url}/root.jwk`)).json();
    trust = await TrustList.fromSigned(await (await fetch(`${issuer.url}/trust-list`)).text(), { keys: [root] });
    site = await serveStatic(join(work, 'site'));
    // Chromium opens the camera's file when a page starts the camera: it is written later.
    cameraFile = join(work, 'live.y4m');
    browser = await launchChromium({ fakeCamera: cameraFile });
    holderContext = await browser.newContext(CONTEXT);
    await holderContext.clock.install();
    holder = await holderContext.newPage();
    watch(holder, 'holder');
    checkpointContext = await browser.newContext({ ...CONTEXT, permissions: ['camera'] });
    await checkpointContext.clock.install(); // the checkpoint's clock runs on; the test moves it
    checkpoint = await checkpointContext.newPage();
    watch(checkpoint, 'checkpoint');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await issuer?.stop();
  });

  it('the checkpoint syncs while online, then goes offline (served by its service worker)', async () => {
    await setUpCheckpoint(checkpoint, site.url, issuer.url);
    await checkpointContext.setOffline(true);
    checkpointContext.on('request', (r) => checkpointRequests.push(r));
    await checkpoint.goto(`${site.url}#/`);
    await checkpoint.getByTestId('scan-view').waitFor();
    expect(await checkpoint.getByTestId('status-info').innerText()).toMatch(/Status list signed \d+ s ago, synced \d+ s ago/);
  });

  it('the holder page keeps a non-extractable Ed25519 key in IndexedDB, gets a holder-bound code, and shows it live with the colour large and a countdown', async () => {
    await holder.goto(`${site.url}?source=${encodeURIComponent(issuer.url)}#/holder`);
    await getLiveCode(holder, '330106199203034321', '陈晓');
    expect(await holder.getByTestId('live-view').getAttribute('data-key-kind')).toBe('crypto-key');
    expect(await storedRecord(holder, 'holderKey')).toMatchObject({
      kind: 'crypto-key',
      privateKey: { cryptoKey: true, type: 'private', extractable: false, algorithm: 'Ed25519', usages: ['sign'] },
      publicJwk: { kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[\w-]{43}$/) },
    });
    expect(await holder.getByTestId('key-note').count()).toBe(0);
    expect(await holder.getByTestId('live-colour').innerText()).toMatch(/绿码\s*GREEN/);
    expect(await holder.getByTestId('live-colour').evaluate((e) => parseFloat(getComputedStyle(e.querySelector('[lang="zh-CN"]')!).fontSize))).toBeGreaterThanOrEqual(48);
    expect(await holder.getByTestId('live-who').innerText()).toBe('陈* …4321');
    expect(await holder.getByTestId('countdown').innerText()).toMatch(/(10|9) 秒后刷新\s*refreshes in (10|9) s/);

    // The credential stored is bound to that key: refused on its own.
    const credential = (await storedRecord(holder, 'holderCredential'))!;
    expect(await verify(credential.code as string, trust)).toMatchObject({ valid: false, code: 'HOLDER_PROOF_REQUIRED' });
    // One picture of the QR for the scanner here and for the camera below (it changes every 10 s).
    const drawnBefore = Number(await holder.getByTestId('live-qr').getAttribute('data-presented-at'));
    shownPng = await holder.getByTestId('live-qr').screenshot();
    const drawnAfter = Number(await holder.getByTestId('live-qr').getAttribute('data-presented-at'));
    shown = scanImage(pngToRgba(shownPng))!;
    expect(shown).toMatch(/^HQ1P:/);
    const result = await verify(shown, trust);
    expect(result).toMatchObject({ valid: true, status: 'green', holderBound: true, name: '陈*', idHint: '4321' });
    expect([drawnBefore, drawnAfter]).toContain(result.valid && result.presentedAt);
    await screenshot(holder, '6a-holder-live-code');
  });

  it('the checkpoint, offline, scans the live code through the fake camera: valid, green, live', async () => {
    const frame = cameraFrame(shownPng);
    expect(scanImage(frame)).toBe(shown); // the camera picture is readable at all
    writeFileSync(cameraFile, toY4m(frame.data, frame.width, frame.height));
    await checkpoint.getByTestId('camera-button').click();
    const { state, text } = await verdict();
    expect(state).toBe('valid-green');
    expect(text).toContain('绿码');
    expect(await checkpoint.getByTestId('live-marker').innerText()).toMatch(/实时动态码.*live code from the holder's phone, made \d+ s ago/s);
    expect(await checkpoint.getByTestId('name').innerText()).toBe('陈*');
    await screenshot(checkpoint, '6b-live-code-valid');
  });

  it('the same frame seen again at that checkpoint is REPLAYED, shown as a refused live code', async () => {
    await checkpoint.getByTestId('scan-next').click(); // back to the camera, which still sees the same frame
    await checkpoint.getByTestId('scan-view').waitFor();
    const { state, code, text } = await verdict();
    expect([state, code]).toEqual(['invalid', 'REPLAYED']);
    expect(text).toContain('NOT ACCEPTED');
    expect(await checkpoint.getByTestId('reason').innerText()).toMatch(/该实时码已在此出示过——请刷新后再出示\s*This live code was already shown here — refresh it and show it again/);
    expect(await checkpoint.getByTestId('advice').innerText()).toContain('Ask the holder to open the live code on their own phone');
    await screenshot(checkpoint, '6c-replayed');
  });

  it('two minutes later by the checkpoint\'s clock, the same frame is PRESENTATION_EXPIRED: a screenshot', async () => {
    await checkpoint.clock.fastForward(120_000);
    await checkpoint.getByTestId('scan-next').click();
    await checkpoint.getByTestId('scan-view').waitFor();
    const { state, code } = await verdict();
    expect([state, code]).toEqual(['invalid', 'PRESENTATION_EXPIRED']);
    expect(await checkpoint.getByTestId('reason').innerText()).toMatch(/截图或旧图片——请出示实时码\s*Screenshot or old picture — show the live code/);
    expect(await checkpoint.getByTestId('detail').innerText()).toMatch(/more than 60 s from now: a screenshot or an old picture/);
    await screenshot(checkpoint, '6d-screenshot-expired');
  });

  it('the bare credential, shown as a picture, is HOLDER_PROOF_REQUIRED', async () => {
    const credential = (await storedRecord(holder, 'holderCredential'))!.code as string;
    await checkpoint.reload(); // a fresh scan view, camera off
    await checkpoint.getByTestId('file-input').setInputFiles({ name: 'credential.png', mimeType: 'image/png', buffer: Buffer.from(renderPng(credential, { scale: 6 })) });
    const { state, code } = await verdict();
    expect([state, code]).toEqual(['invalid', 'HOLDER_PROOF_REQUIRED']);
    expect(await checkpoint.getByTestId('reason').innerText()).toContain("Show the live code from the holder's app");
  });

  it('the holder page signs again every 10 s: the countdown runs down 9, 8, … 1, then a new code 10 s later', async () => {
    const qr = holder.getByTestId('live-qr');
    const presentedAt = async (): Promise<number> => Number(await qr.getAttribute('data-presented-at'));
    const countdown = async (): Promise<number> => Number(/refreshes in (\d+) s/.exec(await holder.getByTestId('countdown').innerText())![1]);
    /** Moves the holder's paused clock one second and waits until a redraw it started has settled. */
    const second = async (): Promise<void> => {
      await holder.clock.runFor(1_000);
      await expect.poll(() => qr.getAttribute('aria-busy')).toBeNull();
    };
    // Pause the holder's clock, then step it until the next redraw: from there it is exact.
    await holder.clock.pauseAt((await holder.evaluate(() => Date.now())) + 100);
    const first = await presentedAt();
    for (let i = 0; i <= 10 && (await presentedAt()) === first; i++) await second();
    const redrawnAt = await presentedAt();
    expect(redrawnAt).toBeGreaterThan(first);
    expect(await countdown()).toBe(10);
    const shownThen = await readLiveCode(holder);
    const seen: number[] = [];
    for (let i = 0; i < 9; i++) {
      await second();
      seen.push(await countdown());
    }
    expect(seen).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await presentedAt()).toBe(redrawnAt);
    await second();
    expect(await presentedAt()).toBe(redrawnAt + 10);
    expect(await countdown()).toBe(10);
    const next = await readLiveCode(holder);
    expect(next).not.toBe(shownThen);
    expect(await verify(next, trust, { now: redrawnAt + 10 })).toMatchObject({ valid: true, holderBound: true, presentedAt: redrawnAt + 10 });
    await holder.clock.resume();
  });

  it('the fallback (?key=jwk): a private JWK in IndexedDB, said on screen; its live codes verify', async () => {
    const context = await browser.newContext(CONTEXT);
    try {
      const page = await context.newPage();
      watch(page, 'fallback');
      await page.goto(`${site.url}?source=${encodeURIComponent(issuer.url)}#/holder?key=jwk`);
      await getLiveCode(page, '440305198811118888', 'Ana Lima');
      expect(await page.getByTestId('live-view').getAttribute('data-key-kind')).toBe('jwk');
      expect(await storedRecord(page, 'holderKey')).toMatchObject({ kind: 'jwk', privateJwk: { kty: 'OKP', crv: 'Ed25519', d: expect.stringMatching(/^[\w-]{43}$/) } });
      expect(await page.getByTestId('key-note').innerText()).toContain("not as a non-extractable key: anyone who can read this browser's storage can copy your live code");
      expect(await verify(await readLiveCode(page), trust)).toMatchObject({ valid: true, holderBound: true, name: 'A*******' });
      await screenshot(page, '6e-holder-fallback-key');
    } finally {
      await context.close();
    }
  });

  it('the checkpoint sent nothing while offline, and no page failed', async () => {
    const fromNetwork: string[] = [];
    for (const r of checkpointRequests) {
      if (/^(data|blob):/.test(r.url())) continue;
      const response = await r.response();
      if (!response?.fromServiceWorker()) fromNetwork.push(`${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`);
    }
    expect(fromNetwork).toEqual([]);
    for (const r of checkpointRequests) expect(`${r.url()} ${r.postData() ?? ''}`).not.toContain(shown.slice(5, 40));
    expect(problems).toEqual([]);
  });
});
