/**
 * zlib inflate (RFC 1950 around RFC 1951) with an output cap, for untrusted input: the EU DCC
 * profile (an `HC1:` text is Base45 of a zlib stream) and status lists.
 *
 * Why our own decoder rather than the web's `DecompressionStream('deflate')`: in Node the
 * stream costs 150–400 µs to set up for every call, more than the rest of a DCC verify put
 * together, and runtimes disagree at the edges (Node ignores bytes after the stream, browsers
 * refuse them). This decoder is synchronous, browser-safe, knows exactly where the stream
 * ends, and stops the moment the output would pass the cap, so a "zip bomb" costs at most the
 * cap. Huffman codes are canonical (RFC 1951 §3.2.2): a code of at most {@link TABLE_BITS}
 * bits is found with one lookup in a table built from the code lengths; a longer one, or bits
 * that start no such code, go to the bit-by-bit decoder of zlib's reference `puff`, which is
 * also what finds a bad code. Every rule of RFC 1951 that can fail is checked. The tests hold
 * it to node:zlib, on valid, mutated and random input.
 */
import { HealthCodeError } from '../errors.js';
import { assertBytes, assertInteger } from './bytes.js';

/** Default most bytes {@link inflateCapped} produces: 64 KiB (the DCC profile's cap). */
export const INFLATE_MAX_OUTPUT = 64 * 1024;

/** zlib header (RFC 1950 §2.2): CM 8 = deflate, CINFO ≤ 7 (window ≤ 32 KiB), FDICT bit. */
const ZLIB_CM_DEFLATE = 8;
const ZLIB_MAX_CINFO = 7;
const ZLIB_FDICT = 0x20;
const ZLIB_HEADER_BYTES = 2;
const ZLIB_TRAILER_BYTES = 4;
/** Adler-32 modulus, and the most bytes summed before a reduction keeps b under 2^32 (RFC 1950 §9; zlib's NMAX). */
const ADLER_MOD = 65_521;
const ADLER_NMAX = 5552;

const MAX_BITS = 15; // longest Huffman code (RFC 1951 §3.2.7)
const LITERAL_LENGTH_CODES = 286; // 0..285; 286 and 287 never occur (§3.2.5)
const DISTANCE_CODES = 30; // 0..29; 30 and 31 never occur (§3.2.5)
const CODE_LENGTH_CODES = 19; // §3.2.7
const END_OF_BLOCK = 256;
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15] as const; // §3.2.7
// §3.2.5: base and extra bits of length codes 257..285 and distance codes 0..29.
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258] as const;
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0] as const;
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
] as const;
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13] as const;

function corrupt(problem: string): never {
  throw new HealthCodeError('BAD_COMPRESSION', `the zlib stream is corrupt: ${problem}`);
}

/** Bits a code's lookup table resolves at once: most literal/length codes are 9 bits or shorter. */
const TABLE_BITS = 9;
/** A table entry holds `symbol << 4 | length` (0: no code of at most TABLE_BITS bits starts so). */
const ENTRY_LENGTH_MASK = 0xf;
/** Matches shorter than this are copied byte by byte (cheaper than a copyWithin call). */
const SHORT_MATCH = 32;

/**
 * A canonical Huffman code (RFC 1951 §3.2.2): how many codes of each length, the symbols in
 * code order, and the lookup table of the codes of at most `mask`'s bits (TABLE_BITS or
 * fewer), indexed by the next input bits (codes are packed most-significant bit first, so each
 * code appears bit-reversed, §3.1.1).
 */
interface Code {
  readonly count: Uint16Array;
  readonly symbol: Uint16Array;
  readonly table: Uint16Array;
  /** The table's index mask: 2^bits − 1, bits at most TABLE_BITS. */
  mask: number;
  /** Unused codes (RFC 1951 §3.2.2): negative when over-subscribed (never valid), positive when incomplete. */
  left: number;
}

/** Room for a code of up to `symbols` symbols. */
function newCode(symbols: number): Code {
  return { count: new Uint16Array(MAX_BITS + 1), symbol: new Uint16Array(symbols), table: new Uint16Array(1 << TABLE_BITS), mask: 0, left: 0 };
}

