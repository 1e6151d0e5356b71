/**
 * One Chinese label per value of each closed list the user reads: the screens, the exported
 * documents and the CLI all take their words from here, so a status is called the same thing
 * wherever it appears. The lists themselves are the contract's enums; this module only names them
 * (it imports their types, and nothing in shared/api imports it back).
 */
import type { AssignmentRole } from './api/namespaces/assignments';
import type { CampaignPhase } from './api/namespaces/campaigns';
import type { FindingStatus, Severity } from './api/namespaces/checks';
import type { DocumentSource } from './api/namespaces/files';
import type { NoticeStatus } from './api/namespaces/notices';
import { REVIEWER_ROLES, type ReviewerRole } from './api/namespaces/reviewers';
import type { ReviewProgress } from './api/namespaces/reviews';
import type { ItemStatus } from './domain/scoring/engine';

/** A review as it moves through its campaign: nothing yet, being filled in, handed in, locked by the leader. */
export const REVIEW_STATUS_LABELS: Record<ReviewProgress, string> = {
  not_started: '未开始',
  draft: '评查中',
  submitted: '已提交',
  locked: '已锁定',
};

/** An item's state on a scored sheet: the reviewer's verdict, or why there is none. */
export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  conform: '符合',
  deduct: '扣分',
  na: '不适用',
  veto: '否决',
  unanswered: '未评',
  invalid: '无效',
  not_applicable: '不适用',
};

/** An automatic-check finding: awaiting the reviewer's decision, confirmed into the sheet, or dismissed. */
export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = { proposed: '待确认', confirmed: '已确认', dismissed: '已驳回' };

export const SEVERITY_LABELS: Record<Severity, string> = { veto: '否决', deduction: '扣分', advisory: '提示' };

/** A reviewer's part in one dossier. */
export const ASSIGNMENT_ROLE_LABELS: Record<AssignmentRole, string> = { primary: '主评', cross: '交叉评查' };

/** A reviewer's place in the review team. */
export const REVIEWER_ROLE_LABELS: Record<ReviewerRole, string> = { reviewer: '评查员', leader: '组长', legal_office: '法制机构' };

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = { draft: '待发出', sent: '已发出', replied: '已回复', closed: '已办结' };

export const CAMPAIGN_PHASE_LABELS: Record<CampaignPhase, string> = {
  planned: '方案制定',
  self_check: '自查自评',
  sampling: '抽查',
  review: '集中评查',
  recheck: '复核',
  feedback: '反馈',
  published: '通报',
  rectification: '整改',
};

/** Where a document's place in the file came from. */
export const DOCUMENT_SOURCE_LABELS: Record<DocumentSource, string> = { auto: '自动识别', ocr: 'OCR 识别', manual: '人工标记' };

/** The label of a value read as plain text (a raw SQL row); an unknown value shows as itself. */
export const labelOf = <K extends string>(labels: Record<K, string>, value: string): string => (labels as Record<string, string>)[value] ?? value;

/** Reads a role as typed in a reviewers sheet: the code, its label, or a common synonym. */
export function parseReviewerRole(text: string): ReviewerRole | null {
  const t = text.trim();
  if ((REVIEWER_ROLES as readonly string[]).includes(t)) return t as ReviewerRole;
  const found = (Object.entries(REVIEWER_ROLE_LABELS) as [ReviewerRole, string][]).find(([, label]) => label === t);
  if (found) return found[0];
  if (['评查人员', '评查人', '成员'].includes(t)) return 'reviewer';
  if (['评查组长', '组长/评查员'].includes(t)) return 'leader';
  if (['法制机构人员', '法制科', '司法局'].includes(t)) return 'legal_office';
  return null;
}
