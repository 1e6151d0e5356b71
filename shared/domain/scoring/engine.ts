/**
 * The scoring engine: pure, synchronous, exact. All arithmetic is on integer tenths of a point
 * (see points.ts); results are converted back to numbers at the end.
 *
 * Rules (docs/scoring.md):
 * - item score = max(0, item max − deduction) (扣完为止，不计负分); per-occurrence deductions stop at the cap;
 * - a dimension with `deductionCap: 'dimension'` scores max(0, dimension max − Σ its items' deductions)
 *   (扣完为止 at the dimension, as standards with per-dimension points publish it); other dimensions
 *   are the sum of their items;
 * - a 'veto' verdict on a veto item fails the dossier: under `zero_total` the total becomes 0,
 *   under `fail_keep_points` the points stay for information; the grade is the fail grade either way;
 * - not-applicable items: `full_marks` counts them as earned, `reweight` leaves them out and scales
 *   the total to earned ÷ applicable maximum × total points, rounded as the template says;
 * - grade = first tier (best first) whose threshold the total reaches (≥) and whose extra condition
 *   holds; otherwise the fail grade.
 */
import { itemApplies, type CaseContext } from './applicability';
import { ruleDeduction } from './deduction';
import { divFloor, divRoundHalfUp, fromTenths, tenths, toTenths, type Tenths } from './points';
import type {
  ChecklistItem,
  ChecklistTemplate,
  DimensionCode,
  ItemAnswer,
  ReviewAnswers,
  Verdict,
} from './schema';

/** A problem with one answer; `message` names the item. */
export interface AnswerIssue {
  itemCode: string;
  message: string;
}

export interface ScoreOptions {
  /** When given, items that do not apply to this case are treated as not applicable automatically. */
  context?: CaseContext;
}

export type ItemStatus = Verdict | 'unanswered' | 'invalid' | 'not_applicable';

export interface ItemScore {
  code: string;
  dimension: DimensionCode;
  status: ItemStatus;
  max: number;
  /** Points actually taken off this item (after cap and the 0 floor). */
  deducted: number;
  /** Deduction asked for before the cap/floor (e.g. occurrences × points). */
  requested: number;
  score: number;
  /** True when the requested deduction exceeded the cap or the item maximum. */
  capped: boolean;
  /** Counts towards the applicable maximum (false for N/A items). */
  applicable: boolean;
}

export interface DimensionScore {
  code: DimensionCode;
  name: string;
  /** Declared maximum of the dimension. */
  max: number;
  /** Maximum of the items in it that apply (equals `max` when nothing is N/A). */
  applicableMax: number;
  /** Points earned. Under `full_marks` N/A items count at their maximum; under `reweight` they are left out. */
  score: number;
  /** Points taken off the dimension (under a dimension cap: no more than its maximum). */
  deducted: number;
  /** Sum of the items' deductions before the dimension cap (equals `deducted` without one). */
  requested: number;
  /** The dimension has `deductionCap: 'dimension'` (扣完为止 at the dimension). */
  pooled: boolean;
  /** Under a dimension cap, the items asked for more than the dimension holds. */
  capped: boolean;
}

export interface VetoReason {
  itemCode: string;
  title: string;
  /** The reviewer's note, or the item's veto condition if no note was given. */
  reason: string;
  pageRefs: string[];
}

export interface ScoreResult {
  templateKey: string;
  templateVersion: number;
  dimensions: DimensionScore[];
  items: ItemScore[];
  /** Final total (after reweighting and the veto rule). Never negative. */
  total: number;
  /** Total before the veto rule was applied (equals `total` when there is no veto). */
  pointsBeforeVeto: number;
  maxTotal: number;
  /** Sum of the maxima of applicable items. */
  applicableMax: number;
  veto: { hit: boolean; items: string[]; reasons: VetoReason[] };
  grade: string;
  /** Applicable items without an answer (scored as "no deduction" provisionally). */
  unanswered: string[];
  /** Items whose answer was rejected (see `errors`; scored as "no deduction" provisionally). */
  invalid: string[];
  /** Items with a deduction or veto but no reason text. */
  missingReasons: string[];
  errors: AnswerIssue[];
  /** Every applicable item answered and no answer invalid. */
  complete: boolean;
}

