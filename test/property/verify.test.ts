/** Property tests of the use cases (fast-check, fixed seed): round trips, mutations, no throws. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBase45, encodeBase45 } from '../../src/codec/base45.js';
import { issue, verify, TrustList, inspect, type IssueInput } from '../../src/index.js';
import { fixedIssuerKey } from '../support/keys.js';

const SEED = 20_261_128;
const IAT = 1_767_225_600;
const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

let key: Awaited<ReturnType<typeof fixedIssuerKey>>;
let trust: TrustList;

beforeAll(async () => {
  key = await fixedIssuerKey();
  trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
});

const inputArb: fc.Arbitrary<IssueInput> = fc.record(
  {
    status: fc.constantFrom('green', 'yellow', 'red'),
    issuedAt: fc.integer({ min: 0, max: 4_000_000_000 }),
    lifetime: fc.integer({ min: 1, max: 400 * 86_400 }),
    name: fc.string({ unit: 'grapheme', maxLength: 12 }),
    idHint: fc.string({ maxLength: 6 }),
    subjectRef: fc.uint8Array({ maxLength: 32 }),
    statusIndex: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  },
  { requiredKeys: ['status', 'issuedAt', 'lifetime'] },
).map(({ lifetime, ...rest }) => ({ ...rest, expiresAt: rest.issuedAt + lifetime }) as IssueInput);

describe('properties of issue and verify', () => {
  it('issue -> verify round-trips arbitrary claims', async () => {
    await fc.assert(
      fc.asyncProperty(inputArb, async (input) => {
        const text = await issue(input, key.privateJwk);
        const result = await verify(text, trust, { now: input.issuedAt as number });
        expect(result.valid).toBe(true);
        if (!result.valid) return;
        expect(result.status).toBe(input.status);
        expect(result.issuedAt).toBe(input.issuedAt);
        expect(result.expiresAt).toBe(input.expiresAt);
        expect(result.name).toBe(input.name);
        expect(result.idHint).toBe(input.idHint);
        expect(result.statusIndex).toBe(input.statusIndex);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('every single-byte change of a valid code is rejected or verifies to the identical claims', async () => {
    const text = await issue({ status: 'green', issuedAt: IAT, expiresAt: IAT + 86_400, name: '张*', idHint: '123X' }, key.privateJwk);
    const original = await verify(text, trust, { now: IAT });
    expect(original.valid).toBe(true);
    const bytes = decodeBase45(text.slice(4));
    let accepted = 0;
    for (let i = 0; i < bytes.length; i++) {
      for (const delta of [0x01, 0x80, 0xff, 0x5a]) {
        const mutated = bytes.slice();
        mutated[i] = mutated[i]! ^ delta;
        const result = await verify('HQ1:' + encodeBase45(mutated), trust, { now: IAT });
        if (result.valid) {
          accepted++;
          expect(result).toEqual(original);
        }
      }
    }
    // Only changes that keep the signed bytes (e.g. a header encoding the decoder normalises) may pass.
    expect(accepted).toBeLessThan(bytes.length);
  });

  it('verify never throws and never accepts on arbitrary strings', async () => {
    const arbitrary = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: fc.constantFrom(...BASE45), maxLength: 300 }).map((s) => 'HQ1:' + s),
      fc.uint8Array({ maxLength: 300 }).map((b) => 'HQ1:' + encodeBase45(b)),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async (text) => {
        const result = await verify(text, trust, { now: IAT });
        expect(result.valid).toBe(false);
        if (!result.valid) expect(typeof result.message).toBe('string');
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });

  it('inspect throws only HealthCodeErrors on arbitrary input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        try {
          inspect('HQ1:' + encodeBase45(b));
        } catch (error) {
          expect((error as { code?: string }).code).toMatch(/^[A-Z_]+$/);
        }
      }),
      { seed: SEED, numRuns: 1_000 },
    );
  });
});
