/**
 * Non-period rules added after the first set (checks.ts): payment surcharge, on-the-spot collection,
 * evidence after the decision, excluded licensing time, renewal decisions, prior approval of coercive
 * measures, handing over the seizure decision, inspection frequency. Same conventions: missing
 * facts → cannot_check (advisory); an event the dossier does not record → not applicable.
 */

import { addDays, diffDays } from '../calendar/date';
import { computeDeadline } from '../calendar/work-calendar';
import type { CheckRule } from './checks';
import { cannotCheck, fail, flag, flagLabel, missing, notApplicable, pass, readDate, readDates, toFen, yuan, type Outcome } from './kit';
import { DATE_LABELS, OTHER_LABELS } from './labels';
import type { DossierFacts } from './types';

const present = (facts: DossierFacts, field: keyof DossierFacts['dates']) => {
  const v = facts.dates?.[field];
  return v !== null && v !== undefined && v !== '';
};

/** Fen as yuan text (amounts computed in fen may carry a fraction of a fen until rounded). */
const money = (fen: number) => yuan(Math.round(fen) / 100);

export const MORE_CHECK_RULES: Record<string, CheckRule> = {
  'D-PEN-13': {
    descriptor: (s) => ({
      id: 'D-PEN-13',
      label: '逾期缴纳罚款的加处罚款计算正确',
      law: '行政处罚法',
      article: 72,
      cites: '行政处罚法 第七十二条第一款第一项、第七十三条第三款、第六十六条',
      appliesTo: ['PG'],
      itemCodes: { PG: 'PG-PROC-24' },
      severity: 'deduction',
      kind: 'check',
      computation: `缴款截止日（未记录时为送达次日起 15 日，休息日顺延）后每日按罚款数额的 ${s.surchargeRatePercent}% 加处罚款，不超过罚款数额；与记录的加处罚款金额比对`,
      configurable: ['surchargeRatePercent'],
      verify: '申请复议或提起诉讼期间不计算加处罚款（第七十三条第三款），本项未扣除，请人工核对',
    }),
    evaluate(facts, env) {
      const fine = facts.fineFen;
      if (fine === null || fine === undefined) {
        if (facts.penaltyKinds && !facts.penaltyKinds.includes('罚款')) return notApplicable('未处罚款，本项不适用');
        return missing([OTHER_LABELS.fineFen]);
      }
      if (fine <= 0) return notApplicable('未处罚款，本项不适用');
      if (!present(facts, 'paid')) return notApplicable('未记录缴款日期，加处罚款无从计算（缴款期限见 D-PEN-12）');
      const paidR = readDate(facts, 'paid');
      if (!paidR.ok) return paidR.outcome;
      const paid = paidR.value;
      let due: string;
      let dueText: string;
      if (present(facts, 'paymentDue')) {
        const r = readDate(facts, 'paymentDue');
        if (!r.ok) return r.outcome;
        due = r.value;
        dueText = `${DATE_LABELS.paymentDue} ${due}`;
      } else {
        const r = readDate(facts, 'decisionServed');
        if (!r.ok) return r.outcome;
        const d = computeDeadline(env.calendar, r.value, 15, 'calendar');
        if (!d.ok) return cannotCheck(`无法检查：${d.message}`);
        due = d.deadline;
        dueText = `${DATE_LABELS.decisionServed} ${r.value}，缴款期限 15 日（第六十七条）届满 ${due}`;
      }
      const head = `罚款 ${money(fine)}；${dueText}；${DATE_LABELS.paid} ${paid}`;
      if (paid <= due) return pass('按期缴纳，无加处罚款', `${head}；未逾期`);
      const days = diffDays(due, paid);
      const rate = env.settings.surchargeRatePercent / 100;
      const raw = fine * rate * days;
      const expected = Math.min(fine, Math.round(raw));
      const calc = `${head}；逾期 ${days} 日 × ${money(fine)} × ${env.settings.surchargeRatePercent}% = ${money(raw)}${raw > fine ? `，以罚款数额 ${money(fine)}为限` : ''}；应加处 ${money(expected)}`;
      const recordedYuan = facts.surchargeYuan;
      if (recordedYuan === null || recordedYuan === undefined) return cannotCheck(`无法检查：缺少 ${OTHER_LABELS.surchargeYuan}`, calc);
      const recorded = toFen(recordedYuan);
      const full = `${calc}；记录 ${money(recorded)}`;
      if (recorded === expected) return pass('加处罚款计算正确', full);
      return fail(recorded > expected ? '加处罚款超过法定数额' : '加处罚款少于法定数额', full, 'deduction');
    },
  },

  'D-PEN-15': {
    descriptor: (s) => ({
      id: 'D-PEN-15',
      label: '当场收缴罚款符合法定情形',
      law: '行政处罚法',
      article: 68,
      cites: '行政处罚法 第六十八条至第七十条',
      appliesTo: ['PS', 'PG'],
      itemCodes: { PS: 'PS-PROC-08', PG: 'PG-PROC-24' },
      severity: 'deduction',
      kind: 'check',
      computation: `简易程序罚款 ${s.onSpotMaxFine} 元以下（含本数）可当场收缴；超过的，须记录不当场收缴事后难以执行，或边远、水上、交通不便地区当事人提出且缴款确有困难（一般程序亦同）`,
      configurable: ['onSpotMaxFine'],
    }),
    evaluate(facts, env) {
      if (!present(facts, 'onSpotCollected')) return notApplicable('未记录当场收缴罚款，本项不适用');
      const ground = flag(facts, 'onSpotGroundRecorded');
      const max = env.settings.onSpotMaxFine;
      const fine = facts.fineFen;
      if (env.scope === 'PS') {
        if (fine === null || fine === undefined) return missing([OTHER_LABELS.fineFen]);
        const head = `简易程序，罚款 ${money(fine)}，当场收缴`;
        if (fine <= toFen(max)) return pass('罚款在当场收缴限额内', `${head}；${max} 元以下可当场收缴（第六十八条第一项）`);
        if (ground === true) return pass('记录了当场收缴的法定情形', `${head}；超过 ${max} 元，${flagLabel('onSpotGroundRecorded')}：是`);
        if (ground === false) return fail('超过当场收缴限额且无法定情形', `${head}；超过 ${max} 元，${flagLabel('onSpotGroundRecorded')}：否`, 'deduction');
        return cannotCheck(`无法检查：缺少 ${flagLabel('onSpotGroundRecorded')}`, `${head}；超过 ${max} 元`);
      }
      const head = '普通程序，当场收缴罚款';
      if (ground === true) return pass('记录了当场收缴的法定情形（第六十九条）', `${head}；${flagLabel('onSpotGroundRecorded')}：是`);
      if (ground === false) return fail('普通程序当场收缴罚款，不具备第六十九条情形', `${head}；${flagLabel('onSpotGroundRecorded')}：否`, 'deduction');
      return cannotCheck(`无法检查：缺少 ${flagLabel('onSpotGroundRecorded')}`, head);
    },
  },

  'D-PEN-18': {
    descriptor: () => ({
      id: 'D-PEN-18',
      label: '不以决定作出后收集的证据作为依据',
      law: null,
      article: null,
      cites: '最高人民法院关于行政诉讼证据若干问题的规定 第六十条第一项；行政诉讼法 第三十五条',
      appliesTo: ['PG'],
      itemCodes: { PG: 'PG-EVID-11' },
      severity: 'deduction',
      kind: 'check',
      computation: '卷内最晚的取证日期不得晚于决定日期',
      configurable: [],
    }),
    evaluate(facts) {
      const r = readDates(facts, ['lastEvidence', 'decision']);
      if (!r.ok) return r.outcome;
      const { lastEvidence: e, decision: d } = r.values;
      const head = `${DATE_LABELS.lastEvidence} ${e}，${DATE_LABELS.decision} ${d}`;
      if (e <= d) return pass('证据均在决定前收集', `${head}；未晚于决定`);
      return fail('有证据在处罚决定作出后才收集', `${head}；晚于决定 ${diffDays(d, e)} 日`, 'deduction');
    },
  },

  'D-LIC-05': {
    descriptor: () => ({
      id: 'D-LIC-05',
      label: '扣除听证、检验、鉴定等时间须书面告知申请人',
      law: '行政许可法',
      article: 45,
      appliesTo: ['LI'],
      itemCodes: { LI: 'LI-PROC-09' },
      severity: 'deduction',
      kind: 'check',
      computation: '许可期限中扣除听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审时间的，应将所需时间书面告知申请人',
      configurable: [],
    }),
    evaluate(facts) {
      const excluded = flag(facts, 'licensingTimeExcluded');
      if (excluded !== true) return notApplicable('未记录扣除期限，本项不适用');
      const told = flag(facts, 'exclusionNotified');
      const head = `${flagLabel('licensingTimeExcluded')}：是`;
      if (told === true) return pass('已书面告知扣除时间', `${head}；${flagLabel('exclusionNotified')}：是`);
      if (told === false) return fail('扣除了期限但未书面告知申请人，所扣时间不得扣除', `${head}；${flagLabel('exclusionNotified')}：否`, 'deduction');
      return cannotCheck(`无法检查：缺少 ${flagLabel('exclusionNotified')}`, head);
    },
  },

  'D-LIC-08b': {
    descriptor: () => ({
      id: 'D-LIC-08b',
      label: '在许可有效期届满前作出是否准予延续的决定',
      law: '行政许可法',
      article: 50,
      cites: '行政许可法 第五十条第二款',
      appliesTo: ['LI'],
      itemCodes: { LI: 'LI-PROC-13' },
      severity: 'deduction',
      kind: 'check',
      computation: '延续决定日期不得晚于原许可有效期届满日（含当日）；逾期未作决定的，视为准予延续',
      configurable: [],
    }),
    evaluate(facts) {
      if (!present(facts, 'renewalApplied')) return notApplicable('不是延续许可，本项不适用');
      const r = readDates(facts, ['licenceExpiry', 'renewalDecided']);
      if (!r.ok) return r.outcome;
      const { licenceExpiry: x, renewalDecided: d } = r.values;
      const head = `${DATE_LABELS.licenceExpiry} ${x}，${DATE_LABELS.renewalDecided} ${d}`;
      if (d <= x) return pass('在有效期届满前作出延续决定', `${head}；未晚于届满日`);
      return fail('有效期届满后才作出延续决定（依法视为准予延续）', `${head}；晚于届满日 ${diffDays(x, d)} 日`, 'deduction');
    },
  },

  'D-ENF-01': {
    descriptor: () => ({
      id: 'D-ENF-01',
      label: '实施行政强制措施前经负责人批准（紧急情况二十四小时内补办）',
      law: '行政强制法',
      article: 18,
      cites: '行政强制法 第十八条第一项、第十九条',
      appliesTo: ['CE-M'],
      itemCodes: { 'CE-M': 'CE-PROC-01' },
      severity: 'veto',
      kind: 'check',
      computation: '批准日期不晚于实施日期（查封扣押或冻结）；情况紧急当场实施的，批准日期不晚于实施次日（二十四小时内补办，只记录日期时按次日计）',
      configurable: [],
    }),
    evaluate(facts) {
      const startField = present(facts, 'seized') ? 'seized' : present(facts, 'frozen') ? 'frozen' : null;
      if (startField === null) return missing([DATE_LABELS.seized]);
      const r = readDates(facts, [startField, 'measureApproved']);
      if (!r.ok) return r.outcome;
      const start = r.values[startField];
      const approved = r.values.measureApproved;
      const head = `${DATE_LABELS[startField]} ${start}，${DATE_LABELS.measureApproved} ${approved}`;
      if (approved <= start) return pass('实施前已经批准', `${head}；批准在前`);
      const emergency = flag(facts, 'emergency');
      if (emergency === true) {
        const limit = addDays(start, 1);
        if (approved <= limit) return pass('情况紧急，二十四小时内补办批准', `${head}；情况紧急，补办期限至 ${limit}`);
        return fail('情况紧急当场实施后超过二十四小时才补办批准', `${head}；情况紧急，补办期限至 ${limit}，已超过`, 'veto', { article: 19 });
      }
      if (emergency === null) return cannotCheck(`无法检查：批准晚于实施，缺少 ${flagLabel('emergency')}`, head);
      return fail('实施行政强制措施时未经批准（批准晚于实施）', `${head}；非紧急情况，应先批准后实施`, 'veto');
    },
  },

  'D-ENF-09': {
    descriptor: () => ({
      id: 'D-ENF-09',
      label: '查封扣押决定书和清单当场交付当事人',
      law: '行政强制法',
      article: 24,
      appliesTo: ['CE-M'],
      itemCodes: { 'CE-M': 'CE-PROC-04' },
      severity: 'deduction',
      kind: 'check',
      computation: '查封扣押决定书及清单交付日期应与查封扣押日期为同一日',
      configurable: [],
    }),
    evaluate(facts) {
      if (!present(facts, 'seized') && present(facts, 'frozen')) return notApplicable('冻结案件，本项不适用');
      const r = readDates(facts, ['seized', 'seizureDecisionHanded']);
      if (!r.ok) return r.outcome;
      const { seized: s, seizureDecisionHanded: h } = r.values;
      const head = `${DATE_LABELS.seized} ${s}，${DATE_LABELS.seizureDecisionHanded} ${h}`;
      if (h === s) return pass('当场交付', `${head}；同日`);
      if (h < s) return cannotCheck('无法检查：交付日期早于查封扣押日期，请核对', head);
      return fail('查封扣押决定书和清单未当场交付', `${head}；晚 ${diffDays(s, h)} 日交付`, 'deduction');
    },
  },

  'D-IN-01': {
    descriptor: (s) => ({
      id: 'D-IN-01',
      label: '对同一检查对象的年度检查次数不超过公布的上限',
      law: null,
      article: null,
      cites: '国务院办公厅关于严格规范涉企行政检查的意见（国办发〔2024〕54号）；上限以本地区公布的为准',
      appliesTo: ['IN'],
      itemCodes: { IN: 'IN-PROC-04' },
      severity: 'deduction',
      kind: 'check',
      computation:
        s.inspectionCapPerYear === null
          ? '本年度对同一检查对象的检查次数不超过公布的上限（尚未设置上限）'
          : `本年度对同一检查对象的检查次数不超过 ${s.inspectionCapPerYear} 次（含本次）`,
      configurable: ['inspectionCapPerYear'],
      verify: '年度检查频次上限由各地、各部门公布 (verify)',
    }),
    evaluate(facts, env): Outcome {
      const cap = env.settings.inspectionCapPerYear;
      const n = facts.inspectionsThisYear;
      if (n === null || n === undefined) return missing([OTHER_LABELS.inspectionsThisYear]);
      if (cap === null) return cannotCheck('无法检查：缺少 年度检查频次上限（请在检查设置中填写本地区公布的上限）', `本年度检查 ${n} 次`);
      const head = `本年度检查 ${n} 次（含本次），上限 ${cap} 次`;
      if (n <= cap) return pass('未超过检查频次上限', `${head}；未超过`);
      return fail('超过公布的年度检查频次上限', `${head}；超过 ${n - cap} 次`, 'deduction');
    },
  },
};
