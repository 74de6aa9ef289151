/**
 * Strict CBOR (RFC 8949) for untrusted input, and deterministic CBOR for output.
 *
 * Representation (decode output, and what encode accepts):
 *   map → `Map` (never a plain object) · array → `Array` · byte string → plain `Uint8Array`
 *   (a copy, never a Node `Buffer`) · text string → `string` · integer within ±(2^53−1) and
 *   every float (half, single, double) → `number` · other integers → `bigint` · false, true,
 *   null, undefined → themselves · every tag → {@link CborTag}, with no semantic conversion
 *   (tag 0 stays a string, tag 2 stays bytes, tag 18 stays an array) · other simple values →
 *   {@link CborSimple}. A JS number cannot say whether it came from an integer or a float,
 *   so `1` and `1.0` decode alike (and count as the same map key); `-0.0` stays `-0`, except
 *   as a map key, where `Map` keeps `0` (and `0` and `-0.0` are the same key).
 *
 * Decoding (DESIGN.md verification rule 4): our own one-pass scanner builds the values as it
 * checks them. cbor-x's decoder is not used: it is lenient (indefinite lengths, duplicate
 * keys, trailing bytes), converts tags through extensions registered process-wide (0/1 →
 * Date, 2/3 → bigint, 258 → Set…), returns Node Buffers, and would read the input a second
 * time after our scan. Building in the scan gives the exact representation above and keeps
 * the verify path independent of any global state. Every declared length is checked against
 * the remaining input, and every count against the item budget, before anything is allocated.
 * Depth applies to every item, scalars included: the outermost item is depth 1, the elements,
 * keys and values of a container at depth d are at depth d + 1, and a tag's content keeps the
 * tag's depth. Every head counts as one item, tags included.
 *
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
import { HealthCodeError } from '../errors.js';
import { assertBytes, describe as describeType, plainBytes, toHex } from './bytes.js';

/** Default deepest nesting (DESIGN.md rule 4): the outermost item is depth 1; tags add none. */
export const CBOR_MAX_DEPTH = 16;

/** Default most data items in one input (every head counts: keys, values, elements, tags). */
export const CBOR_MAX_ITEMS = 8192;

/** Highest `maxDepth` a caller may ask for (bounds the recursion), and the encoder's bound. */
export const CBOR_DEPTH_CAP = 512;

/** Limits for {@link decodeCbor}; every member is optional. */
export interface CborDecodeOptions {
  /** Deepest nesting allowed (outermost item = 1, tags add none); default {@link CBOR_MAX_DEPTH}, at most {@link CBOR_DEPTH_CAP}. */
  maxDepth?: number;
  /** Most data items in total, every head counted; default {@link CBOR_MAX_ITEMS}. Over it → `TOO_LARGE`. */
  maxItems?: number;
  /** Longest input in bytes; unlimited when absent. Over it → `TOO_LARGE`. */
  maxBytes?: number;
  /**
   * Return floats as {@link CborFloat} instead of `number`, so a profile can tell `1` from
   * `1.0` (HQ1 requires integer times; a JS number cannot say which it came from). Default false.
   */
  wrapFloats?: boolean;
}

/** The limits {@link decodeCbor} applies when no options are given. */
export const CBOR_DECODE_DEFAULTS: Readonly<Required<Omit<CborDecodeOptions, 'maxBytes'>>> = Object.freeze({
  wrapFloats: false,
  maxDepth: CBOR_MAX_DEPTH,
  maxItems: CBOR_MAX_ITEMS,
});

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const TWO_32 = 2 ** 32;
const BIG_TWO_32 = 1n << 32n;
const BIG_TWO_64 = 1n << 64n;

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

// ---------------------------------------------------------------------------------------
// Decoding

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const MAJOR_NAMES = ['unsigned integer', 'negative integer', 'byte string', 'text string', 'array', 'map', 'tag', 'simple/float'];

/**
 * Decodes one CBOR data item strictly (DESIGN.md rule 4) into the representation described
 * in this module's header.
 *
 * @throws HealthCodeError `BAD_CBOR` (with the byte offset): truncated input, trailing
 *   bytes, indefinite length or stray break, reserved additional information 28–30,
 *   duplicate map key, invalid UTF-8, two-byte simple value below 32, nesting too deep.
 * @throws HealthCodeError `TOO_LARGE`: more than `maxItems` items, or more than `maxBytes` bytes.
 * @throws TypeError / RangeError for a non-Uint8Array input or malformed options.
 * @example
 * ```ts
 * decodeCbor(Uint8Array.of(0xa1, 0x01, 0x26)); // Map { 1 => -7 }
 * ```
 */