/** Each TABLE_BITS-bit number bit-reversed: a code of `length` bits reversed is REVERSED[code << (TABLE_BITS − length)]. */
const REVERSED = Uint16Array.from({ length: 1 << TABLE_BITS }, (_, n) => {
  let reversed = 0;
  for (let i = 0; i < TABLE_BITS; i++) reversed |= ((n >> i) & 1) << (TABLE_BITS - 1 - i);
  return reversed;
});

/** Scratch of {@link buildCode}: the next symbol slot of each length. */
const NEXT = new Uint16Array(MAX_BITS + 2);

/**
 * Builds into `code` its symbols in code order and the lookup table of these code lengths. Its
 * `left` tells whether the code is usable: over-subscribed codes get neither.
 */
function buildCode(lengths: Uint8Array, code: Code): Code {
  const { count, table } = code;
  count.fill(0);
  for (let s = 0; s < lengths.length; s++) count[lengths[s]!]!++;
  let left = 1;
  for (let length = 1; length <= MAX_BITS; length++) {
    left = left * 2 - count[length]!;
    if (left < 0) break;
  }
  code.left = left;
  if (left < 0) return code;
  let longest = MAX_BITS;
  while (longest > 0 && count[longest] === 0) longest--;
  // The symbols in code order (by length, then by value: §3.2.2), counted into place; those
  // of no code (length 0) after them, so that every symbol is placed without a test.
  const { symbol } = code;
  NEXT[1] = 0;
  for (let length = 1; length <= MAX_BITS; length++) NEXT[length + 1] = NEXT[length]! + count[length]!;
  NEXT[0] = NEXT[MAX_BITS + 1]!;
  for (let s = 0; s < lengths.length; s++) symbol[NEXT[lengths[s]!]!++] = s;
  // The table, by increasing length from the shortest code's: the codes of each length written
  // once at their bit-reversed values (§3.1.1) in a table of 2^length entries, which is then
  // doubled, so a code of `length` bits appears every 2^length entries. Entries left 0 start a
  // longer code.
  const bits = Math.max(1, Math.min(TABLE_BITS, longest));
  let shortest = 1;
  while (shortest < bits && count[shortest] === 0) shortest++;
  code.mask = (1 << bits) - 1;
  table.fill(0, 0, 1 << shortest);
  for (let length = shortest, value = 0, index = 0; length <= bits; length++) {
    const shift = TABLE_BITS - length;
    for (const stop = index + count[length]!; index < stop; index++) table[REVERSED[value++ << shift]!] = (symbol[index]! << 4) | length;
    value <<= 1;
    if (length < bits) table.copyWithin(1 << length, 0, 1 << length);
  }
  return code;
}

/** A usable code: complete, or a single code of one bit (RFC 1951 §3.2.7 allows that one case). */
function checkedCode(lengths: Uint8Array, code: Code, what: string): Code {
  buildCode(lengths, code);
  if (code.left < 0 || (code.left > 0 && lengths.length - code.count[0]! !== 1)) corrupt(`the ${what} code is over-subscribed or incomplete`);
  return code;
}

/** The fixed codes of RFC 1951 §3.2.6. */
const FIXED_LITERALS = buildCode(Uint8Array.from({ length: 288 }, (_, s) => (s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8)), newCode(288));
const FIXED_DISTANCES = buildCode(new Uint8Array(DISTANCE_CODES).fill(5), newCode(DISTANCE_CODES));

/**
 * The codes of the dynamic block being decoded, rebuilt in place for each block: inflating is
 * synchronous and a block's codes are done with before the next block's are read, so one set
 * serves every call (a dozen typed arrays fewer to allocate per block).
 */
const DYNAMIC = {
  codeLengths: newCode(CODE_LENGTH_CODES),
  literals: newCode(LITERAL_LENGTH_CODES),
  distances: newCode(DISTANCE_CODES),
  codeLengthLengths: new Uint8Array(CODE_LENGTH_CODES),
  lengths: new Uint8Array(LITERAL_LENGTH_CODES + DISTANCE_CODES),
};

/**
 * Where small outputs are written before being copied out at their exact length (inflating
 * is synchronous, so one buffer serves every call): a DCC inflates to ~400 bytes, and a fresh
 * zero-filled buffer for each cost more than the copy. Larger outputs get their own buffer.
 */
