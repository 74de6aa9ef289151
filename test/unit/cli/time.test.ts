import { describe, expect, it } from 'vitest';
import { formatTime, parseSeconds, parseTime, splitDuration } from '../../../src/cli/time.js';

const BASE = 1_767_225_600; // 2026-01-01T00:00:00Z

describe('parseTime', () => {
  it.each([
    ['1767225600', 1_767_225_600],
    ['0', 0],
    ['+30m', BASE + 1800],
    ['+24h', BASE + 86_400],
    ['+7d', BASE + 7 * 86_400],
    ['+90s', BASE + 90],
    ['+2w', BASE + 14 * 86_400],
    ['-1h', BASE - 3600],
    ['2026-01-31', 1_769_817_600],
    ['2026-01-01T00:00:00Z', BASE],
    ['2026-01-01t00:00:00z', BASE],
    ['2026-01-01 00:00:00Z', BASE],
    ['2026-01-01T08:00:00+08:00', BASE],
    ['2026-01-01T08:00+0800', BASE],
    ['2025-12-31T19:00:00-05:00', BASE],
    ['2026-01-01T00:00:00.999Z', BASE],
    ['2024-02-29', 1_709_164_800],
  ])('%s → %i', (value, seconds) => {
    expect(parseTime(value, BASE)).toEqual({ ok: true, seconds });
  });

  it.each([
    ['tomorrow', 'format'],
    ['March 7 2026', 'format'],
    ['', 'format'],
    ['24h', 'format'],
    ['+5y', 'format'],
    ['+1.5h', 'format'],
    ['1.5', 'format'],
    ['-5', 'format'],
    ['2026-02-29', 'format'],
    ['2026-13-01', 'format'],
    ['2026-00-10', 'format'],
    ['2026-04-31', 'format'],
    ['2026-01-01T24:00:00Z', 'format'],
    ['2026-01-01T12:60Z', 'format'],
    ['2026-01-01T12:00:60Z', 'format'],
    ['2026-01-01T12:00+24:00', 'format'],
    ['2026-1-1', 'format'],
    ['2026-01-01T08:00:00', 'zone'],
    ['2026-01-01T08:00', 'zone'],
    ['1767225600000', 'milliseconds'],
    ['-99999999h', 'range'],
    ['1969-12-31T23:59:59Z', 'range'],
  ])('%j is refused (%s)', (value, problem) => {
    expect(parseTime(value, BASE)).toEqual({ ok: false, problem });
  });

  it('counts offsets from the base it is given', () => {
    expect(parseTime('+1h', 0)).toEqual({ ok: true, seconds: 3600 });
    expect(parseTime('-1s', 0)).toEqual({ ok: false, problem: 'range' });
  });
});

describe('parseSeconds', () => {
  it('reads whole non-negative seconds only', () => {
    expect(parseSeconds('0')).toBe(0);
    expect(parseSeconds('300')).toBe(300);
    for (const bad of ['', '-1', '1.5', '5m', ' 5', '1e3', '9999999999']) expect(parseSeconds(bad)).toBeUndefined();
  });
});

describe('formatTime / splitDuration', () => {
  it('formats whole seconds as ISO 8601 UTC', () => {
    expect(formatTime(BASE)).toBe('2026-01-01T00:00:00Z');
    expect(formatTime(BASE + 59)).toBe('2026-01-01T00:00:59Z');
  });

  it('splits a span (either sign) into days, hours and minutes', () => {
    expect(splitDuration(90_061)).toEqual({ days: 1, hours: 1, minutes: 1 });
    expect(splitDuration(-3_599)).toEqual({ days: 0, hours: 0, minutes: 59 });
  });
});
