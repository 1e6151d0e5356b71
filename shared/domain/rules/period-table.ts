/**
 * THE PERIOD RULE TABLE (期限规则表). Data: one row per period, evaluated by the single generic
 * evaluator in period-evaluator.ts. A legal office adjusts a value its province sets differently
 * through RuleSettings.periodOverrides (length, extraLength, unit of non-statutory periods, severity,
 * enabled) — never by editing code.
 *
 * unit 'statutory' = the unit is decided by law from (law, length): see period-law.ts. Rows whose
 * period comes from a sector rule state their unit explicitly and are marked (verify).
 *
 * mode:
 *  - 'within': the `to` act must happen on or before the last day of the period (以内 includes it).
 *  - 'after':  the `to` act must happen after the period has run out (decision only after the
 *              defence period: on the day after the last day at the earliest).
 *  - 'noticeBefore': "…N日前通知" — the `to` event (hearing) must lie at least N days after the
 *              notice; settings.noticeBeforeConvention decides whether it may fall on the N-th day.
 */

import type { PeriodUnit } from '../calendar/work-calendar';
import type { PeriodParty } from './period-law';
import type { DateField, FlagField, LawName, Scope, Severity } from './types';

export interface PeriodRule {
  id: string;
  label: string;
  law: LawName;
  article: number;
  cites?: string;
  appliesTo: Scope[];
  from: DateField;
  to: DateField;
  /** Wording in the computation text when it differs from the field label. */
  fromLabel?: string;
  toLabel?: string;
  mode: 'within' | 'after' | 'noticeBefore';
  length: number;
  unit: 'statutory' | PeriodUnit;
  /** Whose period it is (行政许可法 第八十二条 covers the agency's periods). */
  party: PeriodParty;
  /** Where the unit comes from when it is not statutory (shown in the text instead of the article). */
  unitBasis?: string;
  extension?: { flag?: FlagField; date?: DateField; extraLength: number; basis: string };
  /** If this flag is true the requirement does not apply (e.g. rights waived in writing). */
  waiver?: FlagField;
  /** The rule only applies if this flag is not false (e.g. licence granted). */
  onlyIf?: FlagField;
  /**
   * The `to` (or `from`) event is optional in a dossier (a hearing is not always held): when absent
   * the rule is not applicable — unless `presenceFlag` says the event did happen, then the date is
   * missing (cannot check).
   */
  optionalEvent?: { field: DateField; presenceFlag?: FlagField; absentMessage: string };
  itemCodes: Partial<Record<Scope, string>>;
  severity: Severity;
  verify?: string;
}

