/**
 * Key lifecycle and federation over signed trust lists, as a national root and its regions
 * would run them (docs/trust.md): rotation with per-key windows, a revoked key, the
 * issuer-key binding, keys sharing a kid, a replayed older list, and the clock floor.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { issue, nextTimeFloor, signTrustList, TrustList, verify, type ErrorCode, type VerifyResult } from '../../../src/index.js';
import { fixedIssuerKey } from '../../support/keys.js';

const HOUR = 3_600;
const DAY = 86_400;
const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z: Zhejiang's first key and Beijing's key enter service
const T1 = T0 + 90 * DAY; // 2026-04-01: Zhejiang rotates: key 1 retires, key 2 starts

type Key = Awaited<ReturnType<typeof fixedIssuerKey>>;
let root: Key;
let zhejiang1: Key;
let zhejiang2: Key;
let beijing: Key;
let roots: { keys: unknown[] };

beforeAll(async () => {
  root = await fixedIssuerKey('CN-ROOT', '10'.repeat(32));
  zhejiang1 = await fixedIssuerKey('CN-330000', '11'.repeat(32));
  zhejiang2 = await fixedIssuerKey('CN-330000', '12'.repeat(32));
  beijing = await fixedIssuerKey('CN-110000', '13'.repeat(32));
  roots = { keys: [root.publicJwk] };
});

/** The national list at each step of the story. */
function keysAt(step: 'start' | 'rotated' | 'revoked'): unknown[] {
  const z1 = { ...zhejiang1.publicJwk, nbf: T0, ...(step !== 'start' && { exp: T1 }), ...(step === 'revoked' && { revoked: true }) };
  const z2 = { ...zhejiang2.publicJwk, nbf: T1 };
  const b = { ...beijing.publicJwk, nbf: T0 };
  return step === 'start' ? [z1, b] : [z1, z2, b];
}

async function listAt(step: 'start' | 'rotated' | 'revoked', seq: number, issuedAt: number): Promise<string> {
  return signTrustList({ keys: keysAt(step) }, root.privateJwk, { seq, issuedAt, expiresAt: issuedAt + 30 * DAY });
}

function code(key: Key, issuedAt: number, expiresAt = issuedAt + 7 * DAY, issuer?: string): Promise<string> {
  return issue({ status: 'green', issuedAt, expiresAt, ...(issuer !== undefined && { issuer }) }, key.privateJwk);
}

function expectCode(result: VerifyResult, code: ErrorCode, fragment: RegExp): void {
  expect(result).toMatchObject({ valid: false, code });
  expect(result.valid || result.message).toMatch(fragment);
}

describe('key lifecycle over signed lists', () => {
  it('rotation: codes from the retired key issued before it retired stay valid until their own exp', async () => {
    const trust = await TrustList.fromSigned(await listAt('rotated', 2, T1), roots);
    const before = await code(zhejiang1, T1 - HOUR); // exp T1 + 7 d - 1 h
    expect(await verify(before, trust, { now: T1 + 3 * DAY })).toMatchObject({ valid: true, issuer: 'CN-330000', kid: zhejiang1.kid });
    expectCode(await verify(before, trust, { now: T1 + 8 * DAY }), 'EXPIRED', /expired at/);
    expect(await verify(await code(zhejiang2, T1 + HOUR), trust, { now: T1 + 2 * HOUR })).toMatchObject({ valid: true, kid: zhejiang2.kid });
  });

  it('key window: the retired key signing after it retired, or the new key before it started, is KEY_NOT_VALID', async () => {
    const trust = await TrustList.fromSigned(await listAt('rotated', 2, T1), roots);
    expectCode(await verify(await code(zhejiang1, T1 + HOUR), trust, { now: T1 + 2 * HOUR }), 'KEY_NOT_VALID', /after key .* retired/);
    expectCode(await verify(await code(zhejiang2, T1 - HOUR), trust, { now: T1 }), 'KEY_NOT_VALID', /before key .* became valid/);
    // The bounds are inclusive and without tolerance (DESIGN.md rule 11).
    expect((await verify(await code(zhejiang1, T1), trust, { now: T1 + HOUR })).valid).toBe(true);
    expect((await verify(await code(zhejiang2, T1), trust, { now: T1 + HOUR })).valid).toBe(true);
  });

  it('revoked key: every code it signed is refused, even those from before; the other keys are untouched', async () => {
    const trust = await TrustList.fromSigned(await listAt('revoked', 3, T1 + DAY), roots);
    expectCode(await verify(await code(zhejiang1, T1 - HOUR), trust, { now: T1 + DAY }), 'KEY_NOT_VALID', /revoked/);
    expectCode(await verify(await code(zhejiang1, T0 + DAY, T1 + 30 * DAY), trust, { now: T1 + DAY }), 'KEY_NOT_VALID', /revoked/);
    expect((await verify(await code(zhejiang2, T1 + HOUR), trust, { now: T1 + DAY })).valid).toBe(true);
    expect((await verify(await code(beijing, T1 + HOUR), trust, { now: T1 + DAY })).valid).toBe(true);
  });

  it('a replayed older list (seq 2, before the revocation) is refused once seq 3 was accepted', async () => {
    const accepted = await TrustList.fromSigned(await listAt('revoked', 3, T1 + DAY), roots);
    const replay = TrustList.fromSigned(await listAt('rotated', 2, T1), roots, { minSeq: accepted.meta.seq });
    await expect(replay).rejects.toMatchObject({ code: 'BAD_TRUST_LIST', message: expect.stringMatching(/seq 2, lower than seq 3/) });
  });
});

