import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase45 } from '../../src/codec/base45.js';
import { encodeCbor } from '../../src/codec/cbor.js';
import { fromBase64Url } from '../../src/codec/bytes.js';
import { issue, verify, TrustList, generateIssuerKey, nextTimeFloor, type ErrorCode, type VerifyResult } from '../../src/index.js';
import { fixedIssuerKey, forgeCode } from '../support/keys.js';

const IAT = 1_767_225_600; // 2026-01-01T00:00:00Z
const EXP = IAT + 86_400;
const NOW = IAT + 3_600;

let key: Awaited<ReturnType<typeof fixedIssuerKey>>;
let trust: TrustList;
let kidBytes: Uint8Array;

function health(status: unknown = 0, extra: [number, unknown][] = []): Map<number, unknown> {
  return new Map<number, unknown>([[0, status], ...extra]);
}

function claims(overrides: [number, unknown][] = [], remove: number[] = []): Map<number, unknown> {
  const map = new Map<number, unknown>([
    [1, 'CN-330100'],
    [6, IAT],
    [4, EXP],
    [-65537, health()],
  ]);
  for (const [k, v] of overrides) map.set(k, v);
  for (const k of remove) map.delete(k);
  return map;
}

const NONE = Symbol('none');
function header(alg: unknown = -8, kid: unknown = kidBytes): Map<number, unknown> {
  const map = new Map<number, unknown>();
  if (alg !== NONE) map.set(1, alg);
  if (kid !== NONE) map.set(4, kid);
  return map;
}

function expectCode(result: VerifyResult, code: ErrorCode, fragment?: string | RegExp): void {
  expect(result.valid).toBe(false);
  if (result.valid) return;
  expect(result.code).toBe(code);
  if (fragment) expect(result.message).toMatch(fragment);
}

beforeAll(async () => {
  key = await fixedIssuerKey();
  trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
  kidBytes = fromBase64Url(key.kid)!;
});

describe('verify: valid codes', () => {
  it('verifies an issued code with every field', async () => {
    const text = await issue(
      { status: 'yellow', issuedAt: IAT, expiresAt: EXP, notBefore: IAT, name: '张*', idHint: '123X', subjectRef: new Uint8Array([1, 2, 3]), statusIndex: 42 },
      key.privateJwk,
    );
    const result = await verify(text, trust, { now: NOW });
    expect(result).toEqual({
      valid: true,
      profile: 'hq1',
      status: 'yellow',
      issuedStatus: 'yellow',
      issuer: 'CN-330100',
      kid: key.kid,
      issuedAt: IAT,
      expiresAt: EXP,
      notBefore: IAT,
      name: '张*',
      idHint: '123X',
      subjectRef: 'AQID',
      statusIndex: 42,
      holderBound: false,
      trustListStale: false,
    });
    expect(Object.isFrozen(result)).toBe(true);
  });

  it('reports a red code that verifies as valid and red', async () => {
    const text = await issue({ status: 'red', issuedAt: IAT, expiresAt: EXP }, key.privateJwk);
    const result = await verify(text, trust, { now: new Date(NOW * 1000) });
    expect(result.valid && result.status).toBe('red');
  });

  it('accepts tag 18 on input', async () => {
    const text = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP }, key.privateJwk);
    const { decodeBase45 } = await import('../../src/codec/base45.js');
    const bytes = decodeBase45(text.slice(4));
    const tagged = new Uint8Array([0xd2, ...bytes]);
    expect((await verify('HQ1:' + encodeBase45(tagged), trust, { now: NOW })).valid).toBe(true);
  });

  it('accepts times within the clock tolerance and not beyond', async () => {
    const text = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP }, key.privateJwk);
    expect((await verify(text, trust, { now: EXP + 300 })).valid).toBe(true);
    expectCode(await verify(text, trust, { now: EXP + 301 }), 'EXPIRED', /expired at 2026-01-02T00:00:00Z/);
    expect((await verify(text, trust, { now: IAT - 300 })).valid).toBe(true);
    expectCode(await verify(text, trust, { now: IAT - 301 }), 'NOT_YET_VALID', /issued in the future/);
    expectCode(await verify(text, trust, { now: EXP + 10, clockTolerance: 0 }), 'EXPIRED');
  });

  it('ignores unknown claims', async () => {
    const text = await forgeCode(key.seed, header(), claims([[99, 'future'], [-70000, new Map([[1, [1, 2]]])]]));
    expect((await verify(text, trust, { now: NOW })).valid).toBe(true);
  });
});

