/** Asks for the reason an action needs before running it (退回 a review, 驳回 a finding); the reason goes to the audit log. */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useDialogSubmit } from '../../components/ui';

export function ReasonDialog({ title, label, hint, confirm, onClose, action }: { title: string; label: string; hint: string; confirm: string; onClose(): void; action(reason: string): Promise<void> }) {
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useDialogSubmit(() => action(reason.trim()), onClose);
  return (
    <Dialog title={title} onClose={onClose} size="small" busy={busy}>
      <form onSubmit={submit}>
        <div className="dialog-body">
          <p className="muted">{hint}</p>
          <div className={`field ${error ? 'has-error' : ''}`}>
            <label htmlFor="ws-reason">
              {label}
              <span className="required" aria-hidden="true">
                ＊
              </span>
            </label>
            <textarea id="ws-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required autoFocus />
            {error ? (
              <div className="field-error" role="alert">
                {error}
              </div>
            ) : null}
          </div>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            取消
          </button>
          <button type="submit" className="button danger" disabled={busy || !reason.trim()}>
            {confirm}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
