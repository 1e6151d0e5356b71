/**
 * Checklist templates (评查标准) as versioned data. A template is plain JSON validated by
 * {@link ChecklistTemplateSchema} (shape) and then by `validateTemplate` (cross-field rules such as
 * duplicate codes, caps and dimension sums). Nothing about a province's standard lives in code.
 */
import { z } from 'zod';
import { isTenthMultiple } from './points';

/** The five review dimensions (the middle part of an item code, e.g. PG-PROC-07). */
export const DIMENSION_CODES = ['SUB', 'PROC', 'DISC', 'EVID', 'DOC'] as const;
export type DimensionCode = (typeof DIMENSION_CODES)[number];

/** Default Chinese names of the dimensions (templates may rename them). */
export const DEFAULT_DIMENSION_NAMES: Record<DimensionCode, string> = {
  SUB: '实体合法',
  PROC: '程序合法',
  DISC: '裁量',
  EVID: '证据',
  DOC: '文书与立卷',
};

/** Points: non-negative, multiple of 0.1 (half points are common; exact arithmetic in tenths). */
const Points = z
  .number({ error: '分值必须是数字' })
  .min(0, '分值不能为负数')
  .max(1000, '分值不能超过 1000')
  .refine(isTenthMultiple, '分值必须是 0.1 的整数倍');

const PositivePoints = Points.refine((v) => v > 0, '分值必须大于 0');

/**
 * Where "扣完为止" stops. Absent (every template before PG v3): each item scores its maximum minus its
 * deduction, floored at 0, and the dimension is the sum of its items. `'dimension'`: the published
 * practice of standards that give points per dimension and deductions per problem — the dimension scores
 * its points minus the sum of its items' deductions, floored at 0; an item's `maxPoints` is then the most
 * that item can take off (its reference deduction), and the items' maxima may add up to more than the
 * dimension. Optional and without a default, so templates that do not use it parse to the same body
 * (their hashes identify them in campaign packages).
 */
export const DeductionCapSchema = z.enum(['dimension'], { error: '扣分封顶方式只能为 dimension（本维度扣完为止）' });
export type DeductionCap = z.infer<typeof DeductionCapSchema>;

export const DimensionSchema = z.object({
  code: z.enum(DIMENSION_CODES, { error: '未知维度（应为 SUB、PROC、DISC、EVID、DOC 之一）' }),
  name: z.string().trim().min(1, '维度名称不能为空'),
  maxPoints: Points,
  deductionCap: DeductionCapSchema.optional(),
});
export type Dimension = z.infer<typeof DimensionSchema>;

/**
 * Deduction rule of an item.
 * - `none`: the item carries no points (pure pass/fail veto item, 基础标准/否决项).
 * - `fixed`: any problem deducts the whole item (扣全分).
 * - `per_occurrence`: `pointsPerOccurrence` per problem found (每处扣 N 分), at most `cap`.
 * - `range`: the reviewer picks a deduction in [min, max] in steps of `step` (扣 min–max 分) and gives a reason;
 *   `findingPoints` says what a confirmed automatic finding of a given rule deducts.
 */
export const DeductionRuleSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('fixed') }),
    z.object({
      kind: z.literal('per_occurrence'),
      pointsPerOccurrence: PositivePoints,
      cap: PositivePoints,
    }),
    z.object({
      kind: z.literal('range'),
      min: PositivePoints,
      max: PositivePoints,
      step: PositivePoints.default(0.5),
      /**
       * Points a confirmed automatic finding of that rule (by rule id) deducts, where the item's note
       * fixes them for that problem ("超期送达的，扣2分"); other findings deduct `min`.
       */
      findingPoints: z.record(z.string(), PositivePoints).optional(),
    }),
  ],
  { error: '扣分方式应为 none、fixed、per_occurrence 或 range' },
);
export type DeductionRule = z.infer<typeof DeductionRuleSchema>;
export type DeductionKind = DeductionRule['kind'];

export const LegalBasisSchema = z.object({
  /** Short name of the law or policy document, e.g. 行政处罚法, 国办发〔2024〕54号. */
  law: z.string().trim().min(1, '法律依据的法律名称不能为空'),
  /** Articles, e.g. ["第二十二条", "第三十三条第二款"]; empty when the whole document is cited. */
  articles: z.array(z.string().trim().min(1, '条文不能为空')).default([]),
});
export type LegalBasis = z.infer<typeof LegalBasisSchema>;

export const ITEM_CODE_PATTERN = /^([A-Z][A-Z0-9]*)-([A-Z]+)-(\d{2,3})$/;

