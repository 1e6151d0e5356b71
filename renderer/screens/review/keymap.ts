/**
 * A keymap: each binding's keys, its label and what it does. One table drives both the key handling
 * and the shortcut sheet, so the two cannot drift apart.
 */

/** The parts of a KeyboardEvent a chord is matched against. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

export interface KeyBinding {
  /** Chords such as 'J', 'ArrowDown', '?', 'Ctrl+Shift+Z', 'Alt+N'; the sheet shows them joined by ' / '. */
  keys: readonly string[];
  /** What the sheet says the keys do. */
  label: string;
  /** 'outside-fields' (default): not while typing in a text field; 'in-field': only then; 'anywhere'. */
  when?: 'outside-fields' | 'in-field' | 'anywhere';
  /** Does it; returns false when it did not apply, which leaves the key to the browser. */
  run(e: KeyboardEvent): boolean | void;
}

/**
 * Whether a key press is the chord. Ctrl stands for Ctrl or ⌘. Shift tells Ctrl+Z from Ctrl+Shift+Z;
 * elsewhere it is ignored (J and Shift+J alike; ? is typed with Shift). With Alt, letters also match by
 * physical key, since Alt changes the character on some layouts (macOS: Alt+N types ˜).
 */
export function chordMatches(chord: string, e: KeyPress): boolean {
  const parts = chord.split('+');
  const key = parts.pop()!;
  const ctrl = parts.includes('Ctrl');
  const alt = parts.includes('Alt');
  if ((e.ctrlKey || e.metaKey) !== ctrl || e.altKey !== alt) return false;
  if (ctrl && e.shiftKey !== parts.includes('Shift')) return false;
  if (/^[A-Z]$/.test(key)) return e.key.toUpperCase() === key || (alt && e.code === `Key${key}`);
  return e.key === key;
}

/** The binding a key press runs, given whether focus is in a text field. */
export function bindingFor(keymap: readonly KeyBinding[], e: KeyPress, typing: boolean): KeyBinding | undefined {
  return keymap.find((b) => {
    const when = b.when ?? 'outside-fields';
    if (typing ? when === 'outside-fields' : when === 'in-field') return false;
    return b.keys.some((k) => chordMatches(k, e));
  });
}

const KEY_LABELS: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', Escape: 'Esc' };

/** A chord as the shortcut sheet shows it. */
export const chordLabel = (chord: string): string => KEY_LABELS[chord] ?? chord;
