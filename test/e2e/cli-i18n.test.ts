/**
 * The built `healthcode` bin in Chinese: under LANG=zh_CN.UTF-8 results, errors and help
 * are Chinese (codes stay as they are); LC_ALL wins over LANG, as POSIX says.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, ensureBuilt, runBuiltCli, type CliRun } from './build.js';

const ZH = cliEnv({ LANG: 'zh_CN.UTF-8' });
let dir: string;
let text: string;

const cli = (args: string[], env = ZH): Promise<CliRun> => runBuiltCli(args, { cwd: dir, env });

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'healthcode-cli-zh-'));
  expect((await cli(['keygen', '--issuer', 'CN-330100', '--out', 'k.key.json', '--trust', 'trust.json'])).code).toBe(0);
  const issued = await cli(['issue', '--key', 'k.key.json', '--status', 'yellow', '--issued-at', '2026-01-01T00:00:00Z', '--expires', '+1d', '--name', '王*']);
  expect(issued.code, issued.stderr).toBe(0);
  text = issued.stdout.trimEnd();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LANG=zh_CN.UTF-8', () => {
  it('shows a valid code in Chinese', async () => {
    const run = await cli(['verify', text, '--trust', 'trust.json', '--now', '2026-01-01T06:00:00Z']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('黄码 — 有效');
    expect(run.stdout).toMatch(/签发机构\s+CN-330100/);
    expect(run.stdout).toMatch(/姓名\s+王\*/);
    expect(run.stdout).toContain('18小时0分钟后');
  });

  it('names the failure in Chinese and keeps the code', async () => {
    const run = await cli(['verify', text, '--trust', 'trust.json', '--now', '2026-02-01T00:00:00Z']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('无效：已过期（EXPIRED）');
    const json = await cli(['verify', text, '--trust', 'trust.json', '--now', '2026-02-01T00:00:00Z', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, code: 'EXPIRED' });
  });

  it('reports errors in Chinese', async () => {
    chmodSync(join(dir, 'k.key.json'), 0o644);
    const run = await cli(['issue', '--key', 'k.key.json', '--status', 'green', '--expires', '+1h']);
    chmodSync(join(dir, 'k.key.json'), 0o600);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('healthcode：错误：');
    expect(run.stderr).toContain('请运行 "chmod 600 k.key.json"');
    const usage = await cli(['verify', '--trust', 'trust.json']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('运行 "healthcode verify --help" 查看用法');
  });

  it('prints help in Chinese', async () => {
    const top = await cli(['--help']);
    expect(top.stdout).toContain('用法：healthcode <命令>');
    const verify = await cli(['verify', '--help']);
    expect(verify.stdout).toContain('离线核验健康码');
  });

  it('LC_ALL=C overrides LANG, LC_MESSAGES=zh applies when LC_ALL is unset', async () => {
    const english = await cli(['verify', text, '--trust', 'trust.json', '--now', '2026-01-01T06:00:00Z'], { ...ZH, LC_ALL: 'C' });
    expect(english.stdout).toContain('YELLOW — valid');
    const chinese = await cli(['verify', text, '--trust', 'trust.json', '--now', '2026-01-01T06:00:00Z'], cliEnv({ LANG: 'C', LC_MESSAGES: 'zh_TW.UTF-8' }));
    expect(chinese.stdout).toContain('黄码 — 有效');
  });
});
