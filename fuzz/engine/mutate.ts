/**
 * Byte-level mutations in the manner of libFuzzer and AFL's "havoc" stage: a stack of one to
 * eight random edits per input (bit flips, interesting values, small arithmetic, inserts,
 * deletes, duplicated or shuffled ranges, dictionary tokens, splices with another corpus entry).
 * Deterministic for a given seed, so a run can be repeated.
 */

/** A small, fast, seedable PRNG (mulberry32). */
export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** A uniform integer in 0..n−1 (n ≥ 1). */
  below(n: number): number {
    return this.next() % n;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}

/** Byte values that sit on boundaries of CBOR heads, lengths and signs. */
const INTERESTING_8 = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1f, 0x20, 0x40, 0x60, 0x9f, 0xbf, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb];

/** Mutation context: where dictionary tokens and splice partners come from. */
export interface MutationSource {
  readonly dictionary: readonly Uint8Array[];
  /** Another corpus entry, for splicing. */
  other(): Uint8Array;
}

function insert(data: Uint8Array, at: number, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + bytes.length);
  out.set(data.subarray(0, at));
  out.set(bytes, at);
  out.set(data.subarray(at), at + bytes.length);
  return out;
}

function remove(data: Uint8Array, at: number, count: number): Uint8Array {
  const out = new Uint8Array(data.length - count);
  out.set(data.subarray(0, at));
  out.set(data.subarray(at + count), at);
  return out;
}

/** One edit; returns a new array (or the same one edited in place). */
function mutateOnce(data: Uint8Array, random: Random, source: MutationSource): Uint8Array {
  const n = data.length;
  const kind = random.below(13);
  if (n === 0 && kind < 9) return insert(data, 0, Uint8Array.of(random.below(256)));
  switch (kind) {
    case 0: {
      data[random.below(n)]! ^= 1 << random.below(8);
      return data;
    }
    case 1: {
      data[random.below(n)] = random.below(256);
      return data;
    }
    case 2: {
      data[random.below(n)] = random.pick(INTERESTING_8);
      return data;
    }
    case 3: {
      const at = random.below(n);
      data[at] = (data[at]! + random.below(35) - 17) & 0xff;
      return data;
    }
    case 4: {
      const count = 1 + random.below(Math.min(n, 16));
      return remove(data, random.below(n - count + 1), count);
    }
    case 5: {
      const bytes = new Uint8Array(1 + random.below(8));
      for (let i = 0; i < bytes.length; i++) bytes[i] = random.below(256);
      return insert(data, random.below(n + 1), bytes);
    }
    case 6: {
      // Duplicate a range (repeats a map entry, an array element, a chunk).
      const from = random.below(n);
      const count = 1 + random.below(Math.min(n - from, 64));
      return insert(data, random.below(n + 1), data.slice(from, from + count));
    }
    case 7: {
      // Copy a range over another place.
      const from = random.below(n);
      const to = random.below(n);
      const count = 1 + random.below(Math.min(n - from, n - to, 32));
      data.copyWithin(to, from, from + count);
      return data;
    }
    case 8: {
      // A 16- or 32-bit big-endian boundary value (lengths, heads' arguments, image sizes).
      const width = random.pick([2, 4]);
      if (n < width) return data;
      const at = random.below(n - width + 1);
      const value = random.pick([0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff]);
      for (let i = width - 1, v = value; i >= 0; i--, v = Math.floor(v / 256)) data[at + i] = v & 0xff;
      return data;
    }
    case 9:
    case 10: {
      if (source.dictionary.length === 0) return data;
      const token = random.pick(source.dictionary);
      if (kind === 9 || n < token.length) return insert(data, random.below(n + 1), token);
      data.set(token, random.below(n - token.length + 1));
      return data;
    }
    case 11: {
      // Splice: a prefix of this input, a suffix of another.
      const other = source.other();
      if (other.length === 0) return data;
      const cut = random.below(n + 1);
      const from = random.below(other.length);
      const out = new Uint8Array(cut + other.length - from);
      out.set(data.subarray(0, cut));
      out.set(other.subarray(from), cut);
      return out;
    }
    default: {
      // Truncate: the most common real-world damage (a cropped scan).
      return n === 0 ? data : data.slice(0, random.below(n));
    }
  }
}

/**
 * A mutant of `input` (the input itself is never changed), at most `maxLength` bytes.
 *
 * @example
 * ```ts
 * const child = mutate(parent, new Random(1), { dictionary: [], other: () => parent }, 4096);
 * ```
 */
export function mutate(input: Uint8Array, random: Random, source: MutationSource, maxLength: number): Uint8Array {
  let data: Uint8Array = input.slice();
  const edits = 1 << random.below(4); // 1, 2, 4 or 8, as AFL's havoc stacks them
  for (let i = 0; i < edits; i++) data = mutateOnce(data, random, source);
  return data.length > maxLength ? data.subarray(0, maxLength) : data;
}
