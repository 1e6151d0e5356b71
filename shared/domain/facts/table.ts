/**
 * THE FACT TABLE (关键事实表): one row per fact a rule reads — its key, its Chinese label (the one the
 * 关键事实 panel and every finding show), its kind and panel group, where the register holds it, and the
 * rule engine's field it feeds. The rule engine's input type (rules/types.ts: DossierDates,
 * DossierFlags, DossierFacts), the rules' labels (rules/labels.ts), the panel and the engine input
 * (engineFacts) are all derived from these rows: a new fact is one row here plus the rule that reads it.
 *
 * Keys (the API's, the panel's and facts_override's, stored flat):
 *  - register facts: the register field (DossierInput: dateDecision, fineFen, officers…; the DB column
 *    date_decision etc. is mapped once in db/repositories/dossiers.ts);
 *  - facts the register has no column for: `dates.<field>` for a date, the engine field otherwise.
 * Pure data: this file imports nothing from the rules, so the rules may import it.
 */
import { CIRCUMSTANCES, PARTY_TYPES, type DossierField } from '../register/columns';

export const FACT_KINDS = ['date', 'amount', 'count', 'text', 'list', 'flag', 'tier', 'choice', 'officers'] as const;
export type FactKind = (typeof FACT_KINDS)[number];
export const FACT_GROUPS = ['日期', '金额与处罚', '人员', '程序标记', '裁量'] as const;
export type FactGroup = (typeof FACT_GROUPS)[number];

/** Case types a fact matters for, as letters: P 处罚, L 许可, E 强制, I 检查 (none = every case type). */
export type CaseLetters = string;

export interface FactRow {
  /** The API / panel / facts_override key. */
  key: string;
  /** Chinese label, shown by the panel and in findings ("无法检查：缺少 决定送达日期"). */
  label: string;
  kind: FactKind;
  group: FactGroup;
  /** register: a register column (a correction overrides the imported value); fact: reviewer-recorded only. */
  source: 'register' | 'fact';
  /** The rule engine's field this feeds (`dates.<field>` for a date). */
  engine: string;
  /** Amounts: the unit the stored number is in (register amounts are in fen, fact-only amounts in yuan). */
  unit?: 'fen' | 'yuan';
  /** tier / choice: the allowed values. */
  options?: readonly string[];
  cases?: CaseLetters;
}

const registerDate = <const K extends DossierField, const F extends string, const L extends string>(key: K, field: F, label: L, cases: string) =>
  ({ key, label, kind: 'date', group: '日期', source: 'register', engine: `dates.${field}` as `dates.${F}`, cases }) as const;
const ruleDate = <const F extends string, const L extends string>(field: F, label: L, cases?: string) =>
  ({ key: `dates.${field}` as `dates.${F}`, label, kind: 'date', group: '日期', source: 'fact', engine: `dates.${field}` as `dates.${F}`, cases }) as const;
const registerFlag = <const K extends DossierField, const L extends string>(key: K, label: L, cases?: string) =>
  ({ key, label, kind: 'flag', group: '程序标记', source: 'register', engine: key, cases }) as const;
const ruleFlag = <const F extends string, const L extends string>(key: F, label: L, cases?: string) =>
  ({ key, label, kind: 'flag', group: '程序标记', source: 'fact', engine: key, cases }) as const;