export const PERIOD_RULES: readonly PeriodRule[] = [
  {
    id: 'D-PEN-03',
    label: '先行登记保存后七日内作出处理决定',
    law: '行政处罚法',
    article: 56,
    cites: '行政处罚法 第五十六条、第八十五条',
    appliesTo: ['PG'],
    from: 'preserved',
    to: 'preservationHandled',
    mode: 'within',
    length: 7,
    unit: 'statutory',
    party: 'agency',
    optionalEvent: { field: 'preserved', absentMessage: '未记录先行登记保存，本项不适用' },
    itemCodes: { PG: 'PG-PROC-07' },
    severity: 'deduction',
  },
  {
    id: 'D-PEN-04',
    label: '自立案之日起九十日内作出处罚决定',
    law: '行政处罚法',
    article: 60,
    cites: '行政处罚法 第六十条；延期仅依法律、法规、规章（如部门办案程序规定）',
    appliesTo: ['PG'],
    from: 'filed',
    to: 'decision',
    fromLabel: '立案日期',
    toLabel: '决定日期',
    mode: 'within',
    length: 90,
    unit: 'statutory',
    party: 'agency',
    extension: { flag: 'extensionApproved', extraLength: 30, basis: '经批准延长（部门规章，如市场监管 30 日）' },
    itemCodes: { PG: 'PG-PROC-19' },
    severity: 'deduction',
    verify: '第六十条本身不设延长；延长 30 日取自部门办案程序规定，按本单位所属系统核对 (verify)',
  },
  {
    id: 'D-PEN-06a',
    label: '陈述申辩期限届满后方可作出处罚决定',
    law: '行政处罚法',
    article: 62,
    cites: '行政处罚法 第四十五条、第六十二条；期限见部门办案程序规定',
    appliesTo: ['PG'],
    from: 'noticeServed',
    to: 'decision',
    fromLabel: '告知书送达日期',
    toLabel: '决定日期',
    mode: 'after',
    length: 5,
    unit: 'working',
    party: 'party',
    unitBasis: '部门办案程序规定',
    waiver: 'defenceWaived',
    itemCodes: { PG: 'PG-PROC-17' },
    severity: 'deduction',
    verify: '陈述申辩期（如 5 个工作日、3 日）由部门或地方规定 (verify)',
  },
  {
    id: 'D-PEN-06b',
    label: '告知听证权利的，听证申请期（五日）届满后方可作出处罚决定',
    law: '行政处罚法',
    article: 64,
    cites: '行政处罚法 第六十四条、第八十五条',
    appliesTo: ['PG'],
    from: 'noticeServed',
    to: 'decision',
    fromLabel: '告知书送达日期',
    toLabel: '决定日期',
    mode: 'after',
    length: 5,
    unit: 'statutory',
    party: 'party',
    waiver: 'defenceWaived',
    onlyIf: 'hearingRightNotified',
    itemCodes: { PG: 'PG-PROC-17' },
    severity: 'deduction',
  },
  {
    id: 'D-PEN-08',
    label: '举行听证七日前通知当事人',
    law: '行政处罚法',
    article: 64,
    cites: '行政处罚法 第六十四条第二项、第八十五条',
    appliesTo: ['PG'],
    from: 'hearingNotice',
    to: 'hearing',
    mode: 'noticeBefore',
    length: 7,
    unit: 'statutory',
    party: 'agency',
    optionalEvent: { field: 'hearing', presenceFlag: 'hearingHeld', absentMessage: '未记录举行听证，本项不适用' },
    itemCodes: { PG: 'PG-PROC-16' },
    severity: 'deduction',
  },
  {
    id: 'D-PEN-11',
    label: '当事人不在场的，七日内送达处罚决定书',
    law: '行政处罚法',
    article: 61,
    cites: '行政处罚法 第六十一条、第八十五条',
    appliesTo: ['PG'],
    from: 'decision',
    to: 'decisionServed',
    fromLabel: '决定日期',
    toLabel: '送达日期',
    mode: 'within',
    length: 7,
    unit: 'statutory',
    party: 'agency',
    itemCodes: { PG: 'PG-PROC-20' },
    severity: 'deduction',
  },
  {
    id: 'D-PEN-12',
    label: '收到处罚决定书之日起十五日内缴纳罚款',
    law: '行政处罚法',
    article: 67,
    cites: '行政处罚法 第六十七条第三款；逾期加处罚款见第七十二条',
    appliesTo: ['PG', 'PS'],
    from: 'decisionServed',
    to: 'paid',
    fromLabel: '送达日期',
    toLabel: '缴款日期',
    mode: 'within',
    length: 15,
    unit: 'statutory',
    party: 'party',
    itemCodes: { PG: 'PG-PROC-24' },
    severity: 'advisory',
  },
  {
    id: 'D-LIC-02',
    label: '受理之日起二十日内作出许可决定（经批准可延长十日）',
    law: '行政许可法',
    article: 42,
    cites: '行政许可法 第四十二条、第八十二条',
    appliesTo: ['LI'],
    from: 'accepted',
    to: 'decision',
    fromLabel: '受理日期',
    toLabel: '决定日期',
    mode: 'within',
    length: 20,
    unit: 'statutory',
    party: 'agency',
    extension: { flag: 'extensionApproved', extraLength: 10, basis: '经本行政机关负责人批准延长' },
    itemCodes: { LI: 'LI-PROC-08' },
    severity: 'deduction',
  },
  {
    id: 'D-LIC-06',
    label: '作出准予许可决定之日起十日内颁发、送达许可证件',
    law: '行政许可法',
    article: 44,
    cites: '行政许可法 第四十四条、第八十二条',
    appliesTo: ['LI'],
    from: 'decision',
    to: 'certificateIssued',
    fromLabel: '决定日期',
    toLabel: '证件颁发日期',
    mode: 'within',
    length: 10,
    unit: 'statutory',
    party: 'agency',
    onlyIf: 'licenceGranted',
    itemCodes: { LI: 'LI-PROC-10' },
    severity: 'deduction',
  },
  {
    id: 'D-LIC-07b',
    label: '收到听证申请后二十日内组织听证',
    law: '行政许可法',
    article: 47,
    cites: '行政许可法 第四十七条、第八十二条',
    appliesTo: ['LI'],
    from: 'hearingRequested',
    to: 'hearing',
    mode: 'within',
    length: 20,
    unit: 'statutory',
    party: 'agency',
    optionalEvent: { field: 'hearingRequested', absentMessage: '未记录听证申请，本项不适用' },
    itemCodes: { LI: 'LI-PROC-07' },
    severity: 'deduction',
  },
  {
    id: 'D-LIC-07c',
    label: '举行听证七日前通知申请人、利害关系人',
    law: '行政许可法',
    article: 48,
    cites: '行政许可法 第四十八条第一款第一项、第八十二条',
    appliesTo: ['LI'],
    from: 'hearingNotice',
    to: 'hearing',
    mode: 'noticeBefore',
    length: 7,
    unit: 'statutory',
    party: 'agency',
    optionalEvent: { field: 'hearing', presenceFlag: 'hearingHeld', absentMessage: '未记录举行听证，本项不适用' },
    itemCodes: { LI: 'LI-PROC-07' },
    severity: 'deduction',
  },
  {
    id: 'D-ENF-02',
    label: '查封、扣押期限不超过三十日（经批准可延长三十日）',
    law: '行政强制法',
    article: 25,
    cites: '行政强制法 第二十五条；检测、检验、检疫或技术鉴定期间不计入（须书面告知，本项未扣除）',
    appliesTo: ['CE-M'],
    from: 'seized',
    to: 'released',
    fromLabel: '查封扣押日期',
    toLabel: '解除或处理决定日期',
    mode: 'within',
    length: 30,
    unit: 'statutory',
    party: 'agency',
    extension: { date: 'seizureExtended', flag: 'extensionApproved', extraLength: 30, basis: '经行政机关负责人批准延长' },
    itemCodes: { 'CE-M': 'CE-PROC-05' },
    severity: 'deduction',
  },
];
