/**
 * Trust-list files: a JWK Set (RFC 7517 §5) on disk, or a signed trust list (the compact JWS
 * of `signTrustList`, checked against pinned roots). Loading checks every key through the
 * library; a file that is missing, not JSON or not a valid list is an input error (exit 2),
 * never a verification result.
 */
import { isHealthCodeError, TrustList } from '../index.js';
import type { Context } from './context.js';
import { CliError } from './errors.js';
import { readTextFile } from './files.js';
import { readRootKeys } from './root-file.js';

/** Largest trust-list file read: 10 000 keys of a few hundred bytes each, with room. */
export const MAX_TRUST_FILE_BYTES = 16 * 1024 * 1024;

/** RFC 7515 §7.1 compact serialization: three base64url parts (the signature may be empty). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** How a signed list is to be checked: the pinned roots file and the verifier's state. */
export interface SignedListCheck {
  /** `--root PUBFILE`. */
  readonly rootPath: string;
  /** `--min-seq N`: the lowest seq still accepted. */
  readonly minSeq?: number;
  /** The verifier's clock. */
  readonly now: number;
}

/** Reads and parses a trust file's JSON (not yet checked key by key). */
export async function readTrustJson(path: string, ctx: Context): Promise<unknown> {
  const text = await readTextFile(path, MAX_TRUST_FILE_BYTES, ctx);
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'not JSON' : String(error);
    throw new CliError('BAD_TRUST_LIST', ctx.t.trustFileMalformed(path, reason), { cause: error });
  }
}

/** Builds a TrustList from parsed JSON, mapping a load failure to BAD_TRUST_LIST (exit 2). */
export async function trustListOf(json: unknown, path: string, ctx: Context): Promise<TrustList> {
  try {
    return await TrustList.fromJWKS(json);
  } catch (error) {
    if (isHealthCodeError(error)) throw new CliError('BAD_TRUST_LIST', ctx.t.trustFileMalformed(path, error.message), { cause: error });
    throw error;
  }
}

/** True when the text is a compact JWS rather than JSON. */
export function looksSigned(text: string): boolean {
  return COMPACT_JWS.test(text.trim());
}

/**
 * Checks a signed list against the roots in `check.rootPath`. Library refusals keep their
 * codes (`BAD_TRUST_LIST`, …) as CliErrors; a root file the library refuses is `BAD_KEY_FILE`.
 */
export async function signedTrustListOf(jws: string, path: string, check: SignedListCheck, ctx: Context): Promise<TrustList> {
  const roots = await readRootKeys(check.rootPath, ctx);
  try {
    return await TrustList.fromSigned(jws, roots, { now: check.now, ...(check.minSeq !== undefined && { minSeq: check.minSeq }) });
  } catch (error) {
    if (isHealthCodeError(error)) throw new CliError('BAD_TRUST_LIST', ctx.t.trustFileMalformed(path, error.message), { cause: error });
    if (error instanceof TypeError || error instanceof RangeError) {
      throw new CliError('BAD_KEY_FILE', ctx.t.trust.rootFileMalformed(check.rootPath, error.message), { cause: error });
    }
    throw error;
  }
}

/**
 * Loads and checks a trust-list file: a JWK Set, or (with `signed`) a signed list. A signed
 * list without `--root`, or `--root` with an unsigned set, is refused: the first cannot be
 * checked, and the second would silently drop the check the operator asked for.
 */
export async function loadTrustList(path: string, ctx: Context, signed?: SignedListCheck): Promise<TrustList> {
  const text = await readTextFile(path, MAX_TRUST_FILE_BYTES, ctx);
  if (looksSigned(text)) {
    if (!signed) throw new CliError('BAD_TRUST_LIST', ctx.t.trust.signedNeedsRoot(path));
    return signedTrustListOf(text, path, signed, ctx);
  }
  if (signed) throw new CliError('BAD_TRUST_LIST', ctx.t.trust.rootNeedsSigned(path));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError('BAD_TRUST_LIST', ctx.t.trustFileMalformed(path, 'not JSON'), { cause: error });
  }
  return trustListOf(json, path, ctx);
}
