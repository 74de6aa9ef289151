/**
 * Status List Tokens: signStatusList → StatusList.fromSigned, and every refusal of the loader
 * with its stable code, in DESIGN.md's order.
 */
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CborTag, decodeCbor, encodeCbor } from '../../../src/codec/cbor.js';
import { fromBase64Url, toHex } from '../../../src/codec/bytes.js';
import { sigStructure } from '../../../src/cose/sign1.js';
import { getDefaultBackend } from '../../../src/crypto/backend.js';
import { isHealthCodeError, type ErrorCode } from '../../../src/errors.js';
import { signStatusList } from '../../../src/status/sign.js';
import { StatusList, STATUS_LIST_MAX_BYTES, STATUS_LIST_MAX_ENTRIES, STATUS_LIST_MAX_TOKEN_BYTES } from '../../../src/status/status-list.js';
import { TrustList } from '../../../src/trust/trust-list.js';
import { fixedIssuerKey } from '../../support/keys.js';

const IAT = 1_767_225_600; // 2026-01-01T00:00:00Z
const EXP = IAT + 2 * 86_400;
const NOW = IAT + 60;
/** The token printed in docs/status.md, "The token". */
const DOCS_EXAMPLE =
  'd284582aa30127044890facafea9b1556610781a6170706c69636174696f6e2f7374617475736c6973742b63' +
  '7774a05873a70169434e2d33333031303002782568747470733a2f2f7374617475732e6578616d706c652e63' +
  '6e2f434e2d3333303130302f31041a69585c00061a6955b90019fffda2636c73745678da05c1310100000040' +
  'b072ca8be4b3490303df020764626974730219fffe1a000151803a000100010c5840c5d17b63b3827673a86c' +
  '422381b04ad29517002e7ec66873bd3daf4d35b51db373083d046fe4e093eeff512601956c330b9d5feb575d' +
  '6bf1d9994c4d3ecda304';
const OTHER_SEED = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'; // RFC 8032 TEST 2

let key: Awaited<ReturnType<typeof fixedIssuerKey>>;
let other: Awaited<ReturnType<typeof fixedIssuerKey>>;
let trust: TrustList;
let kid: Uint8Array;

beforeAll(async () => {
  key = await fixedIssuerKey();
  other = await fixedIssuerKey('CN-110000', OTHER_SEED);
  trust = await TrustList.fromJWKS({ keys: [key.publicJwk] });
  kid = fromBase64Url(key.kid)!;
});

async function expectLoadError(token: Uint8Array, code: ErrorCode, fragment: RegExp, t: TrustList = trust, now = NOW): Promise<void> {
  const error = await StatusList.fromSigned(token, t, { now }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isHealthCodeError(error) ? [error.code, error.message] : error).toEqual([code, expect.stringMatching(fragment)]);
}

function header(extra: [number, unknown][] = [], remove: number[] = []): Map<number, unknown> {
  const map = new Map<number, unknown>([[1, -8], [4, kid], [16, 'application/statuslist+cwt']]);
  for (const [k, v] of extra) map.set(k, v);
  for (const k of remove) map.delete(k);
  return map;
}

function claims(overrides: [number, unknown][] = [], remove: number[] = [], lst: Uint8Array = deflateSync(new Uint8Array([0xc9, 0x44, 0xf9]))): Map<number, unknown> {
  const map = new Map<number, unknown>([
    [1, 'CN-330100'],
    [2, 'https://status.example/CN-330100'],
    [6, IAT],
    [4, EXP],
    [65533, new Map<string, unknown>([['bits', 2], ['lst', lst]])],
  ]);
  for (const [k, v] of overrides) map.set(k, v);
  for (const k of remove) map.delete(k);
  return map;
}

/** Signs arbitrary header and claims, as a misbehaving issuer could. */
async function forge(protectedHeader: unknown, payload: unknown, options: { seed?: Uint8Array; tagged?: boolean; rawPayload?: Uint8Array } = {}): Promise<Uint8Array> {
  const backend = await getDefaultBackend();
  const protectedBytes = encodeCbor(protectedHeader);
  const payloadBytes = options.rawPayload ?? encodeCbor(payload);
  const signature = await backend.sign(await backend.importPrivateKey(options.seed ?? key.seed), sigStructure(protectedBytes, payloadBytes));
  const sign1 = [protectedBytes, new Map(), payloadBytes, signature];
  return encodeCbor(options.tagged === false ? sign1 : new CborTag(18, sign1));
}

