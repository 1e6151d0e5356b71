import type Database from 'better-sqlite3';
import { reviewerRepository } from '../../../db/repositories/reviewers';
import { newId, nowIso } from '../../../db/util';
import type { Handlers } from '../../../shared/api/contract';
import type { Assignment } from '../../../shared/api/namespaces/assignments';
import { assignReviewers, reassignForConflict, type AssignDossier, type ReviewerConflict } from '../../../shared/domain/sampling';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';

interface AssignmentRow {
  id: string;
  dossier_id: string;
  case_no: string;
  dossier_unit: string;
  reviewer_id: string;
  reviewer_name: string;
  reviewer_unit: string;
  role: 'primary' | 'cross';
  status: 'active' | 'withdrawn';
  withdrawn_reason: string | null;
  assigned_at: string;
}

const toAssignment = (r: AssignmentRow): Assignment => ({
  id: r.id,
  dossierId: r.dossier_id,
  caseNo: r.case_no,
  dossierUnit: r.dossier_unit,
  reviewerId: r.reviewer_id,
  reviewerName: r.reviewer_name,
  reviewerUnit: r.reviewer_unit,
  role: r.role,
  status: r.status,
  withdrawnReason: r.withdrawn_reason,
  assignedAt: r.assigned_at,
});

function statements(db: Database.Database) {
  const SELECT = `
    SELECT a.id, a.dossier_id, d.case_no, u.name AS dossier_unit, a.reviewer_id, r.name AS reviewer_name,
           r.unit_name AS reviewer_unit, a.role, a.status, a.withdrawn_reason, a.assigned_at
    FROM assignments a JOIN dossiers d ON d.id = a.dossier_id JOIN units u ON u.id = d.unit_id
    JOIN reviewers r ON r.id = a.reviewer_id`;
  return {
    list: db.prepare(`${SELECT} WHERE a.campaign_id = ? ORDER BY a.status, d.case_no, a.role DESC, r.name`),
    listForReviewer: db.prepare(`${SELECT} WHERE a.campaign_id = ? AND a.reviewer_id = ? ORDER BY a.status, d.case_no`),
    active: db.prepare(`SELECT dossier_id AS dossierId, reviewer_id AS reviewerId, role, id FROM assignments WHERE campaign_id = ? AND status = 'active'`),
    sampled: db.prepare(
      `SELECT d.id, d.case_no AS caseNo, u.name AS unitName, d.unit_id AS unitId, d.party
       FROM sample_draws s JOIN samples x ON x.draw_id = s.id AND x.withdrawn = 0
       JOIN dossiers d ON d.id = x.dossier_id JOIN units u ON u.id = d.unit_id
       WHERE s.campaign_id = ? AND s.is_current = 1`,
    ),
    dossier: db.prepare(`SELECT d.id, d.case_no AS caseNo, u.name AS unitName, d.unit_id AS unitId, d.party, d.campaign_id AS campaignId FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.id = ?`),
    conflicts: db.prepare(
      `SELECT c.reviewer_id AS reviewerId, c.dossier_id AS dossierId, c.unit_id AS unitId, u.name AS unitName, c.party, c.reason
       FROM reviewer_conflicts c JOIN reviewers r ON r.id = c.reviewer_id LEFT JOIN units u ON u.id = c.unit_id WHERE r.campaign_id = ?`,
    ),
    hasReview: db.prepare('SELECT 1 FROM reviews WHERE assignment_id = ?'),
    insert: db.prepare(
      `INSERT INTO assignments (id, campaign_id, dossier_id, reviewer_id, role, seed, status, assigned_at)
       VALUES (@id, @campaignId, @dossierId, @reviewerId, @role, @seed, 'active', @assignedAt)`,
    ),
    withdraw: db.prepare(`UPDATE assignments SET status = 'withdrawn', withdrawn_reason = ? WHERE id = ?`),
    unitByName: db.prepare('SELECT id FROM units WHERE name = ?'),
  };
}

