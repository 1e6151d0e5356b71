import { z } from 'zod';
import { mutation, query } from '../define';
import { Id } from './common';
import { RegisterFileRef } from './registers';

export const REVIEWER_ROLES = ['reviewer', 'leader', 'legal_office'] as const;
export const ReviewerRole = z.enum(REVIEWER_ROLES);
export type ReviewerRole = z.infer<typeof ReviewerRole>;

export const Reviewer = z.object({
  id: Id,
  campaignId: Id,
  name: z.string(),
  unitName: z.string(),
  role: ReviewerRole,
  certNo: z.string().nullable(),
  phone: z.string().nullable(),
  /** 评查组 (empty when the campaign has one team). */
  team: z.string(),
  /** Active assignments. */
  load: z.number().int(),
});
export type Reviewer = z.infer<typeof Reviewer>;

export const ReviewerInput = z.object({
  name: z.string().trim().min(1, '姓名不能为空').max(50),
  unitName: z.string().trim().max(200).default(''),
  role: ReviewerRole.default('reviewer'),
  certNo: z.string().trim().max(50).nullable().default(null),
  phone: z.string().trim().max(30).nullable().default(null),
  team: z.string().trim().max(50).default(''),
});

export const Conflict = z.object({
  id: Id,
  reviewerId: Id,
  reviewerName: z.string(),
  dossierId: Id.nullable(),
  caseNo: z.string().nullable(),
  unitName: z.string().nullable(),
  party: z.string().nullable(),
  reason: z.string(),
  declaredAt: z.string(),
});
export type Conflict = z.infer<typeof Conflict>;

export const reviewers = {
  list: query('评查人员名单（含当前任务数）', z.object({ campaignId: Id }), z.array(Reviewer)),
  add: mutation('添加评查人员', ReviewerInput.extend({ campaignId: Id }), Reviewer),
  remove: mutation('删除评查人员（已有评查记录的不能删除）', z.object({ id: Id }), z.object({ id: Id })),
  conflicts: query('回避声明', z.object({ campaignId: Id }), z.array(Conflict)),
  importRoster: mutation(
    '导入评查人员名单（CSV/XLSX：姓名、单位、角色、证书编号、电话、评查组；已在名单中的人员按文件更新角色、评查组等）',
    z.object({ campaignId: Id, file: RegisterFileRef }),
    z.object({ added: z.array(Reviewer), updated: z.array(Reviewer), unchanged: z.number().int() }),
  ),
};
