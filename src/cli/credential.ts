/**
 * What the holder side checks about a credential before presenting it: that it is an `HQ1:`
 * code bound to a holder key (`cnf`), and bound to THIS holder's key. A mismatch would only
 * show at the checkpoint as HOLDER_PROOF_INVALID; here it is caught where it can be fixed.
 * Decoding only: the credential's signature is the checkpoint's business.
 */
import { decodeBase45 } from '../codec/base45.js';
import { bytesEqual, fromBase64Url } from '../codec/bytes.js';
import { parseSign1 } from '../cose/sign1.js';
import { claimsFromMap, HQ1_PREFIX } from '../credential/hq1.js';
import { isHealthCodeError } from '../index.js';
import type { Context } from './context.js';
import { CliError } from './errors.js';

/** Checks that `text` is a credential bound to the holder key whose public `x` is given. */
export function checkCredentialHolder(text: string, holderX: string, ctx: Context): void {
  const h = ctx.t.holder;
  if (!text.startsWith(HQ1_PREFIX)) throw new CliError('BAD_INPUT', h.notCredential);
  let bound: Uint8Array | undefined;
  let holderBound: boolean;
  try {
    const claims = claimsFromMap(parseSign1(decodeBase45(text.slice(HQ1_PREFIX.length))).payload);
    holderBound = claims.holderBound;
    bound = claims.holderKey;
  } catch (error) {
    if (!isHealthCodeError(error)) throw error;
    throw new CliError('BAD_INPUT', h.credentialUnreadable(error.code, error.message), { cause: error });
  }
  if (!holderBound || !bound) throw new CliError('BAD_INPUT', h.notHolderBound);
  const own = fromBase64Url(holderX);
  if (!own || !bytesEqual(own, bound)) throw new CliError('BAD_INPUT', h.otherHolder);
}
