/**
 * 整改通知 tracking: one row per unit with reviewed dossiers — problem count, notice status,
 * reply deadline (overdue highlighted), the dates of each step — with the actions of the
 * lifecycle (生成 → 发出 → 登记回复 → 办结) and the notice's PDF / Word export.
 */
import { useState } from 'react';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import type { Notice, NoticeUnitRow } from '../../../shared/api/namespaces/notices';
import type { Unit } from '../../../shared/api/namespaces/units';
import { NOTICE_STATUS_LABELS } from '../../../shared/labels';
import { getApi } from '../../api';
import { ActionDialog } from '../../components/ActionDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner, useDialogSubmit } from '../../components/ui';
import { useAppStore } from '../../stores/app';
import { ExportButton } from './ExportPanel';
import './reports.css';
import { useLoad } from '../../hooks/useLoad';

const today = (): string => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};
const plusDays = (iso: string, days: number): string => {
  const d = new Date(`${iso}T00:00:00`);
  d.setDate(d.getDate() + days);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

type Step =
  | { kind: 'issue'; row: NoticeUnitRow }
  | { kind: 'sent' | 'replied' | 'closed'; row: NoticeUnitRow; notice: Notice };

const STEP_TEXT = {
  issue: { title: '生成整改通知', date: '回复期限', button: '生成' },
  sent: { title: '标记已发出', date: '发出日期', button: '标记已发出' },
  replied: { title: '登记整改回复', date: '回复日期', button: '登记回复' },
  closed: { title: '整改通知办结', date: '办结日期', button: '办结' },
} as const;

function StepDialog({ campaignId, step, onClose, onDone }: { campaignId: string; step: Step; onClose(): void; onDone(): void }) {
  const toast = useAppStore((s) => s.toast);
  const text = STEP_TEXT[step.kind];
  const [date, setDate] = useState(step.kind === 'issue' ? (step.row.notice?.replyDeadline ?? plusDays(today(), 30)) : today());
  const [note, setNote] = useState('');
  const { busy, error, submit } = useDialogSubmit(async () => {
    const api = getApi();
    if (step.kind === 'issue') await api.notices.issue({ campaignId, unitId: step.row.unitId, replyDeadline: date });
    else if (step.kind === 'sent') await api.notices.markSent({ id: step.notice.id, date });
    else if (step.kind === 'replied') await api.notices.markReplied({ id: step.notice.id, date, note });
    else await api.notices.close({ id: step.notice.id, date, note });
    toast('success', `${step.row.unitName}：${text.title}完成。`);
    onDone();
  }, onClose);
  return (
    <ActionDialog title={`${text.title} · ${step.row.unitName}`} action={text.button} busy={busy} error={error} onSubmit={(e) => void submit(e)} onClose={onClose}>
      <div className="field">
        <label htmlFor="notice-date">{text.date}</label>
        <input id="notice-date" type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        {step.kind === 'issue' ? <span className="field-hint">通常为发出之日起 30 日（以评查方案为准）。</span> : null}
      </div>
      {step.kind === 'replied' || step.kind === 'closed' ? (
        <div className="field">
          <label htmlFor="notice-note">{step.kind === 'replied' ? '回复说明' : '办结说明'}</label>
          <textarea id="notice-note" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} placeholder={step.kind === 'replied' ? '如：已报送整改报告，补正 3 卷文书' : '如：经复查整改到位'} />
        </div>
      ) : null}
    </ActionDialog>
  );
}

function DeadlineCell({ notice }: { notice: Notice | null }) {
  if (!notice?.replyDeadline) return <>—</>;
  if (notice.overdue) {
    return (
      <span className="notice-overdue" title="回复期限已过，尚未收到整改回复">
        {notice.replyDeadline}（逾期 {daysBetween(notice.replyDeadline, today())} 天）
      </span>
    );
  }
  return <>{notice.replyDeadline}</>;
}

export function NoticesPanel({ campaign }: { campaign: Campaign; units?: Unit[] }) {
  const [rows, setRows] = useState<NoticeUnitRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [step, setStep] = useState<Step | null>(null);

  const load = useLoad(async () => {
    setRows(await getApi().notices.list({ campaignId: campaign.id }));
  }, [campaign.id], setError);

  const overdue = (rows ?? []).filter((r) => r.notice?.overdue).length;

  return (
    <section className="panel" aria-labelledby="notices-title">
      <h2 className="panel-title" id="notices-title">
        整改通知
      </h2>
      {overdue ? (
        <div className="banner banner-warning" role="status">
          {overdue} 个单位的整改通知已过回复期限，尚未回复。
        </div>
      ) : null}
      <ErrorBanner message={error} />
      {rows && rows.length === 0 ? <EmptyState title="还没有可发整改通知的单位">评查表提交后，每个有评查结果的单位在这里生成、跟踪整改通知。</EmptyState> : null}
      {rows && rows.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table compact" aria-label="整改通知">
            <thead>
              <tr>
                <th scope="col">单位</th>
                <th scope="col" className="num">评查卷数</th>
                <th scope="col" className="num">问题数</th>
                <th scope="col">状态</th>
                <th scope="col">回复期限</th>
                <th scope="col">发出 / 回复 / 办结</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const n = r.notice;
                return (
                  <tr key={r.unitId} className={n?.overdue ? 'notice-row-overdue' : undefined} data-unit={r.unitName}>
                    <td>{r.unitName}</td>
                    <td className="num">{r.reviewed}</td>
                    <td className="num">{r.problemCount}</td>
                    <td>{n ? <span className={`notice-status notice-${n.status}`}>{NOTICE_STATUS_LABELS[n.status]}</span> : <span className="muted">未生成</span>}</td>
                    <td>
                      <DeadlineCell notice={n} />
                    </td>
                    <td className="small">
                      {n ? [n.sentDate, n.replyDate, n.closedDate].map((d) => d ?? '—').join(' / ') : '—'}
                      {n?.replyNote ? <div className="muted">回复：{n.replyNote}</div> : null}
                    </td>
                    <td className="row-actions">
                      {!n || n.status === 'draft' ? (
                        <button type="button" className="button small" onClick={() => setStep({ kind: 'issue', row: r })}>
                          {n ? '改期限' : '生成通知'}
                        </button>
                      ) : null}
                      {n?.status === 'draft' ? (
                        <button type="button" className="button small" onClick={() => setStep({ kind: 'sent', row: r, notice: n })}>
                          已发出
                        </button>
                      ) : null}
                      {n?.status === 'sent' ? (
                        <button type="button" className="button small" onClick={() => setStep({ kind: 'replied', row: r, notice: n })}>
                          登记回复
                        </button>
                      ) : null}
                      {n?.status === 'replied' ? (
                        <button type="button" className="button small" onClick={() => setStep({ kind: 'closed', row: r, notice: n })}>
                          办结
                        </button>
                      ) : null}
                      {r.reviewed > 0 ? (
                        <>
                          <ExportButton input={{ campaignId: campaign.id, kind: 'notice', format: 'pdf', unitId: r.unitId }} what={`整改通知（${r.unitName}）`}>
                            PDF
                          </ExportButton>
                          <ExportButton input={{ campaignId: campaign.id, kind: 'notice', format: 'docx', unitId: r.unitId }} what={`整改通知（${r.unitName}）`}>
                            Word
                          </ExportButton>
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {step ? <StepDialog campaignId={campaign.id} step={step} onClose={() => setStep(null)} onDone={() => void load()} /> : null}
    </section>
  );
}
