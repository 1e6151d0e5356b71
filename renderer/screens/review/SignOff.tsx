/**
 * 组长锁定 / 退回 in the UI: who may (a 组长 of the reviewer's team or the 法制机构, as chosen in
 * 我是谁 — the core checks the team again and refuses with `forbidden`) and the confirmation before a
 * lock, which ends the reviewer's changes.
 */
import type { SessionMember } from '../../../shared/api/namespaces/session';
import type { Review } from '../../../shared/api/namespaces/reviews';
import { getApi } from '../../api';
import { ActionDialog } from '../../components/ActionDialog';
import { useDialogSubmit } from '../../components/ui';

/** Whether the session's person signs off in this campaign at all (the team is the core's to check). */
export const signsOff = (me: SessionMember | null, campaignId: string): boolean => Boolean(me && me.campaignId === campaignId && me.role !== 'reviewer');

export function ConfirmLockDialog({
  reviewId,
  caseNo,
  reviewerName,
  total,
  grade,
  onClose,
  onLocked,
}: {
  reviewId: string;
  caseNo: string;
  reviewerName?: string;
  total: number | null;
  grade: string | null;
  onClose(): void;
  onLocked(r: Review): void;
}) {
  const { busy, error, submit } = useDialogSubmit(async () => onLocked(await getApi().reviews.lock({ reviewId })), onClose);
  return (
    <ActionDialog title="确认组长锁定" action="锁定" busy={busy} error={error} onSubmit={(e) => void submit(e)} onClose={onClose}>
      <p>
        锁定案卷 <strong className="mono">{caseNo}</strong>
        {reviewerName ? `（评查人员：${reviewerName}）` : ''}的评查表：{total ?? '—'} 分，{grade ?? '—'}。
      </p>
      <p className="muted">锁定后评查人员不能再修改；如需修改须退回。锁定记入审计日志。</p>
    </ActionDialog>
  );
}
