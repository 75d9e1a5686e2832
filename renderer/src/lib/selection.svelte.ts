// The selection in the downloads list (rules in selection-rules.ts): Ctrl/Cmd-A selects all rows
// shown, Space toggles the focused row. Published whole to $state.raw on every change.

import {
  clickSelection,
  pruneSelection,
  toggleModifier,
  toggleSelection,
  type SelectionState,
} from './selection-rules.js';

export { toggleModifier } from './selection-rules.js';

class Selection {
  #state = $state.raw<SelectionState>({ keys: new Set(), anchor: null });

  get keys(): ReadonlySet<string> {
    return this.#state.keys;
  }
  get size(): number {
    return this.#state.keys.size;
  }
  has(key: string): boolean {
    return this.#state.keys.has(key);
  }
  click(key: string, order: readonly string[], e: MouseEvent): void {
    this.#state = clickSelection(this.#state, key, order, { shift: e.shiftKey, toggle: toggleModifier(e) });
  }
  toggle(key: string): void {
    this.#state = toggleSelection(this.#state, key);
  }
  selectAll(order: readonly string[]): void {
    this.#state = { keys: new Set(order), anchor: this.#state.anchor };
  }
  prune(order: readonly string[]): void {
    this.#state = pruneSelection(this.#state, order);
  }
  clear(): void {
    this.#state = { keys: new Set(), anchor: null };
  }
}

export const selection = new Selection();
