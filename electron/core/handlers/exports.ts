/**
 * exports.*: starts export jobs (the pipeline in ../export) and lists what the 统计与导出 screen
 * offers. Files are written only by the job; a path destination is for the CLI and tests, never
 * for a page (the app asks with a save dialog, the browser downloads).
 */
import type { Handlers } from '../../../shared/api/contract';
import type { ExportDossierRow } from '../../../shared/api/namespaces/exports';
import { EXPORT_KINDS } from '../../../shared/domain/export/kinds';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';
import { registeredExports, startExport } from '../export/index';
import type { ExportRequest } from '../export/types';

export function exportHandlers(ctx: CoreContext): Handlers['exports'] {
  const campaignName = (id: string): string => {
    const name = ctx.db.prepare('SELECT name FROM campaigns WHERE id = ?').pluck().get(id) as string | undefined;
    if (name === undefined) throw notFound('评查活动', id);
    return name;
  };

  const resolveDossier = (campaignId: string, dossierId?: string, caseNo?: string): { id: string; caseNo: string } | undefined => {
    if (dossierId) {
      const row = ctx.db.prepare('SELECT id, case_no AS caseNo FROM dossiers WHERE id = ? AND campaign_id = ?').get(dossierId, campaignId) as
        | { id: string; caseNo: string }
        | undefined;
      if (!row) throw notFound('案卷', dossierId);
      return row;
    }
    if (caseNo) {
      const row = ctx.db.prepare('SELECT id, case_no AS caseNo FROM dossiers WHERE case_no = ? AND campaign_id = ?').get(caseNo, campaignId) as
        | { id: string; caseNo: string }
        | undefined;
      if (!row) throw new AppError('not_found', `本评查活动中没有案卷编号为“${caseNo}”的案卷。`, { caseNo });
      return row;
    }
    return undefined;
  };

  const resolveUnit = (unitId?: string, unitName?: string): { id: string; name: string } | undefined => {
    if (unitId) {
      const row = ctx.db.prepare('SELECT id, name FROM units WHERE id = ?').get(unitId) as { id: string; name: string } | undefined;
      if (!row) throw notFound('执法单位', unitId);
      return row;
    }
    if (unitName) {
      const row = ctx.db.prepare('SELECT id, name FROM units WHERE name = ?').get(unitName) as { id: string; name: string } | undefined;
      if (!row) throw new AppError('not_found', `没有名为“${unitName}”的执法单位。`, { unitName });
      return row;
    }
    return undefined;
  };

  return {
    start: (input, call) => {
      if (input.destination.kind === 'path' && (call.transport === 'http' || call.transport === 'ipc')) {
        throw new AppError('invalid_argument', '界面导出须通过保存对话框或浏览器下载，不能直接指定文件路径。');
      }
      const campaign = campaignName(input.campaignId);
      const dossier = resolveDossier(input.campaignId, input.dossierId, input.caseNo);
      const kind = EXPORT_KINDS[input.kind];
      if (kind.scope === 'dossier' && !dossier) throw new AppError('invalid_argument', `导出${kind.label}须指定案卷（dossierId 或案卷编号）。`);
      const unit = resolveUnit(input.unitId, input.unitName);
      const request: ExportRequest = {
        campaignId: input.campaignId,
        kind: input.kind,
        format: input.format,
        ...(dossier ? { dossierId: dossier.id } : {}),
        ...(unit ? { unitId: unit.id } : {}),
        mask: input.mask,
      };
      const masked = input.mask.idNumber && input.mask.phone && input.mask.personName;
      const scope = dossier ? `案卷 ${dossier.caseNo}` : unit ? unit.name : campaign;
      const label = `导出${kind.label}（${input.format.toUpperCase()}）：${scope}`;
      const job = startExport(ctx, request, input.destination, label);
      // An export that carries personal data unmasked leaves a trace; masked ones are routine.
      if (!masked) {
        ctx.tx(() =>
          ctx.audit({
            actor: call.actor,
            action: 'export_unmasked',
            entity: dossier ? 'dossier' : 'campaign',
            entityId: dossier?.id ?? input.campaignId,
            after: { kind: input.kind, format: input.format, unitId: unit?.id ?? null, mask: input.mask, jobId: job.id },
          }),
        );
      }
      return { jobId: job.id };
    },

    formats: () => registeredExports(),

    dossiers: ({ campaignId, unitId }) => {
      campaignName(campaignId);
      const rows = ctx.db
        .prepare(
          `SELECT d.id AS dossierId, d.case_no AS caseNo, d.unit_id AS unitId, u.name AS unitName, d.case_type AS caseType, d.procedure,
                  (SELECT r.id FROM reviews r JOIN assignments a ON a.id = r.assignment_id WHERE r.dossier_id = d.id
                    ORDER BY CASE r.status WHEN 'locked' THEN 0 WHEN 'submitted' THEN 1 ELSE 2 END, CASE a.role WHEN 'primary' THEN 0 ELSE 1 END, r.updated_at DESC
                    LIMIT 1) AS reviewId,
                  (SELECT group_concat(name, '、') FROM (SELECT DISTINCT rv.name FROM assignments a JOIN reviewers rv ON rv.id = a.reviewer_id
                    WHERE a.dossier_id = d.id AND a.status = 'active' ORDER BY a.role DESC, rv.name)) AS reviewers
           FROM dossiers d JOIN units u ON u.id = d.unit_id
           WHERE d.campaign_id = @campaignId AND (@unitId IS NULL OR d.unit_id = @unitId)
             AND EXISTS (SELECT 1 FROM assignments a WHERE a.dossier_id = d.id)
           ORDER BY u.name, d.case_no`,
        )
        .all({ campaignId, unitId: unitId ?? null }) as (Omit<ExportDossierRow, 'reviewStatus' | 'reviewers' | 'total' | 'grade' | 'veto'> & {
        reviewId: string | null;
        reviewers: string | null;
      })[];
      const review = ctx.db.prepare('SELECT status, total, grade, veto FROM reviews WHERE id = ?');
      return rows.map(({ reviewId, reviewers, ...r }) => {
        const rv = reviewId ? (review.get(reviewId) as { status: 'draft' | 'submitted' | 'locked'; total: number | null; grade: string | null; veto: number }) : null;
        return {
          ...r,
          reviewStatus: rv?.status ?? 'not_started',
          reviewers: reviewers ? reviewers.split('、') : [],
          total: rv?.total ?? null,
          grade: rv?.grade ?? null,
          veto: rv?.veto === 1,
        };
      });
    },
  };
}
