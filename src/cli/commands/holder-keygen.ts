/**
 * `healthcode holder-keygen`: a holder key for dynamic codes (DESIGN.md "Dynamic codes"). The
 * private JWK stays with the holder (mode 0600, never printed) and signs the `HQ1P:`
 * presentations; the public JWK beside it goes to the issuer (`issue --holder-key`).
 */
import { generateHolderKey, kidOf } from '../../index.js';
import { HELP_OPTION, parseCommandArgs, required, usageError } from '../args.js';
import type { Command, Context } from '../context.js';
import { refuseExisting, writeFileSecure } from '../files.js';
import { formatFields } from '../style.js';
import { publicPathFor } from './keygen.js';

const NAME = 'holder-keygen';

const OPTIONS = { ...HELP_OPTION, out: { type: 'string' }, public: { type: 'string' }, force: { type: 'boolean' } } as const;

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

async function run(args: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(NAME, args, OPTIONS, ctx, false);
  if (positionals.length > 0) throw usageError(NAME, ctx.t.extraPositional(positionals[0]!));
  const out = required(NAME, values.out, '--out FILE', ctx);
  const publicPath = values.public ?? publicPathFor(out);
  const force = values.force === true;
  if (!force) {
    await refuseExisting(out, ctx);
    await refuseExisting(publicPath, ctx);
  }
  const { publicJwk, privateJwk } = await generateHolderKey();
  if (!privateJwk) throw new Error('unreachable: a holder key without nonExtractable is a JWK');
  await writeFileSecure(out, json(privateJwk), { mode: 0o600, replace: force }, ctx);
  await writeFileSecure(publicPath, json(publicJwk), { mode: 0o644, replace: force }, ctx);
  const t = ctx.t.keygen;
  ctx.out(
    formatFields([
      [t.kid, await kidOf(publicJwk.x)],
      [t.privateKey, `${out} ${ctx.t.holder.privateNote}`],
      [t.publicKey, `${publicPath} ${ctx.t.holder.publicNote(publicPath)}`],
    ]).join('\n'),
  );
  return 0;
}

/** The `holder-keygen` command. */
export const holderKeygen: Command = {
  name: NAME,
  summary: {
    en: 'make a holder key for dynamic codes (private JWK 0600, public JWK for the issuer)',
    zh: '生成动态码的持有人密钥（私钥 0600，公钥交给签发方）',
  },
  help: {
    en: `Usage: healthcode holder-keygen --out FILE [--public FILE] [--force]

Makes a new Ed25519 holder key for dynamic codes. The holder keeps the private key and
signs live codes with it (healthcode present); the issuer binds codes to the public key
(healthcode issue --holder-key PUBFILE).

  --out FILE       private JWK, created with mode 0600 (required); never printed
  --public FILE    public JWK (default: FILE with .key.json or .json -> .pub.json)
  --force          replace existing key files instead of refusing
  -h, --help       show this help

Prints the key's id and the files written. Exit 0 on success, 2 on any error.`,
    zh: `用法：healthcode holder-keygen --out FILE [--public FILE] [--force]

生成动态码的 Ed25519 持有人密钥。持有人保管私钥并用它为动态码签名
（healthcode present）；签发方把健康码绑定到公钥（healthcode issue --holder-key PUBFILE）。

  --out FILE       私钥 JWK 文件，以权限 0600 创建（必需）；从不输出私钥
  --public FILE    公钥 JWK 文件（默认：把 FILE 的 .key.json 或 .json 换成 .pub.json）
  --force          覆盖已存在的密钥文件，而不是拒绝
  -h, --help       显示本帮助

输出密钥标识和写入的文件。成功退出码 0，任何错误退出码 2。`,
  },
  run,
};
