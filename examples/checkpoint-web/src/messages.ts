/**
 * What the checkpoint shows, in Chinese and English: the colours, and per error code the
 * "what a checkpoint should show" of docs/errors.md. The library's own message (English,
 * specific) is shown beneath it.
 */
import type { ErrorCode, Status } from 'healthcode';

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export const STATUS_LABELS: Readonly<Record<Status, Bilingual>> = {
  green: { zh: '绿码', en: 'GREEN' },
  yellow: { zh: '黄码', en: 'YELLOW' },
  red: { zh: '红码', en: 'RED' },
};

export const REASONS: Readonly<Record<ErrorCode, Bilingual>> = {
  TOO_LARGE: { zh: '不是健康码', en: 'Not a health code' },
  BAD_PREFIX: { zh: '不是健康码（二维码类型不对）', en: 'Not a health code (wrong kind of QR)' },
  BAD_BASE45: { zh: '码已损坏，请重新扫描', en: 'Damaged code — scan again' },
  BAD_COMPRESSION: { zh: '码已损坏，请重新扫描', en: 'Damaged code — scan again' },
  BAD_CBOR: { zh: '码已损坏或被篡改', en: 'Damaged or altered code' },
  BAD_COSE: { zh: '码已损坏或被篡改', en: 'Damaged or altered code' },
  ALG_MISMATCH: { zh: '码被篡改', en: 'Altered code' },
  UNKNOWN_KID: { zh: '本核验点不认可该签发机构', en: 'Issuer not recognised here' },
  BAD_SIGNATURE: { zh: '伪造或被篡改的码', en: 'Forged or altered code' },
  BAD_CLAIMS: { zh: '无效的码', en: 'Invalid code' },
  KEY_NOT_VALID: { zh: '签发密钥已停用，请重新申领', en: 'Code from a withdrawn issuer key — get a new code' },
  ISSUER_MISMATCH: { zh: '签发机构不符，可能是伪造', en: 'Issuer does not match — possible forgery' },
  NOT_YET_VALID: { zh: '尚未生效（请检查本机日期时间）', en: "Not valid yet (check this device's date and time)" },
  EXPIRED: { zh: '已过期，请重新申领', en: 'Code expired — get a new code' },
  REVOKED: { zh: '已被签发机构撤销', en: 'Code withdrawn by the issuer' },
  STATUS_UNKNOWN: { zh: '无法确认最新状态，请同步', en: 'Cannot check the latest status — sync this checkpoint' },
  REPLAYED: { zh: '该实时码已在此出示过——请刷新后再出示', en: 'This live code was already shown here — refresh it and show it again' },
  HOLDER_PROOF_REQUIRED: { zh: '请出示本人手机上的动态码', en: "Show the live code from the holder's app" },
  HOLDER_PROOF_INVALID: { zh: '不是本人的动态码', en: "Not the holder's live code" },
  PRESENTATION_EXPIRED: { zh: '截图或旧图片——请出示实时码', en: 'Screenshot or old picture — show the live code' },
  STALE_TRUST_LIST: { zh: '本核验点的密钥列表已过期，请联网同步', en: "This checkpoint's key list is out of date — connect to sync" },
  BAD_TRUST_LIST: { zh: '密钥列表被拒绝，请联系管理员', en: 'Key list rejected — contact the operator' },
};

/** A reason for a code not in the table (a newer library): the code itself. */
export function reasonOf(code: string): Bilingual {
  return REASONS[code as ErrorCode] ?? { zh: `无效（${code}）`, en: `Not valid (${code})` };
}

/** "3 小时前" / "3 h ago" style ages, and "3 天后" / "in 3 d" for the future. */
export function age(seconds: number): Bilingual {
  const future = seconds < 0;
  const s = Math.abs(seconds);
  const [n, zhUnit, enUnit] =
    s < 60 ? [Math.floor(s), '秒', 's'] : s < 3600 ? [Math.floor(s / 60), '分钟', 'min'] : s < 86_400 ? [Math.floor(s / 3600), '小时', 'h'] : [Math.floor(s / 86_400), '天', 'd'];
  return future ? { zh: `${n} ${zhUnit}后`, en: `in ${n} ${enUnit}` } : { zh: `${n} ${zhUnit}前`, en: `${n} ${enUnit} ago` };
}
