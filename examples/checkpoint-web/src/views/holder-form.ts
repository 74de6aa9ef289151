/**
 * The holder's self-declaration form: the issuer service's address, the id number and name,
 * and the three answers the issuer's colour rule reads. Submitting asks the service for a
 * credential bound to this browser's key; the answers are sent once and not stored.
 */
import { bi, h } from '../dom.js';
import type { Declaration } from '../holder/credential.js';
import { sourceUrl } from '../trust.js';

/** Options of {@link holderForm}. */
export interface HolderFormOptions {
  /** The service address the form starts with. */
  readonly source: string;
  /** Why the form is shown again (an expired code), if it is. */
  readonly notice?: HTMLElement;
  /** Gets the credential; a rejection is shown under the form. */
  readonly onSubmit: (source: URL, declaration: Declaration) => Promise<void>;
}

function checkbox(id: string, zh: string, en: string): { row: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { type: 'checkbox', id, 'data-testid': id });
  return { row: h('label', { class: 'check', for: id }, input, bi(zh, en)), input };
}

export function holderForm(options: HolderFormOptions): HTMLElement {
  const source = h('input', { type: 'url', id: 'holder-source', required: true, value: options.source, placeholder: 'https://issuer.example/', 'data-testid': 'holder-source' });
  const idNumber = h('input', { type: 'text', id: 'id-number', required: true, autocomplete: 'off', inputmode: 'text', 'data-testid': 'id-number' });
  const name = h('input', { type: 'text', id: 'holder-name', required: true, autocomplete: 'name', 'data-testid': 'holder-name' });
  const symptoms = checkbox('has-symptoms', '有发热、咳嗽等症状', 'I have symptoms (fever, cough)');
  const area = checkbox('visited-high-risk-area', '14 天内到过中高风险地区', 'I visited a high-risk area in the last 14 days');
  const contact = checkbox('contact-with-confirmed', '与确诊病例有过密切接触', 'I was in close contact with a confirmed case');
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'get-code' }, bi('申领健康码', 'Get my code'));
  const status = h('p', { class: 'status', role: 'status', 'data-testid': 'holder-status' });
  const form = h(
    'form',
    { class: 'setup-form holder-form', 'data-testid': 'holder-form' },
    h('label', { for: 'holder-source' }, bi('签发服务地址', 'Issuer service address')),
    source,
    h('label', { for: 'id-number' }, bi('证件号码', 'ID number')),
    idNumber,
    h('label', { for: 'holder-name' }, bi('姓名', 'Name')),
    name,
    symptoms.row,
    area.row,
    contact.row,
    h('p', { class: 'hint' }, bi('证件号码只发送给签发服务，不保存在本机', 'Your ID number goes to the issuer service only and is not kept on this phone')),
    submit,
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      submit.disabled = true;
      status.className = 'status';
      status.replaceChildren(bi('正在申领…', 'Asking the issuer…'));
      try {
        await options.onSubmit(sourceUrl(source.value), {
          idNumber: idNumber.value,
          name: name.value,
          hasSymptoms: symptoms.input.checked,
          visitedHighRiskArea: area.input.checked,
          contactWithConfirmed: contact.input.checked,
        });
      } catch (error) {
        status.className = 'status error';
        status.replaceChildren(bi('申领失败', 'Could not get a code'), h('br'), error instanceof Error ? error.message : String(error));
      } finally {
        submit.disabled = false;
      }
    })();
  });
  return h('div', {}, options.notice ?? null, form);
}
