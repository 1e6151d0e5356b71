/**
 * The non-period rules: small pure functions, each with its descriptor. Counting convention for the
 * few periods they use: calendar/work-calendar.ts. Missing facts → cannot_check (advisory), never a
 * finding.
 */

import { addDays, parseClock, parseDateTime } from '../calendar/date';
import { computeDeadline, countWorkingDays, describeRestDay, earliestPossibleDeadline, missingYearMessage } from '../calendar/work-calendar';
import {
  cannotCheck,
  fail,
  flag,
  flagLabel,
  missing,
  notApplicable,
  pass,
  readDate,
  readDates,
  fenText,
  toFen,
  yuan,
  type Outcome,
  type RuleDescriptor,
  type RuleEnv,
} from './kit';
import { DATE_LABELS, OTHER_LABELS } from './labels';
import { articleZh, statutoryDayUnit } from './period-law';
import { CERTAINLY_LATE_DAYS, describeDeadline, unitWord } from './period-evaluator';
import type { PerParty, RuleSettings } from './settings';
import type { DossierFacts, LawName, Scope } from './types';

export interface CheckRule {
  descriptor: (settings: RuleSettings) => RuleDescriptor;
  evaluate: (facts: DossierFacts, env: RuleEnv) => Outcome;
}

const perParty = (p: PerParty) => `个人 ${yuan(p.个人)}、单位 ${yuan(p.单位)}`;

// ---------------------------------------------------------------------------------------------
// Threshold triggers (较大数额 etc.)

type Trigger = { state: 'yes'; reason: string } | { state: 'no'; reason: string } | { state: 'unknown'; missing: string[] };

function amountTrigger(
  facts: DossierFacts,
  amount: number | null | undefined,
  kindsThatCarryAmount: string[],
  thr: PerParty,
  what: string,
): Trigger {
  const kinds = facts.penaltyKinds ?? null;
  if (amount === null || amount === undefined) {
    if (kinds && !kinds.some((k) => kindsThatCarryAmount.includes(k))) return { state: 'no', reason: `未处${what}` };
    return { state: 'unknown', missing: [what === '罚款' ? OTHER_LABELS.fineFen : OTHER_LABELS.confiscationFen] };
  }
  const pt = facts.partyType ?? null;
  if (pt === null) {
    const hi = Math.max(thr.个人, thr.单位);
    const lo = Math.min(thr.个人, thr.单位);
    if (amount >= toFen(hi)) return { state: 'yes', reason: `${what} ${fenText(amount)}，达到较大数额标准（${perParty(thr)}）` };
    if (amount < toFen(lo)) return { state: 'no', reason: `${what} ${fenText(amount)}，低于较大数额标准（${perParty(thr)}）` };
    return { state: 'unknown', missing: [OTHER_LABELS.partyType] };
  }
  const t = thr[pt];
  return amount >= toFen(t)
    ? { state: 'yes', reason: `${what} ${fenText(amount)}，当事人为${pt}，达到 ${yuan(t)} 标准（“以上”含本数）` }
    : { state: 'no', reason: `${what} ${fenText(amount)}，当事人为${pt}，低于 ${yuan(t)} 标准` };
}

function combineTriggers(ts: Trigger[]): Trigger {
  const yes = ts.find((t) => t.state === 'yes');
  if (yes) return yes;
  const unknown = ts.filter((t): t is Extract<Trigger, { state: 'unknown' }> => t.state === 'unknown');
  if (unknown.length > 0) return { state: 'unknown', missing: [...new Set(unknown.flatMap((u) => u.missing))] };
  return { state: 'no', reason: ts.map((t) => (t.state === 'no' ? t.reason : '')).filter(Boolean).join('；') };
}

function kindsTrigger(facts: DossierFacts, list: string[]): Trigger {
  const kinds = facts.penaltyKinds;
  if (!kinds) return { state: 'unknown', missing: [OTHER_LABELS.penaltyKinds] };
  const hit = kinds.filter((k) => list.includes(k));
  return hit.length > 0 ? { state: 'yes', reason: `处罚种类含 ${hit.join('、')}` } : { state: 'no', reason: `处罚种类 ${kinds.join('、') || '（无）'}` };
}