describe('federation: one national root, many regional issuers', () => {
  it('names the issuer of each code, so a checkpoint can show where it was issued', async () => {
    const trust = await TrustList.fromSigned(await listAt('start', 1, T0), roots);
    expect(await verify(await code(zhejiang1, T0 + HOUR), trust, { now: T0 + 2 * HOUR })).toMatchObject({ valid: true, issuer: 'CN-330000' });
    expect(await verify(await code(beijing, T0 + HOUR), trust, { now: T0 + 2 * HOUR })).toMatchObject({ valid: true, issuer: 'CN-110000' });
  });

  it('issuer-key binding: a region\'s key signs only for its own iss', async () => {
    const trust = await TrustList.fromSigned(await listAt('start', 1, T0), roots);
    const claimed = await code(zhejiang1, T0 + HOUR, T0 + DAY, 'CN-110000');
    expectCode(await verify(claimed, trust, { now: T0 + 2 * HOUR }), 'ISSUER_MISMATCH', /says issuer "CN-110000".*signs only for "CN-330000"/);
  });

  it('duplicate kids: every key with the kid is tried, and the one whose issuer and window fit is used', async () => {
    // The same key listed twice, for two issuers (e.g. a shared provincial service): each entry is tried.
    const shared = { keys: [{ ...zhejiang1.publicJwk, iss: 'CN-330100' }, { ...zhejiang1.publicJwk, iss: 'CN-330200' }] };
    const jws = await signTrustList(shared, root.privateJwk, { seq: 1, issuedAt: T0, expiresAt: T0 + DAY });
    const trust = await TrustList.fromSigned(jws, roots);
    expect(await verify(await code(zhejiang1, T0, T0 + DAY, 'CN-330200'), trust, { now: T0 })).toMatchObject({ valid: true, issuer: 'CN-330200' });
    expect(await verify(await code(zhejiang1, T0, T0 + DAY, 'CN-330100'), trust, { now: T0 })).toMatchObject({ valid: true, issuer: 'CN-330100' });
    expectCode(await verify(await code(zhejiang1, T0, T0 + DAY, 'CN-330300'), trust, { now: T0 }), 'ISSUER_MISMATCH', /CN-330300/);
  });
});

describe('clock floor with signed lists', () => {
  it('a phone set back ten days accepts an expired code, unless it keeps the floor raised by what it verified', async () => {
    const trust = await TrustList.fromSigned(await listAt('rotated', 2, T1), roots);
    const stale = await code(zhejiang2, T1 + HOUR, T1 + DAY); // expired a day after T1
    const honest = T1 + 10 * DAY;
    expectCode(await verify(stale, trust, { now: honest }), 'EXPIRED', /expired/);
    // The floor the device persisted: the list's iat, then the iat of a code it verified.
    let floor = nextTimeFloor(undefined, trust.meta.issuedAt);
    const fresh = await verify(await code(zhejiang2, honest - HOUR), trust, { now: honest });
    floor = nextTimeFloor(floor, fresh.valid ? fresh.issuedAt : undefined);
    expect(floor).toBe(honest - HOUR);
    // Someone winds the clock back into the old code's life.
    const wound = T1 + 2 * HOUR;
    expect((await verify(stale, trust, { now: wound })).valid).toBe(true);
    expectCode(await verify(stale, trust, { now: wound, timeFloor: floor }), 'NOT_YET_VALID', /this device's clock \(.*\) is behind a time it has already seen/);
    // Within the tolerance of the floor, the clock is believed.
    expect((await verify(await code(zhejiang2, honest - 2 * HOUR), trust, { now: floor! - 300, timeFloor: floor })).valid).toBe(true);
  });

  it('the signed list\'s own iat alone is enough to notice a clock set back before it was signed', async () => {
    const trust = await TrustList.fromSigned(await listAt('start', 1, T0 + 10 * DAY), roots);
    const old = await code(zhejiang1, T0 + HOUR, T0 + 2 * DAY);
    const floor = nextTimeFloor(undefined, trust.meta.issuedAt);
    expectCode(await verify(old, trust, { now: T0 + DAY, timeFloor: floor }), 'NOT_YET_VALID', /clock/);
  });
});
