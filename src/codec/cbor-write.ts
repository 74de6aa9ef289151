/**
 * Our deterministic CBOR writer (RFC 8949 §4.2.1): every type of the representation (cbor.ts
 * header), shortest heads, definite lengths, map keys sorted by their encoded bytes, floats in
 * the shortest form that keeps their value. The decoder uses it to compare complex map keys;
 * cbor-encode.ts uses it for what cbor-x cannot write deterministically.
 */
import { BIG_TWO_64, CBOR_DEPTH_CAP, CborFloat, CborSimple, CborTag, MAX_SAFE, TWO_32 } from './cbor-types.js';
import { toHex } from './bytes.js';

const UTF8_ENCODER = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;


/** Sorts map entries by encoded key (RFC 8949 §4.2.1) and rejects equal keys. */
/** @internal */
export function sortEntries(entries: Array<{ bytes: Uint8Array }>): void {
  entries.sort((a, b) => compareBytes(a.bytes, b.bytes));
  for (let i = 1; i < entries.length; i++) {
    if (compareBytes(entries[i - 1]!.bytes, entries[i]!.bytes) === 0) {
      throw new TypeError(`cannot encode a Map with duplicate key h'${toHex(entries[i]!.bytes)}'`);
    }
  }
}

/** @internal */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** @internal */
export function checkBigInt(value: bigint): void {
  if (value < -BIG_TWO_64 || value >= BIG_TWO_64) {
    throw new RangeError(`cannot encode bigint ${value}: outside the CBOR integer range -2^64..2^64-1`);
  }
}

/** @internal */
export function checkText(value: string): void {
  if (LONE_SURROGATE.test(value)) throw new TypeError('cannot encode a string with a lone surrogate as UTF-8');
}

/** @internal */
export function checkDepth(depth: number): void {
  if (depth > CBOR_DEPTH_CAP) throw new RangeError(`cannot encode nesting deeper than ${CBOR_DEPTH_CAP} (a cycle?)`);
}

/** @internal */
export function unsupported(value: unknown): never {
  let type: string = typeof value;
  if (type === 'object') {
    const name = (value as object).constructor?.name;
    type = name === 'Object' || name === undefined ? 'a plain object (use a Map)' : name;
  }
  throw new TypeError(`cannot encode ${type} as CBOR`);
}

/**
 * Our deterministic writer: the whole value, every type of the representation.
 *
 * @throws TypeError / RangeError as `encodeCbor` does.
 * @example
 * ```ts
 * writeCbor(new Map([[1, -8]])); // a1 01 27
 * ```
 */
export function writeCbor(value: unknown): Uint8Array {
  const w = new Writer();
  w.value(value, 1);
  return w.buf.slice(0, w.len);
}

class Writer {
  buf = new Uint8Array(64);
  len = 0;
  private view = new DataView(this.buf.buffer);

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  private bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  private head(major: number, n: number | bigint): void {
    this.room(9);
    const m = major << 5;
    if (typeof n === 'bigint') {
      if (n <= BigInt(MAX_SAFE)) return this.head(major, Number(n));
      this.buf[this.len] = m | 27;
      this.view.setBigUint64(this.len + 1, n);
      this.len += 9;
    } else if (n < 24) {
      this.buf[this.len++] = m | n;
    } else if (n < 0x100) {
      this.buf[this.len++] = m | 24;
      this.buf[this.len++] = n;
    } else if (n < 0x10000) {
      this.buf[this.len] = m | 25;
      this.view.setUint16(this.len + 1, n);
      this.len += 3;
    } else if (n < TWO_32) {
      this.buf[this.len] = m | 26;
      this.view.setUint32(this.len + 1, n);
      this.len += 5;
    } else {
      this.buf[this.len] = m | 27;
      this.view.setUint32(this.len + 1, Math.floor(n / TWO_32));
      this.view.setUint32(this.len + 5, n >>> 0);
      this.len += 9;
    }
  }