function kindsOrUnknownFine(facts: DossierFacts, list: string[], fineThr: PerParty, confThr: PerParty | null): Trigger {
  const k = kindsTrigger(facts, list);
  if (k.state === 'yes') return k;
  const parts: Trigger[] = [k, amountTrigger(facts, facts.fineFen, ['罚款'], fineThr, '罚款')];
  if (confThr) parts.push(amountTrigger(facts, facts.confiscationFen, ['没收违法所得', '没收非法财物'], confThr, '没收金额'));
  return combineTriggers(parts);
}

function requiredStep(
  trigger: Trigger,
  done: boolean | null,
  doneField: 'hearingRightNotified' | 'legalReview' | 'collectiveDiscussion',
  what: string,
): Outcome {
  if (trigger.state === 'unknown') return missing(trigger.missing);
  if (trigger.state === 'no') return notApplicable(`${trigger.reason}，无需${what}`);
  if (done === true) return pass(`已${what}`, `${trigger.reason}，应当${what}；已${what}`);
  if (done === false) return fail(`应当${what}而未${what}：${trigger.reason}`, `${trigger.reason}，应当${what}；${flagLabel(doneField)}：否`, 'veto');
  return cannotCheck(`无法检查：缺少 ${flagLabel(doneField)}`, `${trigger.reason}，应当${what}`);
}

// ---------------------------------------------------------------------------------------------

const PEN_KINDS_SCOPE: Scope[] = ['PG', 'PS'];

