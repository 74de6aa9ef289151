/** Status-list helpers of the CLI: counting values (the padding of the last byte left out) and INDEX=VALUE changes. */
import { describe, expect, it } from 'vitest';
import { StatusList, type StatusListValue } from '../../../src/index.js';
import { createContext } from '../../../src/cli/context.js';
import { CliError } from '../../../src/cli/errors.js';
import { countValues, parseChange, valueOf } from '../../../src/cli/status-file.js';

const ctx = createContext({ stdout: { write: () => 0 }, stderr: { write: () => 0 }, stdin: (async function* () {})(), env: {}, isTTY: false });

describe('countValues', () => {
  it.each([1, 3, 4, 5, 1001, 40_003])('agrees with counting entry by entry (size %i)', (size) => {
    const list = new StatusList(size);
    let seed = size;
    for (let i = 0; i < size; i += 1 + (seed % 3)) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      list.set(i, (seed % 4) as StatusListValue);
    }
    const naive = [0, 0, 0, 0];
    for (let i = 0; i < size; i++) naive[list.get(i)]!++;
    const counts = countValues(list);
    expect([counts.green, counts.yellow, counts.red, counts.revoked]).toEqual(naive);
    expect(counts.green + counts.yellow + counts.red + counts.revoked).toBe(size);
  });
});

describe('INDEX=VALUE', () => {
  it('reads names and numbers', () => {
    expect(parseChange('status-list', '17=revoked', 'arg', ctx)).toEqual({ index: 17, value: 3 });
    expect(parseChange('status-list', ' 4 = 2 ', 'arg', ctx)).toEqual({ index: 4, value: 2 });
    expect(valueOf('green')).toBe(0);
    expect(valueOf('toString')).toBeUndefined();
    expect(valueOf('4')).toBeUndefined();
  });

  it.each(['17', '17=', '=red', '17=blue', '-1=red', '17=red=green'])('refuses %j as a usage error naming where it was', (text) => {
    let error: unknown;
    try {
      parseChange('status-list', text, 'changes.txt:3', ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe('USAGE');
    expect((error as CliError).message).toContain('changes.txt:3');
  });
});
