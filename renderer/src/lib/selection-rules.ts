// Multi-select rules for the downloads list, the way file managers do it: a click selects one
// row, Shift-click a range from the anchor, Ctrl/Cmd-click toggles one. Pure, for tests; the
// state lives in selection.svelte.ts.

export interface SelectionState {
  keys: ReadonlySet<string>;
  /** Where a Shift-click range starts: the last row clicked without Shift. */
  anchor: string | null;
}

export interface Modifiers {
  shift: boolean;
  /** Ctrl on Windows and Linux, Cmd on macOS. */
  toggle: boolean;
}

/** The selection after a click on `key`, with `order` the rows as shown. */
export function clickSelection(
  state: SelectionState,
  key: string,
  order: readonly string[],
  mods: Modifiers,
): SelectionState {
  if (mods.shift && state.anchor !== null && order.includes(state.anchor)) {
    const a = order.indexOf(state.anchor);
    const b = order.indexOf(key);
    if (b < 0) return state;
    const range = order.slice(Math.min(a, b), Math.max(a, b) + 1);
    const keys = mods.toggle ? new Set([...state.keys, ...range]) : new Set(range);
    return { keys, anchor: state.anchor };
  }
  if (mods.toggle) return toggleSelection(state, key);
  return { keys: new Set([key]), anchor: key };
}

export function toggleSelection(state: SelectionState, key: string): SelectionState {
  const keys = new Set(state.keys);
  if (keys.has(key)) keys.delete(key);
  else keys.add(key);
  return { keys, anchor: key };
}

/** Rows that are no longer shown (filtered out, removed) leave the selection. */
export function pruneSelection(state: SelectionState, order: readonly string[]): SelectionState {
  const shown = new Set(order);
  const keys = [...state.keys].filter((k) => shown.has(k));
  if (keys.length === state.keys.size) return state;
  return {
    keys: new Set(keys),
    anchor: state.anchor !== null && shown.has(state.anchor) ? state.anchor : null,
  };
}

/** Ctrl on Windows and Linux, Cmd on macOS: what file managers use there. */
export function toggleModifier(e: MouseEvent | KeyboardEvent): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform) ? e.metaKey : e.ctrlKey;
}
