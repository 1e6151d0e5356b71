/**
 * The consensus service: 合议 and 复核 answers per item, the 复核 queue from the campaign's trigger
 * settings, objections and their rulings, and blind review. Plain functions over the store; the
 * `consensus` API handlers adapt them.
 */
import { createHash } from 'node:crypto';
import { campaignReads } from '../../../db/repositories/campaigns';
import { consensusRepository, type CampaignReviewRow, type DecidedAnswerRow, type DossierReviewRow, type ObjectionRow, type ReviewAnswerRow } from '../../../db/repositories/consensus';
import { newId, nowIso } from '../../../db/util';
import type { PageRef } from '../../../shared/api/namespaces/reviews';
import type { Comparison, ConsensusDossierRow, Objection, RecheckSettingsInput, Ruling } from '../../../shared/api/namespaces/consensus';
import { countWorkingDays } from '../../../shared/domain/calendar';
import { compareItems, type ComparedAnswer } from '../../../shared/domain/consensus/compare';
import { objectionDaysOf, recheckSettingsOf, recheckTriggers, type RecheckTrigger } from '../../../shared/domain/consensus/triggers';
import { applicableItems } from '../../../shared/domain/scoring/applicability';
import type { ChecklistTemplate, Verdict } from '../../../shared/domain/scoring/schema';
import { AppError } from '../../../shared/errors';
import { loadWorkCalendar } from '../checks/calendar';
import type { CallContext } from '../../../shared/api/define';
import { notFound, type CoreContext } from '../context';
import { reviewRoleReads } from '../../../db/repositories/review-roles';
import { caseContext } from '../review/service';
import { finalResults, type FinalResult, type PendingAnswerRow } from './final';

/** The refusal blind review and the decision rights give. */
const REFUSED = 'forbidden' as const;

/**
 * Who acts: the reviewer chosen in the caller's session (我是谁) wherever the transport carries
 * sessions (the app window, a browser tab), whatever the input says — so blind review cannot be
 * sidestepped by naming someone else. Only without sessions (the command line, tests) does the
 * explicit id in the input count.
 */
export function whoActs(call: CallContext, explicitId: string | undefined): string {
  if (call.reviewer) return call.reviewer.id;
  if (call.session !== undefined || call.transport === 'http' || call.transport === 'ipc') {
    throw new AppError(REFUSED, '请先在页面顶部“我是谁”中选择使用者：合议、复核和异议裁定须由组长或法制机构人员办理，评查员提交本人评查表后才能查看他人的评查结果。');
  }
  if (!explicitId) throw new AppError('invalid_argument', '没有“使用者”会话时须指明操作人（评查人员 ID）。');
  return explicitId;
}

export const RULING_LABELS: Record<Ruling, string> = { upheld: '采纳', partly: '部分采纳', rejected: '不予采纳' };
const STAGE_LABELS = { agreed: '合议', recheck: '复核' } as const;

const submitted = (r: { status: string }) => r.status === 'submitted' || r.status === 'locked';
const pagesOf = (json: string): number[] => (JSON.parse(json) as PageRef[]).map((p) => p.page);
const toCompared = (a: ReviewAnswerRow): ComparedAnswer => ({
  verdict: a.verdict,
  deduction: a.deduction,
  occurrences: a.occurrences,
  note: a.note,
  pages: pagesOf(a.page_refs),
});

/** One item's answer as a decision gives it. */
export interface ItemChange {
  itemCode: string;
  verdict: Verdict;
  deduction?: number;
  occurrences?: number;
  note?: string;
  pageRefs?: PageRef[];
}

export type ConsensusService = ReturnType<typeof consensusService>;

/**
 * Blind review for reading one review (reviews.get): a reviewer chosen in the session who is assigned
 * to the same dossier sees another reviewer's review only once their own is submitted. Without a
 * session (a single-user laptop, the CLI) nothing is refused, as elsewhere in the app.
 */
