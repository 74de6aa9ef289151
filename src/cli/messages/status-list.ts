/**
 * Words of `status-list build | set | show` and of `verify --status-list`, in English and
 * Chinese.
 */

/** Thousands separators: 50,000,000. */
const g = (n: number): string => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Messages about status lists. */
export interface StatusListMessages {
  readonly noSubcommand: string;
  readonly unknownSubcommand: (name: string) => string;
  readonly badChange: (where: string, text: string) => string;
  readonly indexPastEnd: (index: number, size: number) => string;
  readonly noChanges: string;
  readonly notNewer: (issuedAt: string, previous: string) => string;
  readonly cannotSign: (reason: string) => string;
  readonly notLoadable: (path: string, code: string, message: string) => string;
  readonly notSignedBy: (path: string, key: string) => string;
  readonly notValid: string;
  readonly notCurrentMark: string;
  readonly notCurrentWarning: string;
  readonly notCurrent: (until: string) => string;
  readonly subject: string;
  readonly size: string;
  readonly changed: string;
  readonly counts: string;
  readonly countLine: (counts: { green: number; yellow: number; red: number; revoked: number }) => string;
  readonly token: string;
  readonly tokenFile: (path: string, bytes: string) => string;
  readonly ttl: string;
  readonly currentUntil: string;
  readonly entry: (index: number) => string;
  readonly fromList: (age: string) => string;
  readonly fromCode: string;
}

/** English. */
export const STATUS_LIST_EN: StatusListMessages = {
  noSubcommand: 'give a subcommand: status-list build, set or show',
  unknownSubcommand: (n) => `unknown subcommand "status-list ${n}": use build, set or show`,
  badChange: (w, v) => `${w}: "${v}" is not INDEX=VALUE (VALUE green, yellow, red, revoked or 0-3), e.g. 17=revoked`,
  indexPastEnd: (i, n) => `index ${i} is past the end of the list (${n} entries: 0-${n - 1})`,
  noChanges: 'no changes given: INDEX=VALUE arguments or --changes FILE',
  notNewer: (i, p) => `--issued-at ${i} is not after the list's issue time ${p}: a re-signed list must be newer, or checkpoints keep the old one`,
  cannotSign: (r) => `cannot sign the status list: ${r}`,
  notLoadable: (p, c, m) => `${p} is not a usable status list (${c}): ${m}`,
  notSignedBy: (p, k) => `${p} was not signed by ${k}: only the issuer key that signed a list can change it`,
  notValid: 'NOT VALID: a checkpoint would not load this status list',
  notCurrentMark: 'NOT CURRENT',
  notCurrentWarning: 'warning: the list is no longer current: checkpoints ignore it (and report STATUS_UNKNOWN where a list is required); publish a new one',
  notCurrent: (u) => `the list stopped being current at ${u}: checkpoints ignore it; publish a new one`,
  subject: 'subject',
  size: 'entries',
  changed: 'changed',
  counts: 'values',
  countLine: (c) => `green ${g(c.green)}, yellow ${g(c.yellow)}, red ${g(c.red)}, revoked ${g(c.revoked)}`,
  token: 'token',
  tokenFile: (p, b) => `${p} (${b} bytes)`,
  ttl: 'ttl',
  currentUntil: 'current until',
  entry: (i) => `entry ${i}`,
  fromList: (a) => `colour from the issuer's status list (${a} old)`,
  fromCode: 'no newer entry: the colour written in the code',
};

/** Chinese. */
export const STATUS_LIST_ZH: StatusListMessages = {
  noSubcommand: '请给出子命令：status-list build、set 或 show',
  unknownSubcommand: (n) => `未知子命令 "status-list ${n}"：请用 build、set 或 show`,
  badChange: (w, v) => `${w}："${v}" 不是 INDEX=VALUE（VALUE 为 green、yellow、red、revoked 或 0-3），如 17=revoked`,
  indexPastEnd: (i, n) => `序号 ${i} 超出列表范围（共 ${n} 项：0-${n - 1}）`,
  noChanges: '未给出修改：请给出 INDEX=VALUE 参数或 --changes FILE',
  notNewer: (i, p) => `--issued-at ${i} 不晚于列表原签发时间 ${p}：重新签名的列表必须更新，否则检查点仍使用旧列表`,
  cannotSign: (r) => `无法为状态列表签名：${r}`,
  notLoadable: (p, c, m) => `${p} 不是可用的状态列表（${c}）：${m}`,
  notSignedBy: (p, k) => `${p} 不是由 ${k} 签名的：只有为列表签名的签发密钥才能修改它`,
  notValid: '无效：检查点无法加载此状态列表',
  notCurrentMark: '已失效',
  notCurrentWarning: '警告：该列表已不再有效：检查点将忽略它（要求状态列表时报告 STATUS_UNKNOWN）；请发布新列表',
  notCurrent: (u) => `该列表已于 ${u} 失效：检查点将忽略它；请发布新列表`,
  subject: '发布地址',
  size: '项数',
  changed: '修改项数',
  counts: '各值项数',
  countLine: (c) => `绿 ${g(c.green)}，黄 ${g(c.yellow)}，红 ${g(c.red)}，已撤销 ${g(c.revoked)}`,
  token: '令牌文件',
  tokenFile: (p, b) => `${p}（${b} 字节）`,
  ttl: '缓存时长',
  currentUntil: '有效至',
  entry: (i) => `第 ${i} 项`,
  fromList: (a) => `颜色取自签发方状态列表（列表已发布 ${a}）`,
  fromCode: '无更新条目：采用码内颜色',
};
