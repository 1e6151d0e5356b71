/** Small shared pieces: progress bar, file reading, tabs. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../api';

/** Reads a File as base64 (without the data: prefix). */
export function readFileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const s = String(reader.result ?? '');
      const i = s.indexOf(',');
      resolve(i >= 0 ? s.slice(i + 1) : s);
    };
    reader.onerror = () => reject(reader.error ?? new Error(`无法读取文件“${file.name}”`));
    reader.readAsDataURL(file);
  });
}

/** Determinate when total > 0, otherwise indeterminate. */
/** The error of the last action or load, announced to screen readers; nothing when there is none. */
export function ErrorBanner({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="banner banner-error" role="alert">
      {message}
    </div>
  );
}

export function ProgressBar({ done, total, label }: { done?: number; total?: number; label: string }) {
  const determinate = total !== undefined && total > 0 && done !== undefined;
  const pct = determinate ? Math.min(100, Math.round((done / total) * 100)) : undefined;
  return (
    <div className="progress-wrap" role="status" aria-live="polite">
      <div className="progress-label">{label}</div>
      <div
        className={`progress ${determinate ? '' : 'progress-indeterminate'}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={determinate ? 100 : undefined}
        aria-valuenow={pct}
      >
        <div className="progress-fill" style={determinate ? { width: `${pct}%` } : undefined} />
      </div>
    </div>
  );
}

export function Tabs<T extends string>({ tabs, value, onChange, label }: { tabs: { id: T; label: string }[]; value: T; onChange(id: T): void; label: string }) {
  const onKey = (e: React.KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === value);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    if (next < 0) return;
    e.preventDefault();
    onChange(tabs[next].id);
    setTimeout(() => document.getElementById(`tab-${tabs[next].id}`)?.focus(), 0);
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((t) => (
        <button
          key={t.id}
          id={`tab-${t.id}`}
          type="button"
          role="tab"
          aria-selected={t.id === value}
          tabIndex={t.id === value ? 0 : -1}
          className={`tab ${t.id === value ? 'active' : ''}`}
          onClick={() => onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function SimpleField({ label, id, children, hint, required }: { label: string; id: string; children: ReactNode; hint?: string; required?: boolean }) {
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="required" aria-hidden="true">
            ＊
          </span>
        ) : null}
      </label>
      {children}
      {hint ? <div className="field-hint">{hint}</div> : null}
    </div>
  );
}

export const fen = (v: number | null) => (v === null ? '' : (v / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

/**
 * The submit logic every small dialog form shares: busy while the action runs, close on success,
 * on failure show the message and let the user try again.
 */
export function useDialogSubmit(action: () => Promise<void>, onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return { busy, error, submit };
}
