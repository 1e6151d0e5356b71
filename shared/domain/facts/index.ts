/**
 * THE FACT TABLE (关键事实表): every fact the automatic-check rules read, with its Chinese label, kind,
 * panel group and where a reviewer's correction is stored in dossiers.facts_override. Both the rule
 * input (electron/core/checks/facts.ts) and the 关键事实 panel / reviews.correctFacts use this table,
 * so a fact the rules read cannot lack a field in the panel.
 *
 * Keys (the API and flattened override key):
 *  - register fields (DossierInput names: dateDecision, fineFen, officers…) — override replaces the imported value;
 *  - fact-only names the register has no column for (the DossierFlags, discretionReason, surchargeYuan,
 *    inspectionsThisYear) — stored at the top level of facts_override;
 *  - `dates.<DossierDates field>` for rule-only dates — stored in facts_override.dates.
 * The date and flag rows are derived from the rules' DATE_LABELS / FLAG_LABELS, so a date or flag the
 * rules add appears here without an edit.
 */
import { isIsoDate } from '../calendar/date';
import { CIRCUMSTANCES, FIELD_LABELS, PARTY_TYPES, type DossierField } from '../register/columns';
import { DATE_LABELS, FLAG_LABELS, OTHER_LABELS } from '../rules/labels';
import type { DateField, DossierFacts, FlagField } from '../rules/types';

export type FactKind = 'date' | 'amount' | 'count' | 'text' | 'list' | 'flag' | 'tier' | 'choice' | 'officers';
export const FACT_KINDS = ['date', 'amount', 'count', 'text', 'list', 'flag', 'tier', 'choice', 'officers'] as const satisfies readonly FactKind[];
export const FACT_GROUPS = ['日期', '金额与处罚', '人员', '程序标记', '裁量'] as const;
export type FactGroup = (typeof FACT_GROUPS)[number];

/** Case types a fact matters for; the panel lists the others only on request. P 处罚, L 许可, E 强制, I 检查. */
type CaseLetter = 'P' | 'L' | 'E' | 'I';
const CASE_TYPE_OF: Record<CaseLetter, string> = { P: '行政处罚', L: '行政许可', E: '行政强制', I: '行政检查' };

export interface FactSpec {
  key: string;
  label: string;
  kind: FactKind;
  group: FactGroup;
  /** register: a register column; fact: top-level fact-only key; date: facts_override.dates.<field>. */
  source: 'register' | 'fact' | 'date';
  /** The rule engine's field this feeds (`dates.x` for a date). */
  engine: string;
  /** Amounts: the unit the stored number is in (register amounts are in fen, fact-only amounts in yuan). */
  unit?: 'fen' | 'yuan';
  /** tier / choice: the allowed values. */
  options?: readonly string[];
  /** Case types the fact matters for; undefined = all. */
  caseTypes?: readonly string[];
}

const cases = (letters: string): string[] => [...letters].map((l) => CASE_TYPE_OF[l as CaseLetter]);

/** Register date columns → engine dates (in the order of a case). */
export const REGISTER_DATES: readonly [DossierField, DateField, string][] = [
  ['dateApplied', 'applied', 'L'],
  ['dateAccepted', 'accepted', 'L'],
  ['dateDiscovered', 'discovered', 'P'],
  ['dateFiled', 'filed', 'P'],
  ['dateNotice', 'notice', 'P'],
  ['dateNoticeServed', 'noticeServed', 'PL'],
  ['dateHearingRequested', 'hearingRequested', 'PL'],
  ['dateHearingNotice', 'hearingNotice', 'PL'],
  ['dateHearing', 'hearing', 'PL'],
  ['dateDecision', 'decision', 'PLE'],
  ['dateDecisionServed', 'decisionServed', 'PLE'],
  ['datePaid', 'paid', 'PE'],
  ['dateSeized', 'seized', 'E'],
  ['dateSeizureExtended', 'seizureExtended', 'E'],
  ['dateReleased', 'released', 'E'],
  ['dateReminder', 'reminder', 'E'],
  ['dateEnforced', 'enforced', 'E'],
  ['dateClosed', 'closed', 'PLEI'],
];

/** Case types of the rule-only dates; a date the rules add later shows for every case type. */
const DATE_CASES: Partial<Record<DateField, string>> = {
  supplementNotice: 'L',
  violationEnded: 'P',
  preserved: 'P',
  preservationHandled: 'P',
  certificateIssued: 'L',
  reminderDeadline: 'E',
  onSpotCollected: 'P',
  fineHandedOver: 'P',
  fineBanked: 'P',
  paymentDue: 'PE',
  courtApplied: 'PE',
  lastEvidence: 'P',
  decisionAltered: 'P',
  publicityWithdrawn: 'P',
  lowerReviewed: 'L',
  licenceExpiry: 'L',
  renewalApplied: 'L',
  renewalDecided: 'L',
  measureApproved: 'E',
  seizureDecisionHanded: 'E',
  frozen: 'E',
  freezeDecisionServed: 'E',
  freezeHandled: 'E',
  surchargeStarted: 'PE',
  substituteReminder: 'E',
  substituteExecuted: 'E',
};

