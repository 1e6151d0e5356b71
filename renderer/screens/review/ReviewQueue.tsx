/**
 * The reviewer's queue: whose queue (the person chosen in 我是谁, or chosen here and remembered on this
 * computer), status, progress, score; above it, for a 组长 or the 法制机构, the 待锁定 list.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import type { QueueEntry } from '../../../shared/api/namespaces/reviews';
import type { Reviewer } from '../../../shared/api/namespaces/reviewers';
import { ASSIGNMENT_ROLE_LABELS, REVIEW_STATUS_LABELS, REVIEWER_ROLE_LABELS } from '../../../shared/labels';
import { errorMessage, getApi } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { navigate } from '../../router';
import { ErrorBanner } from '../../components/ui';
import { selectSessionReviewer, useSessionStore } from '../../stores/session';
import { AwaitingLock } from './AwaitingLock';
import { signsOff } from './SignOff';
import { CaseCells, CaseHeaders, ReviewMarks, ScoreCells, ScoreHeaders } from './ReviewRowCells';

const REVIEWER_KEY = (campaignId: string) => `dossier-review.reviewer.${campaignId}`;
const LAST_KEY = (campaignId: string) => `dossier-review.lastAssignment.${campaignId}`;

export function rememberedReviewer(campaignId: string): string | null {
  try {
    return localStorage.getItem(REVIEWER_KEY(campaignId));
  } catch {
    return null;
  }
}
function store(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode: not remembered.
  }
}
export const rememberLastAssignment = (campaignId: string, assignmentId: string) => store(LAST_KEY(campaignId), assignmentId);
const lastAssignment = (campaignId: string): string | null => {
  try {
    return localStorage.getItem(LAST_KEY(campaignId));
  } catch {
    return null;
  }
};


/** The next dossier still to do: drafts first (the queue's order), then untouched ones. */
export function nextUnfinished(queue: readonly QueueEntry[], after?: string): QueueEntry | null {
  const open = queue.filter((q) => (q.status === 'draft' || q.status === 'not_started') && q.assignmentId !== after);
  return open[0] ?? null;
}

export const openAssignment = (assignmentId: string) => {
  window.location.hash = `/review/a/${assignmentId}`;
};

