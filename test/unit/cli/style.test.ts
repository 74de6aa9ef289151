import { describe, expect, it } from 'vitest';
import { colorEnabled, createStyle, displayWidth, formatFields, padEnd } from '../../../src/cli/style.js';

describe('colorEnabled', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: 'anything' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ TERM: 'dumb' }, true, false],
    [{ TERM: 'xterm-256color' }, true, true],
  ])('%j with a TTY=%s → %s', (env, tty, enabled) => {
    expect(colorEnabled(env, tty)).toBe(enabled);
  });
});

describe('createStyle', () => {
  it('adds ANSI SGR only when enabled', () => {
    expect(createStyle(false).status('red', 'RED')).toBe('RED');
    expect(createStyle(false).fail('x')).toBe('x');
    expect(createStyle(true).status('red', 'RED')).toBe('\u001b[1;97;41mRED\u001b[0m');
    expect(createStyle(true).status('green', 'G')).toContain('42m');
  });
});

describe('display width', () => {
  it('counts CJK and fullwidth characters as two columns', () => {
    expect(displayWidth('GREEN')).toBe(5);
    expect(displayWidth('绿码 — 有效')).toBe(11);
    expect(displayWidth('（EXPIRED）')).toBe(11);
    expect(padEnd('姓名', 6)).toBe('姓名  ');
  });

  it('aligns values after labels of mixed widths', () => {
    expect(formatFields([['签发机构', 'a'], ['kid', 'b']])).toEqual(['  签发机构  a', '  kid       b']);
  });
});
