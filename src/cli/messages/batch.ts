/**
 * Words of `issue --batch`, in English and Chinese: the refusals written into the output for
 * a bad line (also sent to the workers), the progress line and the summary.
 */

/** Messages of bulk issuance. */
export interface BatchMessages {
  readonly notJson: string;
  readonly notUtf8: string;
  readonly notObject: string;
  readonly badId: (max: number) => string;
  readonly unknownMember: (member: string) => string;
  readonly missing: (member: string) => string;
  readonly badStatus: (value: string) => string;
  readonly badTime: (member: string, value: string) => string;
  readonly badSubjectRef: string;
  readonly lineTooLong: (max: number) => string;
  readonly refused: (reason: string) => string;
  readonly lineError: (line: number, code: string, message: string) => string;
  readonly moreErrors: (count: number) => string;
  readonly progress: (done: string, rate: string, eta: string | undefined) => string;
  readonly summary: (issued: string, failed: string, seconds: string, rate: string) => string;
  readonly strictStop: (line: number, written: string) => string;
  readonly notWithBatch: (option: string) => string;
  readonly onlyWithBatch: (option: string) => string;
  readonly keyNoIssuer: (path: string) => string;
}

/** English. */
export const BATCH_EN: BatchMessages = {
  notJson: 'not JSON: each line must be one JSON object',
  notUtf8: 'not UTF-8 text',
  notObject: 'not a JSON object: each line must be one record {"status": …, "expiresAt": …}',
  badId: (m) => `"id" must be a string of at most ${m} characters or an integer`,
  unknownMember: (m) => `unknown member ${JSON.stringify(m)}: a record has id, status, expiresAt, issuedAt, notBefore, name, idHint, subjectRef, statusIndex, holderKey`,
  missing: (m) => `"${m}" is missing (and no --${m === 'status' ? 'status' : 'expires'} default was given)`,
  badStatus: (v) => `"status" ${v} is not "green", "yellow" or "red"`,
  badTime: (m, v) => `"${m}" ${v} is not a time: use epoch seconds, ISO 8601 with a zone, or "+24h"`,
  badSubjectRef: '"subjectRef" must be base64url text',
  lineTooLong: (m) => `the line is longer than ${m} bytes`,
  refused: (r) => `cannot issue: ${r}`,
  lineError: (l, c, m) => `line ${l}: ${c}: ${m}`,
  moreErrors: (n) => `… and ${n} more bad ${n === 1 ? 'line' : 'lines'} (each has an "error" line in the output)`,
  progress: (d, r, e) => `${d} codes  ${r}/s${e === undefined ? '' : `  ${e} left`}`,
  summary: (i, f, s, r) => `issued ${i} codes, ${f} bad lines, in ${s} s (${r} codes/s)`,
  strictStop: (l, w) => `stopped at line ${l} (--strict): the ${w} codes before it were written`,
  notWithBatch: (o) => `${o} does not apply to --batch: each record carries its own (see "healthcode issue --help")`,
  onlyWithBatch: (o) => `${o} applies only to --batch`,
  keyNoIssuer: (p) => `${p} names no issuer ("iss"): a batch takes the issuer from the key`,
};

/** Chinese. */
export const BATCH_ZH: BatchMessages = {
  notJson: '不是 JSON：每行必须是一个 JSON 对象',
  notUtf8: '不是 UTF-8 文本',
  notObject: '不是 JSON 对象：每行必须是一条记录 {"status": …, "expiresAt": …}',
  badId: (m) => `"id" 必须是不超过 ${m} 个字符的字符串或整数`,
  unknownMember: (m) => `未知字段 ${JSON.stringify(m)}：记录的字段为 id、status、expiresAt、issuedAt、notBefore、name、idHint、subjectRef、statusIndex、holderKey`,
  missing: (m) => `缺少 "${m}"（命令行也未给出默认的 --${m === 'status' ? 'status' : 'expires'}）`,
  badStatus: (v) => `"status" ${v} 必须是 "green"、"yellow" 或 "red"`,
  badTime: (m, v) => `"${m}" ${v} 不是有效时间：请用 Unix 秒数、带时区的 ISO 8601 或 "+24h"`,
  badSubjectRef: '"subjectRef" 必须是 base64url 文本',
  lineTooLong: (m) => `该行超过 ${m} 字节`,
  refused: (r) => `无法签发：${r}`,
  lineError: (l, c, m) => `第 ${l} 行：${c}：${m}`,
  moreErrors: (n) => `……另有 ${n} 行有误（输出中每行都有对应的 "error" 记录）`,
  progress: (d, r, e) => `已签发 ${d} 个  ${r} 个/秒${e === undefined ? '' : `  剩余 ${e}`}`,
  summary: (i, f, s, r) => `共签发 ${i} 个健康码，${f} 行有误，用时 ${s} 秒（${r} 个/秒）`,
  strictStop: (l, w) => `在第 ${l} 行停止（--strict）：此前的 ${w} 个健康码已写出`,
  notWithBatch: (o) => `${o} 不适用于 --batch：每条记录自带该字段（见 "healthcode issue --help"）`,
  onlyWithBatch: (o) => `${o} 只能与 --batch 同用`,
  keyNoIssuer: (p) => `${p} 未指明签发机构（"iss"）：批量签发从密钥中取签发机构`,
};