const nonZero = (v: number | undefined): boolean => v !== undefined && v !== 0;

/** Checks one answer against the item's rule; the deduction itself comes from deduction.ts. */
function answerIssues(item: ChecklistItem, answer: ItemAnswer, requestedT: Tenths): string[] {
  const issues: string[] = [];
  const rule = item.deduction;

  switch (answer.verdict) {
    case 'conform':
    case 'na':
      if (nonZero(answer.deduction) || nonZero(answer.occurrences)) {
        issues.push(`结论为“${answer.verdict === 'na' ? '不适用' : '符合'}”时不能扣分`);
      }
      break;
    case 'veto':
      if (!item.veto) issues.push('不是否决项，不能作否决结论');
      break;
    case 'deduct':
      switch (rule.kind) {
        case 'none':
          issues.push('仅作否决判断、不扣分，结论应为符合、否决或不适用');
          break;
        case 'fixed': {
          if (answer.deduction !== undefined && toTenths(answer.deduction) !== tenths(item.maxPoints)) {
            issues.push(`本项扣全分 ${item.maxPoints} 分，不能扣 ${answer.deduction} 分`);
          }
          break;
        }
        case 'per_occurrence': {
          const occ = answer.occurrences;
          if (occ === undefined || !Number.isInteger(occ) || occ < 0) {
            issues.push(`问题处数应为非负整数，实际为 ${occ === undefined ? '未填写' : occ}`);
            break;
          }
          if (answer.deduction !== undefined && toTenths(answer.deduction) !== requestedT) {
            issues.push(
              `扣分 ${answer.deduction} 与问题处数 ${occ} × 每处 ${rule.pointsPerOccurrence} 分（上限 ${rule.cap}）不符`,
            );
          }
          break;
        }
        case 'range': {
          const d = answer.deduction;
          const dT = d === undefined ? null : toTenths(d);
          if (d === undefined) {
            issues.push(`须填写扣分（${rule.min}–${rule.max} 分）`);
          } else if (dT === null) {
            issues.push(`扣分 ${d} 不是有效分值`);
          } else if (dT < tenths(rule.min) || dT > tenths(rule.max)) {
            issues.push(`扣分 ${d} 超出扣分区间 ${rule.min}–${rule.max}`);
          } else if (dT % tenths(rule.step) !== 0) {
            issues.push(`扣分 ${d} 不是扣分步长 ${rule.step} 的整数倍`);
          }
          if (nonZero(answer.occurrences)) issues.push('区间扣分的评查项不填写问题处数');
          break;
        }
      }
      break;
    default:
      issues.push(`评查结论“${String((answer as { verdict: unknown }).verdict)}”无效`);
  }
  return issues;
}

/** Validates the answers against the template (unknown codes, verdicts, deductions). */
export function validateAnswers(
  template: ChecklistTemplate,
  answers: ReviewAnswers,
  options: ScoreOptions = {},
): AnswerIssue[] {
  return scoreReview(template, answers, options).errors;
}

