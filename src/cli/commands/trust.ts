/**
 * `healthcode trust sign | show`: the signed trust list (DESIGN.md "Trust list"). The root
 * signs a JWK Set of issuer keys with a seq and an expiry; checkpoints pin the root's public
 * key and load the list with `verify --trust LIST --root ROOT.pub.json`.
 */
import { usageError } from '../args.js';
import type { Command, Context } from '../context.js';
import { CliError } from '../errors.js';
import { trustShow } from './trust-show.js';
import { TRUST_COMMAND, trustSign } from './trust-sign.js';

async function run(args: string[], ctx: Context): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'sign') return trustSign(rest, ctx);
  if (sub === 'show') {
    try {
      return await trustShow(rest, ctx);
    } catch (error) {
      // As for verify: with --json, a list that could not be checked is still one document.
      if (rest.includes('--json')) {
        const [code, message] = error instanceof CliError ? [error.code, error.message] : ['INTERNAL', error instanceof Error ? error.message : String(error)];
        ctx.out(JSON.stringify({ valid: false, code, message }));
      }
      throw error;
    }
  }
  throw usageError(TRUST_COMMAND, sub === undefined ? ctx.t.trust.noSubcommand : ctx.t.trust.unknownSubcommand(sub));
}

/** The `trust` command. */
export const trust: Command = {
  name: TRUST_COMMAND,
  summary: {
    en: 'sign a trust list with the root key (trust sign), or check and show one (trust show)',
    zh: '用根密钥为信任列表签名（trust sign），或核验并显示信任列表（trust show）',
  },
  help: {
    en: `Usage: healthcode trust sign --root FILE --in FILE --seq N --expires TIME --out FILE
                             [--issued-at TIME] [--force]
       healthcode trust show FILE [--root FILE] [--min-seq N] [--allow-stale] [--now TIME] [--json]

trust sign: signs a JWK Set of issuer public keys with the root key, as a compact JWS
(EdDSA) carrying iat, exp and seq. Every key is checked as a checkpoint will check it.

  --root FILE        the root's private JWK (keygen --root; mode 0600, never printed)
  --in FILE          the JWK Set to sign (e.g. the trust.json keygen --trust writes)
  --seq N            sequence number, higher than every list signed before: checkpoints
                     never go back to a lower one
  --expires TIME     when checkpoints start calling the list stale (+30d: from signing)
  --issued-at TIME   signing time written as iat (default now)
  --out FILE         the signed list (mode 0644); an existing file is refused
  --force            replace an existing --out file

trust show: checks a trust list and shows its seq, times and keys.

  FILE               a signed list (needs --root) or a plain JWK Set
  --root FILE        the pinned root public key: a JWK or a JWK Set of several roots
  --min-seq N        refuse a signed list with a lower seq (the last one accepted)
  --allow-stale      a list past its expiry exits 0 (it is still marked stale)
  --now TIME         check as of this time
  --json             print exactly one JSON document
  -h, --help         show this help

Exit 0 signed / valid and current, 1 the list is not valid or is stale (trust show),
2 usage or input error (files, keys).`,
    zh: `用法：healthcode trust sign --root FILE --in FILE --seq N --expires TIME --out FILE
                             [--issued-at TIME] [--force]
      healthcode trust show FILE [--root FILE] [--min-seq N] [--allow-stale] [--now TIME] [--json]

trust sign：用根密钥为签发机构公钥的 JWK Set 签名，生成带 iat、exp 和 seq 的
紧凑 JWS（EdDSA）。每个密钥都按检查点的标准先行检查。

  --root FILE        根私钥 JWK（keygen --root 生成；权限 0600，从不输出）
  --in FILE          要签名的 JWK Set（如 keygen --trust 写出的 trust.json）
  --seq N            序号，须大于此前签发的所有列表：检查点不会退回更小的序号
  --expires TIME     检查点从此时起视列表为过期（+30d：从签名时间起算）
  --issued-at TIME   写入 iat 的签名时间（默认当前时间）
  --out FILE         签名后的列表（权限 0644）；文件已存在则拒绝
  --force            覆盖已存在的 --out 文件

trust show：核验信任列表并显示其序号、时间和密钥。

  FILE               签名列表（需 --root）或普通 JWK Set
  --root FILE        固定的根公钥：一个 JWK，或含多个根的 JWK Set
  --min-seq N        拒绝序号更小的签名列表（即上次接受的序号）
  --allow-stale      已过期的列表也以 0 退出（仍标为过期）
  --now TIME         按此时间核验
  --json             以恰好一个 JSON 文档输出
  -h, --help         显示本帮助

退出码：0 已签名 / 有效且未过期，1 列表无效或已过期（trust show），
2 用法或输入错误（文件、密钥）。`,
  },
  run,
};
