/**
 * Checking one scanned text, offline: `verify` against the saved trust list. A stale list is
 * allowed (an offline checkpoint must not be bricked) and the result says so; the clock floor
 * (the latest time this device has seen in a code or list) is kept, so a clock set back is
 * noticed. Nothing here touches the network.
 */
import { nextTimeFloor, verify, type VerifyResult } from 'healthcode';
import { load, save } from './storage.js';
import type { Trust } from './trust.js';

const FLOOR_KEY = 'timeFloor';

/** Verifies `text` and raises the stored clock floor after a valid code. */
export async function checkCode(text: string, trust: Trust): Promise<VerifyResult> {
  const floor = await load<number>(FLOOR_KEY);
  const result = await verify(text.trim(), trust.list, { allowStaleTrustList: true, ...(floor !== undefined && { timeFloor: floor }) });
  const next = nextTimeFloor(floor, result.valid ? result.issuedAt : undefined, trust.list.meta.issuedAt);
  if (next !== floor) await save(FLOOR_KEY, next);
  return result;
}
