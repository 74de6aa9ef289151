/**
 * The built `healthcode` bin with pictures: issue/render to PNG, SVG and the terminal,
 * then scan and `verify --image`, for every colour and for a photo-like JPEG.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photoLike, pngToRgba, rgbaToJpeg } from '../support/images.js';
import { ensureBuilt, runBuiltCli, type CliRun } from './build.js';

const ISSUED = '2026-01-01T00:00:00Z';
const NOON = '2026-01-01T12:00:00Z';

let dir: string;
let secret: string;
const runs: CliRun[] = [];

async function cli(args: string[], input?: string): Promise<CliRun> {
  const run = await runBuiltCli(args, { cwd: dir, ...(input !== undefined && { input }) });
  runs.push(run);
  return run;
}

async function issue(status: string, extra: string[] = []): Promise<string> {
  const run = await cli(['issue', '--key', 'k.key.json', '--status', status, '--issued-at', ISSUED, '--expires', '+1d', ...extra]);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trimEnd();
}

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'healthcode-cli-images-'));
  const run = await cli(['keygen', '--issuer', 'CN-330100', '--out', 'k.key.json', '--trust', 'trust.json']);
  expect(run.code, run.stderr).toBe(0);
  secret = (JSON.parse(readFileSync(join(dir, 'k.key.json'), 'utf8')) as { d: string }).d;
});

afterAll(() => {
  for (const run of runs) expect(run.stdout + run.stderr).not.toContain(secret);
  rmSync(dir, { recursive: true, force: true });
});

describe('issue and render to PNG, then verify --image', () => {
  it.each(['green', 'yellow', 'red'])('a %s code drawn with render --png verifies from the picture', async (status) => {
    const text = await issue(status, ['--name', '李*', '--id-hint', '0042']);
    const render = await cli(['render', text, '--png', `${status}.png`]);
    expect(render.code, render.stderr).toBe(0);
    expect(render.stdout).toContain(`wrote ${status}.png`);
    const run = await cli(['verify', '--image', `${status}.png`, '--trust', 'trust.json', '--now', NOON, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, status, name: '李*', idHint: '0042' });
  });

  it('issue --png writes the picture and still prints only the text on stdout', async () => {
    const run = await cli(['issue', '--key', 'k.key.json', '--status', 'yellow', '--issued-at', ISSUED, '--expires', '+1d', '--png', 'issued.png']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^HQ1:\S.*\n$/);
    expect(run.stderr).toContain('wrote issued.png');
    const scan = await cli(['scan', 'issued.png']);
    expect(scan).toMatchObject({ code: 0, stdout: run.stdout });
  });

  it('a photo-like JPEG of the code (rotated, noisy, low contrast) verifies', async () => {
    const text = await issue('green');
    expect((await cli(['render', text, '--png', 'clean.png'])).code).toBe(0);
    const clean = pngToRgba(readFileSync(join(dir, 'clean.png')));
    const photo = photoLike(clean.data, clean.width, clean.height, { rotate90: true, seed: 7 });
    writeFileSync(join(dir, 'photo.jpg'), rgbaToJpeg(photo.data, photo.width, photo.height, 80));
    const run = await cli(['verify', '--image', 'photo.jpg', '--trust', 'trust.json', '--now', NOON, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, status: 'green' });
  });

  it('render --svg writes an SVG document; --terminal draws on stdout', async () => {
    const text = await issue('green');
    const svg = await cli(['render', text, '--svg', 'code.svg']);
    expect(svg.code).toBe(0);
    expect(readFileSync(join(dir, 'code.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const terminal = await cli(['render', '-', '--terminal'], `${text}\n`);
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).toMatch(/^[ ▀▄█\n]+$/);
    expect(terminal.stdout.split('\n').length).toBeGreaterThan(20);
  });

  it('issue --terminal draws the QR on stderr, keeping stdout the text', async () => {
    const run = await cli(['issue', '--key', 'k.key.json', '--status', 'green', '--expires', '+1h', '--terminal']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^HQ1:[^\n]+\n$/);
    expect(run.stderr).toMatch(/[▀▄█]/);
  });

  it('render takes exactly one output and valid picture options', async () => {
    const none = await cli(['render', 'HQ1:ABC']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('exactly one of');
    const scale = await cli(['render', 'HQ1:ABC', '--png', 'x.png', '--scale', '0']);
    expect(scale.code).toBe(2);
    expect(scale.stderr).toContain('--scale "0"');
    const level = await cli(['render', 'HQ1:ABC', '--svg', 'x.svg', '--error-correction', 'X']);
    expect(level.code).toBe(2);
    const big = await cli(['render', 'A'.repeat(5000), '--png', 'x.png']);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('cannot render');
  });
});

describe('pictures that cannot be read exit 2', () => {
  it.each([
    ['a missing file', 'missing.png', undefined, 'no such file', 'FILE_NOT_FOUND'],
    ['a text file', 'notes.png', 'hello', '', 'UNSUPPORTED_IMAGE'],
    ['a picture without a code', 'blank.jpg', 'BLANK', 'no QR code found', 'NO_QR_FOUND'],
  ])('%s', async (_, name, content, message, code) => {
    if (content === 'BLANK') {
      const text = await issue('green');
      expect((await cli(['render', text, '--png', 'ref.png'])).code).toBe(0);
      const ref = pngToRgba(readFileSync(join(dir, 'ref.png')));
      ref.data.fill(255);
      writeFileSync(join(dir, name), rgbaToJpeg(ref.data, ref.width, ref.height));
    } else if (content !== undefined) {
      writeFileSync(join(dir, name), content);
    }
    const verify = await cli(['verify', '--image', name, '--trust', 'trust.json', '--json']);
    expect(verify.code).toBe(2);
    expect(JSON.parse(verify.stdout)).toMatchObject({ valid: false, code });
    expect(verify.stderr).toContain(message);
    expect(verify.stderr).not.toMatch(/\n\s+at /);
    const scan = await cli(['scan', name]);
    expect(scan.code).toBe(2);
    expect(scan.stdout).toBe('');
  });

  it('scan needs a file', async () => {
    const run = await cli(['scan']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing FILE');
  });
});
