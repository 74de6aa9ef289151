/**
 * `healthcode status-list build` and `status-list set`: the issuer's side of status lists
 * (DESIGN.md "Status list", docs/status.md). `build` signs a new list of N entries (all
 * green, then the changes given); `set` reads a list this key signed, changes entries and
 * signs it again with a newer `iat`. The token file is the list's state: public, mode 0644.
 */
import { signStatusList, StatusList, TrustList, type StatusListMeta } from '../../index.js';
import { HELP_OPTION, integerOption, parseCommandArgs, required, secondsOption, timeOption, usageError } from '../args.js';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { refuseExisting, writeFileSecure } from '../files.js';
import { readPrivateKeyFile } from '../key-file.js';
import { applyChanges, countValues, loadStatusList, readChanges, readTokenFile } from '../status-file.js';
import { groupDigits } from '../batch/progress.js';
import { formatFields } from '../style.js';
import { formatTime } from '../time.js';

/** The name usage errors point at (`healthcode status-list --help`). */
export const STATUS_LIST_COMMAND = 'status-list';

/** Most entries `--size` takes (the library's limit, checked again by it). */
const MAX_SIZE = 100_000_000;

const SIGN_OPTIONS = {
  ...HELP_OPTION,
  key: { type: 'string' },
  expires: { type: 'string' },
  'issued-at': { type: 'string' },
  ttl: { type: 'string' },
  subject: { type: 'string' },
  changes: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
} as const;

const BUILD_OPTIONS = { ...SIGN_OPTIONS, size: { type: 'string' } } as const;

/** The public half of a private JWK: what a trust list would hold for it. */
function publicOf(privateJwk: Record<string, unknown>): Record<string, unknown> {
  const { d: _secret, ...publicJwk } = privateJwk;
  return publicJwk;
}

/** Signs, mapping the library's misuse errors (which name the field) to BAD_INPUT. */
async function sign(list: StatusList, key: Record<string, unknown>, options: Parameters<typeof signStatusList>[2], ctx: Context): Promise<Uint8Array> {
  try {
    return await signStatusList(list, key, options);
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    throw new CliError('BAD_INPUT', ctx.t.statusList.cannotSign(error.message), { cause: error });
  }
}

/** What both subcommands print after signing. */
function summary(list: StatusList, token: Uint8Array, meta: Pick<StatusListMeta, 'issuer' | 'subject' | 'issuedAt' | 'expiresAt'>, out: string, changed: number, ctx: Context): string {
  const t = ctx.t.statusList;
  const counts = countValues(list);
  return formatFields([
    [ctx.t.fields.issuer, meta.issuer],
    [t.subject, meta.subject],
    [t.size, groupDigits(list.size)],
    [t.changed, groupDigits(changed)],
    [t.counts, t.countLine(counts)],
    [ctx.t.fields.issued, formatTime(meta.issuedAt)],
    [ctx.t.fields.expires, formatTime(meta.expiresAt)],
    [t.token, t.tokenFile(out, groupDigits(token.length))],
  ]).join('\n');
}

/** Runs `status-list build`. */
export async function statusListBuild(args: string[], ctx: Context): Promise<number> {
  const C = STATUS_LIST_COMMAND;
  const { values, positionals } = parseCommandArgs(C, args, BUILD_OPTIONS, ctx);
  const keyPath = required(C, values.key, '--key FILE', ctx);
  const size = integerOption(C, '--size', required(C, values.size, '--size N', ctx), 1, MAX_SIZE, ctx);
  const out = required(C, values.out, '--out FILE', ctx);
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = values['issued-at'] === undefined ? now : timeOption(C, '--issued-at', values['issued-at'], now, ctx);
  const expiresAt = timeOption(C, '--expires', required(C, values.expires, '--expires TIME', ctx), issuedAt, ctx);
  const ttl = values.ttl === undefined ? undefined : secondsOption(C, '--ttl', values.ttl, ctx);
  const changes = await readChanges(C, positionals, values.changes, ctx);
  if (values.force !== true) await refuseExisting(out, ctx);

  const key = await readPrivateKeyFile(keyPath, ctx);
  const list = new StatusList(size);
  applyChanges(C, list, changes, ctx);
  const options = { issuedAt, expiresAt, ...(ttl !== undefined && { ttl }), ...(values.subject !== undefined && { subject: values.subject }) };
  const token = await sign(list, key, options, ctx);
  await writeFileSecure(out, token, { mode: 0o644, replace: values.force === true }, ctx);
  const issuer = typeof key.iss === 'string' ? key.iss : '';
  const subject = values.subject ?? `urn:healthcode:status-list:${encodeURIComponent(issuer)}`;
  ctx.out(summary(list, token, { issuer, subject, issuedAt, expiresAt }, out, changes.length, ctx));
  return 0;
}

/** Runs `status-list set FILE`. */
export async function statusListSet(args: string[], ctx: Context): Promise<number> {
  const C = STATUS_LIST_COMMAND;
  const { values, positionals } = parseCommandArgs(C, args, SIGN_OPTIONS, ctx);
  const [path, ...changeArgs] = positionals;
  if (path === undefined) throw usageError(C, ctx.t.missingPositional('FILE'));
  const keyPath = required(C, values.key, '--key FILE', ctx);
  const out = values.out ?? path;
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = values['issued-at'] === undefined ? now : timeOption(C, '--issued-at', values['issued-at'], now, ctx);
  const ttlOption = values.ttl === undefined ? undefined : secondsOption(C, '--ttl', values.ttl, ctx);
  const changes = await readChanges(C, changeArgs, values.changes, ctx);
  if (changes.length === 0) throw usageError(C, ctx.t.statusList.noChanges);
  if (values.out !== undefined && values.force !== true) await refuseExisting(out, ctx);

  const key = await readPrivateKeyFile(keyPath, ctx);
  // Only a list this key signed is changed: it is checked against a trust list of the key alone.
  const own = await TrustList.fromJWKS({ keys: [publicOf(key)] }).catch((error: unknown) => {
    throw new CliError('BAD_KEY_FILE', ctx.t.keyFileMalformed(keyPath), { cause: error });
  });
  const signed = await loadStatusList(path, await readTokenFile(path, ctx), own, Math.max(now, issuedAt), ctx).catch((error: unknown) => {
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    if (code === 'UNKNOWN_KID') throw new CliError('BAD_KEY_FILE', ctx.t.statusList.notSignedBy(path, keyPath), { cause: error });
    throw error;
  });
  const old = signed.meta!;
  if (issuedAt <= old.issuedAt) throw usageError(C, ctx.t.statusList.notNewer(formatTime(issuedAt), formatTime(old.issuedAt)));
  // Unless told otherwise, the new list is valid as long as the old one was, counted from its iat.
  const expiresAt = values.expires === undefined ? issuedAt + (old.expiresAt - old.issuedAt) : timeOption(C, '--expires', values.expires, issuedAt, ctx);
  const ttl = ttlOption ?? old.ttl;
  const subject = values.subject ?? old.subject;
  const list = StatusList.fromBytes(signed.toBytes(), signed.size);
  applyChanges(C, list, changes, ctx);
  const token = await sign(list, key, { issuedAt, expiresAt, subject, issuer: old.issuer, ...(ttl !== undefined && { ttl }) }, ctx);
  await writeFileSecure(out, token, { mode: 0o644, replace: true }, ctx);
  ctx.out(summary(list, token, { issuer: old.issuer, subject, issuedAt, expiresAt }, out, changes.length, ctx));
  return 0;
}
