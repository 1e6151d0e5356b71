import { z } from 'zod';
import { EXPORT_FORMAT_NAMES, EXPORT_KIND_NAMES, listChoices } from '../../domain/export/kinds';
import { job, query } from '../define';
import { Id } from './common';
import { ReviewProgress } from './reviews';

/**
 * Exports (the kinds in shared/domain/export/kinds.ts) run as jobs. Where the file goes:
 * - `ask`: the Electron main process shows a save dialog (app only);
 * - `download`: a private temporary folder; the job's result names GET /exports/<id> (browser);
 * - `path`: a file path (CLI and tests only; refused over IPC and HTTP).
 */
export const ExportKindSchema = z.enum(EXPORT_KIND_NAMES, { error: `导出类型应为 ${listChoices(EXPORT_KIND_NAMES)}` });
export const ExportFormatSchema = z.enum(EXPORT_FORMAT_NAMES, { error: `导出格式应为 ${listChoices(EXPORT_FORMAT_NAMES)}` });

/** Personal data masking; every field true unless switched off (organisations are never masked). */
export const MaskOptionsSchema = z.object({
  idNumber: z.boolean().default(true),
  phone: z.boolean().default(true),
  personName: z.boolean().default(true),
});

export const ExportDestinationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ask') }),
  z.object({ kind: z.literal('download') }),
  z.object({ kind: z.literal('path'), path: z.string().trim().min(1, '请给出导出文件的路径') }),
]);
export type ExportDestination = z.infer<typeof ExportDestinationSchema>;

export const ExportStartInput = z.object({
  campaignId: Id,
  kind: ExportKindSchema,
  format: ExportFormatSchema,
  /** sheet, blank: the dossier, by id or by 案卷编号. */
  dossierId: Id.optional(),
  caseNo: z.string().trim().min(1).optional(),
  /** sheet: one reviewer's own review (individual reviews stay exportable after a 合议); absent = the dossier's final result. */
  reviewId: Id.optional(),
  /** summary, notice: one unit by id or name (absent: every unit). */
  unitId: Id.optional(),
  unitName: z.string().trim().min(1).optional(),
  mask: MaskOptionsSchema.default({ idNumber: true, phone: true, personName: true }),
  destination: ExportDestinationSchema,
});
export type ExportStartInput = z.input<typeof ExportStartInput>;

/** A finished export job's `result`. */
export const ExportResultSchema = z.object({
  fileName: z.string(),
  mime: z.string(),
  bytes: z.number().int(),
  /** Where it was written (path and ask); null for downloads. */
  path: z.string().nullable(),
  /** GET <downloadUrl> with the bearer token (download destination only). */
  downloadUrl: z.string().nullable(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

/** One dossier on the 统计与导出 screen: its most advanced review's total and grade. */
export const ExportDossierRow = z.object({
  dossierId: Id,
  caseNo: z.string(),
  unitId: Id,
  unitName: z.string(),
  caseType: z.string(),
  procedure: z.string().nullable(),
  reviewStatus: ReviewProgress,
  reviewers: z.array(z.string()),
  total: z.number().nullable(),
  grade: z.string().nullable(),
  veto: z.boolean(),
});
export type ExportDossierRow = z.infer<typeof ExportDossierRow>;

export const exportsNamespace = {
  start: job('导出文档（后台任务；用 jobs.get 查看进度与结果）', ExportStartInput, ExportResultSchema),
  formats: query('可导出的文档类型及格式', z.object({}), z.array(z.object({ kind: ExportKindSchema, format: ExportFormatSchema }))),
  dossiers: query('统计与导出：活动中已分配评查的案卷及其得分', z.object({ campaignId: Id, unitId: Id.optional() }), z.array(ExportDossierRow)),
};
