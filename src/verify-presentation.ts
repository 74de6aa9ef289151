/**
 * Rule 16 for dynamic codes (DESIGN.md "Dynamic codes"): the outer `HQ1P:` presentation, the
 * credential inside it, the holder signature by the credential's `cnf` key, the window, and
 * the replay cache.
 */
import { decodeBase45 } from './codec/base45.js';
import { toBase64Url } from './codec/bytes.js';
import { parseSign1, sigStructure } from './cose/sign1.js';
import { HQ1P_PREFIX, readPresentation } from './credential/presentation.js';
import { verifyEd25519 } from './crypto/backend.js';
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

/** @internal */
export /**
 * Rules 1–5 on the outer presentation, 4–15 on the credential inside, then rule 16: the
 * holder signature by the credential's `cnf` key, the window, the replay cache.
 */
async function verifyPresentation(text: string, trust: TrustList, ctx: VerifyContext, options: PresentationOptions, trustListStale: boolean): Promise<ValidResult> {
  const outer = parseSign1(decodeBase45(text.slice(HQ1P_PREFIX.length)));
  const { credential, t } = readPresentation(outer);
  const checked = await checkCredential(credential, trust, ctx);
  const holderKey = checked.claims.holderKey;
  if (!checked.claims.holderBound) fail('HOLDER_PROOF_INVALID', 'the credential inside the presentation is not bound to a holder key (no cnf)');
  if (!holderKey || checkEd25519PublicKey(holderKey) !== 'ok') {
    fail('HOLDER_PROOF_INVALID', 'the credential\'s holder key (cnf) is not a usable Ed25519 public key');
  }
  let holderOk = false;
  try {
    const handle = await ctx.backend.importPublicKey(holderKey);
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

