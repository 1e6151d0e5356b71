/**
 * Values that provinces, ministries or sectors set differently. Defaults are documented here and in
 * docs/rules.md; every value marked (verify) comes from the domain brief's secondary sources and must
 * be confirmed by the organising office — which is why they are data, not constants in the rules.
 */

import type { PartyType, Severity } from './types';
import type { PeriodUnit } from '../calendar/work-calendar';

export type PerParty = Record<PartyType, number>;

/** A non-period check switched off (reported as not_applicable) or made more or less serious. */
export interface RuleOverride {
  enabled?: boolean;
  severity?: Severity;
}

export interface PeriodOverride {
  /** false = rule switched off (reported as not_applicable). */
  enabled?: boolean;
  length?: number;
  /** Extension length (延长期限). */
  extraLength?: number;
  /** Only for periods that are not statutory (the unit of a statutory period is law, see period-law.ts). */
  unit?: PeriodUnit;
  severity?: Severity;
}

export interface RuleSettings {
  /** 简易程序 limits, 行政处罚法 第五十一条: 个人 200 元以下, 单位 3000 元以下 ("以下" includes the number). A 法律 may set others. */
  simpleProcedureMaxFine: PerParty;
  /** Penalty kinds allowed in 简易程序 (第五十一条: 罚款 or 警告). */
  simpleProcedureKinds: string[];
  /** Officers required per act: 行政处罚法 第四十二条 / 行政强制法 第十八条: 2. */
  minOfficers: number;
  /** 简易程序 officers; 2 unless a 法律 provides otherwise (e.g. traffic police) — per sector (verify). */
  simpleProcedureMinOfficers: number;
  /** 较大数额罚款 (第六十三条 hearing right): default 市场监管 10,000 个人 / 100,000 单位 (verify per province/sector). */
  largeFine: PerParty;
  /** 没收较大数额违法所得、较大价值非法财物: default as largeFine (verify). */
  largeConfiscation: PerParty;
  /** Penalty kinds that always carry a hearing right (第六十三条). */
  hearingPenaltyKinds: string[];
  /** 法制审核 (第五十八条) is required at or above these fines (local 重大执法决定 catalogue; verify). */
  legalReviewFine: PerParty;
  legalReviewPenaltyKinds: string[];
  /** 第五十八条第一款第二项: decisions 直接关系当事人或者第三人重大权益 that went through a hearing need 法制审核 (both conditions). */
  legalReviewIfHearingHeld: boolean;
  /** 集体讨论 (第五十七条第二款 情节复杂或者重大违法行为): thresholds per local rule (verify). */
  collectiveDiscussionFine: PerParty;
  collectiveDiscussionPenaltyKinds: string[];
  /** 强制执行 night window (行政强制法 第四十三条): default 22:00–06:00 (verify). Start inclusive, end exclusive. */
  nightWindow: { start: string; end: string };
  /**
   * Days on which 强制执行 is barred (第四十三条 "法定节假日"): 'restDays' = weekends and holidays
   * (make-up working days excepted); 'holidays' = only days off of the holiday notice. (verify)
   */
  enforcementRestDays: 'restDays' | 'holidays';
  /**
   * "…七日前通知" / "送达十日后": 'exclusive' = the N days must elapse in full before the later act
   * (act on the day after the N-th day at the earliest); 'inclusive' = the later act may fall on the
   * N-th day. Default 'exclusive' (verify).
   */
  noticeBeforeConvention: 'exclusive' | 'inclusive';
  /**
   * Unit of the applicant's periods in 行政许可 (5-day hearing request 第四十七条, 30-day renewal 第五十条).
   * 第八十二条 makes only "行政机关实施行政许可的期限" working days, so the applicant's are calendar days.
   */
  licensingApplicantUnit: 'working' | 'calendar';
  /** 追责时效 (第三十六条): 2 years; 5 years for life/health/financial-security cases with harm. */
  limitationYears: number;
  limitationYearsSerious: number;
  /** 行政处罚一般程序 filing order: decision filed right after the catalogue (§7 "decision-first"). */
  decisionFirstFiling: boolean;
  /** Table overrides keyed by rule id (e.g. { 'D-PEN-06': { length: 3 } }). */
  periodOverrides: Record<string, PeriodOverride>;
  /** On/off and severity of the other (non-period) checks, keyed by rule id (e.g. { 'DOC-REQ': { severity: 'advisory' } }). */
  ruleOverrides: Record<string, RuleOverride>;
  /** 加处罚款 per day, percent of the fine (行政处罚法 第七十二条: 3%). */
  surchargeRatePercent: number;
  /** 简易程序 on-the-spot collection without a further ground (第六十八条第一项: 100 元以下). */
  onSpotMaxFine: number;
  /** Published yearly cap of inspections of one enterprise (国办发〔2024〕54号; local value, verify); null = not set. */
  inspectionCapPerYear: number | null;
}

const HEAVY_KINDS = ['降低资质等级', '吊销许可证件', '责令停产停业', '责令关闭', '限制从业'];

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  simpleProcedureMaxFine: { 个人: 200, 单位: 3000 },
  simpleProcedureKinds: ['警告', '罚款'],
  minOfficers: 2,
  simpleProcedureMinOfficers: 2,
  largeFine: { 个人: 10_000, 单位: 100_000 },
  largeConfiscation: { 个人: 10_000, 单位: 100_000 },
  hearingPenaltyKinds: HEAVY_KINDS,
  legalReviewFine: { 个人: 10_000, 单位: 100_000 },
  legalReviewPenaltyKinds: HEAVY_KINDS,
  legalReviewIfHearingHeld: true,
  collectiveDiscussionFine: { 个人: 10_000, 单位: 100_000 },
  collectiveDiscussionPenaltyKinds: HEAVY_KINDS,
  nightWindow: { start: '22:00', end: '06:00' },
  enforcementRestDays: 'restDays',
  noticeBeforeConvention: 'exclusive',
  licensingApplicantUnit: 'calendar',
  limitationYears: 2,
  limitationYearsSerious: 5,
  decisionFirstFiling: false,
  periodOverrides: {},
  ruleOverrides: {},
  surchargeRatePercent: 3,
  onSpotMaxFine: 100,
  inspectionCapPerYear: null,
};

export function resolveSettings(partial?: Partial<RuleSettings> | null): RuleSettings {
  return { ...DEFAULT_RULE_SETTINGS, ...(partial ?? {}) };
}
