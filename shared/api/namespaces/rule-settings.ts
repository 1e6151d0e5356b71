import { z } from 'zod';
import { mutation, query } from '../define';
import { Id } from './common';
import { CalendarYear } from './checks';

/**
 * 评查规则参数 of a campaign (values the law leaves to ministries and provinces, per 执法领域), and
 * the holiday calendar as the 设置 screens show it.
 */

const SettingValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const SettingInfo = z.object({
  key: z.string(),
  group: z.string(),
  label: z.string(),
  unit: z.string(),
  type: z.enum(['integer', 'money', 'choice', 'boolean', 'time']),
  min: z.number().optional(),
  max: z.number().optional(),
  nullable: z.boolean().optional(),
  choices: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  defaultValue: SettingValue,
  defaultText: z.string(),
  /** Published law or the sector rule the default comes from. */
  basis: z.string(),
  variesBySector: z.boolean(),
  rules: z.array(z.string()),
});
export type SettingInfo = z.infer<typeof SettingInfo>;

export const StoredSetting = z.object({
  key: z.string(),
  /** '' = the whole campaign; else one 执法领域. */
  sector: z.string(),
  value: SettingValue,
  valueText: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  /** false = a key this program version does not know (kept, not used). */
  known: z.boolean(),
});
export type StoredSetting = z.infer<typeof StoredSetting>;

const GradeModelId = z.enum(['three', 'four', 'template']);

export const CampaignSettings = z.object({
  /** The campaign's 等次模型; chosen=false: none chosen, the templates' own tiers apply. locked: 评查表 exist, it can no longer change. */
  gradeModel: z.object({ id: GradeModelId, chosen: z.boolean(), locked: z.boolean() }),
  stored: z.array(StoredSetting),
  /** Every 执法领域 values can be set for, with the campaign's dossiers in it. */
  sectors: z.array(z.object({ name: z.string(), dossiers: z.number().int() })),
  /** 执法领域 texts of dossiers that match no known sector (checked with the campaign's values). */
  unmatchedFields: z.array(z.object({ field: z.string(), dossiers: z.number().int() })),
});
export type CampaignSettings = z.infer<typeof CampaignSettings>;

const Sector = z.string().trim().max(40, '执法领域名称过长').default('');

export const ruleSettings = {
  catalogue: query('评查规则参数一览：含义、单位、默认值及其法律依据', z.object({}), z.array(SettingInfo)),
  get: query('评查活动已设置的规则参数（整个活动及各执法领域）', z.object({ campaignId: Id }), CampaignSettings),
  set: mutation(
    '设置评查活动的一项规则参数（可只对一个执法领域），记入审计日志',
    z.object({ campaignId: Id, sector: Sector, key: z.string().min(1, '缺少参数名'), value: SettingValue }),
    z.object({ setting: StoredSetting }),
  ),
  reset: mutation(
    '恢复一项规则参数为默认值（或整个活动的设置），记入审计日志',
    z.object({ campaignId: Id, sector: Sector, key: z.string().min(1, '缺少参数名') }),
    z.object({ removed: z.boolean() }),
  ),
  gradeModels: query(
    '可选的等次模型（三档、四档、按模板）',
    z.object({}),
    z.array(z.object({ id: GradeModelId, label: z.string(), source: z.string(), tiers: z.array(z.object({ grade: z.string(), minScore: z.number() })) })),
  ),
  setGradeModel: mutation(
    '选择评查活动的等次模型（已有评查表后不能再改），记入审计日志',
    z.object({ campaignId: Id, model: z.string().min(1, '缺少等次模型') }),
    z.object({ model: GradeModelId, changed: z.boolean() }),
  ),
  calendarCoverage: query(
    '评查活动案卷日期涉及的年份，及其中尚未载入节假日安排的年份',
    z.object({ campaignId: Id }),
    z.object({ years: z.array(z.number().int()), missing: z.array(z.number().int()), knownYears: z.array(z.number().int()) }),
  ),
  calendarYear: query(
    '一年的节假日安排：放假日和调休上班日',
    z.object({ year: z.number().int().min(1990).max(2100) }),
    CalendarYear.extend({ days: z.array(z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string() })) }),
  ),
};
