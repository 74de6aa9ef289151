/**
 * `healthcode scan`: reads the QR code in a picture and prints its text, unchecked (pipe
 * it to `healthcode verify -` to check it).
 */
import { HELP_OPTION, parseCommandArgs, singlePositional, usageError } from '../args.js';
import type { Command, Context } from '../context.js';
import { scanImageFile } from '../input.js';

const NAME = 'scan';

async function run(args: string[], ctx: Context): Promise<number> {
  const { positionals } = parseCommandArgs(NAME, args, HELP_OPTION, ctx);
  const path = singlePositional(NAME, positionals, ctx);
  if (path === undefined) throw usageError(NAME, ctx.t.missingPositional('FILE'));
  ctx.out(await scanImageFile(path, ctx));
  return 0;
}

/** The `scan` command. */
export const scan: Command = {
  name: NAME,
  summary: { en: 'print the text of the QR code in a PNG or JPEG picture', zh: '输出 PNG 或 JPEG 图片中二维码的内容' },
  help: {
    en: `Usage: healthcode scan FILE

Finds the QR code in a PNG or JPEG picture (a screenshot or a photo) and prints its
text on stdout. Nothing is verified: use "healthcode verify --image FILE" for that.

  -h, --help   show this help

Exit 0 on success, 2 when the file is missing, unreadable or holds no QR code.`,
    zh: `用法：healthcode scan FILE

在 PNG 或 JPEG 图片（截图或照片）中寻找二维码，并在标准输出打印其内容。
不做任何核验：核验请用 "healthcode verify --image FILE"。

  -h, --help   显示本帮助

成功退出码 0；文件不存在、无法读取或图片中没有二维码时退出码 2。`,
  },
  run,
};
