/**
 * A few DOM helpers. Text always goes in as text (`textContent`), never as HTML: a scanned
 * code's name is untrusted input.
 */

type Child = Node | string | false | null | undefined;

/** Creates an element with attributes (`class`, `data-*`, …) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    el.append(child);
  }
  return el;
}

/** A bilingual label: Chinese first, then English, each marked with its language. */
export function bi(zh: string, en: string, tag: 'span' | 'div' = 'span'): HTMLElement {
  return h(tag, { class: 'bi' }, h('span', { lang: 'zh-CN' }, zh), h('span', { lang: 'en' }, en));
}

/** Replaces the app's content with one view. */
export function mount(view: Node): void {
  document.getElementById('app')!.replaceChildren(view);
}
