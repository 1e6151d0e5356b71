import { z } from 'zod';
import { mutation, query } from '../define';
import { Id } from './common';

const GradeCount = z.object({ grade: z.string(), count: z.number().int(), share: z.number() });
const Example = z.object({ dossierId: z.string(), caseNo: z.string(), unitName: z.string(), deduction: z.number(), note: z.string() });
const ItemProblem = z.object({
  itemCode: z.string(),
  title: z.string(),
  dimension: z.string(),
  legalBasis: z.string(),
  count: z.number().int(),
  totalDeduction: z.number(),
  vetoCount: z.number().int(),
  examples: z.array(Example),
});
export type ReportItemProblem = z.infer<typeof ItemProblem>;
const Dimension = z.object({ code: z.string(), name: z.string(), maxPoints: z.number(), meanScore: z.number(), rate: z.number(), problemCount: z.number().int() });

export const ReportUnit = z.object({
  unitId: z.string(),
  unitName: z.string(),
  rank: z.number().int(),
  reviewed: z.number().int(),
  meanScore: z.number(),
  minScore: z.number(),
  maxScore: z.number(),
  sumScore: z.number(),
  passed: z.number().int(),
  passRate: z.number(),
  excellentRate: z.number(),
  vetoCount: z.number().int(),
  grades: z.array(GradeCount),
  dimensions: z.array(Dimension),
});
export type ReportUnit = z.infer<typeof ReportUnit>;

export const ReportOverview = z.object({
  campaignId: z.string(),
  campaignName: z.string(),
  reviewed: z.number().int(),
  unitCount: z.number().int(),
  meanScore: z.number(),
  passed: z.number().int(),
  passRate: z.number(),
  excellentRate: z.number(),
  vetoCount: z.number().int(),
  failGrade: z.string(),
  grades: z.array(GradeCount),
  histogram: z.array(z.object({ label: z.string(), from: z.number(), to: z.number(), count: z.number().int() })),
  units: z.array(ReportUnit),
  dimensions: z.array(Dimension),
  problemsByItem: z.array(ItemProblem),
  problemsByRule: z.array(
    z.object({
      ruleId: z.string(),
      law: z.string(),
      article: z.number().nullable(),
      itemCode: z.string().nullable(),
      count: z.number().int(),
      examples: z.array(z.object({ dossierId: z.string(), caseNo: z.string(), unitName: z.string(), message: z.string() })),
    }),
  ),
  vetoCases: z.array(
    z.object({ dossierId: z.string(), caseNo: z.string(), unitName: z.string(), caseType: z.string(), itemCodes: z.array(z.string()), reasons: z.array(z.string()) }),
  ),
});
export type ReportOverview = z.infer<typeof ReportOverview>;

const text = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`);

export const BulletinDraftInput = z.object({
  title: text('标题', 200).min(1, '标题不能为空'),
  docNo: text('文号', 100),
  addressee: text('主送单位', 200),
  body: z.string().max(100_000, '正文不能超过 100000 个字').refine((s) => s.trim().length > 0, '正文不能为空'),
  issuer: text('落款单位', 200),
  date: text('成文日期', 50),
});
export type BulletinDraftInput = z.infer<typeof BulletinDraftInput>;

export const BulletinDraftState = z.object({
  draft: BulletinDraftInput,
  /** True when the clerk saved an edited draft; false = generated from the current data. */
  edited: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type BulletinDraftState = z.infer<typeof BulletinDraftState>;

export const reports = {
  overview: query('评查活动统计概览（等次、合格率、单位排名、得分分布、常见问题、否决案卷）', z.object({ campaignId: Id }), ReportOverview),
  bulletinDraft: query('评查情况通报草稿（已编辑的草稿，或按当前数据生成的初稿）', z.object({ campaignId: Id }), BulletinDraftState),
  saveBulletinDraft: mutation('保存编辑后的通报草稿', z.object({ campaignId: Id, draft: BulletinDraftInput }), BulletinDraftState),
  resetBulletinDraft: mutation('放弃编辑的通报草稿，恢复为按当前数据生成的初稿', z.object({ campaignId: Id }), BulletinDraftState),
};