export const CHECK_RULES: Record<string, CheckRule> = {
  'D-PEN-01': {
    descriptor: (s) => ({
      id: 'D-PEN-01',
      label: '违法行为在追责时效内被发现',
      law: '行政处罚法',
      article: 36,
      appliesTo: PEN_KINDS_SCOPE,
      itemCodes: { PG: 'PG-SUB-11' },
      severity: 'veto',
      kind: 'check',
      computation: `发现日期不得晚于违法行为终了日期起 ${s.limitationYears} 年（涉及公民生命健康安全、金融安全且有危害后果的 ${s.limitationYearsSerious} 年）的届满日；按年计算，届满日为休息日顺延`,
      configurable: ['limitationYears', 'limitationYearsSerious'],
      verify: '法律另有规定的从其规定（如税收征收管理法 五年）',
    }),
    evaluate(facts, env) {
      const r = readDates(facts, ['violationEnded', 'discovered']);
      if (!r.ok) return r.outcome;
      const { violationEnded: from, discovered: to } = r.values;
      const head = `${DATE_LABELS.violationEnded} ${from}，${DATE_LABELS.discovered} ${to}`;
      const within = (years: number): true | string => {
        const d = computeDeadline(env.calendar, from, years, 'years');
        if (d.ok) return to <= d.deadline ? true : `${years} 年期限届满 ${d.deadline}`;
        const nominal = earliestPossibleDeadline(from, years, 'years');
        if (to <= nominal) return true;
        if (to > addDays(nominal, CERTAINLY_LATE_DAYS)) return `${years} 年名义届满日 ${nominal}`;
        return d.message;
      };
      const serious = flag(facts, 'seriousHarm');
      const years = serious === true ? env.settings.limitationYearsSerious : env.settings.limitationYears;
      const w = within(years);
      if (w === true) return pass('在追责时效内', `${head}；时效 ${years} 年（第三十六条），未超过`);
      if (w.startsWith('缺少')) return cannotCheck(`无法检查：${w}`, head);
      if (serious === null) {
        const w5 = within(env.settings.limitationYearsSerious);
        if (w5 === true || w5.startsWith('缺少')) {
          return cannotCheck(`无法检查：超过 ${years} 年，缺少 ${flagLabel('seriousHarm')}`, `${head}；${w}`);
        }
      }
      return fail(`违法行为超过追责时效后才被发现（${w}）`, `${head}；时效 ${years} 年（第三十六条），${w}，已超过`, 'veto');
    },
  },

  'D-PEN-05': {
    descriptor: () => ({
      id: 'D-PEN-05',
      label: '作出处罚决定前送达事先告知',
      law: '行政处罚法',
      article: 44,
      cites: '行政处罚法 第四十四条、第六十二条',
      appliesTo: PEN_KINDS_SCOPE,
      itemCodes: { PG: 'PG-PROC-14', PS: 'PS-PROC-02' },
      severity: 'veto',
      kind: 'check',
      computation: '普通程序：告知书送达日期早于决定日期；简易程序：当场告知，告知日期不晚于决定日期',
      configurable: [],
    }),
    evaluate(facts, env) {
      const r = readDates(facts, ['noticeServed', 'decision']);
      if (!r.ok) return r.outcome;
      const { noticeServed: n, decision: d } = r.values;
      const head = `${DATE_LABELS.noticeServed} ${n}，${DATE_LABELS.decision} ${d}`;
      const ok = env.scope === 'PS' ? n <= d : n < d;
      if (ok) return pass('已于决定前告知', `${head}；告知在前`);
      return fail(
        env.scope === 'PS' ? '告知晚于当场处罚决定' : '事先告知书送达不早于处罚决定，属未事先告知',
        `${head}；${env.scope === 'PS' ? '告知日期晚于决定日期' : '告知书须在决定日期之前送达'}`,
        'veto',
      );
    },
  },

  'D-PEN-07': hearingRequestRule('D-PEN-07', '行政处罚法', 64, ['PG'], { PG: 'PG-PROC-16' }),
  'D-LIC-07a': hearingRequestRule('D-LIC-07a', '行政许可法', 47, ['LI'], { LI: 'LI-PROC-07' }),

  'D-PEN-09': {
    descriptor: (s) => ({
      id: 'D-PEN-09',
      label: '较重处罚应告知听证权利',
      law: '行政处罚法',
      article: 63,
      appliesTo: ['PG'],
      itemCodes: { PG: 'PG-PROC-16' },
      severity: 'veto',
      kind: 'check',
      computation: `处罚种类含 ${s.hearingPenaltyKinds.join('、')}，或罚款达到较大数额（${perParty(s.largeFine)}），或没收达到较大数额（${perParty(s.largeConfiscation)}）的，应告知听证权利`,
      configurable: ['largeFine', 'largeConfiscation', 'hearingPenaltyKinds'],
      verify: '较大数额标准由部门或省级规定（如市场监管 个人 1 万元、单位 10 万元）(verify)',
    }),
    evaluate(facts, env) {
      const s = env.settings;
      const t = kindsOrUnknownFine(facts, s.hearingPenaltyKinds, s.largeFine, s.largeConfiscation);
      return requiredStep(t, flag(facts, 'hearingRightNotified'), 'hearingRightNotified', '告知听证权利');
    },
  },

  'D-PEN-10a': {
    descriptor: (s) => ({
      id: 'D-PEN-10a',
      label: '重大执法决定应经法制审核',
      law: '行政处罚法',
      article: 58,
      appliesTo: ['PG'],
      itemCodes: { PG: 'PG-PROC-12' },
      severity: 'veto',
      kind: 'check',
      computation: `处罚种类含 ${s.legalReviewPenaltyKinds.join('、')}，或罚款达到 ${perParty(s.legalReviewFine)}${s.legalReviewIfHearingHeld ? '，或直接关系当事人或者第三人重大权益且经过听证程序' : ''}的，决定前应经法制审核`,
      configurable: ['legalReviewFine', 'legalReviewPenaltyKinds', 'legalReviewIfHearingHeld'],
      verify: '重大执法决定法制审核目录由各单位制定 (verify)',
    }),
    evaluate(facts, env) {
      const s = env.settings;
      let t = kindsOrUnknownFine(facts, s.legalReviewPenaltyKinds, s.legalReviewFine, null);
      const heard = flag(facts, 'hearingHeld') === true || !!facts.dates?.hearing;
      // 第五十八条第一款第二项 needs both: 直接关系当事人或者第三人重大权益 AND 经过听证程序.
      if (s.legalReviewIfHearingHeld && heard && t.state !== 'yes') {
        const major = flag(facts, 'majorInterests');
        if (major === true) t = { state: 'yes', reason: '案件直接关系当事人或者第三人重大权益，且经过听证程序（第五十八条第一款第二项）' };
        else if (major === null) t = combineTriggers([t, { state: 'unknown', missing: [flagLabel('majorInterests')] }]);
      }
      return requiredStep(t, flag(facts, 'legalReview'), 'legalReview', '法制审核');
    },
  },

  'D-PEN-10b': {
    descriptor: (s) => ({
      id: 'D-PEN-10b',
      label: '情节复杂或重大违法行为应集体讨论决定',
      law: '行政处罚法',
      article: 57,
      appliesTo: ['PG'],
      itemCodes: { PG: 'PG-PROC-13' },
      severity: 'veto',
      kind: 'check',
      computation: `处罚种类含 ${s.collectiveDiscussionPenaltyKinds.join('、')}，或罚款达到 ${perParty(s.collectiveDiscussionFine)} 的，应由负责人集体讨论决定`,
      configurable: ['collectiveDiscussionFine', 'collectiveDiscussionPenaltyKinds'],
      verify: '集体讨论的范围和标准由部门或地方规定 (verify)',
    }),
    evaluate(facts, env) {
      const s = env.settings;
      const t = kindsOrUnknownFine(facts, s.collectiveDiscussionPenaltyKinds, s.collectiveDiscussionFine, null);
      return requiredStep(t, flag(facts, 'collectiveDiscussion'), 'collectiveDiscussion', '集体讨论');
    },
  },

  'D-PEN-14': {
    descriptor: (s) => ({
      id: 'D-PEN-14',
      label: '简易程序适用条件：警告或限额以下罚款',
      law: '行政处罚法',
      article: 51,
      appliesTo: ['PS'],
      itemCodes: { PS: 'PS-SUB-01' },
      severity: 'veto',
      kind: 'check',
      computation: `处罚种类仅限 ${s.simpleProcedureKinds.join('、')}；罚款 ≤ 限额（${perParty(s.simpleProcedureMaxFine)}，“以下”含本数）`,
      configurable: ['simpleProcedureMaxFine', 'simpleProcedureKinds'],
      verify: '法律另有规定的从其规定',
    }),
    evaluate(facts, env) {
      const s = env.settings;
      const kinds = facts.penaltyKinds ?? null;
      if (kinds) {
        const bad = kinds.filter((k) => !s.simpleProcedureKinds.includes(k));
        if (bad.length > 0) {
          return fail(`简易程序只能处以${s.simpleProcedureKinds.join('或')}，本案含 ${bad.join('、')}`, `处罚种类 ${kinds.join('、')}；第五十一条`, 'veto');
        }
      }
      const fine = facts.fineFen;
      if (fine === null || fine === undefined) {
        if (kinds && !kinds.includes('罚款')) return pass('仅处警告，符合简易程序条件', `处罚种类 ${kinds.join('、')}`);
        return missing(kinds ? [OTHER_LABELS.fineFen] : [OTHER_LABELS.penaltyKinds, OTHER_LABELS.fineFen]);
      }
      const pt = facts.partyType ?? null;
      if (pt === null) {
        if (fine <= toFen(Math.min(s.simpleProcedureMaxFine.个人, s.simpleProcedureMaxFine.单位))) {
          return pass('罚款在简易程序限额内', `罚款 ${fenText(fine)}；不超过任一限额（${perParty(s.simpleProcedureMaxFine)}）`);
        }
        return missing([OTHER_LABELS.partyType]);
      }
      const limit = s.simpleProcedureMaxFine[pt];
      const head = `罚款 ${fenText(fine)}，当事人为${pt}；简易程序限额：${pt} ${yuan(limit)}以下（第五十一条，“以下”含本数）`;
      if (fine <= toFen(limit)) return pass('罚款在简易程序限额内', `${head}；未超限`);
      return fail(`简易程序罚款超过限额：${fenText(fine)} > ${yuan(limit)}（${pt}）`, `${head}；超过 ${fenText(fine - toFen(limit))}`, 'veto');
    },
  },

  'D-PEN-19': officersRule('D-PEN-19', '行政处罚法', 42, PEN_KINDS_SCOPE, { PG: 'PG-PROC-03', PS: 'PS-SUB-03' }),
  'X-ENF-18': officersRule('X-ENF-18', '行政强制法', 18, ['CE-M', 'CE-E'], { 'CE-M': 'CE-SUB-03', 'CE-E': 'CE-SUB-03' }),

  'D-LIC-01': {
    descriptor: () => ({
      id: 'D-LIC-01',
      label: '收到申请材料后五日内一次告知补正或受理',
      law: '行政许可法',
      article: 32,
      cites: '行政许可法 第三十二条、第八十二条',
      appliesTo: ['LI'],
      itemCodes: { LI: 'LI-PROC-02' },
      severity: 'deduction',
      kind: 'check',
      computation: '补正告知（或受理）日期不得晚于收件日期起 5 个工作日（第八十二条）；逾期不告知补正的，自收到申请材料之日起即为受理',
      configurable: [],
    }),
    evaluate(facts, env) {
      const a = readDate(facts, 'applied');
      if (!a.ok) return a.outcome;
      const sup = facts.dates?.supplementNotice ? readDate(facts, 'supplementNotice') : null;
      if (sup && !sup.ok) return sup.outcome;
      const acc = sup ? null : readDate(facts, 'accepted');
      if (acc && !acc.ok) return acc.outcome;
      const su = statutoryDayUnit('行政许可法', 5, 'agency');
      const d = computeDeadline(env.calendar, a.value, 5, su.unit);
      const toLabel = sup ? DATE_LABELS.supplementNotice : DATE_LABELS.accepted;
      const to = sup && sup.ok ? sup.value : (acc as { ok: true; value: string }).value;
      const head = `${DATE_LABELS.applied} ${a.value}，${toLabel} ${to}`;
      if (!d.ok) {
        if (to <= addDays(a.value, 5)) return pass('在期限内', `${head}；未超过 5 日（${d.message}）`);
        return cannotCheck(`无法检查：${d.message}`, head);
      }
      const computation = `${head}；${describeDeadline(d, `期限 5 个工作日（${articleZh(82)}）`)}`;
      if (to <= d.deadline) return pass('在期限内', `${computation}；未超期`);
      const c = countWorkingDays(env.calendar, d.deadline, to);
      const over = c.ok ? `超期 ${c.count} 个工作日` : '超期';
      if (sup) {
        return fail(`补正告知超过五个工作日（${over}）；逾期不告知的，自收到申请材料之日起即为受理`, `${computation}；${over}`, 'deduction');
      }
      return fail(
        `受理日期晚于收件后五个工作日且未记录补正告知：未在五日内一次告知补正的，自收到申请材料之日起即为受理（第三十二条）`,
        `${computation}；${over}`,
        'advisory',
      );
    },
  },

  'D-ENF-04': {
    descriptor: (s) => ({
      id: 'D-ENF-04',
      label: '不得在夜间或法定节假日实施行政强制执行',
      law: '行政强制法',
      article: 43,
      appliesTo: ['CE-E'],
      itemCodes: { 'CE-E': 'CE-PROC-12' },
      severity: 'veto',
      kind: 'check',
      computation: `实施时间不在夜间（${s.nightWindow.start}–${s.nightWindow.end}，起点含、终点不含）且不在${s.enforcementRestDays === 'restDays' ? '休息日（周末及节假日，调休上班日除外）' : '法定节假日'}；情况紧急的除外`,
      configurable: ['nightWindow', 'enforcementRestDays'],
      verify: '夜间时段及周末是否属“法定节假日”需核对 (verify)',
    }),
    evaluate(facts, env) {
      const raw = facts.dates?.enforced;
      if (raw === null || raw === undefined || raw === '') return missing([DATE_LABELS.enforced]);
      const dt = parseDateTime(raw);
      if (!dt) return cannotCheck(`无法检查：${DATE_LABELS.enforced} 格式无效（${raw}）`);
      const emergency = flag(facts, 'emergency');
      if (emergency === true) return pass('情况紧急，不受夜间、节假日限制', `${DATE_LABELS.enforced} ${raw}；${flagLabel('emergency')}：是`);
      const day = env.calendar.day(dt.date);
      if (!day) return cannotCheck(`无法检查：${missingYearMessage(Number(dt.date.slice(0, 4)))}`, `${DATE_LABELS.enforced} ${raw}`);
      const barred = env.settings.enforcementRestDays === 'restDays' ? !day.working : day.cls === 'holiday';
      const head = `${DATE_LABELS.enforced} ${raw}`;
      const verdict = (problem: string): Outcome =>
        emergency === false
          ? fail(`在${problem}实施强制执行`, `${head}；${problem}；${flagLabel('emergency')}：否`, 'veto')
          : cannotCheck(`无法检查：在${problem}实施强制执行，但缺少 ${flagLabel('emergency')}`, `${head}；${problem}`);
      if (barred) return verdict(describeRestDay(day));
      const start = parseClock(env.settings.nightWindow.start);
      const end = parseClock(env.settings.nightWindow.end);
      if (start === null || end === null) return cannotCheck('无法检查：夜间时段设置无效');
      if (dt.minutes === null) return cannotCheck(`无法检查：缺少 强制执行实施时刻（仅有日期 ${dt.date}，当日为工作日）`, head);
      const m = dt.minutes;
      const night = start > end ? m >= start || m < end : m >= start && m < end;
      const window = `夜间 ${env.settings.nightWindow.start}–${env.settings.nightWindow.end}`;
      if (night) return verdict(`夜间（${window}）`);
      return pass('非夜间、非休息日', `${head}；工作日，不在${window}`);
    },
  },

  'D-ENF-08': {
    descriptor: () => ({
      id: 'D-ENF-08',
      label: '强制执行前应催告，且在催告期限届满后执行',
      law: '行政强制法',
      article: 35,
      cites: '行政强制法 第三十五条、第三十七条',
      appliesTo: ['CE-E'],
      itemCodes: { 'CE-E': 'CE-PROC-10' },
      severity: 'veto',
      kind: 'check',
      computation: '催告书送达日期早于强制执行日期；记录了催告履行期限的，执行日期应晚于该期限',
      configurable: [],
    }),
    evaluate(facts) {
      const rem = readDate(facts, 'reminder');
      const raw = facts.dates?.enforced;
      const absent: string[] = [];
      if (!rem.ok && rem.absent) absent.push(DATE_LABELS.reminder);
      if (raw === null || raw === undefined || raw === '') absent.push(DATE_LABELS.enforced);
      if (absent.length) return missing(absent);
      if (!rem.ok) return rem.outcome;
      const dt = parseDateTime(raw);
      if (!dt) return cannotCheck(`无法检查：${DATE_LABELS.enforced} 格式无效（${raw}）`);
      const head = `${DATE_LABELS.reminder} ${rem.value}，强制执行日期 ${dt.date}`;
      if (rem.value >= dt.date) return fail('未经催告即强制执行（催告书送达不早于执行日期）', `${head}；催告须在执行前`, 'veto');
      const dl = facts.dates?.reminderDeadline;
      if (dl) {
        const r = readDate(facts, 'reminderDeadline');
        if (!r.ok) return r.outcome;
        if (dt.date <= r.value) {
          return fail(`催告履行期限（${r.value}）届满前即强制执行`, `${head}，${DATE_LABELS.reminderDeadline} ${r.value}；执行应在期限届满后（第三十七条）`, 'deduction', { article: 37, itemCode: 'CE-PROC-11' });
        }
        return pass('已催告且在催告期限届满后执行', `${head}，${DATE_LABELS.reminderDeadline} ${r.value}；符合`);
      }
      return pass('已于执行前催告', `${head}；催告在前（未记录催告履行期限，未核对期限届满）`);
    },
  },
};