describe('signStatusList → StatusList.fromSigned', () => {
  it('round-trips entries, size and metadata; the loaded list is read-only', async () => {
    const list = new StatusList(1_001);
    list.set(0, 1);
    list.set(500, 3);
    list.set(1_000, 2);
    const token = await signStatusList(list, key.privateJwk, { issuedAt: IAT, expiresAt: EXP, ttl: 86_400, subject: 'https://status.example/1' });
    const loaded = await StatusList.fromSigned(token, trust, { now: NOW });
    expect(loaded.size).toBe(1_001);
    expect([loaded.get(0), loaded.get(1), loaded.get(500), loaded.get(1_000)]).toEqual([1, 0, 3, 2]);
    expect(() => loaded.get(1_001)).toThrow(RangeError);
    expect(loaded.meta).toEqual({
      issuer: 'CN-330100',
      subject: 'https://status.example/1',
      issuedAt: IAT,
      expiresAt: EXP,
      ttl: 86_400,
      currentUntil: IAT + 86_400,
      kid: key.kid,
    });
    expect(Object.isFrozen(loaded)).toBe(true);
    expect(Object.isFrozen(loaded.meta)).toBe(true);
    expect(() => loaded.set(0, 0)).toThrow(/a signed status list is read-only/);
  });

  it('writes the draft\'s CWT form: tag 18, typ, sub, iat, exp, ttl, status_list {bits 2, lst}, and the size', async () => {
    const token = await signStatusList(new StatusList(12), key.privateJwk, { issuedAt: IAT, expiresAt: EXP, ttl: 3_600 });
    const outer = decodeCbor(token) as CborTag;
    expect(outer).toBeInstanceOf(CborTag);
    expect(outer.tag).toBe(18);
    const [prot, unprot, payload, signature] = outer.value as [Uint8Array, Map<unknown, unknown>, Uint8Array, Uint8Array];
    expect(decodeCbor(prot)).toEqual(new Map<number, unknown>([[1, -8], [4, kid], [16, 'application/statuslist+cwt']]));
    expect(unprot.size).toBe(0);
    expect(signature.length).toBe(64);
    const map = decodeCbor(payload) as Map<number, unknown>;
    expect([...map.keys()]).toEqual([1, 2, 4, 6, 65533, 65534, -65538]);
    expect(map.get(2)).toBe('urn:healthcode:status-list:CN-330100');
    expect(map.get(65534)).toBe(3_600);
    expect(map.get(-65538)).toBe(12);
    const statusList = map.get(65533) as Map<string, unknown>;
    expect(statusList.get('bits')).toBe(2);
    expect(statusList.get('lst')).toBeInstanceOf(Uint8Array);
  });

  it('gives the example token of docs/status.md (the draft §4.1 entries, RFC 8032 TEST 1 key)', async () => {
    const list = new StatusList(12);
    [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3].forEach((v, i) => list.set(i, v as 0 | 1 | 2 | 3));
    const token = await signStatusList(list, key.privateJwk, { issuedAt: IAT, expiresAt: EXP, ttl: 86_400, subject: 'https://status.example.cn/CN-330100/1' });
    expect(toHex(token)).toBe(DOCS_EXAMPLE);
  });

  it('is deterministic: the same list, key and times give the same bytes', async () => {
    const list = new StatusList(40);
    list.set(7, 2);
    const a = await signStatusList(list, key.privateJwk, { issuedAt: IAT, expiresAt: EXP });
    const b = await signStatusList(list, key.privateJwk, { issuedAt: IAT, expiresAt: EXP });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('takes an injected compressor (zlib at level 9) and loads its output alike', async () => {
    const list = new StatusList(4_000);
    list.set(3_999, 3);
    const token = await signStatusList(list, key.privateJwk, { issuedAt: IAT, expiresAt: EXP, compress: (b) => deflateSync(b, { level: 9 }) });
    expect((await StatusList.fromSigned(token, trust, { now: NOW })).get(3_999)).toBe(3);
  });

  it('reads lists without the size claim (other issuers) as four entries a byte, and untagged tokens', async () => {
    const token = await forge(header(), claims(), { tagged: false });
    const loaded = await StatusList.fromSigned(token, trust, { now: NOW });
    expect(loaded.size).toBe(12);
    expect(Array.from({ length: 12 }, (_, i) => loaded.get(i))).toEqual([1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]);
    expect(loaded.meta?.currentUntil).toBe(EXP);
  });
});

describe('signStatusList: misuse', () => {
  it('refuses bad arguments, naming the field', async () => {
    const list = new StatusList(4);
    const sign = (opts: unknown, jwk: unknown = key.privateJwk, l: unknown = list) => signStatusList(l as StatusList, jwk, opts as never);
    await expect(sign({ issuedAt: IAT, expiresAt: EXP }, key.privateJwk, {})).rejects.toThrow(/"list" expected a StatusList/);
    await expect(sign({ issuedAt: IAT })).rejects.toThrow(/"expiresAt" is required/);
    await expect(sign({ issuedAt: IAT, expiresAt: IAT })).rejects.toThrow(/"expiresAt" \(1767225600\) must be after "issuedAt"/);
    await expect(sign({ issuedAt: IAT, expiresAt: EXP, ttl: 0 })).rejects.toThrow(/"ttl" expected a positive integer/);
    await expect(sign({ issuedAt: IAT, expiresAt: EXP, compress: () => new Uint8Array([1, 2, 3, 4, 5, 6]) })).rejects.toThrow(/"compress" must return a zlib stream/);
    await expect(sign({ issuedAt: IAT, expiresAt: EXP }, key.publicJwk)).rejects.toThrow(/"privateJwk.d" expected/);
    await expect(sign({ issuedAt: IAT, expiresAt: EXP }, { ...key.privateJwk, x: other.publicJwk.x })).rejects.toThrow(/"privateJwk.x" does not match/);
    const { iss: _iss, ...noIssuer } = key.privateJwk;
    await expect(sign({ issuedAt: IAT, expiresAt: EXP }, noIssuer)).rejects.toThrow(/"issuer" is required/);
  });
});

describe('StatusList.fromSigned: refusals, each with its code', () => {
  it('TOO_LARGE: a token over STATUS_LIST_MAX_TOKEN_BYTES, before any parsing; at the limit it is parsed', async () => {
    await expectLoadError(new Uint8Array(STATUS_LIST_MAX_TOKEN_BYTES + 1), 'TOO_LARGE', /is 25065537 bytes, over the limit of 25065536/);
    await expectLoadError(new Uint8Array(STATUS_LIST_MAX_TOKEN_BYTES), 'BAD_CBOR', /./);
  });

  it('BAD_CBOR and BAD_COSE: not a COSE_Sign1', async () => {
    await expectLoadError(new Uint8Array([0x84, 0x40]), 'BAD_CBOR', /./);
    await expectLoadError(encodeCbor([1, 2, 3]), 'BAD_COSE', /array of 4/);
  });

  it('BAD_COSE: no typ, or another typ (an HQ1 code is not a status list)', async () => {
    await expectLoadError(await forge(header([], [16]), claims()), 'BAD_COSE', /typ \(16\) is missing, expected "application\/statuslist\+cwt"/);
    await expectLoadError(await forge(header([[16, 'application/cwt']]), claims()), 'BAD_COSE', /typ \(16\) is "application\/cwt"/);
    await expectLoadError(await forge(header([[16, 61]]), claims()), 'BAD_COSE', /typ \(16\) is not text/);
  });

  it('BAD_COSE, ALG_MISMATCH: kid and alg of the protected header', async () => {
    await expectLoadError(await forge(header([], [4]), claims()), 'BAD_COSE', /no kid in the protected header/);
    await expectLoadError(await forge(header([], [1]), claims()), 'ALG_MISMATCH', /no alg/);
    await expectLoadError(await forge(header([[1, -7]]), claims()), 'ALG_MISMATCH', /the trust list gives kid .* alg EdDSA, the list says ES256/);
  });

  it('UNKNOWN_KID: a list signed by a key not in the trust list', async () => {
    const token = await signStatusList(new StatusList(8), other.privateJwk, { issuedAt: IAT, expiresAt: EXP });
    await expectLoadError(token, 'UNKNOWN_KID', new RegExp(`no key with kid "${other.kid}" in the trust list`));
  });

  it('BAD_SIGNATURE: a tampered list, a tampered claim, or the right kid with another key', async () => {
    const list = new StatusList(4_000);
    list.set(10, 3);
    const token = await signStatusList(list, key.privateJwk, { issuedAt: IAT, expiresAt: EXP });
    const payload = (decodeCbor(token) as CborTag).value as Uint8Array[];
    const lst = ((decodeCbor(payload[2]!) as Map<number, unknown>).get(65533) as Map<string, Uint8Array>).get('lst')!;
    const lstAt = Buffer.from(token).indexOf(Buffer.from(lst));
    const expAt = Buffer.from(token).indexOf(Buffer.from(encodeCbor(EXP)));
    expect(lstAt).toBeGreaterThan(0);
    expect(expAt).toBeGreaterThan(0);
    for (const at of [lstAt + Math.floor(lst.length / 2), expAt + 4]) {
      const tampered = token.slice();
      tampered[at]! ^= 0x01;
      await expectLoadError(tampered, 'BAD_SIGNATURE', /signature does not verify/);
    }
    await expectLoadError(await forge(header(), claims(), { seed: other.seed }), 'BAD_SIGNATURE', /altered or not made by this key/);
  });

  it('BAD_CLAIMS: each claim of the profile', async () => {
    const cases: [Map<number, unknown>, RegExp][] = [
      [claims([], [1]), /claim iss \(1\) is missing/],
      [claims([[2, 7]]), /claim sub \(2\) is missing or not text/],
      [claims([], [6]), /claim iat \(6\)/],
      [claims([], [4]), /claim exp \(4\) .*must expire/],
      [claims([[4, IAT]]), /exp \(1767225600\) is not after iat/],
      [claims([[65534, 0]]), /claim ttl \(65534\) is not a positive integer/],
      [claims([], [65533]), /claim status_list \(65533\) is missing/],
      [claims([[65533, new Map<string, unknown>([['bits', 1], ['lst', new Uint8Array(8)]])]]), /"bits" is 1: healthcode lists have 2 bits/],
      [claims([[65533, new Map<string, unknown>([['bits', 2]])]]), /"lst" is missing/],
      [claims([[65533, new Map<string, unknown>([['bits', 2], ['lst', new Uint8Array(8)], ['aggregation_uri', 1]])]]), /"aggregation_uri" is not text/],
      [claims([[-65538, 0]]), /claim size \(-65538\) is not a positive integer/],
      [claims([[-65538, 13]]), /"lst" inflates to 3 bytes, its size claim \(13 entries\) needs 4/],
    ];
    for (const [payload, fragment] of cases) await expectLoadError(await forge(header(), payload), 'BAD_CLAIMS', fragment);
    await expectLoadError(await forge(header(), claims(), { rawPayload: encodeCbor([1]) }), 'BAD_CLAIMS', /not a CBOR map/);
  });

  it('KEY_NOT_VALID and ISSUER_MISMATCH: the signing key\'s window and issuer binding', async () => {
    const retired = await TrustList.fromJWKS({ keys: [{ ...key.publicJwk, exp: IAT - 1 }] });
    await expectLoadError(await forge(header(), claims()), 'KEY_NOT_VALID', /after key .* retired/, retired);
    const revoked = await TrustList.fromJWKS({ keys: [{ ...key.publicJwk, revoked: true }] });
    await expectLoadError(await forge(header(), claims()), 'KEY_NOT_VALID', /is revoked/, revoked);
    await expectLoadError(await forge(header(), claims([[1, 'CN-110000']])), 'ISSUER_MISMATCH', /the list says issuer "CN-110000", but key .* signs only for "CN-330100"/);
  });

  it('NOT_YET_VALID: a list issued after now plus the tolerance', async () => {
    const token = await forge(header(), claims());
    await expectLoadError(token, 'NOT_YET_VALID', /issued in the future/, trust, IAT - 301);
    expect((await StatusList.fromSigned(token, trust, { now: IAT - 300 })).size).toBe(12);
  });

  it('BAD_COMPRESSION: an lst that is not zlib or is corrupt', async () => {
    const raw = new Map<string, unknown>([['bits', 2], ['lst', new Uint8Array([0xc9, 0x44, 0xf9, 0, 0, 0])]]);
    await expectLoadError(await forge(header(), claims([[65533, raw]])), 'BAD_COMPRESSION', /status list "lst": not a zlib stream/);
    const corrupt = deflateSync(new Uint8Array(1_000).fill(1));
    corrupt[corrupt.length - 6]! ^= 0xff;
    await expectLoadError(await forge(header(), claims([], [], corrupt)), 'BAD_COMPRESSION', /status list "lst"/);
  });

  it('TOO_LARGE: a size claim over STATUS_LIST_MAX_ENTRIES', async () => {
    await expectLoadError(await forge(header(), claims([[-65538, STATUS_LIST_MAX_ENTRIES + 1]])), 'TOO_LARGE', /declares 100000001 entries, over the limit of 100000000/);
  });

  it('TOO_LARGE: an lst inflating past its size claim, or past STATUS_LIST_MAX_BYTES without one', async () => {
    await expectLoadError(await forge(header(), claims([[-65538, 8]])), 'TOO_LARGE', /inflates to more than the 2 bytes its size claim \(8 entries\) gives/);
    const bomb = deflateSync(new Uint8Array(STATUS_LIST_MAX_BYTES + 1), { level: 9 });
    await expectLoadError(await forge(header(), claims([], [], bomb)), 'TOO_LARGE', /inflates to more than the limit of 25000000 bytes \(100000000 entries\)/);
    const atLimit = deflateSync(new Uint8Array(STATUS_LIST_MAX_BYTES), { level: 9 });
    expect((await StatusList.fromSigned(await forge(header(), claims([], [], atLimit)), trust, { now: NOW })).size).toBe(STATUS_LIST_MAX_ENTRIES);
  });

  it('throws TypeError on misuse', async () => {
    await expect(StatusList.fromSigned('token' as unknown as Uint8Array, trust)).rejects.toThrow(/"bytes" expected Uint8Array/);
    await expect(StatusList.fromSigned(new Uint8Array(4), {} as TrustList)).rejects.toThrow(/"trust" expected a TrustList/);
    await expect(StatusList.fromSigned(new Uint8Array(4), trust, { clockTolerance: -1 })).rejects.toThrow(/"clockTolerance"/);
  });
});
