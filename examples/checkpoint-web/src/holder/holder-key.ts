/**
 * The holder's key for live codes (DESIGN.md "Dynamic codes"), kept in this browser's
 * IndexedDB. Where WebCrypto has Ed25519 the private key is a non-extractable CryptoKey: the
 * page can sign with it but no script, not even this page's, can read it out. Elsewhere the
 * fallback is a private JWK in IndexedDB, which anyone who can read this browser's storage
 * can copy; the page says so. Made once per browser profile, on first use.
 */
import type { HolderPrivateJwk, HolderPublicJwk } from 'healthcode';
import { load, remove, save } from '../storage.js';
import { makeHolderKey } from './signer.js';

/** A stored holder key: `crypto-key` (non-extractable) or the `jwk` fallback. */
export type HolderKeyRecord =
  | { readonly kind: 'crypto-key'; readonly publicJwk: HolderPublicJwk; readonly privateKey: CryptoKey }
  | { readonly kind: 'jwk'; readonly publicJwk: HolderPublicJwk; readonly privateJwk: HolderPrivateJwk };

const KEY = 'holderKey';

/**
 * The holder key of this browser, made and stored on first use. `forceExtractable` makes the
 * fallback even where WebCrypto has Ed25519 (to try it; it has no effect once a key exists).
 */
export async function holderKey(options: { forceExtractable?: boolean } = {}): Promise<HolderKeyRecord> {
  const stored = await load<HolderKeyRecord>(KEY);
  if (stored) return stored;
  const made = await makeHolderKey(options.forceExtractable === true);
  const record: HolderKeyRecord = made.privateKey
    ? { kind: 'crypto-key', publicJwk: made.publicJwk, privateKey: made.privateKey }
    : { kind: 'jwk', publicJwk: made.publicJwk, privateJwk: made.privateJwk! };
  await save(KEY, record);
  return record;
}

/** What `present()` signs with. */
export function signingKeyOf(record: HolderKeyRecord): CryptoKey | HolderPrivateJwk {
  return record.kind === 'crypto-key' ? record.privateKey : record.privateJwk;
}

/** Forgets the key (its credential is useless without it). */
export function forgetHolderKey(): Promise<void> {
  return remove(KEY);
}
