/**
 * The catalogue of standard documents (文书) found in administrative-enforcement dossiers, with the
 * title variants used by different systems and provinces, and the canonical filing order (立卷顺序)
 * for 行政处罚一般程序 (domain brief §7). Pure data: used by the title detector, the document map
 * and the checklist rules.
 */

export type DocumentCategory = 'filing' | 'investigation' | 'evidence' | 'coercion' | 'decision' | 'service' | 'execution' | 'licensing' | 'inspection';

export interface DocumentType {
  /** Stable code stored in document_tags.doc_type. */
  code: string;
  /** Canonical Chinese title. */
  title: string;
  /** Other titles for the same document (synonyms, provincial variants, older forms). */
  variants: readonly string[];
  category: DocumentCategory;
}

/** Code for a reviewer-entered document that is not in the catalogue (title is free text). */
export const OTHER_DOCUMENT_CODE = 'OTHER';

export const DOCUMENT_TYPES: readonly DocumentType[] = [
  // 卷宗 / 立卷
  { code: 'COVER', title: '卷宗封面', variants: ['案卷封面', '封面', '行政处罚案卷', '行政执法案卷', '行政许可案卷', '行政强制案卷', '行政检查案卷'], category: 'filing' },
  { code: 'CATALOGUE', title: '卷内目录', variants: ['卷内文件目录', '案卷目录', '目录'], category: 'filing' },
  { code: 'RECORD_SHEET', title: '备考表', variants: ['卷内备考表', '案卷备考表'], category: 'filing' },

  // 立案与调查
  { code: 'CASE_SOURCE', title: '案件来源登记表', variants: ['案源登记表', '案件来源登记', '案件线索登记表', '线索登记表', '案件线索核查表', '线索核查表', '案件来源登记审批表'], category: 'investigation' },
  { code: 'FILING_APPROVAL', title: '立案审批表', variants: ['立案呈批表', '立案登记表', '行政处罚立案审批表', '案件立案审批表', '立案审批'], category: 'investigation' },
  { code: 'INQUIRY_RECORD', title: '询问笔录', variants: ['调查询问笔录', '询问调查笔录', '调查笔录'], category: 'investigation' },
  { code: 'SITE_INSPECTION_RECORD', title: '现场检查笔录', variants: ['勘验笔录', '现场勘验笔录', '现场检查勘验笔录', '现场笔录', '现场检查记录'], category: 'investigation' },
  { code: 'EVIDENCE', title: '证据材料', variants: ['证据登记表', '证据登记', '证据清单', '证据目录', '证据材料登记表', '证据材料清单', '证据提取单'], category: 'evidence' },
  { code: 'PRESERVATION_NOTICE', title: '先行登记保存通知书', variants: ['证据先行登记保存通知书', '先行登记保存证据通知书', '先行登记保存决定书', '证据先行登记保存决定书', '先行登记保存物品清单'], category: 'evidence' },
  { code: 'SUSPENSION_APPROVAL', title: '中止审批表', variants: ['案件中止审批表', '中止调查审批表'], category: 'investigation' },
  { code: 'EXTENSION_APPROVAL', title: '延期审批表', variants: ['案件延期审批表', '延长办案期限审批表', '延期办理审批表', '延长期限审批表'], category: 'investigation' },
  { code: 'INVESTIGATION_REPORT', title: '调查终结报告', variants: ['案件调查终结报告', '调查终结审批表', '案件调查终结审批表'], category: 'investigation' },
  { code: 'LEGAL_REVIEW', title: '法制审核意见书', variants: ['法制审核意见', '法制审核表', '法制审核意见表', '重大执法决定法制审核意见书', '法制审核记录', '法制审核审批表'], category: 'decision' },
  { code: 'COLLECTIVE_DISCUSSION', title: '集体讨论记录', variants: ['案件集体讨论记录', '重大案件集体讨论记录', '集体讨论笔录', '案件集体讨论笔录', '案审会会议记录', '案件审理委员会会议记录'], category: 'decision' },

  // 行政强制措施
  { code: 'SEIZURE_DECISION', title: '查封扣押决定书', variants: ['实施行政强制措施决定书', '查封决定书', '扣押决定书', '查封扣押财物决定书'], category: 'coercion' },
  { code: 'SEIZURE_LIST', title: '查封扣押清单', variants: ['查封扣押财物清单', '场所设施财物清单', '查封清单', '扣押清单', '查封财物清单', '扣押财物清单'], category: 'coercion' },
  // 延长查封、扣押期限 (行政强制法 第二十五条): the extension is itself a written decision served on the party
  { code: 'SEIZURE_EXTENSION', title: '延长查封扣押决定书', variants: ['延长查封扣押期限决定书', '延长行政强制措施期限决定书', '延长查封期限决定书', '延长扣押期限决定书'], category: 'coercion' },
  { code: 'SEIZURE_RELEASE', title: '解除查封扣押决定书', variants: ['解除行政强制措施决定书', '解除查封决定书', '解除扣押决定书', '解除查封扣押通知书'], category: 'coercion' },
  // 查封扣押 also ends by 没收 or 销毁 (行政强制法 第二十七条)
  { code: 'CONFISCATION_DECISION', title: '没收决定书', variants: ['没收物品决定书', '没收财物决定书', '没收非法财物决定书'], category: 'coercion' },
  { code: 'DESTRUCTION_DECISION', title: '销毁决定书', variants: ['销毁物品决定书', '物品销毁决定书', '销毁财物决定书'], category: 'coercion' },

  // 告知、陈述申辩、听证
  { code: 'PENALTY_NOTICE', title: '行政处罚事先告知书', variants: ['行政处罚告知书', '事先告知书', '处罚事先告知书', '行政处罚意见告知书'], category: 'decision' },
  { code: 'DEFENCE_RECORD', title: '陈述申辩笔录', variants: ['陈述申辩记录', '陈述申辩书', '陈述申辩材料', '陈述申辩复核意见书'], category: 'decision' },
  { code: 'HEARING_RIGHTS_NOTICE', title: '听证告知书', variants: ['行政处罚听证告知书', '听证权利告知书', '行政许可听证告知书'], category: 'decision' },
  { code: 'HEARING_APPLICATION', title: '听证申请书', variants: ['行政处罚听证申请书'], category: 'decision' },
  { code: 'HEARING_NOTICE', title: '听证通知书', variants: ['行政处罚听证通知书', '举行听证通知书', '听证会通知书'], category: 'decision' },
  { code: 'HEARING_RECORD', title: '听证笔录', variants: ['听证会笔录', '行政处罚听证笔录'], category: 'decision' },
  { code: 'HEARING_REPORT', title: '听证报告', variants: ['听证报告书', '听证意见书', '行政处罚听证报告'], category: 'decision' },

  // 决定
  { code: 'DECISION_APPROVAL', title: '行政处罚决定审批表', variants: ['处罚决定审批表', '行政处罚审批表', '行政处罚呈批表', '案件处理审批表', '行政处罚决定呈批表'], category: 'decision' },
  { code: 'PENALTY_DECISION', title: '行政处罚决定书', variants: ['处罚决定书'], category: 'decision' },
  { code: 'ONSPOT_DECISION', title: '当场行政处罚决定书', variants: ['当场处罚决定书', '行政处罚决定书当场', '行政处罚决定书简易程序', '简易程序行政处罚决定书'], category: 'decision' },

  // 送达与执行
  { code: 'SERVICE_RECEIPT', title: '送达回证', variants: ['送达回执', '文书送达回证', '法律文书送达回证'], category: 'service' },
  { code: 'PAYMENT_VOUCHER', title: '缴款凭证', variants: ['罚没款收据', '罚没款缴款书', '缴款书', '非税收入一般缴款书', '非税收入缴款书', '罚款收据', '罚没款缴款凭证'], category: 'execution' },
  { code: 'REMINDER', title: '催告书', variants: ['履行催告书', '行政处罚决定履行催告书', '催告通知书', '行政强制执行催告书'], category: 'execution' },
  { code: 'ENFORCEMENT_APPLICATION', title: '强制执行申请书', variants: ['行政强制执行申请书', '申请强制执行书', '申请人民法院强制执行申请书'], category: 'execution' },
  { code: 'ENFORCEMENT_DECISION', title: '行政强制执行决定书', variants: ['强制执行决定书'], category: 'execution' },
  { code: 'CLOSING_REPORT', title: '结案报告', variants: ['结案审批表', '案件结案报告', '结案审批报告', '行政处罚结案报告', '案件结案审批表'], category: 'execution' },

  // 行政许可
  { code: 'APPLICATION', title: '申请书', variants: ['行政许可申请书', '许可申请书', '申请表', '行政许可申请表'], category: 'licensing' },
  { code: 'ACCEPTANCE_NOTICE', title: '受理通知书', variants: ['行政许可受理通知书', '受理决定书', '行政许可受理决定书'], category: 'licensing' },
  { code: 'SUPPLEMENT_NOTICE', title: '补正材料通知书', variants: ['补正通知书', '补正申请材料通知书', '材料补正通知书', '申请材料补正告知书', '一次性补正告知书'], category: 'licensing' },
  { code: 'NON_ACCEPTANCE_DECISION', title: '不予受理决定书', variants: ['不予受理通知书', '行政许可不予受理决定书'], category: 'licensing' },
  { code: 'VERIFICATION_RECORD', title: '核查笔录', variants: ['现场核查笔录', '实地核查笔录', '核查记录', '现场核查记录'], category: 'licensing' },
  { code: 'LICENCE_GRANT', title: '准予行政许可决定书', variants: ['准予许可决定书', '行政许可决定书', '准予行政许可通知书'], category: 'licensing' },
  { code: 'LICENCE_REFUSAL', title: '不予行政许可决定书', variants: ['不予许可决定书', '不予行政许可通知书'], category: 'licensing' },

  // 行政检查
  { code: 'INSPECTION_APPROVAL', title: '行政检查审批表', variants: ['检查审批表', '行政检查呈批表'], category: 'inspection' },
  { code: 'INSPECTION_NOTICE', title: '行政检查通知书', variants: ['检查通知书'], category: 'inspection' },
  { code: 'INSPECTION_RESULT_NOTICE', title: '检查结果告知书', variants: ['行政检查结果告知书', '检查结果通知书', '行政检查结果通知书'], category: 'inspection' },
];

