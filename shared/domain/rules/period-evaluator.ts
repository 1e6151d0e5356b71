/**
 * The one generic evaluator for every row of the period table. Counting convention: see
 * calendar/work-calendar.ts (start day excluded; working days per the holiday schedule incl. 调休;
 * calendar-day deadline on a rest day rolls to the next working day; "以内" includes the last day;
 * missing holiday year → cannot check, never a guess).
 */

import { addDays, diffDays, type IsoDate } from '../calendar/date';
import {
  computeDeadline,
  countWorkingDays,
  describeHolidayRuns,
  describeMakeUpDays,
  describeRestDay,
  earliestPossibleDeadline,
  type Deadline,
  type PeriodUnit,
  type WorkCalendar,
} from '../calendar/work-calendar';
import { DATE_LABELS, OTHER_LABELS } from './labels';
import { cannotCheck, fail, flag, flagLabel, notApplicable, pass, readDate, type Outcome, type RuleDescriptor, type RuleEnv } from './kit';
import { articleZh, statutoryDayUnit } from './period-law';
import type { PeriodRule } from './period-table';
import type { RuleSettings } from './settings';
import type { DossierFacts } from './types';

/**
 * A calendar-day deadline can only move later by roll-over across a run of rest days; no run in the
 * State Council schedules comes near a month. An act more than this many days after the nominal end
 * is late whatever the (missing) holiday schedule says.
 */
export const CERTAINLY_LATE_DAYS = 31;

export interface EffectivePeriod {
  length: number;
  extraLength: number;
  unit: PeriodUnit;
  /** Text in brackets after the length: "第八十五条", "自然日", "部门办案程序规定". */
  basis: string;
  severity: PeriodRule['severity'];
  enabled: boolean;
}

/** Applies settings.periodOverrides and resolves 'statutory' units through period-law.ts. */
export function effectivePeriod(rule: PeriodRule, settings: RuleSettings): EffectivePeriod {
  const o = settings.periodOverrides[rule.id] ?? {};
  const length = o.length ?? rule.length;
  const extraLength = o.extraLength ?? rule.extension?.extraLength ?? 0;
  let unit: PeriodUnit;
  let basis: string;
  if (rule.unit === 'statutory') {
    const su = statutoryDayUnit(rule.law, length, rule.party, settings.licensingApplicantUnit);
    unit = su.unit;
    basis = su.basisArticle !== null ? articleZh(su.basisArticle) : '自然日';
  } else {
    unit = o.unit ?? rule.unit;
    basis = unit === 'calendar' ? `自然日，${rule.unitBasis ?? '规定'}` : (rule.unitBasis ?? '规定');
  }
  return { length, extraLength, unit, basis, severity: o.severity ?? rule.severity, enabled: o.enabled ?? true };
}

export function unitWord(unit: PeriodUnit): string {
  return unit === 'working' ? '个工作日' : unit === 'calendar' ? '日' : unit === 'months' ? '个月' : '年';
}

/** "期限 7 个工作日（第八十五条）" + notes + "届满 2024-05-14" */
export function describeDeadline(d: Deadline, head: string): string {
  const parts = [head];
  if (d.unit === 'working') {
    const mk = describeMakeUpDays(d.makeUpDays);
    if (mk) parts.push(mk);
    const hol = describeHolidayRuns(d.holidayRuns);
    if (hol) parts.push(hol);
    parts.push(`届满 ${d.deadline}`);
  } else if (d.rolledOverFrom) {
    parts.push(`名义届满日 ${d.nominalEnd} 为${describeRestDay(d.rolledOverFrom)}，依民法典第二百零三条顺延`);
    parts.push(`届满 ${d.deadline}${d.makeUpDays.includes(d.deadline) ? '（调休上班日）' : ''}`);
  } else {
    parts.push(`届满 ${d.deadline}`);
  }
  return parts.join('，');
}

function overdueText(cal: WorkCalendar, unit: PeriodUnit, deadline: IsoDate, actual: IsoDate): string {
  if (unit === 'working') {
    const c = countWorkingDays(cal, deadline, actual);
    if (c.ok) return `超期 ${c.count} 个工作日`;
  }
  return `超期 ${diffDays(deadline, actual)} 日`;
}

