import { z } from 'zod';
import { isTemplateHeader } from '../../domain/register/columns';
import { job, mutation, query } from '../define';
import { Id } from './common';

/**
 * A register file: bytes as base64 (browser upload; a data: URL prefix is tolerated) or a local path
 * (CLI and Electron only: refused over the HTTP transport). `sheet` picks an XLSX sheet by name.
 */
export const RegisterFileRef = z.union([
  z.object({
    name: z.string().trim().min(1, '文件名不能为空').max(255, '文件名过长'),
    dataBase64: z.string(),
    sheet: z.string().optional(),
  }),
  z.object({ path: z.string().min(1, '文件路径不能为空'), sheet: z.string().optional() }),
]);
export type RegisterFileRef = z.infer<typeof RegisterFileRef>;

/** Source header → template column (null: keep the column only in the raw row). */
export const ColumnMappingSchema = z.record(
  z.string(),
  z.string().refine(isTemplateHeader, { message: '不是案卷目录模板中的列' }).nullable(),
);

export const RegisterFormat = z.enum(['csv', 'xlsx']);

export const RegisterIssueSchema = z.object({
  file: z.string(),
  /** Row as the spreadsheet shows it (header = 1, first data row = 2); 0 = the file as a whole. */
  row: z.number().int().min(0),
  column: z.string(),
  value: z.string(),
  message: z.string(),
});
export type RegisterIssueDto = z.infer<typeof RegisterIssueSchema>;

export const FieldChangeSchema = z.object({
  field: z.string(),
  label: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

export const ChangedRowSchema = z.object({
  caseNo: z.string(),
  file: z.string(),
  row: z.number().int(),
  changes: z.array(FieldChangeSchema),
});

export const RegisterPreview = z.object({
  file: z.string(),
  format: RegisterFormat,
  encoding: z.string().nullable(),
  sheet: z.string().nullable(),
  sheets: z.array(z.string()),
  headerRow: z.number().int(),
  headers: z.array(z.string()),
  /** The first data rows, cells aligned with headers. */
  rows: z.array(z.array(z.string())),
  rowCount: z.number().int(),
  /** What an import without an explicit mapping would use: exact names, synonyms, then a saved mapping. */
  suggestedMapping: ColumnMappingSchema,
  /** The unit whose saved mapping was applied, if any. */
  savedMappingUnit: z.string().nullable(),
  /** Required template columns that no header maps to under the suggested mapping. */
  missingRequired: z.array(z.string()),
  /** Problems reading the file (corrupt, unknown sheet…). */
  errors: z.array(RegisterIssueSchema),
});
export type RegisterPreview = z.infer<typeof RegisterPreview>;

/** What one import did for one 执法单位 (rows counted by the unit named in their 执法单位 cell). */
export const UnitImportCountSchema = z.object({
  unitName: z.string(),
  imported: z.number().int(),
  unchanged: z.number().int(),
  changed: z.number().int(),
});

/** What importing one register file did: in the import's result, and later in the import history. */
export const RegisterFileImport = z.object({
  fileName: z.string(),
  format: RegisterFormat,
  encoding: z.string().nullable(),
  sheet: z.string().nullable(),
  rowCount: z.number().int(),
  imported: z.number().int(),
  unchanged: z.number().int(),
  changed: z.number().int(),
  /** Per 执法单位, sorted by name (empty when nothing was stored because of errors, or recorded before per-unit counts were kept). */
  units: z.array(UnitImportCountSchema),
});

export const RegisterFileResult = RegisterFileImport.extend({
  mapping: ColumnMappingSchema,
  savedMappingUnit: z.string().nullable(),
  /** The register_imports row (null when nothing was stored because of errors). */
  importId: z.string().nullable(),
});

export const RegisterImportResult = z.object({
  /** New dossiers stored. */
  imported: z.number().int(),
  /** Rows whose case number was already in the campaign with identical content: nothing written. */
  unchanged: z.number().int(),
  /** Rows whose case number was already in the campaign with different content. */
  changed: z.array(ChangedRowSchema),
  /** True when the changed rows were written (applyChanges was set and there were changes). */
  applied: z.boolean(),
  warnings: z.array(RegisterIssueSchema),
  /** Non-empty → nothing at all was stored. Lists at most 1000; errorTotal has the full count. */
  errors: z.array(RegisterIssueSchema),
  errorTotal: z.number().int(),
  warningTotal: z.number().int(),
  files: z.array(RegisterFileResult),
  /** Per 执法单位 over all files, sorted by name (empty when there were errors). */
  units: z.array(UnitImportCountSchema),
});
export type RegisterImportResult = z.infer<typeof RegisterImportResult>;

export const RegisterImportInput = z.object({
  campaignId: Id,
  files: z.array(RegisterFileRef).min(1, '至少选择一个文件').max(100, '一次最多导入 100 个文件'),
  mapping: ColumnMappingSchema.optional(),
  applyChanges: z.boolean().default(false),
});
export type RegisterImportInput = z.output<typeof RegisterImportInput>;

/** One stored register import (a register_imports row). */
export const RegisterImportRecordSchema = RegisterFileImport.extend({
  id: Id,
  campaignId: Id,
  fileSha256: z.string(),
  warnings: z.array(RegisterIssueSchema),
  importedAt: z.string(),
  actor: z.string(),
});

export const SavedMappingSchema = z.object({
  unitName: z.string(),
  mapping: ColumnMappingSchema,
  updatedAt: z.string(),
});

export const registers = {
  preview: query(
    '预览案卷目录文件：表头、前几行与建议的列映射',
    z.object({ campaignId: Id, file: RegisterFileRef, sheet: z.string().optional(), limit: z.number().int().min(1).max(200).default(20) }),
    RegisterPreview,
  ),
  import: mutation('导入案卷目录（全部成功或全部不导入）', RegisterImportInput, RegisterImportResult),
  /** The same import as a job (progress, cancel). */
  startImport: job('在后台导入案卷目录（可查看进度、可取消；全部成功或全部不导入）', RegisterImportInput, RegisterImportResult),
  history: query('案卷目录导入记录（最新在前）', z.object({ campaignId: Id }), z.array(RegisterImportRecordSchema)),
  saveMapping: mutation(
    '保存某单位的列映射，之后导入该单位的目录时自动使用',
    z.object({ unitName: z.string().trim().min(1, '单位名称不能为空').max(200), mapping: ColumnMappingSchema }),
    SavedMappingSchema,
  ),
  mappings: query('已保存的列映射', z.object({}), z.array(SavedMappingSchema)),
};
