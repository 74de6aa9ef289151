import { describe, expect, it } from 'vitest';
import { ERROR_CODES, STATUSES } from '../../../src/index.js';
import { QR_ERROR_CODES } from '../../../src/qr/index.js';
import { detectLocale, messagesFor } from '../../../src/cli/i18n.js';

const CJK = /[\u4e00-\u9fff]/;

describe('detectLocale', () => {
  it.each([
    [{}, 'en'],
    [{ LANG: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'zh_TW.UTF-8' }, 'zh'],
    [{ LANG: 'ZH_cn' }, 'zh'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'C' }, 'en'],
    [{ LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh'],
    [{ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh'],
    [{ LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN' }, 'zh'],
  ])('%j → %s', (env, locale) => {
    expect(detectLocale(env)).toBe(locale);
  });
});

describe('messages', () => {
  const en = messagesFor('en');
  const zh = messagesFor('zh');

  it('labels every verify error code in Chinese, each label distinct', () => {
    const labels = ERROR_CODES.map((code) => zh.codeLabels[code]);
    for (const [i, label] of labels.entries()) {
      expect(label, ERROR_CODES[i]).toMatch(CJK);
    }
    expect(new Set(labels).size).toBe(ERROR_CODES.length);
    expect(Object.keys(zh.codeLabels).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('labels every verify error code in English, each label distinct', () => {
    const labels = ERROR_CODES.map((code) => en.codeLabels[code]);
    for (const label of labels) expect(label).toMatch(/^[a-z][A-Za-z0-9 ()]+$/);
    expect(new Set(labels).size).toBe(ERROR_CODES.length);
  });

  it('names the colours 绿码 / 黄码 / 红码', () => {
    expect(zh.statusLabels).toEqual({ green: '绿码', yellow: '黄码', red: '红码' });
    expect(STATUSES.map((s) => en.statusLabels[s])).toEqual(['GREEN', 'YELLOW', 'RED']);
  });

  it('labels every picture error in both languages', () => {
    for (const code of QR_ERROR_CODES) {
      expect(en.qrCodeLabels[code]).toBeTruthy();
      expect(zh.qrCodeLabels[code]).toMatch(CJK);
    }
  });

  it('has the same entries in both languages, and every Chinese sentence is Chinese', () => {
    const args: Record<string, unknown[]> = { oneOf: [['--a', '--b']], badChoice: ['--x', 'y', ['a', 'b']], duration: [1, 2, 3], keyCount: [2] };
    const sample = (value: unknown, key: string): string =>
      typeof value === 'function' ? String((value as (...a: unknown[]) => unknown)(...(args[key] ?? ['X', 'Y']))) : String(value);
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(zh)) {
      if (typeof value === 'object') continue;
      expect(sample(value, key), key).toMatch(CJK);
      expect(sample(value, key), key).not.toBe(sample(en[key as keyof typeof en], key));
    }
    for (const group of ['fields', 'keygen'] as const) {
      expect(Object.keys(zh[group]).sort()).toEqual(Object.keys(en[group]).sort());
      for (const [key, value] of Object.entries(zh[group])) expect(sample(value, key), `${group}.${key}`).toMatch(CJK);
    }
  });

  it('keeps the chmod fix runnable in both languages', () => {
    expect(en.keyFileTooOpen('k.json', '0644')).toContain('chmod 600 k.json');
    expect(zh.keyFileTooOpen('k.json', '0644')).toContain('chmod 600 k.json');
  });
});
