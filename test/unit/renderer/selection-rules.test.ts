// Multi-select in the list behaves like a file manager's.
import { describe, expect, it } from 'vitest';
import {
  clickSelection,
  pruneSelection,
  toggleSelection,
  type SelectionState,
} from '../../../renderer/src/lib/selection-rules.js';

const order = ['a', 'b', 'c', 'd', 'e'];
const none: SelectionState = { keys: new Set(), anchor: null };
const plain = { shift: false, toggle: false };
const keys = (s: SelectionState): string[] => [...s.keys].sort();

describe('selection rules', () => {
  it('a click selects that row alone and anchors there', () => {
    const s = clickSelection({ keys: new Set(['a', 'b']), anchor: 'a' }, 'c', order, plain);
    expect(keys(s)).toEqual(['c']);
    expect(s.anchor).toBe('c');
  });

  it('Shift-click selects the range from the anchor, either direction, replacing the rest', () => {
    const start = clickSelection(none, 'b', order, plain);
    expect(keys(clickSelection(start, 'd', order, { shift: true, toggle: false }))).toEqual(['b', 'c', 'd']);
    const back = clickSelection(start, 'a', order, { shift: true, toggle: false });
    expect(keys(back)).toEqual(['a', 'b']);
    expect(back.anchor).toBe('b');
  });

  it('Ctrl/Cmd-click toggles one row and keeps the others; with Shift it adds the range', () => {
    let s = clickSelection(none, 'a', order, plain);
    s = clickSelection(s, 'c', order, { shift: false, toggle: true });
    expect(keys(s)).toEqual(['a', 'c']);
    s = clickSelection(s, 'a', order, { shift: false, toggle: true });
    expect(keys(s)).toEqual(['c']);
    s = clickSelection({ keys: new Set(['a']), anchor: 'c' }, 'e', order, { shift: true, toggle: true });
    expect(keys(s)).toEqual(['a', 'c', 'd', 'e']);
  });

  it('Space toggles the focused row; rows no longer shown leave the selection', () => {
    expect(keys(toggleSelection(toggleSelection(none, 'b'), 'd'))).toEqual(['b', 'd']);
    const pruned = pruneSelection({ keys: new Set(['a', 'x']), anchor: 'x' }, order);
    expect(keys(pruned)).toEqual(['a']);
    expect(pruned.anchor).toBeNull();
  });
});
