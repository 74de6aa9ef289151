/** Messages between the live-code view and the holder worker (holder-worker.ts). */
import type { HolderPrivateJwk, HolderPublicJwk } from 'healthcode';

/** Page → worker: make a holder key, or sign a presentation of `credential` at time `t`. */
export type HolderRequest =
  | { readonly id: number; readonly op: 'generate'; readonly forceExtractable: boolean }
  | { readonly id: number; readonly op: 'present'; readonly credential: string; readonly key: CryptoKey | HolderPrivateJwk; readonly t: number };

/** A key the worker made: a non-extractable CryptoKey where WebCrypto has Ed25519, else a JWK. */
export interface MadeHolderKey {
  readonly publicJwk: HolderPublicJwk;
  readonly privateKey?: CryptoKey;
  readonly privateJwk?: HolderPrivateJwk;
}

/** Worker → page: the key, the presentation text, or why it failed. */
export type HolderResponse =
  | { readonly id: number; readonly key: MadeHolderKey }
  | { readonly id: number; readonly text: string }
  | { readonly id: number; readonly error: string };
