/**
 * Running an export from the UI: start the job, poll its progress, cancel it; then a save dialog
 * (Electron, asked by the main process) or a browser download of the finished file (loopback host,
 * fetched with the bearer token so the link is useless to anyone else). Shared by every export
 * button of the 统计与导出 screen, the reports panels included.
 */
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import type { ExportResult, ExportStartInput } from '../../../shared/api/namespaces/exports';
import type { Job } from '../../../shared/api/namespaces/jobs';
import { currentConnection, errorMessage, getApi } from '../../api';
import { ProgressBar } from '../../components/ui';
import { useJob } from '../../hooks/useJob';
import { EXPORT_KINDS } from '../../../shared/domain/export/kinds';
import { useAppStore } from '../../stores/app';
import { selectSessionReviewer, useSessionStore } from '../../stores/session';

export type ExportInput = Omit<ExportStartInput, 'destination' | 'mask'>;

export interface MaskChoice {
  masked: boolean;
  setMasked(v: boolean): void;
}

/** Fetches a finished export with the token and hands it to the browser as a download. */
async function downloadExport(result: ExportResult): Promise<void> {
  const conn = currentConnection();
  if (conn.kind !== 'http' || !result.downloadUrl) throw new Error('无法下载：没有可用的下载地址。');
  const res = await fetch(result.downloadUrl, { headers: { Authorization: `Bearer ${conn.token}` }, cache: 'no-store', credentials: 'omit' });
  if (!res.ok) throw new Error(res.status === 404 ? '导出文件已过期或已下载过，请重新导出。' : `下载失败（HTTP ${res.status}）。`);
  const url = URL.createObjectURL(await res.blob());
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = result.fileName;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

interface ExportRunner {
  job: Job | null;
  running: boolean;
  masked: boolean;
  setMasked(v: boolean): void;
  /** Starts an export with the screen's mask choice; one at a time. */
  run(input: ExportInput, what: string): Promise<void>;
  cancel(): Promise<void>;
}

const ExportContext = createContext<ExportRunner | null>(null);

export function useExportRunner(): ExportRunner {
  const r = useContext(ExportContext);
  if (!r) throw new Error('useExportRunner must be used inside <ExportProvider>');
  return r;
}

export function ExportProvider({ children }: { children: ReactNode }) {
  const toast = useAppStore((s) => s.toast);
  const [masked, setMasked] = useState(true);
  const what = useRef('');

  const finish = useCallback(
    async (j: Job<ExportResult>) => {
      if (j.status === 'done') {
        const result = j.result!;
        try {
          if (result.downloadUrl) {
            await downloadExport(result);
            toast('success', `已导出${what.current}：${result.fileName}`);
          } else toast('success', `已保存${what.current}：${result.path ?? result.fileName}`);
        } catch (err) {
          toast('error', errorMessage(err));
        }
      } else if (j.status === 'cancelled') toast('info', j.error?.message ?? '导出已取消，未写入任何文件。');
      else toast('error', `导出${what.current}失败：${j.error?.message ?? '未知错误'}`);
    },
    [toast],
  );

  const exporting = useJob<'exports.start'>({ onEnd: (j) => void finish(j), onError: (message) => toast('error', message) });
  const { job, start, cancel } = exporting;

  const run = useCallback(
    async (input: ExportInput, label: string) => {
      if (job?.status === 'running') return;
      what.current = label;
      try {
        const destination = currentConnection().kind === 'ipc' ? ({ kind: 'ask' } as const) : ({ kind: 'download' } as const);
        const { jobId } = await getApi().exports.start({ ...input, mask: { idNumber: masked, phone: masked, personName: masked }, destination });
        start(jobId, { kind: 'export', label: `导出${label}` });
      } catch (err) {
        toast('error', errorMessage(err));
      }
    },
    [job, masked, start, toast],
  );

  const value: ExportRunner = { job, running: exporting.running, masked, setMasked, run, cancel };
  return <ExportContext.Provider value={value}>{children}</ExportContext.Provider>;
}

/** The mask switch, with a warning when it is off. */
export function MaskToggle() {
  const { masked, setMasked, running } = useExportRunner();
  return (
    <div className="export-mask">
      <label>
        <input type="checkbox" checked={masked} disabled={running} onChange={(e) => setMasked(e.target.checked)} /> 个人信息脱敏（身份证号保留前 6 位和后 4 位、电话保留前 3 位和后 4 位、个人姓名只保留姓；单位名称不脱敏）
      </label>
      {!masked ? (
        <div className="banner banner-warning" role="alert">
          导出的文件将包含当事人完整的身份证号、电话和姓名，请妥善保管。未脱敏的导出会记入审计日志。
        </div>
      ) : null}
    </div>
  );
}

// Floats at the bottom of the window so it stays in view wherever the export button was (toasts sit bottom-right).
const FLOATING = {
  position: 'fixed',
  left: '50%',
  bottom: 20,
  transform: 'translateX(-50%)',
  width: 'min(520px, calc(100vw - 40px))',
  margin: 0,
  zIndex: 40,
  boxShadow: '0 6px 24px rgba(0, 0, 0, 0.18)',
} as const;

/** Progress and cancel of the running export (stays visible while it runs). */
export function ExportProgress() {
  const { job, running, cancel } = useExportRunner();
  if (!job || !running) return null;
  return (
    <div className="panel export-progress" data-testid="export-progress" style={FLOATING}>
      <ProgressBar done={job.done} total={job.total} label={`${job.label}${job.step ? ` · ${job.step}` : ''}`} />
      <div className="panel-actions">
        <button type="button" className="button" onClick={() => void cancel()}>
          取消导出
        </button>
      </div>
    </div>
  );
}

/**
 * One export button; disabled while another export runs, and — with someone other than the 法制机构 chosen
 * in 我是谁 — for the exports that gather every team's reviews, which the core refuses them (docs/roles.md).
 */
export function ExportButton({ input, what, children, title }: { input: ExportInput; what: string; children: ReactNode; title?: string }) {
  const { run, running } = useExportRunner();
  const me = useSessionStore(selectSessionReviewer);
  const officeOnly = Boolean(me && me.role !== 'legal_office' && EXPORT_KINDS[input.kind].scope !== 'dossier');
  return (
    <button
      type="button"
      className="button small"
      disabled={running || officeOnly}
      title={officeOnly ? `${EXPORT_KINDS[input.kind].label}汇集各组的评查结果，由法制机构导出（当前使用者：${me!.name}）` : title}
      onClick={() => void run(input, what)}
    >
      {children}
    </button>
  );
}
