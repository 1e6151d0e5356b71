/**
 * consensus.*: cross review turned into one result — 合议 (agreed answers), 复核 (re-check, with its
 * trigger settings), 异议 (objections and rulings). The final result per dossier is what the exports
 * count (electron/core/consensus/final.ts). Blind review: a reviewer who has not submitted sees no
 * other review of the same dossier. Who acts comes from the session (我是谁) in the app.
 */
import { z } from 'zod';
import { ChosenPath } from './chosen-file';
import { DIMENSION_CODES, VerdictSchema } from '../../domain/scoring/schema';
import { RESULT_SOURCES } from '../../domain/consensus/final';
import { mutation, query } from '../define';
import { Id, IsoDate } from './common';
import { PageRef, ReviewStatus } from './reviews';

export const ResultSourceSchema = z.enum(RESULT_SOURCES);
export const DecisionStageSchema = z.enum(['agreed', 'recheck']);
export const RulingSchema = z.enum(['upheld', 'partly', 'rejected']);
export type Ruling = z.infer<typeof RulingSchema>;

export const RecheckSettingsSchema = z.object({
  onGradeDiffers: z.boolean(),
  onAnyVeto: z.boolean(),
  totalMargin: z.number().min(0, '分差不能为负').max(100, '分差不能超过 100 分').nullable(),
  /** Working days an agency has to object after it is told its results. */
  objectionDays: z.number().int('异议期限须为整数个工作日').min(1, '异议期限至少 1 个工作日').max(60, '异议期限不能超过 60 个工作日'),
});
export type RecheckSettingsInput = z.infer<typeof RecheckSettingsSchema>;

export const TriggerSchema = z.object({ kind: z.enum(['grade', 'veto', 'margin']), detail: z.string() });

const ReviewBrief = z.object({
  reviewId: Id,
  reviewerId: Id,
  reviewer: z.string(),
  status: ReviewStatus,
  total: z.number().nullable(),
  grade: z.string().nullable(),
  veto: z.boolean(),
});

const FinalBrief = z.object({ source: ResultSourceSchema, total: z.number(), grade: z.string(), veto: z.boolean() });

export const ConsensusDossierRow = z.object({
  dossierId: Id,
  caseNo: z.string(),
  unitName: z.string(),
  caseType: z.string(),
  reviews: z.array(ReviewBrief),
  triggers: z.array(TriggerSchema),
  /** Items on which the submitted reviews disagree (verdict or deduction), and how many of them are decided. */
  disputedItems: z.number().int(),
  decidedItems: z.number().int(),
  recheck: z.enum(['none', 'pending', 'closed']),
  objections: z.number().int(),
  final: FinalBrief.nullable(),
});
export type ConsensusDossierRow = z.infer<typeof ConsensusDossierRow>;

const AnswerView = z.object({
  verdict: VerdictSchema,
  deduction: z.number(),
  occurrences: z.number().int(),
  note: z.string(),
  pages: z.array(z.number().int()),
});

const DecidedView = AnswerView.extend({ reason: z.string(), decidedBy: z.string(), decidedAt: z.string() });

export const CompareItem = z.object({
  code: z.string(),
  title: z.string(),
  dimension: z.enum(DIMENSION_CODES),
  maxPoints: z.number(),
  veto: z.boolean(),
  answers: z.array(AnswerView.nullable()),
  differs: z.object({ verdict: z.boolean(), deduction: z.boolean(), pages: z.boolean(), note: z.boolean() }),
  scoreDiffers: z.boolean(),
  agreed: DecidedView.nullable(),
  recheck: DecidedView.nullable(),
  final: AnswerView.extend({ source: ResultSourceSchema }).nullable(),
});
export type CompareItem = z.infer<typeof CompareItem>;

