/**
 * Words of the dynamic-code commands (`holder-keygen`, `issue --holder-key`, `present`) and
 * of holder-bound results in `verify`, in English and Chinese.
 */

/** Messages about holder keys and live codes. */
export interface HolderMessages {
  readonly privateNote: string;
  readonly publicNote: (path: string) => string;
  readonly publicFileMalformed: (path: string) => string;
  readonly publicFileIsPrivate: (path: string) => string;
  readonly notCredential: string;
  readonly credentialUnreadable: (code: string, message: string) => string;
  readonly notHolderBound: string;
  readonly otherHolder: string;
  readonly cannotPresent: (reason: string) => string;
  readonly watchNeedsTerminal: string;
  readonly watchAlone: (option: string) => string;
  readonly countdown: (presentedAt: string, seconds: number) => string;
  readonly stopped: (shown: number) => string;
  readonly presentedAt: (time: string, secondsAgo: number) => string;
}

/** English. */
export const HOLDER_EN: HolderMessages = {
  privateNote: '(mode 0600; stays with the holder, never share it)',
  publicNote: (p) => `(give it to the issuer: healthcode issue --holder-key ${p})`,
  publicFileMalformed: (p) => `${p} is not a JSON public key file`,
  publicFileIsPrivate: (p) => `${p} holds the holder's private key: the issuer needs only the public key (the .pub.json file); the private key stays with the holder`,
  notCredential: 'the credential is not an HQ1: code (a live code, HQ1P:, cannot be presented again)',
  credentialUnreadable: (c, m) => `the credential cannot be decoded (${c}): ${m}`,
  notHolderBound: 'the credential is not bound to a holder key: show it as it is, or have it issued with --holder-key',
  otherHolder: "the credential is bound to another holder key: a checkpoint would refuse the live code (HOLDER_PROOF_INVALID); use the holder key it was issued for",
  cannotPresent: (r) => `cannot present: ${r}`,
  watchNeedsTerminal: '--watch redraws the live code in place and needs a terminal on stdout: run it in a terminal, or present once without --watch',
  watchAlone: (o) => `--watch draws on the terminal with the clock's time: it does not take ${o}`,
  countdown: (t, s) => `presented at ${t} · new code in ${s} s · Ctrl-C to stop`,
  stopped: (n) => `stopped after ${n} live ${n === 1 ? 'code' : 'codes'}`,
  presentedAt: (t, s) => `yes, live code presented at ${t} (${s >= 0 ? `${s} s ago` : `${-s} s ahead`} by the holder's clock)`,
};

/** Chinese. */
export const HOLDER_ZH: HolderMessages = {
  privateNote: '（权限 0600；由持有人保管，切勿外传）',
  publicNote: (p) => `（交给签发方：healthcode issue --holder-key ${p}）`,
  publicFileMalformed: (p) => `${p} 不是 JSON 格式的公钥文件`,
  publicFileIsPrivate: (p) => `${p} 含有持有人私钥：签发方只需要公钥（.pub.json 文件）；私钥由持有人保管`,
  notCredential: '该凭证不是 HQ1: 健康码（动态码 HQ1P: 不能再次出示）',
  credentialUnreadable: (c, m) => `凭证无法解码（${c}）：${m}`,
  notHolderBound: '该凭证未绑定持有人密钥：请直接出示，或用 --holder-key 重新签发',
  otherHolder: '该凭证绑定的是另一个持有人密钥：检查点会拒绝此动态码（HOLDER_PROOF_INVALID）；请使用签发时绑定的持有人密钥',
  cannotPresent: (r) => `无法出示：${r}`,
  watchNeedsTerminal: '--watch 需要在终端中原地刷新动态码，但标准输出不是终端：请在终端中运行，或去掉 --watch 单次出示',
  watchAlone: (o) => `--watch 按当前时间在终端显示，不能与 ${o} 同用`,
  countdown: (t, s) => `出示时间 ${t} · ${s} 秒后刷新 · 按 Ctrl-C 结束`,
  stopped: (n) => `已结束，共出示 ${n} 个动态码`,
  presentedAt: (t, s) => `是，动态码出示于 ${t}（按持有人时钟，${s >= 0 ? `${s} 秒前` : `${-s} 秒后`}）`,
};
