/**
 * Status-list index assignment for issuers: the n-th code issued gets index π(n), where π is a
 * keyed pseudorandom permutation of [0, size). Indices are unique (π is a bijection) and, to
 * anyone without the seed, look uniformly random: they reveal neither the order of issuance
 * nor how many codes a region has issued (docs/status.md, "Index assignment").
 *
 * π is a format-preserving construction: an alternating Feistel network (the shape of NIST
 * SP 800-38G's FF1, ten rounds) on the smallest bit width holding size − 1, with cycle walking
 * (Black and Rogaway, "Ciphers with Arbitrary Finite Domains", 2002) to stay inside
 * [0, size). Each round function is a random table: a half is at most 14 bits, so every round
 * function fits in 2^14 entries, drawn once from AES-256-CTR keyed by HMAC-SHA-256 of the
 * issuer's secret seed. That makes `indexFor` a few table lookups (no crypto call per index),
 * at most 640 KiB of tables. It is not FF1 itself (no NIST test vectors apply); its output is
 * fixed by known-answer tests, because an issuer persists the seed and the counter and must
 * get the same permutation from every version of this library.
 */
import { assertBytes } from '../codec/bytes.js';
import { requireSubtle, bufferSource } from '../crypto/subtle.js';
import { STATUS_LIST_MAX_ENTRIES } from './limits.js';

/** Feistel rounds (FF1 uses ten, NIST SP 800-38G §6.2). */
const FEISTEL_ROUNDS = 10;
/** Shortest seed accepted: 128 bits. Use 32 random bytes. */
export const STATUS_INDEX_SEED_MIN_BYTES = 16;
/** Domain separation for the key derivation; a new version of π needs a new label. */
const KEY_LABEL = 'healthcode status-index v1';
/** AES-CTR counter block: 16 bytes, all of them counter (RFC 3686 is not used: one key, one stream). */
const CTR_BLOCK_BYTES = 16;

/**
 * Allocates status-list indices from a persisted secret seed: `indexFor(n)` for the n-th
 * issuance (n = 0, 1, 2, …) is unique in [0, size) and unpredictable without the seed.
 *
 * @example
 * ```ts
 * const allocator = await StatusIndexAllocator.create(seedFromVault, 50_000_000);
 * const statusIndex = allocator.indexFor(counter++); // store (subject, statusIndex)
 * ```
 */
export class StatusIndexAllocator {
  /** Entries of the list the indices are for. */
  readonly size: number;
  readonly #leftBits: number;
  readonly #rightBits: number;
  /** Round i maps the unchanged half to what is added to the other half. */
  readonly #tables: readonly Uint32Array[];

  private constructor(size: number, leftBits: number, rightBits: number, tables: Uint32Array[]) {
    this.size = size;
    this.#leftBits = leftBits;
    this.#rightBits = rightBits;
    this.#tables = tables;
    Object.freeze(this);
  }

  /**
   * An allocator for a list of `size` entries, keyed by `seed` (keep it secret and keep it:
   * the same seed and size always give the same indices).
   *
   * @throws TypeError when `seed` is not a Uint8Array or `size` not a positive integer;
   *   RangeError when the seed is shorter than {@link STATUS_INDEX_SEED_MIN_BYTES} or the size
   *   over `STATUS_LIST_MAX_ENTRIES`; Error when the runtime has no WebCrypto.
   * @example
   * ```ts
   * const allocator = await StatusIndexAllocator.create(crypto.getRandomValues(new Uint8Array(32)), 1_000_000);
   * ```
   */
  static async create(seed: Uint8Array, size: number): Promise<StatusIndexAllocator> {
    assertBytes(seed, 'seed');
    if (seed.length < STATUS_INDEX_SEED_MIN_BYTES) throw new RangeError(`"seed" expected at least ${STATUS_INDEX_SEED_MIN_BYTES} bytes, got ${seed.length}`);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) throw new TypeError(`"size" expected a positive integer, got ${String(size)}`);
    if (size > STATUS_LIST_MAX_ENTRIES) throw new RangeError(`"size" is ${size}, over the limit of ${STATUS_LIST_MAX_ENTRIES} entries`);
    const bits = size <= 1 ? 0 : 32 - Math.clz32(size - 1);
    const leftBits = bits >> 1;
    const rightBits = bits - leftBits;
    const subtle = requireSubtle();
    // The table key: HMAC-SHA-256(seed, label || size), so lists of other sizes (or a future
    // version of π) share nothing with this one.
    const seedKey = await subtle.importKey('raw', bufferSource(seed), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const label = new TextEncoder().encode(KEY_LABEL);
    const info = new Uint8Array(label.length + 4);
    info.set(label, 0);
    new DataView(info.buffer).setUint32(label.length, size);
    const tableKey = new Uint8Array(await subtle.sign('HMAC', seedKey, info));
    const aes = await subtle.importKey('raw', tableKey, { name: 'AES-CTR' }, false, ['encrypt']);
    tableKey.fill(0);
    // Even rounds add F(right half) to the left half, odd rounds F(left) to the right.
    const inputBits = Array.from({ length: FEISTEL_ROUNDS }, (_, round) => (round % 2 === 0 ? rightBits : leftBits));
    const entries = inputBits.reduce((sum, b) => sum + 2 ** b, 0);
    const stream = new DataView(
      await subtle.encrypt({ name: 'AES-CTR', counter: new Uint8Array(CTR_BLOCK_BYTES), length: 64 }, aes, new Uint8Array(entries * 4)),
    );
    const tables: Uint32Array[] = [];
    let at = 0;
    for (let round = 0; round < FEISTEL_ROUNDS; round++) {
      const outputBits = round % 2 === 0 ? leftBits : rightBits;
      const table = new Uint32Array(2 ** inputBits[round]!);
      for (let x = 0; x < table.length; x++, at += 4) table[x] = stream.getUint32(at) % 2 ** outputBits;
      tables.push(table);
    }
    return new StatusIndexAllocator(size, leftBits, rightBits, tables);
  }

  /** π on the full bit width (at most 27 bits, so plain 32-bit integer operations). */
  #permute(x: number): number {
    const rightBits = this.#rightBits;
    const leftMask = (1 << this.#leftBits) - 1;
    const rightMask = (1 << rightBits) - 1;
    const tables = this.#tables;
    let left = x >>> rightBits;
    let right = x & rightMask;
    // Rounds in pairs (FEISTEL_ROUNDS is even): left += F(right), then right += F(left).
    for (let round = 0; round < FEISTEL_ROUNDS; round += 2) {
      left = (left + tables[round]![right]!) & leftMask;
      right = (right + tables[round + 1]![left]!) & rightMask;
    }
    return (left << rightBits) | right;
  }

  /**
   * The index of the n-th issuance: unique for each n in [0, size), unpredictable without
   * the seed.
   *
   * @throws RangeError when `n` is not an integer in [0, size) (the list is full: start a new one).
   * @example
   * ```ts
   * const index = allocator.indexFor(41); // the 42nd code's index
   * ```
   */
  indexFor(n: number): number {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n >= this.size) {
      throw new RangeError(`"n" expected an integer in 0..${this.size - 1}, got ${String(n)}${n === this.size ? ': the list is full, start a new one' : ''}`);
    }
    // Cycle walking: apply π until the value falls inside [0, size). It ends because n is
    // inside and π's cycle through n comes back to it; on average fewer than 2 steps.
    let y = this.#permute(n);
    while (y >= this.size) y = this.#permute(y);
    return y;
  }
}