function hearingRequestRule(id: string, law: LawName, article: number, appliesTo: Scope[], itemCodes: Partial<Record<Scope, string>>): CheckRule {
  const isLic = law === '行政许可法';
  return {
    descriptor: (s) => ({
      id,
      label: '当事人在告知后五日内申请听证的，应当组织听证',
      law,
      article,
      cites: isLic ? '行政许可法 第四十七条（申请人的期限，按自然日；第八十二条只规定行政机关的期限）' : '行政处罚法 第六十四条、第八十五条',
      appliesTo,
      itemCodes,
      severity: 'veto',
      kind: 'check',
      computation: `听证申请日期不晚于告知送达日期起 5 ${unitWord(isLic ? (s.licensingApplicantUnit === 'working' ? 'working' : 'calendar') : 'working')}；在期限内申请而未举行听证的为否决项；逾期申请仅作提示`,
      configurable: isLic ? ['licensingApplicantUnit'] : [],

    }),
    evaluate(facts, env) {
      if (!facts.dates?.hearingRequested) return notApplicable('未记录听证申请，本项不适用');
      const r = readDates(facts, ['noticeServed', 'hearingRequested']);
      if (!r.ok) return r.outcome;
      const { noticeServed: n, hearingRequested: h } = r.values;
      const su = statutoryDayUnit(law, 5, 'party', env.settings.licensingApplicantUnit);
      const basis = su.basisArticle !== null ? articleZh(su.basisArticle) : '自然日';
      const d = computeDeadline(env.calendar, n, 5, su.unit);
      const head = `${DATE_LABELS.noticeServed} ${n}，${DATE_LABELS.hearingRequested} ${h}`;
      if (!d.ok) {
        if (h > addDays(n, 5)) return cannotCheck(`无法检查：${d.message}`, head);
      }
      const computation = d.ok ? `${head}；${describeDeadline(d, `期限 5 ${unitWord(su.unit)}（${basis}）`)}` : `${head}；未超过 5 日（${d.message}）`;
      const timely = d.ok ? h <= d.deadline : true;
      if (!timely) {
        return fail('当事人逾期申请听证，行政机关可不组织听证（请核对是否有正当理由）', `${computation}；逾期`, 'advisory');
      }
      const held = flag(facts, 'hearingHeld') ?? (facts.dates?.hearing ? true : null);
      if (held === true) return pass('申请在期限内，已组织听证', `${computation}；已举行听证`);
      if (held === false) return fail('当事人在法定期限内申请听证，行政机关未组织听证', `${computation}；${flagLabel('hearingHeld')}：否`, 'veto');
      return cannotCheck(`无法检查：申请在期限内，但缺少 ${flagLabel('hearingHeld')}`, computation);
    },
  };
}