export function decodeCbor(bytes: Uint8Array, options?: CborDecodeOptions): unknown {
  assertBytes(bytes, 'bytes');
  let maxDepth = CBOR_MAX_DEPTH;
  let maxItems = CBOR_MAX_ITEMS;
  if (options !== undefined) {
    maxDepth = limit(options.maxDepth, 'maxDepth', CBOR_MAX_DEPTH, CBOR_DEPTH_CAP);
    maxItems = limit(options.maxItems, 'maxItems', CBOR_MAX_ITEMS, MAX_SAFE);
    const maxBytes = limit(options.maxBytes, 'maxBytes', MAX_SAFE, MAX_SAFE);
    if (bytes.length > maxBytes) {
      throw new HealthCodeError('TOO_LARGE', `CBOR input of ${bytes.length} bytes is over the limit of ${maxBytes}`);
    }
  }
  const reader = new Reader(plainBytes(bytes), maxDepth, maxItems, options?.wrapFloats === true);
  const value = reader.item(1);
  if (reader.pos !== bytes.length) {
    reader.fail(reader.pos, `${bytes.length - reader.pos} trailing byte(s) after the data item`);
  }
  return value;
}

function limit(value: number | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new RangeError(`"${name}" expected an integer in 1..${max}, got ${String(value)}`);
  }
  return value;
}

class Reader {
  pos = 0;
  private items = 0;
  private dataView: DataView | undefined;

  constructor(
    private readonly data: Uint8Array,
    private readonly maxDepth: number,
    private readonly maxItems: number,
    private readonly wrapFloats = false,
  ) {}

  /** Made on first use: most HQ1 items have 1- or 2-byte heads and no floats. */
  private get view(): DataView {
    return (this.dataView ??= new DataView(this.data.buffer, this.data.byteOffset, this.data.byteLength));
  }

  fail(offset: number, problem: string): never {
    throw new HealthCodeError('BAD_CBOR', `invalid CBOR at offset ${offset}: ${problem}`);
  }

  private need(start: number, count: number, what: string): void {
    const remain = this.data.length - this.pos;
    if (count > remain) this.fail(start, `truncated: ${what} needs ${count} byte(s), ${remain} remain`);
  }

  /** Reserves `count` more items from the budget, before they are allocated or read. */
  private budget(start: number, count: number): void {
    this.items += count;
    if (this.items > this.maxItems) {
      throw new HealthCodeError('TOO_LARGE', `CBOR data at offset ${start} is over the limit of ${this.maxItems} items`);
    }
  }

  item(depth: number): unknown {
    const start = this.pos;
    if (depth > this.maxDepth) this.fail(start, `nesting deeper than ${this.maxDepth}`);
    this.need(start, 1, 'a data item');
    this.budget(start, 1);
    return this.body(start, depth);
  }

  /** Reads the item whose head starts at `start`; its item is already counted. */
  private body(start: number, depth: number): unknown {
    const initial = this.data[this.pos++]!;
    const major = initial >> 5;
    const info = initial & 31;
    if (major === 7) return this.simple(start, info);
    const arg = this.argument(start, major, info);
    switch (major) {
      case 0:
        return arg;
      case 1:
        return typeof arg === 'number' && arg < MAX_SAFE ? -1 - arg : -1n - BigInt(arg);
      case 2: {
        const length = this.length(start, arg, 'byte string');
        const out = this.data.slice(this.pos, this.pos + length);
        this.pos += length;
        return out;
      }
      case 3:
        return this.text(start, this.length(start, arg, 'text string'));
      case 4: {
        const count = this.length(start, arg, 'array');
        this.budget(start, count);
        const out = new Array<unknown>(count);
        for (let i = 0; i < count; i++) out[i] = this.body(this.enter(depth + 1), depth + 1);
        return out;
      }
      case 5: {
        const count = this.length(start, arg, 'map');
        this.need(start, 2 * count, `map of ${count} entries`);
        this.budget(start, 2 * count);
        return this.map(count, depth + 1);
      }
      default: {
        // A tag (major 6) counts as an item, but its content keeps the tag's depth. Since tags
        // add no depth, only the item budget bounds a chain of them: the chain is read in a
        // loop, so thousands of tags cannot exhaust the stack (fuzz finding, issue #6).
        const tags: Array<number | bigint> = [arg];
        while (this.pos < this.data.length && this.data[this.pos]! >> 5 === 6) {
          const at = this.pos;
          this.budget(at, 1);
          tags.push(this.argument(at, 6, this.data[this.pos++]! & 31));
        }
        let value = this.item(depth);
        for (let i = tags.length - 1; i >= 0; i--) value = new CborTag(tags[i]!, value);
        return value;
      }
    }
  }