  /** The shortest of half, single and double that keeps the value (RFC 8949 §4.2.1). */
  private float(v: number): void {
    this.room(9);
    const at = this.len;
    if (Number.isNaN(v)) {
      this.buf.set([0xf9, 0x7e, 0x00], at);
      this.len += 3;
    } else if (Math.fround(v) !== v) {
      this.buf[at] = 0xfb;
      this.view.setFloat64(at + 1, v);
      this.len += 9;
    } else {
      this.view.setFloat32(at + 1, v);
      const half = singleToHalf(this.view.getUint32(at + 1));
      if (half < 0) {
        this.buf[at] = 0xfa;
        this.len += 5;
      } else {
        this.buf[at] = 0xf9;
        this.view.setUint16(at + 1, half);
        this.len += 3;
      }
    }
  }

  value(v: unknown, depth: number): void {
    switch (typeof v) {
      case 'number':
        if (!Number.isSafeInteger(v) || Object.is(v, -0)) return this.float(v);
        return v >= 0 ? this.head(0, v) : this.head(1, -1 - v);
      case 'bigint':
        checkBigInt(v);
        return v >= 0n ? this.head(0, v) : this.head(1, -1n - v);
      case 'string':
        return this.text(v);
      case 'boolean':
        return this.head(7, v ? 21 : 20);
      case 'undefined':
        return this.head(7, 23);
      case 'object':
        if (v === null) return this.head(7, 22);
        if (v instanceof Uint8Array) {
          this.head(2, v.length);
          return this.bytes(v);
        }
        checkDepth(depth);
        if (Array.isArray(v)) {
          this.head(4, v.length);
          for (let i = 0; i < v.length; i++) this.value(v[i], depth + 1);
          return;
        }
        if (v instanceof Map) return this.map(v, depth);
        if (v instanceof CborTag) {
          let inner: unknown = v;
          for (; inner instanceof CborTag; inner = inner.value) this.head(6, inner.tag); // a loop: see prepare()
          return this.value(inner, depth);
        }
        if (v instanceof CborFloat) return this.float(v.value);
        if (v instanceof CborSimple) {
          if (v.value < 24) return this.head(7, v.value);
          this.room(2);
          this.buf[this.len++] = 0xf8;
          this.buf[this.len++] = v.value;
          return;
        }
    }
    unsupported(v);
  }

  private text(s: string): void {
    const n = s.length;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      checkText(s);
      const b = UTF8_ENCODER.encode(s);
      this.head(3, b.length);
      return this.bytes(b);
    }
    this.head(3, n);
    this.room(n);
    for (let i = 0; i < n; i++) this.buf[this.len++] = s.charCodeAt(i);
  }

  private map(m: Map<unknown, unknown>, depth: number): void {
    const entries: Array<{ bytes: Uint8Array; value: unknown }> = [];
    for (const [k, v] of m) {
      const key = new Writer();
      key.value(k, depth + 1);
      entries.push({ bytes: key.buf.subarray(0, key.len), value: v });
    }
    sortEntries(entries);
    this.head(5, entries.length);
    for (const e of entries) {
      this.bytes(e.bytes);
      this.value(e.value, depth + 1);
    }
  }
}

/** Half-precision bits for a float32 (given as bits) that half holds exactly, else −1. */
function singleToHalf(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return mantissa === 0 ? sign | 0x7c00 : -1;
  if (exponent === 0) return mantissa === 0 ? sign : -1; // float32 subnormals are below half's range
  const e = exponent - 127;
  if (e > 15 || e < -24) return -1;
  if (e >= -14) return (mantissa & 0x1fff) === 0 ? sign | ((e + 15) << 10) | (mantissa >>> 13) : -1;
  // Half subnormal: value = m · 2^-24 with m = significand · 2^(e+1).
  const significand = mantissa | 0x800000;
  const shift = -e - 1;
  return (significand & ((1 << shift) - 1)) === 0 ? sign | (significand >>> shift) : -1;
}