function officersRule(id: string, law: LawName, article: number, appliesTo: Scope[], itemCodes: Partial<Record<Scope, string>>): CheckRule {
  return {
    descriptor: (s) => ({
      id,
      label: '执法人员不少于两人并持有效执法证件',
      law,
      article,
      ...(id === 'X-ENF-18' ? { cites: '行政强制法 第十八条（本项目补充规则，领域说明未编号）' } : {}),
      appliesTo,
      itemCodes,
      severity: 'veto',
      kind: 'check',
      computation: `执法人员（按姓名去重）不少于 ${s.minOfficers} 人${law === '行政处罚法' ? `（简易程序 ${s.simpleProcedureMinOfficers} 人）` : ''}，且至少 ${s.minOfficers} 人记录了执法证号、无失效证件`,
      configurable: law === '行政处罚法' ? ['minOfficers', 'simpleProcedureMinOfficers'] : ['minOfficers'],
      ...(law === '行政处罚法' ? { verify: '简易程序一人执法仅限法律另有规定的领域 (verify)' } : {}),
    }),
    evaluate(facts, env) {
      const officers = facts.officers;
      if (!officers || officers.length === 0) return missing([OTHER_LABELS.officers]);
      const min = env.scope === 'PS' ? env.settings.simpleProcedureMinOfficers : env.settings.minOfficers;
      const names = [...new Set(officers.map((o) => o.name.trim()).filter(Boolean))];
      const head = `执法人员 ${names.join('、') || '（未记录姓名）'}，共 ${names.length} 人；应不少于 ${min} 人（${articleZh(article)}）`;
      const invalid = officers.filter((o) => o.certValid === false);
      if (invalid.length > 0) return fail(`执法证件无效：${invalid.map((o) => o.name).join('、')}`, head, 'veto');
      if (names.length < min) return fail(`执法人员不足 ${min} 人（实有 ${names.length} 人）`, head, 'veto');
      const withCert = officers.filter((o) => typeof o.certNo === 'string' && o.certNo.trim() !== '');
      const certNames = new Set(withCert.map((o) => o.name.trim()));
      if (certNames.size >= min) return pass('执法人员人数及证件符合要求', `${head}；${certNames.size} 人记录了执法证号`);
      const noCert = names.filter((n) => !certNames.has(n));
      return cannotCheck(`无法检查：缺少 执法证号（${noCert.join('、')}）`, head);
    },
  };
}
