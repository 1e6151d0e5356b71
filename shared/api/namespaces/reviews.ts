import { z } from 'zod';
import { ChecklistTemplateSchema, DIMENSION_CODES, VerdictSchema } from '../../domain/scoring/schema';
import { FACT_GROUPS, FACT_KINDS } from '../../domain/facts';
import { mutation, query } from '../define';
import { AssignmentRole } from './assignments';
import { Id } from './common';

export const ReviewStatus = z.enum(['draft', 'submitted', 'locked']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;
/** A dossier's review as lists show it: a review's status, or not_started before one exists. */
export const ReviewProgress = z.enum(['not_started', ...ReviewStatus.options]);
export type ReviewProgress = z.infer<typeof ReviewProgress>;

export const PageRef = z.object({
  page: z.number().int('页码必须是整数').min(1, '页码从 1 开始'),
  text: z.string().max(2000).optional(),
});
export type PageRef = z.infer<typeof PageRef>;

const Dim = z.enum(DIMENSION_CODES);

export const DimensionScoreSchema = z.object({
  code: Dim,
  name: z.string(),
  max: z.number(),
  applicableMax: z.number(),
  score: z.number(),
  deducted: z.number(),
  /** Under 扣完为止 at the dimension (PG v3): the items' deductions before the cap, and whether it bit. Optional: scores stored before v3 lack them. */
  requested: z.number().optional(),
  pooled: z.boolean().optional(),
  capped: z.boolean().optional(),
});

/** scoreReview's result (shared/domain/scoring/engine.ts ScoreResult). */
export const ScoreSchema = z.object({
  templateKey: z.string(),
  templateVersion: z.number().int(),
  dimensions: z.array(DimensionScoreSchema),
  items: z.array(
    z.object({
      code: z.string(),
      dimension: Dim,
      status: z.enum(['conform', 'deduct', 'na', 'veto', 'unanswered', 'invalid', 'not_applicable']),
      max: z.number(),
      deducted: z.number(),
      requested: z.number(),
      score: z.number(),
      capped: z.boolean(),
      applicable: z.boolean(),
    }),
  ),
  total: z.number(),
  pointsBeforeVeto: z.number(),
  maxTotal: z.number(),
  applicableMax: z.number(),
  veto: z.object({
    hit: z.boolean(),
    items: z.array(z.string()),
    reasons: z.array(z.object({ itemCode: z.string(), title: z.string(), reason: z.string(), pageRefs: z.array(z.string()) })),
  }),
  grade: z.string(),
  unanswered: z.array(z.string()),
  invalid: z.array(z.string()),
  missingReasons: z.array(z.string()),
  errors: z.array(z.object({ itemCode: z.string(), message: z.string() })),
  complete: z.boolean(),
});
export type Score = z.infer<typeof ScoreSchema>;

export const Review = z.object({
  id: Id,
  assignmentId: Id,
  campaignId: Id,
  dossierId: Id,
  reviewerId: Id,
  templateId: Id,
  status: ReviewStatus,
  /** Stored with every save (provisional while incomplete). */
  total: z.number().nullable(),
  grade: z.string().nullable(),
  veto: z.boolean(),
  /** Dimension code → points earned. */
  dimensionScores: z.record(z.string(), z.number()),
  submittedAt: z.string().nullable(),
  lockedAt: z.string().nullable(),
  lockedBy: z.string().nullable(),
  revision: z.number().int(),
  updatedAt: z.string(),
  /** The last 退回: why, by whom (audit actor form) and when; cleared when the review is submitted again. */
  returnedReason: z.string().nullable(),
  returnedBy: z.string().nullable(),
  returnedAt: z.string().nullable(),
});
export type Review = z.infer<typeof Review>;

export const Answer = z.object({
  itemCode: z.string(),
  verdict: VerdictSchema,
  /** Points deducted as stored (the effective deduction: fixed = item maximum, per-occurrence = capped product). */
  deduction: z.number(),
  occurrences: z.number().int(),
  note: z.string(),
  pageRefs: z.array(PageRef),
  updatedAt: z.string(),
});
export type Answer = z.infer<typeof Answer>;

export const ReviewDossier = z.object({
  id: Id,
  caseNo: z.string(),
  unitName: z.string(),
  caseType: z.string(),
  procedure: z.string().nullable(),
  cause: z.string(),
  party: z.string(),
  dateClosed: z.string(),
});
export type ReviewDossier = z.infer<typeof ReviewDossier>;

/** Everything the review workspace needs. */
export const ReviewSheet = z.object({
  review: Review,
  template: ChecklistTemplateSchema,
  dossier: ReviewDossier,
  /** Item codes that apply to this dossier, in template order. */
  applicable: z.array(z.string()),
  answers: z.array(Answer),
  score: ScoreSchema,
});
export type ReviewSheet = z.infer<typeof ReviewSheet>;

export const QueueEntry = z.object({
  assignmentId: Id,
  dossierId: Id,
  caseNo: z.string(),
  unitName: z.string(),
  caseType: z.string(),
  procedure: z.string().nullable(),
  role: AssignmentRole,
  reviewId: Id.nullable(),
  status: ReviewProgress,
  answered: z.number().int(),
  applicable: z.number().int(),
  total: z.number().nullable(),
  grade: z.string().nullable(),
  /** Why the review was sent back (退回), while the reviewer has not submitted it again. */
  returnedReason: z.string().nullable(),
  /** 签批后有改动: edited since it was last signed off (electron/core/review/signoff-mark.ts). */
  changedSinceSignOff: z.boolean(),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

/**
 * Key facts of a dossier the reviewer may correct (stored in dossiers.facts_override, read by the
 * automatic checks: electron/core/facts/dossier-facts.ts). The keys, labels, kinds and groups come from the
 * shared fact table (shared/domain/facts); the handler checks each value against its kind.
 */
export { FACT_GROUPS, FACT_KINDS, FACT_SPECS, type FactGroup, type FactKind } from '../../domain/facts';

const OfficerSchema = z.object({
  name: z.string().trim().min(1, '承办人姓名不能为空').max(50),
  certNo: z.string().trim().max(50).nullable(),
  /** false = certificate invalid on the date of the act. */
  certValid: z.boolean().optional(),
});
const FactValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.array(z.string().max(50)).max(20), z.array(OfficerSchema).max(20), z.null()]);

const PageBoxSchema = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });
/** A fact read from the dossier: value, and the document, page (through the dossier and in its file) and line box. */
export const DossierFactValue = z.object({
  value: FactValue,
  document: z.string(),
  docType: z.string(),
  page: z.number().int(),
  fileId: Id,
  filePage: z.number().int(),
  box: PageBoxSchema.nullable(),
  line: z.string(),
  /** `送达回证（第21页）：2024年5月30日` */
  citation: z.string(),
});
export type DossierFactValue = z.infer<typeof DossierFactValue>;

