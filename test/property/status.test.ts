/**
 * Properties of status lists (fast-check, fixed seed): deflateRuns inflates back to its input
 * through zlib; a StatusList agrees with a plain array; sign → load is the identity on
 * entries; a mutated token never loads as something else and fails only with our codes; the
 * index allocator is a bijection for any size and seed.
 */
import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { deflateRuns } from '../../src/codec/deflate.js';
import { ERROR_CODES, isHealthCodeError } from '../../src/errors.js';
import { signStatusList } from '../../src/status/sign.js';
import { StatusIndexAllocator } from '../../src/status/index-allocator.js';
import { StatusList, type StatusListValue } from '../../src/status/status-list.js';
import { TrustList } from '../../src/trust/trust-list.js';
import { fixedIssuerKey } from '../support/keys.js';

const SEED = 0x5354_4154;
const IAT = 1_767_225_600;
const EXP = IAT + 86_400;

let key: Awaited<ReturnType<typeof fixedIssuerKey>>;
let trust: TrustList;

beforeAll(async () => {
  key = await fixedIssuerKey();
  trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
});

/** Bytes made of runs (of a few values, or any) and stretches of random bytes. */
const runnyBytes = fc
  .array(
    fc.oneof(
      fc.record({ value: fc.constantFrom(0, 1, 0x40, 0xff), length: fc.integer({ min: 1, max: 700 }) }),
      fc.record({ value: fc.integer({ min: 0, max: 255 }), length: fc.integer({ min: 1, max: 300 }) }),
      fc.uint8Array({ minLength: 1, maxLength: 64 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => {
    const chunks = parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p.length).fill(p.value)));
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  });

/** A list size and writes into it (index as a fraction of the size, value 0..3). */
const listWrites = fc.integer({ min: 1, max: 5_000 }).chain((size) =>
  fc.record({
    size: fc.constant(size),
    writes: fc.array(fc.tuple(fc.integer({ min: 0, max: size - 1 }), fc.constantFrom<StatusListValue>(0, 1, 2, 3)), { maxLength: 200 }),
  }),
);

function build(size: number, writes: readonly (readonly [number, StatusListValue])[]): { list: StatusList; model: number[] } {
  const list = new StatusList(size);
  const model = new Array<number>(size).fill(0);
  for (const [i, v] of writes) {
    list.set(i, v);
    model[i] = v;
  }
  return { list, model };
}

function entries(list: StatusList): number[] {
  return Array.from({ length: list.size }, (_, i) => list.get(i));
}

describe('status list properties', () => {
  it('deflateRuns output inflates, through zlib, to exactly its input', () => {
    fc.assert(
      fc.property(runnyBytes, (bytes) => {
        expect(Buffer.from(inflateSync(deflateRuns(bytes))).equals(Buffer.from(bytes))).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('a StatusList agrees with a plain array, and survives toBytes/fromBytes', () => {
    fc.assert(
      fc.property(listWrites, ({ size, writes }) => {
        const { list, model } = build(size, writes);
        const back = StatusList.fromBytes(list.toBytes(), size);
        expect(entries(list)).toEqual(model);
        expect(entries(back)).toEqual(model);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('signStatusList → StatusList.fromSigned gives back every entry', async () => {
    await fc.assert(
      fc.asyncProperty(listWrites, async ({ size, writes }) => {
        const { list, model } = build(size, writes);
        const loaded = await StatusList.fromSigned(await signStatusList(list, key.privateJwk, { issuedAt: IAT, expiresAt: EXP }), trust, { now: IAT });
        expect(loaded.size).toBe(size);
        expect(entries(loaded)).toEqual(model);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('a mutated token fails with one of our codes, or loads as the same list', async () => {
    const { list, model } = build(600, [[0, 1], [17, 3], [599, 2], [300, 2]]);
    const token = await signStatusList(list, key.privateJwk, { issuedAt: IAT, expiresAt: EXP, ttl: 3_600 });
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(token.length - 1), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(token.length - 1) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(token.length), byte: fc.integer({ min: 0, max: 255 }) }),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        let bytes: Uint8Array;
        if (m.kind === 'flip') {
          bytes = token.slice();
          bytes[m.at]! ^= 1 << m.bit;
        } else if (m.kind === 'cut') {
          bytes = token.slice(0, m.at);
        } else {
          bytes = new Uint8Array([...token.subarray(0, m.at), m.byte, ...token.subarray(m.at)]);
        }
        try {
          const loaded = await StatusList.fromSigned(bytes, trust, { now: IAT });
          // Only a change outside what is signed can load (e.g. dropping tag 18): the same list.
          expect(loaded.meta).toEqual({ issuer: 'CN-330100', subject: 'urn:healthcode:status-list:CN-330100', issuedAt: IAT, expiresAt: EXP, ttl: 3_600, currentUntil: IAT + 3_600, kid: key.kid });
          expect(entries(loaded)).toEqual(model);
        } catch (error) {
          expect(isHealthCodeError(error) && ERROR_CODES.includes(error.code)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('the index allocator is a bijection of [0, size) for any size and seed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3_000 }), fc.uint8Array({ minLength: 16, maxLength: 48 }), async (size, seed) => {
        const allocator = await StatusIndexAllocator.create(seed, size);
        const seen = new Uint8Array(size);
        for (let n = 0; n < size; n++) seen[allocator.indexFor(n)]!++;
        expect(seen.every((c) => c === 1)).toBe(true);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
