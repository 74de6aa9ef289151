/**
 * Status lists at the checkpoint (issue #9), in headless Chromium: the issuer service issues
 * codes, then the health authority raises one person's colour and lowers another's without
 * re-issuing (`POST /people/:id/status`); the checkpoint page syncs the signed status list with
 * the trust list while online, goes offline, and three hours later by its clock shows each
 * code in its new colour with "updated 3 h ago" and what the code itself says. Screenshots go
 * to test-artifacts/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnIssuerService, type IssuerProcess } from '../../examples/issuer-service/child.js';
import { artifactPath, buildCheckpointPage, chromiumAvailable, launchChromium, serveStatic, setUpCheckpoint, type StaticServer } from './support/browser.js';

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI) throw new Error('Chromium is missing at /usr/bin/chromium: .ci/run installs it with apt');

const CLEAN = { hasSymptoms: false, visitedHighRiskArea: false, contactWithConfirmed: false } as const;
const HOUR_MS = 3_600_000;

interface Issued {
  code: string;
  png: Buffer;
  personId: string;
}

let work: string;
let issuer: IssuerProcess;
let site: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let raised: Issued;
let lowered: Issued;
let untouched: Issued;
const problems: string[] = [];

async function requestCode(idNumber: string, name: string, answers: Partial<Record<keyof typeof CLEAN, boolean>>): Promise<Issued> {
  const res = await fetch(`${issuer.url}/codes`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ idNumber, name, ...CLEAN, ...answers }) });
  expect(res.status).toBe(201);
  const json = (await res.json()) as { code: string; png: string; personId: string };
  return { code: json.code, png: Buffer.from(json.png, 'base64'), personId: json.personId };
}

/**
 * Sets a colour, and waits until the status list the service serves shows it: a change made in
 * the second of a list already signed is signed from the next second on
 * (examples/issuer-service/routes/person-status.ts), and a checkpoint syncing within that
 * second would get the list without it.
 */
async function setStatus(person: Issued, status: string, reason: string): Promise<void> {
  const res = await fetch(`${issuer.url}/people/${person.personId}/status`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status, reason }) });
  expect(res.status).toBe(200);
  const answer = (await res.json()) as { statusList: { showsChange: boolean } };
  expect(answer).toMatchObject({ status, changed: true });
  if (!answer.statusList.showsChange) await new Promise((resolve) => setTimeout(resolve, 1_100));
}

async function screenshot(name: string): Promise<Buffer> {
  return page.screenshot({ path: artifactPath(`checkpoint-${name}.png`), fullPage: true });
}

async function pick(issued: Issued): Promise<{ state: string | null; source: string | null; text: string }> {
  await page.getByTestId('file-input').setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: issued.png });
  const result = page.getByTestId('result');
  await result.waitFor({ timeout: 30_000 });
  return { state: await result.getAttribute('data-state'), source: await result.getAttribute('data-status-source'), text: await result.innerText() };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'checkpoint-status-'));
  await buildCheckpointPage(join(work, 'site'));
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!haveChromium)('status list at the offline checkpoint page in headless Chromium', () => {
  beforeAll(async () => {
    issuer = await spawnIssuerService({ dataDir: join(work, 'issuer-data') });
    raised = await requestCode('330106199001011234', '张三', {});
    lowered = await requestCode('310101198502025678', '王小明', { visitedHighRiskArea: true });
    untouched = await requestCode('440305197703039012', '李四', {});
    // The authority changes two colours: the list entries change, the codes stay as they are.
    await setStatus(raised, 'red', 'close contact of a confirmed case');
    await setStatus(lowered, 'green', 'negative test, left the area 14 days ago');
    site = await serveStatic(join(work, 'site'));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 420, height: 860 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await context.clock.install();
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

  it('syncs the status list with the trust list while online, and shows its age in the header', async () => {
    await setUpCheckpoint(page, site.url, issuer.url);
    await page.goto(`${site.url}#/`);
    await page.getByTestId('scan-view').waitFor();
    expect(await page.getByTestId('status-info').getAttribute('data-current')).toBe('true');
    expect(await page.getByTestId('status-info').innerText()).toMatch(/Status list signed \d+ s ago, synced \d+ s ago\s*1 天后停用\s*stops being used in 1 d/);
  });

  it('offline, three hours later: a code whose colour was raised shows red, "updated 3 h ago", and what the code says', async () => {
    await site.close();
    await issuer.stop();
    await context.setOffline(true);
    // A few minutes past 3 h: a list is signed with the next second as its iat, so at exactly 3 h
    // its age can floor to "2 h".
    await page.clock.fastForward(3 * HOUR_MS + 5 * 60_000);
    await page.reload(); // from the service worker
    await page.getByTestId('scan-view').waitFor();
    expect(await page.getByTestId('status-info').innerText()).toMatch(/状态列表，3 小时前签发，3 小时前同步\s*Status list signed 3 h ago, synced 3 h ago/);
    await screenshot('7a-offline-home-with-status-list');

    const { state, source, text } = await pick(raised);
    expect([state, source]).toEqual(['valid-red', 'list']);
    expect(text).toMatch(/红码\s*RED/);
    expect(await page.getByTestId('status-updated').innerText()).toMatch(/状态更新于3 小时前\s*updated 3 h ago/);
    expect(await page.getByTestId('issued-as').innerText()).toMatch(/码上原为绿码\s*the code itself says GREEN/);
    expect(await page.getByTestId('name').innerText()).toBe('张*');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="result"]')!).backgroundColor)).toBe('rgb(198, 40, 40)');
    await screenshot('7b-raised-by-status-list');
  });

  it('a code whose colour was lowered shows green, and an unchanged one its colour confirmed by the list', async () => {
    await page.getByTestId('scan-next').click();
    const down = await pick(lowered);
    expect([down.state, down.source]).toEqual(['valid-green', 'list']);
    expect(await page.getByTestId('issued-as').innerText()).toMatch(/the code itself says YELLOW/);
    await screenshot('7c-lowered-by-status-list');
    await page.getByTestId('scan-next').click();
    const same = await pick(untouched);
    expect([same.state, same.source]).toEqual(['valid-green', 'list']);
    expect(await page.getByTestId('status-updated').innerText()).toContain('updated 3 h ago');
    expect(await page.getByTestId('issued-as').count()).toBe(0);
  });

  it('once the list is past its ttl (36 h), the header says it is out of date', async () => {
    await page.clock.fastForward(34 * HOUR_MS);
    await page.reload();
    await page.getByTestId('scan-view').waitFor();
    expect(await page.getByTestId('status-info').getAttribute('data-current')).toBe('false');
    expect(await page.getByTestId('status-info').innerText()).toContain('Status list OUT OF DATE: colours as issued; sync while online');
    await screenshot('7d-status-list-out-of-date');
    expect(problems).toEqual([]);
  });
});
