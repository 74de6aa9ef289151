/**
 * `healthcode issue`: signs one code with an issuer's private JWK and prints its text on
 * stdout (only the text, so `$(healthcode issue …)` captures it); pictures go to files or,
 * for `--terminal`, to stderr.
 */
import { issue as issueCode } from '../../index.js';
import { HELP_OPTION, parseCommandArgs, required, statusOption, timeOption, usageError } from '../args.js';
import type { Command, Context } from '../context.js';
import { CliError } from '../errors.js';
import { readHolderPublicKey } from '../holder-file.js';
import { issueBatch } from './issue-batch.js';
import { readPrivateKeyFile } from '../key-file.js';
import { QR_OUTPUT_OPTIONS, qrOutputOf, writeQrOutput } from '../qr-output.js';

const NAME = 'issue';

const OPTIONS = {
  ...HELP_OPTION,
  ...QR_OUTPUT_OPTIONS,
  key: { type: 'string' },
  status: { type: 'string' },
  expires: { type: 'string' },
  'issued-at': { type: 'string' },
  'not-before': { type: 'string' },
  name: { type: 'string' },
  'id-hint': { type: 'string' },
  'holder-key': { type: 'string' },
  batch: { type: 'string' },
  strict: { type: 'boolean' },
  workers: { type: 'string' },
} as const;

async function run(args: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(NAME, args, OPTIONS, ctx, false);
  if (positionals.length > 0) throw usageError(NAME, ctx.t.extraPositional(positionals[0]!));
  if (values.batch !== undefined) return issueBatch(NAME, values, ctx);
  const batchOnly = (['strict', 'workers'] as const).find((o) => values[o] !== undefined);
  if (batchOnly) throw usageError(NAME, ctx.t.batch.onlyWithBatch(`--${batchOnly}`));
  const keyPath = required(NAME, values.key, '--key FILE', ctx);
  const status = statusOption(NAME, required(NAME, values.status, '--status green|yellow|red', ctx), ctx);
  const expires = required(NAME, values.expires, '--expires TIME', ctx);
  const picture = qrOutputOf(NAME, values, ctx, false);

  const now = Math.floor(Date.now() / 1000);
  const issuedAt = values['issued-at'] === undefined ? now : timeOption(NAME, '--issued-at', values['issued-at'], now, ctx);
  // Offsets in --expires and --not-before count from the issue time: "+24h" is a day of validity.
  const expiresAt = timeOption(NAME, '--expires', expires, issuedAt, ctx);
  const notBefore = values['not-before'] === undefined ? undefined : timeOption(NAME, '--not-before', values['not-before'], issuedAt, ctx);

  const privateJwk = await readPrivateKeyFile(keyPath, ctx);
  const holderKey = values['holder-key'] === undefined ? undefined : await readHolderPublicKey(values['holder-key'], ctx);
  let text: string;
  try {
    text = await issueCode(
      {
        status,
        issuedAt,
        expiresAt,
        ...(notBefore !== undefined && { notBefore }),
        ...(values.name !== undefined && { name: values.name }),
        ...(values['id-hint'] !== undefined && { idHint: values['id-hint'] }),
        ...(holderKey !== undefined && { holderKey }),
      },
      privateJwk,
    );
  } catch (error) {
    // The library reports misuse (times out of order, a key that does not match its kid)
    // as TypeError/RangeError naming the field; none of its messages carry key material.
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    throw new CliError('BAD_INPUT', ctx.t.cannotIssue(error.message), { cause: error });
  }
  ctx.out(text);
  if (picture) await writeQrOutput(picture, text, ctx, { terminal: ctx.err, notify: ctx.err });
  return 0;
}

