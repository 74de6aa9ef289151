import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../src/codec/bytes.js';
import {
  generateHolderKey,
  issue,
  present,
  verify,
  TrustList,
  MemoryReplayCache,
  type HolderKey,
  type VerifyResult,
  type ErrorCode,
} from '../../src/index.js';
import { fixedIssuerKey, forgeCode } from '../support/keys.js';

const IAT = 1_767_225_600;
const EXP = IAT + 86_400;
const T = IAT + 600;

let issuer: Awaited<ReturnType<typeof fixedIssuerKey>>;
let trust: TrustList;
let holder: HolderKey;
let credential: string;

function expectCode(result: VerifyResult, code: ErrorCode): void {
  expect(result).toMatchObject({ valid: false, code });
}

beforeAll(async () => {
  issuer = await fixedIssuerKey();
  trust = await TrustList.fromJWKS({ keys: [issuer.publicJwk] });
  holder = await generateHolderKey();
  credential = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP, holderKey: holder.publicJwk }, issuer.privateJwk);
});

describe('dynamic codes: present and verify', () => {
  it('is valid at t+0 and t+59, holder-bound, with the presentation time', async () => {
    const text = await present(credential, holder.privateJwk, { now: T });
    expect(text.startsWith('HQ1P:')).toBe(true);
    for (const now of [T, T + 59, T - 59, T + 60]) {
      const result = await verify(text, trust, { now });
      expect(result).toMatchObject({ valid: true, status: 'green', holderBound: true, presentedAt: T });
    }
  });

  it('is PRESENTATION_EXPIRED at t+61 and t-61, and honours the window option', async () => {
    const text = await present(credential, holder.privateJwk, { now: T });
    expectCode(await verify(text, trust, { now: T + 61 }), 'PRESENTATION_EXPIRED');
    expectCode(await verify(text, trust, { now: T - 61 }), 'PRESENTATION_EXPIRED');
    expect((await verify(text, trust, { now: T + 61, presentationWindow: 120 })).valid).toBe(true);
  });

  it('is deterministic for a key, credential and t', async () => {
    expect(await present(credential, holder.privateJwk, { now: T })).toBe(await present(credential, { ...holder.privateJwk }, { now: T }));
    expect(await present(credential, holder.privateJwk, { now: T })).not.toBe(await present(credential, holder.privateJwk, { now: T + 1 }));
  });

  it('HOLDER_PROOF_REQUIRED for the bare credential', async () => {
    expectCode(await verify(credential, trust, { now: T }), 'HOLDER_PROOF_REQUIRED');
  });

  it('HOLDER_PROOF_INVALID: another key, a credential without cnf, a small-order cnf key', async () => {
    const other = await generateHolderKey();
    expectCode(await verify(await present(credential, other.privateJwk, { now: T }), trust, { now: T }), 'HOLDER_PROOF_INVALID');

    const plain = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP }, issuer.privateJwk);
    expectCode(await verify(await present(plain, holder.privateJwk, { now: T }), trust, { now: T }), 'HOLDER_PROOF_INVALID');

    const identity = new Uint8Array(32);
    identity[0] = 1; // the neutral point: small order
    const cnf = new Map([[1, new Map<number, unknown>([[1, 1], [-1, 6], [-2, identity]])]]);
    const claims = new Map<number, unknown>([[1, 'CN-330100'], [6, IAT], [4, EXP], [8, cnf], [-65537, new Map([[0, 0]])]]);
    const smallOrder = await forgeCode(issuer.seed, new Map<number, unknown>([[1, -8], [4, fromBase64Url(issuer.kid)!]]), claims);
    expectCode(await verify(await present(smallOrder, holder.privateJwk, { now: T }), trust, { now: T }), 'HOLDER_PROOF_INVALID');
  });

  it('REPLAYED when a replay cache has seen the presentation', async () => {
    const replayCache = new MemoryReplayCache();
    const text = await present(credential, holder.privateJwk, { now: T });
    expect((await verify(text, trust, { now: T, replayCache })).valid).toBe(true);
    expectCode(await verify(text, trust, { now: T + 1, replayCache }), 'REPLAYED');
    const next = await present(credential, holder.privateJwk, { now: T + 5 });
    expect((await verify(next, trust, { now: T + 5, replayCache })).valid).toBe(true);
  });

  it('reports credential-level codes through a presentation', async () => {
    const expired = await issue({ status: 'green', issuedAt: IAT - 10 * 86_400, expiresAt: IAT - 9 * 86_400, holderKey: holder.publicJwk }, issuer.privateJwk);
    expectCode(await verify(await present(expired, holder.privateJwk, { now: T }), trust, { now: T }), 'EXPIRED');
    const otherIssuer = await fixedIssuerKey('CN-330100', '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb');
    const unknown = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP, holderKey: holder.publicJwk }, otherIssuer.privateJwk);
    expectCode(await verify(await present(unknown, holder.privateJwk, { now: T }), trust, { now: T }), 'UNKNOWN_KID');
    const revoked = await TrustList.fromJWKS({ keys: [{ ...issuer.publicJwk, revoked: true }] });
    expectCode(await verify(await present(credential, holder.privateJwk, { now: T }), revoked, { now: T }), 'KEY_NOT_VALID');
  });

  it('a presentation shown under the HQ1: prefix is refused (no kid)', async () => {
    const text = await present(credential, holder.privateJwk, { now: T });
    expectCode(await verify(text.replace('HQ1P:', 'HQ1:'), trust, { now: T }), 'BAD_COSE');
  });

  it('works with a non-extractable WebCrypto holder key', async () => {
    const webHolder = await generateHolderKey({ nonExtractable: true });
    expect(webHolder.privateKey).toBeDefined();
    expect(webHolder.privateJwk).toBeUndefined();
    const cred = await issue({ status: 'yellow', issuedAt: IAT, expiresAt: EXP, holderKey: webHolder.publicJwk }, issuer.privateJwk);
    const text = await present(cred, webHolder.privateKey, { now: T });
    expect(await verify(text, trust, { now: T })).toMatchObject({ valid: true, status: 'yellow', holderBound: true });
  });

  it('fits QR 12-M (≤ 419 characters), with and without name and id hint', async () => {
    const bare = await present(credential, holder.privateJwk, { now: T });
    expect(bare.length).toBeLessThanOrEqual(419);
    const named = await issue({ status: 'red', issuedAt: IAT, expiresAt: EXP, name: '张*', idHint: '123X', holderKey: holder.publicJwk }, issuer.privateJwk);
    expect((await present(named, holder.privateJwk, { now: T })).length).toBeLessThanOrEqual(419);
  });

  it('refuses misuse', async () => {
    await expect(present('HC1:xyz', holder.privateJwk)).rejects.toThrow(/HQ1: credential/);
    await expect(present(credential, { kty: 'OKP', crv: 'Ed25519', x: holder.publicJwk.x })).rejects.toThrow(/private/);
    const other = await generateHolderKey();
    await expect(present(credential, { ...holder.privateJwk!, x: other.publicJwk.x })).rejects.toThrow(/does not match/);
    await expect(issue({ status: 'green', issuedAt: IAT, expiresAt: EXP, holderKey: { ...holder.privateJwk! } }, issuer.privateJwk)).rejects.toThrow(/public JWK/);
  });
});

describe('MemoryReplayCache', () => {
  it('forgets expired ids and stays within its bound', () => {
    const cache = new MemoryReplayCache({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) cache.add(`id${i}`, 100 + i);
    expect(cache.size).toBe(3);
    expect(cache.has('id9', 100)).toBe(true);
    expect(cache.has('id0', 100)).toBe(false);
    expect(cache.has('id9', 110)).toBe(false);
    expect(() => new MemoryReplayCache({ maxEntries: 0 })).toThrow(RangeError);
  });
});