describe('verify: each error code, first failing rule', () => {
  it('TOO_LARGE over 4096 characters', async () => {
    expectCode(await verify('HQ1:' + '0'.repeat(4093), trust, { now: NOW }), 'TOO_LARGE', /4097 characters/);
  });

  it('BAD_PREFIX', async () => {
    expectCode(await verify('HC9:ABC', trust, { now: NOW }), 'BAD_PREFIX');
    expectCode(await verify('', trust, { now: NOW }), 'BAD_PREFIX');
    expectCode(await verify('hq1:ABC', trust, { now: NOW }), 'BAD_PREFIX');
  });

  it('BAD_BASE45', async () => {
    expectCode(await verify('HQ1:abc', trust, { now: NOW }), 'BAD_BASE45');
    expectCode(await verify('HQ1:A', trust, { now: NOW }), 'BAD_BASE45');
    expectCode(await verify('HQ1:GGW', trust, { now: NOW }), 'BAD_BASE45');
  });

  it('BAD_CBOR: truncated, trailing, indefinite, duplicate keys in payload or header', async () => {
    const good = encodeCbor([encodeCbor(header()), new Map(), encodeCbor(claims()), new Uint8Array(64)]);
    expectCode(await verify('HQ1:' + encodeBase45(good.subarray(0, good.length - 1)), trust, { now: NOW }), 'BAD_CBOR');
    expectCode(await verify('HQ1:' + encodeBase45(new Uint8Array([...good, 0])), trust, { now: NOW }), 'BAD_CBOR');
    expectCode(await verify('HQ1:' + encodeBase45(new Uint8Array([0x9f, 0xff])), trust, { now: NOW }), 'BAD_CBOR');
    // payload map {1: "a", 1: "b"}: duplicate key inside the embedded payload
    const dupPayload = new Uint8Array([0xa2, 0x01, 0x61, 0x61, 0x01, 0x61, 0x62]);
    expectCode(await verify(await forgeCode(key.seed, header(), null, { rawPayload: dupPayload }), trust, { now: NOW }), 'BAD_CBOR', /duplicate/i);
    // protected header with a non-shortest duplicate of key 1
    const dupHeader = new Uint8Array([0xa2, 0x01, 0x27, 0x18, 0x01, 0x27]);
    expectCode(await verify(await forgeCode(key.seed, null, claims(), { rawProtected: dupHeader }), trust, { now: NOW }), 'BAD_CBOR', /duplicate/i);
  });

  it('BAD_COSE: wrong shape, header types, missing kid, signature length', async () => {
    expectCode(await verify('HQ1:' + encodeBase45(encodeCbor([1, 2, 3])), trust, { now: NOW }), 'BAD_COSE', /array of 4/);
    expectCode(await verify('HQ1:' + encodeBase45(encodeCbor([new Uint8Array(0), new Map(), encodeCbor(claims()), 5])), trust, { now: NOW }), 'BAD_COSE');
    expectCode(await verify('HQ1:' + encodeBase45(encodeCbor([encodeCbor(5), new Map(), encodeCbor(claims()), new Uint8Array(64)])), trust, { now: NOW }), 'BAD_COSE', /map/);
    expectCode(await verify('HQ1:' + encodeBase45(encodeCbor([encodeCbor(header()), [], encodeCbor(claims()), new Uint8Array(64)])), trust, { now: NOW }), 'BAD_COSE', /unprotected/);
    expectCode(await verify('HQ1:' + encodeBase45(encodeCbor([encodeCbor(header()), new Map(), null, new Uint8Array(64)])), trust, { now: NOW }), 'BAD_COSE', /payload/);
    expectCode(await verify(await forgeCode(key.seed, header(-8, NONE), claims()), trust, { now: NOW }), 'BAD_COSE', /no kid/);
    expectCode(await verify(await forgeCode(key.seed, header(-8, 'text-kid'), claims()), trust, { now: NOW }), 'BAD_COSE', /kid/);
    expectCode(await verify(await forgeCode(key.seed, header(), claims(), { mutateSignature: (s) => s.subarray(0, 63) }), trust, { now: NOW }), 'BAD_COSE', /63 bytes/);
  });

  it('ALG_MISMATCH: missing or unsupported alg', async () => {
    expectCode(await verify(await forgeCode(key.seed, header(NONE), claims()), trust, { now: NOW }), 'ALG_MISMATCH', /no alg/);
    expectCode(await verify(await forgeCode(key.seed, header(-7), claims()), trust, { now: NOW }), 'ALG_MISMATCH');
    expectCode(await verify(await forgeCode(key.seed, header('EdDSA'), claims()), trust, { now: NOW }), 'ALG_MISMATCH');
  });

  it('UNKNOWN_KID: another key, or a kid of another length', async () => {
    const other = await generateIssuerKey({ issuer: 'CN-330100' });
    expectCode(await verify(await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP }, other.privateJwk), trust, { now: NOW }), 'UNKNOWN_KID', new RegExp(other.kid));
    expectCode(await verify(await forgeCode(key.seed, header(-8, kidBytes.subarray(0, 7)), claims()), trust, { now: NOW }), 'UNKNOWN_KID');
  });

  it('BAD_SIGNATURE: a flipped bit anywhere in the signature, or S + L', async () => {
    const flipped = await forgeCode(key.seed, header(), claims(), { mutateSignature: (s) => { const c = s.slice(); c[10]! ^= 1; return c; } });
    expectCode(await verify(flipped, trust, { now: NOW }), 'BAD_SIGNATURE');
    const flippedS = await forgeCode(key.seed, header(), claims(), { mutateSignature: (s) => { const c = s.slice(); c[40]! ^= 0x80; return c; } });
    expectCode(await verify(flippedS, trust, { now: NOW }), 'BAD_SIGNATURE');
  });

  it('BAD_CLAIMS: each required claim missing or mistyped, status out of range', async () => {
    const cases: [Map<number, unknown>, RegExp][] = [
      [claims([], [1]), /iss/],
      [claims([[1, 5]]), /iss/],
      [claims([], [6]), /iat/],
      [claims([[6, '2026']]), /iat/],
      [claims([[6, 2n ** 63n]]), /iat/],
      [claims([], [4]), /exp/],
      [claims([[5, 'x']]), /nbf/],
      [claims([], [-65537]), /health claim/],
      [claims([[-65537, [0]]]), /health claim/],
      [claims([[-65537, health(3)]]), /status/],
      [claims([[-65537, health(-1)]]), /status/],
      [claims([[-65537, new Map([[1, 'x']])]]), /status/],
      [claims([[-65537, health(0, [[1, 5]])]]), /name/],
      [claims([[-65537, health(0, [[2, new Uint8Array(1)]])]]), /id hint/],
      [claims([[-65537, health(0, [[3, new Uint8Array(33)]])]]), /subject ref/],
      [claims([[-65537, health(0, [[3, 'abc']])]]), /subject ref/],
      [claims([[-65537, health(0, [[4, -1]])]]), /status-list index/],
    ];
    for (const [payload, fragment] of cases) {
      expectCode(await verify(await forgeCode(key.seed, header(), payload), trust, { now: NOW }), 'BAD_CLAIMS', fragment);
    }
    expectCode(await verify(await forgeCode(key.seed, header(), [1, 2]), trust, { now: NOW }), 'BAD_CLAIMS', /not a CBOR map/);
  });

  it('KEY_NOT_VALID: key window does not cover iat, or key revoked', async () => {
    const text = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP }, key.privateJwk);
    const later = await TrustList.fromJWKS({ keys: [{ ...key.publicJwk, nbf: IAT + 1 }] });
    expectCode(await verify(text, later, { now: NOW }), 'KEY_NOT_VALID', /before key/);
    const retired = await TrustList.fromJWKS({ keys: [{ ...key.publicJwk, exp: IAT - 1 }] });
    expectCode(await verify(text, retired, { now: NOW }), 'KEY_NOT_VALID', /retired/);
    const edges = await TrustList.fromJWKS({ keys: [{ ...key.publicJwk, nbf: IAT, exp: IAT }] });
    expect((await verify(text, edges, { now: NOW })).valid).toBe(true);
    const revoked = await TrustList.fromJWKS({ keys: [{ ...key.publicJwk, revoked: true }] });
    expectCode(await verify(text, revoked, { now: NOW }), 'KEY_NOT_VALID', /revoked/);
  });

  it('ISSUER_MISMATCH: a key signs only for its own iss', async () => {
    const text = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP, issuer: 'CN-110000' }, key.privateJwk);
    expectCode(await verify(text, trust, { now: NOW }), 'ISSUER_MISMATCH', /CN-110000/);
  });

  it('NOT_YET_VALID: nbf in the future, and a clock set back below the time floor', async () => {
    const text = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP, notBefore: IAT + 7200 }, key.privateJwk);
    expectCode(await verify(text, trust, { now: NOW }), 'NOT_YET_VALID', /valid only from/);
    expect((await verify(text, trust, { now: IAT + 7200 - 300 })).valid).toBe(true);
    const plain = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP }, key.privateJwk);
    expectCode(await verify(plain, trust, { now: NOW, timeFloor: NOW + 301 }), 'NOT_YET_VALID', /clock/);
    expect((await verify(plain, trust, { now: NOW, timeFloor: NOW + 300 })).valid).toBe(true);
  });

  it('EXPIRED', async () => {
    const text = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP }, key.privateJwk);
    expectCode(await verify(text, trust, { now: EXP + 86_400 }), 'EXPIRED');
  });

  it('HOLDER_PROOF_REQUIRED for a bare credential with cnf', async () => {
    const holder = await generateIssuerKey({ issuer: 'holder' });
    const text = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP, holderKey: { kty: 'OKP', crv: 'Ed25519', x: holder.publicJwk.x } }, key.privateJwk);
    expectCode(await verify(text, trust, { now: NOW }), 'HOLDER_PROOF_REQUIRED');
  });

  it('reports the first failing rule: bad claims in a code signed by an unknown key is UNKNOWN_KID', async () => {
    const other = await fixedIssuerKey('CN-330100', '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb');
    const text = await forgeCode(other.seed, header(-8, fromBase64Url(other.kid)), claims([[4, 'never']]));
    expectCode(await verify(text, trust, { now: NOW }), 'UNKNOWN_KID');
  });
});

