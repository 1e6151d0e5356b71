/**
 * Who may change what belongs to a dossier rather than to one 评查表 — its key facts (关键事实) and the
 * decisions on its automatic findings (驳回、撤销) — once someone is chosen in 我是谁 (issue #18,
 * docs/roles.md). The same rule as a review's answers (./review-access.ts): the reviewers assigned to
 * the dossier do the work; a 组长 and the 法制机构 read it and sign it off, they do not write in the
 * reviewer's place. With nobody chosen (a single-user laptop, the CLI) nothing here refuses.
 */
import { reviewRoleReads, type ReviewOwner } from '../../../db/repositories/review-roles';
import type { ReadableDB } from '../../../db/handles';
import type { SessionReviewer } from '../../../shared/api/define';
import { AppError } from '../../../shared/errors';
import { REVIEWER_ROLE_LABELS } from '../../../shared/labels';
import { notFound } from '../context';

const whoIs = (who: SessionReviewer) =>
  who.role === 'reviewer' ? `评查员“${who.name}”` : `${who.role === 'leader' && who.team ? `“${who.team}”` : ''}${REVIEWER_ROLE_LABELS[who.role]}“${who.name}”`;

/**
 * Why `who` may not `verb` (更正关键事实、驳回检查发现 …) on a dossier assigned to `assignees`, or null
 * when they may. `caseNo` names the dossier in the message.
 */
export function refusalToWorkOnDossier(
  who: SessionReviewer | undefined,
  dossier: { campaignId: string; caseNo: string },
  assignees: readonly ReviewOwner[],
  verb: string,
): string | null {
  if (!who) return null;
  if (who.campaignId !== dossier.campaignId) return `当前使用者“${who.name}”不在案卷 ${dossier.caseNo} 所属评查活动的名单中，不能${verb}。`;
  if (assignees.some((a) => a.id === who.id)) return null;
  const names = assignees.map((a) => `“${a.name}”`).join('、');
  const whose = assignees.length ? `案卷 ${dossier.caseNo} 分配给评查人员${names}，只有承办的评查人员可以${verb}` : `案卷 ${dossier.caseNo} 尚未分配评查人员，没有人可以${verb}`;
  return `${whose}；组长和法制机构可以查看。当前使用者是${whoIs(who)}${assignees.length === 1 ? `：如是本人操作，请在“我是谁”中选择${names}` : ''}。`;
}

/** Refuses (`forbidden`) anyone but the dossier's assigned reviewers once a session has chosen someone. */
export function dossierWorkGuard(db: ReadableDB) {
  const roles = reviewRoleReads(db);
  return (dossierId: string, who: SessionReviewer | undefined, verb: string): void => {
    if (!who) return;
    const dossier = roles.dossierCase(dossierId);
    if (!dossier) throw notFound('案卷', dossierId);
    const refusal = refusalToWorkOnDossier(who, dossier, roles.dossierAssignees(dossierId), verb);
    if (refusal) throw new AppError('forbidden', refusal, { dossierId, reviewerId: who.id });
  };
}
