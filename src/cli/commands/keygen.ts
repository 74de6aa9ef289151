/**
 * `healthcode keygen`: a new Ed25519 issuer key, or with `--root` a root key that signs trust
 * lists. The private JWK is created with mode 0600 (never readable by others, not even for a
 * moment) and never printed; the public JWK goes beside it and, for an issuer key with
 * `--trust`, into a JWK Set file.
 */
import { generateHolderKey, generateIssuerKey, kidOf } from '../../index.js';
import { HELP_OPTION, parseCommandArgs, required, timeOption, usageError, type ParsedArgs } from '../args.js';
import type { Command, Context } from '../context.js';
import { existingMode, refuseExisting, writeFileSecure } from '../files.js';
import { formatFields } from '../style.js';
import { formatTime } from '../time.js';
import { readTrustJson, trustListOf } from '../trust-file.js';

const NAME = 'keygen';

const OPTIONS = {
  ...HELP_OPTION,
  issuer: { type: 'string' },
  out: { type: 'string' },
  public: { type: 'string' },
  trust: { type: 'string' },
  force: { type: 'boolean' },
  root: { type: 'boolean' },
  'not-before': { type: 'string' },
  'expires-at': { type: 'string' },
} as const;

/** A key pair as keygen writes it. */
interface NewKey {
  readonly kid: string;
  readonly privateJwk: object;
  readonly publicJwk: object;
}

/**
 * A root key: Ed25519 like an issuer key, with its kid, but no `iss` and no window. It signs
 * trust lists, never codes (`issue` refuses a key without `iss`), and verifiers pin it as it
 * is (`TrustList.fromSigned` reads no window on roots). `generateHolderKey` is the library's
 * plain Ed25519 generator: it returns a JWK with no issuer binding.
 */
async function newRootKey(): Promise<NewKey> {
  const { privateJwk } = await generateHolderKey();
  if (!privateJwk) throw new Error('unreachable: a holder key without nonExtractable is a JWK');
  const kid = await kidOf(privateJwk.x);
  const publicJwk = { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x, kid, alg: 'EdDSA' };
  return { kid, publicJwk, privateJwk: { ...publicJwk, d: privateJwk.d } };
}

/** The issuer key's window from `--not-before` / `--expires-at` (offsets count from now). */
function windowOf(values: ParsedArgs<typeof OPTIONS>['values'], ctx: Context): { notBefore?: number; expiresAt?: number } {
  const now = Math.floor(Date.now() / 1000);
  const notBefore = values['not-before'] === undefined ? undefined : timeOption(NAME, '--not-before', values['not-before'], now, ctx);
  const expiresAt = values['expires-at'] === undefined ? undefined : timeOption(NAME, '--expires-at', values['expires-at'], now, ctx);
  if (notBefore !== undefined && expiresAt !== undefined && notBefore > expiresAt) throw usageError(NAME, ctx.t.trust.windowOutOfOrder);
  return { ...(notBefore !== undefined && { notBefore }), ...(expiresAt !== undefined && { expiresAt }) };
}

