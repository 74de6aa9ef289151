/**
 * Rule 15 through verify(): a status list changes the colour to act on, revokes, or (when
 * required and missing) makes the answer STATUS_UNKNOWN, never "revoked", never "valid".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateHolderKey,
  issue,
  present,
  signStatusList,
  StatusList,
  STATUS_LIST_VALUES,
  TrustList,
  verify,
  type ErrorCode,
  type IssueInput,
  type SignStatusListOptions,
  type VerifyOptions,
  type VerifyResult,
} from '../../../src/index.js';
import { fixedIssuerKey } from '../../support/keys.js';

const CODE_IAT = 1_767_225_600; // 2026-01-01T00:00:00Z: the codes are issued
const CODE_EXP = CODE_IAT + 30 * 86_400;
const LIST_IAT = CODE_IAT + 3_600; // the issuer's list, an hour later
const LIST_EXP = LIST_IAT + 86_400;
const NOW = LIST_IAT + 1_800;
const SIZE = 1_000;
const OTHER_SEED = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'; // RFC 8032 TEST 2

let key: Awaited<ReturnType<typeof fixedIssuerKey>>;
let other: Awaited<ReturnType<typeof fixedIssuerKey>>;
let trust: TrustList;
let bothTrust: TrustList;
let list: StatusList;

/** The issuer's list: index 1 red, 2 revoked, 3 yellow, 4 green; the rest green. */
function issuerList(): StatusList {
  const l = new StatusList(SIZE);
  l.set(1, STATUS_LIST_VALUES.red);
  l.set(2, STATUS_LIST_VALUES.revoked);
  l.set(3, STATUS_LIST_VALUES.yellow);
  return l;
}

async function signed(options: Partial<SignStatusListOptions> = {}, source: StatusList = issuerList(), jwk: unknown = key.privateJwk, t: TrustList = trust): Promise<StatusList> {
  const token = await signStatusList(source, jwk, { issuedAt: LIST_IAT, expiresAt: LIST_EXP, ...options });
  return StatusList.fromSigned(token, t, { now: NOW });
}

function code(input: Partial<IssueInput> = {}): Promise<string> {
  return issue({ status: 'green', issuedAt: CODE_IAT, expiresAt: CODE_EXP, statusIndex: 0, ...input }, key.privateJwk);
}

function check(text: string, options: VerifyOptions & { readonly dcc?: false } = {}): Promise<VerifyResult> {
  return verify(text, trust, { now: NOW, statusLists: [list], ...options });
}

function expectCode(result: VerifyResult, code: ErrorCode, fragment: RegExp): void {
  expect(result.valid ? result : [result.code, result.message]).toEqual([code, expect.stringMatching(fragment)]);
}

beforeAll(async () => {
  key = await fixedIssuerKey();
  other = await fixedIssuerKey('CN-110000', OTHER_SEED);
  trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
  bothTrust = await TrustList.fromJWKS({ keys: [key.publicJwk, other.publicJwk] });
  list = await signed();
});

