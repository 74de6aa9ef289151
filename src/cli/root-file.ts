/**
 * Pinned root keys on disk (`--root PUBFILE`): the public JWK of the root that signs trust
 * lists, or a JWK Set of several (a current root and the one it rotates to). A checkpoint
 * holds only public roots: a file with a private key is refused, never echoed.
 */
import type { Context } from './context.js';
import { CliError } from './errors.js';
import { readTextFile } from './files.js';

/** A root file is a handful of public JWKs; anything this big is not one. */
const MAX_ROOT_FILE_BYTES = 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `--root PUBFILE` as a JWK Set (`{ keys: [...] }`); a single JWK is wrapped in one.
 * The key checks themselves are the library's (`TrustList.fromSigned` reports them).
 */
export async function readRootKeys(path: string, ctx: Context): Promise<{ keys: unknown[] }> {
  const text = await readTextFile(path, MAX_ROOT_FILE_BYTES, ctx);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // A parse error would quote the file: it might be a private key, so say only "not JSON".
    throw new CliError('BAD_KEY_FILE', ctx.t.trust.rootFileMalformed(path, 'not JSON'), { cause: error });
  }
  const keys = isRecord(json) && Array.isArray(json.keys) ? (json.keys as unknown[]) : isRecord(json) && 'kty' in json ? [json] : undefined;
  if (!keys || keys.length === 0) throw new CliError('BAD_KEY_FILE', ctx.t.trust.rootFileMalformed(path, 'not a JWK or a JWK Set'));
  if (keys.some((k) => isRecord(k) && 'd' in k)) throw new CliError('BAD_KEY_FILE', ctx.t.trust.rootFileIsPrivate(path));
  return { keys };
}