export const FactEntry = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(FACT_KINDS),
  group: z.enum(FACT_GROUPS),
  /** tier / choice: the allowed values. */
  options: z.array(z.string()).optional(),
  /** Amounts: the unit of the stored number (the panel edits yuan). */
  unit: z.enum(['fen', 'yuan']).optional(),
  /** The fact matters for this dossier's case type (the panel lists the rest on request). */
  relevant: z.boolean(),
  /** As imported from the register (null for facts the register has no column for). */
  registerValue: FactValue,
  /** What the checks use: the correction when there is one, else the dossier's value, else the register value. */
  value: FactValue,
  corrected: z.boolean(),
  /** The value read from the dossier's own documents (issue #14), where it was read; null when none was. */
  dossier: DossierFactValue.nullable().optional(),
  /** Where `value` comes from. */
  source: z.enum(['correction', 'dossier', 'register']).nullable().optional(),
  /** Register against dossier (null when neither records it). */
  status: z.enum(['match', 'differs', 'register-only', 'dossier-only']).nullable().optional(),
});
export type FactEntry = z.infer<typeof FactEntry>;
export const FactsView = z.object({
  dossierId: Id,
  caseNo: z.string(),
  caseType: z.string(),
  fields: z.array(FactEntry),
  /** How much of the dossier was read: pages in all, pages still waiting for OCR; null without a file. */
  dossierRead: z.object({ pages: z.number().int(), pagesUnread: z.number().int() }).nullable().optional(),
  /** 程序类型 the checks infer from the dossier (a 行政强制 row registered as 一般程序), and why. */
  procedureInferred: z.object({ procedure: z.string(), reason: z.string() }).nullable().optional(),
});
export type FactsView = z.infer<typeof FactsView>;

