/**
 * A small, synchronous DEFLATE encoder (RFC 1951) for the PNG writer: one final block with
 * the fixed Huffman codes (§3.2.6) and greedy LZ77 matching over a hash chain.
 *
 * Why hand-rolled: `render.ts` must run in browsers and stay sync, and the web's
 * `CompressionStream` is async. Stored blocks alone would be simpler but a QR bitmap is
 * mostly repeated rows, which LZ77 shrinks about twentyfold; fixed codes avoid the
 * dynamic-table machinery and the tests inflate the output with zlib to prove it.
 */

const MIN_MATCH = 3;
const MAX_MATCH = 258; // RFC 1951 §3.2.5
const WINDOW_SIZE = 32_768; // RFC 1951 §2
const HASH_BITS = 15;
const MAX_CHAIN = 64; // candidates tried per position: compression vs time
const END_OF_BLOCK = 256;

// RFC 1951 §3.2.5: length codes 257..285 and distance codes 0..29, base and extra bits.
const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
] as const;
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0] as const;
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
] as const;
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13] as const;

/** Appends bit fields least-significant bit first, as RFC 1951 §3.1.1 packs them. */
class BitWriter {
  private out: Uint8Array;
  private length = 0;
  private bitBuffer = 0;
  private bitCount = 0;

  constructor(capacity: number) {
    this.out = new Uint8Array(Math.max(capacity, 16));
  }

  bits(value: number, count: number): void {
    this.bitBuffer |= value << this.bitCount;
    this.bitCount += count;
    while (this.bitCount >= 8) {
      this.byte(this.bitBuffer & 0xff);
      this.bitBuffer >>>= 8;
      this.bitCount -= 8;
    }
  }

  /** Huffman codes are defined most-significant bit first (§3.1.1), so they go in reversed. */
  code(code: number, length: number): void {
    let reversed = 0;
    for (let i = 0; i < length; i++) reversed |= ((code >>> i) & 1) << (length - 1 - i);
    this.bits(reversed, length);
  }

  finish(): Uint8Array {
    if (this.bitCount > 0) this.byte(this.bitBuffer & 0xff);
    this.bitBuffer = 0;
    this.bitCount = 0;
    return this.out.slice(0, this.length);
  }

  private byte(value: number): void {
    if (this.length === this.out.length) {
      const grown = new Uint8Array(this.out.length * 2);
      grown.set(this.out);
      this.out = grown;
    }
    this.out[this.length++] = value;
  }
}

/** RFC 1951 §3.2.6: the fixed literal/length code. */
function writeLiteralOrLength(w: BitWriter, symbol: number): void {
  if (symbol < 144) w.code(0x30 + symbol, 8);
  else if (symbol < 256) w.code(0x190 + symbol - 144, 9);
  else if (symbol < 280) w.code(symbol - 256, 7);
  else w.code(0xc0 + symbol - 280, 8);
}

function lastIndexAtMost(table: readonly number[], value: number): number {
  let i = table.length - 1;
  while ((table[i] as number) > value) i--;
  return i;
}

function writeMatch(w: BitWriter, length: number, distance: number): void {
  const li = lastIndexAtMost(LENGTH_BASE, length);
  writeLiteralOrLength(w, 257 + li);
  w.bits(length - (LENGTH_BASE[li] as number), LENGTH_EXTRA[li] as number);
  const di = lastIndexAtMost(DIST_BASE, distance);
  w.code(di, 5); // fixed distance codes are 5 bits, §3.2.6
  w.bits(distance - (DIST_BASE[di] as number), DIST_EXTRA[di] as number);
}

function hashAt(data: Uint8Array, i: number): number {
  const v = ((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number);
  return Math.imul(v, 0x9e3779b1) >>> (32 - HASH_BITS);
}

/**
 * Compresses `data` into a raw DEFLATE stream (no zlib header), deterministically.
 *
 * @example
 * ```ts
 * const raw = deflateRaw(new Uint8Array(1000)); // a few bytes
 * ```
 */
export function deflateRaw(data: Uint8Array): Uint8Array {
  // Bound: 11 bits per input byte covers the worst literal (9) and match (≤ 31 per 3) costs.
  const w = new BitWriter(Math.ceil((data.length * 11) / 8) + 16);
  w.bits(1, 1); // BFINAL
  w.bits(1, 2); // BTYPE = 01, fixed Huffman codes

  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const prev = new Int32Array(WINDOW_SIZE).fill(-1);
  const insert = (i: number): void => {
    if (i + MIN_MATCH > data.length) return;
    const h = hashAt(data, i);
    prev[i % WINDOW_SIZE] = head[h] as number;
    head[h] = i;
  };

  let i = 0;
  while (i < data.length) {
    let bestLength = 0;
    let bestDistance = 0;
    if (i + MIN_MATCH <= data.length) {
      const limit = Math.min(MAX_MATCH, data.length - i);
      let candidate = head[hashAt(data, i)] as number;
      for (let chain = 0; chain < MAX_CHAIN && candidate >= 0 && i - candidate <= WINDOW_SIZE; chain++) {
        let length = 0;
        while (length < limit && data[candidate + length] === data[i + length]) length++;
        if (length > bestLength) {
          bestLength = length;
          bestDistance = i - candidate;
          if (length === limit) break;
        }
        const next = prev[candidate % WINDOW_SIZE] as number;
        if (next >= candidate) break; // the slot was reused by a newer position
        candidate = next;
      }
    }
    if (bestLength >= MIN_MATCH) {
      writeMatch(w, bestLength, bestDistance);
      for (let k = 0; k < bestLength; k++) insert(i + k);
      i += bestLength;
    } else {
      writeLiteralOrLength(w, data[i] as number);
      insert(i);
      i++;
    }
  }
  writeLiteralOrLength(w, END_OF_BLOCK);
  return w.finish();
}