const REGISTER_FLAGS: readonly FlagField[] = ['extensionApproved', 'legalReview', 'collectiveDiscussion'];
const FLAG_CASES: Partial<Record<FlagField, string>> = {
  extensionApproved: 'PL',
  legalReview: 'PLE',
  collectiveDiscussion: 'P',
  hearingRightNotified: 'PL',
  hearingHeld: 'PL',
  defenceWaived: 'P',
  licenceGranted: 'L',
  emergency: 'E',
  seriousHarm: 'P',
  filingExtensionApproved: 'P',
  jointHandling: 'L',
  licensingTimeExcluded: 'L',
  exclusionNotified: 'L',
  onSpotGroundRecorded: 'P',
  illegalBuilding: 'E',
};

const withCases = (spec: FactSpec, letters: string | undefined): FactSpec => (letters ? { ...spec, caseTypes: cases(letters) } : spec);

const registerDates = REGISTER_DATES.map(([key, field, letters]) =>
  withCases({ key, label: FIELD_LABELS[key], kind: 'date', group: '日期', source: 'register', engine: `dates.${field}` }, letters),
);
const mappedDates = new Set<string>(REGISTER_DATES.map(([, field]) => field));
const ruleOnlyDates = (Object.keys(DATE_LABELS) as DateField[])
  .filter((f) => !mappedDates.has(f))
  .map((f) => withCases({ key: `dates.${f}`, label: DATE_LABELS[f], kind: 'date', group: '日期', source: 'date', engine: `dates.${f}` }, DATE_CASES[f]));
const flags = (Object.keys(FLAG_LABELS) as FlagField[]).map((f) =>
  withCases(
    { key: f, label: REGISTER_FLAGS.includes(f) ? FIELD_LABELS[f as DossierField] : FLAG_LABELS[f], kind: 'flag', group: '程序标记', source: REGISTER_FLAGS.includes(f) ? 'register' : 'fact', engine: f },
    FLAG_CASES[f],
  ),
);

/** The facts panel, in display order (grouped by FACT_GROUPS order). */
export const FACT_SPECS: readonly FactSpec[] = Object.freeze(
  [
    ...registerDates,
    ...ruleOnlyDates,
    { key: 'fineFen', label: `${FIELD_LABELS.fineFen}（元）`, kind: 'amount', group: '金额与处罚', source: 'register', engine: 'fineFen', unit: 'fen', caseTypes: cases('P') },
    { key: 'confiscationFen', label: `${FIELD_LABELS.confiscationFen}（元）`, kind: 'amount', group: '金额与处罚', source: 'register', engine: 'confiscationFen', unit: 'fen', caseTypes: cases('P') },
    { key: 'surchargeYuan', label: `${OTHER_LABELS.surchargeYuan}（元）`, kind: 'amount', group: '金额与处罚', source: 'fact', engine: 'surchargeYuan', unit: 'yuan', caseTypes: cases('PE') },
    { key: 'penaltyKinds', label: FIELD_LABELS.penaltyKinds, kind: 'list', group: '金额与处罚', source: 'register', engine: 'penaltyKinds', caseTypes: cases('P') },
    { key: 'officers', label: '承办人（执法证号）', kind: 'officers', group: '人员', source: 'register', engine: 'officers' },
    { key: 'partyType', label: FIELD_LABELS.partyType, kind: 'choice', group: '人员', source: 'register', engine: 'partyType', options: PARTY_TYPES },
    { key: 'procedure', label: FIELD_LABELS.procedure, kind: 'text', group: '程序标记', source: 'register', engine: 'procedure' },
    ...flags,
    { key: 'inspectionsThisYear', label: OTHER_LABELS.inspectionsThisYear, kind: 'count', group: '程序标记', source: 'fact', engine: 'inspectionsThisYear', caseTypes: cases('I') },
    { key: 'violationCode', label: FIELD_LABELS.violationCode, kind: 'text', group: '裁量', source: 'register', engine: 'violationCode', caseTypes: cases('P') },
    { key: 'circumstance', label: FIELD_LABELS.circumstance, kind: 'tier', group: '裁量', source: 'register', engine: 'circumstance', options: CIRCUMSTANCES, caseTypes: cases('P') },
    { key: 'discretionReason', label: '偏离裁量幅度的理由', kind: 'text', group: '裁量', source: 'fact', engine: 'discretionReason', caseTypes: cases('P') },
  ].sort((a, b) => FACT_GROUPS.indexOf(a.group as FactGroup) - FACT_GROUPS.indexOf(b.group as FactGroup)) as FactSpec[],
);

