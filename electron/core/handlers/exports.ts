/**
 * exports.*: starts export jobs (the pipeline in ../export) and lists what the 统计与导出 screen
 * offers. Files are written only by the job; a path destination is for the CLI and tests, never
 * for a page (the app asks with a save dialog, the browser downloads).
 */
import { campaignReads } from '../../../db/repositories/campaigns';
import { exportReads } from '../../../db/repositories/exports';
import { reviewRoleReads } from '../../../db/repositories/review-roles';
import { unitLookups } from '../../../db/repositories/units';
import type { Handlers } from '../../../shared/api/contract';
import { EXPORT_KINDS } from '../../../shared/domain/export/kinds';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';
import { registeredExports, startExport } from '../export/index';
import type { ExportRequest } from '../export/types';
import { finalResults } from '../consensus/final';
import { blindReview } from '../consensus/service';
import { reviewService } from '../review/service';
import { mustBeLegalOffice } from '../settings/service';

export function exportHandlers(ctx: CoreContext): Handlers['exports'] {
  const campaigns = campaignReads(ctx.read);
  const reads = exportReads(ctx.read);
  const units = unitLookups(ctx.read);
  const finals = finalResults(ctx.read);
  const reviews = reviewService(ctx);
  const blind = blindReview(ctx);
  const roles = reviewRoleReads(ctx.read);

  /**
   * One reviewer's own 评查表 leaves the app only for those who may read it (docs/roles.md): its
   * reviewer, the team's 组长, the 法制机构, a co-reviewer once blind review allows. Who took someone
   * else's out is recorded. Nobody chosen (single-user laptop, CLI): allowed, as reading is.
   */
  const mustMayExportReview = (reviewId: string, call: Parameters<Handlers['exports']['start']>[1]) => {
    if (!call.reviewer) return null;
    blind.mustMaySeeReview(call, reviewId);
    const owner = reviews.mustMayRead(reviewId, call);
    return owner.id === call.reviewer.id ? null : owner;
  };
  /**
   * A dossier's sheet without a reviewId shows its final result, made from its reviews' answers: with
   * someone chosen, it leaves the app only for one who may read every one of them (blind review included,
   * so a co-reviewer cannot take the other's answers out before submitting their own).
   */
  const mustMayExportDossier = (dossierId: string, call: Parameters<Handlers['exports']['start']>[1]) => {
    if (!call.reviewer) return;
    for (const reviewId of roles.dossierReviewIds(dossierId)) mustMayExportReview(reviewId, call);
  };

  const resolveDossier = (campaignId: string, dossierId?: string, caseNo?: string): { id: string; caseNo: string } | undefined => {
    if (dossierId) {
      const row = reads.dossierInCampaign(dossierId, campaignId);
      if (!row) throw notFound('案卷', dossierId);
      return row;
    }
    if (caseNo) {
      const row = reads.dossierByCaseNo(caseNo, campaignId);
      if (!row) throw new AppError('not_found', `本评查活动中没有案卷编号为“${caseNo}”的案卷。`, { caseNo });
      return row;
    }
    return undefined;
  };

  const resolveUnit = (unitId?: string, unitName?: string): { id: string; name: string } | undefined => {
    if (unitId) {
      const row = units.byId(unitId);
      if (!row) throw notFound('执法单位', unitId);
      return row;
    }
    if (unitName) {
      const row = units.byName(unitName);
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
      const campaign = campaigns.mustExist(input.campaignId).name;
      const dossier = resolveDossier(input.campaignId, input.dossierId, input.caseNo);
      const kind = EXPORT_KINDS[input.kind];
      if (kind.scope === 'dossier' && !dossier) throw new AppError('invalid_argument', `导出${kind.label}须指定案卷（dossierId 或案卷编号）。`);
      const unit = resolveUnit(input.unitId, input.unitName);
      const reviewId = input.reviewId && input.kind === 'sheet' ? input.reviewId : undefined;
      const othersReview = reviewId ? mustMayExportReview(reviewId, call) : null;
      if (dossier && !reviewId && input.kind === 'sheet') mustMayExportDossier(dossier.id, call);
      // Unit summaries, notices, the bulletin and the workbook gather every team's reviews: the office's to take out.
      if (kind.scope !== 'dossier') mustBeLegalOffice(call, kind.label, '导出');
      const request: ExportRequest = {
        campaignId: input.campaignId,
        kind: input.kind,
        format: input.format,
        ...(dossier ? { dossierId: dossier.id } : {}),
        ...(reviewId ? { reviewId } : {}),
        ...(unit ? { unitId: unit.id } : {}),
        mask: input.mask,
      };
      const masked = input.mask.idNumber && input.mask.phone && input.mask.personName;
      const scope = dossier ? `案卷 ${dossier.caseNo}` : unit ? unit.name : campaign;
      const label = `导出${kind.label}（${input.format.toUpperCase()}）：${scope}`;
      const job = startExport(ctx, request, input.destination, label);
      if (othersReview) {
        ctx.tx(() =>
          ctx.audit({
            actor: call.actor,
            action: 'export_review_sheet',
            entity: 'review',
            entityId: reviewId!,
            after: { kind: input.kind, format: input.format, dossierId: dossier?.id ?? null, reviewerId: othersReview.id, reviewer: othersReview.name, mask: input.mask, jobId: job.id },
          }),
        );
      }
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
      campaigns.mustExist(campaignId);
      // Dossiers with a 合议/复核/objection ruling show their final result.
      const decided = finals.decidedOfCampaign(campaignId);
      return reads.dossiers(campaignId, unitId ?? null).map((r) => {
        const f = decided.get(r.dossierId);
        return f ? { ...r, total: f.total, grade: f.grade, veto: f.veto } : r;
      });
    },
  };
}
