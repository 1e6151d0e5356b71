/**
 * A small dialog around one step: its fields (or a question), the error of the last try, and
 * [取消] [action], laid out like every other dialog (body, then the footer's buttons). The step's own logic stays with the caller (useDialogSubmit, or a plain handler).
 */
import type { FormEvent, ReactNode } from 'react';
import { Dialog } from './Dialog';
import { ErrorBanner } from './ui';

export function ActionDialog({
  title,
  action,
  tone = 'primary',
  alert = false,
  busy = false,
  error = null,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  /** The action button's text. */
  action: string;
  /** 'danger' for steps that discard something. */
  tone?: 'primary' | 'danger';
  /** Role alertdialog, for destructive confirmations. */
  alert?: boolean;
  busy?: boolean;
  error?: string | null;
  /** The form's submit: the browser checks required fields first. */
  onSubmit(e: FormEvent): void;
  onClose(): void;
  children: ReactNode;
}) {
  return (
    <Dialog title={title} onClose={onClose} size="small" alert={alert} busy={busy}>
      <form onSubmit={onSubmit}>
        <div className="dialog-body">
          {children}
          <ErrorBanner message={error} />
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            取消
          </button>
          <button type="submit" className={`button ${tone}`} disabled={busy}>
            {action}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
