/**
 * The facts as the 关键事实 panel and reviews.correctFacts see them, from the one fact table
 * (./table.ts): FACT_SPECS (the panel's rows), the register's value of a fact, the check of a correction.
 */
import { isIsoDate } from '../calendar/date';
import type { DateField, DossierFacts } from '../rules/types';
import { FACT_TABLE, type FactGroup, type FactKind, type FactRow } from './table';


const CASE_TYPE_OF: Record<string, string> = { P: '行政处罚', L: '行政许可', E: '行政强制', I: '行政检查' };

/** A fact as the panel lists it: a table row with its case types spelled out. */
export interface FactSpec extends Omit<FactRow, 'cases'> {
  kind: FactKind;
  group: FactGroup;
  /** Case types the fact matters for; undefined = all. */
  caseTypes?: readonly string[];
}

/** The facts panel, in display order (grouped by FACT_GROUPS order). */
export const FACT_SPECS: readonly FactSpec[] = Object.freeze(
  FACT_TABLE.map(({ cases, ...row }: FactRow): FactSpec => (cases ? { ...row, caseTypes: [...cases].map((l) => CASE_TYPE_OF[l]) } : row)),
);

export const FACT_SPEC_BY_KEY: ReadonlyMap<string, FactSpec> = new Map(FACT_SPECS.map((s) => [s.key, s]));

/** Pairs of dates where the second cannot come before the first (a correction breaking one is a typo). */
export const DATE_ORDER: readonly (readonly [DateField, DateField])[] = [
  ['notice', 'noticeServed'],
  ['decision', 'decisionServed'],
  ['hearingRequested', 'hearingNotice'],
  ['hearingNotice', 'hearing'],
  ['filed', 'decision'],
  ['filed', 'closed'],
  ['decision', 'closed'],
  ['applied', 'accepted'],
  ['seized', 'released'],
  ['preserved', 'preservationHandled'],
  ['onSpotCollected', 'fineHandedOver'],
  ['fineHandedOver', 'fineBanked'],
  ['renewalApplied', 'renewalDecided'],
  ['frozen', 'freezeHandled'],
  ['substituteReminder', 'substituteExecuted'],
];

/** The fact key of an engine date (the register's field name for a register date, else `dates.<field>`). */
export function factKeyOfDate(field: DateField): string {
  return FACT_SPECS.find((s) => s.engine === `dates.${field}`)!.key;
}

/**
 * Engine fields the rules read that are not correctable in the panel, with the reason. 案件类型 decides
 * the checklist and the reviewer's template, so it is corrected in the register, not here.
 */
export const NOT_CORRECTABLE: Readonly<Partial<Record<keyof DossierFacts, string>>> = { caseType: '案件类型决定评查标准，须在案卷目录（登记表）中更正' };

/** Older override spellings still honoured on read: amounts in yuan, each converted once to the fen fact it names. */
export const LEGACY_FACT_KEYS = { fineYuan: 'fineFen', confiscationYuan: 'confiscationFen' } as const;

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
