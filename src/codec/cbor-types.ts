/** The CBOR value classes of our representation, and shared numeric bounds (cbor.ts header). */

/** @internal */
export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** @internal */
export const TWO_32 = 2 ** 32;
/** @internal */
export const BIG_TWO_32 = 1n << 32n;
/** @internal */
export const BIG_TWO_64 = 1n << 64n;
/** Highest `maxDepth` a caller may ask for (bounds the recursion), and the encoder's bound. */
export const CBOR_DEPTH_CAP = 512;

/**
 * A CBOR float (major type 7, additional information 25–27) kept apart from integers; only
 * returned when {@link CborDecodeOptions.wrapFloats} is set.
 *
 * @example
 * ```ts
 * decodeCbor(Uint8Array.of(0xf9, 0x3c, 0x00), { wrapFloats: true }); // CborFloat { value: 1 }
 * ```
 */
export class CborFloat {
  /** The float's value. */
  readonly value: number;
  constructor(value: number) {
    this.value = value;
    Object.freeze(this);
  }
}

/**
 * A CBOR tag (RFC 8949 §3.4) and its content, kept as is: no tag is ever interpreted.
 *
 * @throws RangeError when `tag` is not an integer in 0..2^64−1.
 * @example
 * ```ts
 * encodeCbor(new CborTag(18, [])); // d2 80
 * ```
 */
export class CborTag {
  /** The tag number: a `number` up to 2^53−1, a `bigint` above (as for integers). */
  readonly tag: number | bigint;
  /** The tagged data item, in this module's representation. */
  readonly value: unknown;

  constructor(tag: number | bigint, value: unknown) {
    if (typeof tag === 'bigint' && tag >= 0n && tag < BIG_TWO_64) {
      this.tag = tag <= BigInt(MAX_SAFE) ? Number(tag) : tag;
    } else if (typeof tag === 'number' && Number.isSafeInteger(tag) && tag >= 0) {
      this.tag = tag;
    } else {
      throw new RangeError(`"tag" expected an integer in 0..2^64-1, got ${String(tag)}`);
    }
    this.value = value;
    Object.freeze(this);
  }
}

/**
 * A CBOR simple value (RFC 8949 §3.3) other than false, true, null and undefined.
 *
 * @throws RangeError when `value` is not an integer in 0..19 or 32..255.
 * @example
 * ```ts
 * encodeCbor(new CborSimple(16)); // f0
 * ```
 */
export class CborSimple {
  /** 0..19 or 32..255 (20..23 are false/true/null/undefined, 24..31 are reserved). */
  readonly value: number;

  constructor(value: number) {
    if (!Number.isInteger(value) || value < 0 || value > 255 || (value > 19 && value < 32)) {
      throw new RangeError(`"value" expected a simple value in 0..19 or 32..255, got ${String(value)}`);
    }
    this.value = value;
    Object.freeze(this);
  }
}

