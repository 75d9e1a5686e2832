// The window's keyboard shortcuts, as data (for the "Keyboard shortcuts" overlay) and as one
// pure decision from a key press to a command.
export type ShortcutCommand = 'new-download' | 'find' | 'refresh' | 'shortcuts';

export interface ShortcutKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** What the overlay lists; `mod` reads Ctrl, or ⌘ on macOS. */
export const SHORTCUTS: readonly { keys: string[][]; what: string }[] = [
  { keys: [['mod', 'N']], what: 'New download' },
  { keys: [['mod', 'F'], ['/']], what: 'Search downloads' },
  { keys: [['mod', 'R']], what: 'Refresh all accounts' },
  { keys: [['↑'], ['↓']], what: 'Move between downloads' },
  { keys: [['Esc']], what: 'Close the details or a dialog' },
  { keys: [['?']], what: 'Show these shortcuts' },
];

export function modLabel(platform: string): string {
  return /mac/i.test(platform) ? '⌘' : 'Ctrl';
}

/**
 * The command a key press asks for, or null. Single keys ("/", "?") are left to a field the
 * user is typing in; with Ctrl/Cmd they work everywhere.
 */
export function shortcutFor(e: ShortcutKey, typing: boolean): ShortcutCommand | null {
  const mod = (e.ctrlKey || e.metaKey) && !e.altKey;
  if (mod && !e.shiftKey) {
    switch (e.key.toLowerCase()) {
      case 'n':
        return 'new-download';
      case 'f':
        return 'find';
      case 'r':
        return 'refresh';
    }
    return null;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === '/') return 'find';
  if (e.key === '?') return 'shortcuts';
  return null;
}

/** True when keys typed now go into a text field. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type)
  );
}
