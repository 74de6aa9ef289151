/**
 * Replay caches for dynamic-code presentations: a checkpoint that has seen a presentation
 * refuses it a second time within its window (`REPLAYED`).
 */

/** What `verify` needs from a replay cache. Implement it over a shared store for several lanes. */
export interface ReplayCache {
  /** True when `id` was added and has not expired at `now` (epoch seconds). */
  has(id: string, now: number): boolean | Promise<boolean>;
  /** Remembers `id` until `expiresAt` (epoch seconds). */
  add(id: string, expiresAt: number): void | Promise<void>;
}

/** Options of {@link MemoryReplayCache}. */
export interface MemoryReplayCacheOptions {
  /** Most ids held at once (default 100,000); past it the entry expiring soonest is dropped. */
  readonly maxEntries?: number;
}

/** Default size bound of {@link MemoryReplayCache}. */
export const DEFAULT_REPLAY_CACHE_ENTRIES = 100_000;

/**
 * An in-memory replay cache, bounded in size. Entries live until their expiry; when full, the
 * oldest entry goes first (a presentation is only replayable within its window, so an old
 * entry is worth least).
 *
 * @example
 * ```ts
 * const replayCache = new MemoryReplayCache();
 * await verify(text, trust, { replayCache });
 * ```
 */
export class MemoryReplayCache implements ReplayCache {
  readonly #max: number;
  readonly #entries = new Map<string, number>();

  constructor(options: MemoryReplayCacheOptions = {}) {
    const max = options.maxEntries ?? DEFAULT_REPLAY_CACHE_ENTRIES;
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`"maxEntries" expected a positive integer, got ${String(max)}`);
    this.#max = max;
  }

  /** Number of ids held. */
  get size(): number {
    return this.#entries.size;
  }

  has(id: string, now: number): boolean {
    const expiresAt = this.#entries.get(id);
    if (expiresAt === undefined) return false;
    if (expiresAt < now) {
      this.#entries.delete(id);
      return false;
    }
    return true;
  }

  add(id: string, expiresAt: number): void {
    this.#entries.delete(id);
    while (this.#entries.size >= this.#max) this.#evict();
    this.#entries.set(id, expiresAt);
  }

  #evict(): void {
    // Insertion order is close to expiry order (every id expires a window after its time), so
    // the oldest insertion goes first: O(1), and a flood cannot make the cache grow.
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#entries.delete(oldest.value);
  }
}
