/**
 * Reading an issuer's private JWK file. The key never reaches an output stream: errors name
 * the file, never its content (a JSON parse error would quote the text, so it is dropped).
 */
import type { Context } from './context.js';
import { CliError } from './errors.js';
import { readFileChecked } from './files.js';

/** A private JWK file is a few hundred bytes; anything this big is not one. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/** Permission bits that let group or others read or write the file. */
const GROUP_OR_OTHER = 0o077;

/** The mode as `0644`, for messages. */
export function formatMode(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

/**
 * Reads a private issuer JWK, refusing (on POSIX) a file that group or others may access:
 * the fix, `chmod 600 FILE`, is in the message.
 */
export async function readPrivateKeyFile(path: string, ctx: Context): Promise<Record<string, unknown>> {
  const { bytes } = await readFileChecked(path, MAX_KEY_FILE_BYTES, ctx, (mode) => {
    if (process.platform !== 'win32' && (mode & GROUP_OR_OTHER) !== 0) {
      throw new CliError('KEY_FILE_PERMISSIONS', ctx.t.keyFileTooOpen(path, formatMode(mode)));
    }
  });
  let jwk: unknown;
  try {
    jwk = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new CliError('BAD_KEY_FILE', ctx.t.keyFileMalformed(path));
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw new CliError('BAD_KEY_FILE', ctx.t.keyFileMalformed(path));
  const record = jwk as Record<string, unknown>;
  if (typeof record.d !== 'string') throw new CliError('BAD_KEY_FILE', ctx.t.keyFileNotPrivate(path));
  return record;
}
