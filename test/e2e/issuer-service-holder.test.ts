/**
 * The issuer service's dynamic codes (issue #8): `POST /codes` with `holderPublicKey` issues
 * a holder-bound credential, refused on its own and valid as a live presentation by that key;
 * bad keys are 400s naming the field; web pages on other origins may call it (CORS). The
 * service runs in this process with a fixed clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIssuerService, type IssuerService } from '../../examples/issuer-service/service.js';
import { generateHolderKey, present, TrustList, verify, type HolderKey } from '../../src/index.js';

const CLEAN = { hasSymptoms: false, visitedHighRiskArea: false, contactWithConfirmed: false } as const;
const NOW = 1_795_000_000;
/** An Ed25519 point of small order (the identity's encoding, RFC 8032 §5.1.3): parses, but proves nothing. */
const SMALL_ORDER_X = 'AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

let work: string;
let service: IssuerService;
let trust: TrustList;
let holder: HolderKey;
let holderWebCrypto: HolderKey;

async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(`${service.url}/codes`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

function codeCount(): number {
  const db = new Database(join(work, 'data', 'issuer.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM codes').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'issuer-holder-'));
  service = await startIssuerService({ dataDir: join(work, 'data'), port: 0, now: () => NOW });
  const root = await (await fetch(`${service.url}/root.jwk`)).json();
  trust = await TrustList.fromSigned(await (await fetch(`${service.url}/trust-list`)).text(), { keys: [root] }, { now: NOW });
  holder = await generateHolderKey();
  holderWebCrypto = await generateHolderKey({ nonExtractable: true });
});

afterAll(async () => {
  await service?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('POST /codes with holderPublicKey', () => {
  it('issues a holder-bound credential: refused bare, valid as a presentation by that key, invalid by another', async () => {
    const answer = await post({ idNumber: 'DYNAMIC001', name: '周杰', ...CLEAN, holderPublicKey: holder.publicJwk });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ status: 'green', holderBound: true, name: '周*' });
    expect(answer.json).not.toHaveProperty('png'); // a bare credential is no use at a checkpoint
    const credential = answer.json.code as string;
    expect(await verify(credential, trust, { now: NOW })).toMatchObject({ valid: false, code: 'HOLDER_PROOF_REQUIRED' });
    const live = await present(credential, holder.privateJwk, { now: NOW + 30 });
    expect(await verify(live, trust, { now: NOW + 30 })).toMatchObject({ valid: true, status: 'green', holderBound: true, presentedAt: NOW + 30, name: '周*' });
    const stranger = await generateHolderKey();
    const forged = await present(credential, stranger.privateJwk, { now: NOW + 30 });
    expect(await verify(forged, trust, { now: NOW + 30 })).toMatchObject({ valid: false, code: 'HOLDER_PROOF_INVALID' });
  });

  it('accepts the JWK as WebCrypto exports it (ext, key_ops), and the presentation a non-extractable key signs', async () => {
    const exported = { ...holderWebCrypto.publicJwk, ext: true, key_ops: ['verify'], alg: 'Ed25519' };
    const answer = await post({ idNumber: 'DYNAMIC002', name: 'Wu', ...CLEAN, holderPublicKey: exported });
    expect(answer.status).toBe(201);
    const live = await present(answer.json.code, holderWebCrypto.privateKey ?? holderWebCrypto.privateJwk, { now: NOW });
    expect(await verify(live, trust, { now: NOW })).toMatchObject({ valid: true, holderBound: true });
  });

  it('returns the code on record for the same key, and issues a new one for a new key or none', async () => {
    const person = { idNumber: 'DYNAMIC003', name: 'Lin', ...CLEAN };
    const bound = await post({ ...person, holderPublicKey: holder.publicJwk });
    const same = await post({ ...person, holderPublicKey: holder.publicJwk });
    expect([bound.status, same.status, same.json.code]).toEqual([201, 200, bound.json.code]);
    const other = await generateHolderKey();
    const rebound = await post({ ...person, holderPublicKey: other.publicJwk });
    expect(rebound.status).toBe(201);
    expect(await verify(await present(rebound.json.code, other.privateJwk, { now: NOW }), trust, { now: NOW })).toMatchObject({ valid: true, holderBound: true });
    const plain = await post(person);
    expect([plain.status, plain.json.holderBound, typeof plain.json.png]).toEqual([201, false, 'string']);
    expect(await verify(plain.json.code, trust, { now: NOW })).toMatchObject({ valid: true, holderBound: false });
    expect(plain.json.personId).toBe(bound.json.personId);
  });

  const bad: [string, unknown, RegExp][] = [
    ['a private key', () => holder.privateJwk, /"holderPublicKey" is a private key \(it has "d"\)/],
    ['a string', 'ed25519:abc', /"holderPublicKey" expected a public JWK object/],
    ['an EC key', { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }, /expected kty "OKP" and crv "Ed25519" \(RFC 8037\), got "EC" and "P-256"/],
    ['an X25519 key', { kty: 'OKP', crv: 'X25519', x: SMALL_ORDER_X }, /got "OKP" and "X25519"/],
    ['x of 31 bytes', { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(42) }, /"x" expected 32 bytes of unpadded base64url/],
    ['x padded', { kty: 'OKP', crv: 'Ed25519', x: `${SMALL_ORDER_X}=` }, /"x" expected 32 bytes of unpadded base64url/],
    ['an unknown member', { kty: 'OKP', crv: 'Ed25519', x: SMALL_ORDER_X, pin: '1234' }, /unknown member "pin"/],
    ['a small-order point', { kty: 'OKP', crv: 'Ed25519', x: SMALL_ORDER_X }, /"holderPublicKey" is not a usable Ed25519 public key \(small-order\)/],
  ];
  it.each(bad)('refuses %s with 400 BAD_DECLARATION naming holderPublicKey, writing nothing', async (_what, key, message) => {
    const before = codeCount();
    const answer = await post({ idNumber: 'DYNAMIC009', name: 'Bad', ...CLEAN, holderPublicKey: typeof key === 'function' ? key() : key });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('BAD_DECLARATION');
    expect(answer.json.message).toMatch(message);
    expect(codeCount()).toBe(before);
  });
});

describe('CORS for holder pages', () => {
  it('answers the preflight of POST /codes, and its answers (errors too) are readable from any origin', async () => {
    const preflight = await fetch(`${service.url}/codes`, { method: 'OPTIONS', headers: { Origin: 'https://holder.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers'].map((h) => [h, preflight.headers.get(h)]))).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'Content-Type',
    });
    const ok = await post({ idNumber: 'CORS000001', name: 'Cy', ...CLEAN }, { Origin: 'https://holder.example' });
    expect([ok.status, ok.headers.get('access-control-allow-origin')]).toEqual([201, '*']);
    const refused = await post({ idNumber: 'CORS000001' }, { Origin: 'https://holder.example' });
    expect([refused.status, refused.headers.get('access-control-allow-origin')]).toEqual([400, '*']);
  });
});