export function blindReview(ctx: CoreContext) {
  const repo = consensusRepository(ctx.db);
  const roles = reviewRoleReads(ctx.read);
  return {
    mustMaySeeReview: (call: CallContext, reviewId: string): void => {
      const who = call.reviewer;
      if (!who || who.role !== 'reviewer') return;
      const target = repo.review(reviewId);
      if (!target || target.reviewer_id === who.id) return;
      const own = repo.reviewsOf(target.dossier_id).filter((r) => r.reviewer_id === who.id);
      // A co-reviewer who has not opened their own 评查表 yet is as blind as one who has not submitted it.
      const coReviewer = own.length > 0 || roles.isAssigned(target.dossier_id, who.id);
      if (coReviewer && !own.some(submitted)) {
        throw new AppError(REFUSED, `盲评：${who.name} 提交本人的评查表之前，不能查看本卷其他评查人员的评查表。`, { reviewId });
      }
    },
  };
}

export function consensusService(ctx: CoreContext) {
  const repo = consensusRepository(ctx.db);
  const campaigns = campaignReads(ctx.read);
  const finals = finalResults(ctx.read);

  const mustDossier = (id: string) => {
    const d = repo.dossier(id);
    if (!d) throw notFound('案卷', id);
    return d;
  };
  const settingsOf = (campaignId: string) => {
    const raw = repo.campaignSettings(campaignId);
    return { ...recheckSettingsOf(raw), objectionDays: objectionDaysOf(raw) };
  };

  /** 组长 or 法制机构 of the dossier's campaign: the only ones who decide. */
  const mustDecider = (deciderId: string, campaignId: string): string => {
    const p = repo.reviewer(deciderId);
    if (!p || p.campaign_id !== campaignId) throw notFound('评查人员', deciderId);
    if (p.role !== 'leader' && p.role !== 'legal_office') {
      throw new AppError(REFUSED, `${p.name} 不是组长或法制机构人员，不能作出合议、复核或异议裁定。`, { deciderId });
    }
    return p.name;
  };

  /** Blind review: an assigned reviewer sees the other reviews only once their own is submitted. */
  const mustMaySee = (viewerId: string, dossierId: string, campaignId: string, reviews: readonly DossierReviewRow[]) => {
    const p = repo.reviewer(viewerId);
    if (!p || p.campaign_id !== campaignId) throw notFound('评查人员', viewerId);
    if (p.role === 'leader' || p.role === 'legal_office') return;
    const own = reviews.filter((r) => r.reviewer_id === viewerId);
    if (own.length === 0) throw new AppError(REFUSED, `${p.name} 未承担本卷评查，不能查看他人的评查结果。`, { dossierId });
    if (!own.some(submitted)) throw new AppError(REFUSED, `盲评：${p.name} 提交本人的评查表之前，不能查看本卷其他评查人员的评查结果。`, { dossierId });
  };

  const triggersOf = (reviews: readonly { reviewer: string; total: number | null; grade: string | null; veto: number; status: string }[], campaignId: string): RecheckTrigger[] => {
    const done = reviews.filter((r) => submitted(r) && r.total !== null && r.grade !== null);
    return recheckTriggers(
      done.map((r) => ({ reviewer: r.reviewer, total: r.total!, grade: r.grade!, veto: r.veto === 1 })),
      settingsOf(campaignId),
    );
  };

  const brief = (r: DossierReviewRow) => ({
    reviewId: r.id,
    reviewerId: r.reviewer_id,
    reviewer: r.reviewer,
    status: r.status,
    total: r.total,
    grade: r.grade,
    veto: r.veto === 1,
  });
  const finalBrief = (f: FinalResult | null) => (f ? { source: f.source, total: f.total, grade: f.grade, veto: f.veto } : null);

  const applicableCodes = (template: ChecklistTemplate, caseType: string, procedure: string | null): string[] =>
    applicableItems(template, caseContext(template, caseType, procedure)).map((i) => i.code);

  /** The item-by-item comparison of a dossier's submitted reviews, with the decided and final answers. */
  const comparisonOf = (dossierId: string): Comparison => {
    const d = mustDossier(dossierId);
    const all = repo.reviewsOf(dossierId);
    const done = all.filter(submitted);
    const final = finals.ofDossier(dossierId);
    const template = final?.template;
    const codes = template ? applicableCodes(template, d.case_type, d.procedure) : [];
    const maps = done.map((r) => new Map(repo.answers(r.id).map((a) => [a.item_code, toCompared(a)])));
    const compared = compareItems(codes, maps);
    const decided = repo.decided(dossierId);
    const decidedOf = (stage: 'agreed' | 'recheck', code: string) => {
      const x = decided.find((a) => a.stage === stage && a.item_code === code);
      return x ? { ...toCompared(x), verdict: x.verdict as Verdict, reason: x.reason, decidedBy: x.decided_by, decidedAt: x.decided_at } : null;
    };
    const items = template ? new Map(template.items.map((i) => [i.code, i])) : new Map();
    const closed = repo.recheck(dossierId);
    return {
      dossier: { id: d.id, campaignId: d.campaign_id, caseNo: d.case_no, unitName: d.unit_name, caseType: d.case_type, cause: d.cause, party: d.party },
      reviews: done.map(brief),
      items: compared.map((c) => {
        const it = items.get(c.code);
        const f = final?.answers.find((a) => a.itemCode === c.code);
        return {
          code: c.code,
          title: it?.title ?? c.code,
          dimension: it?.dimension ?? 'DOC',
          maxPoints: it?.maxPoints ?? 0,
          veto: it?.veto ?? false,
          answers: c.answers.map((a) => (a ? { ...a, verdict: a.verdict as Verdict } : null)),
          differs: c.differs,
          scoreDiffers: c.scoreDiffers,
          agreed: decidedOf('agreed', c.code),
          recheck: decidedOf('recheck', c.code),
          final: f ? { verdict: f.verdict, deduction: f.deduction, occurrences: f.occurrences, note: f.note, pages: pagesOf(f.pageRefs), source: f.source } : null,
        };
      }),
      triggers: triggersOf(all, d.campaign_id),
      recheck: closed ? { conclusion: closed.conclusion, closedBy: closed.closed_by, closedAt: closed.closed_at } : null,
      final: finalBrief(final),
    };
  };

  /**
   * Validates changed answers against their items' rules by scoring the dossier's final result with
   * them, and returns them as stored rows (effective deduction, like a reviewer's saved answer).
   */
  const validated = (
    dossierId: string,
    stage: DecidedAnswerRow['stage'],
    objectionId: string,
    changes: readonly ItemChange[],
    reason: string,
    decidedBy: string,
  ): { rows: DecidedAnswerRow[]; before: FinalResult; after: FinalResult } => {
    const before = finals.ofDossier(dossierId);
    if (!before) throw new AppError('conflict', '本卷尚无已提交的评查表，不能合议、复核或裁定。', { dossierId });
    const known = new Set(applicableCodes(before.template, mustDossier(dossierId).case_type, mustDossier(dossierId).procedure));
    const at = nowIso();
    const pending: PendingAnswerRow[] = changes.map((c) => {
      if (!known.has(c.itemCode)) throw new AppError('invalid_argument', `评查项 ${c.itemCode} 不适用于本卷（模板 ${before.template.key}）。`, { itemCode: c.itemCode });
      return {
        id: newId(),
        dossier_id: dossierId,
        stage,
        objection_id: objectionId,
        item_code: c.itemCode,
        verdict: c.verdict,
        deduction: c.deduction ?? null,
        occurrences: c.occurrences ?? 0,
        note: c.note ?? '',
        page_refs: JSON.stringify(c.pageRefs ?? []),
        reason,
        decided_by: decidedBy,
        decided_at: at,
      };
    });
    const after = finals.withPending(dossierId, pending)!;
    const problems = after.score.errors.filter((e) => pending.some((r) => r.item_code === e.itemCode));
    if (problems.length) throw new AppError('invalid_argument', problems.map((p) => p.message).join('；'), { errors: problems });
    // Stored as the reviewers' answers are: the effective deduction (fixed → item maximum, per occurrence → capped product).
    const rows: DecidedAnswerRow[] = pending.map((r) => {
      const item = after.score.items.find((i) => i.code === r.item_code)!;
      return { ...r, deduction: r.verdict === 'deduct' ? item.requested : 0, occurrences: r.verdict === 'deduct' ? r.occurrences : 0 };
    });
    for (const r of rows) {
      if ((r.verdict === 'deduct' || r.verdict === 'veto') && !r.note.trim()) {
        throw new AppError('invalid_argument', `评查项 ${r.item_code}：扣分或否决须写明问题（说明）。`, { itemCode: r.item_code });
      }
    }
    return { rows, before, after };
  };

  const store = (r: DecidedAnswerRow) =>
    repo.upsertDecided({
      id: r.id,
      dossierId: r.dossier_id,
      stage: r.stage,
      objectionId: r.objection_id,
      itemCode: r.item_code,
      verdict: r.verdict,
      deduction: r.deduction,
      occurrences: r.occurrences,
      note: r.note,
      pageRefs: r.page_refs,
      reason: r.reason,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
    });

  /**
   * A campaign's cross-reviewed dossiers (≥2 submitted reviews) and those any trigger sends to 复核.
   * Built from campaign-wide reads rather than one full comparison per dossier: the final figures
   * come from finals.ofCampaign (which rescores only dossiers with a decided answer), applicable
   * items are computed once per template and case type, and decided answers are read only for
   * dossiers that have any. The figures equal comparisonOf's (test/consensus/dossier-rows.test.ts).
   */
  const dossierRows = (campaignId: string): ConsensusDossierRow[] => {
    campaigns.mustExist(campaignId);
    const byDossier = new Map<string, CampaignReviewRow[]>();
    for (const r of repo.campaignReviews(campaignId)) {
      const list = byDossier.get(r.dossier_id);
      if (list) list.push(r);
      else byDossier.set(r.dossier_id, [r]);
    }
    const closed = new Map(repo.rechecks(campaignId).map((r) => [r.dossier_id, r]));
    const objectionCount = new Map<string, number>();
    for (const o of repo.objections(campaignId)) objectionCount.set(o.dossier_id, (objectionCount.get(o.dossier_id) ?? 0) + 1);
    const finalOf = new Map(finals.ofCampaign(campaignId).map((f) => [f.dossierId, f]));
    const decidedSet = new Set(repo.decidedDossiers(campaignId));
    const codesCache = new Map<string, string[]>();
    const codesOf = (templateId: string, caseType: string, procedure: string | null): string[] => {
      const key = `${templateId}\u001f${caseType}\u001f${procedure ?? ''}`;
      let codes = codesCache.get(key);
      if (!codes) {
        const template = finals.templateOf(templateId);
        codesCache.set(key, (codes = template ? applicableCodes(template, caseType, procedure) : []));
      }
      return codes;
    };
    const out: ConsensusDossierRow[] = [];
    for (const [dossierId, reviews] of byDossier) {
      const triggers = triggersOf(reviews, campaignId);
      if (reviews.length < 2 && triggers.length === 0) continue;
      const head = reviews[0];
      // The counted review (first in BASE_ORDER) decides the template, as in finals.ofDossier.
      const codes = codesOf(head.template_id, head.case_type, head.procedure);
      const maps = reviews.map((r) => new Map(repo.answers(r.id).map((a) => [a.item_code, toCompared(a)])));
      const disputed = compareItems(codes, maps).filter((i) => i.scoreDiffers);
      let decidedItems = 0;
      if (decidedSet.has(dossierId) && disputed.length) {
        const decidedCodes = new Set(repo.decided(dossierId).filter((a) => a.stage === 'agreed' || a.stage === 'recheck').map((a) => a.item_code));
        decidedItems = disputed.filter((i) => decidedCodes.has(i.code)).length;
      }
      const f = finalOf.get(dossierId);
      out.push({
        dossierId,
        caseNo: head.case_no,
        unitName: head.unit_name,
        caseType: head.case_type,
        reviews: reviews.map(brief),
        triggers,
        disputedItems: disputed.length,
        decidedItems,
        recheck: triggers.length === 0 ? 'none' : closed.has(dossierId) ? 'closed' : 'pending',
        objections: objectionCount.get(dossierId) ?? 0,
        final: f ? { source: f.source, total: f.total, grade: f.grade, veto: f.veto } : null,
      });
    }
    return out;
  };

  const objectionOf = (o: ObjectionRow): Objection => {
    let daysLate: number | null = null;
    if (o.notified_on) {
      const days = objectionDaysOf(repo.campaignSettings(o.campaign_id));
      const n = o.lodged_on <= o.notified_on ? ({ ok: true, count: 0 } as const) : countWorkingDays(loadWorkCalendar(ctx.db), o.notified_on, o.lodged_on);
      daysLate = n.ok ? Math.max(0, n.count - days) : null;
    }
    return {
      id: o.id,
      campaignId: o.campaign_id,
      dossierId: o.dossier_id,
      caseNo: o.case_no,
      unitName: o.unit_name,
      itemCodes: JSON.parse(o.item_codes) as string[],
      objector: o.objector,
      notifiedOn: o.notified_on,
      lodgedOn: o.lodged_on,
      daysLate,
      grounds: o.grounds,
      files: repo.objectionFiles(o.id).map((f) => ({ id: f.id, name: f.name, size: f.size, sha256: f.sha256 })),
      ruling: o.ruling,
      rulingReason: o.ruling_reason,
      ruledBy: o.ruled_by,
      ruledAt: o.ruled_at,
      totalBefore: o.total_before,
      totalAfter: o.total_after,
      gradeBefore: o.grade_before,
      gradeAfter: o.grade_after,
      createdAt: o.created_at,
    };
  };
  const mustObjection = (id: string) => {
    const o = repo.objection(id);
    if (!o) throw notFound('异议', id);
    return o;
  };

  return {
    finals,
    settings: (campaignId: string): RecheckSettingsInput => {
      campaigns.mustExist(campaignId);
      return settingsOf(campaignId);
    },
    setSettings: (campaignId: string, settings: RecheckSettingsInput, actor: string): RecheckSettingsInput =>
      ctx.tx(() => {
        campaigns.mustExist(campaignId);
        const before = settingsOf(campaignId);
        repo.setConsensusSettings(campaignId, JSON.stringify(settings), nowIso());
        ctx.audit({ actor, action: 'set_consensus_settings', entity: 'campaign', entityId: campaignId, before, after: settings });
        return settingsOf(campaignId);
      }),

    dossiers: dossierRows,
    /** Dossiers a trigger sends to 复核 and whose 复核 is not closed, with why. */
    recheckQueue: (campaignId: string): ConsensusDossierRow[] => dossierRows(campaignId).filter((r) => r.recheck === 'pending'),

    compare: (dossierId: string, viewerId: string): Comparison => {
      const d = mustDossier(dossierId);
      mustMaySee(viewerId, dossierId, d.campaign_id, repo.reviewsOf(dossierId));
      return comparisonOf(dossierId);
    },

    decide: (input: ItemChange & { dossierId: string; stage: 'agreed' | 'recheck'; reason: string; deciderId: string }, actor: string): Comparison =>
      ctx.tx(() => {
        const d = mustDossier(input.dossierId);
        const by = mustDecider(input.deciderId, d.campaign_id);
        if (input.stage === 'recheck' && repo.recheck(input.dossierId)) {
          throw new AppError('conflict', '本卷复核已完成，如需修改请先重新打开复核。', { dossierId: input.dossierId });
        }
        const prior = repo.decided(input.dossierId).find((a) => a.stage === input.stage && a.item_code === input.itemCode);
        const { rows, before, after } = validated(input.dossierId, input.stage, '', [input], input.reason, by);
        store(rows[0]);
        ctx.audit({
          actor,
          action: `decide_${input.stage}`,
          entity: 'dossier',
          entityId: input.dossierId,
          before: { itemCode: input.itemCode, answer: prior ? { verdict: prior.verdict, deduction: prior.deduction, note: prior.note } : null, total: before.total },
          after: { itemCode: input.itemCode, answer: { verdict: rows[0].verdict, deduction: rows[0].deduction, note: rows[0].note }, total: after.total, by },
          reason: input.reason,
        });
        return comparisonOf(input.dossierId);
      }),

    undecide: (dossierId: string, stage: 'agreed' | 'recheck', itemCode: string, deciderId: string, actor: string): Comparison =>
      ctx.tx(() => {
        const d = mustDossier(dossierId);
        const by = mustDecider(deciderId, d.campaign_id);
        if (stage === 'recheck' && repo.recheck(dossierId)) throw new AppError('conflict', '本卷复核已完成，如需修改请先重新打开复核。');
        const prior = repo.decided(dossierId).find((a) => a.stage === stage && a.item_code === itemCode);
        if (!prior) throw new AppError('not_found', `评查项 ${itemCode} 没有${STAGE_LABELS[stage]}结论。`);
        repo.deleteDecided(dossierId, stage, '', itemCode);
        ctx.audit({ actor, action: `undecide_${stage}`, entity: 'dossier', entityId: dossierId, before: { itemCode, verdict: prior.verdict, reason: prior.reason }, after: { by } });
        return comparisonOf(dossierId);
      }),

    closeRecheck: (dossierId: string, conclusion: string, deciderId: string, actor: string): Comparison =>
      ctx.tx(() => {
        const d = mustDossier(dossierId);
        const by = mustDecider(deciderId, d.campaign_id);
        const c = comparisonOf(dossierId);
        if (c.triggers.length === 0) throw new AppError('conflict', `案卷 ${d.case_no} 未触发复核条件，无需复核。`);
        repo.closeRecheck({ dossierId, campaignId: d.campaign_id, reasons: JSON.stringify(c.triggers), conclusion, closedBy: by, closedAt: nowIso() });
        ctx.audit({ actor, action: 'close_recheck', entity: 'dossier', entityId: dossierId, after: { triggers: c.triggers, final: c.final, by }, reason: conclusion });
        return comparisonOf(dossierId);
      }),

    reopenRecheck: (dossierId: string, deciderId: string, actor: string): Comparison =>
      ctx.tx(() => {
        const d = mustDossier(dossierId);
        const by = mustDecider(deciderId, d.campaign_id);
        if (repo.reopenRecheck(dossierId) === 0) throw new AppError('conflict', '本卷复核尚未完成。');
        ctx.audit({ actor, action: 'reopen_recheck', entity: 'dossier', entityId: dossierId, after: { by } });
        return comparisonOf(dossierId);
      }),

    objections: (campaignId: string): Objection[] => {
      campaigns.mustExist(campaignId);
      return repo.objections(campaignId).map(objectionOf);
    },

    lodgeObjection: (
      input: { dossierId: string; itemCodes: string[]; objector: string; notifiedOn: string | null; lodgedOn: string; grounds: string; files: { name: string; dataBase64: string }[] },
      actor: string,
    ): Objection =>
      ctx.tx(() => {
        const d = mustDossier(input.dossierId);
        const f = finals.ofDossier(input.dossierId);
        if (!f) throw new AppError('conflict', `案卷 ${d.case_no} 尚无已提交的评查结果，无从提出异议。`);
        const known = new Set(f.answers.map((a) => a.itemCode));
        const unknown = input.itemCodes.filter((c) => !known.has(c));
        if (unknown.length) throw new AppError('invalid_argument', `以下评查项不在本卷的评查结果中：${unknown.join('、')}。`, { itemCodes: unknown });
        if (input.notifiedOn && input.lodgedOn < input.notifiedOn) throw new AppError('invalid_argument', '异议提出日期不能早于结果告知日期。');
        const id = newId();
        const at = nowIso();
        repo.insertObjection({
          id,
          campaignId: d.campaign_id,
          dossierId: d.id,
          itemCodes: JSON.stringify([...new Set(input.itemCodes)]),
          objector: input.objector,
          notifiedOn: input.notifiedOn,
          lodgedOn: input.lodgedOn,
          grounds: input.grounds,
          createdBy: actor,
          createdAt: at,
        });
        for (const file of input.files) {
          const content = Buffer.from(file.dataBase64, 'base64');
          if (content.length > 20 * 1024 * 1024) throw new AppError('invalid_argument', `附件“${file.name}”超过 20 MB。`);
          repo.insertFile({ id: newId(), objectionId: id, name: file.name, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), content, addedAt: at });
        }
        ctx.audit({ actor, action: 'lodge_objection', entity: 'objection', entityId: id, after: { dossierId: d.id, itemCodes: input.itemCodes, objector: input.objector, lodgedOn: input.lodgedOn, files: input.files.map((x) => x.name) } });
        return objectionOf(mustObjection(id));
      }),

    ruleObjection: (input: { objectionId: string; ruling: Ruling; reason: string; changes: ItemChange[]; deciderId: string }, actor: string): Objection =>
      ctx.tx(() => {
        const o = mustObjection(input.objectionId);
        const by = mustDecider(input.deciderId, o.campaign_id);
        if (o.ruling) throw new AppError('conflict', `该异议已于 ${o.ruled_at?.slice(0, 10)} 裁定（${RULING_LABELS[o.ruling]}），不能再次裁定。`);
        if (input.ruling === 'rejected' && input.changes.length) throw new AppError('invalid_argument', '不予采纳的裁定不改变评查结论，请不要填写改正后的结论。');
        if (input.ruling !== 'rejected' && input.changes.length === 0) throw new AppError('invalid_argument', '采纳或部分采纳须写明改正后的评查结论（至少一项）。');
        const contested = new Set(JSON.parse(o.item_codes) as string[]);
        const outside = input.changes.filter((c) => !contested.has(c.itemCode)).map((c) => c.itemCode);
        if (outside.length) throw new AppError('invalid_argument', `裁定只能改变有异议的评查项：${outside.join('、')} 不在异议范围内。`);
        const { rows, before, after } = validated(o.dossier_id, 'objection', o.id, input.changes, input.reason, by);
        for (const r of rows) store(r);
        const ruledAt = nowIso();
        repo.rule({
          id: o.id,
          ruling: input.ruling,
          reason: input.reason,
          ruledBy: by,
          ruledAt,
          totalBefore: before.total,
          totalAfter: after.total,
          gradeBefore: before.grade,
          gradeAfter: after.grade,
        });
        ctx.audit({
          actor,
          action: 'rule_objection',
          entity: 'objection',
          entityId: o.id,
          before: { total: before.total, grade: before.grade },
          after: { ruling: input.ruling, total: after.total, grade: after.grade, changes: rows.map((r) => ({ itemCode: r.item_code, verdict: r.verdict, deduction: r.deduction })), by },
          reason: input.reason,
        });
        return objectionOf(mustObjection(o.id));
      }),

    objectionFile: (fileId: string) => {
      const f = repo.fileContent(fileId);
      if (!f) throw notFound('异议附件', fileId);
      return { name: f.name, dataBase64: Buffer.from(f.content).toString('base64') };
    },
  };
}