/** The facts, in the panel's order (grouped by FACT_GROUPS). */
export const FACT_TABLE = [
  // 日期: register columns first, in the order of a case, then the dates only the rules read.
  // 收到申请材料（申请）日期 — 行政许可
  registerDate('dateApplied', 'applied', '申请材料接收日期', 'L'),
  registerDate('dateAccepted', 'accepted', '受理日期', 'L'),
  // 发现（案源登记）日期
  registerDate('dateDiscovered', 'discovered', '发现日期', 'P'),
  registerDate('dateFiled', 'filed', '立案日期', 'P'),
  // 告知书（事先告知书）制作日期
  registerDate('dateNotice', 'notice', '告知书日期', 'P'),
  // 告知书送达日期（行政许可：听证权利告知送达日期）
  registerDate('dateNoticeServed', 'noticeServed', '告知书送达日期', 'PL'),
  registerDate('dateHearingRequested', 'hearingRequested', '听证申请日期', 'PL'),
  registerDate('dateHearingNotice', 'hearingNotice', '听证通知日期', 'PL'),
  registerDate('dateHearing', 'hearing', '听证日期', 'PL'),
  // 决定日期（处罚决定/许可决定）
  registerDate('dateDecision', 'decision', '决定日期', 'PLE'),
  registerDate('dateDecisionServed', 'decisionServed', '决定送达日期', 'PLE'),
  registerDate('datePaid', 'paid', '缴款日期', 'PE'),
  registerDate('dateSeized', 'seized', '查封扣押日期', 'E'),
  // 延长查封扣押期限的批准日期
  registerDate('dateSeizureExtended', 'seizureExtended', '延长查封扣押批准日期', 'E'),
  // 解除查封扣押或作出处理决定的日期
  registerDate('dateReleased', 'released', '解除查封扣押或处理决定日期', 'E'),
  // 催告书送达日期（催告书载明的履行期限届满日：reminderDeadline）
  registerDate('dateReminder', 'reminder', '催告书送达日期', 'E'),
  // 强制执行实施时间（日期，或日期加时刻）
  registerDate('dateEnforced', 'enforced', '强制执行实施时间', 'E'),
  registerDate('dateClosed', 'closed', '结案日期', 'PLEI'),
  // 补正告知日期 — 行政许可
  ruleDate('supplementNotice', '补正告知日期', 'L'),
  // 违法行为发生（连续/继续状态终了）日期
  ruleDate('violationEnded', '违法行为终了日期', 'P'),
  // 先行登记保存日期 / 保存物品处理决定日期
  ruleDate('preserved', '先行登记保存日期', 'P'),
  ruleDate('preservationHandled', '保存物品处理决定日期', 'P'),
  // 许可证件颁发（送达）日期
  ruleDate('certificateIssued', '许可证件颁发日期', 'L'),
  ruleDate('reminderDeadline', '催告履行期限届满日', 'E'),
  // 当场收缴罚款日期 / 交至行政机关日期 / 缴付指定银行日期 — 行政处罚法 第七十一条
  ruleDate('onSpotCollected', '当场收缴罚款日期', 'P'),
  ruleDate('fineHandedOver', '罚款交至行政机关日期', 'P'),
  ruleDate('fineBanked', '罚款缴付指定银行日期', 'P'),
  // 应缴款截止日（经批准暂缓或分期的，为批准的截止日） — 行政处罚法 第六十六条、第七十二条
  ruleDate('paymentDue', '罚款缴纳截止日期', 'PE'),
  // 申请人民法院强制执行日期
  ruleDate('courtApplied', '申请法院强制执行日期', 'PE'),
  // 卷内证据中最晚的取证日期
  ruleDate('lastEvidence', '最晚取证日期', 'P'),
  // 已公开的处罚决定被变更、撤销、确认违法或无效的日期 / 撤下公开信息的日期
  ruleDate('decisionAltered', '处罚决定变更撤销或确认违法无效日期', 'P'),
  ruleDate('publicityWithdrawn', '撤下公开信息日期', 'P'),
  // 下级机关审查完毕、报送上级机关的日期 — 行政许可法 第四十三条
  ruleDate('lowerReviewed', '下级机关审查报送日期', 'L'),
  // 原许可有效期届满日 / 延续申请日期 / 延续决定日期 — 行政许可法 第五十条
  ruleDate('licenceExpiry', '原许可有效期届满日', 'L'),
  ruleDate('renewalApplied', '延续申请日期', 'L'),
  ruleDate('renewalDecided', '延续决定日期', 'L'),
  // 强制措施批准日期 — 行政强制法 第十八条、第十九条
  ruleDate('measureApproved', '强制措施批准日期', 'E'),
  // 查封扣押决定书及清单交付当事人日期 — 行政强制法 第二十四条
  ruleDate('seizureDecisionHanded', '查封扣押决定书及清单交付日期', 'E'),
  // 冻结日期 / 冻结决定书交付当事人日期 / 冻结处理或解除决定日期 — 行政强制法 第三十一条、第三十二条
  ruleDate('frozen', '冻结日期', 'E'),
  ruleDate('freezeDecisionServed', '冻结决定书交付日期', 'E'),
  ruleDate('freezeHandled', '冻结处理或解除决定日期', 'E'),
  // 加处罚款或滞纳金起算日期 — 行政强制法 第四十五条、第四十六条
  ruleDate('surchargeStarted', '加处罚款或滞纳金起算日期', 'PE'),
  // 代履行前催告日期 / 代履行实施日期 — 行政强制法 第五十一条
  ruleDate('substituteReminder', '代履行催告日期', 'E'),
  ruleDate('substituteExecuted', '代履行实施日期', 'E'),
  // Read from the dossier (issue #14): 法制审核意见书 and 集体讨论记录 dates, the 听证告知书's own date —
  // so a rule can set them against the decision date (法制审核、集体讨论 come before the decision).
  ruleDate('legalReviewed', '法制审核日期', 'PLE'),
  ruleDate('collectiveDiscussed', '集体讨论日期', 'P'),
  ruleDate('hearingRightsNotice', '听证告知书日期', 'PL'),
  // 金额与处罚 (register amounts in fen, the engine's too; 加处罚款 is recorded by the reviewer in yuan)
  { key: 'fineFen', label: '罚款金额', kind: 'amount', group: '金额与处罚', source: 'register', engine: 'fineFen', unit: 'fen', cases: 'P' },
  { key: 'confiscationFen', label: '没收金额', kind: 'amount', group: '金额与处罚', source: 'register', engine: 'confiscationFen', unit: 'fen', cases: 'P' },
  // 已加处罚款金额 — 行政处罚法 第七十二条
  { key: 'surchargeYuan', label: '加处罚款金额', kind: 'amount', group: '金额与处罚', source: 'fact', engine: 'surchargeYuan', unit: 'yuan', cases: 'PE' },
  // 处罚种类, e.g. 罚款、没收违法所得、吊销许可证件
  { key: 'penaltyKinds', label: '处罚种类', kind: 'list', group: '金额与处罚', source: 'register', engine: 'penaltyKinds', cases: 'P' },
  // 人员
  { key: 'officers', label: '执法人员信息', kind: 'officers', group: '人员', source: 'register', engine: 'officers' },
  { key: 'partyType', label: '当事人类型', kind: 'choice', group: '人员', source: 'register', engine: 'partyType', options: PARTY_TYPES },
  // 程序标记
  { key: 'procedure', label: '程序类型', kind: 'text', group: '程序标记', source: 'register', engine: 'procedure' },
  // 办案期限延长已经批准（处罚：部门规章规定的延期；许可：负责人批准延长 10 日）
  registerFlag('extensionApproved', '是否经批准延长期限', 'PL'),
  registerFlag('legalReview', '是否经法制审核', 'PLE'),
  registerFlag('collectiveDiscussion', '是否经集体讨论', 'P'),
  // 事先告知书已告知听证权利
  ruleFlag('hearingRightNotified', '是否告知听证权利', 'PL'),
  ruleFlag('hearingHeld', '是否举行听证', 'PL'),
  // 直接关系当事人或者第三人重大权益（行政处罚法 第五十八条第一款第二项，与听证程序同时具备才须法制审核）
  ruleFlag('majorInterests', '是否直接关系当事人或者第三人重大权益', 'P'),
  // 当事人书面放弃陈述申辩（及听证）权利
  ruleFlag('defenceWaived', '当事人是否放弃陈述申辩权利', 'P'),
  // 准予许可（false = 不予许可）
  ruleFlag('licenceGranted', '是否准予许可', 'L'),
  // 情况紧急（行政强制法 第十九条、第四十三条）
  ruleFlag('emergency', '是否情况紧急', 'E'),
  // 违法行为涉及公民生命健康安全、金融安全且有危害后果（处罚法 第三十六条 五年时效）
  ruleFlag('seriousHarm', '是否涉及生命健康安全、金融安全且有危害后果', 'P'),
  // 立案期限经批准延长（部门办案程序规定）
  ruleFlag('filingExtensionApproved', '立案期限是否经批准延长', 'P'),
  // 行政许可由多个部门统一办理、联合办理或集中办理（第四十二条第二款）
  ruleFlag('jointHandling', '是否统一、联合或集中办理', 'L'),
  // 许可期限中扣除了听证、检验、检测、鉴定等时间 / 已书面告知申请人所需时间（第四十五条）
  ruleFlag('licensingTimeExcluded', '是否扣除听证检验鉴定等时间', 'L'),
  ruleFlag('exclusionNotified', '是否书面告知扣除时间', 'L'),
  // 当场收缴罚款：依法给予一百元以下罚款，或不当场收缴事后难以执行 / 边远、水上、交通不便地区当事人提出且缴款确有困难（第六十八条、第六十九条）
  ruleFlag('onSpotGroundRecorded', '是否具备当场收缴的法定情形', 'P'),
  // 强制拆除违法建筑物、构筑物、设施（行政强制法 第四十四条）
  ruleFlag('illegalBuilding', '是否强制拆除违法建筑', 'E'),
  // 九十日办案期限中依部门办案程序规定不计入的天数及事由（中止、听证、公告、检测检验检疫鉴定等） — 行政处罚法 第六十条
  { key: 'excludedDays', label: '不计入办案期限的天数', kind: 'count', group: '程序标记', source: 'fact', engine: 'excludedDays', cases: 'P' },
  { key: 'excludedReason', label: '不计入办案期限的事由', kind: 'text', group: '程序标记', source: 'fact', engine: 'excludedReason', cases: 'P' },
  // 本年度对同一检查对象的行政检查次数（含本次） — 国办发〔2024〕54号
  { key: 'inspectionsThisYear', label: '本年度检查次数', kind: 'count', group: '程序标记', source: 'fact', engine: 'inspectionsThisYear', cases: 'I' },
  // 裁量
  { key: 'violationCode', label: '违法行为编码', kind: 'text', group: '裁量', source: 'register', engine: 'violationCode', cases: 'P' },
  { key: 'circumstance', label: '违法情节档次', kind: 'tier', group: '裁量', source: 'register', engine: 'circumstance', options: CIRCUMSTANCES, cases: 'P' },
  // 决定书或审批表中记载的偏离裁量档次的理由
  { key: 'discretionReason', label: '偏离裁量幅度的理由', kind: 'text', group: '裁量', source: 'fact', engine: 'discretionReason', cases: 'P' },
] as const satisfies readonly FactRow[];

type Row = (typeof FACT_TABLE)[number];
type DateFieldOf<E> = E extends `dates.${infer F}` ? F : never;

/** The engine's date fields (DossierDates keys) and flags (DossierFlags keys), as the table declares them. */
export type TableDateField = DateFieldOf<Extract<Row, { kind: 'date' }>['engine']>;
export type TableFlagField = Extract<Row, { kind: 'flag' }>['engine'];
/** The engine's other fields, with the kind each one has. */
export type TableValueRow = Exclude<Row, { kind: 'date' | 'flag' }>;
