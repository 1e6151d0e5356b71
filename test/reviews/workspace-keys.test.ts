/**
 * The review workspace's keymap (renderer/screens/review): how chords match key presses, and that the
 * one table behind the key handling still gives the shortcut sheet its rows.
 */
import { describe, expect, it } from 'vitest';
import { bindingFor, chordLabel, chordMatches, type KeyBinding, type KeyPress } from '../../renderer/screens/review/keymap';
import { workspaceKeymap, type WorkspaceKeyActions } from '../../renderer/screens/review/useWorkspaceKeys';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  code: /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('chordMatches', () => {
  it('matches letters in either case and ignores Shift on plain keys', () => {
    expect(chordMatches('J', press('j'))).toBe(true);
    expect(chordMatches('J', press('J', { shiftKey: true }))).toBe(true);
    expect(chordMatches('?', press('?', { shiftKey: true }))).toBe(true);
    expect(chordMatches('J', press('k'))).toBe(false);
    expect(chordMatches('1', press('!', { shiftKey: true }))).toBe(false);
  });

  it('needs exactly the modifiers the chord names; Ctrl is Ctrl or ⌘', () => {
    expect(chordMatches('J', press('j', { ctrlKey: true }))).toBe(false);
    expect(chordMatches('J', press('j', { altKey: true }))).toBe(false);
    expect(chordMatches('Ctrl+Z', press('z', { ctrlKey: true }))).toBe(true);
    expect(chordMatches('Ctrl+Z', press('z', { metaKey: true }))).toBe(true);
    expect(chordMatches('Ctrl+Z', press('z', { ctrlKey: true, altKey: true }))).toBe(false);
  });

  it('tells Ctrl+Z from Ctrl+Shift+Z', () => {
    expect(chordMatches('Ctrl+Z', press('Z', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(chordMatches('Ctrl+Shift+Z', press('Z', { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(chordMatches('Ctrl+Shift+Z', press('z', { ctrlKey: true }))).toBe(false);
    expect(chordMatches('Ctrl+Y', press('Y', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });

  it('matches Alt+letter by physical key too (macOS types ˜ for Alt+N)', () => {
    expect(chordMatches('Alt+N', press('˜', { altKey: true, code: 'KeyN' }))).toBe(true);
    expect(chordMatches('Alt+N', press('N', { altKey: true, shiftKey: true }))).toBe(true);
    expect(chordMatches('Alt+N', press('n'))).toBe(false);
  });
});

describe('bindingFor', () => {
  const b = (keys: string[], when?: KeyBinding['when']): KeyBinding => ({ keys, label: keys.join(), when, run: () => undefined });
  const keymap = [b(['J']), b(['Escape'], 'in-field'), b(['Alt+N'], 'anywhere')];

  it('leaves letters to a text field, and keeps in-field keys to fields', () => {
    expect(bindingFor(keymap, press('j'), false)?.keys).toEqual(['J']);
    expect(bindingFor(keymap, press('j'), true)).toBeUndefined();
    expect(bindingFor(keymap, press('Escape'), true)?.keys).toEqual(['Escape']);
    expect(bindingFor(keymap, press('Escape'), false)).toBeUndefined();
    expect(bindingFor(keymap, press('n', { altKey: true }), true)?.keys).toEqual(['Alt+N']);
    expect(bindingFor(keymap, press('n', { altKey: true }), false)?.keys).toEqual(['Alt+N']);
  });
});

describe('the workspace keymap', () => {
  const noop = () => undefined;
  const actions: WorkspaceKeyActions = { viewer: { current: null }, move: noop, select: noop, setVerdict: noop, cite: noop, showChecklist: noop, showShortcuts: noop, goNext: noop };

  it('gives the shortcut sheet the rows it always had', () => {
    expect(workspaceKeymap(actions).map((k) => [k.keys.map(chordLabel).join(' / '), k.label])).toEqual([
      ['J / ↓', '下一个评查项'],
      ['K / ↑', '上一个评查项'],
      ['1', '符合'],
      ['2', '扣分'],
      ['3', '不适用'],
      ['4', '否决（仅否决项）'],
      ['N', '填写说明/理由'],
      ['Esc', '离开输入框，回到评查表'],
      ['C', '引用阅卷区当前页'],
      ['S', '引用阅卷区选中的文字'],
      ['U', '跳到第一个未评项'],
      ['PageDown / ]', '卷宗下一页'],
      ['PageUp / [', '卷宗上一页'],
      ['V', '焦点移到卷宗阅读区'],
      ['Ctrl+Z', '撤销'],
      ['Ctrl+Shift+Z / Ctrl+Y', '重做'],
      ['Alt+N', '下一件案卷'],
      ['?', '显示本快捷键表'],
    ]);
  });

  it('runs the verdict keys, the moves and Alt+N even from a text field', () => {
    const calls: string[] = [];
    const keymap = workspaceKeymap({
      ...actions,
      move: (d) => void calls.push(`move ${d}`),
      setVerdict: (v) => void calls.push(`verdict ${v}`),
      goNext: () => void calls.push('next'),
    });
    const run = (p: KeyPress, typing = false) => bindingFor(keymap, p, typing)?.run(p as KeyboardEvent);
    run(press('2'));
    run(press('4'));
    run(press('ArrowDown'));
    run(press('k'));
    run(press('n', { altKey: true }), true);
    run(press('1'), true);
    expect(calls).toEqual(['verdict deduct', 'verdict veto', 'move 1', 'move -1', 'next']);
  });
});