const BY_CODE = new Map(DOCUMENT_TYPES.map((d) => [d.code, d]));

export function documentTypeByCode(code: string): DocumentType | undefined {
  return BY_CODE.get(code);
}

/** The canonical title for a code (the code itself when unknown). */
export function documentTitle(code: string): string {
  return BY_CODE.get(code)?.title ?? code;
}

/**
 * One step of a filing order: the documents (codes) that belong at this position. `optional`
 * documents only appear in some cases (hearings, seizures…); `decisionFirst` marks the slot used
 * only by systems that file the decision right after the catalogue.
 */
export interface FilingOrderStep {
  step: number;
  label: string;
  codes: readonly string[];
  optional?: boolean;
  decisionFirst?: boolean;
}

/**
 * Canonical filing order for 行政处罚一般程序 (domain brief §7). Local standards differ (e.g. whether
 * the decision goes first, sub-files for internal documents): treat this as the default and let the
 * organiser's configuration override it.
 */
export const PG_FILING_ORDER: readonly FilingOrderStep[] = [
  { step: 1, label: '卷宗封面', codes: ['COVER'] },
  { step: 2, label: '卷内目录', codes: ['CATALOGUE'] },
  { step: 3, label: '行政处罚决定书（决定书在前的立卷方式）', codes: ['PENALTY_DECISION'], optional: true, decisionFirst: true },
  { step: 4, label: '案件来源登记/线索核查', codes: ['CASE_SOURCE'] },
  { step: 5, label: '立案审批表', codes: ['FILING_APPROVAL'] },
  { step: 6, label: '询问笔录/现场检查（勘验）笔录', codes: ['INQUIRY_RECORD', 'SITE_INSPECTION_RECORD'] },
  { step: 7, label: '证据材料', codes: ['EVIDENCE'] },
  { step: 8, label: '先行登记保存/查封扣押文书及解除', codes: ['PRESERVATION_NOTICE', 'SEIZURE_DECISION', 'SEIZURE_LIST', 'SEIZURE_RELEASE', 'CONFISCATION_DECISION', 'DESTRUCTION_DECISION'], optional: true },
  { step: 9, label: '中止/延期审批', codes: ['SUSPENSION_APPROVAL', 'EXTENSION_APPROVAL'], optional: true },
  { step: 10, label: '调查终结报告', codes: ['INVESTIGATION_REPORT'] },
  { step: 11, label: '法制审核意见', codes: ['LEGAL_REVIEW'], optional: true },
  { step: 12, label: '集体讨论记录', codes: ['COLLECTIVE_DISCUSSION'], optional: true },
  { step: 13, label: '行政处罚事先告知书及送达回证', codes: ['PENALTY_NOTICE', 'SERVICE_RECEIPT'] },
  { step: 14, label: '陈述申辩笔录/材料、复核意见', codes: ['DEFENCE_RECORD'], optional: true },
  { step: 15, label: '听证告知/申请/通知/笔录/报告', codes: ['HEARING_RIGHTS_NOTICE', 'HEARING_APPLICATION', 'HEARING_NOTICE', 'HEARING_RECORD', 'HEARING_REPORT'], optional: true },
  { step: 16, label: '行政处罚决定审批表', codes: ['DECISION_APPROVAL'] },
  { step: 17, label: '行政处罚决定书及送达回证', codes: ['PENALTY_DECISION', 'SERVICE_RECEIPT'] },
  { step: 18, label: '缴款凭证/罚没物品处理/延期分期审批/催告/强制执行申请', codes: ['PAYMENT_VOUCHER', 'REMINDER', 'ENFORCEMENT_APPLICATION', 'ENFORCEMENT_DECISION'], optional: true },
  { step: 19, label: '结案报告', codes: ['CLOSING_REPORT'] },
  { step: 20, label: '备考表', codes: ['RECORD_SHEET'] },
];