/** The `issue` command. */
export const issue: Command = {
  name: NAME,
  summary: {
    en: 'sign a code and print its text (also as PNG, SVG or terminal QR), or a batch (--batch)',
    zh: '签发健康码并输出码文（可另存为 PNG、SVG 或在终端显示二维码），或批量签发（--batch）',
  },
  help: {
    en: `Usage: healthcode issue --key FILE --status green|yellow|red --expires TIME [options]
       healthcode issue --key FILE --batch FILE|- [--strict] [--workers N]
                        [--status COLOUR] [--expires TIME] [--issued-at TIME] > codes.ndjson

Signs one code and prints its text (HQ1:…) on stdout; or, with --batch, one code per
NDJSON record, in input order, one output line each.

  --key FILE            issuer private JWK (must not be readable by group or others)
  --status COLOUR       green, yellow or red
  --expires TIME        expiry: ISO 8601 with zone, epoch seconds, or +30m / +24h / +7d
                        (offsets count from the issue time)
  --issued-at TIME      issue time (default now; offsets count from now)
  --not-before TIME     not valid before this time (offsets count from the issue time)
  --name TEXT           display name, ALREADY MASKED (e.g. 张*): it is printed as given
  --id-hint TEXT        id hint, e.g. the last 4 characters of an id number
  --holder-key FILE     bind the code to this holder public JWK (holder-keygen): a dynamic
                        code, accepted only as a live code the holder signs (present)
  --png FILE            also write the QR code as PNG
  --svg FILE            also write the QR code as SVG
  --terminal            also draw the QR code on stderr
  --scale N, --margin N, --error-correction L|M|Q|H   picture options (default 8, 4, M)
  -h, --help            show this help

Batch (records: {"id":…, "status":"green", "expiresAt":"+24h", "name":"张*", "idHint":"1234",
"issuedAt", "notBefore", "subjectRef", "statusIndex", "holderKey"}; see docs/cli.md):
  --batch FILE|-        read records from FILE or stdin; write {"line":N,"id":…,"code":"HQ1:…"}
                        or {"line":N,"id":…,"error":{"code":…,"message":…}} lines to stdout
  --strict              stop at the first bad line (exit 2); default: report it and go on
  --workers N           signing threads, this one included (default: one per core)
  --status, --expires, --issued-at   defaults for records that do not give them
                        (one issue time for the whole batch by default)

TIME examples: 2026-12-31, 2026-12-31T23:59:59+08:00, 1798675199, +24h.
Exit 0 on success, 1 some batch lines were refused, 2 on any other error.`,
    zh: `用法：healthcode issue --key FILE --status green|yellow|red --expires TIME [选项]
      healthcode issue --key FILE --batch FILE|- [--strict] [--workers N]
                       [--status COLOUR] [--expires TIME] [--issued-at TIME] > codes.ndjson

签发一个健康码，并在标准输出打印码文（HQ1:…）；加 --batch 则为每条 NDJSON 记录
签发一个健康码，按输入顺序每条输出一行。

  --key FILE            签发私钥 JWK（不得允许同组或其他用户读取）
  --status COLOUR       green（绿）、yellow（黄）或 red（红）
  --expires TIME        到期时间：带时区的 ISO 8601、Unix 秒数，或 +30m / +24h / +7d
                        （相对时间从签发时间起算）
  --issued-at TIME      签发时间（默认当前时间；相对时间从当前时间起算）
  --not-before TIME     生效时间（相对时间从签发时间起算）
  --name TEXT           显示姓名，须已脱敏（如 张*）：原样写入
  --id-hint TEXT        证件提示，如证件号后 4 位
  --holder-key FILE     把码绑定到此持有人公钥 JWK（holder-keygen 生成）：成为动态码，
                        只接受持有人签名的动态出示（present）
  --png FILE            同时把二维码写成 PNG
  --svg FILE            同时把二维码写成 SVG
  --terminal            同时在标准错误输出上显示二维码
  --scale N, --margin N, --error-correction L|M|Q|H   图片选项（默认 8、4、M）
  -h, --help            显示本帮助

批量签发（记录：{"id":…, "status":"green", "expiresAt":"+24h", "name":"张*", "idHint":"1234",
"issuedAt", "notBefore", "subjectRef", "statusIndex", "holderKey"}；详见 docs/cli.md）：
  --batch FILE|-        从 FILE 或标准输入读取记录；向标准输出写 {"line":N,"id":…,"code":"HQ1:…"}
                        或 {"line":N,"id":…,"error":{"code":…,"message":…}} 行
  --strict              遇到第一行错误即停止（退出码 2）；默认报告后继续
  --workers N           签名线程数，含主线程（默认每个 CPU 核一个）
  --status、--expires、--issued-at   记录未给出时的默认值
                        （默认整批使用同一个签发时间）

时间示例：2026-12-31、2026-12-31T23:59:59+08:00、1798675199、+24h。
成功退出码 0，批量中有行被拒绝退出码 1，其他错误退出码 2。`,
  },
  run,
};
