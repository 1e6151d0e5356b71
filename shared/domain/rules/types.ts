/**
 * Types of the automatic checks (自动检查). Pure data shapes; see engine.ts for runRules().
 */

import type { IsoDate } from '../calendar/date';
import type { WorkCalendar } from '../calendar/work-calendar';
import type { RuleSettings } from './settings';
import type { BenchmarkLookup } from './discretion';

export type CaseType = '行政处罚' | '行政许可' | '行政强制' | '行政检查' | '行政征收' | '行政确认' | '行政给付' | '行政裁决' | '其他';
export type Procedure = '一般程序' | '普通程序' | '简易程序' | '强制措施' | '强制执行' | '其他';
export type PartyType = '个人' | '单位';
export type Circumstance = '轻微' | '一般' | '较重' | '严重';
export type LawName = '行政处罚法' | '行政许可法' | '行政强制法';
export type Severity = 'veto' | 'deduction' | 'advisory';
export type RuleStatus = 'pass' | 'fail' | 'not_applicable' | 'cannot_check';

/**
 * Checklist type (brief §3) plus the two sub-kinds of 行政强制: CE-M = 强制措施 (查封扣押/冻结),
 * CE-E = 强制执行. Rules state which of these they apply to.
 */
export type Scope = 'PG' | 'PS' | 'LI' | 'CE-M' | 'CE-E' | 'IN';
export type ChecklistType = 'PG' | 'PS' | 'LI' | 'CE' | 'IN';

export interface Officer {
  name: string;
  /** 执法证号; null/'' = not recorded. */
  certNo?: string | null;
  /** false = certificate known to be invalid/expired on the date of the act. */
  certValid?: boolean | null;
}

/** Every date is YYYY-MM-DD; `enforced` may also carry a time (YYYY-MM-DDTHH:mm or "YYYY-MM-DD HH:mm"). */
export interface DossierDates {
  /** 收到申请材料（申请）日期 — 行政许可 */
  applied?: IsoDate | null;
  /** 补正告知日期 — 行政许可 */
  supplementNotice?: IsoDate | null;
  /** 受理日期 — 行政许可 */
  accepted?: IsoDate | null;
  /** 违法行为发生（连续/继续状态终了）日期 */
  violationEnded?: IsoDate | null;
  /** 发现（案源登记）日期 */
  discovered?: IsoDate | null;
  /** 立案日期 */
  filed?: IsoDate | null;
  /** 先行登记保存日期 / 保存物品处理决定日期 */
  preserved?: IsoDate | null;
  preservationHandled?: IsoDate | null;
  /** 告知书（事先告知书）制作日期 */
  notice?: IsoDate | null;
  /** 告知书送达日期（行政许可：听证权利告知送达日期） */
  noticeServed?: IsoDate | null;
  hearingRequested?: IsoDate | null;
  hearingNotice?: IsoDate | null;
  hearing?: IsoDate | null;
  /** 决定日期（处罚决定/许可决定） */
  decision?: IsoDate | null;
  decisionServed?: IsoDate | null;
  /** 许可证件颁发（送达）日期 */
  certificateIssued?: IsoDate | null;
  paid?: IsoDate | null;
  seized?: IsoDate | null;
  /** 延长查封扣押期限的批准日期 */
  seizureExtended?: IsoDate | null;
  /** 解除查封扣押或作出处理决定的日期 */
  released?: IsoDate | null;
  /** 催告书送达日期 / 催告书载明的履行期限届满日 */
  reminder?: IsoDate | null;
  reminderDeadline?: IsoDate | null;
  /** 强制执行实施时间（日期，或日期加时刻） */
  enforced?: string | null;
  closed?: IsoDate | null;
}

export type DateField = keyof DossierDates;

/** Booleans: true / false / null (= not recorded). */
export interface DossierFlags {
  /** 办案期限延长已经批准（处罚：部门规章规定的延期；许可：负责人批准延长 10 日） */
  extensionApproved?: boolean | null;
  legalReview?: boolean | null;
  collectiveDiscussion?: boolean | null;
  /** 事先告知书已告知听证权利 */
  hearingRightNotified?: boolean | null;
  /** 已举行听证 */
  hearingHeld?: boolean | null;
  /** 当事人书面放弃陈述申辩（及听证）权利 */
  defenceWaived?: boolean | null;
  /** 准予许可（false = 不予许可） */
  licenceGranted?: boolean | null;
  /** 情况紧急（行政强制法 第十九条、第四十三条） */
  emergency?: boolean | null;
  /** 违法行为涉及公民生命健康安全、金融安全且有危害后果（处罚法 第三十六条 五年时效） */
  seriousHarm?: boolean | null;
}

export type FlagField = keyof DossierFlags;

export interface DossierFacts extends DossierFlags {
  caseType: CaseType;
  procedure?: Procedure | null;
  partyType?: PartyType | null;
  officers?: Officer[] | null;
  dates: DossierDates;
  /** 处罚种类, e.g. ['罚款', '没收违法所得', '吊销许可证件'] */
  penaltyKinds?: string[] | null;
  fineYuan?: number | null;
  confiscationYuan?: number | null;
  /** 裁量基准中的违法行为编码 */
  violationCode?: string | null;
  circumstance?: Circumstance | null;
  /** 决定书或审批表中记载的偏离裁量档次的理由 */
  discretionReason?: string | null;
}

/** A document found in the dossier PDF: docType is a catalogue code (e.g. FILING_APPROVAL) or its Chinese title. */
export interface DocumentTag {
  docType: string;
  page: number;
}

export interface RuleContext {
  calendar: WorkCalendar;
  settings?: Partial<RuleSettings>;
  documents?: readonly DocumentTag[] | null;
  benchmarks?: BenchmarkLookup | null;
}

export type FindingKind = 'violation' | 'cannot_check';

export interface Finding {
  ruleId: string;
  kind: FindingKind;
  law: LawName | null;
  /** Article number as an integer (60 = 第六十条). */
  article: number | null;
  severity: Severity;
  itemCode: string | null;
  message: string;
  /** How the result was computed, in Chinese. */
  computation: string;
}

export interface RuleEvaluation {
  ruleId: string;
  label: string;
  status: RuleStatus;
  message: string;
  computation: string;
  findings: Finding[];
}

export interface RuleRunResult {
  findings: Finding[];
  evaluations: RuleEvaluation[];
}
