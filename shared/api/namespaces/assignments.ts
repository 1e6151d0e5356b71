import { z } from 'zod';
import { mutation, query } from '../define';
import { Id } from './common';
import { Conflict } from './reviewers';

export const AssignmentRole = z.enum(['primary', 'cross']);
export type AssignmentRole = z.infer<typeof AssignmentRole>;

export const Assignment = z.object({
  id: Id,
  dossierId: Id,
  caseNo: z.string(),
  dossierUnit: z.string(),
  reviewerId: Id,
  reviewerName: z.string(),
  reviewerUnit: z.string(),
  role: AssignmentRole,
  status: z.enum(['active', 'withdrawn']),
  withdrawnReason: z.string().nullable(),
  assignedAt: z.string(),
});
export type Assignment = z.infer<typeof Assignment>;

export const AssignmentProblem = z.object({ caseNo: z.string(), message: z.string() });

export const assignments = {
  assign: mutation(
    '随机分配评查人员（回避本单位及声明回避的案卷）',
    z.object({
      campaignId: Id,
      perDossier: z.number().int().min(1, '每卷至少 1 名评查人员').max(5),
      seed: z.string().trim().min(1, '请填写随机种子').max(200),
      /** Replace existing active assignments of dossiers that have no review started. */
      replace: z.boolean().default(false),
    }),
    z.object({ assignments: z.array(Assignment), problems: z.array(AssignmentProblem) }),
  ),
  list: query('分配表', z.object({ campaignId: Id, reviewerId: Id.optional() }), z.array(Assignment)),
  declareConflict: mutation(
    '评查人员声明回避：撤回相关分配并重新分配',
    z
      .object({
        reviewerId: Id,
        dossierId: Id.optional(),
        unitName: z.string().trim().min(1).optional(),
        party: z.string().trim().min(1).optional(),
        reason: z.string().trim().min(1, '请填写回避理由'),
        seed: z.string().trim().min(1).default('conflict'),
      })
      .refine((c) => c.dossierId || c.unitName || c.party, { message: '请指明回避的案卷、单位或当事人' }),
    z.object({ conflict: Conflict, reassigned: z.array(z.object({ caseNo: z.string(), from: z.string(), to: z.string().nullable(), problem: z.string().nullable() })) }),
  ),
};
