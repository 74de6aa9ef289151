import { afterEach, describe, expect, it, vi } from 'vitest';
import { bufferSource, getSubtle, randomBytes, requireSubtle } from '../../../src/crypto/subtle.js';

describe('WebCrypto access', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('finds crypto.subtle here and reports its absence', () => {
    expect(getSubtle()).toBe(globalThis.crypto.subtle);
    vi.stubGlobal('crypto', undefined);
    expect(getSubtle()).toBeUndefined();
    expect(() => requireSubtle()).toThrow(/crypto.subtle is not available/);
    expect(() => randomBytes(4)).toThrow(/crypto.getRandomValues is not available/);
  });

  it('passes ArrayBuffer-backed bytes through and copies SharedArrayBuffer-backed ones', () => {
    const plain = new Uint8Array([1, 2, 3]);
    expect(bufferSource(plain)).toBe(plain);
    const shared = new Uint8Array(new SharedArrayBuffer(3));
    shared.set([4, 5, 6]);
    const copy = bufferSource(shared);
    expect(copy).not.toBe(shared);
    expect(copy.buffer instanceof ArrayBuffer).toBe(true);
    expect([...copy]).toEqual([4, 5, 6]);
  });

  it('draws random bytes of the asked length', () => {
    expect(randomBytes(16).length).toBe(16);
  });
});
