/**
 * `node:crypto` without a `node:` import: reached through `process.getBuiltinModule` (Node ≥
 * 20.16 / 22.3), so the core still runs in browsers, where this gives undefined. Only the slice
 * of the API the backends use is typed here (the core compiles without Node's types).
 */

/** A Node KeyObject, as far as this library uses one. */
export interface NodeKeyObject {
  export(options: { format: 'der'; type: 'spki' }): Uint8Array;
  /** Set on RSA keys: the modulus size in bits. */
  readonly asymmetricKeyDetails?: { readonly modulusLength?: number };
}

/** Verify parameters of an ECDSA or RSA-PSS KeyObject (Node's `crypto.verify` key object form). */
export interface NodeVerifyKey {
  readonly key: NodeKeyObject;
  /** `ieee-p1363`: r || s, the COSE form (RFC 9053 §2.1). */
  readonly dsaEncoding?: 'ieee-p1363';
  readonly padding?: number;
  readonly saltLength?: number;
}

/** The slice of `node:crypto` the backends use. */
export interface NodeCrypto {
  createPublicKey(key: { key: Uint8Array; format: 'der'; type: 'spki' } | { key: JsonWebKey; format: 'jwk' } | NodeKeyObject): NodeKeyObject;
  createPrivateKey(key: { key: Uint8Array; format: 'der'; type: 'pkcs8' }): NodeKeyObject;
  verify(algorithm: string | null, data: Uint8Array, key: NodeKeyObject | NodeVerifyKey, signature: Uint8Array): boolean;
  /** The callback form: the check runs on libuv's thread pool. */
  verify(algorithm: null, data: Uint8Array, key: NodeKeyObject, signature: Uint8Array, callback: (error: Error | null, ok: boolean) => void): void;
  sign(algorithm: null, data: Uint8Array, key: NodeKeyObject): Uint8Array;
  /** The callback form: the signature is made on libuv's thread pool. */
  sign(algorithm: null, data: Uint8Array, key: NodeKeyObject, callback: (error: Error | null, signature: Uint8Array) => void): void;
  readonly constants: { readonly RSA_PKCS1_PSS_PADDING: number };
}

/**
 * `node:crypto`, or undefined outside Node (or in a Node without `process.getBuiltinModule`).
 * Looked up on each call (a cheap lookup; callers keep what they build from it).
 *
 * @example
 * ```ts
 * const nodeCrypto = loadNodeCrypto();
 * if (!nodeCrypto) return undefined; // a browser
 * ```
 */
export function loadNodeCrypto(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: unknown } }).process;
  const getBuiltinModule = proc?.getBuiltinModule;
  if (typeof getBuiltinModule !== 'function') return undefined;
  let mod: unknown;
  try {
    mod = getBuiltinModule.call(proc, 'node:crypto');
  } catch {
    return undefined;
  }
  if (typeof mod !== 'object' || mod === null) return undefined;
  const m = mod as Record<string, unknown>;
  const functions = ['createPublicKey', 'createPrivateKey', 'verify', 'sign'].every((name) => typeof m[name] === 'function');
  const constants = m.constants as Record<string, unknown> | undefined;
  return functions && typeof constants?.RSA_PKCS1_PSS_PADDING === 'number' ? (mod as NodeCrypto) : undefined;
}