export const FACT_SPEC_BY_KEY: ReadonlyMap<string, FactSpec> = new Map(FACT_SPECS.map((s) => [s.key, s]));

/**
 * Engine fields the rules read that are not correctable in the panel, with the reason. 案件类型 decides
 * the checklist and the reviewer's template, so it is corrected in the register, not here.
 */
export const NOT_CORRECTABLE: Readonly<Partial<Record<keyof DossierFacts, string>>> = { caseType: '案件类型决定评查标准，须在案卷目录（登记表）中更正' };

/** Older override spellings facts.ts still honours (amounts in yuan under the engine's names). */
export const LEGACY_FACT_KEYS = ['fineYuan', 'confiscationYuan'] as const;

/** A fact-only or derived value as the register implies it (the panel's "登记值"). */
export function registerValueOf(spec: FactSpec, register: Readonly<Record<string, unknown>>): unknown {
  if (spec.source === 'register') return register[spec.key] ?? null;
  // The register records a hearing only by its date; a hearing date means it was held.
  if (spec.key === 'hearingHeld') return register.dateHearing ? true : null;
  return null;
}

/** Date, or date and time of day (强制执行实施时间 may carry the hour). */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):[0-5]\d$/;
const MAX_TEXT = 1000;

export type FactCheck = { ok: true; value: unknown } | { ok: false; message: string };

/** Checks one correction against its kind; the message names the field in Chinese. null = "未记录". */
export function checkFactValue(spec: FactSpec, value: unknown): FactCheck {
  const bad = (why: string): FactCheck => ({ ok: false, message: `${spec.label}：${why}` });
  if (value === null) return { ok: true, value: null };
  switch (spec.kind) {
    case 'date': {
      if (typeof value !== 'string') return bad('应为 YYYY-MM-DD 格式的日期');
      const v = value.trim();
      if (v === '') return { ok: true, value: null };
      const withTime = spec.engine === 'dates.enforced' ? DATE_TIME.exec(v) : null;
      if (isIsoDate(v) || (withTime && isIsoDate(withTime[1]))) return { ok: true, value: v };
      return bad(`“${v}”不是有效日期，请按 YYYY-MM-DD 填写真实存在的日期。`);
    }
    case 'amount': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad(`“${String(value)}”不是有效金额`);
      if (value < 0) return bad(`金额不能为负数（${spec.unit === 'fen' ? value / 100 : value} 元）`);
      if (spec.unit === 'fen' && !Number.isInteger(value)) return bad('金额以分为单位，须为整数');
      if (spec.unit === 'yuan' && Math.abs(value * 100 - Math.round(value * 100)) > 1e-6) return bad('金额最多精确到分');
      return { ok: true, value };
    }
    case 'count':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return bad(`“${String(value)}”不是有效次数（应为不小于 0 的整数）`);
      return { ok: true, value };
    case 'flag':
      return typeof value === 'boolean' ? { ok: true, value } : bad('应为 是、否 或 未记录');
    case 'tier':
    case 'choice': {
      const v = typeof value === 'string' ? value.trim() : value;
      if (v === '') return { ok: true, value: null };
      if (typeof v !== 'string' || !spec.options?.includes(v)) return bad(`“${String(value)}”不是可选值（应为 ${spec.options?.join('、')} 之一）`);
      return { ok: true, value: v };
    }
    case 'text': {
      if (typeof value !== 'string') return bad('应为文字');
      const v = value.trim();
      if (v.length > MAX_TEXT) return bad(`不能超过 ${MAX_TEXT} 个字`);
      return { ok: true, value: v === '' ? null : v };
    }
    case 'list': {
      if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) return bad('应为用顿号分隔的若干项');
      const items = value.map((x) => (x as string).trim()).filter(Boolean);
      if (items.some((x) => x.length > 50)) return bad('每项不能超过 50 个字');
      return { ok: true, value: items };
    }
    case 'officers': {
      if (!Array.isArray(value)) return bad('应为承办人列表');
      const out: { name: string; certNo: string | null; certValid?: boolean }[] = [];
      for (const o of value as unknown[]) {
        const rec = (o ?? {}) as Record<string, unknown>;
        const name = typeof rec.name === 'string' ? rec.name.trim() : '';
        if (!name) return bad('承办人姓名不能为空');
        const certNo = typeof rec.certNo === 'string' && rec.certNo.trim() !== '' ? rec.certNo.trim() : null;
        // certValid=false: the certificate was invalid on the date of the act (a rule reads it).
        out.push(typeof rec.certValid === 'boolean' ? { name, certNo, certValid: rec.certValid } : { name, certNo });
      }
      return { ok: true, value: out };
    }
  }
}
