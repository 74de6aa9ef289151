import { beforeAll, describe, expect, it } from 'vitest';
import { issue, generateIssuerKey, verify, TrustList, inspect } from '../../src/index.js';
import { fixedIssuerKey } from '../support/keys.js';

const IAT = 1_767_225_600;
const EXP = IAT + 7 * 86_400;
let key: Awaited<ReturnType<typeof fixedIssuerKey>>;

beforeAll(async () => {
  key = await fixedIssuerKey();
});

describe('issue', () => {
  it('is deterministic: the same key and claims give the same text', async () => {
    const a = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP, name: '张*' }, key.privateJwk);
    const b = await issue({ status: 'green', issuedAt: new Date(IAT * 1000), expiresAt: new Date(EXP * 1000), name: '张*' }, { ...key.privateJwk });
    expect(a).toBe(b);
    expect(a).toMatch(/^HQ1:[0-9A-Z $%*+\-./:]+$/);
  });

  it('fits the QR budgets of DESIGN.md (7-M: 178, 8-M: 221)', async () => {
    for (const status of ['green', 'yellow', 'red'] as const) {
      const plain = await issue({ status, issuedAt: IAT, expiresAt: EXP }, key.privateJwk);
      expect(plain.length).toBeLessThanOrEqual(178);
      const named = await issue({ status, issuedAt: IAT, expiresAt: EXP, name: '张*', idHint: '123X' }, key.privateJwk);
      expect(named.length).toBeLessThanOrEqual(221);
    }
  });

  it('defaults issuer to the key iss and issuedAt to now', async () => {
    const before = Math.floor(Date.now() / 1000);
    const text = await issue({ status: 'green', expiresAt: before + 3600 }, key.privateJwk);
    const claims = inspect(text).claims!;
    expect(claims.issuer).toBe('CN-330100');
    expect(claims.issuedAt).toBeGreaterThanOrEqual(before);
  });

  it('verifies with a freshly generated key', async () => {
    const fresh = await generateIssuerKey({ issuer: 'CN-110000' });
    expect(fresh.privateJwk.kid).toBe(fresh.kid);
    expect(fresh.publicJwk).not.toHaveProperty('d');
    const trust = await TrustList.fromJWKS({ keys: [fresh.publicJwk] });
    const text = await issue({ status: 'green', issuedAt: IAT, expiresAt: EXP }, fresh.privateJwk);
    expect((await verify(text, trust, { now: IAT })).valid).toBe(true);
  });

  it('throws on misuse, naming the field', async () => {
    const ok = { status: 'green', issuedAt: IAT, expiresAt: EXP } as const;
    await expect(issue({ ...ok, status: 'blue' as 'green' }, key.privateJwk)).rejects.toThrow(/"status"/);
    await expect(issue({ ...ok, expiresAt: IAT }, key.privateJwk)).rejects.toThrow(RangeError);
    await expect(issue({ ...ok, expiresAt: 1.5 }, key.privateJwk)).rejects.toThrow(/"expiresAt"/);
    await expect(issue({ ...ok, expiresAt: new Date('x') }, key.privateJwk)).rejects.toThrow(/invalid Date/);
    await expect(issue({ ...ok, subjectRef: new Uint8Array(33) }, key.privateJwk)).rejects.toThrow(/"subjectRef"/);
    await expect(issue({ ...ok, statusIndex: -1 }, key.privateJwk)).rejects.toThrow(/"statusIndex"/);
    await expect(issue({ ...ok, name: 5 as unknown as string }, key.privateJwk)).rejects.toThrow(/"name"/);
    await expect(issue({ ...ok, name: 'x'.repeat(3000) }, key.privateJwk)).rejects.toThrow(/over the 4096/);
    await expect(issue(ok, { ...key.privateJwk, x: fresh() })).rejects.toThrow(/does not match/);
    await expect(issue(ok, { ...key.privateJwk, kid: 'AAAAAAAAAAA' })).rejects.toThrow(/thumbprint/);
    await expect(issue(ok, { kty: 'EC' })).rejects.toThrow(/OKP Ed25519/);
    const { iss: _iss, ...noIss } = key.privateJwk;
    await expect(issue(ok, noIss)).rejects.toThrow(/"issuer" is required/);
  });
});

function fresh(): string {
  return 'A'.repeat(42) + 'E';
}