export const ChecklistItemSchema = z.object({
  /** `<TYPE>-<DIM>-<nn>`, e.g. PG-PROC-07. */
  code: z.string().regex(ITEM_CODE_PATTERN, '评查项编码格式应为 <类型>-<维度>-<序号>，如 PG-PROC-07'),
  dimension: z.enum(DIMENSION_CODES, { error: '未知维度（应为 SUB、PROC、DISC、EVID、DOC 之一）' }),
  title: z.string().trim().min(1, '评查项名称不能为空'),
  /** What the reviewer checks (评查要点). */
  guidance: z.string().trim().min(1, '评查要点不能为空'),
  maxPoints: Points,
  deduction: DeductionRuleSchema,
  /** 否决项. A veto item may also carry a deduction rule for lesser problems ("认定错误否决；不一致每处扣1分"). */
  veto: z.boolean().default(false),
  /** When the veto applies (否决情形), shown next to the veto switch. */
  vetoCondition: z.string().trim().default(''),
  /** Typical deduction in words (扣分说明), e.g. "未立案扣5分；立案不及时扣1分". */
  deductionNote: z.string().trim().default(''),
  /** Case types / procedures the item applies to; empty = every case the template covers. */
  caseTypes: z.array(z.string().trim().min(1)).default([]),
  procedures: z.array(z.string().trim().min(1)).default([]),
  legalBasis: z.array(LegalBasisSchema).default([]),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

export const GradeTierSchema = z.object({
  /** e.g. 优秀. */
  grade: z.string().trim().min(1, '等次名称不能为空'),
  /** Lowest total that reaches this tier (inclusive: ≥ minScore). */
  minScore: Points,
  /** Optional extra condition: no deduction at all in these dimensions (e.g. 优秀 requires none in SUB). */
  requireNoDeductionIn: z.array(z.enum(DIMENSION_CODES, { error: '未知维度' })).default([]),
});
export type GradeTier = z.infer<typeof GradeTierSchema>;

export const GradingSchema = z.object({
  /** Tiers from best to worst; a total below every tier (or any veto) gets `failGrade`. */
  tiers: z.array(GradeTierSchema).min(1, '至少需要一个等次'),
  failGrade: z.string().trim().min(1, '不合格等次名称不能为空').default('不合格'),
});
export type Grading = z.infer<typeof GradingSchema>;

/**
 * What a veto hit does:
 * - `zero_total`: total becomes 0 and the grade is `failGrade` (否决即零分);
 * - `fail_keep_points`: grade is `failGrade` but the points stay visible for information.
 */
export const VetoRuleSchema = z.enum(['zero_total', 'fail_keep_points'], {
  error: '否决规则应为 zero_total 或 fail_keep_points',
});
export type VetoRule = z.infer<typeof VetoRuleSchema>;

/**
 * Not-applicable items: `full_marks` = counted as earned (no deduction; 不适用项不扣分);
 * `reweight` = left out, total = earned ÷ applicable maximum × total points.
 */
export const NaPolicySchema = z.enum(['full_marks', 'reweight'], {
  error: '不适用项处理应为 full_marks 或 reweight',
});
export type NaPolicy = z.infer<typeof NaPolicySchema>;

export const ReweightRoundingSchema = z.object({
  step: z.union([z.literal(0.1), z.literal(0.5)], { error: '折算精度应为 0.1 或 0.5' }).default(0.1),
  mode: z.enum(['half_up', 'floor'], { error: '折算取舍应为 half_up 或 floor' }).default('half_up'),
});
export type ReweightRounding = z.infer<typeof ReweightRoundingSchema>;

export const ChecklistTemplateSchema = z.object({
  /** Template family, e.g. PG; the TYPE part of every item code. */
  key: z.string().regex(/^[A-Z][A-Z0-9]*$/, '模板编码应为大写字母或数字，如 PG'),
  version: z.number().int('版本号必须是整数').min(1, '版本号从 1 开始'),
  name: z.string().trim().min(1, '模板名称不能为空'),
  /** e.g. 行政处罚. */
  caseType: z.string().trim().min(1, '案件类型不能为空'),
  /** Procedures the template covers, e.g. ["一般程序"]; empty = any procedure of the case type. */
  procedures: z.array(z.string().trim().min(1)).default([]),
  /** Where the standard comes from (文件名、版本), free text. */
  source: z.string().trim().default(''),
  totalPoints: PositivePoints,
  dimensions: z.array(DimensionSchema).min(1, '至少需要一个维度'),
  items: z.array(ChecklistItemSchema).min(1, '至少需要一个评查项'),
  grading: GradingSchema,
  vetoRule: VetoRuleSchema.default('zero_total'),
  naPolicy: NaPolicySchema.default('full_marks'),
  reweightRounding: ReweightRoundingSchema.default({ step: 0.1, mode: 'half_up' }),
});
/** A template after parsing (defaults filled in). */
export type ChecklistTemplate = z.infer<typeof ChecklistTemplateSchema>;
/** A template as written in JSON (defaults optional). */
export type ChecklistTemplateInput = z.input<typeof ChecklistTemplateSchema>;

/** Review verdict for one item. */
export const VerdictSchema = z.enum(['conform', 'deduct', 'na', 'veto'], {
  error: '评查结论应为 conform、deduct、na 或 veto',
});
export type Verdict = z.infer<typeof VerdictSchema>;

/** The reviewer's answer for one item. */
export const ItemAnswerSchema = z.object({
  verdict: VerdictSchema,
  /** Points deducted (range rule; optional for fixed, where it must equal the item maximum). */
  deduction: z.number().optional(),
  /** Number of problems found (per_occurrence rule). */
  occurrences: z.number().optional(),
  /** Reason (扣分理由/否决理由). */
  note: z.string().optional(),
  /** Dossier page references (卷内页码), e.g. ["12", "15-17"]. */
  pageRefs: z.array(z.string()).optional(),
});
export type ItemAnswer = z.infer<typeof ItemAnswerSchema>;

/** Answers keyed by item code. */
export const ReviewAnswersSchema = z.record(z.string(), ItemAnswerSchema);
export type ReviewAnswers = Record<string, ItemAnswer>;