const SCRATCH = new Uint8Array(4096);

class Inflater {
  pos: number;
  private bitBuffer = 0;
  private bitCount = 0;
  out: Uint8Array;
  length = 0;

  constructor(
    private readonly input: Uint8Array,
    start: number,
    private readonly end: number,
    private readonly max: number,
  ) {
    this.pos = start;
    const capacity = Math.min(max, Math.max(1024, (end - start) * 4));
    // Never longer than `max`: block() writes literals up to out.length without asking room().
    this.out = capacity <= SCRATCH.length ? SCRATCH.subarray(0, capacity) : new Uint8Array(capacity);
  }

  /** `count` bits, least-significant first (RFC 1951 §3.1.1). */
  bits(count: number): number {
    let value = this.bitBuffer;
    while (this.bitCount < count) {
      if (this.pos >= this.end) throw new HealthCodeError('BAD_COMPRESSION', 'the zlib stream is truncated');
      value |= this.input[this.pos++]! << this.bitCount;
      this.bitCount += 8;
    }
    this.bitBuffer = value >>> count;
    this.bitCount -= count;
    return value & ((1 << count) - 1);
  }

  /** Drops the bits left in the current byte; whole bytes read ahead are given back. */
  align(): void {
    this.pos -= this.bitCount >> 3;
    this.bitBuffer = 0;
    this.bitCount = 0;
  }

  /** Makes room for `extra` more bytes, refusing to pass the cap. */
  room(extra: number): void {
    const needed = this.length + extra;
    if (needed > this.max) throw new HealthCodeError('TOO_LARGE', `the compressed data inflates to more than ${this.max} bytes`);
    if (needed <= this.out.length) return;
    const grown = new Uint8Array(Math.min(this.max, Math.max(needed, this.out.length * 2)));
    grown.set(this.out.subarray(0, this.length));
    this.out = grown;
  }

  /**
   * One symbol of a canonical code: from the table when the next bits hold a code of at most
   * TABLE_BITS bits, else bit by bit. Reads ahead up to TABLE_BITS bits where the input has them.
   */
  decode(code: Code): number {
    let bitCount = this.bitCount;
    if (bitCount < TABLE_BITS) {
      let bitBuffer = this.bitBuffer;
      while (bitCount < TABLE_BITS && this.pos < this.end) {
        bitBuffer |= this.input[this.pos++]! << bitCount;
        bitCount += 8;
      }
      this.bitBuffer = bitBuffer;
      this.bitCount = bitCount;
    }
    const entry = code.table[this.bitBuffer & code.mask]!;
    const length = entry & ENTRY_LENGTH_MASK;
    if (entry !== 0 && length <= bitCount) {
      this.bitBuffer >>>= length;
      this.bitCount = bitCount - length;
      return entry >> 4;
    }
    return this.decodeSlowly(code);
  }

  /** One symbol of a canonical code, one bit at a time (codes are packed most-significant bit first, §3.1.1). */
  decodeSlowly(code: Code): number {
    let value = 0;
    let first = 0;
    let index = 0;
    for (let length = 1; length <= MAX_BITS; length++) {
      value |= this.bits(1);
      const count = code.count[length]!;
      if (value - first < count) return code.symbol[index + value - first]!;
      index += count;
      first = (first + count) << 1;
      value <<= 1;
    }
    return corrupt('a Huffman code matches no symbol');
  }

  /** A stored block (§3.2.4). */
  stored(): void {
    this.align();
    if (this.pos + 4 > this.end) throw new HealthCodeError('BAD_COMPRESSION', 'the zlib stream is truncated');
    const input = this.input;
    const length = input[this.pos]! | (input[this.pos + 1]! << 8);
    const complement = input[this.pos + 2]! | (input[this.pos + 3]! << 8);
    this.pos += 4;
    if (length !== (~complement & 0xffff)) corrupt('a stored block\'s LEN and NLEN disagree');
    if (this.pos + length > this.end) throw new HealthCodeError('BAD_COMPRESSION', 'the zlib stream is truncated');
    this.room(length);
    this.out.set(input.subarray(this.pos, this.pos + length), this.length);
    this.length += length;
    this.pos += length;
  }