/** Scores one dossier review. Pure; never throws on bad answers (they are reported in `errors`). */
export function scoreReview(
  template: ChecklistTemplate,
  answers: ReviewAnswers,
  options: ScoreOptions = {},
): ScoreResult {
  const errors: AnswerIssue[] = [];
  const byCode = new Map(template.items.map((i) => [i.code, i] as const));
  for (const code of Object.keys(answers)) {
    if (!byCode.has(code)) {
      errors.push({ itemCode: code, message: `评查项 ${code}：不在模板 ${template.key} v${template.version} 中` });
    }
  }

  const items: ItemScore[] = [];
  const unanswered: string[] = [];
  const invalid: string[] = [];
  const missingReasons: string[] = [];
  const vetoItems: string[] = [];
  const vetoReasons: VetoReason[] = [];

  for (const item of template.items) {
    const maxT = tenths(item.maxPoints);
    const answer = Object.prototype.hasOwnProperty.call(answers, item.code) ? answers[item.code] : undefined;
    const applies = options.context ? itemApplies(template, item, options.context) : true;
    const base = { code: item.code, dimension: item.dimension, max: item.maxPoints };

    if (!applies) {
      if (answer && answer.verdict !== 'na') {
        errors.push({ itemCode: item.code, message: `评查项 ${item.code}：不适用于本案（${options.context!.caseType}${options.context!.procedure ? ` ${options.context!.procedure}` : ''}），结论只能为不适用` });
        invalid.push(item.code);
      }
      items.push({ ...base, status: 'not_applicable', deducted: 0, requested: 0, score: item.maxPoints, capped: false, applicable: false });
      continue;
    }
    if (answer === undefined) {
      unanswered.push(item.code);
      items.push({ ...base, status: 'unanswered', deducted: 0, requested: 0, score: item.maxPoints, capped: false, applicable: true });
      continue;
    }
    if (typeof answer !== 'object' || answer === null) {
      errors.push({ itemCode: item.code, message: `评查项 ${item.code}：答案格式无效` });
      invalid.push(item.code);
      items.push({ ...base, status: 'invalid', deducted: 0, requested: 0, score: item.maxPoints, capped: false, applicable: true });
      continue;
    }
    const deduction = ruleDeduction(item, answer);
    const issues = answerIssues(item, answer, deduction.requested);
    if (issues.length > 0) {
      for (const msg of issues) errors.push({ itemCode: item.code, message: `评查项 ${item.code}：${msg}` });
      invalid.push(item.code);
      items.push({ ...base, status: 'invalid', deducted: 0, requested: 0, score: item.maxPoints, capped: false, applicable: true });
      continue;
    }
    const hasNote = (answer.note ?? '').trim().length > 0;
    if (answer.verdict === 'na') {
      items.push({ ...base, status: 'na', deducted: 0, requested: 0, score: item.maxPoints, capped: false, applicable: false });
      continue;
    }
    if (answer.verdict === 'veto') {
      vetoItems.push(item.code);
      vetoReasons.push({
        itemCode: item.code,
        title: item.title,
        reason: hasNote ? answer.note!.trim() : item.vetoCondition || item.title,
        pageRefs: answer.pageRefs ?? [],
      });
      if (!hasNote) missingReasons.push(item.code);
      // A vetoed item earns nothing itself.
      items.push({ ...base, status: 'veto', deducted: item.maxPoints, requested: item.maxPoints, score: 0, capped: false, applicable: true });
      continue;
    }
    const { requested, taken, cappedByRule } = deduction;
    if (answer.verdict === 'deduct' && requested > 0 && !hasNote) missingReasons.push(item.code);
    items.push({
      ...base,
      status: answer.verdict,
      deducted: fromTenths(taken),
      requested: fromTenths(requested),
      score: fromTenths(maxT - taken),
      capped: cappedByRule || requested > maxT,
      applicable: true,
    });
  }

  // Dimensions and totals, in tenths.
  const reweight = template.naPolicy === 'reweight';
  const dimensions: DimensionScore[] = template.dimensions.map((d) => {
    const its = items.filter((i) => i.dimension === d.code);
    const deductedT = its.reduce((s, i) => s + tenths(i.deducted), 0);
    if (d.deductionCap === 'dimension') {
      // 扣完为止 at the dimension: N/A items take nothing off, so the pool keeps its full size
      // (validateTemplate allows a pool only with naPolicy full_marks).
      const maxT = tenths(d.maxPoints);
      const takenT = Math.min(deductedT, maxT);
      return {
        code: d.code,
        name: d.name,
        max: d.maxPoints,
        applicableMax: d.maxPoints,
        score: fromTenths(maxT - takenT),
        deducted: fromTenths(takenT),
        requested: fromTenths(deductedT),
        pooled: true,
        capped: deductedT > maxT,
      };
    }
    const applicableMaxT = its.filter((i) => i.applicable).reduce((s, i) => s + tenths(i.max), 0);
    const scoreT = its
      .filter((i) => i.applicable || !reweight)
      .reduce((s, i) => s + tenths(i.score), 0);
    return {
      code: d.code,
      name: d.name,
      max: d.maxPoints,
      applicableMax: fromTenths(applicableMaxT),
      score: fromTenths(scoreT),
      deducted: fromTenths(deductedT),
      requested: fromTenths(deductedT),
      pooled: false,
      capped: false,
    };
  });

  const totalT = tenths(template.totalPoints);
  const pooledDims = new Set(template.dimensions.filter((d) => d.deductionCap === 'dimension').map((d) => d.code));
  const applicableMaxT =
    items.filter((i) => i.applicable && !pooledDims.has(i.dimension)).reduce((s, i) => s + tenths(i.max), 0) +
    dimensions.filter((d) => d.pooled).reduce((s, d) => s + tenths(d.max), 0);
  let pointsT: Tenths;
  if (!reweight) {
    pointsT =
      items.filter((i) => !pooledDims.has(i.dimension)).reduce((s, i) => s + tenths(i.score), 0) +
      dimensions.filter((d) => d.pooled).reduce((s, d) => s + tenths(d.score), 0);
  } else if (applicableMaxT === 0) {
    // Nothing applicable: nothing could be deducted.
    pointsT = totalT;
  } else {
    const earnedT = items.filter((i) => i.applicable).reduce((s, i) => s + tenths(i.score), 0);
    const unitT = tenths(template.reweightRounding.step);
    const num = earnedT * totalT;
    const den = applicableMaxT * unitT;
    pointsT = (template.reweightRounding.mode === 'floor' ? divFloor(num, den) : divRoundHalfUp(num, den)) * unitT;
  }
  pointsT = Math.max(0, Math.min(pointsT, totalT));

  const vetoHit = vetoItems.length > 0;
  const finalT = vetoHit && template.vetoRule === 'zero_total' ? 0 : pointsT;
  const grade = vetoHit ? template.grading.failGrade : gradeFor(template, finalT, dimensions);

  return {
    templateKey: template.key,
    templateVersion: template.version,
    dimensions,
    items,
    total: fromTenths(finalT),
    pointsBeforeVeto: fromTenths(pointsT),
    maxTotal: template.totalPoints,
    applicableMax: fromTenths(applicableMaxT),
    veto: { hit: vetoHit, items: vetoItems, reasons: vetoReasons },
    grade,
    unanswered,
    invalid,
    missingReasons,
    errors,
    complete: unanswered.length === 0 && errors.length === 0,
  };
}

function gradeFor(template: ChecklistTemplate, totalT: Tenths, dims: DimensionScore[]): string {
  for (const tier of template.grading.tiers) {
    if (totalT < tenths(tier.minScore)) continue;
    const clean = tier.requireNoDeductionIn.every((code) => {
      const d = dims.find((x) => x.code === code);
      return !d || tenths(d.deducted) === 0;
    });
    if (clean) return tier.grade;
  }
  return template.grading.failGrade;
}

/**
 * Grade for a bare number such as a unit's mean score, using the template's thresholds without the
 * per-dossier extra conditions. Means need not be multiples of 0.1, so this compares numbers, with a
 * tolerance of 1e-9 against float noise in the caller's mean.
 */
export function gradeForTotal(template: ChecklistTemplate, total: number): string {
  for (const tier of template.grading.tiers) if (total + 1e-9 >= tier.minScore) return tier.grade;
  return template.grading.failGrade;
}
