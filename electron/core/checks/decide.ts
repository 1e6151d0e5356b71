/**
 * checks.confirm / dismiss / revert: the reviewer's decision on a proposed finding. Only confirm
 * touches the score, and it does so through the review service's saveAnswer (same validation,
 * rescoring and revision bump as a manual save), inside one transaction with the finding's status and
 * the audit.
 */
import { findingRepository, type FindingRecord } from '../../../db/repositories/findings';
import { reviewRepository } from '../../../db/repositories/reviews';
import { templateRepository } from '../../../db/repositories/templates';
import { nowIso } from '../../../db/util';
import type { ConfirmResult, RevertResult, StoredFinding } from '../../../shared/api/namespaces/checks';
import type { PageRef } from '../../../shared/api/namespaces/reviews';
import { answerForVerdict, effectiveDeduction, verdictAllowed, type RuleAnswer } from '../../../shared/domain/scoring/deduction';
import type { ChecklistItem } from '../../../shared/domain/scoring/schema';
import { AppError } from '../../../shared/errors';
import { FINDING_STATUS_LABELS as STATUS_LABEL, REVIEW_STATUS_LABELS as REVIEW_STATUS_LABEL } from '../../../shared/labels';
import { notFound, type CoreContext } from '../context';
import { reviewService, type ActingAs } from '../review/service';
import { dossierWorkGuard } from '../session/dossier-access';
import { listFindings } from './run';
import { articleZhOrEmpty } from '../../../shared/domain/chinese-numerals';

/** The note line a confirmed finding contributes: rule, law and article, then the computation shown. */
export function findingNote(f: Pick<FindingRecord, 'rule_id' | 'law' | 'article' | 'message' | 'computation'>): string {
  const basis = [f.law, articleZhOrEmpty(f.article)].filter(Boolean).join('');
  const head = `【自动检查${f.rule_id ? ` ${f.rule_id}` : ''}${basis ? ` ${basis}` : ''}】`;
  return `${head}${f.message}${f.computation ? `；${f.computation}` : ''}`;
}

/**
 * The answer a confirmation writes, given the item's rule and the answer already there: veto when
 * the answer is one already, or when both the finding and the item are veto; otherwise a deduction
 * counting one more problem (per occurrence: one more occurrence; range: what the item fixes for
 * this rule's problem, else the minimum, or the higher deduction already given; fixed: the item's points).
 */
export function confirmedAnswer(item: ChecklistItem, severity: 'veto' | 'deduction', existing: RuleAnswer | undefined, ruleId?: string): RuleAnswer {
  if (existing?.verdict === 'veto') return { verdict: 'veto' };
  const verdict = severity === 'veto' && item.veto ? 'veto' : 'deduct';
  if (!verdictAllowed(item, verdict)) {
    throw new AppError(
      'conflict',
      `评查项 ${item.code}“${item.title}”不设扣分${item.veto ? '，只能否决，而这条发现不是否决情形' : ''}，请在评查表中人工评定。`,
      { itemCode: item.code },
    );
  }
  return answerForVerdict(item, verdict, existing, 1, ruleId);
}

