import { z } from 'zod';
import { mutation, query } from '../define';
import { Id } from './common';

export const CAMPAIGN_PHASES = ['planned', 'self_check', 'sampling', 'review', 'recheck', 'feedback', 'published', 'rectification'] as const;
export const CampaignPhase = z.enum(CAMPAIGN_PHASES);
export type CampaignPhase = z.infer<typeof CampaignPhase>;

const name = z.string().trim().min(1, '活动名称不能为空').max(200, '活动名称不能超过 200 个字');
const year = z.number().int('年度必须是整数').min(2000, '年度不能早于 2000').max(2100, '年度不能晚于 2100');
const organiser = z.string().trim().max(200, '组织单位不能超过 200 个字');
const scopeNotes = z.string().max(5000, '范围说明不能超过 5000 个字');

export const Campaign = z.object({
  id: Id,
  name: z.string(),
  year: z.number().int(),
  organiser: z.string(),
  scopeNotes: z.string(),
  phase: CampaignPhase,
  dossierCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Campaign = z.infer<typeof Campaign>;

export const CampaignCreate = z.object({
  name,
  year,
  organiser: organiser.default(''),
  scopeNotes: scopeNotes.default(''),
});
export type CampaignCreate = z.input<typeof CampaignCreate>;

export const CampaignUpdate = z.object({
  id: Id,
  name: name.optional(),
  year: year.optional(),
  organiser: organiser.optional(),
  scopeNotes: scopeNotes.optional(),
  phase: CampaignPhase.optional(),
});
export type CampaignUpdate = z.input<typeof CampaignUpdate>;

export const campaigns = {
  list: query('评查活动列表（按年度倒序）', z.object({}), z.array(Campaign)),
  get: query('一个评查活动', z.object({ id: Id }), Campaign),
  create: mutation('新建评查活动', CampaignCreate, Campaign),
  update: mutation('修改评查活动', CampaignUpdate, Campaign),
  remove: mutation('删除评查活动及其全部数据', z.object({ id: Id }), z.object({ id: Id })),
};
