import { afterEach, describe, expect, it, vi } from 'vitest';
import { probeBackend } from '../../../src/crypto/backend.js';
import { createWebCryptoBackend } from '../../../src/crypto/webcrypto.js';
import { describeBackendContract, RFC8032 } from './backend-contract.js';

describeBackendContract('webcrypto', () => createWebCryptoBackend()!);

describe('createWebCryptoBackend where WebCrypto is missing or partial', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is undefined without crypto.subtle (e.g. an insecure browser context)', () => {
    vi.stubGlobal('crypto', {});
    expect(createWebCryptoBackend()).toBeUndefined();
    vi.stubGlobal('crypto', undefined);
    expect(createWebCryptoBackend()).toBeUndefined();
  });

  it('fails cleanly, and fails the probe, where subtle does not know Ed25519', async () => {
    const notSupported = () => Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'));
    vi.stubGlobal('crypto', { subtle: { importKey: notSupported, exportKey: notSupported, sign: notSupported, verify: notSupported } });
    const backend = createWebCryptoBackend()!;
    expect(backend.name).toBe('webcrypto');
    await expect(backend.importPublicKey(RFC8032[0]!.publicKey)).rejects.toThrow('Unrecognized name.');
    expect(await probeBackend(backend)).toBe(false);
  });
});
