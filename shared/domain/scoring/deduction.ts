/**
 * What an item's deduction rule means, in one place for the engine, the core and the review
 * workspace: which verdicts it allows, the answer a verdict gives, the points that answer takes off
 * (in integer tenths, as the engine counts) and the rule in words.
 */
import { fromTenths, tenths, type Tenths } from './points';
import type { ChecklistItem, DeductionRule, Verdict } from './schema';

/** The parts of an answer a deduction rule reads. */
export interface RuleAnswer {
  verdict: Verdict;
  /** Range rule: the points chosen (fixed: the item maximum, if given). */
  deduction?: number;
  /** Per-occurrence rule: problems found. */
  occurrences?: number;
}

/** A veto needs a veto item; a deduction needs a rule that deducts. */
export const verdictAllowed = (item: ChecklistItem, verdict: Verdict): boolean =>
  verdict === 'veto' ? item.veto : verdict === 'deduct' ? item.deduction.kind !== 'none' : true;

/**
 * The answer a verdict gives under the item's rule, carrying over what an earlier deduction counted:
 * per occurrence → the problems already counted plus `moreOccurrences` (at least one); range → the
 * points already chosen, at least the minimum — or, for a finding of automatic rule `ruleId`, at
 * least what the item fixes for that problem (findingPoints); fixed → nothing to choose (the engine
 * takes the item maximum). Other verdicts carry no deduction. Check {@link verdictAllowed} first.
 */
export function answerForVerdict(item: ChecklistItem, verdict: Verdict, previous?: RuleAnswer, moreOccurrences = 0, ruleId?: string): RuleAnswer {
  if (verdict !== 'deduct') return { verdict };
  const prior = previous?.verdict === 'deduct' ? previous : undefined;
  const rule = item.deduction;
  if (rule.kind === 'per_occurrence') return { verdict, occurrences: Math.max(1, (prior?.occurrences ?? 0) + moreOccurrences) };
  if (rule.kind === 'range') {
    const floor = (ruleId !== undefined ? rule.findingPoints?.[ruleId] : undefined) ?? rule.min;
    return { verdict, deduction: Math.max(floor, prior?.deduction ?? floor) };
  }
  return { verdict };
}

export interface RuleDeduction {
  /** What the rule asks for: fixed → the item maximum, per occurrence → count × points up to the rule's cap, range → the points chosen. */
  requested: Tenths;
  /** What the item loses: the request, no more than the item's maximum and never negative. */
  taken: Tenths;
  /** Count × points went over the per-occurrence cap. */
  cappedByRule: boolean;
}

/**
 * The deduction of an answer in tenths. Only a `deduct` verdict deducts (a veto fails the dossier
 * instead). Tolerant of answers the engine would refuse: a range answer without points counts the
 * minimum, as the workspace shows it before the reviewer picks one.
 */
export function ruleDeduction(item: ChecklistItem, answer: RuleAnswer | undefined): RuleDeduction {
  const maxT = tenths(item.maxPoints);
  let requested: Tenths = 0;
  let cappedByRule = false;
  if (answer?.verdict === 'deduct') {
    const rule = item.deduction;
    switch (rule.kind) {
      case 'fixed':
        requested = maxT;
        break;
      case 'per_occurrence': {
        const rawT = Math.round((answer.occurrences ?? 0) * tenths(rule.pointsPerOccurrence));
        const capT = tenths(rule.cap);
        requested = Math.min(rawT, capT);
        cappedByRule = rawT > capT;
        break;
      }
      case 'range': {
        const d = answer.deduction ?? rule.min;
        requested = Number.isFinite(d) ? Math.round(d * 10) : 0;
        break;
      }
      case 'none':
        break;
    }
  }
  return { requested, taken: Math.max(0, Math.min(requested, maxT)), cappedByRule };
}

/** Points an answer takes off its item (what the engine reports as the item's `deducted` for a deduction). */
export const effectiveDeduction = (item: ChecklistItem, answer: RuleAnswer | undefined): number => fromTenths(ruleDeduction(item, answer).taken);

/**
 * The rule in words, e.g. "每处扣 1 分，上限 5 分". `dimensionMax` is given when the item's dimension is
 * capped as a whole (扣完为止 at the dimension): the item then has no points of its own to lose, so a
 * fixed rule deducts its maximum ("扣 5 分") and a per-occurrence cap that equals the dimension is not an
 * item cap worth naming.
 */
export function describeRule(rule: DeductionRule, maxPoints: number, dimensionMax?: number): string {
  const pooled = dimensionMax !== undefined;
  switch (rule.kind) {
    case 'none':
      return '不扣分（仅否决）';
    case 'fixed':
      return pooled ? `扣 ${maxPoints} 分，本维度扣完为止` : `扣全分（${maxPoints} 分）`;
    case 'per_occurrence':
      if (!pooled) return `每处扣 ${rule.pointsPerOccurrence} 分，上限 ${rule.cap} 分`;
      return rule.cap >= dimensionMax
        ? `每处扣 ${rule.pointsPerOccurrence} 分，本维度扣完为止`
        : `每处扣 ${rule.pointsPerOccurrence} 分，本项最多 ${rule.cap} 分，本维度扣完为止`;
    case 'range':
      return `扣 ${rule.min}–${rule.max} 分（步长 ${rule.step}）${pooled ? '，本维度扣完为止' : ''}`;
  }
}

/** The points an item shows beside its title: its own points, or under a dimension cap the most it takes off. */
export const itemPointsLabel = (maxPoints: number, pooled: boolean): string => (pooled ? `最多扣 ${maxPoints} 分` : `${maxPoints} 分`);

/** The dimension maximum when the dimension of `item` is capped as a whole, else undefined (for {@link describeRule}). */
export function poolMaxOf(template: { dimensions: readonly { code: string; maxPoints: number; deductionCap?: 'dimension' }[] }, item: { dimension: string }): number | undefined {
  const d = template.dimensions.find((x) => x.code === item.dimension);
  return d?.deductionCap === 'dimension' ? d.maxPoints : undefined;
}