  /** Starts a counted child item at `depth`: checks depth and presence, returns its offset. */
  private enter(depth: number): number {
    const start = this.pos;
    if (depth > this.maxDepth) this.fail(start, `nesting deeper than ${this.maxDepth}`);
    this.need(start, 1, 'a data item');
    return start;
  }

  private argument(start: number, major: number, info: number): number | bigint {
    if (info < 24) return info;
    const d = this.data;
    const p = this.pos;
    switch (info) {
      case 24:
        this.need(start, 1, 'a 1-byte argument');
        this.pos = p + 1;
        return d[p]!;
      case 25:
        this.need(start, 2, 'a 2-byte argument');
        this.pos = p + 2;
        return (d[p]! << 8) | d[p + 1]!;
      case 26:
        this.need(start, 4, 'a 4-byte argument');
        this.pos = p + 4;
        return this.view.getUint32(p);
      case 27: {
        this.need(start, 8, 'an 8-byte argument');
        this.pos = p + 8;
        const hi = this.view.getUint32(p);
        const lo = this.view.getUint32(p + 4);
        return hi < 0x200000 ? hi * TWO_32 + lo : (BigInt(hi) << 32n) | BigInt(lo);
      }
      case 31:
        if (major >= 2 && major <= 5) this.fail(start, `indefinite-length ${MAJOR_NAMES[major]} is not allowed`);
        return this.fail(start, `additional information 31 is not well-formed for a ${MAJOR_NAMES[major]}`);
      default:
        return this.fail(start, `reserved additional information ${info}`);
    }
  }

  /** A length or count, checked against the remaining input (each element takes ≥ 1 byte). */
  private length(start: number, arg: number | bigint, what: string): number {
    const remain = this.data.length - this.pos;
    if (typeof arg === 'bigint' || arg > remain) {
      this.fail(start, `truncated: ${what} declares ${String(arg)}, only ${remain} byte(s) remain`);
    }
    return arg;
  }

  private text(start: number, length: number): string {
    const d = this.data;
    const from = this.pos;
    const end = from + length;
    this.pos = end;
    if (length <= 32) {
      let s = '';
      let i = from;
      for (; i < end; i++) {
        const b = d[i]!;
        if (b > 0x7f) break;
        s += String.fromCharCode(b);
      }
      if (i === end) return s;
    }
    try {
      return UTF8.decode(d.subarray(from, end));
    } catch {
      return this.fail(start, 'invalid UTF-8 in text string');
    }
  }

  private map(count: number, depth: number): Map<unknown, unknown> {
    const out = new Map<unknown, unknown>();
    let objectKeys: Set<string> | undefined;
    let floatKeys: Set<number> | undefined;
    for (let i = 0; i < count; i++) {
      const keyStart = this.enter(depth);
      const key = this.body(keyStart, depth);
      if (key instanceof CborFloat) {
        // A wrapped float key duplicates an equal float or integer key (1.0 and 1), as unwrapped.
        floatKeys ??= new Set();
        if (floatKeys.has(key.value) || out.has(key.value)) this.fail(keyStart, `duplicate map key ${String(key.value)}`);
        floatKeys.add(key.value);
      } else if (typeof key === 'object' && key !== null) {
        // Byte strings, arrays, maps, tags and simple values compare by deep value: by
        // their deterministic encoding, which is unique per value in this representation.
        const canonical = toHex(ownEncode(key));
        objectKeys ??= new Set();
        if (objectKeys.has(canonical)) this.fail(keyStart, `duplicate map key ${describeType(key)} h'${canonical}'`);
        objectKeys.add(canonical);
      } else if (out.has(key) || (floatKeys !== undefined && floatKeys.has(key as number))) {
        this.fail(keyStart, `duplicate map key ${typeof key === 'string' ? JSON.stringify(key) : String(key)}`);
      }
      out.set(key, this.body(this.enter(depth), depth));
    }
    return out;
  }

