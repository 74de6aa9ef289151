/**
 * `healthcode status-list build | set | show`: status lists (DESIGN.md "Status list",
 * docs/status.md). An issuer builds a list for its codes' status indices and re-signs it
 * when colours change or codes are revoked; checkpoints load it with
 * `verify --status-list FILE`.
 */
import { usageError } from '../args.js';
import type { Command, Context } from '../context.js';
import { CliError } from '../errors.js';
import { STATUS_LIST_COMMAND, statusListBuild, statusListSet } from './status-list-sign.js';
import { statusListShow } from './status-list-show.js';

async function run(args: string[], ctx: Context): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'build') return statusListBuild(rest, ctx);
  if (sub === 'set') return statusListSet(rest, ctx);
  if (sub === 'show') {
    try {
      return await statusListShow(rest, ctx);
    } catch (error) {
      // As for verify: with --json, a list that could not be checked is still one document.
      if (rest.includes('--json')) {
        const [code, message] = error instanceof CliError ? [error.code, error.message] : ['INTERNAL', error instanceof Error ? error.message : String(error)];
        ctx.out(JSON.stringify({ valid: false, code, message }));
      }
      throw error;
    }
  }
  throw usageError(STATUS_LIST_COMMAND, sub === undefined ? ctx.t.statusList.noSubcommand : ctx.t.statusList.unknownSubcommand(sub));
}

/** The `status-list` command. */
export const statusList: Command = {
  name: STATUS_LIST_COMMAND,
  summary: {
    en: 'build, change and re-sign an issuer status list, or check and show one',
    zh: '生成、修改并重新签名签发方的状态列表，或核验并显示状态列表',
  },
  help: {
    en: `Usage: healthcode status-list build --key FILE --size N --expires TIME --out FILE
                         [--issued-at TIME] [--ttl SECONDS] [--subject URI]
                         [--changes FILE] [INDEX=VALUE ...] [--force]
       healthcode status-list set FILE --key FILE [INDEX=VALUE ...] [--changes FILE]
                         [--issued-at TIME] [--expires TIME] [--ttl SECONDS] [--out FILE]
       healthcode status-list show FILE --trust FILE [--root FILE] [--index N ...]
                         [--now TIME] [--json]

A status list gives each code (by its status index, issue --batch "statusIndex") its
current colour, or revokes it: VALUE is green, yellow, red or revoked (or 0-3).

build: a new list of N entries, all green, then INDEX=VALUE changes; signed with the
issuer's key as a Status List Token (binary CBOR, mode 0644).
  --key FILE          issuer private JWK (mode 0600, never printed)
  --size N            entries (1-100000000); choose it independently of the population
  --expires TIME      after it no checkpoint uses the list (+36h: from --issued-at)
  --issued-at TIME    the time of the snapshot the list shows (default now)
  --ttl SECONDS       checkpoints stop using it at issued-at + ttl when that is earlier
  --subject URI       where the list is published (default urn:healthcode:status-list:ISSUER)
  --changes FILE      INDEX=VALUE lines (blank lines and # comments skipped); - is stdin
  --out FILE          the token; an existing file is refused without --force

set: changes entries of FILE (which this key must have signed) and signs it again, with
a newer --issued-at (default now); expiry span, ttl and subject are kept unless given.
FILE is replaced (atomically) unless --out names another file.

show: checks FILE against the trust list (a signed one with --root) as a checkpoint does,
and prints issuer, size, times, how many entries hold each value, and --index entries.
  --json              print exactly one JSON document
  -h, --help          show this help

Exit 0 on success (show: the list loads and is current), 1 the list does not load or is
no longer current (show), 2 usage or input error.`,
    zh: `用法：healthcode status-list build --key FILE --size N --expires TIME --out FILE
                         [--issued-at TIME] [--ttl SECONDS] [--subject URI]
                         [--changes FILE] [INDEX=VALUE ...] [--force]
      healthcode status-list set FILE --key FILE [INDEX=VALUE ...] [--changes FILE]
                         [--issued-at TIME] [--expires TIME] [--ttl SECONDS] [--out FILE]
      healthcode status-list show FILE --trust FILE [--root FILE] [--index N ...]
                         [--now TIME] [--json]

状态列表按状态序号（issue --batch 的 "statusIndex"）给出每个健康码的当前颜色，或将其
撤销：VALUE 为 green、yellow、red 或 revoked（或 0-3）。

build：新建 N 项的列表（全部为绿），再应用 INDEX=VALUE 修改；用签发私钥签名为
状态列表令牌（二进制 CBOR，权限 0644）。
  --key FILE          签发私钥 JWK（权限 0600，从不输出）
  --size N            项数（1-100000000）；应与人口数无关
  --expires TIME      此后检查点不再使用该列表（+36h：从 --issued-at 起算）
  --issued-at TIME    列表所反映快照的时间（默认当前时间）
  --ttl SECONDS       若 issued-at + ttl 更早，检查点在该时刻停用
  --subject URI       列表的发布地址（默认 urn:healthcode:status-list:签发机构）
  --changes FILE      INDEX=VALUE 行（跳过空行和 # 注释）；- 表示标准输入
  --out FILE          令牌文件；已存在时除非加 --force 否则拒绝

set：修改 FILE（须由此密钥签名）中的条目，并以更新的 --issued-at（默认当前时间）重新
签名；有效期长度、ttl 和 subject 如未给出则保持不变。除非 --out 指定其他文件，
否则原子地替换 FILE。

show：像检查点一样依据信任列表（加 --root 则为签名列表）核验 FILE，并输出签发机构、
项数、时间、各值的项数及 --index 指定的条目。
  --json              以恰好一个 JSON 文档输出
  -h, --help          显示本帮助

退出码：0 成功（show：列表可加载且仍有效），1 列表无法加载或已不再有效（show），
2 用法或输入错误。`,
  },
  run,
};