/** Describes the period for RULES (human list). */
export function describePeriodRule(rule: PeriodRule, settings: RuleSettings): string {
  const p = effectivePeriod(rule, settings);
  const from = rule.fromLabel ?? DATE_LABELS[rule.from];
  const to = rule.toLabel ?? DATE_LABELS[rule.to];
  const len = `${p.length} ${unitWord(p.unit)}（${p.basis}）`;
  const ext =
    (rule.extension ? `；${rule.extension.basis}可再延长 ${p.extraLength} ${unitWord(p.unit)}` : '') +
    (rule.excludable ? `；扣除卷内记载的不计入期限的天数（${rule.excludable}）` : '');
  switch (rule.mode) {
    case 'within':
      return `${to}不得晚于自${from}次日起算 ${len}的届满日${ext}`;
    case 'after':
      return `${to}应晚于${from}次日起算 ${len}的届满日${rule.waiver ? `（${flagLabel(rule.waiver)}为“是”时不适用）` : ''}`;
    case 'noticeBefore':
      return `${from}与${to}之间应间隔 ${len}（${(rule.convention ?? settings.noticeBeforeConvention) === 'exclusive' ? '期间须在' + to + '前届满' : to + '可为第 N 日'}）`;
  }
}

export function periodDescriptor(rule: PeriodRule, settings: RuleSettings): RuleDescriptor {
  return {
    id: rule.id,
    label: rule.label,
    law: rule.law,
    article: rule.article,
    ...(rule.cites ? { cites: rule.cites } : {}),
    appliesTo: [...rule.appliesTo],
    itemCodes: { ...rule.itemCodes },
    severity: effectivePeriod(rule, settings).severity,
    kind: 'period',
    computation: describePeriodRule(rule, settings),
    configurable: [`periodOverrides.${rule.id}`, ...(rule.unit === 'statutory' ? [] : [`periodOverrides.${rule.id}.unit`]), ...(rule.law === '行政许可法' && rule.party === 'party' ? ['licensingApplicantUnit'] : []), ...(rule.mode === 'noticeBefore' && !rule.convention ? ['noticeBeforeConvention'] : [])],
    ...(rule.verify ? { verify: rule.verify } : {}),
  };
}

/**
 * The days the dossier records as not counted in the period (rule.excludable), with the text the
 * computation shows: "，扣除不计入期限的 12 日（听证；部门办案程序规定…），计 102 日".
 */
function excludedTime(rule: PeriodRule, facts: DossierFacts): { ok: true; days: number; text: string } | { ok: false; outcome: Outcome } {
  const n = rule.excludable ? facts.excludedDays : null;
  if (n === null || n === undefined || n === 0) return { ok: true, days: 0, text: '' };
  if (!Number.isInteger(n) || n < 0) {
    return { ok: false, outcome: cannotCheck(`无法检查：${OTHER_LABELS.excludedDays}“${n}”不是非负整数`) };
  }
  const reason = facts.excludedReason?.trim() || `未记录${OTHER_LABELS.excludedReason}`;
  return { ok: true, days: n, text: `，扣除不计入期限的 ${n} 日（${reason}；${rule.excludable}）` };
}