  private float(value: number): number | CborFloat {
    return this.wrapFloats ? new CborFloat(value) : value;
  }

  private simple(start: number, info: number): unknown {
    const p = this.pos;
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 24: {
        this.need(start, 1, 'a two-byte simple value');
        const value = this.data[p]!;
        this.pos = p + 1;
        if (value < 32) this.fail(start, `two-byte simple value ${value} is below 32`);
        return new CborSimple(value);
      }
      case 25:
        this.need(start, 2, 'a half-precision float');
        this.pos = p + 2;
        return this.float(halfToNumber((this.data[p]! << 8) | this.data[p + 1]!));
      case 26:
        this.need(start, 4, 'a single-precision float');
        this.pos = p + 4;
        return this.float(this.view.getFloat32(p));
      case 27:
        this.need(start, 8, 'a double-precision float');
        this.pos = p + 8;
        return this.float(this.view.getFloat64(p));
      case 31:
        return this.fail(start, 'stray break (0xff) outside an indefinite-length item');
      default:
        if (info < 20) return new CborSimple(info);
        return this.fail(start, `reserved additional information ${info}`);
    }
  }
}

function halfToNumber(half: number): number {
  const exponent = (half >> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  let value: number;
  if (exponent === 0) value = mantissa * 2 ** -24;
  else if (exponent === 31) value = mantissa === 0 ? Infinity : NaN;
  else value = (mantissa + 1024) * 2 ** (exponent - 25);
  return half & 0x8000 ? -value : value;
}

// ---------------------------------------------------------------------------------------
// Encoding

// Plain RFC 8949 output (STYLE.md): no records, no tag 259 around maps, no tag 64 on byte
// strings, shortest map heads. A variable, because cbor-x's typings lack `useTag259ForMaps`.
const CBOR_X_OPTIONS = { useRecords: false, useTag259ForMaps: false, tagUint8Array: false, variableMapSize: true };
const CBOR_X = new Encoder(CBOR_X_OPTIONS);
const UTF8_ENCODER = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
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
  return prepared === OWN ? ownEncode(value) : new Uint8Array(CBOR_X.encode(prepared));
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
          entries.push({ bytes: ownEncode(k), key, value: item });
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

/** Sorts map entries by encoded key (RFC 8949 §4.2.1) and rejects equal keys. */
function sortEntries(entries: Array<{ bytes: Uint8Array }>): void {
  entries.sort((a, b) => compareBytes(a.bytes, b.bytes));
  for (let i = 1; i < entries.length; i++) {
    if (compareBytes(entries[i - 1]!.bytes, entries[i]!.bytes) === 0) {
      throw new TypeError(`cannot encode a Map with duplicate key h'${toHex(entries[i]!.bytes)}'`);
    }
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function checkBigInt(value: bigint): void {
  if (value < -BIG_TWO_64 || value >= BIG_TWO_64) {
    throw new RangeError(`cannot encode bigint ${value}: outside the CBOR integer range -2^64..2^64-1`);
  }
}

function checkText(value: string): void {
  if (LONE_SURROGATE.test(value)) throw new TypeError('cannot encode a string with a lone surrogate as UTF-8');
}

function checkDepth(depth: number): void {
  if (depth > CBOR_DEPTH_CAP) throw new RangeError(`cannot encode nesting deeper than ${CBOR_DEPTH_CAP} (a cycle?)`);
}

function unsupported(value: unknown): never {
  let type: string = typeof value;
  if (type === 'object') {
    const name = (value as object).constructor?.name;
    type = name === 'Object' || name === undefined ? 'a plain object (use a Map)' : name;
  }
  throw new TypeError(`cannot encode ${type} as CBOR`);
}

/** Our deterministic writer: the whole value, every type of the representation. */
function ownEncode(value: unknown): Uint8Array {
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
