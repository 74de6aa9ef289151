/**
 * The verdict, filling the screen: green, yellow or red with the person's masked name and id
 * hint and the issuer, or a dark "not valid" screen with the reason in Chinese and English
 * and the library's specific message. A red code that verifies is valid and red: the colour
 * is the issuer's statement, "not valid" means the code itself cannot be trusted.
 */
import type { VerifyResult } from 'healthcode';
import { bi, h } from '../dom.js';
import { reasonOf, STATUS_LABELS } from '../messages.js';
import type { Trust } from '../trust.js';
import type { View } from '../view.js';
import { trustInfo } from './trust-info.js';

function localTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString('zh-CN', { hour12: false });
}

function field(zh: string, en: string, value: string, testId: string): HTMLElement {
  return h('div', { class: 'field' }, h('dt', {}, bi(zh, en)), h('dd', { 'data-testid': testId }, value));
}

export function resultView(result: VerifyResult, trust: Trust, onNext: () => void): View {
  const next = h('button', { type: 'button', class: 'next', 'data-testid': 'scan-next' }, bi('继续扫描', 'Scan next'));
  next.addEventListener('click', onNext);
  if (!result.valid) {
    const reason = reasonOf(result.code);
    const element = h(
      'section',
      { class: 'result invalid', 'data-testid': 'result', 'data-state': 'invalid', 'data-code': result.code },
      h('h1', { class: 'verdict' }, bi('✗ 无效', '✗ NOT VALID')),
      h('p', { class: 'reason', 'data-testid': 'reason' }, h('span', { lang: 'zh-CN' }, reason.zh), h('span', { lang: 'en' }, reason.en)),
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
    { class: `result valid ${result.status}`, 'data-testid': 'result', 'data-state': `valid-${result.status}` },
    h('h1', { class: 'verdict' }, bi(label.zh, label.en)),
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
