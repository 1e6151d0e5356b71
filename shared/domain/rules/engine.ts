/**
 * runRules(facts, context) → { findings, evaluations }: every rule in RULES is evaluated exactly once
 * and reports pass | fail | not_applicable | cannot_check (never a silent pass). Pure.
 */

import { cannotCheck, notApplicable, type Outcome, type RuleContext, type RuleDescriptor, type RuleEnv } from './kit';
import { CHECK_RULES } from './checks';
import { DOC_RULES } from './doc-rules';
import { MORE_CHECK_RULES } from './more-checks';
import { evaluatePeriod, periodDescriptor } from './period-evaluator';
import { PERIOD_RULES } from './period-table';
import { DEFAULT_RULE_SETTINGS, resolveSettings, type RuleSettings } from './settings';
import { settingsUsedText, type SettingOrigin } from './settings-catalogue';
import type { ChecklistType, DossierFacts, Finding, RuleEvaluation, RuleRunResult, Scope } from './types';

interface RuleImpl {
  descriptor: (s: RuleSettings) => RuleDescriptor;
  evaluate: (facts: DossierFacts, env: RuleEnv) => Outcome;
}

const PERIOD_IDS = new Set(PERIOD_RULES.map((r) => r.id));

/**
 * A non-period check as the campaign's switches make it (ruleOverrides; period rules have theirs in
 * periodOverrides, applied by period-evaluator.ts): its severity, and the switch among the values its
 * findings name (shown only when the campaign changed it).
 */
function withOverride(impl: RuleImpl, id: string): RuleImpl {
  if (PERIOD_IDS.has(id)) return impl;
  return {
    descriptor: (s) => {
      const d = impl.descriptor(s);
      const o = s.ruleOverrides[id];
      return { ...d, severity: o?.severity ?? d.severity, configurable: [...d.configurable, `ruleOverrides.${id}`] };
    },
    evaluate: (facts, env) => {
      const o = env.settings.ruleOverrides[id];
      if (o?.enabled === false) return notApplicable('本单位已停用此项检查');
      const out = impl.evaluate(facts, env);
      if (!o?.severity) return out;
      const severity = o.severity;
      return { ...out, findings: out.findings.map((f) => (f.kind === 'violation' ? { ...f, severity } : f)) };
    },
  };
}

const ORDER = [
  'D-PEN-01', 'D-PEN-02', 'D-PEN-03', 'D-PEN-04', 'D-PEN-05', 'D-PEN-06a', 'D-PEN-06b', 'D-PEN-07', 'D-PEN-08', 'D-PEN-09',
  'D-PEN-10a', 'D-PEN-10b', 'D-PEN-11', 'D-PEN-12', 'D-PEN-13', 'D-PEN-14', 'D-PEN-15', 'D-PEN-16a', 'D-PEN-16b',
  'D-PEN-17a', 'D-PEN-17b', 'D-PEN-17c', 'D-PEN-18', 'D-PEN-19', 'D-PEN-20',
  'D-LIC-01', 'D-LIC-02', 'D-LIC-03', 'D-LIC-04', 'D-LIC-05', 'D-LIC-06', 'D-LIC-07a', 'D-LIC-07b', 'D-LIC-07c', 'D-LIC-08a', 'D-LIC-08b',
  'D-ENF-01', 'D-ENF-02', 'D-ENF-03a', 'D-ENF-03b', 'D-ENF-04', 'D-ENF-05', 'D-ENF-06', 'D-ENF-07', 'D-ENF-08', 'D-ENF-09', 'X-ENF-18',
  'D-IN-01',
  'DISC-RANGE', 'DOC-REQ', 'DOC-ORDER',
];

function implementations(): Map<string, RuleImpl> {
  const m = new Map<string, RuleImpl>();
  for (const row of PERIOD_RULES) {
    m.set(row.id, { descriptor: (s) => periodDescriptor(row, s), evaluate: (f, env) => evaluatePeriod(row, f, env) });
  }
  for (const [id, r] of Object.entries(CHECK_RULES)) m.set(id, r);
  for (const [id, r] of Object.entries(MORE_CHECK_RULES)) m.set(id, r);
  for (const [id, r] of Object.entries(DOC_RULES)) m.set(id, r);
  const ids = [...m.keys()];
  const ordered = [...ORDER.filter((id) => m.has(id)), ...ids.filter((id) => !ORDER.includes(id))];
  return new Map(ordered.map((id) => [id, withOverride(m.get(id) as RuleImpl, id)]));
}

const IMPLS = implementations();

/** The rule list with human labels, for the UI (default settings). */
export const RULES: readonly RuleDescriptor[] = [...IMPLS.values()].map((r) => r.descriptor(DEFAULT_RULE_SETTINGS));

/** The rule list as a given office's settings make it (lengths, thresholds in the texts). */
export function describeRules(settings?: Partial<RuleSettings> | null): RuleDescriptor[] {
  const s = resolveSettings(settings);
  return [...IMPLS.values()].map((r) => r.descriptor(s));
}

export function checklistTypeOf(scope: Scope): ChecklistType {
  return scope === 'CE-M' || scope === 'CE-E' ? 'CE' : scope;
}