describe('verify: duplicate kids and misuse', () => {
  it('tries every key that shares the kid', async () => {
    const text = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP }, key.privateJwk);
    const twice = await TrustList.fromJWKS({ keys: [{ ...key.publicJwk, revoked: true }, { ...key.publicJwk, iss: 'CN-110000' }, key.publicJwk] });
    const result = await verify(text, twice, { now: NOW });
    expect(result.valid).toBe(true);
    const noneGood = await TrustList.fromJWKS({ keys: [{ ...key.publicJwk, revoked: true }, { ...key.publicJwk, iss: 'CN-110000' }] });
    expectCode(await verify(text, noneGood, { now: NOW }), 'KEY_NOT_VALID');
  });

  it('throws TypeError on misuse, never for bad input', async () => {
    await expect(verify(42 as unknown as string, trust)).rejects.toThrow(TypeError);
    await expect(verify('HQ1:', {} as TrustList)).rejects.toThrow(/TrustList/);
    await expect(verify('HQ1:', trust, { clockTolerance: -1 })).rejects.toThrow(RangeError);
  });

  it('nextTimeFloor keeps the latest time seen', () => {
    expect(nextTimeFloor(undefined, 5, undefined, 3)).toBe(5);
    expect(nextTimeFloor(10, 5)).toBe(10);
    expect(nextTimeFloor(undefined)).toBeUndefined();
  });
});

