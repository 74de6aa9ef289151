import { afterEach, describe, expect, it } from 'vitest';
import { createNodeBackend, verifiesOnThisThread } from '../../../src/crypto/node.js';
import { describeBackendContract } from './backend-contract.js';

describeBackendContract('node', () => createNodeBackend()!);
// The same contract for the form that runs each call on libuv's thread pool (calls in flight).
describeBackendContract('node', () => createNodeBackend({ inFlight: true })!);

describe('createNodeBackend({ inFlight: true })', () => {
  it('does not verify on this thread, so its ES256/PS256 keys go to WebCrypto as well', () => {
    expect(verifiesOnThisThread(createNodeBackend()!)).toBe(true);
    expect(verifiesOnThisThread(createNodeBackend({ inFlight: true })!)).toBe(false);
  });

  it('answers through the thread pool, and shares key handles with the synchronous form', async () => {
    const pooled = createNodeBackend({ inFlight: true })!;
    const direct = createNodeBackend()!;
    const seed = new Uint8Array(32).fill(7);
    const message = new TextEncoder().encode('in flight');
    const signature = await pooled.sign(await pooled.importPrivateKey(seed), message);
    expect(signature).toEqual(await direct.sign(await direct.importPrivateKey(seed), message));
    const publicKey = await direct.publicKeyFromSeed(seed);
    const handle = await direct.importPublicKey(publicKey);
    // A callback answer comes after this turn of the event loop, not within it.
    let settled = false;
    const pending = pooled.verify(handle, message, signature).then((ok) => ((settled = true), ok));
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(await pending).toBe(true);
    const bad = signature.slice();
    bad[0]! ^= 1;
    expect(await pooled.verify(await pooled.importPublicKey(publicKey), message, bad)).toBe(false);
  });
});

describe('createNodeBackend outside Node', () => {
  const proc = process as unknown as { getBuiltinModule?: unknown };
  const original = proc.getBuiltinModule;
  afterEach(() => {
    proc.getBuiltinModule = original;
  });

  it('exists here: Node ≥ 20.16 has process.getBuiltinModule', () => {
    expect(typeof original).toBe('function');
    expect(createNodeBackend()?.name).toBe('node');
  });

  it('is undefined without process.getBuiltinModule (browsers, Node < 20.16)', () => {
    proc.getBuiltinModule = undefined;
    expect(createNodeBackend()).toBeUndefined();
  });

  it('is undefined when getBuiltinModule throws or gives no usable node:crypto', () => {
    proc.getBuiltinModule = () => {
      throw new Error('no builtins here');
    };
    expect(createNodeBackend()).toBeUndefined();
    proc.getBuiltinModule = () => ({ createPublicKey() {} });
    expect(createNodeBackend()).toBeUndefined();
    proc.getBuiltinModule = () => undefined;
    expect(createNodeBackend()).toBeUndefined();
  });
});
