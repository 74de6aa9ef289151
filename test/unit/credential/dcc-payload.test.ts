/**
 * The DCC payload decoder (`decodeDccPayload`) against the general path it replaces on the
 * verify path (`decodeCbor`, then the Maps converted by `dccClaimsFromMap`): on every input,
 * the same claims (frozen alike) or the same error, code and message. Hand-made edge cases
 * first, then thousands of mutations of valid payloads.
 */
import { describe, expect, it } from 'vitest';
import { CborSimple, CborTag, decodeCbor, writeCbor } from '../../../src/codec/cbor.js';
import { dccClaimsFromMap, decodeDccPayload } from '../../../src/credential/dcc.js';
import { isHealthCodeError } from '../../../src/errors.js';
import { dccClaims, SAMPLE_DCC } from '../../support/dcc.js';

const IAT = 1_767_225_600; // 2026-01-01T00:00:00Z
const EXP = IAT + 365 * 86_400;

type Outcome = { claims: unknown; frozen: boolean } | { code: string; message: string };

function outcome(read: () => unknown): Outcome {
  try {
    const claims = dccClaimsFromMap(read());
    return { claims, frozen: deeplyFrozen(claims.hcert) };
  } catch (error) {
    if (isHealthCodeError(error)) return { code: error.code, message: error.message };
    throw error;
  }
}

function deeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen);
}

/** Both paths on the same bytes. */
function both(bytes: Uint8Array): { general: Outcome; direct: Outcome } {
  return { general: outcome(() => decodeCbor(bytes)), direct: outcome(() => decodeDccPayload(bytes)) };
}

function expectSame(bytes: Uint8Array): Outcome {
  const { general, direct } = both(bytes);
  expect(direct).toEqual(general);
  return direct;
}

const hex = (text: string): Uint8Array => Uint8Array.from(text.replace(/\s+/g, '').match(/../g)!.map((h) => parseInt(h, 16)));
const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
/** A payload of iss, iat, exp and hcert {1: the CBOR of `dcc` given as hex}. */
const withDcc = (dccHex: string): Uint8Array => {
  const head = writeCbor(new Map<number, unknown>([[1, 'AT'], [6, IAT], [4, EXP]]));
  // Three entries → four: a3 becomes a4, then -260 (39 0103) → {1: dcc}.
  return hex(`a4${toHex(head.subarray(1))}390103a101${dccHex}`);
};

