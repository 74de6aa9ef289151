/**
 * `healthcode present`: the holder's side of a dynamic code. Wraps a holder-bound credential
 * in an `HQ1P:` presentation signed with the holder key at the current time, which a
 * checkpoint accepts for about a minute; `--watch N` keeps a fresh one on the terminal.
 */
import { present as presentCode } from '../../index.js';
import { HELP_OPTION, integerOption, parseCommandArgs, required, timeOption, usageError } from '../args.js';
import type { Command, Context } from '../context.js';
import { checkCredentialHolder } from '../credential.js';
import { CliError, errnoOf } from '../errors.js';
import { readStdin } from '../input.js';
import { readPrivateKeyFile } from '../key-file.js';
import { QR_OUTPUT_OPTIONS, qrOutputOf, writeQrOutput } from '../qr-output.js';
import { watchPresentations } from '../watch.js';

const NAME = 'present';

/** Longest `--watch` interval: a checkpoint accepts a presentation for ±60 s by default. */
const MAX_WATCH_SECONDS = 60;
/** A credential is at most 4096 characters (the verifier's limit); stdin is read up to this. */
const MAX_CREDENTIAL_BYTES = 16 * 1024;

const OPTIONS = {
  ...HELP_OPTION,
  ...QR_OUTPUT_OPTIONS,
  credential: { type: 'string' },
  'holder-key': { type: 'string' },
  now: { type: 'string' },
  watch: { type: 'string' },
} as const;

async function credentialText(value: string, ctx: Context): Promise<string> {
  if (value !== '-') return value;
  let text: string;
  try {
    text = (await readStdin(ctx.io.stdin, MAX_CREDENTIAL_BYTES)).replace(/\r?\n$/, '');
  } catch (error) {
    throw new CliError('UNREADABLE_FILE', ctx.t.cannotRead('stdin', errnoOf(error) ?? String(error)), { cause: error });
  }
  if (text.length === 0) throw new CliError('NO_INPUT', ctx.t.noStdin);
  return text;
}

async function run(args: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(NAME, args, OPTIONS, ctx, false);
  if (positionals.length > 0) throw usageError(NAME, ctx.t.extraPositional(positionals[0]!));
  const credentialArg = required(NAME, values.credential, '--credential TEXT|-', ctx);
  const keyPath = required(NAME, values['holder-key'], '--holder-key FILE', ctx);
  const watch = values.watch === undefined ? undefined : integerOption(NAME, '--watch', values.watch, 1, MAX_WATCH_SECONDS, ctx);
  if (watch !== undefined) {
    // The live code is drawn over itself, on the terminal, with the clock's time.
    const clash = (['png', 'svg', 'terminal', 'now'] as const).find((o) => values[o] !== undefined);
    if (clash) throw usageError(NAME, ctx.t.holder.watchAlone(`--${clash}`));
    if (!ctx.io.isTTY || !ctx.io.onInterrupt) throw new CliError('NOT_A_TERMINAL', ctx.t.holder.watchNeedsTerminal);
  }
  const picture = watch === undefined ? qrOutputOf(NAME, values, ctx, false) : undefined;
  const wallClock = Math.floor(Date.now() / 1000);
  const now = values.now === undefined ? wallClock : timeOption(NAME, '--now', values.now, wallClock, ctx);

  const holderJwk = await readPrivateKeyFile(keyPath, ctx);
  const credential = await credentialText(credentialArg, ctx);
  if (typeof holderJwk.x !== 'string') throw new CliError('BAD_KEY_FILE', ctx.t.keyFileMalformed(keyPath));
  checkCredentialHolder(credential, holderJwk.x, ctx);
  const sign = async (at: number): Promise<string> => {
    try {
      return await presentCode(credential, holderJwk, { now: at });
    } catch (error) {
      if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
      throw new CliError('BAD_INPUT', ctx.t.holder.cannotPresent(error.message), { cause: error });
    }
  };
  if (watch !== undefined) {
    const render = qrOutputOf(NAME, { ...values, terminal: true }, ctx, true)!.options;
    return watchPresentations(sign, watch, render, ctx);
  }
  const text = await sign(now);
  ctx.out(text);
  if (picture) await writeQrOutput(picture, text, ctx, { terminal: ctx.err, notify: ctx.err });
  return 0;
}

/** The `present` command. */
export const present: Command = {
  name: NAME,
  summary: {
    en: 'show a holder-bound code as a live code (HQ1P:), once or refreshed on the terminal',
    zh: '把绑定持有人的健康码出示为动态码（HQ1P:），单次或在终端持续刷新',
  },
  help: {
    en: `Usage: healthcode present --credential TEXT|- --holder-key FILE [--now TIME]
                          [--png FILE | --svg FILE | --terminal] [picture options]
       healthcode present --credential TEXT|- --holder-key FILE --watch SECONDS

Wraps a holder-bound credential (issue --holder-key) in a live code, HQ1P:, signed with
the holder's key at the current time, and prints it on stdout. A checkpoint accepts it
for about a minute (60 s by default), so a screenshot soon stops working.

  --credential TEXT   the HQ1: credential; - reads it from standard input
  --holder-key FILE   the holder's private JWK (holder-keygen; mode 0600, never printed)
  --now TIME          the holder's clock (default now)
  --png FILE, --svg FILE, --terminal   also draw the QR code (--terminal: on stderr)
  --scale N, --margin N, --error-correction L|M|Q|H   picture options
  --watch SECONDS     keep a live code on the terminal: re-sign and redraw every SECONDS
                      (1-60) with a countdown, until Ctrl-C (exit 0). Needs a terminal
  -h, --help          show this help

Exit 0 on success, 2 on any error (a credential not bound to this holder key, a missing
file, --watch without a terminal).`,
    zh: `用法：healthcode present --credential TEXT|- --holder-key FILE [--now TIME]
                          [--png FILE | --svg FILE | --terminal] [图片选项]
      healthcode present --credential TEXT|- --holder-key FILE --watch SECONDS

把绑定持有人的健康码（issue --holder-key 签发）包装成动态码 HQ1P:，用持有人密钥按
当前时间签名，并输出到标准输出。检查点约一分钟内接受（默认 60 秒），截图很快失效。

  --credential TEXT   HQ1: 健康码；- 表示从标准输入读取
  --holder-key FILE   持有人私钥 JWK（holder-keygen 生成；权限 0600，从不输出）
  --now TIME          持有人的时钟（默认当前时间）
  --png FILE, --svg FILE, --terminal   同时画出二维码（--terminal 画在标准错误上）
  --scale N, --margin N, --error-correction L|M|Q|H   图片选项
  --watch SECONDS     在终端持续显示动态码：每 SECONDS 秒（1-60）重新签名并重画，
                      带倒计时，按 Ctrl-C 结束（退出码 0）。需要终端
  -h, --help          显示本帮助

成功退出码 0，任何错误退出码 2（健康码未绑定此持有人密钥、文件不存在、
--watch 时标准输出不是终端）。`,
  },
  run,
};
