import { Point } from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../../../src/codec/bytes.js';
import {
  assertEd25519PublicKey,
  checkEd25519PublicKey,
  checkEd25519Signature,
} from '../../../src/crypto/ed25519-strict.js';
import { craftedVectors, L, scalarBytes, torsionPoints } from './helpers.js';

const P = 2n ** 255n - 19n;
const TEST1_PUBLIC = fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
const TEST1_SIGNATURE = fromHex(
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
);
const TEST1_R = TEST1_SIGNATURE.subarray(0, 32);

/** The 32-byte encoding of y with the sign bit given. */
function encodeY(y: bigint, signBit = false): Uint8Array {
  const out = scalarBytes(y);
  if (signBit) out[31]! |= 0x80;
  return out;
}

function decodes(bytes: Uint8Array): boolean {
  try {
    Point.fromBytes(bytes, true);
    return true;
  } catch {
    return false;
  }
}

function withS(s: bigint): Uint8Array {
  return concatBytes(TEST1_R, scalarBytes(s));
}

describe('checkEd25519PublicKey', () => {
  it('accepts RFC 8032 keys', () => {
    expect(checkEd25519PublicKey(TEST1_PUBLIC)).toBe('ok');
    expect(checkEd25519PublicKey(fromHex('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c'))).toBe('ok');
  });

  it('rejects each of the 8 small-order points, rebuilt from a generator of E[8]', () => {
    const points = torsionPoints();
    const encodings = new Set(points.map((p) => toHex(p.toBytes())));
    expect(encodings.size).toBe(8);
    for (const p of points) {
      expect(p.clearCofactor().is0()).toBe(true);
      expect(checkEd25519PublicKey(p.toBytes())).toBe('small-order');
    }
  });

  it('accepts a mixed-order key (a torsion component is not a small-order key)', () => {
    const mixed = craftedVectors()[0]!.publicKey;
    expect(Point.fromBytes(mixed).isTorsionFree()).toBe(false);
    expect(checkEd25519PublicKey(mixed)).toBe('ok');
  });

  it('rejects every y ≥ p (non-canonical), with or without the sign bit, even where y − p decodes', () => {
    let decodable = 0;
    for (let y = P; y < 2n ** 255n; y++) {
      for (const sign of [false, true]) {
        const enc = encodeY(y, sign);
        if (decodes(enc)) decodable++;
        expect(checkEd25519PublicKey(enc), `y = p + ${y - P}, sign ${sign}`).toBe('non-canonical');
      }
    }
    // y = p + 1 is the identity, y = p is an order-4 point: non-canonical small-order encodings.
    expect(decodable).toBeGreaterThan(0);
  });

  it('rejects x = 0 with the sign bit set (y = 1 and y = p − 1) as non-canonical', () => {
    expect(checkEd25519PublicKey(encodeY(1n, true))).toBe('non-canonical');
    expect(checkEd25519PublicKey(encodeY(P - 1n, true))).toBe('non-canonical');
    // Without the sign bit they are the identity and the order-2 point.
    expect(checkEd25519PublicKey(encodeY(1n))).toBe('small-order');
    expect(checkEd25519PublicKey(encodeY(P - 1n))).toBe('small-order');
  });

  it('reports a y with no x on the curve as not-on-curve', () => {
    let y = 2n;
    while (decodes(encodeY(y))) y++;
    expect(checkEd25519PublicKey(encodeY(y))).toBe('not-on-curve');
    expect(checkEd25519PublicKey(encodeY(y, true))).toBe('not-on-curve');
  });

  it('reports a wrong length as bad-length', () => {
    expect(checkEd25519PublicKey(new Uint8Array(31))).toBe('bad-length');
    expect(checkEd25519PublicKey(new Uint8Array(33))).toBe('bad-length');
    expect(checkEd25519PublicKey(new Uint8Array(0))).toBe('bad-length');
  });

  it('throws TypeError naming the field on a non-Uint8Array', () => {
    expect(() => checkEd25519PublicKey('abc' as unknown as Uint8Array)).toThrow(
      new TypeError('"publicKey" expected Uint8Array, got string'),
    );
  });
});