/** A small deterministic PRNG (mulberry32), so every run tries the same mutations. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('decodeDccPayload', () => {
  it('gives the claims dccClaimsFromMap gives from decodeCbor, frozen', () => {
    const result = expectSame(writeCbor(dccClaims('AT', IAT, EXP)));
    expect(result).toMatchObject({ claims: { issuer: 'AT', issuedAt: IAT, expiresAt: EXP }, frozen: true });
  });

  it('converts as the general path: tags, byte strings, big integers, undefined and simple values, floats', () => {
    const dcc = new Map<string, unknown>([
      ['dt', new CborTag(0, '2026-01-01T00:00:00Z')],
      ['b', Uint8Array.of(1, 2, 3, 255)],
      ['big', 2n ** 64n - 1n],
      ['neg', -(2n ** 64n)],
      ['u', undefined],
      ['s', new CborSimple(99)],
      ['f', 1.5],
      ['n', null],
      ['t', true],
      ['list', [[1, 'a'], new Map([['k', new CborTag(1004, '2026-01-01')]])]],
      ['tagged map', new CborTag(42, new Map([['x', 1]]))],
    ]);
    const result = expectSame(writeCbor(dccClaims('AT', IAT, EXP, dcc)));
    expect(result).toMatchObject({ frozen: true });
  });

  it('keeps "__proto__" a member, never a prototype', () => {
    const result = expectSame(writeCbor(dccClaims('AT', IAT, EXP, new Map([['__proto__', new Map([['polluted', true]])]]))));
    expect('claims' in result && Object.getPrototypeOf((result.claims as { hcert: object }).hcert)).toBe(Object.prototype);
  });

  it('reports a map key that is not text with its path, after the claims before it', () => {
    // {"v": [{"tg": 1, 7: "x"}]}
    const result = expectSame(withDcc('a1 6176 81 a2 6274 67 01 07 6178'));
    expect(result).toEqual({ code: 'BAD_CLAIMS', message: 'the DCC has a map key that is not text at /v[0]' });
    // exp missing is reported first, as before
    expectSame(hex(toHex(withDcc('a1 07 01')).replace(`04${toHex(writeCbor(EXP))}`, `05${toHex(writeCbor(EXP))}`)));
  });

  it('lets a CBOR error after a non-text key win, as rule 4 comes before rule 10', () => {
    // {"a": {7: 1, 7: 2}} : a duplicate integer key, found only by the general reading of the map
    expect(expectSame(withDcc('a1 6161 a2 0701 0702'))).toMatchObject({ code: 'BAD_CBOR' });
    // {7: 1, "a": ff} : a stray break after the non-text key
    expect(expectSame(withDcc('a2 0701 6161 ff'))).toMatchObject({ code: 'BAD_CBOR' });
    // 1 and 1.0 are one key
    expect(expectSame(withDcc('a2 6161 a2 01 01 f93c00 02 6162 00'))).toMatchObject({ code: 'BAD_CBOR' });
  });

  it('refuses duplicate text keys, trailing bytes, indefinite lengths and bad UTF-8 alike', () => {
    expect(expectSame(withDcc('a2 6161 01 6161 02'))).toMatchObject({ code: 'BAD_CBOR' });
    // Past 16 entries, duplicates are found another way: a 20-entry map whose last key repeats
    const twenty = Array.from({ length: 19 }, (_, i) => `62${toHex(new TextEncoder().encode(`k${String.fromCharCode(97 + i)}`))}00`).join('');
    expect(expectSame(withDcc(`b4 ${twenty} 626b61 01`))).toMatchObject({ code: 'BAD_CBOR', message: expect.stringContaining('duplicate map key "ka"') });
    expect(expectSame(withDcc(`b4 ${twenty} 626b7a 01`))).toMatchObject({ claims: expect.anything() });
    expect(expectSame(hex(`${toHex(withDcc('a0'))}00`))).toMatchObject({ code: 'BAD_CBOR' });
    expect(expectSame(withDcc('bf 6161 01 ff'))).toMatchObject({ code: 'BAD_CBOR' });
    expect(expectSame(withDcc('9f 01 ff'))).toMatchObject({ code: 'BAD_CBOR' });
    expect(expectSame(withDcc('a1 6161 62 c328'))).toMatchObject({ code: 'BAD_CBOR' });
    expect(expectSame(withDcc('a1 62c328 01'))).toMatchObject({ code: 'BAD_CBOR' });
  });

  it('applies the depth and item limits alike', () => {
    expect(expectSame(withDcc(`${'81'.repeat(20)}00`))).toMatchObject({ code: 'BAD_CBOR' });
    expect(expectSame(withDcc(`a1 6161 ${'81'.repeat(12)}00`))).toMatchObject({ claims: expect.anything() });
    expect(expectSame(withDcc(`a1 6161 ${'81'.repeat(13)}00`))).toMatchObject({ code: 'BAD_CBOR' });
    expect(expectSame(withDcc(`9a00002000${'00'.repeat(8192)}`))).toMatchObject({ code: 'TOO_LARGE' });
    // A map read twice (its last key is not text) is counted once: 2,100 entries are 4,200
    // items, within the limit of 8,192 once and over it twice.
    const keys = Array.from({ length: 2099 }, (_, i) => `65${toHex(new TextEncoder().encode(`k${String(i).padStart(4, '0')}`))}00`).join('');
    expect(expectSame(withDcc(`b90834 ${keys} 0700`))).toEqual({ code: 'BAD_CLAIMS', message: 'the DCC has a map key that is not text at its top level' });
  });

  it('reports hcert members that are not maps, missing, or twice present alike', () => {
    expect(expectSame(withDcc('81 01'))).toMatchObject({ code: 'BAD_CLAIMS' });
    expect(expectSame(withDcc('d818 a0'))).toMatchObject({ code: 'BAD_CLAIMS' });
    const twice = hex(toHex(withDcc('a0')).replace('390103a101a0', '390103a201a001a0'));
    expect(expectSame(twice)).toMatchObject({ code: 'BAD_CBOR' });
    const missing = hex(toHex(withDcc('a0')).replace('390103a101a0', '390103a102a0'));
    expect(expectSame(missing)).toMatchObject({ code: 'BAD_CLAIMS' });
    // hcert not a map, or a map under a tag: not a DCC, as before
    expectSame(hex(toHex(withDcc('a0')).replace('390103a101a0', '39010381a0')));
    expectSame(hex(toHex(withDcc('a0')).replace('390103a101a0', '390103c1a101a0')));
  });

  it('agrees with the general path on 30,000 mutations of valid payloads', () => {
    const random = prng(20261128);
    const seeds = [
      writeCbor(dccClaims('AT', IAT, EXP)),
      writeCbor(dccClaims('DE', IAT + 0.5, EXP, new Map<string, unknown>([['v', [new Map([['tg', 1], ['__proto__', 2]])]], ['x', Uint8Array.of(9)]]))),
      withDcc('a2 6176 81 a2 6274 67 01 07 6178 6161 f93c00'),
    ];
    const verdicts = new Map<string, number>();
    for (let n = 0; n < 30_000; n++) {
      const seed = seeds[n % seeds.length]!;
      const bytes = Array.from(seed);
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * bytes.length);
        const kind = random();
        if (kind < 0.6) bytes[at] = Math.floor(random() * 256);
        else if (kind < 0.8) bytes.splice(at, 1);
        else bytes.splice(at, 0, Math.floor(random() * 256));
      }
      const { general, direct } = both(Uint8Array.from(bytes));
      if (JSON.stringify(direct) !== JSON.stringify(general)) expect({ input: toHex(Uint8Array.from(bytes)), direct }).toEqual({ input: toHex(Uint8Array.from(bytes)), direct: general });
      const verdict = 'code' in general ? general.code : 'valid';
      verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
    }
    // The mutations reach every outcome, so the agreement means something.
    expect([...verdicts.keys()].sort()).toEqual(expect.arrayContaining(['BAD_CBOR', 'BAD_CLAIMS', 'valid']));
  });
});
