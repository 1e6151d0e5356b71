/**
 * The review workspace's keyboard: one keymap that both handles the keys (at window level, so they work
 * wherever focus is, except in dialogs) and lists them in the shortcut sheet.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { Verdict } from '../../../shared/domain/scoring/schema';
import type { PdfViewerHandle } from '../../components/pdf/PdfViewer';
import { useReviewStore } from '../../stores/review';
import { VERDICTS } from './ChecklistItemCard';
import { bindingFor, type KeyBinding } from './keymap';

export interface WorkspaceKeyActions {
  viewer: RefObject<PdfViewerHandle | null>;
  /** Moves the current item by delta in the checklist. */
  move(delta: number): void;
  /** Makes an item current and focuses it. */
  select(code: string): void;
  /** Sets the current item's verdict. */
  setVerdict(verdict: Verdict): void;
  /** Cites the viewer's page (or its selected text) on the current item. */
  cite(withSelection: boolean): void;
  showChecklist(): void;
  showShortcuts(): void;
  goNext(): void;
}

/** With focus in the PDF viewer these keys scroll the viewer, not the checklist or the dossier. */
const VIEWER_KEYS = new Set(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp']);

/** The workspace's keys, in the order the shortcut sheet lists them. */
export function workspaceKeymap(a: WorkspaceKeyActions): KeyBinding[] {
  const review = () => useReviewStore.getState();
  const turnPage = (delta: number) => {
    const v = a.viewer.current;
    if (v) v.goToPage(Math.max(1, v.currentPage() + delta));
  };
  return [
    { keys: ['J', 'ArrowDown'], label: '下一个评查项', run: () => a.move(1) },
    { keys: ['K', 'ArrowUp'], label: '上一个评查项', run: () => a.move(-1) },
    ...VERDICTS.map(
      (v): KeyBinding => ({ keys: [v.key], label: v.verdict === 'veto' ? `${v.label}（仅否决项）` : v.label, run: () => a.setVerdict(v.verdict) }),
    ),
    {
      keys: ['N'],
      label: '填写说明/理由',
      run: () => {
        const note = document.getElementById('ws-note') as HTMLTextAreaElement | null;
        if (!note || note.disabled) return false;
        a.showChecklist();
        note.focus();
      },
    },
    {
      keys: ['Escape'],
      label: '离开输入框，回到评查表',
      when: 'in-field',
      run: (e) => {
        const field = e.target as HTMLElement;
        if (!field.closest('.ws-checklist')) return false;
        field.blur();
        const code = review().currentCode;
        if (code) document.getElementById(`ws-item-${code}`)?.focus();
      },
    },
    { keys: ['C'], label: '引用阅卷区当前页', run: () => a.cite(false) },
    { keys: ['S'], label: '引用阅卷区选中的文字', run: () => a.cite(true) },
    {
      keys: ['U'],
      label: '跳到第一个未评项',
      run: () => {
        const st = review();
        const first = st.sheet?.applicable.find((c) => !st.answers[c]);
        if (first) a.select(first);
      },
    },
    { keys: ['PageDown', ']'], label: '卷宗下一页', run: () => turnPage(1) },
    { keys: ['PageUp', '['], label: '卷宗上一页', run: () => turnPage(-1) },
    { keys: ['V'], label: '焦点移到卷宗阅读区', run: () => a.viewer.current?.focus() },
    // Not in text fields: there Ctrl+Z is the field's own undo.
    { keys: ['Ctrl+Z'], label: '撤销', run: () => review().undo() },
    { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], label: '重做', run: () => review().redo() },
    { keys: ['Alt+N'], label: '下一件案卷', when: 'anywhere', run: () => a.goNext() },
    { keys: ['?'], label: '显示本快捷键表', run: () => a.showShortcuts() },
  ];
}

/** Installs the workspace's keys; returns the keymap for the shortcut sheet. */
export function useWorkspaceKeys(actions: WorkspaceKeyActions): readonly KeyBinding[] {
  const keymap = workspaceKeymap(actions);
  // The listener reads the latest keymap, so it is installed once rather than after every render.
  const latest = useRef(keymap);
  latest.current = keymap;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (VIEWER_KEYS.has(e.key) && target?.closest('.ws-viewer')) return;
      const binding = bindingFor(latest.current, e, typing);
      if (binding && binding.run(e) !== false) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return keymap;
}