export const ComparisonSchema = z.object({
  dossier: z.object({ id: Id, campaignId: Id, caseNo: z.string(), unitName: z.string(), caseType: z.string(), cause: z.string(), party: z.string() }),
  reviews: z.array(ReviewBrief),
  items: z.array(CompareItem),
  triggers: z.array(TriggerSchema),
  recheck: z.object({ conclusion: z.string(), closedBy: z.string(), closedAt: z.string() }).nullable(),
  final: FinalBrief.nullable(),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

export const DecideInput = z.object({
  dossierId: Id,
  stage: DecisionStageSchema,
  itemCode: z.string().trim().min(1),
  verdict: VerdictSchema,
  deduction: z.number().min(0).optional(),
  occurrences: z.number().int().min(0).optional(),
  note: z.string().max(5000).optional(),
  pageRefs: z.array(PageRef).max(200).optional(),
  reason: z.string().trim().min(1, '须写明合议/复核理由').max(5000),
  /** Who decides (组长 or 法制机构) where there is no session (CLI, tests); the app's session (我是谁) overrides it. */
  deciderId: Id.optional(),
});

const ObjectionFileInput = z.object({
  name: z.string().trim().min(1, '附件须有文件名').max(255),
  /** The file's bytes, base64. */
  dataBase64: z.string().max(28_000_000, '单个附件不能超过 20 MB'),
});

export const LodgeObjectionInput = z.object({
  dossierId: Id,
  itemCodes: z.array(z.string().trim().min(1)).min(1, '请至少选择一个有异议的评查项'),
  objector: z.string().trim().min(1, '请填写异议人（单位及联系人）').max(200),
  notifiedOn: IsoDate.nullable().default(null),
  lodgedOn: IsoDate,
  grounds: z.string().trim().min(1, '请填写异议理由').max(20000),
  /** Uploaded bytes (browser) or chosen paths (app, CLI; refused over HTTP). */
  files: z.array(z.union([ObjectionFileInput, ChosenPath])).max(20).default([]),
});

const ItemChange = z.object({
  itemCode: z.string().trim().min(1),
  verdict: VerdictSchema,
  deduction: z.number().min(0).optional(),
  occurrences: z.number().int().min(0).optional(),
  note: z.string().max(5000).optional(),
  pageRefs: z.array(PageRef).max(200).optional(),
});

export const RuleObjectionInput = z.object({
  objectionId: Id,
  ruling: RulingSchema,
  reason: z.string().trim().min(1, '须写明裁定理由').max(20000),
  /** The answers the ruling changes (upheld / partly); none for rejected. */
  changes: z.array(ItemChange).default([]),
  /** As in decide: only without a session. */
  deciderId: Id.optional(),
});

export const ObjectionSchema = z.object({
  id: Id,
  campaignId: Id,
  dossierId: Id,
  caseNo: z.string(),
  unitName: z.string(),
  itemCodes: z.array(z.string()),
  objector: z.string(),
  notifiedOn: z.string().nullable(),
  lodgedOn: z.string(),
  /** Working days past the campaign's objection period (0 = in time; null = unknown: no notification date or no calendar). */
  daysLate: z.number().int().nullable(),
  grounds: z.string(),
  files: z.array(z.object({ id: Id, name: z.string(), size: z.number().int(), sha256: z.string() })),
  ruling: RulingSchema.nullable(),
  rulingReason: z.string().nullable(),
  ruledBy: z.string().nullable(),
  ruledAt: z.string().nullable(),
  totalBefore: z.number().nullable(),
  totalAfter: z.number().nullable(),
  gradeBefore: z.string().nullable(),
  gradeAfter: z.string().nullable(),
  createdAt: z.string(),
});
export type Objection = z.infer<typeof ObjectionSchema>;

const Viewer = z.object({
  dossierId: Id,
  /** Who is looking, where there is no session (CLI, tests); the app's session (我是谁) overrides it.
   *  Blind review: an assigned reviewer whose own review is not yet submitted is refused. */
  viewerId: Id.optional(),
});

export const consensus = {
  settings: query('复核触发条件与异议期限（活动设置）', z.object({ campaignId: Id }), RecheckSettingsSchema),
  setSettings: mutation('修改复核触发条件与异议期限', z.object({ campaignId: Id, settings: RecheckSettingsSchema }), RecheckSettingsSchema),
  dossiers: query('交叉评查案卷：两份以上独立评查或触发复核的案卷', z.object({ campaignId: Id }), z.array(ConsensusDossierRow)),
  recheckQueue: query('待复核案卷及原因', z.object({ campaignId: Id }), z.array(ConsensusDossierRow)),
  compare: query('逐项对照一卷的各份评查（盲评：未提交者不能查看）', Viewer, ComparisonSchema),
  decide: mutation('记录一项的合议/复核结论（附理由）', DecideInput, ComparisonSchema),
  undecide: mutation('撤销一项的合议/复核结论', z.object({ dossierId: Id, stage: DecisionStageSchema, itemCode: z.string(), deciderId: Id.optional() }), ComparisonSchema),
  closeRecheck: mutation('复核完成', z.object({ dossierId: Id, conclusion: z.string().trim().min(1, '请填写复核结论').max(5000), deciderId: Id.optional() }), ComparisonSchema),
  reopenRecheck: mutation('重新打开复核', z.object({ dossierId: Id, deciderId: Id.optional() }), ComparisonSchema),
  objections: query('异议及裁定', z.object({ campaignId: Id }), z.array(ObjectionSchema)),
  lodgeObjection: mutation('登记异议', LodgeObjectionInput, ObjectionSchema),
  ruleObjection: mutation('异议裁定（维持/部分采纳/采纳）', RuleObjectionInput, ObjectionSchema),
  objectionFile: query('异议附件', z.object({ fileId: Id }), z.object({ name: z.string(), dataBase64: z.string() })),
};
