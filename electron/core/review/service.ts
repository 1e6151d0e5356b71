/**
 * The review service: what a 评查表 is and how it changes — open, read, answer (rescoring), submit,
 * lock, send back, and a reviewer's queue. Plain functions over the store; the `reviews` API
 * handlers adapt them to the contract, and the automatic checks' confirmations and the sheet export
 * call them directly, so every path scores through the one `scoreOf` below.
 */
import { reviewRepository, toAnswer, toReview, type AnswerRow, type ReviewRow } from '../../../db/repositories/reviews';
import { recordSignOff, signOffMarks } from './signoff-mark';
import { templateRepository } from '../../../db/repositories/templates';
import { newId, nowIso } from '../../../db/util';
import type { PageRef, QueueEntry, Review, ReviewSheet } from '../../../shared/api/namespaces/reviews';
import { applicableItems, type CaseContext } from '../../../shared/domain/scoring/applicability';
import { scoreReview, type ScoreResult } from '../../../shared/domain/scoring/engine';
import { withGradeModel } from '../../../shared/domain/scoring/grade-models';
import { gradeModelOf } from '../settings/service';
import type { ChecklistTemplate, ItemAnswer, ReviewAnswers, Verdict } from '../../../shared/domain/scoring/schema';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';
import { resolveTemplate } from '../handlers/templates';
import { REVIEW_STATUS_LABELS as STATUS_LABEL } from '../../../shared/labels';
import { reviewRoleRepository } from '../../../db/repositories/review-roles';
import type { CallContext } from '../../../shared/api/define';
import { refusalToSignOff } from '../session';
import { refusalToRead, refusalToWork } from '../session/review-access';
import { listsProcedure } from '../../../shared/domain/procedures';

/** Who acts: the audit actor and the session's roster member, if chosen (docs/roles.md). */
export type ActingAs = Pick<CallContext, 'actor' | 'reviewer'>;
/** Who signs off (locks or sends back). */
export type SignOffBy = ActingAs;
/** A bare actor string is a caller with no session (the CLI, internal jobs): nothing is limited by role. */
const actingAs = (by: string | ActingAs | undefined): ActingAs => (typeof by === 'string' ? { actor: by } : (by ?? { actor: '' }));

/** The case context a template scores with: a procedure the template does not list is ignored (e.g. 特别程序 under PG; 一般程序 and 普通程序 are the same procedure). */
export function caseContext(t: ChecklistTemplate, caseType: string, procedure: string | null): CaseContext {
  const known = procedure && (t.procedures.length === 0 || listsProcedure(t.procedures, procedure));
  return { caseType, procedure: known ? procedure : undefined };
}

/** One item's answer as the reviewer gives it (the `reviews.saveAnswer` input). */
export interface AnswerChange {
  reviewId: string;
  itemCode: string;
  verdict: Verdict;
  deduction?: number;
  occurrences?: number;
  note?: string;
  pageRefs?: PageRef[];
  /** Optimistic concurrency: refused with `conflict` when the review has moved on. */
  expectedRevision?: number;
}

/** A stored score and the revision it produced. */
export interface Rescored {
  revision: number;
  score: ScoreResult;
}

const pageRefText = (p: PageRef): string => (p.text ? `第${p.page}页：${p.text}` : `第${p.page}页`);

function toItemAnswer(r: AnswerRow): ItemAnswer {
  const refs = JSON.parse(r.page_refs) as PageRef[];
  return {
    verdict: r.verdict,
    deduction: r.deduction,
    occurrences: r.occurrences,
    ...(r.note ? { note: r.note } : {}),
    ...(refs.length ? { pageRefs: refs.map(pageRefText) } : {}),
  };
}

const answersOf = (rows: readonly AnswerRow[]): ReviewAnswers => {
  const out: ReviewAnswers = {};
  for (const r of rows) out[r.item_code] = toItemAnswer(r);
  return out;
};

type AnswerRecord = Pick<AnswerRow, 'verdict' | 'deduction' | 'occurrences' | 'note' | 'page_refs'>;
/** An answer as the audit log records it. */
const answerRecord = (a: AnswerRecord) => ({
  verdict: a.verdict,
  deduction: a.deduction,
  occurrences: a.occurrences,
  note: a.note,
  pageRefs: JSON.parse(a.page_refs) as PageRef[],
});

const dimensionScores = (s: ScoreResult): string => JSON.stringify(Object.fromEntries(s.dimensions.map((d) => [d.code, d.score])));

export type ReviewService = ReturnType<typeof reviewService>;