describe('rule 15: the list\'s colour', () => {
  it('raises the colour: a green code the list says is red is valid and red, issued green', async () => {
    const result = await check(await code({ statusIndex: 1 }));
    expect(result).toMatchObject({ valid: true, status: 'red', issuedStatus: 'green', statusSource: 'list', statusListAge: NOW - LIST_IAT, statusIndex: 1 });
  });

  it('lowers it too: a red code the list says is green is valid and green', async () => {
    const result = await check(await code({ status: 'red', statusIndex: 4 }));
    expect(result).toMatchObject({ valid: true, status: 'green', issuedStatus: 'red', statusSource: 'list' });
  });

  it('REVOKED for value 3, whatever colour the code carries', async () => {
    for (const status of ['green', 'yellow', 'red'] as const) {
      expectCode(await check(await code({ status, statusIndex: 2 })), 'REVOKED', /the issuer revoked this code \(status list of 2026-01-01T01:00:00Z\)/);
    }
  });

  it('ignores a list older than the code (or of the same second): the code is the newer word, even when a list is required', async () => {
    for (const issuedAt of [LIST_IAT + 1, LIST_IAT]) {
      const text = await code({ status: 'yellow', statusIndex: 2, issuedAt });
      for (const requireStatus of [false, true]) {
        expect(await check(text, { requireStatus })).toMatchObject({ valid: true, status: 'yellow', issuedStatus: 'yellow', statusSource: 'code' });
      }
    }
    expect((await check(await code({ statusIndex: 2, issuedAt: LIST_IAT - 1 }))).valid).toBe(false);
  });

  it('STATUS_UNKNOWN for an index past the list\'s end, required or not (the draft: reject)', async () => {
    for (const requireStatus of [false, true]) {
      expectCode(await check(await code({ statusIndex: SIZE }), { requireStatus }), 'STATUS_UNKNOWN', /index 1000 is past the end of issuer "CN-330100"'s list \(1000 entries\)/);
    }
    expect(await check(await code({ statusIndex: SIZE - 1 }))).toMatchObject({ valid: true, status: 'green', statusSource: 'list' });
  });

  it('leaves results without status options as they were (no statusSource)', async () => {
    const result = await verify(await code({ statusIndex: 1 }), trust, { now: NOW });
    expect(result).toMatchObject({ valid: true, status: 'green', issuedStatus: 'green' });
    expect(result).not.toHaveProperty('statusSource');
    expect(result).not.toHaveProperty('statusListAge');
  });
});

describe('rule 15: which lists count', () => {
  it('expired list: ignored, and STATUS_UNKNOWN when a list is required (never revoked, never valid)', async () => {
    const text = await code({ statusIndex: 2 });
    const late = { now: LIST_EXP + 301 };
    expect(await check(text, late)).toMatchObject({ valid: true, status: 'green', statusSource: 'code' });
    expect(await check(text, { ...late, requireStatus: true })).toEqual({
      valid: false,
      code: 'STATUS_UNKNOWN',
      message: 'the status list of issuer "CN-330100" held here stopped being current at 2026-01-02T01:00:00Z: sync a fresh one while online',
    });
    // Within the clock tolerance the list is still current.
    expectCode(await check(text, { now: LIST_EXP + 300, requireStatus: true }), 'REVOKED', /revoked/);
  });

  it('ttl ends currency before exp: iat + ttl', async () => {
    const short = await signed({ ttl: 600 });
    expect(short.meta?.currentUntil).toBe(LIST_IAT + 600);
    const text = await code({ statusIndex: 1 });
    expect(await check(text, { statusLists: [short], now: LIST_IAT + 900 })).toMatchObject({ status: 'red', statusSource: 'list' });
    expectCode(await check(text, { statusLists: [short], now: LIST_IAT + 901, requireStatus: true }), 'STATUS_UNKNOWN', /stopped being current at 2026-01-01T01:10:00Z/);
  });

  it('STATUS_UNKNOWN when required and no list of the code\'s issuer is held', async () => {
    const text = await code({ statusIndex: 1 });
    expectCode(await check(text, { statusLists: [], requireStatus: true }), 'STATUS_UNKNOWN', /no status list of issuer "CN-330100" is held here/);
    expectCode(await verify(text, trust, { now: NOW, requireStatus: true }), 'STATUS_UNKNOWN', /sync the status list while online/);
    const othersList = await signed({}, issuerList(), other.privateJwk, bothTrust);
    expectCode(await verify(text, bothTrust, { now: NOW, statusLists: [othersList], requireStatus: true }), 'STATUS_UNKNOWN', /no status list of issuer "CN-330100"/);
    expect(await verify(text, bothTrust, { now: NOW, statusLists: [othersList] })).toMatchObject({ status: 'green', statusSource: 'code' });
  });

  it('STATUS_UNKNOWN when required and the code has no status-list index; the code\'s colour otherwise', async () => {
    const text = await code({ status: 'yellow', statusIndex: undefined });
    expectCode(await check(text, { requireStatus: true }), 'STATUS_UNKNOWN', /the code carries no status-list index/);
    expect(await check(text)).toMatchObject({ valid: true, status: 'yellow', statusSource: 'code' });
  });

  it('uses the newest current list of the issuer', async () => {
    const before = new StatusList(SIZE);
    before.set(1, STATUS_LIST_VALUES.revoked);
    const older = await signed({ issuedAt: LIST_IAT - 60 }, before);
    const text = await code({ statusIndex: 1 });
    for (const statusLists of [[older, list], [list, older]]) {
      expect(await check(text, { statusLists })).toMatchObject({ valid: true, status: 'red', statusListAge: NOW - LIST_IAT });
    }
    expectCode(await check(text, { statusLists: [older], now: NOW }), 'REVOKED', /status list of 2026-01-01T00:59:00Z/);
  });

  it('drops a list whose signing key the verify trust list no longer holds, or holds revoked', async () => {
    // The issuer rotated keys: codes now come from the new key; the held list was signed by the old one.
    const rotated = await fixedIssuerKey('CN-330100', OTHER_SEED);
    const newCode = await issue({ status: 'green', issuedAt: CODE_IAT, expiresAt: CODE_EXP, statusIndex: 2 }, rotated.privateJwk);
    const dropped = await TrustList.fromJWKS({ keys: [rotated.publicJwk] });
    const revoked = await TrustList.fromJWKS({ keys: [rotated.publicJwk, { ...key.publicJwk, revoked: true }] });
    const kept = await TrustList.fromJWKS({ keys: [rotated.publicJwk, key.publicJwk] });
    for (const t of [dropped, revoked]) {
      expect(await verify(newCode, t, { now: NOW, statusLists: [list] })).toMatchObject({ valid: true, status: 'green', statusSource: 'code' });
      expectCode(await verify(newCode, t, { now: NOW, statusLists: [list], requireStatus: true }), 'STATUS_UNKNOWN', /signed by a key this trust list no longer trusts/);
    }
    expectCode(await verify(newCode, kept, { now: NOW, statusLists: [list] }), 'REVOKED', /revoked/);
  });

  it('a list signed by a key outside the trust list, or tampered with, never loads', async () => {
    const token = await signStatusList(issuerList(), other.privateJwk, { issuer: 'CN-330100', issuedAt: LIST_IAT, expiresAt: LIST_EXP });
    await expect(StatusList.fromSigned(token, trust, { now: NOW })).rejects.toMatchObject({ code: 'UNKNOWN_KID' });
    const good = await signStatusList(issuerList(), key.privateJwk, { issuedAt: LIST_IAT, expiresAt: LIST_EXP });
    // Flip a bit inside lst: the list's own bytes, still well-formed CBOR.
    const lst = Buffer.from(good).indexOf(Buffer.from([0x78, 0xda]));
    expect(lst).toBeGreaterThan(0);
    const tampered = good.slice();
    tampered[lst + 8]! ^= 0x04;
    await expect(StatusList.fromSigned(tampered, trust, { now: NOW })).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
  });
});

describe('rule 15: order and presentations', () => {
  it('applies to dynamic-code presentations, after rule 14 and before rule 16', async () => {
    const holder = await generateHolderKey();
    const revoked = await code({ statusIndex: 2, holderKey: holder.publicJwk });
    expectCode(await check(await present(revoked, holder.privateJwk, { now: NOW })), 'REVOKED', /revoked/);
    // Rule 15 comes before rule 16: the bare credential is REVOKED, not HOLDER_PROOF_REQUIRED.
    expectCode(await check(revoked), 'REVOKED', /revoked/);
    const red = await code({ statusIndex: 1, holderKey: holder.publicJwk });
    expect(await check(await present(red, holder.privateJwk, { now: NOW }))).toMatchObject({ valid: true, status: 'red', issuedStatus: 'green', holderBound: true, statusSource: 'list' });
    // Rule 14 comes first: an expired code is EXPIRED, not REVOKED.
    expectCode(await check(await code({ statusIndex: 2, issuedAt: LIST_IAT - 600, expiresAt: LIST_IAT }), { now: NOW }), 'EXPIRED', /expired/);
  });
});

describe('rule 15: misuse', () => {
  it('throws TypeError for options that are not signed lists, or two lists of one issuer', async () => {
    const text = await code();
    await expect(verify(text, trust, { statusLists: list as unknown as StatusList[] })).rejects.toThrow(/"statusLists" expected an array of StatusList/);
    await expect(verify(text, trust, { statusLists: [issuerList()] })).rejects.toThrow(/"statusLists\[0\]" expected a signed StatusList \(load it with StatusList.fromSigned\)/);
    await expect(verify(text, trust, { requireStatus: 'yes' as unknown as boolean })).rejects.toThrow(/"requireStatus" expected a boolean/);
    const second = await signed({ subject: 'https://status.example/CN-330100/2' });
    await expect(verify(text, trust, { statusLists: [list, second] })).rejects.toThrow(/issuer "CN-330100" has two lists .* give one list per issuer/);
  });
});
