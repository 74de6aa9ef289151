/**
 * `healthcode verify`: checks a code offline against a trust-list file and shows the
 * result for a person (a big coloured banner) or, with `--json`, as exactly one JSON
 * document. Exit 0 valid (any colour: admission is a separate question), 1 not valid,
 * 2 when the check could not be made (arguments, files, picture, trust list).
 */
import { verify as verifyCode, type VerifyResult } from '../../index.js';
import { HELP_OPTION, parseCommandArgs, required, secondsOption, singlePositional, timeOption, usageError } from '../args.js';
import type { Command, Context } from '../context.js';
import { CliError } from '../errors.js';
import { readCodeText } from '../input.js';
import { displayWidth, formatFields, padEnd, type Style } from '../style.js';
import { loadStatusList, readTokenFile } from '../status-file.js';
import { formatTime, splitDuration } from '../time.js';
import { timeAndRelative } from '../when.js';
import { loadTrustList } from '../trust-file.js';
import { seqOption } from './trust-sign.js';

const NAME = 'verify';

const OPTIONS = {
  ...HELP_OPTION,
  image: { type: 'string' },
  trust: { type: 'string' },
  root: { type: 'string' },
  'min-seq': { type: 'string' },
  'allow-stale': { type: 'boolean' },
  'status-list': { type: 'string', multiple: true },
  'require-status': { type: 'boolean' },
  now: { type: 'string' },
  tolerance: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** A framed block of lines, coloured as a whole when colour is on. */
function banner(lines: readonly string[], paint: (s: string) => string): string {
  const width = Math.max(...lines.map(displayWidth)) + 4;
  const rows = [`┏${'━'.repeat(width)}┓`, ...lines.map((l) => `┃  ${padEnd(l, width - 4)}  ┃`), `┗${'━'.repeat(width)}┛`];
  return rows.map(paint).join('\n');
}

/** The human rendering of a verify result. */
function formatResult(result: VerifyResult, now: number, ctx: Context, style: Style): string {
  const { t } = ctx;
  if (!result.valid) {
    const head = banner([t.invalidBanner(t.codeLabels[result.code], result.code)], style.fail);
    return `${head}\n  ${result.message}`;
  }
  const head = banner([t.validBanner(t.statusLabels[result.status])], (s) => style.status(result.status, s));
  const f = t.fields;
  const rows: [string, string][] = [[f.issuer, result.issuer]];
  if (result.status !== result.issuedStatus) rows.push([f.issuedStatus, t.statusLabels[result.issuedStatus]]);
  if (result.name !== undefined) rows.push([f.name, `${result.name}  ${style.dim(f.nameNote)}`]);
  if (result.idHint !== undefined) rows.push([f.idHint, result.idHint]);
  if (result.notBefore !== undefined) rows.push([f.notBefore, formatTime(result.notBefore)]);
  rows.push([f.issued, formatTime(result.issuedAt)]);
  rows.push([f.expires, timeAndRelative(result.expiresAt, now, ctx)]);
  rows.push([f.kid, result.kid]);
  if (result.statusSource === 'list') {
    const { days, hours, minutes } = splitDuration(result.statusListAge ?? 0);
    rows.push([f.status, t.statusList.fromList(t.duration(days, hours, minutes))]);
  } else if (result.statusSource === 'code') {
    rows.push([f.status, t.statusList.fromCode]);
  }
  if (result.holderBound && result.presentedAt !== undefined) rows.push([f.holderBound, t.holder.presentedAt(formatTime(result.presentedAt), now - result.presentedAt)]);
  const lines = [head, ...formatFields(rows)];
  if (result.trustListStale) lines.push(style.fail(t.staleTrustList));
  return lines.join('\n');
}

async function check(args: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(NAME, args, OPTIONS, ctx);
  const trustPath = required(NAME, values.trust, '--trust FILE', ctx);
  const wallClock = Math.floor(Date.now() / 1000);
  const now = values.now === undefined ? wallClock : timeOption(NAME, '--now', values.now, wallClock, ctx);
  const tolerance = values.tolerance === undefined ? undefined : secondsOption(NAME, '--tolerance', values.tolerance, ctx);
  const positional = singlePositional(NAME, positionals, ctx);
  const minSeq = values['min-seq'] === undefined ? undefined : seqOption(NAME, '--min-seq', values['min-seq'], ctx);
  if (minSeq !== undefined && values.root === undefined) throw usageError(NAME, ctx.t.trust.minSeqNeedsRoot);
  const signed = values.root === undefined ? undefined : { rootPath: values.root, now, ...(minSeq !== undefined && { minSeq }) };
  const trust = await loadTrustList(trustPath, ctx, signed);
  const statusLists = [];
  for (const path of values['status-list'] ?? []) statusLists.push(await loadStatusList(path, await readTokenFile(path, ctx), trust, now, ctx));
  const text = await readCodeText(NAME, positional, values.image, ctx);
  const result = await verifyCode(text, trust, {
    now,
    ...(tolerance !== undefined && { clockTolerance: tolerance }),
    ...(values['allow-stale'] === true && { allowStaleTrustList: true }),
    ...(statusLists.length > 0 && { statusLists }),
    ...(values['require-status'] === true && { requireStatus: true }),
  });
  ctx.out(values.json ? JSON.stringify(result) : formatResult(result, now, ctx, ctx.style));
  return result.valid ? 0 : 1;
}

async function run(args: string[], ctx: Context): Promise<number> {
  try {
    return await check(args, ctx);
  } catch (error) {
    // With --json, a check that could not be made is still one JSON document on stdout
    // (valid: false, the CLI code); the diagnostic goes to stderr as for every command.
    if (args.includes('--json')) {
      const [code, message] = error instanceof CliError ? [error.code, error.message] : ['INTERNAL', error instanceof Error ? error.message : String(error)];
      ctx.out(JSON.stringify({ valid: false, code, message }));
    }
    throw error;
  }
}

/** The `verify` command. */
export const verify: Command = {
  name: NAME,
  summary: {
    en: 'check a code offline against a trust list (text, stdin or picture)',
    zh: '依据信任列表离线核验健康码（码文、标准输入或图片）',
  },
  help: {
    en: `Usage: healthcode verify (TEXT | - | --image FILE) --trust FILE [--root FILE] [options]

Checks a code offline: signature against the trust list, issuer, validity times; for a
live code (HQ1P:) also the holder's signature and its time.

  TEXT               the code text (quote it: it may hold spaces and $ * % characters)
  -                  read the text from standard input
  --image FILE       scan the QR code in a PNG or JPEG picture
  --trust FILE       trust list: a JWK Set of issuer public keys, or a signed list
                     (trust sign) checked against --root (required)
  --root FILE        the pinned root public key (a JWK or a JWK Set): required for, and
                     only with, a signed list
  --min-seq N        refuse a signed list with a seq lower than N (the last one accepted)
  --allow-stale      go on with a signed list past its expiry; the result says so
  --status-list FILE an issuer's status list (status-list build), checked against the trust
                     list; repeat it for several issuers. A current list newer than the code
                     gives its colour, or REVOKED
  --require-status   a code no current list speaks for is STATUS_UNKNOWN, not valid
  --now TIME         check as of this time (ISO 8601 with zone, epoch seconds, +2h)
  --tolerance SECS   clock tolerance in seconds (default 300)
  --json             print the result as exactly one JSON document
  -h, --help         show this help

A red code that verifies is valid and red: deciding who may pass is up to the checkpoint.
Exit 0 valid (green, yellow or red), 1 not valid, 2 could not check
(bad arguments, missing file, unreadable picture, malformed trust or status list).`,
    zh: `用法：healthcode verify (TEXT | - | --image FILE) --trust FILE [--root FILE] [选项]

离线核验健康码：依据信任列表核验签名、签发机构和有效期；
动态码（HQ1P:）还核验持有人签名及其时间。

  TEXT               码文（请加引号：其中可能有空格和 $ * % 等字符）
  -                  从标准输入读取码文
  --image FILE       扫描 PNG 或 JPEG 图片中的二维码
  --trust FILE       信任列表：签发机构公钥的 JWK Set，或依据 --root 核验的
                     签名列表（trust sign 生成）（必需）
  --root FILE        固定的根公钥（JWK 或 JWK Set）：签名列表必需，且仅用于签名列表
  --min-seq N        拒绝序号小于 N 的签名列表（即上次接受的序号）
  --allow-stale      签名列表已过期时仍继续核验；结果中会注明
  --status-list FILE 签发方的状态列表（status-list build 生成），依据信任列表核验；
                     多个签发方可重复给出。比码更新的有效列表给出其颜色或 REVOKED
  --require-status   没有有效列表可确认的码报告 STATUS_UNKNOWN，而不是有效
  --now TIME         按此时间核验（带时区的 ISO 8601、Unix 秒数、+2h）
  --tolerance SECS   时钟容差秒数（默认 300）
  --json             以恰好一个 JSON 文档输出结果
  -h, --help         显示本帮助

核验通过的红码是"有效的红码"：是否放行由检查点决定。
退出码：0 有效（绿、黄、红码），1 无效，2 无法核验
（参数错误、文件不存在、图片无法识别、信任列表或状态列表无效）。`,
  },
  run,
};
