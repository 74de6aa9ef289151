/**
 * Words of `trust sign`, `trust show`, `keygen --root` and the signed-list options of
 * `verify`, in English and Chinese (the rest of the CLI's words are in ../i18n.ts).
 */

/** Messages about root keys and signed trust lists. */
export interface TrustMessages {
  readonly noSubcommand: string;
  readonly unknownSubcommand: (name: string) => string;
  readonly rootFileMalformed: (path: string, reason: string) => string;
  readonly rootFileIsPrivate: (path: string) => string;
  readonly rootIsIssuerKey: (path: string, issuer: string) => string;
  readonly signedNeedsRoot: (path: string) => string;
  readonly rootNeedsSigned: (path: string) => string;
  readonly minSeqNeedsRoot: string;
  readonly notWithRoot: (option: string) => string;
  readonly windowOutOfOrder: string;
  readonly cannotSign: (reason: string) => string;
  readonly rootRole: string;
  readonly rootPublicNote: string;
  readonly validUntil: string;
  readonly rootKid: string;
  readonly seq: string;
  readonly keys: string;
  readonly signedList: string;
  readonly signedBy: string;
  readonly pinnedRoot: string;
  readonly unsigned: string;
  readonly staleMark: string;
  readonly staleWarning: string;
  readonly staleMessage: (expiredAt: string) => string;
  readonly notValid: string;
  readonly columns: readonly string[];
  readonly yes: string;
  readonly no: string;
}

/** English. */
export const TRUST_EN: TrustMessages = {
  noSubcommand: 'give a subcommand: trust sign or trust show',
  unknownSubcommand: (n) => `unknown subcommand "trust ${n}": use trust sign or trust show`,
  rootFileMalformed: (p, r) => `${p} is not a usable root public key: ${r}`,
  rootFileIsPrivate: (p) => `${p} holds a private key: a checkpoint pins only the root's public key (the .pub.json file)`,
  rootIsIssuerKey: (p, i) => `${p} is an issuer key (it signs for ${i}): sign trust lists with a root key from "healthcode keygen --root"`,
  signedNeedsRoot: (p) => `${p} is a signed trust list: give the pinned root public key with --root FILE`,
  rootNeedsSigned: (p) => `${p} is a plain JWK Set, not a signed list: --root checks a signed list, and an unsigned one cannot be checked against it`,
  minSeqNeedsRoot: '--min-seq applies to a signed trust list: give --root FILE too',
  notWithRoot: (o) => `${o} does not apply to a root key (--root): a root names no issuer and has no window`,
  windowOutOfOrder: '--not-before is after --expires-at',
  cannotSign: (r) => `cannot sign the trust list: ${r}`,
  rootRole: '(root key: signs trust lists, not codes)',
  rootPublicNote: '(pin it on every checkpoint: --root)',
  validUntil: 'valid until',
  rootKid: 'root kid',
  seq: 'seq',
  keys: 'keys',
  signedList: 'signed list',
  signedBy: 'signed by',
  pinnedRoot: '(pinned root)',
  unsigned: 'nobody: a plain JWK Set (no signature, seq or expiry)',
  staleMark: 'STALE',
  staleWarning: 'warning: the list is past its expiry: checkpoints report STALE_TRUST_LIST (or mark results stale with --allow-stale); sign and publish a new one',
  staleMessage: (e) => `the trust list expired at ${e}: sign and publish a new one`,
  notValid: 'NOT VALID: this trust list would not load on a checkpoint',
  columns: ['KID', 'ALG', 'ISSUER', 'VALID FROM', 'VALID UNTIL', 'REVOKED'],
  yes: 'yes',
  no: 'no',
};

/** Chinese. */
export const TRUST_ZH: TrustMessages = {
  noSubcommand: '请给出子命令：trust sign 或 trust show',
  unknownSubcommand: (n) => `未知子命令 "trust ${n}"：请用 trust sign 或 trust show`,
  rootFileMalformed: (p, r) => `${p} 不是可用的根公钥：${r}`,
  rootFileIsPrivate: (p) => `${p} 含有私钥：检查点只应固定根公钥（.pub.json 文件）`,
  rootIsIssuerKey: (p, i) => `${p} 是签发密钥（代表 ${i}）：请用 "healthcode keygen --root" 生成的根密钥为信任列表签名`,
  signedNeedsRoot: (p) => `${p} 是签名信任列表：请用 --root FILE 给出固定的根公钥`,
  rootNeedsSigned: (p) => `${p} 是普通 JWK Set，不是签名列表：--root 用于核验签名列表，未签名的列表无法据此核验`,
  minSeqNeedsRoot: '--min-seq 用于签名信任列表：请同时给出 --root FILE',
  notWithRoot: (o) => `${o} 不适用于根密钥（--root）：根密钥没有签发机构和有效期`,
  windowOutOfOrder: '--not-before 晚于 --expires-at',
  cannotSign: (r) => `无法为信任列表签名：${r}`,
  rootRole: '（根密钥：为信任列表签名，不签发健康码）',
  rootPublicNote: '（在每个检查点固定此公钥：--root）',
  validUntil: '有效期至',
  rootKid: '根密钥标识',
  seq: '序号',
  keys: '密钥数',
  signedList: '签名列表',
  signedBy: '签名者',
  pinnedRoot: '（固定的根密钥）',
  unsigned: '无：普通 JWK Set（无签名、序号和有效期）',
  staleMark: '已过期',
  staleWarning: '警告：列表已过有效期：检查点将报告 STALE_TRUST_LIST（加 --allow-stale 则标记结果为过期）；请签发并发布新列表',
  staleMessage: (e) => `信任列表已于 ${e} 过期：请签发并发布新列表`,
  notValid: '无效：检查点无法加载此信任列表',
  columns: ['密钥标识', '算法', '签发机构', '生效时间', '有效期至', '已吊销'],
  yes: '是',
  no: '否',
};
