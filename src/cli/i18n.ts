/**
 * The CLI's words, in English and Chinese. The locale comes from the environment the POSIX
 * way (LC_ALL, then LC_MESSAGES, then LANG): Chinese when the first one set starts with `zh`.
 * Codes stay in English in both: they are the stable, scriptable part; labels are for people.
 */
import type { ErrorCode, Status } from '../index.js';
import type { QrErrorCode } from '../qr/index.js';
import { BATCH_EN, BATCH_ZH, type BatchMessages } from './messages/batch.js';
import { STATUS_LIST_EN, STATUS_LIST_ZH, type StatusListMessages } from './messages/status-list.js';
import { HOLDER_EN, HOLDER_ZH, type HolderMessages } from './messages/holder.js';
import { TRUST_EN, TRUST_ZH, type TrustMessages } from './messages/trust.js';

/** A language the CLI speaks. */
export type Locale = 'en' | 'zh';

/** The locale of an environment: `zh` when the deciding variable starts with `zh`. */
export function detectLocale(env: Readonly<Record<string, string | undefined>>): Locale {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value) return value.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  }
  return 'en';
}

/** Every sentence and label the CLI prints, per locale. */
export interface Messages {
  readonly errorLine: (message: string) => string;
  readonly internalError: (message: string) => string;
  readonly helpHint: (command: string | undefined) => string;
  readonly unknownCommand: (name: string) => string;
  readonly noCommand: string;
  readonly badArguments: (detail: string) => string;
  readonly missingOption: (option: string) => string;
  readonly missingPositional: (what: string) => string;
  readonly extraPositional: (value: string) => string;
  readonly oneOf: (options: readonly string[]) => string;
  readonly badTime: (option: string, value: string) => string;
  readonly timeNeedsZone: (option: string, value: string) => string;
  readonly timeLooksLikeMilliseconds: (option: string, value: string) => string;
  readonly badSeconds: (option: string, value: string) => string;
  readonly badInteger: (option: string, value: string) => string;
  readonly badStatus: (value: string) => string;
  readonly badChoice: (option: string, value: string, choices: readonly string[]) => string;
  readonly fileNotFound: (path: string) => string;
  readonly cannotRead: (path: string, reason: string) => string;
  readonly cannotWrite: (path: string, reason: string) => string;
  readonly fileExists: (path: string) => string;
  readonly keyFileTooOpen: (path: string, mode: string) => string;
  readonly keyFileNotPrivate: (path: string) => string;
  readonly keyFileMalformed: (path: string) => string;
  readonly trustFileMalformed: (path: string, reason: string) => string;
  readonly noStdin: string;
  readonly cannotIssue: (reason: string) => string;
  readonly cannotRender: (reason: string) => string;
  readonly wrote: (path: string) => string;
  readonly statusLabels: Readonly<Record<Status, string>>;
  readonly codeLabels: Readonly<Record<ErrorCode, string>>;
  readonly qrCodeLabels: Readonly<Record<QrErrorCode, string>>;
  readonly validBanner: (status: string) => string;
  readonly invalidBanner: (label: string, code: string) => string;
  readonly fields: {
    readonly issuer: string;
    readonly name: string;
    readonly nameNote: string;
    readonly idHint: string;
    readonly expires: string;
    readonly issued: string;
    readonly notBefore: string;
    readonly kid: string;
    readonly status: string;
    readonly issuedStatus: string;
    readonly holderBound: string;
    readonly subjectRef: string;
    readonly statusIndex: string;
  };
  readonly inFuture: (duration: string) => string;
  readonly inPast: (duration: string) => string;
  readonly duration: (days: number, hours: number, minutes: number) => string;
  readonly staleTrustList: string;
  readonly untrustedBanner: string;
  readonly untrustedJsonNote: string;
  readonly cannotDecode: (label: string, code: string) => string;
  readonly claimsUnreadable: (label: string, code: string) => string;
  readonly keygen: {
    readonly kid: string;
    readonly issuer: string;
    readonly privateKey: string;
    readonly privateNote: string;
    readonly publicKey: string;
    readonly trustList: string;
    readonly keyCount: (count: number) => string;
  };
  readonly trust: TrustMessages;
  readonly holder: HolderMessages;
  readonly batch: BatchMessages;
  readonly statusList: StatusListMessages;
}

