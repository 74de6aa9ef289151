/**
 * verify(…, { dcc: true }) on `HC1:` texts: the opt-in, the result, and the rules it shares with
 * HQ1 (size, stale signed lists, the clock floor). Case tables live in dcc-vectors.test.ts.
 */
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase45 } from '../../../src/codec/base45.js';
import { issue, signTrustList, TrustList, verify, verifyMany, type AnyVerifyResult, type VerifyResult } from '../../../src/index.js';
import { getDefaultBackend } from '../../../src/crypto/backend.js';
import { backendInFlight } from '../../../src/many.js';
import { checkEntrySignature } from '../../../src/trust/signature.js';
import { toBase64Url } from '../../../src/codec/bytes.js';
import { fixedIssuerKey } from '../../support/keys.js';
import { base64, certificateKid, dccClaims, makeCertificate, makeDcc, makeDccCose, makeKey, SAMPLE_DCC_JSON, type KeyPair } from '../../support/dcc.js';

const DAY = 86_400;
const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const IAT = NOW - 30 * DAY;
const EXP = NOW + 300 * DAY;

let key: KeyPair;
let certificate: Uint8Array;
let kid: Uint8Array;
let trust: TrustList;
let text: string;

beforeAll(async () => {
  key = makeKey('P-256');
  certificate = makeCertificate({ key, country: 'AT', notBefore: NOW - 365 * DAY, notAfter: NOW + 365 * DAY });
  kid = certificateKid(certificate);
  trust = await TrustList.fromCertificates([{ certificate: base64(certificate) }]);
  text = makeDcc({ key, protectedHeader: new Map<number, unknown>([[1, -7], [4, kid]]), claims: dccClaims('AT', IAT, EXP) });
});

describe('verify: EU DCC profile', () => {
  it('reads HC1: only when asked, so HQ1-only code never meets a result without a colour', async () => {
    const result: VerifyResult = await verify(text, trust, { now: NOW });
    expect(result).toEqual({ valid: false, code: 'BAD_PREFIX', message: expect.stringMatching(/EU Digital COVID Certificate.*not set up/) });
    expect((await verify(text, trust, { now: NOW, dcc: false })).valid).toBe(false);
  });

  it('gives a frozen DCC result: profile, issuing country, kid, alg, times and the DCC', async () => {
    const result = await verify(text, trust, { now: NOW, dcc: true });
    expect(result).toEqual({
      valid: true,
      profile: 'dcc',
      issuer: 'AT',
      kid: toBase64Url(kid),
      alg: 'ES256',
      issuedAt: IAT,
      expiresAt: EXP,
      hcert: SAMPLE_DCC_JSON,
      trustListStale: false,
    });
    expect(Object.isFrozen(result)).toBe(true);
    expect('status' in result).toBe(false);
  });

  it('verifyMany reads DCCs as verify does, its ES256 checks on the thread pool, verify\'s on this thread', async () => {
    const results: AnyVerifyResult[] = [];
    for await (const result of verifyMany([text, text, text], trust, { now: NOW, dcc: true })) results.push(result);
    const one = await verify(text, trust, { now: NOW, dcc: true });
    expect(results).toEqual([one, one, one]);
    const [entry] = trust.lookup(kid);
    const message = new Uint8Array(8);
    const signature = new Uint8Array(64);
    const direct = await getDefaultBackend();
    await checkEntrySignature(entry!, message, signature, direct); // the key's import
    expect(checkEntrySignature(entry!, message, signature, direct)).toBe(false); // answered at once
    const pooled = await backendInFlight();
    if (pooled) {
      await checkEntrySignature(entry!, message, signature, pooled);
      const answer = checkEntrySignature(entry!, message, signature, pooled);
      expect(answer).toBeInstanceOf(Promise); // WebCrypto, on the pool
      expect(await answer).toBe(false);
    }
  });

  it('still reads HQ1 codes with dcc: true, and profile tells the two apart', async () => {
    const hq1Key = await fixedIssuerKey();
    const mixed = await TrustList.fromJWKS({ keys: [hq1Key.publicJwk] });
    const code = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP }, hq1Key.privateJwk);
    const result: AnyVerifyResult = await verify(code, mixed, { now: NOW, dcc: true });
    expect(result.valid && result.profile).toBe('hq1');
    if (result.valid && result.profile === 'hq1') expect(result.status).toBe('green');
  });

  it('applies rule 1 before the prefix: over 4096 characters is TOO_LARGE', async () => {
    expect(await verify('HC1:' + '0'.repeat(4093), trust, { now: NOW, dcc: true })).toMatchObject({ valid: false, code: 'TOO_LARGE' });
  });

  it('federation: a national root signs DCC signer keys as JWKs; a stale list is reported, or flagged when allowed', async () => {
    const root = await fixedIssuerKey('ROOT', '03'.repeat(32));
    const jwk = { ...key.publicKey.export({ format: 'jwk' }), kid: toBase64Url(kid), alg: 'ES256', iss: 'AT', nbf: NOW - 365 * DAY, exp: NOW + 365 * DAY };
    const jws = await signTrustList({ keys: [jwk] }, root.privateJwk, { seq: 1, issuedAt: NOW - DAY, expiresAt: NOW + DAY });
    const signed = await TrustList.fromSigned(jws, { keys: [root.publicJwk] });
    expect(await verify(text, signed, { now: NOW, dcc: true })).toMatchObject({ valid: true, profile: 'dcc', issuer: 'AT' });
    expect(await verify(text, signed, { now: NOW + 2 * DAY, dcc: true })).toMatchObject({ valid: false, code: 'STALE_TRUST_LIST' });
    expect(await verify(text, signed, { now: NOW + 2 * DAY, dcc: true, allowStaleTrustList: true })).toMatchObject({ valid: true, trustListStale: true });
  });

  it('clock floor: a DCC expired yesterday passes on a phone set back a month, unless the floor is kept', async () => {
    const expired = makeDcc({ key, protectedHeader: new Map<number, unknown>([[1, -7], [4, kid]]), claims: dccClaims('AT', NOW - 60 * DAY, NOW - DAY) });
    const setBack = NOW - 30 * DAY;
    expect(await verify(expired, trust, { now: NOW, dcc: true })).toMatchObject({ valid: false, code: 'EXPIRED' });
    expect(await verify(expired, trust, { now: setBack, dcc: true })).toMatchObject({ valid: true });
    const floored = await verify(expired, trust, { now: setBack, timeFloor: NOW, dcc: true });
    expect(floored).toMatchObject({ valid: false, code: 'NOT_YET_VALID', message: expect.stringMatching(/this device's clock .* is behind/) });
  });

  it('never throws and never accepts a mutated DCC: changed characters, or changed COSE bytes recompressed', async () => {
    const cose = makeDccCose({ key, protectedHeader: new Map<number, unknown>([[1, -7], [4, kid]]), claims: dccClaims('AT', IAT, EXP) });
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat({ max: alphabet.length - 1 }), async (at, c) => {
        const i = 4 + (at % (text.length - 4));
        const mutated = text.slice(0, i) + alphabet[c] + text.slice(i + 1);
        const result = await verify(mutated, trust, { now: NOW, dcc: true });
        expect(result.valid).toBe(mutated === text);
      }),
      { seed: 0xdcc, numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const bytes = cose.slice();
        bytes[at % bytes.length]! ^= xor;
        const result = await verify('HC1:' + encodeBase45(deflateSync(bytes)), trust, { now: NOW, dcc: true });
        expect(result.valid).toBe(false);
      }),
      { seed: 0xdcc, numRuns: 300 },
    );
  });
});
