/**
 * Checking one scanned text, offline: `verify` against the saved trust list and, when one is
 * held, the issuer's status list. A stale trust list is allowed (an offline checkpoint must
 * not be bricked) and the result says so; the clock floor (the latest time this device has
 * seen in a code or list) is kept, so a clock set back is noticed. Live codes (`HQ1P:`) go
 * through a replay cache, so the same presentation shown twice is `REPLAYED`. Nothing here
 * touches the network.
 */
import { MemoryReplayCache, nextTimeFloor, verify, type VerifyResult } from 'healthcode';
import { load, save } from './storage.js';
import type { HeldStatusList } from './status-list.js';
import type { Trust } from './trust.js';

const FLOOR_KEY = 'timeFloor';
/**
 * Presentations remembered: one checkpoint sees a few a second at most, and each is worth
 * remembering only for its window (60 s). The cache lives as long as the page: a reload
 * forgets it, which the window bounds (a presentation dies a minute after it was made anyway).
 */
const REPLAY_CACHE_ENTRIES = 10_000;
const replayCache = new MemoryReplayCache({ maxEntries: REPLAY_CACHE_ENTRIES });

/** Verifies `text` and raises the stored clock floor after a valid code. */
export async function checkCode(text: string, trust: Trust, statusList?: HeldStatusList): Promise<VerifyResult> {
  const floor = await load<number>(FLOOR_KEY);
  const result = await verify(text.trim(), trust.list, {
    allowStaleTrustList: true,
    replayCache,
    ...(statusList && { statusLists: [statusList.list] }),
    ...(floor !== undefined && { timeFloor: floor }),
  });
  const next = nextTimeFloor(floor, result.valid ? result.issuedAt : undefined, trust.list.meta.issuedAt);
  if (next !== floor) await save(FLOOR_KEY, next);
  return result;
}
