/**
 * The page's state, shared by the views: the trust list and status list in use (or why there
 * is none), and whether the camera was scanning (so "scan next" goes straight back to it).
 */
import type { HeldStatusList } from './status-list.js';
import type { Trust } from './trust.js';

export interface AppState {
  trust: Trust | undefined;
  /** Why the saved trust list could not be used, for the operator. */
  trustProblem: string | undefined;
  /** The issuer's status list, when its source publishes one. */
  statusList: HeldStatusList | undefined;
  /** Why the saved status list could not be used. */
  statusListProblem: string | undefined;
  /** True when the last code came from the camera. */
  cameraWasOn: boolean;
}

export const state: AppState = { trust: undefined, trustProblem: undefined, statusList: undefined, statusListProblem: undefined, cameraWasOn: false };

/** Epoch seconds now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