  /**
   * A run of literals, the common case (a DCC compresses little): the bit reader and the
   * output position in locals, refilled to at least 24 bits (at most 31, a small integer) by
   * whole bytes, then up to three literals from the bits held, one table lookup each (codes
   * of the fixed code are 7 to 9 bits). Stops before anything else (a length, the end of the
   * block, a code the table does not hold, the end of the input, a full buffer), which
   * {@link block} decodes the general way.
   */
  literals(code: Code): void {
    const { table, mask } = code;
    const { input, end, out } = this;
    let { bitBuffer, bitCount, pos, length } = this;
    while (length < out.length) {
      if (bitCount < 8 && pos + 2 < end) {
        bitBuffer |= (input[pos]! | (input[pos + 1]! << 8) | (input[pos + 2]! << 16)) << bitCount;
        pos += 3;
        bitCount += 24;
      } else if (bitCount < 16 && pos + 1 < end) {
        bitBuffer |= (input[pos]! | (input[pos + 1]! << 8)) << bitCount;
        pos += 2;
        bitCount += 16;
      } else if (bitCount < 24 && pos < end) {
        bitBuffer |= input[pos++]! << bitCount;
        bitCount += 8;
      }
      let entry = table[bitBuffer & mask]!;
      let codeLength = entry & ENTRY_LENGTH_MASK;
      if (entry === 0 || codeLength > bitCount || entry >= END_OF_BLOCK << 4) break;
      bitBuffer >>>= codeLength;
      bitCount -= codeLength;
      out[length++] = entry >> 4;
      // A second and a third literal while the bits held hold them (no refill between). Written
      // out, not as an inner loop: the loop measured 30 % slower on the corpus's fixed blocks.
      entry = table[bitBuffer & mask]!;
      codeLength = entry & ENTRY_LENGTH_MASK;
      if (entry === 0 || codeLength > bitCount || entry >= END_OF_BLOCK << 4 || length >= out.length) continue;
      bitBuffer >>>= codeLength;
      bitCount -= codeLength;
      out[length++] = entry >> 4;
      entry = table[bitBuffer & mask]!;
      codeLength = entry & ENTRY_LENGTH_MASK;
      if (entry === 0 || codeLength > bitCount || entry >= END_OF_BLOCK << 4 || length >= out.length) continue;
      bitBuffer >>>= codeLength;
      bitCount -= codeLength;
      out[length++] = entry >> 4;
    }
    this.bitBuffer = bitBuffer;
    this.bitCount = bitCount;
    this.pos = pos;
    this.length = length;
  }

  /** The codes of a compressed block, up to its end-of-block symbol (§3.2.5). */
  block(literals: Code, distances: Code): void {
    for (;;) {
      this.literals(literals);
      const symbol = this.decode(literals);
      if (symbol < END_OF_BLOCK) {
        if (this.length >= this.out.length) this.room(1);
        this.out[this.length++] = symbol;
        continue;
      }
      if (symbol === END_OF_BLOCK) return;
      const lengthCode = symbol - 257;
      if (lengthCode >= LENGTH_BASE.length) corrupt(`invalid length code ${symbol}`);
      const length = LENGTH_BASE[lengthCode]! + this.bits(LENGTH_EXTRA[lengthCode]!);
      const distanceCode = this.decode(distances);
      if (distanceCode >= DISTANCE_CODES) corrupt(`invalid distance code ${distanceCode}`);
      const distance = DISTANCE_BASE[distanceCode]! + this.bits(DISTANCE_EXTRA[distanceCode]!);
      if (distance > this.length) corrupt(`a distance of ${distance} reaches before the start of the data`);
      this.room(length);
      const out = this.out;
      const at = this.length;
      if (length < SHORT_MATCH) {
        // Forward, byte by byte: an overlapping match repeats the last `distance` bytes.
        for (let i = at; i < at + length; i++) out[i] = out[i - distance]!;
      } else if (distance === 1) {
        out.fill(out[at - 1]!, at, at + length); // a run of one byte value
      } else {
        // Overlapping copies repeat the last `distance` bytes: copy in steps of at most `distance`.
        for (let done = 0; done < length; ) {
          const step = Math.min(distance, length - done);
          out.copyWithin(at + done, at + done - distance, at + done - distance + step);
          done += step;
        }
      }
      this.length = at + length;
    }
  }

