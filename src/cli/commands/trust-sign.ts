/**
 * `healthcode trust sign`: signs a JWK Set of issuer keys with the root key, as the compact
 * JWS checkpoints load with `--root` (`signTrustList`). The root's private key gets the same
 * care as an issuer's (mode 0600 or refused, never printed); the list itself is public.
 */
import { isHealthCodeError, kidOf, signTrustList } from '../../index.js';
import { HELP_OPTION, parseCommandArgs, required, timeOption, usageError } from '../args.js';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { refuseExisting, writeFileSecure } from '../files.js';
import { readPrivateKeyFile } from '../key-file.js';
import { formatFields } from '../style.js';
import { formatTime } from '../time.js';
import { readTrustJson } from '../trust-file.js';

/** The name usage errors point at (`healthcode trust --help`). */
export const TRUST_COMMAND = 'trust';

/** Largest `--seq`: JSON integers stay exact up to 2^53 − 1. */
const MAX_SEQ = Number.MAX_SAFE_INTEGER;

const OPTIONS = {
  ...HELP_OPTION,
  root: { type: 'string' },
  in: { type: 'string' },
  seq: { type: 'string' },
  expires: { type: 'string' },
  'issued-at': { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
} as const;

/** `--seq N` / `--min-seq N`: a non-negative integer, exact in JSON. */
export function seqOption(command: string, option: string, value: string, ctx: Context): number {
  if (!/^\d{1,16}$/.test(value) || Number(value) > MAX_SEQ) throw usageError(command, ctx.t.badInteger(option, value));
  return Number(value);
}

/** Runs `trust sign` with the arguments after `sign`. */
export async function trustSign(args: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(TRUST_COMMAND, args, OPTIONS, ctx, false);
  if (positionals.length > 0) throw usageError(TRUST_COMMAND, ctx.t.extraPositional(positionals[0]!));
  const rootPath = required(TRUST_COMMAND, values.root, '--root FILE', ctx);
  const inPath = required(TRUST_COMMAND, values.in, '--in FILE', ctx);
  const seqText = required(TRUST_COMMAND, values.seq, '--seq N', ctx);
  const expires = required(TRUST_COMMAND, values.expires, '--expires TIME', ctx);
  const out = required(TRUST_COMMAND, values.out, '--out FILE', ctx);
  const seq = seqOption(TRUST_COMMAND, '--seq', seqText, ctx);
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = values['issued-at'] === undefined ? now : timeOption(TRUST_COMMAND, '--issued-at', values['issued-at'], now, ctx);
  // As for codes, an offset in --expires counts from the signing time: "+30d" is a month.
  const expiresAt = timeOption(TRUST_COMMAND, '--expires', expires, issuedAt, ctx);
  const force = values.force === true;
  if (!force) await refuseExisting(out, ctx);

  const rootJwk = await readPrivateKeyFile(rootPath, ctx);
  if (typeof rootJwk.iss === 'string') throw new CliError('BAD_KEY_FILE', ctx.t.trust.rootIsIssuerKey(rootPath, rootJwk.iss));
  const jwks = await readTrustJson(inPath, ctx);
  let jws: string;
  try {
    jws = await signTrustList(jwks, rootJwk, { seq, issuedAt, expiresAt });
  } catch (error) {
    // A key a verifier would refuse fails here, naming the entry; misuse messages name the
    // field and never carry key material.
    if (isHealthCodeError(error)) throw new CliError('BAD_TRUST_LIST', ctx.t.trustFileMalformed(inPath, error.message), { cause: error });
    if (error instanceof TypeError || error instanceof RangeError) {
      const code = /rootPrivateJwk/.test(error.message) ? 'BAD_KEY_FILE' : 'BAD_INPUT';
      throw new CliError(code, ctx.t.trust.cannotSign(error.message), { cause: error });
    }
    throw error;
  }
  await writeFileSecure(out, `${jws}\n`, { mode: 0o644, replace: force }, ctx);

  const t = ctx.t.trust;
  const keys = (jwks as { keys: unknown[] }).keys.length;
  const rootKid = await kidOf(rootJwk.x as string); // signTrustList checked x
  ctx.out(
    formatFields([
      [t.rootKid, rootKid],
      [t.seq, String(seq)],
      [ctx.t.fields.issued, formatTime(issuedAt)],
      [ctx.t.fields.expires, formatTime(expiresAt)],
      [t.keys, String(keys)],
      [t.signedList, out],
    ]).join('\n'),
  );
  return 0;
}
