import { describe, expect, it } from 'vitest';
import {
  createPrivateHandle,
  createPublicHandle,
  isPrivateHandleOf,
  isPublicHandleOf,
  privateNative,
  publicNative,
} from '../../../src/crypto/handles.js';

describe('key handles', () => {
  const raw = new Uint8Array(32).fill(9);

  it('are frozen, carry a copy of the public key, and hide the native key', () => {
    const native = { secret: true };
    const handle = createPrivateHandle('noble', raw, native);
    expect(Object.isFrozen(handle)).toBe(true);
    expect(handle).toEqual({ type: 'ed25519-private', backend: 'noble', publicKey: raw });
    expect(handle.publicKey).not.toBe(raw);
    expect(JSON.stringify(handle)).not.toContain('secret');
    expect(privateNative(handle, 'noble')).toBe(native);
  });

  it('belong to one backend and one kind', () => {
    const pub = createPublicHandle('node', raw, 1);
    const priv = createPrivateHandle('node', raw, 2);
    expect(isPublicHandleOf(pub, 'node')).toBe(true);
    expect(isPublicHandleOf(pub, 'webcrypto')).toBe(false);
    expect(isPublicHandleOf(priv, 'node')).toBe(false);
    expect(isPrivateHandleOf(priv, 'node')).toBe(true);
    expect(isPrivateHandleOf(pub, 'node')).toBe(false);
    expect(publicNative(pub, 'node')).toBe(1);
    expect(() => publicNative(pub, 'noble')).toThrow(
      new TypeError('"key" expected an Ed25519 public key handle imported by the noble backend'),
    );
    expect(() => privateNative(pub, 'node', 'signer')).toThrow(
      new TypeError('"signer" expected an Ed25519 private key handle imported by the node backend'),
    );
  });

  it('cannot be forged or copied', () => {
    const pub = createPublicHandle('node', raw, 1);
    expect(isPublicHandleOf({ ...pub }, 'node')).toBe(false);
    expect(isPublicHandleOf(null, 'node')).toBe(false);
    expect(isPublicHandleOf('handle', 'node')).toBe(false);
  });
});
