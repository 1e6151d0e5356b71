/**
 * Who may work on and who may read a 评查表 once someone is chosen in 我是谁 (issue #18,
 * docs/roles.md). Working on it — answering, clearing, page references, confirming automatic
 * findings, submitting — is its reviewer's alone; reading it is also open to a 组长 of the reviewer's
 * 评查组 and to the campaign's 法制机构 (and to a co-reviewer of the same dossier, under blind review).
 * With nobody chosen (a single-user laptop, the CLI) nothing here refuses: the app works as before.
 */
import type { ReviewOwner } from '../../../db/repositories/review-roles';
import type { SessionReviewer } from '../../../shared/api/define';

const teamOf = (team: string) => (team ? `“${team}”组长` : '组长');

/** Who may read the review besides its reviewer, as the refusals name them. */
const readersOf = (owner: ReviewOwner) => `${teamOf(owner.team)}和法制机构`;

/** Why `who` may not `verb` (填写、清除、提交 …) a review of `owner`'s, or null when they may. */
export function refusalToWork(who: SessionReviewer | undefined, owner: ReviewOwner, verb: string): string | null {
  if (!who || who.id === owner.id) return null;
  if (who.campaignId !== owner.campaignId) return `当前使用者“${who.name}”不在这份评查表所属评查活动的名单中，不能${verb}。`;
  return `这份评查表分配给评查人员“${owner.name}”，只有本人可以${verb}；${readersOf(owner)}可以查看。当前使用者是“${who.name}”：如是本人操作，请在“我是谁”中选择“${owner.name}”。`;
}

/**
 * Why `who` may not read a review (or the queue) of `owner`'s, or null when they may. `coReviewer`:
 * `who` is assigned to the same dossier — blind review (consensus/service) then decides when.
 */
export function refusalToRead(who: SessionReviewer | undefined, owner: ReviewOwner, coReviewer: boolean): string | null {
  if (!who || who.id === owner.id) return null;
  if (who.campaignId !== owner.campaignId) return `当前使用者“${who.name}”不在这份评查表所属评查活动的名单中，不能查看。`;
  if (who.role === 'legal_office') return null;
  if (who.role === 'leader' && who.team === owner.team) return null;
  if (who.role === 'reviewer' && coReviewer) return null;
  return `评查人员“${owner.name}”的评查表只有本人、${readersOf(owner)}可以查看；当前使用者“${who.name}”${who.role === 'leader' ? `是${who.team ? `“${who.team}”` : '未分组人员'}的组长` : '是评查员'}。`;
}
