/**
 * Trust-list files: a JWK Set (RFC 7517 §5) on disk. Loading checks every key through
 * `TrustList.fromJWKS`; a file that is missing, not JSON or not a valid set is an input
 * error (exit 2), never a verification result.
 */
import { isHealthCodeError, TrustList } from '../index.js';
import type { Context } from './context.js';
import { CliError } from './errors.js';
import { readTextFile } from './files.js';

/** Largest trust-list file read: 10 000 keys of a few hundred bytes each, with room. */
export const MAX_TRUST_FILE_BYTES = 16 * 1024 * 1024;

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

/** Loads and checks a trust-list file. */
export async function loadTrustList(path: string, ctx: Context): Promise<TrustList> {
  return trustListOf(await readTrustJson(path, ctx), path, ctx);
}
