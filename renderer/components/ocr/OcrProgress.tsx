/**
 * Global background-task indicator for OCR, in the app header: "识别中 37/300" with a thin bar and
 * a stop button while scanned pages are being read; "识别已暂停 · 继续" when the user stopped it with
 * pages left; when OCR failed or is unavailable, the reason in words ("文字识别进程意外退出（退出代码
 * 139），3 页待识别 · 重试 · 说明"), with what to do behind 说明 (a button, so the keyboard reaches it;
 * no tooltip holds anything the user needs); nothing otherwise. Polls files.ocrStatus (which also resumes OCR left over from an
 * earlier session), faster while OCR runs.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { OcrStatus } from '../../../shared/api/namespaces/files';
import { errorMessage, getApi } from '../../api';
import './OcrProgress.css';

const POLL_RUNNING_MS = 1000;
const POLL_IDLE_MS = 5000;

export function OcrProgress({ campaignId }: { campaignId?: string }) {
  const [status, setStatus] = useState<OcrStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let next = POLL_IDLE_MS;
      try {
        const s = await getApi().files.ocrStatus(campaignId ? { campaignId } : {});
        if (stopped) return;
        setStatus(s);
        setError(null);
        if (s.running) next = POLL_RUNNING_MS;
      } catch (err) {
        if (!stopped) setError(errorMessage(err));
      }
      if (!stopped) timer = setTimeout(poll, next);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [campaignId]);

  const act = async (fn: () => Promise<OcrStatus>) => {
    setBusy(true);
    try {
      setStatus(await fn());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (!status) return null;
  const left = status.pending.title + status.pending.full;
  // Every queued page has a full-page pass still pending, and at most that many title bands.
  const pagesLeft = Math.max(status.pending.title, status.pending.full);
  if (status.running) {
    const pct = status.total > 0 ? Math.min(100, Math.round((status.done / status.total) * 100)) : 0;
    const what = status.pass === 'title' ? '正在识别扫描页的页首（文书目录）' : '正在识别扫描页全文（供全文查找）';
    return (
      <div className="ocr-progress" role="status" aria-live="polite" data-testid="ocr-progress" title={`${what}：${status.step}`}>
        <span className="ocr-progress-spinner" aria-hidden="true" />
        <span className="ocr-progress-text">
          识别中 {status.done}/{status.total}
        </span>
        <span className="ocr-progress-bar" role="progressbar" aria-label="文字识别进度" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
          <span style={{ width: `${pct}%` }} />
        </span>
        <button type="button" className="ocr-progress-button" disabled={busy} onClick={() => void act(() => getApi().files.ocrCancel({}))} aria-label="停止文字识别">
          停止
        </button>
      </div>
    );
  }
  if (status.state === 'paused') {
    return (
      <div className="ocr-progress" role="status" data-testid="ocr-progress">
        <span className="ocr-progress-text">识别已暂停，余 {pagesLeft} 页</span>
        <button type="button" className="ocr-progress-button" disabled={busy} onClick={() => void act(() => getApi().files.ocrResume({}))}>
          继续
        </button>
      </div>
    );
  }
  if ((status.state === 'failed' || status.state === 'unavailable') && left > 0) {
    return <OcrProblem status={status} pagesLeft={pagesLeft} busy={busy} onRetry={() => void act(() => getApi().files.ocrResume({}))} />;
  }
  if (error) {
    return (
      <div className="ocr-progress ocr-progress-error" role="alert" data-testid="ocr-progress" title={error}>
        文字识别状态不可用
      </div>
    );
  }
  return null;
}

/** Failed or unavailable OCR: the reason stays on screen; 说明 opens what to do (Esc or 说明 closes it). */
function OcrProblem({ status, pagesLeft, busy, onRetry }: { status: OcrStatus; pagesLeft: number; busy: boolean; onRetry: () => void }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    toggleRef.current?.focus();
  };
  const reason = status.reason ?? status.error ?? '文字识别不可用';
  return (
    <div
      className={`ocr-progress ocr-progress-problem ocr-progress-${status.state}`}
      role="alert"
      data-testid="ocr-progress"
      data-state={status.state}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <span className="ocr-progress-icon" aria-hidden="true">
        !
      </span>
      <span className="ocr-progress-text">
        <span className="ocr-progress-reason" data-testid="ocr-reason">
          {reason}
        </span>
        ，{pagesLeft} 页待识别
      </span>
      <button type="button" className="ocr-progress-button" disabled={busy} onClick={onRetry}>
        重试
      </button>
      <button ref={toggleRef} type="button" className="ocr-progress-button" aria-expanded={open} aria-controls={panelId} onClick={() => (open ? close() : setOpen(true))}>
        说明
      </button>
      {open && (
        <div id={panelId} className="ocr-progress-details" role="region" aria-label="文字识别问题说明" data-testid="ocr-details">
          <p className="ocr-progress-details-reason">{reason}</p>
          {status.remedy && <p>{status.remedy}</p>}
          <p className="ocr-progress-details-count">
            待识别：页首 {status.pending.title} 页，全文 {status.pending.full} 页{status.failed > 0 ? `；已跳过 ${status.failed} 页` : ''}。
          </p>
          <button type="button" className="button" onClick={close}>
            关闭
          </button>
        </div>
      )}
    </div>
  );
}
