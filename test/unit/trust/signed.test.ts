import { CompactSign, compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  isHealthCodeError,
  issue,
  signTrustList,
  SIGNED_TRUST_LIST_MAX_CHARS,
  TRUST_LIST_JWS_TYPE,
  TrustList,
  verify,
  type ErrorCode,
  type SignedTrustListOptions,
} from '../../../src/index.js';
import { fromBase64Url, toBase64Url } from '../../../src/codec/bytes.js';
import { allBackends } from '../../support/backends.js';
import { fixedIssuerKey } from '../../support/keys.js';

const IAT = 1_767_225_600; // 2026-01-01T00:00:00Z
const DAY = 86_400;
const LIST_EXP = IAT + 7 * DAY;

type Key = Awaited<ReturnType<typeof fixedIssuerKey>>;
let issuer: Key;
let root: Key;
let nextRoot: Key;
let roots: { keys: unknown[] };

beforeAll(async () => {
  issuer = await fixedIssuerKey();
  root = await fixedIssuerKey('ROOT', '01'.repeat(32));
  nextRoot = await fixedIssuerKey('ROOT', '02'.repeat(32));
  roots = { keys: [root.publicJwk] };
});

function sign(keys: unknown[] = [issuer.publicJwk], options: Partial<{ seq: number; expiresAt: number; issuedAt: number }> = {}, by: Key = root): Promise<string> {
  return signTrustList({ keys }, by.privateJwk, { seq: 7, issuedAt: IAT, expiresAt: LIST_EXP, ...options });
}

/** A JWS over any header and payload by a root key, for lists signTrustList would never make. */
async function rawJws(header: Record<string, unknown>, payload: unknown, by: Key = root): Promise<string> {
  const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: by.publicJwk.x, d: by.privateJwk.d }, 'EdDSA');
  const bytes = new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return new CompactSign(bytes).setProtectedHeader(header as { alg: string }).sign(key);
}

function header(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { alg: 'EdDSA', typ: TRUST_LIST_JWS_TYPE, kid: root.kid, ...extra };
}

async function loadError(jws: string, options: SignedTrustListOptions = {}, pinned: unknown = roots): Promise<{ code: ErrorCode; message: string }> {
  try {
    await TrustList.fromSigned(jws, pinned, options);
  } catch (error) {
    if (isHealthCodeError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the load to fail');
}

describe('signTrustList', () => {
  it('writes a compact EdDSA JWS with typ and the root kid, over { iat, exp, seq, keys }', async () => {
    const jws = await sign();
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'EdDSA', typ: 'healthcode-trust-list+jwt', kid: root.kid });
    const rootKey = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: root.publicJwk.x }, 'EdDSA');
    const { payload } = await compactVerify(jws, rootKey); // jose agrees it is a valid JWS
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ iat: IAT, exp: LIST_EXP, seq: 7, keys: [issuer.publicJwk] });
  });

  it('is deterministic: the same list, root and times give the same JWS', async () => {
    expect(await sign()).toBe(await sign());
  });

  it('refuses to sign a list a verifier would refuse, naming the entry', async () => {
    try {
      await sign([issuer.publicJwk, { ...issuer.publicJwk, kid: 'AAAAAAAAAAA' }]);
      expect.unreachable();
    } catch (error) {
      expect(isHealthCodeError(error) && error.code).toBe('BAD_TRUST_LIST');
      expect((error as Error).message).toMatch(/keys\[1\].*thumbprint/);
    }
  });

  it('throws TypeError / RangeError on misuse', async () => {
    await expect(signTrustList({ keys: [] }, root.publicJwk, { seq: 1, expiresAt: LIST_EXP, issuedAt: IAT })).rejects.toThrow(/"rootPrivateJwk.d" is missing/);
    await expect(signTrustList({ keys: [] }, { ...root.privateJwk, x: nextRoot.publicJwk.x, kid: undefined }, { seq: 1, expiresAt: LIST_EXP, issuedAt: IAT })).rejects.toThrow(/does not match/);
    await expect(signTrustList({ keys: [] }, { ...root.privateJwk, kid: nextRoot.kid }, { seq: 1, expiresAt: LIST_EXP, issuedAt: IAT })).rejects.toThrow(/thumbprint/);
    await expect(signTrustList({ keys: [] }, root.privateJwk, { seq: -1, expiresAt: LIST_EXP, issuedAt: IAT })).rejects.toThrow(RangeError);
    await expect(signTrustList({ keys: [] }, root.privateJwk, { seq: 1.5, expiresAt: LIST_EXP, issuedAt: IAT })).rejects.toThrow(/"seq"/);
    await expect(signTrustList({ keys: [] }, root.privateJwk, { seq: 1, expiresAt: IAT, issuedAt: IAT })).rejects.toThrow(/"expiresAt"/);
    await expect(signTrustList({ keys: [] }, { kty: 'EC' }, { seq: 1, expiresAt: LIST_EXP, issuedAt: IAT })).rejects.toThrow(TypeError);
  });
});

