/**
 * Types of the automatic checks (自动检查). Pure data shapes; see engine.ts for runRules().
 */

import type { IsoDate } from '../calendar/date';
import type { TableDateField, TableFlagField, TableValueRow } from '../facts/table';

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

/**
 * The facts a rule reads are declared once, in the fact table (shared/domain/facts/table.ts); these
 * types are derived from it. Every date is YYYY-MM-DD; `enforced` may also carry a time
 * (YYYY-MM-DDTHH:mm or "YYYY-MM-DD HH:mm"). null = not recorded.
 */
export type DossierDates = { [F in TableDateField]?: (F extends 'enforced' ? string : IsoDate) | null };

export type DateField = keyof DossierDates;

/** Booleans: true / false / null (= not recorded). */
export type DossierFlags = { [F in TableFlagField]?: boolean | null };

export type FlagField = keyof DossierFlags;

/** The engine type of each other kind of fact (procedure, party type and tier are closed lists). */
interface ValueOfKind {
  amount: number;
  count: number;
  text: string;
  list: string[];
  tier: Circumstance;
  choice: PartyType;
  officers: Officer[];
}
type TableValues = { [R in TableValueRow as R['engine']]?: ValueOfKind[R['kind']] | null };

export type DossierFacts = DossierFlags &
  Omit<TableValues, 'procedure'> & {
    caseType: CaseType;
    procedure?: Procedure | null;
    dates: DossierDates;
  };

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