export function reviewService(ctx: CoreContext) {
  const repo = reviewRepository(ctx.db);
  const templates = templateRepository(ctx.db);
  const roles = reviewRoleRepository(ctx.db);

  /** Only a 组长 of the reviewer's team or the 法制机构 may lock or send back (refused with `forbidden`). */
  const mustMaySignOff = (row: ReviewRow, by: SignOffBy, verb: string) => {
    const owner = roles.reviewOwner(row.id);
    if (!owner) throw notFound('评查表', row.id);
    const refusal = refusalToSignOff(by.reviewer, owner, verb);
    if (refusal) throw new AppError('forbidden', refusal, { reviewId: row.id, team: owner.team });
  };

  const ownerOf = (reviewId: string) => {
    const owner = roles.reviewOwner(reviewId);
    if (!owner) throw notFound('评查表', reviewId);
    return owner;
  };
  /** Only the review's own reviewer may change it once someone is chosen in 我是谁 (`forbidden` otherwise). */
  const mustMayWork = (reviewId: string, by: ActingAs, verb: string) => {
    const owner = ownerOf(reviewId);
    const refusal = refusalToWork(by.reviewer, owner, verb);
    if (refusal) throw new AppError('forbidden', refusal, { reviewId, reviewerId: owner.id });
  };
  /** Its reviewer, a 组长 of the reviewer's team, the 法制机构 — and a co-reviewer of the dossier — may read it. */
  const mustMayRead = (row: ReviewRow, by: ActingAs) => {
    const owner = ownerOf(row.id);
    const co = by.reviewer ? roles.isAssigned(row.dossier_id, by.reviewer.id) : false;
    const refusal = refusalToRead(by.reviewer, owner, co);
    if (refusal) throw new AppError('forbidden', refusal, { reviewId: row.id, reviewerId: owner.id });
  };

  const mustRow = (id: string): ReviewRow => {
    const r = repo.getRow(id);
    if (!r) throw notFound('评查表', id);
    return r;
  };
  const mustTemplate = (id: string): ChecklistTemplate => {
    const t = templates.cached(id);
    if (!t) throw notFound('评查标准模板', id);
    return t.template;
  };
  const contextOf = (row: ReviewRow, t: ChecklistTemplate) => caseContext(t, row.case_type, row.procedure);

  /** The review's score: from its stored answers, or from `answers` when a change is pending. */
  const scoreOf = (row: ReviewRow, template: ChecklistTemplate, answers: ReviewAnswers = answersOf(repo.answerRows(row.id))): ScoreResult =>
    scoreReview(withGradeModel(template, gradeModelOf(ctx.db, row.campaign_id)), answers, { context: contextOf(row, template) });

  /** Stores a score on the review (which bumps its revision). */
  const keepScore = (row: ReviewRow, score: ScoreResult): Rescored => {
    repo.storeScore({ id: row.id, total: score.total, grade: score.grade, veto: score.veto.hit ? 1 : 0, dimensionScores: dimensionScores(score), updatedAt: nowIso() });
    return { revision: row.revision + 1, score };
  };

  /** A review about to change an answer: still a draft, at the revision the caller saw; with its template and stored answers. */
  const editableDraft = (reviewId: string, expectedRevision: number | undefined, by: ActingAs, verb: string) => {
    const row = mustRow(reviewId);
    mustMayWork(reviewId, by, verb);
    checkRevision(row, expectedRevision);
    mustBeDraft(row);
    return { row, template: mustTemplate(row.template_id), stored: repo.answerRows(reviewId) };
  };

  const sheetOf = (row: ReviewRow): ReviewSheet => {
    const template = mustTemplate(row.template_id);
    const rows = repo.answerRows(row.id);
    const dossier = repo.dossier(row.dossier_id);
    if (!dossier) throw notFound('案卷', row.dossier_id);
    return {
      review: toReview(row),
      template,
      dossier,
      applicable: applicableItems(template, contextOf(row, template)).map((i) => i.code),
      answers: rows.map(toAnswer),
      score: scoreOf(row, template, answersOf(rows)),
    };
  };

  const checkRevision = (row: ReviewRow, expected: number | undefined) => {
    if (expected !== undefined && expected !== row.revision) {
      throw new AppError('conflict', `评查表已被修改（当前版本 ${row.revision}，你的版本 ${expected}），请刷新后再保存。`, {
        revision: row.revision,
      });
    }
  };
  const mustBeDraft = (row: ReviewRow) => {
    if (row.status !== 'draft') {
      throw new AppError('conflict', `评查表${STATUS_LABEL[row.status]}，不能再修改；如需修改请由组长退回。`, { status: row.status });
    }
  };

  /**
   * Every saved answer change is one audit entry with the answer before and after. Each save is
   * appended, none coalesced: the log is append-only (triggers refuse UPDATE) and hash-chained, so
   * folding a rapid edit into the previous entry would mean rewriting a row that is already recorded.
   */
  const auditAnswer = (
    actor: string,
    action: 'save_answer' | 'clear_answer',
    row: ReviewRow,
    itemCode: string,
    storedBefore: readonly AnswerRow[],
    after: AnswerRecord | null,
    rescored: Rescored,
  ) => {
    const prior = storedBefore.find((a) => a.item_code === itemCode);
    ctx.audit({
      actor,
      action,
      entity: 'review',
      entityId: row.id,
      before: { itemCode, answer: prior ? answerRecord(prior) : null, total: row.total, revision: row.revision },
      after: { itemCode, answer: after ? answerRecord(after) : null, total: rescored.score.total, revision: rescored.revision },
    });
  };

  const transition = (
    row: ReviewRow,
    next: { status: 'draft' | 'submitted' | 'locked'; submittedAt: string | null; lockedAt: string | null; lockedBy: string | null },
    action: string,
    actor: string,
    reason?: string,
  ): Review => {
    repo.setStatus({ id: row.id, ...next, updatedAt: nowIso() });
    const after = mustRow(row.id);
    ctx.audit({
      actor,
      action,
      entity: 'review',
      entityId: row.id,
      before: { status: row.status, total: row.total, grade: row.grade, revision: row.revision },
      after: { status: after.status, total: after.total, grade: after.grade, revision: after.revision },
      reason: reason ?? null,
    });
    return toReview(after);
  };

  return {
    /** The assignment's 评查表, created (with the template the campaign assigns) the first time. */
    open: (assignmentId: string, by: string | ActingAs): ReviewSheet =>
      ctx.tx(() => {
        const who = actingAs(by);
        const actor = who.actor;
        const existing = repo.byAssignment(assignmentId);
        if (existing) {
          mustMayRead(existing, who);
          return sheetOf(existing);
        }
        const a = repo.assignment(assignmentId);
        if (!a) throw notFound('评查分配', assignmentId);
        const assignee = roles.reviewerAsOwner(a.reviewerId);
        const refusal = assignee ? refusalToWork(who.reviewer, assignee, '开始评查') : null;
        if (refusal) throw new AppError('forbidden', refusal, { assignmentId, reviewerId: a.reviewerId });
        if (a.status !== 'active') throw new AppError('conflict', '该分配已撤回，不能开始评查。');
        const chosen = resolveTemplate(templates, a.campaignId, { caseType: a.caseType, procedure: a.procedure }, true);
        if (!chosen) {
          throw new AppError(
            'conflict',
            `案件类型“${a.caseType}${a.procedure ? `（${a.procedure}）` : ''}”暂无适用的评查标准模板：内置模板只覆盖行政处罚、行政许可、行政强制、行政检查。请先导入该类型的评查标准并在本活动中指定。`,
            { caseType: a.caseType, procedure: a.procedure },
          );
        }
        const id = newId();
        repo.insert({ id, assignmentId, dossierId: a.dossierId, reviewerId: a.reviewerId, templateId: chosen.id, updatedAt: nowIso() });
        const row = mustRow(id);
        const template = mustTemplate(chosen.id);
        keepScore(row, scoreOf(row, template, {}));
        ctx.audit({
          actor,
          action: 'open',
          entity: 'review',
          entityId: id,
          after: { assignmentId, dossierId: a.dossierId, templateId: chosen.id, template: `${template.key} v${template.version}`, pinnedNow: chosen.pinnedNow },
        });
        return sheetOf(mustRow(id));
      }),

    sheet: (reviewId: string, by?: string | ActingAs): ReviewSheet => {
      const row = mustRow(reviewId);
      mustMayRead(row, actingAs(by));
      return sheetOf(row);
    },

    /** Refuses (`forbidden`) whoever may not read the review (its reviewer, the team's 组长, the 法制机构, a co-reviewer); for the sheet export. Returns its owner. */
    mustMayRead: (reviewId: string, by: ActingAs) => {
      mustMayRead(mustRow(reviewId), by);
      return ownerOf(reviewId);
    },

    /** Refuses (`forbidden`) anyone but the review's reviewer once a session has chosen someone; for callers outside this service (checks.confirm). */
    mustMayWork: (reviewId: string, by: ActingAs, verb: string) => mustMayWork(reviewId, by, verb),

    /** Validates one answer against its item's rule, stores it with its effective deduction, and rescores. */
    saveAnswer: ({ reviewId, itemCode, verdict, deduction, occurrences, note, pageRefs, expectedRevision }: AnswerChange, by: string | ActingAs): Rescored =>
      ctx.tx(() => {
        const who = actingAs(by);
        const actor = who.actor;
        const { row, template, stored } = editableDraft(reviewId, expectedRevision, who, pageRefs?.length ? '填写评查结论或引用页码' : '填写评查结论');
        const answers = answersOf(stored);
        const refs = pageRefs ?? [];
        answers[itemCode] = {
          verdict,
          ...(deduction !== undefined ? { deduction } : {}),
          ...(occurrences !== undefined ? { occurrences } : {}),
          ...(note ? { note } : {}),
          ...(refs.length ? { pageRefs: refs.map(pageRefText) } : {}),
        };
        const score = scoreOf(row, template, answers);
        const problems = score.errors.filter((e) => e.itemCode === itemCode);
        if (problems.length) {
          throw new AppError('invalid_argument', problems.map((p) => p.message).join('；'), { itemCode, errors: problems });
        }
        const item = score.items.find((i) => i.code === itemCode)!;
        // Stored deduction = the effective one (fixed → item maximum; per-occurrence → capped product), so
        // aggregates can sum the column and the stored answer re-validates as given.
        const saved = {
          verdict,
          deduction: verdict === 'deduct' ? item.requested : 0,
          occurrences: verdict === 'deduct' ? (occurrences ?? 0) : 0,
          note: note ?? '',
          pageRefs: JSON.stringify(refs),
        };
        repo.upsertAnswer({ id: newId(), reviewId, itemCode, ...saved, updatedAt: nowIso() });
        const rescored = keepScore(row, score);
        auditAnswer(actor, 'save_answer', row, itemCode, stored, { ...saved, page_refs: saved.pageRefs }, rescored);
        return rescored;
      }),

    clearAnswer: (reviewId: string, itemCode: string, by: string | ActingAs, expectedRevision?: number): Rescored =>
      ctx.tx(() => {
        const who = actingAs(by);
        const actor = who.actor;
        const { row, template, stored } = editableDraft(reviewId, expectedRevision, who, '清除评查结论');
        repo.deleteAnswer(reviewId, itemCode);
        const rescored = keepScore(row, scoreOf(row, template));
        auditAnswer(actor, 'clear_answer', row, itemCode, stored, null, rescored);
        return rescored;
      }),

    /** Refused while an item is unanswered or invalid, or a deduction or veto has no reason. */
    submit: (reviewId: string, by: string | ActingAs): Review =>
      ctx.tx(() => {
        const who = actingAs(by);
        const actor = who.actor;
        const row = mustRow(reviewId);
        mustMayWork(reviewId, who, '提交');
        mustBeDraft(row);
        const score = scoreOf(row, mustTemplate(row.template_id));
        if (score.unanswered.length || score.errors.length) {
          const parts = [
            score.unanswered.length ? `尚有 ${score.unanswered.length} 个评查项未评：${score.unanswered.join('、')}` : '',
            score.errors.length ? `有 ${score.errors.length} 个结论无效：${score.errors.map((e) => e.itemCode).join('、')}` : '',
          ].filter(Boolean);
          throw new AppError('conflict', `评查表未完成，不能提交。${parts.join('；')}。`, { unanswered: score.unanswered, errors: score.errors });
        }
        if (score.missingReasons.length) {
          throw new AppError('conflict', `扣分或否决须写明理由，以下评查项未填写：${score.missingReasons.join('、')}。`, {
            missingReasons: score.missingReasons,
          });
        }
        // The 退回 reason has been answered by this submission; the audit log keeps it.
        if (row.returned_reason !== null) roles.setReturn(row.id, { reason: null, by: null, at: null });
        const done = transition(row, { status: 'submitted', submittedAt: nowIso(), lockedAt: null, lockedBy: null }, 'submit', actor);
        recordSignOff(ctx.db, row.id, 'submit', actor, nowIso());
        return done;
      }),

    /** 组长锁定: a submitted review, by a 组长 of its reviewer's team or the 法制机构. */
    lock: (reviewId: string, by: SignOffBy): Review =>
      ctx.tx(() => {
        const row = mustRow(reviewId);
        mustMaySignOff(row, by, '锁定');
        if (row.status !== 'submitted') {
          throw new AppError('conflict', row.status === 'locked' ? '评查表已锁定。' : '评查表尚未提交，不能锁定。', { status: row.status });
        }
        const done = transition(row, { status: 'locked', submittedAt: row.submitted_at, lockedAt: nowIso(), lockedBy: by.actor }, 'lock', by.actor);
        recordSignOff(ctx.db, row.id, 'lock', by.actor, nowIso());
        return done;
      }),

    /** 退回: a submitted or locked review back to draft, with the reason the reviewer will see in the workspace. */
    reopen: (reviewId: string, by: SignOffBy, reason: string): Review =>
      ctx.tx(() => {
        const row = mustRow(reviewId);
        mustMaySignOff(row, by, '退回');
        if (row.status === 'draft') throw new AppError('conflict', '评查表仍是草稿，无需退回。');
        roles.setReturn(row.id, { reason, by: by.actor, at: nowIso() });
        const done = transition(row, { status: 'draft', submittedAt: null, lockedAt: null, lockedBy: null }, 'reopen', by.actor, reason);
        // A review merged from a laptop has no baseline here yet: what is reopened was signed off.
        recordSignOff(ctx.db, row.id, 'reopen', by.actor, nowIso());
        return done;
      }),

    /** 待锁定: submitted reviews of the session's team (a 组长) or of every team (the 法制机构). */
    awaitingLock: (campaignId: string, who: CallContext['reviewer']) => {
      if (!who || who.role === 'reviewer' || who.campaignId !== campaignId) {
        throw new AppError(
          'forbidden',
          !who ? '待锁定清单须先选择使用者（组长或法制机构）。' : who.role === 'reviewer' ? '待锁定清单只对组长和法制机构开放。' : `当前使用者“${who.name}”不在本评查活动的名单中。`,
        );
      }
      const team = who.role === 'leader' ? who.team : null;
      const marks = signOffMarks(ctx.db);
      const entries = roles.awaitingLock(campaignId, team, team === null ? null : who.id).map((e) => ({ ...e, changedSinceSignOff: marks.changedSinceSignOff(e.reviewId) }));
      return { scope: team === null ? ('all' as const) : ('team' as const), team: team ?? '', entries };
    },

    /** A reviewer's assignments, unfinished first, with answered / applicable item counts. */
    queue: (campaignId: string, reviewerId: string, by?: string | ActingAs): QueueEntry[] => {
      const who = actingAs(by).reviewer;
      const owner = who ? roles.reviewerAsOwner(reviewerId) : undefined;
      const refusal = owner ? refusalToRead(who, owner, false) : null;
      if (refusal) throw new AppError('forbidden', refusal.replace('的评查表', '的待评清单和评查表'), { reviewerId });
      const order = { draft: 0, not_started: 1, submitted: 2, locked: 3 } as const;
      const marks = signOffMarks(ctx.db);
      const entries: QueueEntry[] = repo.queue(campaignId, reviewerId).map((q) => {
        let templateId = q.template_id;
        if (!templateId) templateId = resolveTemplate(templates, campaignId, { caseType: q.case_type, procedure: q.procedure }, false)?.id ?? null;
        let answered = 0;
        let applicable = 0;
        if (templateId) {
          const template = mustTemplate(templateId);
          const codes = new Set(applicableItems(template, caseContext(template, q.case_type, q.procedure)).map((i) => i.code));
          applicable = codes.size;
          if (q.review_id) answered = repo.answerCodes(q.review_id).filter((c) => codes.has(c)).length;
        }
        return {
          assignmentId: q.assignment_id,
          dossierId: q.dossier_id,
          caseNo: q.case_no,
          unitName: q.unit_name,
          caseType: q.case_type,
          procedure: q.procedure,
          role: q.role,
          reviewId: q.review_id,
          status: q.status ?? 'not_started',
          answered,
          applicable,
          total: q.total,
          grade: q.grade,
          returnedReason: q.returned_reason,
          changedSinceSignOff: q.review_id ? marks.changedSinceSignOff(q.review_id) : false,
        };
      });
      return entries.sort((a, b) => order[a.status] - order[b.status]);
    },
    /**
     * Rescores a review from its stored answers and keeps the score, whatever its status: for answers
     * written outside saveAnswer (the office taking a merge conflict item by item). Call inside ctx.tx.
     */
    rescore: (reviewId: string): Rescored => {
      const row = mustRow(reviewId);
      return keepScore(row, scoreOf(row, mustTemplate(row.template_id)));
    },
  };
}
