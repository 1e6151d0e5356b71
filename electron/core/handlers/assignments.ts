import { assignmentReads, assignmentRepository } from '../../../db/repositories/assignments';
import { reviewerRepository } from '../../../db/repositories/reviewers';
import { unitLookups } from '../../../db/repositories/units';
import { newId, nowIso } from '../../../db/util';
import type { Handlers } from '../../../shared/api/contract';
import { assignReviewers, reassignForConflict, type ReviewerConflict } from '../../../shared/domain/sampling';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';

export function assignmentHandlers(ctx: CoreContext): Handlers['assignments'] {
  const reads = assignmentReads(ctx.read);
  const q = assignmentRepository(ctx.db);
  const reviewers = reviewerRepository(ctx.db);
  const units = unitLookups(ctx.read);

  return {
    assign: ({ campaignId, perDossier, seed, replace }, call) =>
      ctx.tx(() => {
        const sampled = q.sampled(campaignId);
        if (!sampled.length) throw new AppError('conflict', '本活动尚未抽样（或抽样结果为空），请先随机抽取案卷再分配评查人员。');
        const pool = reviewers.list(campaignId);
        if (!pool.length) throw new AppError('conflict', '本活动还没有评查人员，请先添加或导入评查人员名单。');
        let active = q.active(campaignId);
        if (replace) {
          for (const a of active) if (!q.hasReview(a.id)) q.withdraw(a.id, '重新分配');
          active = q.active(campaignId);
        }
        const assigned = new Set(active.map((a) => a.dossierId));
        const initialLoad: Record<string, number> = {};
        for (const a of active) initialLoad[a.reviewerId] = (initialLoad[a.reviewerId] ?? 0) + 1;
        const todo = sampled.filter((d) => !assigned.has(d.id));
        const result = assignReviewers(todo, pool, q.conflicts(campaignId), { perDossier, seed, initialLoad });
        const now = nowIso();
        for (const a of result.assignments) {
          q.insert({ id: newId(), campaignId, dossierId: a.dossierId, reviewerId: a.reviewerId, role: a.role, seed, assignedAt: now });
        }
        ctx.audit({
          actor: call.actor,
          action: 'assign',
          entity: 'campaign',
          entityId: campaignId,
          after: { seed, perDossier, algorithm: result.algorithm, assigned: result.assignments.length, dossiers: todo.length, problems: result.problems.length },
        });
        return {
          assignments: q.list(campaignId).filter((a) => a.status === 'active'),
          problems: result.problems.map((p) => ({ caseNo: p.caseNo, message: p.message })),
        };
      }),
    list: ({ campaignId, reviewerId }) => reads.list(campaignId, reviewerId),
    declareConflict: ({ reviewerId, dossierId, unitName, party, reason, seed }, call) =>
      ctx.tx(() => {
        const reviewer = reviewers.get(reviewerId);
        if (!reviewer) throw notFound('评查人员', reviewerId);
        // A 回避 is declared by the reviewer concerned or recorded by the 法制机构 (docs/roles.md).
        const who = call.reviewer;
        if (who && who.id !== reviewerId && !(who.role === 'legal_office' && who.campaignId === reviewer.campaignId)) {
          throw new AppError('forbidden', `回避由评查人员本人申报或由法制机构登记；当前使用者“${who.name}”不能为“${reviewer.name}”申报回避。`, { reviewerId });
        }
        let unitId: string | null = null;
        if (unitName) {
          const u = units.byName(unitName);
          if (!u) throw new AppError('not_found', `没有名为“${unitName}”的被评查单位。`);
          unitId = u.id;
        }
        if (dossierId) {
          const d = q.dossier(dossierId);
          if (!d || d.campaignId !== reviewer.campaignId) throw notFound('案卷', dossierId);
        }
        const conflictId = newId();
        reviewers.insertConflict({ id: conflictId, reviewerId, dossierId: dossierId ?? null, unitId, party: party ?? null, reason, declaredAt: nowIso() });
        const conflict: ReviewerConflict = { reviewerId, dossierId: dossierId ?? null, unitId, unitName: unitName ?? null, party: party ?? null, reason };
        const pool = reviewers.list(reviewer.campaignId);
        const otherConflicts = q.conflicts(reviewer.campaignId);
        const reassigned: { caseNo: string; from: string; to: string | null; problem: string | null }[] = [];
        const mine = q.active(reviewer.campaignId).filter((a) => a.reviewerId === reviewerId);
        for (const a of mine) {
          const dossier = q.dossier(a.dossierId)!;
          const current = q.active(reviewer.campaignId);
          const r = reassignForConflict(current, pool, conflict, seed, { dossier, conflicts: otherConflicts });
          if (!r.ok && r.code === 'not_applicable') continue;
          if (r.withdrawn) q.withdraw(a.id, `回避：${reason}`);
          if (r.ok) {
            q.insert({ id: newId(), campaignId: reviewer.campaignId, dossierId: a.dossierId, reviewerId: r.replacement.reviewerId, role: r.replacement.role, seed, assignedAt: nowIso() });
          }
          reassigned.push({
            caseNo: dossier.caseNo,
            from: reviewer.name,
            to: r.ok ? (pool.find((p) => p.id === r.replacement.reviewerId)?.name ?? null) : null,
            problem: r.ok ? null : r.message,
          });
        }
        ctx.audit({ actor: call.actor, action: 'declare_conflict', entity: 'reviewer', entityId: reviewerId, after: { dossierId, unitName, party, reassigned }, reason });
        return { conflict: reviewers.conflicts(reviewer.campaignId).find((c) => c.id === conflictId)!, reassigned };
      }),
  };
}