export function ReviewQueue({ campaign }: { campaign: Campaign }) {
  const [reviewers, setReviewers] = useState<Reviewer[] | null>(null);
  const [reviewerId, setReviewerId] = useState<string | null>(() => rememberedReviewer(campaign.id));
  const [queue, setQueue] = useState<QueueEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const me = useSessionStore(selectSessionReviewer);

  // Whoever is at the keyboard (我是谁) sees their own queue.
  useEffect(() => {
    if (me && me.campaignId === campaign.id) setReviewerId(me.id);
  }, [me, campaign.id]);

  useEffect(() => {
    getApi()
      .reviewers.list({ campaignId: campaign.id })
      .then((list) => {
        setReviewers(list);
        setReviewerId((id) => (id && list.some((r) => r.id === id) ? id : null));
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [campaign.id]);

  const loadQueue = useCallback(() => {
    if (!reviewerId) return;
    setQueue(null);
    setError(null);
    getApi()
      .reviews.queue({ campaignId: campaign.id, reviewerId })
      .then(setQueue)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [campaign.id, reviewerId]);
  useEffect(loadQueue, [loadQueue]);

  const choose = (id: string) => {
    store(REVIEWER_KEY(campaign.id), id);
    setReviewerId(id);
  };

  // Someone else's queue (a 组长 or the 法制机构 looking at their people's): reading only (docs/roles.md).
  const othersQueue = Boolean(me && me.campaignId === campaign.id && reviewerId && me.id !== reviewerId);
  const actionLabel = (status: QueueEntry['status']) => (othersQueue ? '查看' : status === 'not_started' ? '开始评查' : status === 'draft' ? '继续评查' : '查看');
  const next = queue && !othersQueue ? nextUnfinished(queue) : null;

  // Alt+N: 下一件, as in the workspace.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.code !== 'KeyN' || document.querySelector('dialog[open]')) return;
      if (!next) return;
      e.preventDefault();
      openAssignment(next.assignmentId);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [next]);
  const last = lastAssignment(campaign.id);
  const resume = othersQueue ? null : queue?.find((q) => q.assignmentId === last && q.status === 'draft') ?? null;
  const done = queue?.filter((q) => q.status === 'submitted' || q.status === 'locked').length ?? 0;

  return (
    <section className="screen screen-wide" aria-labelledby="review-title">
      <div className="screen-header">
        <div>
          <h1 id="review-title">评查</h1>
          <p className="screen-subtitle">按评查标准逐卷打分：左侧阅卷，右侧评查表，每一处修改即时保存。</p>
        </div>
        <div className="header-actions">
          {resume ? (
            <button type="button" className="button" onClick={() => openAssignment(resume.assignmentId)}>
              继续上次：{resume.caseNo}
            </button>
          ) : null}
          <button type="button" className="button primary" disabled={!next} onClick={() => next && openAssignment(next.assignmentId)} title="打开下一件未完成的案卷（Alt+N）">
            下一件
          </button>
        </div>
      </div>
      <ErrorBanner message={error} />
      {me && signsOff(me, campaign.id) ? <AwaitingLock campaign={campaign} who={me.id} /> : null}
      <div className="ws-queue-bar">
        <label htmlFor="ws-reviewer">评查人员</label>
        <select
          id="ws-reviewer"
          value={reviewerId ?? ''}
          onChange={(e) => choose(e.target.value)}
          // A 评查员 chosen in 我是谁 sees only their own queue (the core refuses others'); 组长 and 法制机构 may look at their people's.
          disabled={Boolean(me && me.campaignId === campaign.id && me.role === 'reviewer')}
        >
          <option value="" disabled>
            请选择本人姓名
          </option>
          {reviewers?.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}（{REVIEWER_ROLE_LABELS[r.role]}，{r.unitName || '未填单位'}）
            </option>
          ))}
        </select>
        {queue ? (
          <span className="muted" data-testid="queue-summary">
            共 {queue.length} 件，已完成 {done} 件
          </span>
        ) : null}
      </div>
      {reviewers && reviewers.length === 0 ? (
        <EmptyState
          title="暂无待评查的案卷"
          action={
            <button type="button" className="button primary" onClick={() => navigate('dossiers')}>
              前往案卷页面
            </button>
          }
        >
          {campaign.dossierCount === 0
            ? '本活动还没有案卷：请先在“案卷”页面导入登记表、抽取案卷、添加评查人员并分配。'
            : '本活动还没有评查人员：请在“案卷”页面抽取案卷、添加评查人员并分配，评查人员就能在这里开始评查。'}
        </EmptyState>
      ) : !reviewerId ? (
        <EmptyState title="请选择评查人员">本程序不设登录；选择你的姓名后，本机会记住它。</EmptyState>
      ) : !queue ? (
        <p className="muted">正在加载待评案卷…</p>
      ) : queue.length === 0 ? (
        <EmptyState title="没有分配给你的案卷">请组长在“案卷”页面完成抽取与分配。</EmptyState>
      ) : (
        <table className="data-table ws-queue" aria-label="待评案卷">
          <thead>
            <tr>
              <CaseHeaders />
              <th>案件类型</th>
              <th>分工</th>
              <th>状态</th>
              <th>进度</th>
              <ScoreHeaders />
            </tr>
          </thead>
          <tbody>
            {queue.map((q) => (
              <tr key={q.assignmentId} className={q.assignmentId === next?.assignmentId ? 'is-current' : undefined}>
                <CaseCells caseNo={q.caseNo} unitName={q.unitName} />
                <td>
                  {q.caseType}
                  {q.procedure ? <span className="muted">（{q.procedure}）</span> : null}
                </td>
                <td>{ASSIGNMENT_ROLE_LABELS[q.role]}</td>
                <td>
                  <span className={`ws-status ws-status-${q.status}`}>{REVIEW_STATUS_LABELS[q.status]}</span>
                  <ReviewMarks returnedReason={q.returnedReason} changedSinceSignOff={q.changedSinceSignOff} />
                </td>
                <td>
                  <div className="ws-progress" title={`已评 ${q.answered} / ${q.applicable} 项`}>
                    <div className="ws-progress-track">
                      <div className="ws-progress-fill" style={{ width: `${q.applicable ? Math.round((q.answered / q.applicable) * 100) : 0}%` }} />
                    </div>
                    <span className="ws-progress-text">
                      {q.answered}/{q.applicable}
                    </span>
                  </div>
                </td>
                <ScoreCells
                  total={q.status === 'not_started' ? null : q.total}
                  grade={q.status === 'submitted' || q.status === 'locked' ? q.grade : q.grade ? <span className="muted">{q.grade}（暂定）</span> : null}
                />
                <td className="actions-col">
                  {othersQueue && q.status === 'not_started' ? (
                    <button type="button" className="button small" disabled title="尚未开始：只有被分配的评查人员本人可以开始评查">
                      未开始
                    </button>
                  ) : (
                    <button type="button" className="button small" onClick={() => openAssignment(q.assignmentId)} aria-label={`${actionLabel(q.status)} ${q.caseNo}`}>
                      {actionLabel(q.status)}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
