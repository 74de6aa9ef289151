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
 *
 * Encoding lives in cbor-write.ts (our deterministic writer) and cbor-encode.ts (through
 * cbor-x): the verify path needs only this file and the writer, so a browser bundle of it
 * carries no encoder it does not use.
 */
import { HealthCodeError } from '../errors.js';
import { assertBytes, describe as describeType, plainBytes, toHex } from './bytes.js';
import { CBOR_DEPTH_CAP, CborFloat, CborSimple, CborTag, MAX_SAFE, TWO_32 } from './cbor-types.js';

export { CborFloat, CborSimple, CborTag } from './cbor-types.js';
export { encodeCbor } from './cbor-encode.js';
export { writeCbor } from './cbor-write.js';

/** Default deepest nesting (DESIGN.md rule 4): the outermost item is depth 1; tags add none. */
export const CBOR_MAX_DEPTH = 16;

/** Default most data items in one input (every head counts: keys, values, elements, tags). */
export const CBOR_MAX_ITEMS = 8192;

export { CBOR_DEPTH_CAP } from './cbor-types.js';

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
  /**
   * @internal Byte strings as views of `bytes` rather than copies, for a caller that is done
   * with them before the input changes (the DCC profile reads an inflated buffer that is
   * reused). Default false.
   */
  views?: boolean;
}

/** The limits {@link decodeCbor} applies when no options are given. */
export const CBOR_DECODE_DEFAULTS: Readonly<Required<Omit<CborDecodeOptions, 'maxBytes' | 'views'>>> = Object.freeze({
  wrapFloats: false,
  maxDepth: CBOR_MAX_DEPTH,
  maxItems: CBOR_MAX_ITEMS,
});

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
  const reader = new CborReader(plainBytes(bytes), maxDepth, maxItems, options?.wrapFloats === true, options?.views === true);
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

/**
 * @internal The strict one-pass reader behind {@link decodeCbor}. A profile may extend it to
 * build some values its own way (the DCC profile: its certificate as JSON-like data) while
 * every rule of the decoding stays this class's.
 */
export class CborReader {
  pos = 0;
  protected items = 0;
  private dataView: DataView | undefined;

  constructor(
    protected readonly data: Uint8Array,
    protected readonly maxDepth: number,
    protected readonly maxItems: number,
    protected readonly wrapFloats = false,
    /** Byte strings as views of the input instead of copies (see {@link CborDecodeOptions.views}). */
    protected readonly views = false,
  ) {}

  /** Made on first use: only floats need it. */
  private get view(): DataView {
    return (this.dataView ??= new DataView(this.data.buffer, this.data.byteOffset, this.data.byteLength));
  }

  fail(offset: number, problem: string): never {
    throw new HealthCodeError('BAD_CBOR', `invalid CBOR at offset ${offset}: ${problem}`);
  }

  protected need(start: number, count: number, what: string): void {
    const remain = this.data.length - this.pos;
    if (count > remain) this.fail(start, `truncated: ${what} needs ${count} byte(s), ${remain} remain`);
  }

  /** Reserves `count` more items from the budget, before they are allocated or read. */
  protected budget(start: number, count: number): void {
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
  protected body(start: number, depth: number): unknown {
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
        const out = this.views ? this.data.subarray(this.pos, this.pos + length) : this.data.slice(this.pos, this.pos + length);
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
  protected enter(depth: number): number {
    const start = this.pos;
    if (depth > this.maxDepth) this.fail(start, `nesting deeper than ${this.maxDepth}`);
    this.need(start, 1, 'a data item');
    return start;
  }

  protected argument(start: number, major: number, info: number): number | bigint {
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
        return uint32(d, p);
      case 27: {
        this.need(start, 8, 'an 8-byte argument');
        this.pos = p + 8;
        const hi = uint32(d, p);
        const lo = uint32(d, p + 4);
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
  protected length(start: number, arg: number | bigint, what: string): number {
    const remain = this.data.length - this.pos;
    if (typeof arg === 'bigint' || arg > remain) {
      this.fail(start, `truncated: ${what} declares ${String(arg)}, only ${remain} byte(s) remain`);
    }
    return arg;
  }

  protected text(start: number, length: number): string {
    const d = this.data;
    const from = this.pos;
    const end = from + length;
    this.pos = end;
    if (length <= 64) {
      // ASCII, the common case, without the decoder's call: four characters a step (each
      // step allocates a string, so fewer steps cost less).
      let ascii = 0;
      for (let i = from; i < end; i++) ascii |= d[i]!;
      if (ascii <= 0x7f) {
        let s = '';
        let i = from;
        for (; i + 4 <= end; i += 4) s += String.fromCharCode(d[i]!, d[i + 1]!, d[i + 2]!, d[i + 3]!);
        for (; i < end; i++) s += String.fromCharCode(d[i]!);
        return s;
      }
    }
    try {
      return UTF8.decode(d.subarray(from, end));
    } catch {
      return this.fail(start, 'invalid UTF-8 in text string');
    }
  }

  protected map(count: number, depth: number): Map<unknown, unknown> {
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
        // Byte strings, arrays, maps, tags and simple values compare by deep value: by a
        // canonical string that is unique per value in this representation (keyId below).
        const canonical = keyId(key);
        objectKeys ??= new Set();
        if (objectKeys.has(canonical)) this.fail(keyStart, `duplicate map key ${describeType(key)} ${canonical}`);
        objectKeys.add(canonical);
      } else if (out.has(key) || (floatKeys !== undefined && floatKeys.has(key as number))) {
        this.fail(keyStart, `duplicate map key ${typeof key === 'string' ? JSON.stringify(key) : String(key)}`);
      }
      out.set(key, this.mapValue(key, depth));
    }
    return out;
  }

  /** Reads the value of `key` in a map whose entries are at `depth`: a subclass's hook. */
  protected mapValue(_key: unknown, depth: number): unknown {
    return this.body(this.enter(depth), depth);
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

/** The big-endian unsigned 32-bit number at `p` (no DataView made for it: times are 4-byte arguments). */
function uint32(d: Uint8Array, p: number): number {
  return ((d[p]! << 24) | (d[p + 1]! << 16) | (d[p + 2]! << 8) | d[p + 3]!) >>> 0;
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

/**
 * A string that two decoded map keys share exactly when they are the same CBOR value (RFC 8949
 * §5.6: keys compare by value, whatever their encoding): numbers by value (so `1` and `1.0`,
 * and `0` and `-0.0`, are one key, as `Map` has them), bigints apart from numbers, text by its
 * characters, bytes by content, maps whatever their entry order. A string, not the
 * deterministic encoding, so the verify path needs no CBOR writer.
 */
function keyId(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return `n${value === 0 ? 0 : value}`;
    case 'bigint':
      return `i${value}`;
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
  }
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `h'${toHex(value)}'`;
  if (value instanceof CborFloat) return keyId(value.value);
  if (value instanceof CborSimple) return `simple(${value.value})`;
  if (value instanceof CborTag) return `${value.tag}(${keyId(value.value)})`;
  if (Array.isArray(value)) return `[${value.map(keyId).join(',')}]`;
  if (value instanceof Map) {
    const entries = [...value].map(([k, v]) => `${keyId(k)}:${keyId(v)}`);
    return `{${entries.sort().join(',')}}`;
  }
  return String(value);
}