const en: Messages = {
  errorLine: (m) => `healthcode: error: ${m}`,
  internalError: (m) => `internal error: ${m} (this is a bug; please report it)`,
  helpHint: (c) => `run "healthcode ${c ? `${c} ` : ''}--help" for usage`,
  unknownCommand: (n) => `unknown command "${n}"`,
  noCommand: 'no command given',
  badArguments: (d) => d.replace(/\n/g, ' '),
  missingOption: (o) => `${o} is required`,
  missingPositional: (w) => `missing ${w}`,
  extraPositional: (v) => `unexpected argument "${v}"`,
  oneOf: (o) => `give exactly one of ${o.join(', ')}`,
  badTime: (o, v) => `${o} "${v}" is not a time: use ISO 8601 (2026-01-31, 2026-01-31T08:00:00+08:00), epoch seconds, or +30m / +24h / +7d`,
  timeNeedsZone: (o, v) => `${o} "${v}" has no time zone: add Z or an offset such as +08:00`,
  timeLooksLikeMilliseconds: (o, v) => `${o} "${v}" looks like milliseconds: give epoch seconds`,
  badSeconds: (o, v) => `${o} "${v}" is not a whole number of seconds`,
  badInteger: (o, v) => `${o} "${v}" is not a whole number in range`,
  badStatus: (v) => `--status "${v}" is not green, yellow or red`,
  badChoice: (o, v, c) => `${o} "${v}" is not one of ${c.join(', ')}`,
  fileNotFound: (p) => `${p}: no such file`,
  cannotRead: (p, r) => `cannot read ${p}: ${r}`,
  cannotWrite: (p, r) => `cannot write ${p}: ${r}`,
  fileExists: (p) => `${p} already exists: refusing to overwrite it (pass --force to replace it)`,
  keyFileTooOpen: (p, m) => `${p} is readable by other users (mode ${m}): run "chmod 600 ${p}" and try again`,
  keyFileNotPrivate: (p) => `${p} is not a private Ed25519 JWK (no "d"): did you pass the public key?`,
  keyFileMalformed: (p) => `${p} is not a JSON private key file`,
  trustFileMalformed: (p, r) => `${p} is not a usable trust list: ${r}`,
  noStdin: 'no text on standard input',
  cannotIssue: (r) => `cannot issue: ${r}`,
  cannotRender: (r) => `cannot render: ${r}`,
  wrote: (p) => `wrote ${p}`,
  statusLabels: { green: 'GREEN', yellow: 'YELLOW', red: 'RED' },
  codeLabels: {
    TOO_LARGE: 'text too long',
    BAD_PREFIX: 'not a health code',
    BAD_BASE45: 'damaged text (Base45)',
    BAD_COMPRESSION: 'damaged data (compression)',
    BAD_CBOR: 'damaged data (CBOR)',
    BAD_COSE: 'malformed signature envelope',
    ALG_MISMATCH: 'unsupported signature algorithm',
    UNKNOWN_KID: 'unknown issuer key',
    BAD_SIGNATURE: 'signature does not verify',
    KEY_NOT_VALID: 'issuer key not valid',
    ISSUER_MISMATCH: 'issuer not allowed for this key',
    NOT_YET_VALID: 'not yet valid',
    EXPIRED: 'expired',
    BAD_CLAIMS: 'malformed content',
    REVOKED: 'revoked',
    STATUS_UNKNOWN: 'current status unknown',
    REPLAYED: 'already presented',
    HOLDER_PROOF_REQUIRED: 'live code required',
    HOLDER_PROOF_INVALID: 'live code proof invalid',
    PRESENTATION_EXPIRED: 'live code too old',
    STALE_TRUST_LIST: 'trust list out of date',
    BAD_TRUST_LIST: 'trust list invalid',
  },
  qrCodeLabels: {
    NO_QR_FOUND: 'no QR code found in the image',
    UNREADABLE_IMAGE: 'the image cannot be decoded',
    UNSUPPORTED_IMAGE: 'unsupported image format (use PNG or JPEG)',
    IMAGE_TOO_LARGE: 'the image is too large',
    FILE_NOT_FOUND: 'no such file',
  },
  validBanner: (s) => `${s} — valid`,
  invalidBanner: (l, c) => `NOT VALID: ${l} (${c})`,
  fields: {
    issuer: 'issuer',
    name: 'name',
    nameNote: '(as masked by the issuer)',
    idHint: 'id hint',
    expires: 'expires',
    issued: 'issued',
    notBefore: 'valid from',
    kid: 'key id',
    status: 'status',
    issuedStatus: 'issued as',
    holderBound: 'holder bound',
    subjectRef: 'subject ref',
    statusIndex: 'status index',
  },
  inFuture: (d) => `in ${d}`,
  inPast: (d) => `${d} ago`,
  duration: (d, h, m) => (d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}min` : `${m}min`),
  staleTrustList: 'warning: the trust list is out of date; sync it while online',
  untrustedBanner: 'UNTRUSTED — decoded WITHOUT verifying signature, issuer or times. Never admit anyone on this.',
  untrustedJsonNote: 'UNTRUSTED: inspect decodes without verifying; use "healthcode verify" to check a code',
  cannotDecode: (l, c) => `cannot decode: ${l} (${c})`,
  claimsUnreadable: (l, c) => `claims unreadable: ${l} (${c})`,
  keygen: {
    kid: 'kid',
    issuer: 'issuer',
    privateKey: 'private key',
    privateNote: '(mode 0600; keep it secret, never share it)',
    publicKey: 'public key',
    trustList: 'trust list',
    keyCount: (n) => `(${n} ${n === 1 ? 'key' : 'keys'})`,
  },
  trust: TRUST_EN,
  holder: HOLDER_EN,
  batch: BATCH_EN,
  statusList: STATUS_LIST_EN,
};

const zh: Messages = {
  errorLine: (m) => `healthcode：错误：${m}`,
  internalError: (m) => `内部错误：${m}（这是程序缺陷，请报告）`,
  helpHint: (c) => `运行 "healthcode ${c ? `${c} ` : ''}--help" 查看用法`,
  unknownCommand: (n) => `未知命令 "${n}"`,
  noCommand: '未指定命令',
  badArguments: (d) => `参数错误：${d.replace(/\n/g, ' ')}`,
  missingOption: (o) => `缺少必需的选项 ${o}`,
  missingPositional: (w) => `缺少${w}`,
  extraPositional: (v) => `多余的参数 "${v}"`,
  oneOf: (o) => `请只给出其中一个：${o.join('、')}`,
  badTime: (o, v) => `${o} "${v}" 不是有效时间：请用 ISO 8601（2026-01-31、2026-01-31T08:00:00+08:00）、Unix 秒数，或 +30m / +24h / +7d`,
  timeNeedsZone: (o, v) => `${o} "${v}" 缺少时区：请加 Z 或时差，如 +08:00`,
  timeLooksLikeMilliseconds: (o, v) => `${o} "${v}" 看起来是毫秒：请给出 Unix 秒数`,
  badSeconds: (o, v) => `${o} "${v}" 不是整数秒`,
  badInteger: (o, v) => `${o} "${v}" 不是范围内的整数`,
  badStatus: (v) => `--status "${v}" 必须是 green、yellow 或 red`,
  badChoice: (o, v, c) => `${o} "${v}" 必须是 ${c.join('、')} 之一`,
  fileNotFound: (p) => `${p}：文件不存在`,
  cannotRead: (p, r) => `无法读取 ${p}：${r}`,
  cannotWrite: (p, r) => `无法写入 ${p}：${r}`,
  fileExists: (p) => `${p} 已存在：拒绝覆盖（如需替换请加 --force）`,
  keyFileTooOpen: (p, m) => `${p} 可被其他用户读取（权限 ${m}）：请运行 "chmod 600 ${p}" 后重试`,
  keyFileNotPrivate: (p) => `${p} 不是 Ed25519 私钥 JWK（没有 "d"）：是否误用了公钥？`,
  keyFileMalformed: (p) => `${p} 不是 JSON 格式的私钥文件`,
  trustFileMalformed: (p, r) => `${p} 不是可用的信任列表：${r}`,
  noStdin: '标准输入中没有内容',
  cannotIssue: (r) => `无法签发：${r}`,
  cannotRender: (r) => `无法生成二维码：${r}`,
  wrote: (p) => `已写入 ${p}`,
  statusLabels: { green: '绿码', yellow: '黄码', red: '红码' },
  codeLabels: {
    TOO_LARGE: '内容过长',
    BAD_PREFIX: '不是健康码',
    BAD_BASE45: '码文损坏（Base45）',
    BAD_COMPRESSION: '数据损坏（压缩）',
    BAD_CBOR: '数据损坏（CBOR）',
    BAD_COSE: '签名结构错误',
    ALG_MISMATCH: '签名算法不支持',
    UNKNOWN_KID: '未知的签发密钥',
    BAD_SIGNATURE: '签名验证失败',
    KEY_NOT_VALID: '签发密钥无效',
    ISSUER_MISMATCH: '签发机构与密钥不符',
    NOT_YET_VALID: '尚未生效',
    EXPIRED: '已过期',
    BAD_CLAIMS: '内容格式错误',
    REVOKED: '已撤销',
    STATUS_UNKNOWN: '当前状态未知',
    REPLAYED: '重复出示',
    HOLDER_PROOF_REQUIRED: '须出示动态码',
    HOLDER_PROOF_INVALID: '动态码验证失败',
    PRESENTATION_EXPIRED: '动态码已过时',
    STALE_TRUST_LIST: '信任列表已过期',
    BAD_TRUST_LIST: '信任列表无效',
  },
  qrCodeLabels: {
    NO_QR_FOUND: '图片中未找到二维码',
    UNREADABLE_IMAGE: '图片无法解码',
    UNSUPPORTED_IMAGE: '不支持的图片格式（请用 PNG 或 JPEG）',
    IMAGE_TOO_LARGE: '图片过大',
    FILE_NOT_FOUND: '文件不存在',
  },
  validBanner: (s) => `${s} — 有效`,
  invalidBanner: (l, c) => `无效：${l}（${c}）`,
  fields: {
    issuer: '签发机构',
    name: '姓名',
    nameNote: '（已由签发方脱敏）',
    idHint: '证件尾号',
    expires: '有效期至',
    issued: '签发时间',
    notBefore: '生效时间',
    kid: '密钥标识',
    status: '状态',
    issuedStatus: '签发时状态',
    holderBound: '绑定持有人',
    subjectRef: '主体标识',
    statusIndex: '状态列表序号',
  },
  inFuture: (d) => `${d}后`,
  inPast: (d) => `${d}前`,
  duration: (d, h, m) => (d > 0 ? `${d}天${h}小时` : h > 0 ? `${h}小时${m}分钟` : `${m}分钟`),
  staleTrustList: '警告：信任列表已过期，请联网时同步',
  untrustedBanner: '未经验证 — 仅解码，未核验签名、签发机构和时间。切勿据此放行。',
  untrustedJsonNote: '未经验证：inspect 仅解码不验证；核验请用 "healthcode verify"',
  cannotDecode: (l, c) => `无法解码：${l}（${c}）`,
  claimsUnreadable: (l, c) => `内容无法读取：${l}（${c}）`,
  keygen: {
    kid: '密钥标识',
    issuer: '签发机构',
    privateKey: '私钥',
    privateNote: '（权限 0600；请妥善保管，切勿外传）',
    publicKey: '公钥',
    trustList: '信任列表',
    keyCount: (n) => `（共 ${n} 个密钥）`,
  },
  trust: TRUST_ZH,
  holder: HOLDER_ZH,
  batch: BATCH_ZH,
  statusList: STATUS_LIST_ZH,
};

const TABLES: Readonly<Record<Locale, Messages>> = { en, zh };

/** The messages of a locale. */
export function messagesFor(locale: Locale): Messages {
  return TABLES[locale];
}
