/**
 * The rule engine's input for one dossier, derived row by row from the fact table: the register's
 * value of each fact, a reviewer's correction (facts_override, flat keys) winning where there is one.
 * null = "not recorded", which the rules report as cannot_check.
 */
import type { DossierFacts, Officer, Procedure } from '../rules/types';
import { FACT_SPECS, LEGACY_FACT_KEYS, registerValueOf, type FactSpec } from './specs';

type Rec = Record<string, unknown>;

/** Register spellings of 程序类型 → the engine's procedure values. */
const PROCEDURE_ALIASES: Record<string, Procedure> = {
  一般程序: '一般程序',
  普通程序: '普通程序',
  简易程序: '简易程序',
  强制措施: '强制措施',
  行政强制措施: '强制措施',
  查封扣押: '强制措施',
  强制执行: '强制执行',
  行政强制执行: '强制执行',
};

export function normaliseProcedure(v: unknown): Procedure | null {
  if (typeof v !== 'string' || v.trim() === '') return null;
  return PROCEDURE_ALIASES[v.trim()] ?? '其他';
}

function officersOf(v: unknown): Officer[] | null {
  if (!Array.isArray(v)) return null;
  return (v as Rec[]).map((o) => {
    const out: Officer = { name: String(o.name ?? ''), certNo: typeof o.certNo === 'string' ? o.certNo : null };
    if (typeof o.certValid === 'boolean') out.certValid = o.certValid;
    return out;
  });
}

/** A stored value as the engine takes it ('' and absent dates are "not recorded"). */
function engineValue(spec: FactSpec, v: unknown): unknown {
  if (spec.engine === 'procedure') return normaliseProcedure(v);
  switch (spec.kind) {
    case 'date':
      return v === '' || v === undefined ? null : v;
    case 'officers':
      return officersOf(v);
    case 'list':
      return Array.isArray(v) ? v : null;
    default:
      return v ?? null;
  }
}

/** An older override's amount in yuan (LEGACY_FACT_KEYS) → integer fen. */
const yuanToFen = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) : null);

/**
 * The engine's facts: `register` is the dossier as imported (DossierInput fields), `override` the
 * reviewer's corrections keyed as the fact table keys them, `dossier` the values read from the
 * dossier's documents (issue #14), also by fact key.
 */
export function engineFacts(register: Readonly<Rec>, override: Readonly<Rec>, dossier: Readonly<Rec> = {}): DossierFacts {
  // The register as the dossier and the reviewer correct it: a derived fact (hearingHeld from the
  // hearing date) follows a corrected date. Precedence: correction, then dossier, then register.
  const corrected: Rec = { ...register };
  for (const spec of FACT_SPECS) {
    if (spec.source !== 'register') continue;
    if (Object.hasOwn(override, spec.key)) corrected[spec.key] = override[spec.key];
    else if (Object.hasOwn(dossier, spec.key)) corrected[spec.key] = dossier[spec.key];
  }

  const dates: Rec = {};
  const facts: Rec = { caseType: register.caseType, dates };
  for (const spec of FACT_SPECS) {
    const chosen = Object.hasOwn(override, spec.key) ? override[spec.key] : Object.hasOwn(dossier, spec.key) ? dossier[spec.key] : registerValueOf(spec, corrected);
    const value = engineValue(spec, chosen);
    if (spec.engine.startsWith('dates.')) dates[spec.engine.slice('dates.'.length)] = value;
    else facts[spec.engine] = value;
  }
  for (const [legacy, key] of Object.entries(LEGACY_FACT_KEYS)) if (Object.hasOwn(override, legacy)) facts[key] = yuanToFen(override[legacy]);
  return facts as unknown as DossierFacts;
}