export function findingDecisions(ctx: CoreContext) {
  const db = ctx.db;
  const reviews = reviewRepository(db);
  const templates = templateRepository(db);
  const service = reviewService(ctx);
  const findings = findingRepository(db);
  const mustMayWorkOnDossier = dossierWorkGuard(ctx.read);
  const actingAs = (by: string | ActingAs): ActingAs => (typeof by === 'string' ? { actor: by } : by);

  const mustFinding = (id: string): FindingRecord => {
    const r = findings.withCampaign(id);
    if (!r) throw notFound('检查发现', id);
    return r;
  };
  const stored = (r: FindingRecord): StoredFinding => listFindings(db, { campaignId: r.campaign_id, findingId: r.id })[0];
  const snapshot = (r: FindingRecord) => ({ status: r.status, reason: r.decision_reason, reviewId: r.review_id });

  return {
    confirm: ({ findingId, reviewId }: { findingId: string; reviewId: string }, by: string | ActingAs): ConfirmResult =>
      ctx.tx(() => {
        const who: ActingAs = typeof by === 'string' ? { actor: by } : by;
        const actor = who.actor;
        const f = mustFinding(findingId);
        if (f.kind === 'cannot_check' || f.severity === 'advisory') {
          throw new AppError('conflict', '这条发现只是提示（无法检查或立卷建议），不能据此扣分；请核实后在评查表中人工评定。', { findingId });
        }
        if (!f.item_code) throw new AppError('conflict', '这条发现没有对应的评查项，不能自动扣分；请在评查表中人工评定。', { findingId });
        if (f.status === 'confirmed') throw new AppError('conflict', '这条发现已确认，无需重复确认。', { findingId });
        const review = reviews.getRow(reviewId);
        if (!review) throw notFound('评查表', reviewId);
        // Only the review's reviewer writes a finding into it (with a session chosen; docs/roles.md).
        service.mustMayWork(reviewId, who, '确认检查发现并据此扣分');
        if (review.dossier_id !== f.dossier_id) throw new AppError('invalid_argument', '这条发现不属于该评查表的案卷。', { findingId, reviewId });
        if (review.status !== 'draft') {
          throw new AppError('conflict', `评查表${REVIEW_STATUS_LABEL[review.status]}，不能再确认扣分；如需修改请由组长退回。`, { status: review.status });
        }
        const template = templates.cached(review.template_id)?.template;
        if (!template) throw notFound('评查标准模板', review.template_id);
        const item = template.items.find((i) => i.code === f.item_code);
        if (!item) {
          throw new AppError('conflict', `评查表所用的模板“${template.name}”没有评查项 ${f.item_code}，请在评查表中人工评定。`, { itemCode: f.item_code });
        }
        const existing = reviews.answerRows(reviewId).find((a) => a.item_code === item.code);
        const answer = confirmedAnswer(item, f.severity, existing, f.rule_id ?? undefined);
        const line = findingNote(f);
        const prior = existing && existing.verdict !== 'conform' && existing.verdict !== 'na' ? existing.note.trim() : '';
        const note = prior.includes(line) ? prior : prior ? `${prior}\n${line}` : line;
        const saved = service.saveAnswer({
          reviewId,
          itemCode: item.code,
          ...answer,
          note,
          pageRefs: existing ? (JSON.parse(existing.page_refs) as PageRef[]) : [],
        }, who);
        const at = nowIso();
        findings.setDecision({ id: f.id, status: 'confirmed', reason: null, at, by: actor, reviewId });
        const after = mustFinding(f.id);
        ctx.audit({
          actor,
          action: 'confirm_finding',
          entity: 'finding',
          entityId: f.id,
          before: { ...snapshot(f), answer: existing ? { verdict: existing.verdict, deduction: existing.deduction, occurrences: existing.occurrences } : null },
          after: {
            ...snapshot(after),
            itemCode: item.code,
            answer: answer.verdict === 'deduct' ? { ...answer, deduction: effectiveDeduction(item, answer) } : answer,
            revision: saved.revision,
            total: saved.score.total,
          },
        });
        return { finding: stored(after), revision: saved.revision, score: saved.score };
      }),

    dismiss: ({ findingId, reason }: { findingId: string; reason: string }, by: string | ActingAs): { finding: StoredFinding } =>
      ctx.tx(() => {
        const { actor, reviewer } = actingAs(by);
        const f = mustFinding(findingId);
        // A finding is the dossier's: its assigned reviewers decide on it (with a session chosen; docs/roles.md).
        mustMayWorkOnDossier(f.dossier_id, reviewer, '驳回检查发现');
        if (f.status === 'confirmed') {
          throw new AppError('conflict', '这条发现已确认并已写入评查表；如要驳回，请先撤销确认，再在评查表中调整该项结论。', { findingId });
        }
        findings.setDecision({ id: f.id, status: 'dismissed', reason: reason.trim(), at: nowIso(), by: actor, reviewId: f.review_id });
        const after = mustFinding(f.id);
        ctx.audit({ actor, action: 'dismiss_finding', entity: 'finding', entityId: f.id, before: snapshot(f), after: snapshot(after), reason: reason.trim() });
        return { finding: stored(after) };
      }),

    revert: ({ findingId }: { findingId: string }, by: string | ActingAs): RevertResult =>
      ctx.tx(() => {
        const who = actingAs(by);
        const actor = who.actor;
        const f = mustFinding(findingId);
        // A confirmation was written into one 评查表: only its reviewer takes it back; a dismissal is the dossier's.
        if (f.status === 'confirmed' && f.review_id) service.mustMayWork(f.review_id, who, '撤销对检查发现的确认');
        else mustMayWorkOnDossier(f.dossier_id, who.reviewer, '撤销对检查发现的驳回');
        if (f.status === 'proposed') throw new AppError('conflict', '这条发现仍是待确认状态，无需撤销。', { findingId });
        findings.setDecision({ id: f.id, status: 'proposed', reason: null, at: null, by: null, reviewId: null });
        const after = mustFinding(f.id);
        ctx.audit({ actor, action: 'revert_finding', entity: 'finding', entityId: f.id, before: snapshot(f), after: snapshot(after) });
        const answerKept = f.status === 'confirmed';
        const message = answerKept
          ? `已撤销确认，发现恢复为待确认；评查表中评查项 ${f.item_code ?? ''} 的扣分和说明保持不变，如需撤回请在评查表中修改该项。`
          : `已撤销${STATUS_LABEL[f.status]}，发现恢复为待确认。`;
        return { finding: stored(after), previous: f.status, answerKept, message };
      }),
  };
}
