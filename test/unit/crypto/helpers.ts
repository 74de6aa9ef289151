/**
 * Test helpers for the crypto suites: every backend of this runtime, libsodium as an outside
 * oracle, and crafted Ed25519 vectors on which the cofactored and cofactorless equations differ.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Point } from '@noble/ed25519';
import { concatBytes, fromHex } from '../../../src/codec/bytes.js';
import type { Ed25519Backend } from '../../../src/crypto/backend.js';
import { createNobleBackend } from '../../../src/crypto/noble.js';
import { createNodeBackend } from '../../../src/crypto/node.js';
import { createWebCryptoBackend } from '../../../src/crypto/webcrypto.js';

/**
 * All three backends. Under Node ≥ 20.16 every one exists; a missing one is a failure, never a
 * silent skip ("every backend runs every table").
 */
export function allBackends(): Ed25519Backend[] {
  const node = createNodeBackend();
  const webcrypto = createWebCryptoBackend();
  if (!node || !webcrypto) throw new Error('the node and webcrypto backends must exist under Node ≥ 20.16');
  return [node, webcrypto, createNobleBackend()];
}

interface Sodium {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

const sodium = createRequire(import.meta.url)('sodium-native') as Sodium;

/**
 * libsodium's verify (cofactorless, rejects small-order A and R, S ≥ L); false on a throw.
 * sodium-native reads the first 64 bytes of a longer buffer, so other lengths are false here.
 */
export function sodiumVerify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return sodium.crypto_sign_verify_detached(signature, message, publicKey);
  } catch {
    return false;
  }
}

/** The group order L (RFC 8032 §5.1). */
export const L = Point.CURVE().n;

/** A point of order 8 (it generates the torsion subgroup E[8]). */
export const T8 = Point.fromBytes(fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'));

/** The 8 points of E[8], built by adding T8 to itself. */
export function torsionPoints(): Point[] {
  const points: Point[] = [];
  let p = Point.ZERO;
  for (let i = 0; i < 8; i++) {
    points.push(p);
    p = p.add(T8);
  }
  return points;
}

export function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

export function scalarBytes(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}

function sha512(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(createHash('sha512').update(concatBytes(...parts)).digest());
}

const text = (s: string) => new TextEncoder().encode(s);

/** Fixed secret scalars for the crafted vectors (derived from labels, so reproducible). */
const a = littleEndian(sha512(text('healthcode mixed-order key a'))) % L;
const r = littleEndian(sha512(text('healthcode nonce r'))) % L;

/** A crafted signature with what the two equations say about it. */
export interface CraftedVector {
  readonly label: string;
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
  /** k = SHA-512(R || A || M) mod L. */
  readonly k: bigint;
  /** [S]B = R + [k]A (what node, webcrypto, noble and libsodium check). */
  readonly cofactorless: boolean;
  /** [8][S]B = [8]R + [8][k]A (what noble's own verify checks). */
  readonly cofactored: boolean;
}

function craft(label: string, A: Point, R: Point, message: Uint8Array): CraftedVector {
  const publicKey = A.toBytes();
  const rBytes = R.toBytes();
  const k = littleEndian(sha512(rBytes, publicKey, message)) % L;
  const s = (r + k * a) % L;
  const SB = Point.BASE.multiply(s, false);
  const kA = A.multiply(k, false);
  return {
    label,
    publicKey,
    message,
    signature: concatBytes(rBytes, scalarBytes(s)),
    k,
    cofactorless: SB.equals(R.add(kA)),
    cofactored: SB.subtract(R).subtract(kA).clearCofactor().is0(),
  };
}

/**
 * Vectors where the equations differ or where a torsion component is present:
 * - A = [a]B + T8 (mixed order: passes checkEd25519PublicKey), R = [r]B, S = r + k·a. Then
 *   [S]B − [k]A = R − [k]T8, which is R exactly when k ≡ 0 (mod 8). The first messages are
 *   chosen so that k mod 8 ≠ 0 (cofactored only) and one so that k ≡ 0 (valid both ways).
 * - A = [a]B (torsion-free), R = [r]B + T8 (not small-order: passes checkEd25519Signature),
 *   S = r + k·a: [S]B − [k]A = [r]B ≠ R, but the difference T8 vanishes under [8].
 */
export function craftedVectors(): CraftedVector[] {
  const mixedA = Point.BASE.multiply(a).add(T8);
  const R = Point.BASE.multiply(r);
  const out: CraftedVector[] = [];
  let sawValid = false;
  for (let i = 0; out.length < 6 || !sawValid; i++) {
    const v = craft(`mixed-order A, message ${i}`, mixedA, R, text(`mixed-order ${i}`));
    if (v.k % 8n === 0n) {
      if (sawValid) continue;
      sawValid = true;
    }
    out.push(v);
  }
  out.push(craft('torsion component in R', Point.BASE.multiply(a), R.add(T8), text('torsion R')));
  out.push(craft('torsion R and mixed-order A', mixedA, R.add(T8), text('torsion R, mixed A')));
  return out;
}
