/**
 * Rule 16 for dynamic codes (DESIGN.md "Dynamic codes"): the outer `HQ1P:` presentation, the
 * credential inside it, the holder signature by the credential's `cnf` key, the window, and
 * the replay cache.
 */
import { decodeBase45From } from './codec/base45.js';
import { toBase64Url } from './codec/bytes.js';
import { parseSign1, sigStructure } from './cose/sign1.js';
import { HQ1P_PREFIX, readPresentation } from './credential/presentation.js';
import { verifyEd25519, type Ed25519Backend, type Ed25519PublicHandle } from './crypto/backend.js';
import { checkEd25519PublicKey } from './crypto/ed25519-strict.js';
import type { TrustList } from './trust/trust-list.js';
import { checkCredential, fail, iso, type VerifyContext } from './verify-credential.js';
import { validResult, type ValidResult } from './verify-result.js';
import type { ReplayCache } from './replay.js';

/** Default seconds a presentation's time may differ from the verifier's clock (DESIGN.md). */
export const DEFAULT_PRESENTATION_WINDOW = 60;

/** @internal The presentation options `verify` passes through. */
export interface PresentationOptions {
  readonly presentationWindow?: number;
  readonly replayCache?: ReplayCache;
}

/** Holder keys checked and imported recently, per backend: a checkpoint sees the same phones again. */
const HOLDER_KEY_CACHE_SIZE = 256;
const holderHandles = new WeakMap<Ed25519Backend, Map<string, Ed25519PublicHandle | undefined>>();

/**
 * The backend's handle of a holder key, or undefined when the key is non-canonical, small-order
 * or off the curve. A memo (the answer depends only on the key bytes), bounded in size: the
 * point checks and the import cost more than the holder's signature check itself.
 */
async function holderHandle(backend: Ed25519Backend, key: Uint8Array): Promise<Ed25519PublicHandle | undefined> {
  let cache = holderHandles.get(backend);
  if (!cache) holderHandles.set(backend, (cache = new Map()));
  const id = toBase64Url(key);
  if (cache.has(id)) return cache.get(id);
  let handle: Ed25519PublicHandle | undefined;
  if (checkEd25519PublicKey(key) === 'ok') {
    try {
      handle = await backend.importPublicKey(key);
    } catch {
      handle = undefined;
    }
  }
  if (cache.size >= HOLDER_KEY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(id, handle);
  return handle;
}

/**
 * @internal Rules 1–5 on the outer presentation, 4–15 on the credential inside, then rule 16: the
 * holder signature by the credential's `cnf` key, the window, the replay cache.
 */
export async function verifyPresentation(text: string, trust: TrustList, ctx: VerifyContext, options: PresentationOptions, trustListStale: boolean): Promise<ValidResult> {
  const outer = parseSign1(decodeBase45From(text, HQ1P_PREFIX.length));
  const { credential, t } = readPresentation(outer);
  const checked = await checkCredential(credential, trust, ctx);
  const holderKey = checked.claims.holderKey;
  if (!checked.claims.holderBound) fail('HOLDER_PROOF_INVALID', 'the credential inside the presentation is not bound to a holder key (no cnf)');
  const handle = holderKey && (await holderHandle(ctx.backend, holderKey));
  if (!holderKey || !handle) {
    fail('HOLDER_PROOF_INVALID', 'the credential\'s holder key (cnf) is not a usable Ed25519 public key');
  }
  let holderOk = false;
  try {
    holderOk = await verifyEd25519(ctx.backend, handle, sigStructure(outer.protectedBytes, outer.payloadBytes), outer.signature);
  } catch {
    holderOk = false;
  }
  if (!holderOk) fail('HOLDER_PROOF_INVALID', 'the presentation was not signed by the holder\'s key');
  const window = options.presentationWindow ?? DEFAULT_PRESENTATION_WINDOW;
  if (Math.abs(ctx.now - t) > window) {
    fail('PRESENTATION_EXPIRED', `the live code was made at ${iso(t)}, more than ${window} s from now: a screenshot or an old picture`);
  }
  if (options.replayCache) {
    const id = toBase64Url(outer.signature);
    if (await options.replayCache.has(id, ctx.now)) fail('REPLAYED', 'this live code was already shown here: ask the holder to refresh it');
    await options.replayCache.add(id, t + window);
  }
  return validResult(checked, { holderBound: true, trustListStale, presentedAt: t });
}