/** `issuer.key.json` → `issuer.pub.json`; `a.json` → `a.pub.json`; `a` → `a.pub.json`. */
export function publicPathFor(privatePath: string): string {
  if (privatePath.endsWith('.key.json')) return `${privatePath.slice(0, -'.key.json'.length)}.pub.json`;
  if (privatePath.endsWith('.json')) return `${privatePath.slice(0, -'.json'.length)}.pub.json`;
  return `${privatePath}.pub.json`;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The JWK Set to write with the new public key added. A missing file starts a new set; an
 * existing one must load as a trust list, else it is left untouched and the run fails.
 */
async function trustWithKey(path: string, publicJwk: object, ctx: Context): Promise<{ keys: unknown[] }> {
  if ((await existingMode(path)) === undefined) return { keys: [publicJwk] };
  const current = await readTrustJson(path, ctx);
  await trustListOf(current, path, ctx);
  const set = current as { keys: unknown[] };
  return { ...set, keys: [...set.keys, publicJwk] };
}

async function run(args: string[], ctx: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(NAME, args, OPTIONS, ctx, false);
  if (positionals.length > 0) throw usageError(NAME, ctx.t.extraPositional(positionals[0]!));
  const root = values.root === true;
  if (root) {
    // A root names no issuer, has no window and never goes into an issuer trust list.
    const clash = (['issuer', 'trust', 'not-before', 'expires-at'] as const).find((o) => values[o] !== undefined);
    if (clash) throw usageError(NAME, ctx.t.trust.notWithRoot(`--${clash}`));
  }
  const issuer = root ? undefined : required(NAME, values.issuer, '--issuer ID', ctx);
  const out = required(NAME, values.out, '--out FILE', ctx);
  if (issuer === '') throw usageError(NAME, ctx.t.missingOption('--issuer ID'));
  const keyWindow = root ? {} : windowOf(values, ctx);
  const publicPath = values.public ?? publicPathFor(out);
  const force = values.force === true;

  // Everything that can refuse is checked before anything is written.
  if (!force) {
    await refuseExisting(out, ctx);
    await refuseExisting(publicPath, ctx);
  }
  const key: NewKey = issuer === undefined ? await newRootKey() : await generateIssuerKey({ issuer, ...keyWindow });
  const trust = values.trust === undefined ? undefined : await trustWithKey(values.trust, key.publicJwk, ctx);

  await writeFileSecure(out, json(key.privateJwk), { mode: 0o600, replace: force }, ctx);
  await writeFileSecure(publicPath, json(key.publicJwk), { mode: 0o644, replace: force }, ctx);
  if (trust && values.trust !== undefined) {
    const mode = (await existingMode(values.trust)) ?? 0o644;
    await writeFileSecure(values.trust, json(trust), { mode, replace: true }, ctx);
  }

  const t = ctx.t.keygen;
  const rows: [string, string][] = [[t.kid, key.kid], issuer === undefined ? [t.issuer, ctx.t.trust.rootRole] : [t.issuer, issuer]];
  if (keyWindow.notBefore !== undefined) rows.push([ctx.t.fields.notBefore, formatTime(keyWindow.notBefore)]);
  if (keyWindow.expiresAt !== undefined) rows.push([ctx.t.trust.validUntil, formatTime(keyWindow.expiresAt)]);
  rows.push([t.privateKey, `${out} ${t.privateNote}`], [t.publicKey, issuer === undefined ? `${publicPath} ${ctx.t.trust.rootPublicNote}` : publicPath]);
  if (trust && values.trust !== undefined) rows.push([t.trustList, `${values.trust} ${t.keyCount(trust.keys.length)}`]);
  ctx.out(formatFields(rows).join('\n'));
  return 0;
}

/** The `keygen` command. */
export const keygen: Command = {
  name: NAME,
  summary: {
    en: 'make an issuer key (private JWK 0600, public JWK, optional trust list), or a root key',
    zh: '生成签发密钥（私钥 0600、公钥，可加入信任列表）或根密钥',
  },
  help: {
    en: `Usage: healthcode keygen --issuer ID --out FILE [--public FILE] [--trust FILE]
                        [--not-before TIME] [--expires-at TIME] [--force]
       healthcode keygen --root --out FILE [--public FILE] [--force]

Makes a new Ed25519 issuer key, or with --root a root key that signs trust lists.

  --issuer ID        issuer id the key signs for, e.g. CN-330100 (required for an issuer key)
  --out FILE         private JWK, created with mode 0600 (required); never printed
  --public FILE      public JWK (default: FILE with .key.json or .json -> .pub.json)
  --trust FILE       add the public key to this JWK Set trust list (created if missing;
                     an existing file must be a valid trust list, or nothing is written)
  --not-before TIME  the key signs no code issued before this time (nbf; +offsets from now)
  --expires-at TIME  nor any code issued after this time (exp; +offsets from now)
  --root             a root key: no issuer, no window, never in an issuer trust list;
                     checkpoints pin its public JWK (trust show/verify --root)
  --force            replace existing key files instead of refusing
  -h, --help         show this help

Prints the kid and the files written. Exit 0 on success, 2 on any error.`,
    zh: `用法：healthcode keygen --issuer ID --out FILE [--public FILE] [--trust FILE]
                        [--not-before TIME] [--expires-at TIME] [--force]
      healthcode keygen --root --out FILE [--public FILE] [--force]

生成新的 Ed25519 签发密钥；加 --root 则生成为信任列表签名的根密钥。

  --issuer ID        该密钥代表的签发机构，如 CN-330100（签发密钥必需）
  --out FILE         私钥 JWK 文件，以权限 0600 创建（必需）；从不输出私钥
  --public FILE      公钥 JWK 文件（默认：把 FILE 的 .key.json 或 .json 换成 .pub.json）
  --trust FILE       把公钥加入此 JWK Set 信任列表（不存在则新建；
                     已存在的文件必须是有效的信任列表，否则不写入任何文件）
  --not-before TIME  不为此时间之前签发的码签名（nbf；+相对时间从当前时间起算）
  --expires-at TIME  也不为此时间之后签发的码签名（exp；+相对时间从当前时间起算）
  --root             根密钥：无签发机构、无有效期，不放入签发信任列表；
                     检查点固定其公钥（trust show / verify --root）
  --force            覆盖已存在的密钥文件，而不是拒绝
  -h, --help         显示本帮助

输出密钥标识和写入的文件。成功退出码 0，任何错误退出码 2。`,
  },
  run,
};