  /**
   * The literal/length and distance code lengths of a dynamic block (§3.2.7), decoded with the
   * code-length code (complete, so every entry of its table holds a code of at most 7 bits): the
   * bit reader in locals, two input bytes a refill while the input has them, else the
   * general readers near the end of the input.
   */
  codeLengths(code: Code, lengths: Uint8Array): void {
    const { table, mask } = code;
    const { input, end } = this;
    let { bitBuffer, bitCount, pos } = this;
    const total = lengths.length;
    for (let index = 0; index < total; ) {
      // A code of at most 7 bits and a repeat's at most 7 extra bits: 14 bits at most.
      if (bitCount < 14 && pos + 1 < end) {
        bitBuffer |= (input[pos]! | (input[pos + 1]! << 8)) << bitCount;
        pos += 2;
        bitCount += 16;
      }
      const entry = table[bitBuffer & mask]!;
      const codeLength = entry & ENTRY_LENGTH_MASK;
      let symbol = entry >> 4;
      const extraBits = repeatBits(symbol);
      let extra: number;
      if (codeLength + extraBits <= bitCount) {
        bitBuffer >>>= codeLength;
        extra = bitBuffer & ((1 << extraBits) - 1);
        bitBuffer >>>= extraBits;
        bitCount -= codeLength + extraBits;
      } else {
        // Near the end of the input, where the lookup may have read past it: the general
        // readers decode the symbol again and report a truncated stream.
        this.bitBuffer = bitBuffer;
        this.bitCount = bitCount;
        this.pos = pos;
        symbol = this.decode(code);
        extra = this.bits(repeatBits(symbol));
        ({ bitBuffer, bitCount, pos } = this);
      }
      if (symbol < 16) {
        lengths[index++] = symbol;
        continue;
      }
      let value = 0;
      let repeat: number;
      if (symbol === 16) {
        if (index === 0) corrupt('a code-length repeat comes before any length');
        value = lengths[index - 1]!;
        repeat = 3 + extra;
      } else {
        repeat = symbol === 17 ? 3 + extra : 11 + extra;
      }
      if (index + repeat > total) corrupt('code-length repeats run past the declared codes');
      for (const stop = index + repeat; index < stop; index++) lengths[index] = value;
    }
    this.bitBuffer = bitBuffer;
    this.bitCount = bitCount;
    this.pos = pos;
  }

  /** The code lengths of a dynamic block (§3.2.7), then the block. */
  dynamic(): void {
    const literalCount = this.bits(5) + 257;
    const distanceCount = this.bits(5) + 1;
    const codeLengthCount = this.bits(4) + 4;
    if (literalCount > LITERAL_LENGTH_CODES || distanceCount > DISTANCE_CODES) corrupt('a dynamic block declares too many codes');
    const codeLengthLengths = DYNAMIC.codeLengthLengths.fill(0);
    for (let i = 0; i < codeLengthCount; i++) codeLengthLengths[CODE_LENGTH_ORDER[i]!] = this.bits(3);
    const codeLengthCode = buildCode(codeLengthLengths, DYNAMIC.codeLengths);
    if (codeLengthCode.left !== 0) corrupt('the code-length code is over-subscribed or incomplete');
    const lengths = DYNAMIC.lengths.subarray(0, literalCount + distanceCount);
    this.codeLengths(codeLengthCode, lengths);
    if (lengths[END_OF_BLOCK] === 0) corrupt('a dynamic block has no end-of-block code');
    this.block(checkedCode(lengths.subarray(0, literalCount), DYNAMIC.literals, 'literal/length'), checkedCode(lengths.subarray(literalCount), DYNAMIC.distances, 'distance'));
  }

  /** Every block up to the last one (§3.2.3). */
  run(): void {
    let last: number;
    do {
      last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.block(FIXED_LITERALS, FIXED_DISTANCES);
      else if (type === 2) this.dynamic();
      else corrupt('block type 3 is reserved');
    } while (last === 0);
    this.align(); // the Adler-32 trailer starts at a byte boundary (RFC 1950 §2.2)
  }
}

