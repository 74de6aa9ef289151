/**
 * The verdict, filling the screen: green, yellow or red with the person's masked name and id
 * hint and the issuer, or a dark "not valid" screen with the reason in Chinese and English
 * and the library's specific message. A red code that verifies is valid and red: the colour
 * is the issuer's statement, "not valid" means the code itself cannot be trusted. When the
 * colour comes from the status list, "updated … ago" says so beside it; a live code says it
 * is live. Refusals of live codes (a screenshot, a code shown twice) have their own look.
 */
import type { ErrorCode, ValidResult, VerifyResult } from 'healthcode';
import { nowSeconds } from '../app.js';
import { bi, h } from '../dom.js';
import { age, reasonOf, STATUS_LABELS } from '../messages.js';
import type { Trust } from '../trust.js';
import type { View } from '../view.js';
import { trustInfo } from './trust-info.js';

/** Refusals that concern a live code rather than the credential: the holder can fix them at once. */
const LIVE_CODE_REFUSALS: ReadonlySet<ErrorCode> = new Set(['PRESENTATION_EXPIRED', 'REPLAYED', 'HOLDER_PROOF_REQUIRED', 'HOLDER_PROOF_INVALID']);

function localTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString('zh-CN', { hour12: false });
}

function field(zh: string, en: string, value: string, testId: string): HTMLElement {
  return h('div', { class: 'field' }, h('dt', {}, bi(zh, en)), h('dd', { 'data-testid': testId }, value));
}

/** Beside the colour: where it comes from when not from the code alone, and whether the code is live. */
function provenance(result: ValidResult): HTMLElement[] {
  const lines: HTMLElement[] = [];
  if (result.statusSource === 'list') {
    const updated = age(result.statusListAge ?? 0);
    lines.push(h('p', { class: 'status-updated', 'data-testid': 'status-updated' }, bi(`状态更新于${updated.zh}`, `updated ${updated.en}`)));
    if (result.issuedStatus !== result.status) {
      const issued = STATUS_LABELS[result.issuedStatus];
      lines.push(h('p', { class: 'issued-as', 'data-testid': 'issued-as' }, bi(`码上原为${issued.zh}`, `the code itself says ${issued.en}`)));
    }
  }
  if (result.holderBound) {
    const made = age(Math.max(0, nowSeconds() - (result.presentedAt ?? nowSeconds())));
    lines.push(h('p', { class: 'live-marker', 'data-testid': 'live-marker' }, bi(`实时动态码（${made.zh}生成）`, `live code from the holder's phone, made ${made.en}`)));
  }
  return lines;
}

export function resultView(result: VerifyResult, trust: Trust, onNext: () => void): View {
  const next = h('button', { type: 'button', class: 'next', 'data-testid': 'scan-next' }, bi('继续扫描', 'Scan next'));
  next.addEventListener('click', onNext);
  if (!result.valid) {
    const reason = reasonOf(result.code);
    const live = LIVE_CODE_REFUSALS.has(result.code);
    const element = h(
      'section',
      { class: live ? 'result invalid live-refusal' : 'result invalid', 'data-testid': 'result', 'data-state': 'invalid', 'data-code': result.code },
      h('h1', { class: 'verdict' }, live ? bi('✗ 不予通过', '✗ NOT ACCEPTED') : bi('✗ 无效', '✗ NOT VALID')),
      h('p', { class: 'reason', 'data-testid': 'reason' }, h('span', { lang: 'zh-CN' }, reason.zh), h('span', { lang: 'en' }, reason.en)),
      live && h('p', { class: 'advice', 'data-testid': 'advice' }, bi('请持码人在本人手机上打开实时码', "Ask the holder to open the live code on their own phone")),
      h('p', { class: 'detail', 'data-testid': 'detail' }, `${result.code}: ${result.message}`),
      trustInfo(trust),
      next,
    );
    return { element };
  }
  const label = STATUS_LABELS[result.status];
  const issuerName = trust.issuerNames.get(result.issuer);
  const element = h(
    'section',
    { class: `result valid ${result.status}`, 'data-testid': 'result', 'data-state': `valid-${result.status}`, 'data-status-source': result.statusSource ?? 'code' },
    h('h1', { class: 'verdict' }, bi(label.zh, label.en)),
    ...provenance(result),
    h('p', { class: 'subverdict' }, bi('✓ 真实有效', '✓ authentic, valid')),
    h(
      'dl',
      { class: 'fields' },
      field('姓名', 'Name', result.name ?? '—', 'name'),
      field('证件尾号', 'ID ends', result.idHint ? `…${result.idHint}` : '—', 'id-hint'),
      field('签发机构', 'Issuer', issuerName ? `${issuerName} (${result.issuer})` : result.issuer, 'issuer'),
      field('有效期至', 'Valid until', localTime(result.expiresAt), 'expires'),
    ),
    result.trustListStale && h('p', { class: 'stale-warning', 'data-testid': 'stale-warning' }, bi('注意：信任列表已过期，请尽快联网同步', 'Warning: the trust list is out of date, sync soon')),
    trustInfo(trust),
    next,
  );
  return { element };
}
