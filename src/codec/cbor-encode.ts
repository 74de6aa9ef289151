/**
 * Encoding (RFC 8949 §4.2.1 core deterministic): through a cbor-x `Encoder` configured for
 * plain RFC 8949 output, after a walk that checks the input types and rebuilds every map with
 * its entries sorted by the bytes of their encoded keys. Where cbor-x's output is not the
 * deterministic form, the walk adapts the value: integer numbers ≥ 2^32 or < −2^32 are passed
 * as bigint (cbor-x writes such numbers as float64), and bigints within ±2^32 as numbers
 * (cbor-x gives every bigint an 8-byte head). What cbor-x cannot write deterministically at
 * all: non-integer floats in their shortest exact form (it never emits half precision, and its
 * float32 modes round), -0, NaN, ±Infinity, −2^64 (it emits a tag 3 bignum), simple values
 * (no type for them), and tag numbers ≥ 2^32 (it truncates them to 32 bits). cbor-x has no
 * way to splice in bytes written elsewhere, so a value holding any of those is written whole
 * by our own writer below, which also encodes the map keys for sorting. The tests hold both
 * writers to the same bytes. Any code calling cbor-x's process-wide `addExtension` for
 * `Uint8Array` or `Tag` would change its output: the tests would catch it, a caller must not.
 */
import { Encoder, Tag } from 'cbor-x';
import { BIG_TWO_32, BIG_TWO_64, CborFloat, CborSimple, CborTag, TWO_32 } from './cbor-types.js';
import { checkBigInt, checkDepth, checkText, sortEntries, unsupported, writeCbor } from './cbor-write.js';
import { CBOR_DEPTH_CAP } from './cbor-types.js';

// Plain RFC 8949 output (STYLE.md): no records, no tag 259 around maps, no tag 64 on byte
// strings, shortest map heads. A variable, because cbor-x's typings lack `useTag259ForMaps`.
const CBOR_X_OPTIONS = { useRecords: false, useTag259ForMaps: false, tagUint8Array: false, variableMapSize: true };
const CBOR_X = new Encoder(CBOR_X_OPTIONS);
/** Marks a value that cbor-x cannot write in deterministic form (see the module header). */
const OWN = Symbol('own writer');

/**
 * Encodes a value in deterministic CBOR (RFC 8949 §4.2.1): shortest heads, definite
 * lengths, map keys sorted by the bytes of their encoding, floats in the shortest form that
 * keeps their value. Integers (safe-integer numbers and bigints) are written as integers.
 *
 * @throws TypeError for a value outside the representation (a plain object, Date, function,
 *   symbol…), naming its type; for a string with a lone surrogate; for duplicate map keys.
 * @throws RangeError for a bigint outside −2^64..2^64−1, or nesting deeper than {@link CBOR_DEPTH_CAP}.
 * @example
 * ```ts
 * encodeCbor(new Map([[4, 1700000000], [1, 'CN-330100']])); // a2 01 69… 04 1a…
 * ```
 */
export function encodeCbor(value: unknown): Uint8Array {
  const prepared = prepare(value, 1);
  return prepared === OWN ? writeCbor(value) : new Uint8Array(CBOR_X.encode(prepared));
}

/** Checks `value` and returns what cbor-x must be given to write it deterministically, or OWN. */
function prepare(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'number':
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) return OWN;
      return value >= TWO_32 || value < -TWO_32 ? BigInt(value) : value;
    case 'bigint':
      checkBigInt(value);
      if (value === -BIG_TWO_64) return OWN; // cbor-x writes −2^64 as a tag 3 bignum
      return value >= -BIG_TWO_32 && value < BIG_TWO_32 ? Number(value) : value;
    case 'string':
      checkText(value);
      return value;
    case 'boolean':
    case 'undefined':
      return value;
    case 'object':
      if (value === null || value instanceof Uint8Array) return value;
      checkDepth(depth);
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = prepare(value[i], depth + 1);
          if (item === OWN) return OWN;
          out[i] = item;
        }
        return out;
      }
      if (value instanceof Map) {
        const entries: Array<{ bytes: Uint8Array; key: unknown; value: unknown }> = [];
        for (const [k, v] of value) {
          const key = prepare(k, depth + 1);
          const item = prepare(v, depth + 1);
          if (key === OWN || item === OWN) return OWN;
          entries.push({ bytes: writeCbor(k), key, value: item });
        }
        sortEntries(entries);
        return new Map(entries.map((e) => [e.key, e.value]));
      }
      if (value instanceof CborTag) {
        // A chain of tags, walked in a loop (tags add no depth, so recursion could be unbounded);
        // cbor-x would recurse over a long chain, so one goes to our writer.
        const tags: number[] = [];
        let inner: unknown = value;
        for (; inner instanceof CborTag; inner = inner.value) {
          if (typeof inner.tag === 'bigint' || inner.tag >= TWO_32 || tags.length >= CBOR_DEPTH_CAP) return OWN;
          tags.push(inner.tag);
        }
        let content = prepare(inner, depth);
        if (content === OWN) return OWN;
        for (let i = tags.length - 1; i >= 0; i--) content = new Tag(content, tags[i]!);
        return content;
      }
      if (value instanceof CborSimple || value instanceof CborFloat) return OWN;
  }
  return unsupported(value);
}