/** Scope of a dossier, or the reason it cannot be determined. */
export function resolveScope(facts: DossierFacts): { scope: Scope } | { scope: null; reason: 'procedure' | 'type'; family: Scope[] } {
  const p = facts.procedure ?? null;
  switch (facts.caseType) {
    case '行政处罚':
      if (p === '简易程序') return { scope: 'PS' };
      if (p === '一般程序' || p === '普通程序') return { scope: 'PG' };
      return { scope: null, reason: 'procedure', family: ['PG', 'PS'] };
    case '行政许可':
      return { scope: 'LI' };
    case '行政检查':
      return { scope: 'IN' };
    case '行政强制':
      if (p === '强制措施') return { scope: 'CE-M' };
      if (p === '强制执行') return { scope: 'CE-E' };
      return { scope: null, reason: 'procedure', family: ['CE-M', 'CE-E'] };
    default:
      return { scope: null, reason: 'type', family: [] };
  }
}

/** Descriptors depend only on the settings: computed once per settings object, not once per dossier. */
const DEFAULT_DESCRIPTORS = new Map([...IMPLS].map(([id, r]) => [id, r.descriptor(DEFAULT_RULE_SETTINGS)]));
const descriptorCache = new WeakMap<object, { settings: RuleSettings; descriptors: Map<string, RuleDescriptor> }>();

function descriptorsFor(partial: Partial<RuleSettings> | null | undefined): { settings: RuleSettings; descriptors: Map<string, RuleDescriptor> } {
  if (!partial) return { settings: DEFAULT_RULE_SETTINGS, descriptors: DEFAULT_DESCRIPTORS };
  let hit = descriptorCache.get(partial);
  if (!hit) {
    const settings = resolveSettings(partial);
    hit = { settings, descriptors: new Map([...IMPLS].map(([id, r]) => [id, r.descriptor(settings)])) };
    descriptorCache.set(partial, hit);
  }
  return hit;
}

/** Most rules do not apply to a given dossier's scope: one shared outcome per scope (never mutated). */
const NOT_APPLICABLE_IN = new Map<Scope, Outcome>();
function notApplicableIn(scope: Scope): Outcome {
  let o = NOT_APPLICABLE_IN.get(scope);
  if (!o) {
    o = notApplicable(`不适用于本类案卷（${scope}）`);
    NOT_APPLICABLE_IN.set(scope, o);
  }
  return o;
}

/** The "所用参数：…" text per rule, computed once per origins map (one per campaign and 执法领域). */
const usedTextCache = new WeakMap<object, Map<string, string>>();
function usedText(origins: ReadonlyMap<string, SettingOrigin>, settings: RuleSettings, d: RuleDescriptor): string {
  let m = usedTextCache.get(origins);
  if (!m) usedTextCache.set(origins, (m = new Map()));
  let t = m.get(d.id);
  if (t === undefined) {
    t = d.configurable.length ? settingsUsedText(d.configurable, { settings, origins: origins as Map<string, SettingOrigin> }) : '';
    m.set(d.id, t);
  }
  return t;
}

const withNote = (computation: string, note: string) => (note ? (computation ? `${computation}；${note}` : note) : computation);

export function runRules(facts: DossierFacts, context: RuleContext): RuleRunResult {
  const { settings, descriptors } = descriptorsFor(context.settings);
  const origins = context.settingOrigins;
  const resolved = resolveScope(facts);
  const findings: Finding[] = [];
  const evaluations: RuleEvaluation[] = [];
  for (const [id, impl] of IMPLS) {
    const d = descriptors.get(id)!;
    let outcome: Outcome;
    let scope: Scope | null = resolved.scope;
    if (resolved.scope === null) {
      scope = null;
      outcome =
        resolved.reason === 'procedure' && d.appliesTo.some((s) => resolved.family.includes(s))
          ? cannotCheck(`无法检查：缺少 程序类型（${facts.caseType === '行政处罚' ? '普通程序/简易程序' : '强制措施/强制执行'}）`)
          : notApplicable(`不适用于${facts.caseType}案卷`);
    } else if (!d.appliesTo.includes(resolved.scope)) {
      outcome = notApplicableIn(resolved.scope);
    } else {
      const env: RuleEnv = {
        calendar: context.calendar,
        settings,
        scope: resolved.scope,
        documents: context.documents ?? null,
        benchmarks: context.benchmarks ?? null,
      };
      try {
        outcome = impl.evaluate(facts, env);
      } catch (e) {
        outcome = cannotCheck(`无法检查：计算出错（${e instanceof Error ? e.message : String(e)}）`);
      }
    }
    const note = origins && outcome.status !== 'not_applicable' ? usedText(origins, settings, d) : '';
    const ruleFindings: Finding[] = outcome.findings.map((f) => ({
      ruleId: id,
      kind: f.kind,
      law: d.law,
      article: f.article ?? d.article,
      severity: f.severity,
      itemCode: f.itemCode !== undefined ? f.itemCode : scope ? (d.itemCodes[scope] ?? null) : null,
      message: f.message,
      computation: withNote(f.computation, note),
    }));
    findings.push(...ruleFindings);
    evaluations.push({ ruleId: id, label: d.label, status: outcome.status, message: outcome.message, computation: withNote(outcome.computation, note), findings: ruleFindings });
  }
  return { findings, evaluations };
}
