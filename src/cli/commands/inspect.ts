/**
 * `healthcode inspect`: decodes a code WITHOUT verifying it, for support and debugging.
 * Every output says so: a banner on stdout, or with `--json` a note on stderr and
 * `"verified": false` in the document.
 */
import { inspect as inspectCode, isHealthCodeError, type InspectResult } from '../../index.js';
import { HELP_OPTION, parseCommandArgs, singlePositional } from '../args.js';
import type { Command, Context } from '../context.js';
import { readCodeText } from '../input.js';
import { formatFields } from '../style.js';
import { formatTime } from '../time.js';

const NAME = 'inspect';

const OPTIONS = { ...HELP_OPTION, image: { type: 'string' }, json: { type: 'boolean' } } as const;

function describe(result: InspectResult, ctx: Context): string[] {
  const { t } = ctx;
  const rows: [string, string][] = [
    ['prefix', result.prefix],
    ['alg', String(result.alg)],
    ['kid', result.kid ?? '-'],
  ];
  const c = result.claims;
  if (c) {
    rows.push([t.fields.status, t.statusLabels[c.status]], [t.fields.issuer, c.issuer]);
    if (c.name !== undefined) rows.push([t.fields.name, c.name]);
    if (c.idHint !== undefined) rows.push([t.fields.idHint, c.idHint]);
    if (c.notBefore !== undefined) rows.push([t.fields.notBefore, formatTime(c.notBefore)]);
    rows.push([t.fields.issued, formatTime(c.issuedAt)], [t.fields.expires, formatTime(c.expiresAt)]);
    if (c.subjectRef !== undefined) rows.push([t.fields.subjectRef, c.subjectRef]);
    if (c.statusIndex !== undefined) rows.push([t.fields.statusIndex, String(c.statusIndex)]);
    rows.push([t.fields.holderBound, String(c.holderBound)]);
  }
  rows.push(['payload', result.payloadHex], ['cose', result.coseHex]);
  const lines = formatFields(rows);
  if (result.claimsError) lines.push(t.claimsUnreadable(t.codeLabels[result.claimsError.code], result.claimsError.code), `  ${result.claimsError.message}`);
  return lines;
}

async function run(args: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(NAME, args, OPTIONS, ctx);
  const text = await readCodeText(NAME, singlePositional(NAME, positionals, ctx), values.image, ctx);
  const banner = ctx.style.fail(ctx.t.untrustedBanner);
  if (values.json) ctx.err(ctx.t.untrustedJsonNote);
  else ctx.out(banner);
  let result: InspectResult;
  try {
    result = inspectCode(text);
  } catch (error) {
    if (!isHealthCodeError(error)) throw error;
    if (values.json) ctx.out(JSON.stringify({ verified: false, code: error.code, message: error.message }));
    else ctx.out(`${ctx.t.cannotDecode(ctx.t.codeLabels[error.code], error.code)}\n  ${error.message}`);
    return 1;
  }
  ctx.out(values.json ? JSON.stringify(result) : describe(result, ctx).join('\n'));
  return result.claimsError ? 1 : 0;
}

/** The `inspect` command. */
export const inspect: Command = {
  name: NAME,
  summary: { en: 'decode a code WITHOUT verifying it (untrusted, for debugging)', zh: '仅解码不核验（未经验证，供排查问题用）' },
  help: {
    en: `Usage: healthcode inspect (TEXT | - | --image FILE) [--json]

Decodes a code WITHOUT verifying it: nothing shown is checked against a key, a clock or
a trust list. For debugging and support only; never admit anyone on it.

  TEXT           the code text; - reads it from standard input
  --image FILE   scan the QR code in a PNG or JPEG picture
  --json         print the decoded fields as one JSON document ("verified": false)
  -h, --help     show this help

Exit 0 decoded, 1 the code cannot be decoded or its claims are malformed, 2 usage or
input error.`,
    zh: `用法：healthcode inspect (TEXT | - | --image FILE) [--json]

仅解码、不核验：显示的内容均未经密钥、时间或信任列表核验。
仅供排查问题使用；切勿据此放行。

  TEXT           码文；- 表示从标准输入读取
  --image FILE   扫描 PNG 或 JPEG 图片中的二维码
  --json         以一个 JSON 文档输出解码结果（"verified": false）
  -h, --help     显示本帮助

退出码：0 已解码，1 无法解码或内容格式错误，2 用法或输入错误。`,
  },
  run,
};
