/**
 * The document and discretion checks (必备文书, 立卷顺序, 裁量基准档次) as rules: their descriptors and
 * evaluators. Apart from engine.ts so the settings catalogue can list their switches without a cycle.
 */
import { checkDiscretion } from './discretion';
import { checkFilingOrder, checkRequiredDocuments } from './documents';
import type { CheckRule } from './checks';
import type { Scope } from './types';

const ALL_SCOPES: Scope[] = ['PG', 'PS', 'LI', 'CE-M', 'CE-E', 'IN'];

export const DOC_RULES: Record<string, CheckRule> = {
  'DOC-REQ': {
    descriptor: () => ({
      id: 'DOC-REQ',
      label: '必备文书齐全',
      law: null,
      article: null,
      cites: '领域说明 §3、§7；各类案卷必备文书清单（REQUIRED_DOCUMENTS）',
      appliesTo: ALL_SCOPES,
      itemCodes: { PG: 'PG-DOC-05', PS: 'PS-DOC-01', LI: 'LI-DOC-01', 'CE-M': 'CE-DOC-01', 'CE-E': 'CE-DOC-01', IN: 'IN-DOC-01' },
      severity: 'deduction',
      kind: 'documents',
      computation: '按案卷类别和程序核对必备文书（听证笔录等条件文书仅在记录了相应事实时要求）是否出现在卷内文书标注中；每缺一种为一项发现，评查项目编号见清单',
      configurable: [],
      verify: '缺少文书的判断依赖卷内文书标注完整',
    }),
    evaluate: checkRequiredDocuments,
  },
  'DOC-ORDER': {
    descriptor: (s) => ({
      id: 'DOC-ORDER',
      label: '卷内文书排列符合立卷顺序',
      law: null,
      article: null,
      cites: '领域说明 §7 立卷顺序',
      appliesTo: ['PG', 'PS', 'LI'],
      itemCodes: { PG: 'PG-DOC-06', PS: 'PS-DOC-01', LI: 'LI-DOC-01' },
      severity: 'advisory',
      kind: 'documents',
      computation: `按页码排列的文书应符合标准立卷顺序${s.decisionFirstFiling ? '（决定书在前）' : ''}；同一文书可出现于多个位置（如送达回证）`,
      configurable: ['decisionFirstFiling'],
    }),
    evaluate: checkFilingOrder,
  },
  'DISC-RANGE': {
    descriptor: () => ({
      id: 'DISC-RANGE',
      label: '罚款金额符合裁量基准档次',
      law: '行政处罚法',
      article: 34,
      appliesTo: ['PG', 'PS'],
      itemCodes: { PG: 'PG-DISC-01', PS: 'PS-DISC-01' },
      severity: 'deduction',
      kind: 'discretion',
      computation: '按违法行为编码和情节档次查找裁量基准，罚款金额应在该档次幅度内（含端点）；超出幅度且未记载理由的为发现',
      configurable: ['benchmarks'],
    }),
    evaluate: checkDiscretion,
  },
};