/** Extra bits after a code-length symbol (§3.2.7): none for a length, 2, 3 or 7 for repeats 16, 17, 18. */
function repeatBits(symbol: number): number {
  return symbol < 16 ? 0 : symbol === 16 ? 2 : symbol === 17 ? 3 : 7;
}

/** Adler-32 (RFC 1950 §8.2) as an unsigned 32-bit number. */
function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let start = 0; start < bytes.length; start += ADLER_NMAX) {
    const end = Math.min(start + ADLER_NMAX, bytes.length);
    let i = start;
    for (; i + 4 <= end; i += 4) {
      a += bytes[i]!;
      b += a;
      a += bytes[i + 1]!;
      b += a;
      a += bytes[i + 2]!;
      b += a;
      a += bytes[i + 3]!;
      b += a;
    }
    for (; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= ADLER_MOD;
    b %= ADLER_MOD;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * Inflates a zlib stream (RFC 1950) of untrusted bytes, refusing output past `maxOutput`.
 * The input must be exactly one stream: header, deflate data, Adler-32, nothing after.
 *
 * @throws HealthCodeError `BAD_COMPRESSION` when the input is not zlib (or asks for a preset
 *   dictionary), is corrupt or truncated, fails its Adler-32, or has bytes after the stream;
 *   `TOO_LARGE` when the output would pass `maxOutput` (a decompression bomb).
 * @throws TypeError / RangeError when `bytes` is not a Uint8Array or `maxOutput` not a positive integer.
 * @example
 * ```ts
 * const cose = inflateCapped(decodeBase45(text.slice(4))); // at most 64 KiB
 * ```
 */
export function inflateCapped(bytes: Uint8Array, maxOutput: number = INFLATE_MAX_OUTPUT): Uint8Array {
  const out = inflateBorrowed(bytes, maxOutput);
  // Out of the shared scratch into an array of its own, of exactly the output's length.
  return out.buffer === SCRATCH.buffer ? out.slice() : out;
}

/**
 * @internal {@link inflateCapped}, except that a small output is a view of a buffer the next
 * call overwrites: for a caller that reads it at once (the DCC profile copies what it keeps
 * as it parses the CBOR), one allocation and copy fewer.
 */
export function inflateBorrowed(bytes: Uint8Array, maxOutput: number = INFLATE_MAX_OUTPUT): Uint8Array {
  assertBytes(bytes, 'bytes');
  assertInteger(maxOutput, 'maxOutput', 1);
  if (bytes.length < ZLIB_HEADER_BYTES + ZLIB_TRAILER_BYTES) {
    throw new HealthCodeError('BAD_COMPRESSION', `not a zlib stream: ${bytes.length} bytes is shorter than a zlib header and trailer`);
  }
  const cmf = bytes[0]!;
  const flg = bytes[1]!;
  if ((cmf & 0x0f) !== ZLIB_CM_DEFLATE || cmf >> 4 > ZLIB_MAX_CINFO || ((cmf << 8) | flg) % 31 !== 0) {
    throw new HealthCodeError('BAD_COMPRESSION', 'not a zlib stream (the data is not compressed, or its header is damaged)');
  }
  if (flg & ZLIB_FDICT) throw new HealthCodeError('BAD_COMPRESSION', 'the zlib stream asks for a preset dictionary, which is not supported');

  // CINFO's window size is not enforced on distances: zlib (and so pako and the browsers'
  // DecompressionStream) does not either, and the whole output stays addressable here.
  const inflater = new Inflater(bytes, ZLIB_HEADER_BYTES, bytes.length, maxOutput);
  inflater.run();
  const out = inflater.out.subarray(0, inflater.length);
  const at = inflater.pos;
  if (at + ZLIB_TRAILER_BYTES > bytes.length) throw new HealthCodeError('BAD_COMPRESSION', 'the zlib stream is truncated (no Adler-32 trailer)');
  const expected = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
  if (adler32(out) !== expected) corrupt('the Adler-32 checksum does not match the data');
  if (at + ZLIB_TRAILER_BYTES !== bytes.length) {
    throw new HealthCodeError('BAD_COMPRESSION', `${bytes.length - at - ZLIB_TRAILER_BYTES} byte(s) follow the end of the zlib stream`);
  }
  return out;
}
