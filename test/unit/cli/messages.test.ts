/**
 * The per-command message groups (src/cli/messages/*): the same entries in both languages,
 * every Chinese entry Chinese and different from the English one.
 */
import { describe, expect, it } from 'vitest';
import { messagesFor } from '../../../src/cli/i18n.js';

const CJK = /[\u4e00-\u9fff]/;
const GROUPS = ['trust', 'holder', 'batch', 'statusList'] as const;

/** Arguments of the messages that take something else than a name and numbers. */
const SPECIAL: Record<string, unknown[]> = { countLine: [{ green: 1, yellow: 2, red: 3, revoked: 4 }] };

/** A message as text: functions are called with sample arguments of the right kinds. */
function sample(value: unknown, key: string): string {
  if (typeof value !== 'function') return Array.isArray(value) ? value.join(' ') : String(value);
  const args = SPECIAL[key] ?? Array.from({ length: value.length }, (_, i) => (i === 0 ? 'FILE' : 2));
  return String((value as (...a: unknown[]) => unknown)(...args));
}

describe.each(GROUPS)('messages.%s', (group) => {
  const en = messagesFor('en')[group] as unknown as Record<string, unknown>;
  const zh = messagesFor('zh')[group] as unknown as Record<string, unknown>;

  it('has the same entries in both languages', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('says every Chinese entry in Chinese, differently from the English', () => {
    for (const [key, value] of Object.entries(zh)) {
      expect(sample(value, key), key).toMatch(CJK);
      expect(sample(value, key), key).not.toBe(sample(en[key], key));
    }
  });
});
