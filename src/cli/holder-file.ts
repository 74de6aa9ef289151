/**
 * The holder's public key on the issuer's side (`issue --holder-key PUBFILE`): a public
 * Ed25519 JWK. The holder's private key never leaves the holder, so a file holding one is
 * refused (and never echoed); the key checks themselves are the library's.
 */
import type { Context } from './context.js';
import { CliError } from './errors.js';
import { readTextFile } from './files.js';

/** A public JWK file is a few hundred bytes; anything this big is not one. */
const MAX_HOLDER_FILE_BYTES = 64 * 1024;

/** Reads a holder's public JWK. */
export async function readHolderPublicKey(path: string, ctx: Context): Promise<{ kty?: string; crv?: string; x?: string }> {
  const text = await readTextFile(path, MAX_HOLDER_FILE_BYTES, ctx);
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch (error) {
    // A parse error would quote the file, which might be a private key.
    throw new CliError('BAD_KEY_FILE', ctx.t.holder.publicFileMalformed(path), { cause: error });
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw new CliError('BAD_KEY_FILE', ctx.t.holder.publicFileMalformed(path));
  if ('d' in jwk) throw new CliError('BAD_KEY_FILE', ctx.t.holder.publicFileIsPrivate(path));
  return jwk as { kty?: string; crv?: string; x?: string };
}
