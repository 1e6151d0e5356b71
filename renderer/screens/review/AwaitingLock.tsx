/**
 * 待锁定: for a 组长, the submitted reviews of every reviewer in the team; for the 法制机构, of all
 * teams. Lock (after a confirmation) or send back from here, or open the review to read it first.
 */
import { useState } from 'react';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import type { AwaitingLockEntry } from '../../../shared/api/namespaces/reviews';
import { getApi } from '../../api';
import { ErrorBanner } from '../../components/ui';
import { useLoad } from '../../hooks/useLoad';
import { useAppStore } from '../../stores/app';
import { ReasonDialog } from './ReasonDialog';
import { openAssignment } from './ReviewQueue';
import { ConfirmLockDialog } from './SignOff';
import { CaseCells, CaseHeaders, ReviewMarks, ScoreCells, ScoreHeaders } from './ReviewRowCells';

export function AwaitingLock({ campaign, who }: { campaign: Campaign; who: string }) {
  const toast = useAppStore((s) => s.toast);
  const [list, setList] = useState<{ scope: 'team' | 'all'; team: string; entries: AwaitingLockEntry[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<null | { kind: 'lock' | 'reopen'; entry: AwaitingLockEntry }>(null);
  const load = useLoad(async () => setList(await getApi().reviews.awaitingLock({ campaignId: campaign.id })), [campaign.id, who], setError);

  const scope = list ? (list.scope === 'all' ? '全部评查组' : list.team ? `“${list.team}”` : '本组') : '';
  return (
    <section className="awaiting-lock" aria-labelledby="awaiting-lock-title">
      <h2 id="awaiting-lock-title">
        待锁定{list ? <span className="muted">（{scope}，{list.entries.length} 份）</span> : null}
      </h2>
      <ErrorBanner message={error} />
      {!list ? (
        <p className="muted">正在加载…</p>
      ) : list.entries.length === 0 ? (
        <p className="muted" data-testid="awaiting-lock-empty">
          没有待锁定的评查表：评查人员提交后会出现在这里。
        </p>
      ) : (
        <table className="data-table" aria-label="待锁定的评查表">
          <thead>
            <tr>
              <CaseHeaders />
              <th>评查人员</th>
              <th>评查组</th>
              <th>提交时间</th>
              <ScoreHeaders />
            </tr>
          </thead>
          <tbody>
            {list.entries.map((e) => (
              <tr key={e.reviewId}>
                <CaseCells caseNo={e.caseNo} unitName={e.unitName} />
                <td>{e.reviewerName}</td>
                <td>{e.team || '—'}</td>
                <td>
                  {e.submittedAt ? new Date(e.submittedAt).toLocaleString('zh-CN', { hour12: false }) : '—'}
                  <ReviewMarks changedSinceSignOff={e.changedSinceSignOff} />
                </td>
                <ScoreCells total={e.total} grade={e.veto ? `${e.grade ?? '—'}（否决）` : e.grade} />
                <td className="actions-col">
                  <div className="row-actions">
                    <button type="button" className="button small" onClick={() => openAssignment(e.assignmentId)} aria-label={`查看 ${e.caseNo}`}>
                      查看
                    </button>
                    <button type="button" className="button small primary" onClick={() => setDialog({ kind: 'lock', entry: e })} aria-label={`锁定 ${e.caseNo}`}>
                      锁定
                    </button>
                    <button type="button" className="button small" onClick={() => setDialog({ kind: 'reopen', entry: e })} aria-label={`退回 ${e.caseNo}`}>
                      退回
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'lock' ? (
        <ConfirmLockDialog
          reviewId={dialog.entry.reviewId}
          caseNo={dialog.entry.caseNo}
          reviewerName={dialog.entry.reviewerName}
          total={dialog.entry.total}
          grade={dialog.entry.grade}
          onClose={() => setDialog(null)}
          onLocked={() => {
            toast('success', `已锁定：${dialog.entry.caseNo}`);
            void load();
          }}
        />
      ) : null}
      {dialog?.kind === 'reopen' ? (
        <ReasonDialog
          title="退回评查表"
          label="退回理由"
          hint={`退回 ${dialog.entry.caseNo}（${dialog.entry.reviewerName}）：评查表回到草稿状态，评查人员在评查页面看到此理由。`}
          confirm="退回"
          onClose={() => setDialog(null)}
          action={async (reason) => {
            await getApi().reviews.reopen({ reviewId: dialog.entry.reviewId, reason });
            toast('success', `已退回：${dialog.entry.caseNo}`);
            void load();
          }}
        />
      ) : null}
    </section>
  );
}