/** Corrections by fact key (null = "not recorded"); the handler refuses unknown keys and bad values by field name. */
export const FactChanges = z.record(z.string(), FactValue);
export type FactChanges = z.infer<typeof FactChanges>;

/** A submitted review waiting for its 组长 (or the 法制机构) to lock it or send it back. */
export const AwaitingLockEntry = z.object({
  reviewId: Id,
  assignmentId: Id,
  dossierId: Id,
  caseNo: z.string(),
  unitName: z.string(),
  caseType: z.string(),
  reviewerId: Id,
  reviewerName: z.string(),
  team: z.string(),
  submittedAt: z.string().nullable(),
  total: z.number().nullable(),
  grade: z.string().nullable(),
  veto: z.boolean(),
  /** 签批后有改动: resubmitted after a 退回 with other content than was first signed off. */
  changedSinceSignOff: z.boolean(),
});
export type AwaitingLockEntry = z.infer<typeof AwaitingLockEntry>;

const SaveResult = z.object({ revision: z.number().int(), score: ScoreSchema });
const reviewId = z.object({ reviewId: Id });

export const reviews = {
  open: mutation('打开分配的案卷评查表（首次打开时创建）', z.object({ assignmentId: Id }), ReviewSheet),
  get: query('一份评查表', reviewId, ReviewSheet),
  saveAnswer: mutation(
    '保存一个评查项的结论并重新计分',
    z.object({
      reviewId: Id,
      itemCode: z.string().trim().min(1),
      verdict: VerdictSchema,
      deduction: z.number().min(0, '扣分不能为负').optional(),
      occurrences: z.number().int('问题处数必须是整数').min(0, '问题处数不能为负').optional(),
      note: z.string().max(5000, '说明不能超过 5000 个字').optional(),
      pageRefs: z.array(PageRef).max(200).optional(),
      /** Optimistic concurrency: refused with `conflict` when the review has moved on. */
      expectedRevision: z.number().int().optional(),
    }),
    SaveResult,
  ),
  clearAnswer: mutation(
    '清除一个评查项的结论',
    z.object({ reviewId: Id, itemCode: z.string().trim().min(1), expectedRevision: z.number().int().optional() }),
    SaveResult,
  ),
  submit: mutation('评查人员提交评查表（须全部评完）', reviewId, Review),
  lock: mutation('组长锁定评查表', reviewId, Review),
  reopen: mutation(
    '退回评查表重新评查（须填写理由）',
    z.object({ reviewId: Id, reason: z.string().trim().min(1, '请填写退回理由') }),
    Review,
  ),
  facts: query('案卷关键事实（登记值与评查人员更正）', z.object({ dossierId: Id }), FactsView),
  correctFacts: mutation(
    '更正案卷关键事实（自动检查据此计算；记入审计日志）',
    z.object({
      dossierId: Id,
      changes: FactChanges.default({}),
      reset: z.array(z.string()).max(50).default([]),
    }),
    FactsView,
  ),
  queue: query(
    '评查人员的待评案卷（未完成的在前）',
    z.object({ campaignId: Id, reviewerId: Id }),
    z.array(QueueEntry),
  ),
  awaitingLock: query(
    '待锁定：本组评查人员已提交的评查表（组长看本组，法制机构看全部；须先选择使用者）',
    z.object({ campaignId: Id }),
    z.object({ scope: z.enum(['team', 'all']), team: z.string(), entries: z.array(AwaitingLockEntry) }),
  ),
};