/** Evaluates one period row against a dossier. */
export function evaluatePeriod(rule: PeriodRule, facts: DossierFacts, env: RuleEnv): Outcome {
  const p = effectivePeriod(rule, env.settings);
  if (!p.enabled) return notApplicable('本单位已停用此项检查');
  const cal = env.calendar;
  if (rule.onlyIf && flag(facts, rule.onlyIf) === false) return notApplicable(`${flagLabel(rule.onlyIf)}：否，本项不适用`);
  if (rule.onlyWhen && flag(facts, rule.onlyWhen) !== true) return notApplicable(`${flagLabel(rule.onlyWhen)}：未记录为“是”，本项不适用`);
  if (rule.notWhen && flag(facts, rule.notWhen) === true) return notApplicable(`${flagLabel(rule.notWhen)}：是，适用其他期限`);
  if (rule.waiver && flag(facts, rule.waiver) === true) return pass(`${flagLabel(rule.waiver)}：是（已书面放弃），不受此期限限制`);
  if (rule.optionalEvent) {
    const ev = facts.dates?.[rule.optionalEvent.field];
    const present = rule.optionalEvent.presenceFlag ? flag(facts, rule.optionalEvent.presenceFlag) === true : false;
    if ((ev === null || ev === undefined || ev === '') && !present) {
      return notApplicable(rule.optionalEvent.absentMessage);
    }
  }
  const fromR = readDate(facts, rule.from);
  const toR = readDate(facts, rule.to);
  if (!fromR.ok && !toR.ok && fromR.absent && toR.absent) {
    return cannotCheck(`无法检查：缺少 ${DATE_LABELS[rule.from]}、${DATE_LABELS[rule.to]}`);
  }
  if (!fromR.ok) return fromR.outcome;
  if (!toR.ok) return toR.outcome;
  const from = fromR.value;
  const to = toR.value;
  const fromLabel = rule.fromLabel ?? DATE_LABELS[rule.from];
  const toLabel = rule.toLabel ?? DATE_LABELS[rule.to];
  const head = `${fromLabel} ${from}，${toLabel} ${to}`;
  const lenText = `${p.length} ${unitWord(p.unit)}（${p.basis}）`;
  /** The condition flag is unknown: a failure cannot be asserted. */
  const unknownCondition = rule.onlyIf && flag(facts, rule.onlyIf) === null ? rule.onlyIf : null;

  if (rule.mode === 'within') {
    if (to < from) {
      return fail(`日期顺序异常：${toLabel}早于${fromLabel}，请核对`, head, 'advisory');
    }
    const ex = excludedTime(rule, facts);
    if (!ex.ok) return ex.outcome;
    const excl = ex.days;
    const base = computeDeadline(cal, from, p.length + excl, p.unit);
    if (!base.ok) {
      const lower = earliestPossibleDeadline(from, p.length + excl, p.unit);
      if (to <= lower) {
        return pass('未超期', `${head}；期限 ${lenText}，${toLabel}未超过名义届满日 ${lower}，无论节假日如何安排均未超期（${base.message}，未计算确切届满日）`);
      }
      const conditionKnown = !rule.onlyIf || flag(facts, rule.onlyIf) !== null;
      if (p.unit !== 'working' && !rule.extension && conditionKnown && diffDays(lower, to) > CERTAINLY_LATE_DAYS) {
        const text = `${head}；期限 ${lenText}，名义届满日 ${lower}；${toLabel}晚于名义届满日 ${diffDays(lower, to)} 日，超过任何节假日顺延的可能（${base.message}，未计算确切届满日）`;
        return fail(`${rule.label}：${toLabel} ${to} 超过名义届满日 ${lower} ${diffDays(lower, to)} 日`, text, p.severity);
      }
      return cannotCheck(`无法检查：${base.message}`, `${head}；期限 ${lenText}，名义届满日 ${lower}`);
    }
    let deadline: Deadline = base;
    let extText = '';
    let extensionUnknown = false;
    if (rule.extension && p.extraLength > 0) {
      const ext = rule.extension;
      const extDate = ext.date ? facts.dates?.[ext.date] : null;
      let extended: boolean | null = null;
      if (ext.date && extDate) {
        const r = readDate(facts, ext.date);
        if (!r.ok) return r.outcome;
        if (r.value <= base.deadline) {
          extended = true;
          extText = `${DATE_LABELS[ext.date]} ${r.value}（原期限届满前），${ext.basis} ${p.extraLength} ${unitWord(p.unit)}，共 ${p.length + excl + p.extraLength} ${unitWord(p.unit)}`;
        } else {
          extended = false;
          extText = `${DATE_LABELS[ext.date]} ${r.value} 晚于原期限届满日 ${base.deadline}，延长不计入`;
        }
      } else if (ext.flag) {
        const f = flag(facts, ext.flag);
        if (f === true) {
          extended = true;
          extText = `${ext.basis} ${p.extraLength} ${unitWord(p.unit)}，共 ${p.length + excl + p.extraLength} ${unitWord(p.unit)}`;
        } else if (f === false) {
          extended = false;
        } else {
          extensionUnknown = true;
        }
      }
      if (extended) {
        const total = computeDeadline(cal, from, p.length + excl + p.extraLength, p.unit);
        if (!total.ok) {
          if (to <= earliestPossibleDeadline(from, p.length + excl + p.extraLength, p.unit)) {
            return pass('未超期', `${head}；期限 ${lenText}，${extText}；无论节假日如何安排均未超期（${total.message}）`);
          }
          return cannotCheck(`无法检查：${total.message}`, `${head}；期限 ${lenText}，${extText}`);
        }
        deadline = total;
      }
    }
    const periodHead = `期限 ${lenText}${ex.text}${extText ? `，${extText}` : ''}`;
    const computation = `${head}；${describeDeadline(deadline, periodHead)}`;
    if (to <= deadline.deadline) return pass('未超期', `${computation}；未超期`);
    const over = overdueText(cal, p.unit, deadline.deadline, to);
    if (extensionUnknown) {
      return cannotCheck(`无法检查：${toLabel}超出 ${p.length} ${unitWord(p.unit)}期限，但未记录${flagLabel(rule.extension!.flag!)}`, `${computation}；${over}`);
    }
    if (unknownCondition) {
      return cannotCheck(`无法检查：${toLabel}超出期限，但未记录${flagLabel(unknownCondition)}`, `${computation}；${over}`);
    }
    return fail(`${rule.label}：${toLabel} ${to} 超过届满日 ${deadline.deadline}，${over}`, `${computation}；${over}`, p.severity);
  }

  // 'after' and 'noticeBefore': the later act must fall after the period (or on its last day when
  // the 'inclusive' convention applies to a notice-before rule).
  const computed = computeDeadline(cal, from, p.length, p.unit);
  // Counted back from a date fixed in advance (expiry, hearing day): no roll-over — 民法典 第二百零三条
  // extends a period in which to act, it does not move a licence's expiry.
  const d: typeof computed =
    computed.ok && rule.mode === 'noticeBefore' && computed.rolledOverFrom
      ? { ...computed, deadline: computed.nominalEnd, rolledOverFrom: null, holidayRuns: [] }
      : computed;
  if (!d.ok) return cannotCheck(`无法检查：${d.message}`, `${head}；期限 ${lenText}`);
  const inclusive = rule.mode === 'noticeBefore' && (rule.convention ?? env.settings.noticeBeforeConvention) === 'inclusive';
  const earliest = inclusive ? d.deadline : addDays(d.deadline, 1);
  const periodHead =
    rule.mode === 'after'
      ? `期限 ${lenText}`
      : `应于${toLabel}前 ${lenText}${rule.beforeAct ?? '通知'}`;
  const computation = `${head}；${describeDeadline(d, periodHead)}，${toLabel}最早为 ${earliest}`;
  if (to >= earliest) return pass('符合', `${computation}；符合`);
  const short = countWorkingDays(cal, addDays(to, -1), addDays(earliest, -1));
  const shortText =
    p.unit === 'working' && short.ok ? `${short.count} 个工作日` : `${diffDays(to, earliest)} 日`;
  const msg =
    rule.mode === 'after'
      ? `${rule.label}：${toLabel} ${to} 未晚于期限届满日 ${d.deadline}，提前 ${shortText}`
      : `${rule.label}：${fromLabel} ${from} 距${toLabel} ${to} 不足 ${p.length} ${unitWord(p.unit)}，相差 ${shortText}`;
  const computationFail = `${computation}；${rule.mode === 'after' ? `提前 ${shortText}` : `不足，相差 ${shortText}`}`;
  if (unknownCondition) return cannotCheck(`无法检查：${toLabel}早于期限届满，但未记录${flagLabel(unknownCondition)}`, computationFail);
  return fail(msg, computationFail, p.severity);
}
