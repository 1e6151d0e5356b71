/**
 * Types of the automatic checks (自动检查). Pure data shapes; see engine.ts for runRules().
 */

import type { IsoDate } from '../calendar/date';

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
  /** 立案前的案源（线索）登记日期由 discovered 表示；以下为各规则专用的可选事实（在工作台“更正事实”或 facts_override.dates 中录入）。 */
  /** 当场收缴罚款日期 / 交至行政机关日期 / 缴付指定银行日期 — 行政处罚法 第七十一条 */
  onSpotCollected?: IsoDate | null;
  fineHandedOver?: IsoDate | null;
  fineBanked?: IsoDate | null;
  /** 应缴款截止日（经批准暂缓或分期的，为批准的截止日） — 行政处罚法 第六十六条、第七十二条 */
  paymentDue?: IsoDate | null;
  /** 申请人民法院强制执行日期 */
  courtApplied?: IsoDate | null;
  /** 卷内证据中最晚的取证日期 */
  lastEvidence?: IsoDate | null;
  /** 已公开的处罚决定被变更、撤销、确认违法或无效的日期 / 撤下公开信息的日期 */
  decisionAltered?: IsoDate | null;
  publicityWithdrawn?: IsoDate | null;
  /** 下级机关审查完毕、报送上级机关的日期 — 行政许可法 第四十三条 */
  lowerReviewed?: IsoDate | null;
  /** 原许可有效期届满日 / 延续申请日期 / 延续决定日期 — 行政许可法 第五十条 */
  licenceExpiry?: IsoDate | null;
  renewalApplied?: IsoDate | null;
  renewalDecided?: IsoDate | null;
  /** 强制措施批准日期 — 行政强制法 第十八条、第十九条 */
  measureApproved?: IsoDate | null;
  /** 查封扣押决定书及清单交付当事人日期 — 行政强制法 第二十四条 */
  seizureDecisionHanded?: IsoDate | null;
  /** 冻结日期 / 冻结决定书交付当事人日期 / 冻结处理或解除决定日期 — 行政强制法 第三十一条、第三十二条 */
  frozen?: IsoDate | null;
  freezeDecisionServed?: IsoDate | null;
  freezeHandled?: IsoDate | null;
  /** 加处罚款或滞纳金起算日期 — 行政强制法 第四十五条、第四十六条 */
  surchargeStarted?: IsoDate | null;
  /** 代履行前催告日期 / 代履行实施日期 — 行政强制法 第五十一条 */
  substituteReminder?: IsoDate | null;
  substituteExecuted?: IsoDate | null;
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
  /** 立案期限经批准延长（部门办案程序规定） */
  filingExtensionApproved?: boolean | null;
  /** 行政许可由多个部门统一办理、联合办理或集中办理（第四十二条第二款） */
  jointHandling?: boolean | null;
  /** 许可期限中扣除了听证、检验、检测、鉴定等时间 / 已书面告知申请人所需时间（第四十五条） */
  licensingTimeExcluded?: boolean | null;
  exclusionNotified?: boolean | null;
  /** 当场收缴罚款：依法给予一百元以下罚款，或不当场收缴事后难以执行 / 边远、水上、交通不便地区当事人提出且缴款确有困难（第六十八条、第六十九条） */
  onSpotGroundRecorded?: boolean | null;
  /** 强制拆除违法建筑物、构筑物、设施（行政强制法 第四十四条） */
  illegalBuilding?: boolean | null;
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
  /** 罚款金额 / 没收金额 in integer fen (分); rules compare in fen and show yuan. */
  fineFen?: number | null;
  confiscationFen?: number | null;
  /** 裁量基准中的违法行为编码 */
  violationCode?: string | null;
  circumstance?: Circumstance | null;
  /** 决定书或审批表中记载的偏离裁量档次的理由 */
  discretionReason?: string | null;
  /** 已加处罚款金额（元） — 行政处罚法 第七十二条 */
  surchargeYuan?: number | null;
  /** 本年度对同一检查对象的行政检查次数（含本次） — 国办发〔2024〕54号 */
  inspectionsThisYear?: number | null;
}

/** A document found in the dossier PDF: docType is a catalogue code (e.g. FILING_APPROVAL) or its Chinese title. */
export interface DocumentTag {
  docType: string;
  page: number;
}

export interface BenchmarkTier {
  circumstance: Circumstance;
  /** null = no lower/upper bound stated. 0/0 = no fine in this tier (e.g. 不予处罚). */
  fineMinYuan: number | null;
  fineMaxYuan: number | null;
  /** e.g. 从轻, 一般, 从重 */
  label?: string;
  /** Penalty kinds the tier provides (处罚种类); empty/absent = not stated, not checked. */
  penaltyKinds?: string[];
}

export interface DiscretionBenchmark {
  violationCode: string;
  violationName?: string;
  /** Benchmark document (issuer + 文号 + title). */
  source?: string;
  effectiveFrom?: IsoDate | null;
  effectiveTo?: IsoDate | null;
  tiers: BenchmarkTier[];
}

/** Finds the benchmark for a violation code in force on a date (null when none). */
export type BenchmarkLookup = (violationCode: string, onDate: IsoDate | null) => DiscretionBenchmark | null;

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
