/**
 * `healthcode status-list show`: checks a Status List Token as a checkpoint loads it (against
 * a trust list) and shows what it says: issuer, size, times and whether it is current, how
 * many entries hold each value, and the entries asked for with `--index`. The list is the
 * thing checked here, so a list that does not load, or is no longer current, exits 1.
 */
import type { StatusList } from '../../index.js';
import { HELP_OPTION, integerOption, parseCommandArgs, required, singlePositional, timeOption, usageError } from '../args.js';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { countValues, loadStatusList, readTokenFile, VALUE_NAMES } from '../status-file.js';
import { groupDigits } from '../batch/progress.js';
import { formatFields } from '../style.js';
import { formatTime } from '../time.js';
import { loadTrustList } from '../trust-file.js';
import { timeAndRelative } from '../when.js';
import { seqOption } from './trust-sign.js';
import { STATUS_LIST_COMMAND } from './status-list-sign.js';

/** Default clock tolerance, as for `verify` (DESIGN.md: 300 s). */
const TOLERANCE = 300;

const OPTIONS = {
  ...HELP_OPTION,
  trust: { type: 'string' },
  root: { type: 'string' },
  'min-seq': { type: 'string' },
  index: { type: 'string', multiple: true },
  now: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function describeList(list: StatusList, current: boolean, entries: readonly [number, number][], now: number, ctx: Context): string {
  const t = ctx.t.statusList;
  const meta = list.meta!;
  const until = timeAndRelative(meta.currentUntil, now, ctx);
  const rows: [string, string][] = [
    [ctx.t.fields.issuer, meta.issuer],
    [t.subject, meta.subject],
    [ctx.t.fields.kid, meta.kid],
    [t.size, groupDigits(list.size)],
    [t.counts, t.countLine(countValues(list))],
    [ctx.t.fields.issued, formatTime(meta.issuedAt)],
    [ctx.t.fields.expires, formatTime(meta.expiresAt)],
  ];
  if (meta.ttl !== undefined) rows.push([t.ttl, `${meta.ttl} s`]);
  rows.push([t.currentUntil, current ? until : `${until}  ${ctx.style.fail(t.notCurrentMark)}`]);
  for (const [index, value] of entries) rows.push([t.entry(index), VALUE_NAMES[value]!]);
  const lines = formatFields(rows);
  if (!current) lines.push('', ctx.style.fail(t.notCurrentWarning));
  return lines.join('\n');
}

/** Runs `status-list show FILE`. */
export async function statusListShow(args: string[], ctx: Context): Promise<number> {
  const C = STATUS_LIST_COMMAND;
  const { values, positionals } = parseCommandArgs(C, args, OPTIONS, ctx);
  const path = singlePositional(C, positionals, ctx);
  if (path === undefined) throw usageError(C, ctx.t.missingPositional('FILE'));
  const trustPath = required(C, values.trust, '--trust FILE', ctx);
  const wallClock = Math.floor(Date.now() / 1000);
  const now = values.now === undefined ? wallClock : timeOption(C, '--now', values.now, wallClock, ctx);
  const indices = (values.index ?? []).map((i) => integerOption(C, '--index', i, 0, 99_999_999, ctx));
  const minSeq = values['min-seq'] === undefined ? undefined : seqOption(C, '--min-seq', values['min-seq'], ctx);
  const signed = values.root === undefined ? undefined : { rootPath: values.root, now, ...(minSeq !== undefined && { minSeq }) };
  const trust = await loadTrustList(trustPath, ctx, signed);
  const bytes = await readTokenFile(path, ctx);

  let list: StatusList;
  try {
    list = await loadStatusList(path, bytes, trust, now, ctx);
  } catch (error) {
    if (!(error instanceof CliError) || error.code !== 'BAD_STATUS_LIST') throw error;
    const code = (error.cause as { code?: string } | undefined)?.code ?? error.code;
    if (values.json) ctx.out(JSON.stringify({ valid: false, code, message: error.message }));
    else ctx.out(`${ctx.style.fail(ctx.t.statusList.notValid)}\n  ${error.message}`);
    return 1;
  }
  for (const index of indices) if (index >= list.size) throw usageError(C, ctx.t.statusList.indexPastEnd(index, list.size));
  const entries = indices.map((i) => [i, list.get(i)] as [number, number]);
  const meta = list.meta!;
  // Current as `verify` decides it (docs/status.md, rule 15): up to min(exp, iat + ttl), with the clock tolerance.
  const current = now - TOLERANCE <= meta.currentUntil;
  if (values.json) {
    ctx.out(
      JSON.stringify({
        valid: current,
        ...(!current && { code: 'STALE_STATUS_LIST', message: ctx.t.statusList.notCurrent(formatTime(meta.currentUntil)) }),
        ...meta,
        size: list.size,
        current,
        counts: countValues(list),
        ...(entries.length > 0 && { entries: Object.fromEntries(entries.map(([i, v]) => [String(i), VALUE_NAMES[v]])) }),
      }),
    );
  } else {
    ctx.out(describeList(list, current, entries, now, ctx));
  }
  return current ? 0 : 1;
}
