/**
 * Comparing two normalised register rows: a stable content key (hashed by the importer to make
 * re-imports idempotent) and field-by-field differences for the "changed rows" report.
 */
import { DOSSIER_FIELDS, FIELD_LABELS, type DossierField, type DossierInput, type Officer } from './columns';
import { formatFen } from './normalise';

/** Bumped if the key's layout ever changes (stored hashes would then all read as "changed"). */
export const CONTENT_KEY_VERSION = 1;

const NO_EXTRAS: readonly unknown[] = Object.freeze([]);

/**
 * Deterministic serialisation of a record: fields in template order, extras sorted by header. Equal
 * records always give equal keys; any difference in a field or an extra column changes the key.
 * One JSON.stringify over an array of known length (cheaper than pushing; writing the JSON by hand
 * with string concatenation was slower still), and no key list for a row without extras.
 */
export function contentKey(r: DossierInput): string {
  const n = DOSSIER_FIELDS.length;
  const values: unknown[] = new Array(n + 2);
  values[0] = CONTENT_KEY_VERSION;
  for (let i = 0; i < n; i++) values[i + 1] = r[DOSSIER_FIELDS[i]];
  values[n + 1] = hasKeys(r.extra) ? Object.keys(r.extra).sort().map((k) => [k, r.extra[k]]) : NO_EXTRAS;
  return JSON.stringify(values);
}

function hasKeys(o: Record<string, string>): boolean {
  for (const _ in o) return true;
  return false;
}

export interface FieldChange {
  /** DossierInput field name, or `extra:<header>` for a column outside the template. */
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

const formatOfficers = (os: Officer[]): string => os.map((o) => (o.certNo ? `${o.name}（${o.certNo}）` : o.name)).join('、');

/** A field's value as the register would show it (amounts in 元, 是/否, lists joined by 、). */
export function displayField(r: DossierInput, field: DossierField): string | null {
  const v = r[field];
  if (v === null || v === undefined) return null;
  if (field === 'officers') return (v as Officer[]).length ? formatOfficers(v as Officer[]) : null;
  if (field === 'fineFen' || field === 'confiscationFen') return formatFen(v as number);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.length ? v.join('、') : null;
  return String(v);
}

export function diffDossierInputs(before: DossierInput, after: DossierInput): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of DOSSIER_FIELDS) {
    const b = displayField(before, f);
    const a = displayField(after, f);
    if (b !== a) out.push({ field: f, label: FIELD_LABELS[f], before: b, after: a });
  }
  const keys = [...new Set([...Object.keys(before.extra), ...Object.keys(after.extra)])].sort();
  for (const k of keys) {
    const b = before.extra[k] ?? null;
    const a = after.extra[k] ?? null;
    if (b !== a) out.push({ field: `extra:${k}`, label: k, before: b, after: a });
  }
  return out;
}
