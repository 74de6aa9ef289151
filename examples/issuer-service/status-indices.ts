/**
 * Status-list indices (docs/status.md "Index assignment"): the n-th person this service
 * records gets `StatusIndexAllocator.indexFor(n)`, a keyed random permutation, so an index
 * tells neither when the person was recorded nor how many people the region has. The secret
 * seed is a 0600 file beside the keys; the counter n and each person's index are in the
 * database. A person keeps their index across re-issues.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Store } from './db/store.js';
import { StatusIndexAllocator } from './healthcode.js';
import { readOrCreateSecret } from './secrets.js';

/**
 * Entries of the status list: 2^24 (4 MiB packed), fixed whatever the region's population
 * (the size is public: a size derived from the population would reveal it), and above the
 * largest city region's population. It cannot change once indices are given out: the
 * permutation depends on it.
 */
export const STATUS_LIST_SIZE = 2 ** 24;
/** Bytes of the allocator's seed (docs/status.md: "use 32 random bytes, kept like a private key"). */
export const STATUS_SEED_BYTES = 32;

/**
 * Loads (or makes, on first start) the seed and the status list's row, gives an index to
 * every person recorded before indices existed, and returns the allocation function.
 *
 * @throws Error when the seed file is not 0600 or too short, or the database's list has
 *   another size.
 */
export async function loadStatusIndices(dataDir: string, store: Store, size = STATUS_LIST_SIZE): Promise<(n: number) => number> {
  const path = join(dataDir, 'status-seed');
  const { content } = await readOrCreateSecret(path, () => `${randomBytes(STATUS_SEED_BYTES).toString('base64url')}\n`);
  const seed = Buffer.from(content.trim(), 'base64url');
  if (seed.length < STATUS_SEED_BYTES) throw new Error(`${path} holds ${seed.length} bytes, expected ${STATUS_SEED_BYTES}`);
  const allocator = await StatusIndexAllocator.create(new Uint8Array(seed), size);
  seed.fill(0);
  store.statusList.init(size);
  const allocate = (n: number): number => allocator.indexFor(n);
  store.assignMissingIndices(allocate);
  return allocate;
}