export function assignmentHandlers(ctx: CoreContext): Handlers['assignments'] {
  const q = statements(ctx.db);
  const reviewers = reviewerRepository(ctx.db);
  const conflictsOf = (campaignId: string) => q.conflicts.all(campaignId) as ReviewerConflict[];

  return {
    assign: ({ campaignId, perDossier, seed, replace }, call) =>
      ctx.tx(() => {
        const sampled = q.sampled.all(campaignId) as AssignDossier[];
        if (!sampled.length) throw new AppError('conflict', '本活动尚未抽样（或抽样结果为空），请先随机抽取案卷再分配评查人员。');
        const pool = reviewers.list(campaignId);
        if (!pool.length) throw new AppError('conflict', '本活动还没有评查人员，请先添加或导入评查人员名单。');
        let active = q.active.all(campaignId) as { id: string; dossierId: string; reviewerId: string }[];
        if (replace) {
          for (const a of active) if (!q.hasReview.get(a.id)) q.withdraw.run('重新分配', a.id);
          active = q.active.all(campaignId) as typeof active;
        }
        const assigned = new Set(active.map((a) => a.dossierId));
        const initialLoad: Record<string, number> = {};
        for (const a of active) initialLoad[a.reviewerId] = (initialLoad[a.reviewerId] ?? 0) + 1;
        const todo = sampled.filter((d) => !assigned.has(d.id));
        const result = assignReviewers(todo, pool, conflictsOf(campaignId), { perDossier, seed, initialLoad });
        const now = nowIso();
        for (const a of result.assignments) {
          q.insert.run({ id: newId(), campaignId, dossierId: a.dossierId, reviewerId: a.reviewerId, role: a.role, seed, assignedAt: now });
        }
        ctx.audit({
          actor: call.actor,
          action: 'assign',
          entity: 'campaign',
          entityId: campaignId,
          after: { seed, perDossier, algorithm: result.algorithm, assigned: result.assignments.length, dossiers: todo.length, problems: result.problems.length },
        });
        return {
          assignments: (q.list.all(campaignId) as AssignmentRow[]).map(toAssignment).filter((a) => a.status === 'active'),
          problems: result.problems.map((p) => ({ caseNo: p.caseNo, message: p.message })),
        };
      }),
    list: ({ campaignId, reviewerId }) =>
      ((reviewerId ? q.listForReviewer.all(campaignId, reviewerId) : q.list.all(campaignId)) as AssignmentRow[]).map(toAssignment),
    declareConflict: ({ reviewerId, dossierId, unitName, party, reason, seed }, call) =>
      ctx.tx(() => {
        const reviewer = reviewers.get(reviewerId);
        if (!reviewer) throw notFound('评查人员', reviewerId);
        let unitId: string | null = null;
        if (unitName) {
          const u = q.unitByName.get(unitName) as { id: string } | undefined;
          if (!u) throw new AppError('not_found', `没有名为“${unitName}”的被评查单位。`);
          unitId = u.id;
        }
        if (dossierId) {
          const d = q.dossier.get(dossierId) as { campaignId: string } | undefined;
          if (!d || d.campaignId !== reviewer.campaignId) throw notFound('案卷', dossierId);
        }
        const conflictId = newId();
        reviewers.insertConflict({ id: conflictId, reviewerId, dossierId: dossierId ?? null, unitId, party: party ?? null, reason, declaredAt: nowIso() });
        const conflict: ReviewerConflict = { reviewerId, dossierId: dossierId ?? null, unitId, unitName: unitName ?? null, party: party ?? null, reason };
        const pool = reviewers.list(reviewer.campaignId);
        const otherConflicts = conflictsOf(reviewer.campaignId);
        const reassigned: { caseNo: string; from: string; to: string | null; problem: string | null }[] = [];
        const mine = (q.active.all(reviewer.campaignId) as { id: string; dossierId: string; reviewerId: string; role: 'primary' | 'cross' }[]).filter(
          (a) => a.reviewerId === reviewerId,
        );
        for (const a of mine) {
          const dossier = q.dossier.get(a.dossierId) as AssignDossier;
          const current = q.active.all(reviewer.campaignId) as { id: string; dossierId: string; reviewerId: string; role: 'primary' | 'cross' }[];
          const r = reassignForConflict(current, pool, conflict, seed, { dossier, conflicts: otherConflicts });
          if (!r.ok && r.code === 'not_applicable') continue;
          if (r.withdrawn) q.withdraw.run(`回避：${reason}`, a.id);
          if (r.ok) {
            q.insert.run({ id: newId(), campaignId: reviewer.campaignId, dossierId: a.dossierId, reviewerId: r.replacement.reviewerId, role: r.replacement.role, seed, assignedAt: nowIso() });
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
