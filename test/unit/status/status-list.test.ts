import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../../../src/codec/cbor.js';
import { fromHex, toHex } from '../../../src/codec/bytes.js';
import { inflateCapped } from '../../../src/codec/inflate.js';
import {
  StatusList,
  STATUS_LIST_MAX_ENTRIES,
  STATUS_LIST_VALUES,
  type StatusListValue,
} from '../../../src/status/status-list.js';

// draft-ietf-oauth-status-list-21 §4.1, the 2-bit example: 12 entries, their packed bytes,
// and the authors' zlib stream of them.
const DRAFT_41_VALUES = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3] as const;
const DRAFT_41_BYTES = 'c944f9';
const DRAFT_41_ZLIB = '78da3be9f2130003df0207';

// draft-ietf-oauth-status-list-21 Appendix C.2: a 2-bit list of 2^20 entries, as the CBOR
// StatusList map; the entries not listed are 0.
const DRAFT_C2_CBOR =
  'a2646269747302636c737459013d78daeddb310d00211000412ea1a04004fe5520ed' +
  '357c28c81d3312b6df68bc65480000000000406e2101000000000000000000000000' +
  '0000000000000000000000000000000000000040795b020000000000000000000000' +
  '00000000000000000000000000000000000000000000000000000000000000000000' +
  '00000000000000000000000000000000000000000000000000000000000000000000' +
  '0080f4ba0400000000000000000000000000406d764a000000000000000000000000' +
  '000000000000000000e0922101000000000000000000000000000000000000fc1312' +
  '00000000000000000000000000000000000000000000000000000000000000c0912e' +
  '01000000000000000000000000000000000000c07d4b020000000000000000000000' +
  '00000000a8614a0000000000000000000000406a1fcd60010c';
const DRAFT_C2_SET: Record<number, StatusListValue> = {
  0: 1,
  1993: 2,
  25460: 1,
  159495: 3,
  495669: 1,
  554353: 1,
  645645: 2,
  723232: 1,
  854545: 1,
  934534: 2,
  1000345: 3,
};

describe('StatusList: the draft\'s bit layout', () => {
  it('packs the §4.1 example into the draft\'s bytes, least significant bits first', () => {
    const list = new StatusList(DRAFT_41_VALUES.length);
    DRAFT_41_VALUES.forEach((v, i) => list.set(i, v));
    expect(toHex(list.toBytes())).toBe(DRAFT_41_BYTES);
  });

  it('reads the §4.1 example from the authors\' zlib stream', async () => {
    const list = StatusList.fromBytes(await inflateCapped(fromHex(DRAFT_41_ZLIB)), DRAFT_41_VALUES.length);
    expect(DRAFT_41_VALUES.map((_, i) => list.get(i))).toEqual([...DRAFT_41_VALUES]);
  });

  it('reads Appendix C.2 (2^20 entries): the listed values, and zero everywhere else', async () => {
    const map = decodeCbor(fromHex(DRAFT_C2_CBOR)) as Map<string, unknown>;
    expect(map.get('bits')).toBe(2);
    const list = StatusList.fromBytes(await inflateCapped(map.get('lst') as Uint8Array, 1 << 18), 1 << 20);
    expect(list.size).toBe(1 << 20);
    let nonZero = 0;
    for (let i = 0; i < list.size; i++) {
      const v = list.get(i);
      if (v !== 0) {
        nonZero++;
        expect([i, v]).toEqual([i, DRAFT_C2_SET[i]]);
      }
    }
    expect(nonZero).toBe(Object.keys(DRAFT_C2_SET).length);
  });
});

describe('StatusList: get and set', () => {
  it('starts all green and keeps each entry apart from its byte neighbours', () => {
    const list = new StatusList(9);
    expect(Array.from({ length: 9 }, (_, i) => list.get(i))).toEqual(new Array(9).fill(0));
    list.set(5, STATUS_LIST_VALUES.revoked);
    list.set(4, STATUS_LIST_VALUES.yellow);
    list.set(6, STATUS_LIST_VALUES.red);
    list.set(5, STATUS_LIST_VALUES.red);
    expect(Array.from({ length: 9 }, (_, i) => list.get(i))).toEqual([0, 0, 0, 0, 1, 2, 2, 0, 0]);
    list.set(5, STATUS_LIST_VALUES.green);
    expect(list.get(5)).toBe(0);
    expect(list.get(4)).toBe(1);
    expect(list.get(6)).toBe(2);
  });

  it('names the values as DESIGN.md does', () => {
    expect(STATUS_LIST_VALUES).toEqual({ green: 0, yellow: 1, red: 2, revoked: 3 });
    expect(Object.isFrozen(STATUS_LIST_VALUES)).toBe(true);
  });

  it('refuses indices outside the list and values outside 0..3', () => {
    const list = new StatusList(10);
    for (const index of [-1, 10, 1.5, Number.NaN, 2 ** 32]) {
      expect(() => list.get(index)).toThrow(RangeError);
      expect(() => list.set(index, 1)).toThrow(/"index" expected an integer in 0\.\.9/);
    }
    for (const value of [4, -1, 1.5, Number.NaN]) expect(() => list.set(0, value as StatusListValue)).toThrow(/"value" expected 0 \(green\)/);
  });

  it('takes sizes from 1 to STATUS_LIST_MAX_ENTRIES and refuses others, naming the field', () => {
    expect(new StatusList(1).toBytes().length).toBe(1);
    expect(new StatusList(STATUS_LIST_MAX_ENTRIES).size).toBe(STATUS_LIST_MAX_ENTRIES);
    expect(() => new StatusList(STATUS_LIST_MAX_ENTRIES + 1)).toThrow(RangeError);
    expect(() => new StatusList(STATUS_LIST_MAX_ENTRIES + 1)).toThrow(/"size" is 100000001, over the limit of 100000000/);
    for (const size of [0, -1, 2.5, '10', undefined]) expect(() => new StatusList(size as number)).toThrow(TypeError);
  });
});

describe('StatusList: bytes', () => {
  it('round-trips through toBytes and fromBytes, copying both ways', () => {
    const list = new StatusList(13);
    list.set(12, 3);
    list.set(0, 1);
    const bytes = list.toBytes();
    expect(bytes.length).toBe(4);
    const back = StatusList.fromBytes(bytes, 13);
    bytes.fill(0xff);
    expect(back.get(12)).toBe(3);
    expect(back.get(0)).toBe(1);
    expect(back.get(1)).toBe(0);
    expect(list.toBytes()).not.toBe(list.toBytes());
  });

  it('defaults the size to four entries a byte and refuses a size that does not fit the bytes', () => {
    expect(StatusList.fromBytes(new Uint8Array(3)).size).toBe(12);
    expect(() => StatusList.fromBytes(new Uint8Array(3), 13)).toThrow(/"bytes" holds 3 bytes, a list of 13 entries needs 4/);
    expect(() => StatusList.fromBytes(new Uint8Array(3), 8)).toThrow(RangeError);
    expect(() => StatusList.fromBytes([1, 2] as unknown as Uint8Array)).toThrow(/"bytes" expected Uint8Array/);
  });

  it('has no meta unless it was loaded from a signed token', () => {
    expect(new StatusList(4).meta).toBeUndefined();
  });
});
