/**
 * Modal dialog on the native <dialog> element: focus is kept inside, Esc closes (cancel event),
 * and focus returns to where it was when the dialog closes.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Narrow dialogs for confirmations. */
  size?: 'normal' | 'small' | 'wide';
  /** Role alertdialog for destructive confirmations. */
  alert?: boolean;
  /** Disable Esc/close while a request is running. */
  busy?: boolean;
}

export function Dialog({ title, onClose, children, size = 'normal', alert = false, busy = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previouslyFocused = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      if (!busyRef.current) onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      previouslyFocused?.focus?.();
    };
  }, []);

  return (
    <dialog ref={ref} className={`dialog dialog-${size}`} aria-labelledby={titleId} role={alert ? 'alertdialog' : 'dialog'}>
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="关闭" title="关闭（Esc）" onClick={() => !busy && onClose()} disabled={busy}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}
