import { afterEach, describe, expect, it } from 'vitest';
import { createNodeBackend } from '../../../src/crypto/node.js';
import { describeBackendContract } from './backend-contract.js';

describeBackendContract('node', () => createNodeBackend()!);

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
