import { calculateJwkThumbprint } from 'jose';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../src/codec/bytes.js';
import { ed25519Thumbprint, kidOf, KID_BYTES } from '../../../src/trust/kid.js';

describe('kid (RFC 7638 thumbprint prefix)', () => {
  it('matches jose on random keys', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), async (raw) => {
        const x = toBase64Url(raw);
        const reference = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }, 'sha256');
        expect(toBase64Url(await ed25519Thumbprint(x))).toBe(reference);
        expect(await kidOf(x)).toBe(toBase64Url(Buffer.from(reference, 'base64url').subarray(0, KID_BYTES)));
      }),
      { seed: 7638, numRuns: 200 },
    );
  });

  it('gives the RFC 8032 TEST 1 key the kid of docs/format.md', async () => {
    expect(await kidOf('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo')).toBe('kPrK_qmxVWY');
  });

  it('refuses what is not the base64url of 32 bytes', async () => {
    await expect(kidOf('AAAA')).rejects.toThrow(/32-byte/);
    await expect(kidOf('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=')).rejects.toThrow(TypeError);
    await expect(kidOf(5 as unknown as string)).rejects.toThrow(/"x"/);
  });
});