describe('assertEd25519PublicKey', () => {
  it('returns a valid key', () => {
    expect(assertEd25519PublicKey(TEST1_PUBLIC)).toBe(TEST1_PUBLIC);
  });

  it('throws RangeError naming the field and the reason', () => {
    expect(() => assertEd25519PublicKey(new Uint8Array(31))).toThrow(new RangeError('"publicKey" expected 32 bytes, got 31'));
    expect(() => assertEd25519PublicKey(encodeY(1n), 'cnf.x')).toThrow(
      new RangeError('"cnf.x" is not a valid Ed25519 public key: small-order'),
    );
    expect(() => assertEd25519PublicKey(encodeY(P))).toThrow(/non-canonical/);
    expect(() => assertEd25519PublicKey(null)).toThrow(new TypeError('"publicKey" expected Uint8Array, got null'));
  });
});

describe('checkEd25519Signature', () => {
  it('accepts an RFC 8032 signature', () => {
    expect(checkEd25519Signature(TEST1_SIGNATURE)).toBe(true);
  });

  it('checks S < L at the boundary', () => {
    expect(checkEd25519Signature(withS(0n))).toBe(true);
    expect(checkEd25519Signature(withS(L - 1n))).toBe(true);
    expect(checkEd25519Signature(withS(L))).toBe(false);
    expect(checkEd25519Signature(withS(L + 1n))).toBe(false);
    expect(checkEd25519Signature(withS(2n * L))).toBe(false);
    expect(checkEd25519Signature(withS(2n ** 253n))).toBe(false);
    expect(checkEd25519Signature(withS(2n ** 256n - 1n))).toBe(false);
    // The classic malleation: S + L for a valid S.
    const s = BigInt('0x' + toHex(TEST1_SIGNATURE.slice(32).reverse()));
    expect(checkEd25519Signature(withS(s + L))).toBe(false);
  });

  it('rejects a non-canonical R: y ≥ p, or x = 0 with the sign bit', () => {
    for (let y = P; y < P + 3n; y++) expect(checkEd25519Signature(concatBytes(encodeY(y), scalarBytes(1n)))).toBe(false);
    expect(checkEd25519Signature(concatBytes(encodeY(2n ** 255n - 1n), scalarBytes(1n)))).toBe(false);
    expect(checkEd25519Signature(concatBytes(encodeY(1n, true), scalarBytes(1n)))).toBe(false);
    expect(checkEd25519Signature(concatBytes(encodeY(P - 1n, true), scalarBytes(1n)))).toBe(false);
  });

  it('rejects each small-order R', () => {
    for (const p of torsionPoints()) expect(checkEd25519Signature(concatBytes(p.toBytes(), scalarBytes(1n)))).toBe(false);
  });

  it('leaves an off-curve but canonical R to the (cofactorless) backends', () => {
    let y = 2n;
    while (decodes(encodeY(y))) y++;
    expect(checkEd25519Signature(concatBytes(encodeY(y), scalarBytes(1n)))).toBe(true);
  });

  it('accepts a non-small-order R that has a torsion component (the equation decides)', () => {
    const torsionR = craftedVectors().find((v) => v.label === 'torsion component in R')!;
    expect(checkEd25519Signature(torsionR.signature)).toBe(true);
  });

  it('rejects any length but 64', () => {
    for (const n of [0, 32, 63, 65, 128]) expect(checkEd25519Signature(new Uint8Array(n))).toBe(false);
    expect(checkEd25519Signature(concatBytes(TEST1_SIGNATURE, new Uint8Array(1)))).toBe(false);
  });

  it('throws TypeError naming the field on a non-Uint8Array', () => {
    expect(() => checkEd25519Signature([1, 2] as unknown as Uint8Array)).toThrow(
      new TypeError('"signature" expected Uint8Array, got array'),
    );
  });
});
