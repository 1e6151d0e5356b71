import { z } from 'zod';
import { mutation, query } from '../define';
import { Id, IsoDate } from './common';

export const SampleSettings = z
  .object({
    /** per_unit: a fixed count per unit; ratio: a share of each unit's population, with a minimum. */
    mode: z.enum(['per_unit', 'ratio']),
    perUnit: z.number().int().min(1, '每单位抽取数至少为 1').max(10_000).optional(),
    ratio: z.number().gt(0, '抽取比例必须大于 0').max(1, '抽取比例不能超过 1').optional(),
    min: z.number().int().min(0).max(10_000).default(0),
    /** Stratify each unit's draw by 案件类型. */
    stratify: z.boolean().default(false),
    /** 结案日期 window, inclusive at both ends. */
    from: IsoDate.nullable().default(null),
    to: IsoDate.nullable().default(null),
    /** Restrict the population to these case types (empty = all). */
    caseTypes: z.array(z.string()).default([]),
    /** 案卷编号 the office left out before drawing (e.g. no 卷宗 PDF), recorded with the draw. */
    excludeCaseNos: z.array(z.string().min(1)).max(1_000_000).optional(),
  })
  .refine((s) => (s.mode === 'per_unit' ? s.perUnit !== undefined : s.ratio !== undefined), {
    message: '按数量抽取需填写每单位数量（perUnit），按比例抽取需填写比例（ratio）',
  })
  .refine((s) => !s.from || !s.to || s.from <= s.to, { message: '结案日期范围的起始日期不能晚于截止日期' });
export type SampleSettings = z.infer<typeof SampleSettings>;

export const SampleItem = z.object({
  dossierId: Id,
  caseNo: z.string(),
  unitName: z.string(),
  caseType: z.string(),
  party: z.string(),
  closedDate: z.string(),
  drawOrder: z.number().int(),
  stratum: z.string(),
  origin: z.enum(['random', 'manual_add', 'manual_replace']),
  reason: z.string().nullable(),
  replacesCaseNo: z.string().nullable(),
  withdrawn: z.boolean(),
  withdrawnReason: z.string().nullable(),
});

export const StratumCount = z.object({ stratum: z.string(), unitName: z.string(), caseType: z.string().nullable(), population: z.number().int(), drawn: z.number().int() });

export const Draw = z.object({
  id: Id,
  campaignId: Id,
  seed: z.string(),
  settings: z.unknown(),
  algorithm: z.string(),
  drawnAt: z.string(),
  actor: z.string(),
  isCurrent: z.boolean(),
  strata: z.array(StratumCount),
  items: z.array(SampleItem),
});
export type Draw = z.infer<typeof Draw>;

export const DrawSummary = Draw.omit({ items: true, strata: true }).extend({ itemCount: z.number().int() });

const Seed = z.string().trim().min(1, '请填写随机种子（公开记录，用于复核抽样）').max(200);

export const sampling = {
  draw: mutation(
    '随机抽取案卷（同一登记表、同一设置、同一种子在任何电脑上得到相同结果）',
    z.object({ campaignId: Id, settings: SampleSettings, seed: Seed, redraw: z.boolean().default(false) }),
    Draw,
  ),
  current: query('当前抽样结果', z.object({ campaignId: Id }), Draw.nullable()),
  get: query('某次抽样的记录', z.object({ drawId: Id }), Draw),
  history: query('全部抽样记录（含被替换的）', z.object({ campaignId: Id }), z.array(DrawSummary)),
  addManual: mutation('手工增补案卷', z.object({ campaignId: Id, caseNo: z.string().min(1), reason: z.string().trim().min(1, '请填写增补理由') }), Draw),
  replace: mutation(
    '手工替换案卷（如案卷无法调取）',
    z.object({ campaignId: Id, caseNo: z.string().min(1), replacementCaseNo: z.string().min(1), reason: z.string().trim().min(1, '请填写替换理由') }),
    Draw,
  ),
  verify: query('按记录的设置和种子重新抽取并与记录比对', z.object({ drawId: Id }), z.object({ ok: z.boolean(), message: z.string() })),
  precheck: query(
    '抽样前检查：没有评查标准的案件类型、未附卷宗 PDF 的案卷（可在抽样时排除）',
    z.object({ campaignId: Id }),
    z.object({
      dossiers: z.number().int(),
      noTemplate: z.array(z.object({ caseType: z.string(), procedure: z.string().nullable(), count: z.number().int(), caseNos: z.array(z.string()) })),
      caseTypesWithTemplate: z.array(z.string()),
      noPdf: z.object({ count: z.number().int(), caseNos: z.array(z.string()) }),
    }),
  ),
};
