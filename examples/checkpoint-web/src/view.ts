/** A view: what it shows, and what to stop (camera, listeners) when another view replaces it. */
import { mount } from './dom.js';

export interface View {
  readonly element: HTMLElement;
  dispose?(): void;
}

let current: View | undefined;

/** Replaces the current view, disposing it first. */
export function show(view: View): void {
  current?.dispose?.();
  current = view;
  mount(view.element);
}
