/**
 * `healthcode trust show`: checks a trust list as a checkpoint would load it (a signed list
 * against the pinned roots, every key) and shows what it holds: seq, times, staleness, and
 * each key with its issuer, window and revocation. The list is the thing checked here, so a
 * list that does not load is a result (exit 1), not an input error.
 */
import type { TrustedKeyInfo, TrustList } from '../../index.js';
import { HELP_OPTION, parseCommandArgs, singlePositional, timeOption, usageError } from '../args.js';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { formatFields, formatTable } from '../style.js';
import { formatTime } from '../time.js';
import { loadTrustList } from '../trust-file.js';
import { timeAndRelative } from '../when.js';
import { seqOption, TRUST_COMMAND } from './trust-sign.js';

const OPTIONS = {
  ...HELP_OPTION,
  root: { type: 'string' },
  'min-seq': { type: 'string' },
  'allow-stale': { type: 'boolean' },
  now: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** One key as `trust show --json` prints it. */
function keyJson(key: TrustedKeyInfo): Record<string, unknown> {
  return {
    kid: key.kid,
    alg: key.alg,
    ...(key.issuer !== undefined && { issuer: key.issuer }),
    ...(key.notBefore !== undefined && { notBefore: key.notBefore }),
    ...(key.expiresAt !== undefined && { expiresAt: key.expiresAt }),
    revoked: key.revoked,
  };
}

/** The `--json` document of a list that loaded. */
function listJson(trust: TrustList, stale: boolean, valid: boolean, ctx: Context): Record<string, unknown> {
  const { meta } = trust;
  const signed = meta.seq !== undefined;
  return {
    valid,
    ...(!valid && { code: 'STALE_TRUST_LIST', message: ctx.t.trust.staleMessage(formatTime(meta.expiresAt!)) }),
    signed,
    ...(signed && { rootKid: meta.rootKid, seq: meta.seq, issuedAt: meta.issuedAt, expiresAt: meta.expiresAt }),
    stale,
    keys: trust.keys.map(keyJson),
  };
}

/** The human view of a list that loaded. */
function describeList(trust: TrustList, stale: boolean, now: number, ctx: Context): string {
  const { t } = ctx;
  const tt = t.trust;
  const { meta } = trust;
  const rows: [string, string][] = [];
  if (meta.seq !== undefined) {
    rows.push([tt.signedBy, `${meta.rootKid} ${tt.pinnedRoot}`], [tt.seq, String(meta.seq)], [t.fields.issued, formatTime(meta.issuedAt!)]);
    const expiry = timeAndRelative(meta.expiresAt!, now, ctx);
    rows.push([t.fields.expires, stale ? `${expiry}  ${ctx.style.fail(tt.staleMark)}` : expiry]);
  } else {
    rows.push([tt.signedBy, tt.unsigned]);
  }
  rows.push([tt.keys, String(trust.keys.length)]);
  const table = formatTable(
    tt.columns,
    trust.keys.map((k) => [
      k.kid,
      k.alg,
      k.issuer ?? '-',
      k.notBefore === undefined ? '-' : formatTime(k.notBefore),
      k.expiresAt === undefined ? '-' : formatTime(k.expiresAt),
      k.revoked ? ctx.style.fail(tt.yes) : tt.no,
    ]),
  );
  const lines = [...formatFields(rows), '', ...table];
  if (stale) lines.push('', ctx.style.fail(tt.staleWarning));
  return lines.join('\n');
}

/** Runs `trust show` with the arguments after `show`. */
export async function trustShow(args: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(TRUST_COMMAND, args, OPTIONS, ctx);
  const path = singlePositional(TRUST_COMMAND, positionals, ctx);
  if (path === undefined) throw usageError(TRUST_COMMAND, ctx.t.missingPositional('FILE'));
  const wallClock = Math.floor(Date.now() / 1000);
  const now = values.now === undefined ? wallClock : timeOption(TRUST_COMMAND, '--now', values.now, wallClock, ctx);
  const minSeq = values['min-seq'] === undefined ? undefined : seqOption(TRUST_COMMAND, '--min-seq', values['min-seq'], ctx);
  if (minSeq !== undefined && values.root === undefined) throw usageError(TRUST_COMMAND, ctx.t.trust.minSeqNeedsRoot);
  const signed = values.root === undefined ? undefined : { rootPath: values.root, now, ...(minSeq !== undefined && { minSeq }) };

  let trust: TrustList;
  try {
    trust = await loadTrustList(path, ctx, signed);
  } catch (error) {
    // Not a list a checkpoint would load: that is this command's "not valid" (exit 1).
    if (!(error instanceof CliError) || error.code !== 'BAD_TRUST_LIST') throw error;
    if (values.json) ctx.out(JSON.stringify({ valid: false, code: error.code, message: error.message }));
    else ctx.out(`${ctx.style.fail(ctx.t.trust.notValid)}\n  ${error.message}`);
    return 1;
  }
  const stale = trust.meta.expiresAt !== undefined && now > trust.meta.expiresAt;
  const valid = !stale || values['allow-stale'] === true;
  ctx.out(values.json ? JSON.stringify(listJson(trust, stale, valid, ctx)) : describeList(trust, stale, now, ctx));
  return valid ? 0 : 1;
}
