/**
 * `healthcode render`: draws a code's text as a QR picture (PNG or SVG file, or the
 * terminal on stdout). The text is not checked: any text that fits a QR code is drawn.
 */
import { HELP_OPTION, parseCommandArgs, singlePositional } from '../args.js';
import type { Command, Context } from '../context.js';
import { readCodeText } from '../input.js';
import { QR_OUTPUT_OPTIONS, qrOutputOf, writeQrOutput } from '../qr-output.js';

const NAME = 'render';

const OPTIONS = { ...HELP_OPTION, ...QR_OUTPUT_OPTIONS } as const;

async function run(args: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(NAME, args, OPTIONS, ctx);
  const picture = qrOutputOf(NAME, values, ctx, true)!;
  const text = await readCodeText(NAME, singlePositional(NAME, positionals, ctx), undefined, ctx);
  await writeQrOutput(picture, text, ctx, { terminal: ctx.out, notify: ctx.out });
  return 0;
}

/** The `render` command. */
export const render: Command = {
  name: NAME,
  summary: { en: 'draw a code as a QR picture (PNG, SVG or terminal)', zh: '把码文画成二维码（PNG、SVG 或终端）' },
  help: {
    en: `Usage: healthcode render (TEXT | -) (--png FILE | --svg FILE | --terminal) [options]

Draws the text as a QR code (alphanumeric mode, error correction M by default).

  TEXT                  the code text; - reads it from standard input
  --png FILE            write a PNG picture
  --svg FILE            write an SVG picture
  --terminal            draw it on stdout with block characters
  --scale N             pixels per module, 1-32 (default 8)
  --margin N            quiet zone in modules, 0-32 (default 4)
  --error-correction L|M|Q|H   (default M)
  -h, --help            show this help

Exit 0 on success, 2 on any error.`,
    zh: `用法：healthcode render (TEXT | -) (--png FILE | --svg FILE | --terminal) [选项]

把码文画成二维码（字母数字模式，默认纠错等级 M）。

  TEXT                  码文；- 表示从标准输入读取
  --png FILE            写成 PNG 图片
  --svg FILE            写成 SVG 图片
  --terminal            用方块字符画在标准输出上
  --scale N             每个模块的像素数，1-32（默认 8）
  --margin N            静区宽度（模块数），0-32（默认 4）
  --error-correction L|M|Q|H   （默认 M）
  -h, --help            显示本帮助

成功退出码 0，任何错误退出码 2。`,
  },
  run,
};
