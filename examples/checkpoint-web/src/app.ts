/**
 * The page's state, shared by the views: the trust list in use (or why there is none), and
 * whether the camera was scanning (so "scan next" goes straight back to it).
 */
import type { Trust } from './trust.js';

export interface AppState {
  trust: Trust | undefined;
  /** Why the saved trust list could not be used, for the operator. */
  trustProblem: string | undefined;
  /** True when the last code came from the camera. */
  cameraWasOn: boolean;
}

export const state: AppState = { trust: undefined, trustProblem: undefined, cameraWasOn: false };

/** Epoch seconds now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
