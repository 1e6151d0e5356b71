/** Small helpers shared by the rules: fact access, outcomes, rule descriptors. */

import { isIsoDate, type IsoDate } from '../calendar/date';
import type { WorkCalendar } from '../calendar/work-calendar';
import { DATE_LABELS, FLAG_LABELS } from './labels';
import type { RuleSettings } from './settings';
import type { SettingOrigin } from './settings-catalogue';
import type {
  BenchmarkLookup,
  DateField,
  DocumentTag,
  DossierFacts,
  FlagField,
  LawName,
  RuleStatus,
  Scope,
  Severity,
} from './types';

/** What runRules needs beside the facts: the working-day calendar and, optionally, settings, documents and benchmarks. */
export interface RuleContext {
  calendar: WorkCalendar;
  settings?: Partial<RuleSettings>;
  documents?: readonly DocumentTag[] | null;
  benchmarks?: BenchmarkLookup | null;
  /**
   * Where each catalogue value of `settings` came from (默认 / 本活动设置 / 本活动设置（领域）). When
   * given, every finding's computation ends with the values its rule used and their origin.
   */
  settingOrigins?: ReadonlyMap<string, SettingOrigin>;
}

export type RuleKind = 'period' | 'check' | 'documents' | 'discretion';

/** What the UI lists for each rule (RULES). */
export interface RuleDescriptor {
  id: string;
  label: string;
  law: LawName | null;
  article: number | null;
  /** Other provisions the rule relies on, as text. */
  cites?: string;
  appliesTo: Scope[];
  itemCodes: Partial<Record<Scope, string>>;
  /** Severity of a failure (a cannot-check result is always advisory). */
  severity: Severity;
  kind: RuleKind;
  /** The computation, in Chinese. */
  computation: string;
  /** Names of RuleSettings keys (or "periodOverrides.<id>") that change this rule. */
  configurable: string[];
  verify?: string;
}

export interface RuleEnv {
  calendar: WorkCalendar;
  settings: RuleSettings;
  scope: Scope;
  documents: readonly DocumentTag[] | null;
  benchmarks: BenchmarkLookup | null;
}

export interface OutcomeFinding {
  kind: 'violation' | 'cannot_check';
  severity: Severity;
  message: string;
  computation: string;
  itemCode?: string | null;
  article?: number | null;
}

export interface Outcome {
  status: RuleStatus;
  message: string;
  computation: string;
  findings: OutcomeFinding[];
}

export const pass = (message: string, computation = ''): Outcome => ({ status: 'pass', message, computation, findings: [] });

export const notApplicable = (message: string): Outcome => ({ status: 'not_applicable', message, computation: '', findings: [] });

export function fail(
  message: string,
  computation: string,
  severity: Severity,
  extra: Partial<Pick<OutcomeFinding, 'itemCode' | 'article'>> = {},
): Outcome {
  return { status: 'fail', message, computation, findings: [{ kind: 'violation', severity, message, computation, ...extra }] };
}

export function cannotCheck(message: string, computation = ''): Outcome {
  const msg = message.startsWith('无法检查') ? message : `无法检查：${message}`;
  return { status: 'cannot_check', message: msg, computation, findings: [{ kind: 'cannot_check', severity: 'advisory', message: msg, computation }] };
}

export function missing(labels: string[]): Outcome {
  return cannotCheck(`无法检查：缺少 ${labels.join('、')}`);
}

export type DateRead = { ok: true; value: IsoDate } | { ok: false; outcome: Outcome; absent: boolean };

/** Reads a date fact; absent → "缺少 X"; malformed → "X 格式无效". */
export function readDate(facts: DossierFacts, field: DateField): DateRead {
  let v = facts.dates?.[field];
  // `enforced` may carry the time of day (D-ENF-04); date rules read its date part.
  if (field === 'enforced' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) v = v.slice(0, 10);
  if (v === null || v === undefined || v === '') return { ok: false, absent: true, outcome: missing([DATE_LABELS[field]]) };
  if (!isIsoDate(v)) {
    return { ok: false, absent: false, outcome: cannotCheck(`无法检查：${DATE_LABELS[field]} 格式无效（${String(v)}，应为 YYYY-MM-DD）`) };
  }
  return { ok: true, value: v };
}

/** Reads several dates; reports every missing one in one message. */
export function readDates<F extends DateField>(
  facts: DossierFacts,
  fields: readonly F[],
): { ok: true; values: Record<F, IsoDate> } | { ok: false; outcome: Outcome } {
  const values = {} as Record<F, IsoDate>;
  const absent: string[] = [];
  for (const f of fields) {
    const r = readDate(facts, f);
    if (r.ok) values[f] = r.value;
    else if (r.absent) absent.push(DATE_LABELS[f]);
    else return { ok: false, outcome: r.outcome };
  }
  if (absent.length > 0) return { ok: false, outcome: missing(absent) };
  return { ok: true, values };
}

export function flag(facts: DossierFacts, f: FlagField): boolean | null {
  const v = facts[f];
  return typeof v === 'boolean' ? v : null;
}

export function flagLabel(f: FlagField): string {
  return FLAG_LABELS[f];
}

export function yuan(n: number): string {
  return `${n} 元`;
}

/**
 * Money: the facts carry integer fen; settings and benchmarks state yuan. Rules compare in fen and
 * turn fen into yuan only for the text they show.
 */
export const toFen = (yuanAmount: number): number => Math.round(yuanAmount * 100);
export const fenToYuan = (fen: number): number => fen / 100;
export const fenText = (fen: number): string => yuan(fenToYuan(fen));
