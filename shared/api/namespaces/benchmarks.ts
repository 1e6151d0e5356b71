import { z } from 'zod';
import { ChosenPath } from './chosen-file';
import { mutation, query } from '../define';
import { Id, IsoDate } from './common';

/**
 * Discretion benchmarks (裁量基准库): tables imported from CSV/XLSX into benchmark_docs / _items /
 * _tiers; the DISC-RANGE rule of checks.run looks fines up in them.
 */

export const BenchmarkIssue = z.object({ file: z.string(), row: z.number().int(), column: z.string(), value: z.string(), message: z.string() });
export type BenchmarkIssue = z.infer<typeof BenchmarkIssue>;

export const BenchmarkDoc = z.object({
  id: Id,
  issuer: z.string(),
  docNo: z.string().nullable(),
  title: z.string(),
  region: z.string().nullable(),
  sector: z.string().nullable(),
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable(),
  isExample: z.boolean(),
  items: z.number().int(),
  tiers: z.number().int(),
  createdAt: z.string(),
});
export type BenchmarkDoc = z.infer<typeof BenchmarkDoc>;

export const BenchmarkTierRow = z.object({
  tier: z.enum(['NO_PENALTY', 'MITIGATED', 'LENIENT', 'GENERAL', 'SEVERE']),
  tierLabel: z.string(),
  circumstance: z.string().nullable(),
  conditions: z.string(),
  fineMin: z.number().nullable(),
  fineMax: z.number().nullable(),
  penaltyKinds: z.array(z.string()),
});

export const BenchmarkItemRow = z.object({
  id: Id,
  code: z.string(),
  violationName: z.string(),
  violatedProvision: z.string().nullable(),
  penaltyProvision: z.string().nullable(),
  rangeUnit: z.string(),
  rangeUnitLabel: z.string(),
  tiers: z.array(BenchmarkTierRow),
});

const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`).optional();

export const BenchmarkImportInput = z
  .object({
    /** Browser upload: the file's name and bytes. */
    name: z.string().trim().min(1, '文件名不能为空').optional(),
    dataBase64: z.string().min(1, '文件为空').max(40_000_000, '文件过大（超过 30 MB）').optional(),
    /** Or, in the app and the CLI, the chosen file's path (read by the main process; refused over HTTP). */
    path: ChosenPath.shape.path.optional(),
    /** XLSX: the sheet to read; default the first. */
    sheet: z.string().optional(),
    issuer: z.string().trim().min(1, '请填写制定机关').max(200),
    title: z.string().trim().min(1, '请填写裁量基准文件名称').max(300),
    docNo: optionalText(100, '文号'),
    region: optionalText(100, '地区'),
    sector: optionalText(100, '领域'),
    effectiveFrom: IsoDate.optional(),
    effectiveTo: IsoDate.optional(),
    /** Marks an example table (示例), never an issued standard. */
    isExample: z.boolean().default(false),
  })
  .refine((v) => (v.path === undefined ? v.name !== undefined && v.dataBase64 !== undefined : v.dataBase64 === undefined), {
    message: '请选择裁量基准表文件：给出文件路径，或文件名和内容（二者取一）',
    path: ['path'],
  })
  .refine((v) => !v.effectiveFrom || !v.effectiveTo || v.effectiveFrom <= v.effectiveTo, { message: '失效日期早于生效日期', path: ['effectiveTo'] });

export const BenchmarkImportResult = z.object({
  /** null when the file was rejected (then nothing was stored). */
  doc: BenchmarkDoc.nullable(),
  rows: z.number().int(),
  errors: z.array(BenchmarkIssue),
});
export type BenchmarkImportResult = z.infer<typeof BenchmarkImportResult>;

export const benchmarks = {
  import: mutation('导入裁量基准表（CSV 或 XLSX；有错误时整表不导入）', BenchmarkImportInput, BenchmarkImportResult),
  list: query('已导入的裁量基准文件', z.object({}), z.array(BenchmarkDoc)),
  items: query('一份裁量基准的违法行为及裁量阶次', z.object({ docId: Id }), z.array(BenchmarkItemRow)),
  remove: mutation('删除一份裁量基准（连同其违法行为和阶次）', z.object({ docId: Id }), z.object({ docId: Id })),
};