describe('TrustList.fromSigned', () => {
  it('loads a list signed by a pinned root, with iat, exp, seq and the root kid as meta', async () => {
    const trust = await TrustList.fromSigned(await sign(), roots);
    expect(trust.meta).toEqual({ issuedAt: IAT, expiresAt: LIST_EXP, seq: 7, rootKid: root.kid });
    expect(trust.keys.map((k) => k.kid)).toEqual([issuer.kid]);
    const code = await issue({ status: 'green', issuedAt: IAT, expiresAt: IAT + DAY }, issuer.privateJwk);
    expect(await verify(code, trust, { now: IAT + 60 })).toMatchObject({ valid: true, issuer: 'CN-330100', trustListStale: false });
  });

  it('checks the root signature on every Ed25519 backend alike', async () => {
    const jws = await sign();
    const tampered = jws.slice(0, -3) + (jws.endsWith('A') ? 'B' : 'A') + jws.slice(-2);
    for (const backend of await allBackends()) {
      expect((await TrustList.fromSigned(jws, roots, { backend })).meta.seq).toBe(7);
      expect((await loadError(tampered, { backend })).code).toBe('BAD_TRUST_LIST');
    }
  });

  it('tampered list: a changed payload, header or signature is BAD_TRUST_LIST', async () => {
    const [h, p, s] = (await sign()).split('.') as [string, string, string];
    const otherPayload = toBase64Url(new TextEncoder().encode(JSON.stringify({ iat: IAT, exp: LIST_EXP + DAY * 365, seq: 7, keys: [issuer.publicJwk] })));
    const [otherHeader] = (await rawJws(header({ extra: 1 }), { iat: IAT, exp: LIST_EXP, seq: 7, keys: [] })).split('.');
    const signature = fromBase64Url(s)!;
    signature[5]! ^= 1;
    for (const jws of [`${h}.${otherPayload}.${s}`, `${otherHeader}.${p}.${s}`, `${h}.${p}.${toBase64Url(signature)}`]) {
      const error = await loadError(jws);
      expect(error.code).toBe('BAD_TRUST_LIST');
      expect(error.message).toMatch(/does not verify/);
    }
  });

  it('refuses what is not a compact JWS of a trust list', async () => {
    const good = await sign();
    const cases: [string, RegExp][] = [
      ['', /compact JWS/],
      ['a.b', /compact JWS/],
      [`${good}.x`, /compact JWS/],
      ['.' + good.split('.').slice(1).join('.'), /compact JWS/],
      [good.replace(/\.[^.]*$/, '.'), /signature is not 64/],
      [good.replace(/\.[^.]*$/, '.!!!'), /signature is not 64/],
      ['!!!.' + good.split('.').slice(1).join('.'), /header is not a JSON object/],
      [await rawJws(header({ typ: 'JWT' }), {}), /typ is "JWT"/],
      [await rawJws({ alg: 'EdDSA', kid: root.kid }, {}), /not a trust list/],
      [await rawJws(header({ crit: ['b64'], b64: true }), {}), /crit/],
      [await rawJws(header({ kid: undefined }), {}), /names no root key/],
      [`${toBase64Url(new TextEncoder().encode(JSON.stringify(header({ alg: 'none' }))))}.e30.`, /alg is "none"/],
    ];
    for (const [jws, fragment] of cases) {
      const error = await loadError(jws);
      expect(error.code, jws.slice(0, 40)).toBe('BAD_TRUST_LIST');
      expect(error.message).toMatch(fragment);
    }
  });

  it('refuses a signed payload that is not a well-formed list', async () => {
    const cases: [unknown, RegExp][] = [
      ['not json', /not a JSON object/],
      [[1], /not a JSON object/],
      [{ exp: LIST_EXP, seq: 1, keys: [] }, /"iat"/],
      [{ iat: IAT, exp: LIST_EXP, seq: -1, keys: [] }, /"seq"/],
      [{ iat: IAT, exp: LIST_EXP, seq: '1', keys: [] }, /"seq"/],
      [{ iat: IAT, exp: LIST_EXP + 0.5, seq: 1, keys: [] }, /"exp"/],
      [{ iat: IAT, exp: IAT - 1, seq: 1, keys: [] }, /expires before/],
      [{ iat: IAT, exp: LIST_EXP, seq: 1 }, /"keys"/],
      [{ iat: IAT, exp: LIST_EXP, seq: 1, keys: [{ ...issuer.publicJwk, d: 'x' }] }, /keys\[0\].*private/],
    ];
    for (const [payload, fragment] of cases) {
      const error = await loadError(await rawJws(header(), payload));
      expect(error.code).toBe('BAD_TRUST_LIST');
      expect(error.message).toMatch(fragment);
    }
  });

  it('skips bad keys inside a signed list when asked', async () => {
    const jws = await rawJws(header(), { iat: IAT, exp: LIST_EXP, seq: 1, keys: [{ ...issuer.publicJwk, x: 'AAAA' }, issuer.publicJwk] });
    const trust = await TrustList.fromSigned(jws, roots, { skipInvalid: true });
    expect(trust.keys).toHaveLength(1);
    expect(trust.skipped).toEqual([{ index: 0, kid: issuer.kid, reason: expect.stringMatching(/32-byte/) }]);
  });

  it('lower seq: refuses a list older than the one last accepted, accepts the same or newer', async () => {
    const error = await loadError(await sign(undefined, { seq: 4 }), { minSeq: 5 });
    expect(error.code).toBe('BAD_TRUST_LIST');
    expect(error.message).toMatch(/seq 4, lower than seq 5/);
    expect((await TrustList.fromSigned(await sign(undefined, { seq: 5 }), roots, { minSeq: 5 })).meta.seq).toBe(5);
    expect((await TrustList.fromSigned(await sign(undefined, { seq: 6 }), roots, { minSeq: 5 })).meta.seq).toBe(6);
  });

  it('stale list: loads, verify reports STALE_TRUST_LIST, or goes on with trustListStale when allowed', async () => {
    const trust = await TrustList.fromSigned(await sign(), roots, { now: LIST_EXP + 1 });
    const code = await issue({ status: 'green', issuedAt: LIST_EXP - 60, expiresAt: LIST_EXP + DAY }, issuer.privateJwk);
    expect(await verify(code, trust, { now: LIST_EXP })).toMatchObject({ valid: true, trustListStale: false });
    const stale = await verify(code, trust, { now: LIST_EXP + 1 });
    expect(stale).toMatchObject({ valid: false, code: 'STALE_TRUST_LIST', message: expect.stringMatching(/expired at 2026-01-08T00:00:00Z.*sync/) });
    expect(await verify(code, trust, { now: LIST_EXP + 1, allowStaleTrustList: true })).toMatchObject({ valid: true, trustListStale: true });
  });

  it('stale list: a sync job can refuse it at load with rejectStale', async () => {
    const error = await loadError(await sign(), { rejectStale: true, now: LIST_EXP + 1 });
    expect(error.code).toBe('STALE_TRUST_LIST');
    expect(error.message).toMatch(/expired/);
    expect((await TrustList.fromSigned(await sign(), roots, { rejectStale: true, now: LIST_EXP })).meta.seq).toBe(7);
  });

  it('rotated root: with both roots pinned either signature loads; once the old root is unpinned its lists are refused', async () => {
    const both = { keys: [root.publicJwk, nextRoot.publicJwk] };
    const byOld = await sign(undefined, { seq: 8 });
    const byNew = await sign(undefined, { seq: 9 }, nextRoot);
    expect((await TrustList.fromSigned(byOld, both)).meta.rootKid).toBe(root.kid);
    expect((await TrustList.fromSigned(byNew, both)).meta.rootKid).toBe(nextRoot.kid);
    const onlyNew = { keys: [nextRoot.publicJwk] };
    const error = await loadError(byOld, {}, onlyNew);
    expect(error.code).toBe('BAD_TRUST_LIST');
    expect(error.message).toContain(`root "${root.kid}", which this verifier does not pin`);
    // A list whose header names the new root but that the old root signed does not verify.
    const forged = await rawJws(header({ kid: nextRoot.kid }), { iat: IAT, exp: LIST_EXP, seq: 10, keys: [] }, root);
    expect((await loadError(forged, {}, both)).message).toMatch(/does not verify/);
  });

  it('bounds the JWS size', async () => {
    const error = await loadError('a'.repeat(SIGNED_TRUST_LIST_MAX_CHARS + 1));
    expect(error.code).toBe('BAD_TRUST_LIST');
    expect(error.message).toMatch(/over the limit/);
  });

  it('accepts surrounding whitespace, as from a file', async () => {
    expect((await TrustList.fromSigned(`\n${await sign()}\n`, roots)).meta.seq).toBe(7);
  });

  it('throws TypeError / RangeError on misuse of the roots and options', async () => {
    const jws = await sign();
    await expect(TrustList.fromSigned(jws, { keys: [] })).rejects.toThrow(TypeError);
    await expect(TrustList.fromSigned(jws, root.publicJwk)).rejects.toThrow(/JWK Set/);
    await expect(TrustList.fromSigned(jws, { keys: [root.privateJwk] })).rejects.toThrow(/private key/);
    await expect(TrustList.fromSigned(jws, { keys: [{ ...root.publicJwk, kid: issuer.kid }] })).rejects.toThrow(/thumbprint/);
    await expect(TrustList.fromSigned(jws, { keys: [{ ...root.publicJwk, x: 'AAAA' }] })).rejects.toThrow(RangeError);
    await expect(TrustList.fromSigned(jws, { keys: Array(17).fill(root.publicJwk) })).rejects.toThrow(/at most 16/);
    await expect(TrustList.fromSigned(jws, roots, { minSeq: -1 })).rejects.toThrow(RangeError);
    await expect(TrustList.fromSigned(42 as unknown as string, roots)).rejects.toThrow(TypeError);
  });
});