describe('verify: HQ1 stays strict on integer types', () => {
  it('refuses a float iat, exp or status, and a float alg', async () => {
    const { CborFloat } = await import('../../src/codec/cbor.js');
    expectCode(await verify(await forgeCode(key.seed, header(), claims([[6, new CborFloat(IAT)]])), trust, { now: NOW }), 'BAD_CLAIMS', /iat/);
    expectCode(await verify(await forgeCode(key.seed, header(), claims([[4, new CborFloat(EXP)]])), trust, { now: NOW }), 'BAD_CLAIMS', /exp/);
    expectCode(await verify(await forgeCode(key.seed, header(), claims([[-65537, health(new CborFloat(0))]])), trust, { now: NOW }), 'BAD_CLAIMS', /status/);
    expectCode(await verify(await forgeCode(key.seed, header(new CborFloat(-8)), claims()), trust, { now: NOW }), 'ALG_MISMATCH');
  });

  it('refuses a map whose float key duplicates an integer key', async () => {
    const { CborFloat } = await import('../../src/codec/cbor.js');
    const payload = claims();
    payload.set(new CborFloat(1) as unknown as number, 'CN-330100');
    expectCode(await verify(await forgeCode(key.seed, header(), payload), trust, { now: NOW }), 'BAD_CBOR', /duplicate/);
  });
});
