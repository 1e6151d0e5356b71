/**
 * The dossier between the register and the reviewer (issue #14). For each fact: the register's value,
 * the value read from the documents (with page and box), and the value the checks use — a reviewer's
 * correction, else the dossier, else the register. A register value the dossier contradicts is itself
 * a finding (登记信息与卷内不一致); a finding that uses a dossier value says where it was read; a
 * required document absent together with an empty register date is a finding under the article that
 * requires the document, not "cannot check"; a 行政强制 row whose 程序类型 an agency system wrote as
 * 一般程序 is read as 强制措施 when the dossier shows a seizure.
 */
import { articleZh } from '../chinese-numerals';
import { documentTitle } from '../documents/catalogue';
import type { DocumentTag, Finding, LawName } from '../rules/types';
import type { DocumentFact } from './readers/documents';
import { FACT_SPEC_BY_KEY, FACT_SPECS, registerValueOf, type FactSpec } from './specs';

export type FactStatus = 'match' | 'differs' | 'register-only' | 'dossier-only';
export type FactSourceKind = 'correction' | 'dossier' | 'register';

export interface FactComparison {
  key: string;
  label: string;
  register: unknown;
  dossier: DocumentFact | null;
  used: unknown;
  /** Where the used value came from; null when nothing is recorded anywhere. */
  source: FactSourceKind | null;
  /** Register against dossier; null when neither has a value. */
  status: FactStatus | null;
}

export const isEmptyValue = (v: unknown): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

const sortedText = (xs: readonly string[]) => JSON.stringify([...xs].map((x) => x.trim()).sort());
const certKey = (s: unknown) => (typeof s === 'string' ? s.normalize('NFKC').replace(/[\s\-]/gu, '').toUpperCase() : '');

/** The register and the dossier say the same (officers: same names, and same numbers where both give one). */
export function sameFactValue(spec: Pick<FactSpec, 'kind' | 'engine'>, a: unknown, b: unknown): boolean {
  switch (spec.kind) {
    case 'date':
      return String(a).slice(0, 10) === String(b).slice(0, 10);
    case 'list':
      return Array.isArray(a) && Array.isArray(b) && sortedText(a as string[]) === sortedText(b as string[]);
    case 'officers': {
      if (!Array.isArray(a) || !Array.isArray(b)) return false;
      const ra = a as { name: string; certNo?: string | null }[];
      const rb = b as { name: string; certNo?: string | null }[];
      if (sortedText(ra.map((o) => o.name)) !== sortedText(rb.map((o) => o.name))) return false;
      return ra.every((o) => {
        const other = rb.find((x) => x.name.trim() === o.name.trim());
        return !o.certNo || !other?.certNo || certKey(o.certNo) === certKey(other.certNo);
      });
    }
    default:
      return a === b;
  }
}

/**
 * Every fact with a value somewhere, register against dossier. `register` holds the register's
 * values as DossierInput fields (what the dossier repository returns), `override` the corrections.
 */
export function compareFacts(register: Readonly<Record<string, unknown>>, override: Readonly<Record<string, unknown>>, dossier: readonly DocumentFact[]): FactComparison[] {
  const read = new Map(dossier.map((f) => [f.key, f]));
  return FACT_SPECS.map((spec) => {
    const reg = registerValueOf(spec, register);
    const doc = read.get(spec.key) ?? null;
    const corrected = Object.hasOwn(override, spec.key);
    const regHas = !isEmptyValue(reg);
    const used = corrected ? override[spec.key] : doc ? doc.value : regHas ? reg : null;
    const source: FactSourceKind | null = corrected ? 'correction' : doc ? 'dossier' : regHas ? 'register' : null;
    const status: FactStatus | null = doc && regHas ? (sameFactValue(spec, reg, doc.value) ? 'match' : 'differs') : doc ? 'dossier-only' : regHas ? 'register-only' : null;
    return { key: spec.key, label: spec.label, register: regHas ? reg : null, dossier: doc, used: used ?? null, source, status };
  });
}

/** The dossier's values by fact key, as engineFacts takes them (precedence: correction, dossier, register). */
export function dossierValues(dossier: readonly DocumentFact[]): Record<string, unknown> {
  return Object.fromEntries(dossier.map((f) => [f.key, f.value]));
}

// ---------------------------------------------------------------------------------------------
// Text: a value as a finding prints it, and where it was read.

/** 2024-05-30 → 2024年5月30日. */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** A fact's value as findings and the CLI's text output print it. */
export function factText(key: string, v: unknown): string {
  const spec = FACT_SPEC_BY_KEY.get(key);
  if (isEmptyValue(v)) return '未记录';
  switch (spec?.kind) {
    case 'date':
      return chineseDate(String(v));
    case 'amount': {
      const yuan = spec.unit === 'fen' ? (v as number) / 100 : (v as number);
      return `${yuan.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}元`;
    }
    case 'flag':
      return v ? '是' : '否';
    case 'list':
      return (v as string[]).join('、');
    case 'officers':
      return (v as { name: string; certNo?: string | null }[]).map((o) => (o.certNo ? `${o.name}（${o.certNo}）` : o.name)).join('、');
    default:
      return String(v);
  }
}

/** `送达回证（第21页）：2024年5月30日` */
export function citation(f: DocumentFact): string {
  return `${f.document}（第${f.page}页）：${factText(f.key, f.value)}`;
}

// ---------------------------------------------------------------------------------------------
// Findings

export const FACT_MISMATCH_RULE = 'FACT-MISMATCH';
export const FACT_MISMATCH_LABEL = '登记信息与卷内不一致';

/** 登记信息与卷内不一致: one finding listing each difference; null when register and dossier agree. */
export function mismatchFinding(comparisons: readonly FactComparison[]): Finding | null {
  const diffs = comparisons.filter((c) => c.status === 'differs' && c.dossier);
  if (!diffs.length) return null;
  const parts = diffs.map((c) => `${c.label}：登记 ${factText(c.key, c.register)}，卷内 ${citation(c.dossier!)}`);
  return {
    ruleId: FACT_MISMATCH_RULE,
    kind: 'violation',
    law: null,
    article: null,
    severity: 'advisory',
    itemCode: null,
    message: `${FACT_MISMATCH_LABEL}（${diffs.length} 项）：${diffs.map((c) => c.label).join('、')}`,
    computation: parts.join('；'),
  };
}

/**
 * Adds to each finding where it read the dossier facts it uses: a fact is "used" by a finding that
 * names its label or prints its value. Facts the checks took from a correction or the register are not cited.
 */
export function citeDossierFacts(findings: readonly Finding[], comparisons: readonly FactComparison[]): Finding[] {
  const used = comparisons.filter((c) => c.source === 'dossier' && c.dossier);
  if (!used.length) return [...findings];
  return findings.map((f) => {
    if (f.ruleId === FACT_MISMATCH_RULE) return f;
    const text = `${f.message}\n${f.computation}`;
    const cites = used.filter((c) => text.includes(c.label) || (typeof c.used === 'string' && c.used.length >= 8 && text.includes(c.used))).map((c) => citation(c.dossier!));
    return cites.length ? { ...f, computation: `${f.computation ? `${f.computation}；` : ''}卷内依据：${cites.join('；')}` } : f;
  });
}

// ---------------------------------------------------------------------------------------------
// 程序类型 from the dossier

const SEIZURE_DOCS = ['SEIZURE_DECISION', 'SEIZURE_LIST', 'SEIZURE_EXTENSION', 'SEIZURE_RELEASE'];
const ENFORCEMENT_DOCS = ['ENFORCEMENT_DECISION', 'REMINDER'];

export interface InferredProcedure {
  procedure: '强制措施' | '强制执行';
  /** Why, in Chinese, for the panel and the findings. */
  reason: string;
}

/**
 * A 行政强制 dossier whose register 程序类型 is not 强制措施/强制执行 (agencies' systems write 一般程序
 * there): 强制措施 when a 查封扣押 date or document is there, 强制执行 when a 催告书 or 强制执行决定书 is.
 */
export function inferProcedure(caseType: string, procedure: string | null, dateSeized: string | null, documents: readonly DocumentTag[] | null): InferredProcedure | null {
  if (caseType !== '行政强制' || procedure === '强制措施' || procedure === '强制执行') return null;
  const was = procedure ? `登记为“${procedure}”` : '登记表未记录';
  if (dateSeized) return { procedure: '强制措施', reason: `程序类型${was}，按查封扣押日期（${chineseDate(dateSeized)}）推定为强制措施` };
  const seizure = documents?.find((d) => SEIZURE_DOCS.includes(d.docType));
  if (seizure) return { procedure: '强制措施', reason: `程序类型${was}，按卷内${documentTitle(seizure.docType)}（第${seizure.page}页）推定为强制措施` };
  const enforcement = documents?.find((d) => ENFORCEMENT_DOCS.includes(d.docType));
  if (enforcement) return { procedure: '强制执行', reason: `程序类型${was}，按卷内${documentTitle(enforcement.docType)}（第${enforcement.page}页）推定为强制执行` };
  return null;
}

// ---------------------------------------------------------------------------------------------
// "Cannot check" that the dossier answers

interface RequiredDocument {
  caseType: string;
  /** Labels of the register dates whose absence the rule reports. */
  labels: readonly string[];
  docs: readonly string[];
  law: LawName;
  article: number;
  message: string;
}

/** A date missing in the register and the document that would carry it missing from the dossier. */
export const REQUIRED_DOCUMENTS: readonly RequiredDocument[] = [
  {
    caseType: '行政处罚',
    labels: ['告知书日期', '告知书送达日期'],
    docs: ['PENALTY_NOTICE'],
    law: '行政处罚法',
    article: 44,
    message: `卷内没有行政处罚事先告知书，登记表也未记录告知日期：作出处罚决定前未告知拟作出的处罚内容及事实、理由、依据和陈述、申辩、要求听证等权利（行政处罚法 ${articleZh(44)}；未告知的，依${articleZh(62)}不得作出行政处罚决定）`,
  },
  {
    caseType: '行政处罚',
    labels: ['立案日期'],
    docs: ['FILING_APPROVAL'],
    law: '行政处罚法',
    article: 54,
    message: `卷内没有立案审批表，登记表也未记录立案日期：未见依法立案（行政处罚法 ${articleZh(54)}）`,
  },
  {
    caseType: '行政处罚',
    labels: ['决定送达日期'],
    docs: ['SERVICE_RECEIPT'],
    law: '行政处罚法',
    article: 61,
    message: `卷内没有送达回证，登记表也未记录决定送达日期：未见行政处罚决定书依法送达（行政处罚法 ${articleZh(61)}）`,
  },
  {
    caseType: '行政强制',
    labels: ['查封扣押日期'],
    docs: ['SEIZURE_DECISION'],
    law: '行政强制法',
    article: 24,
    message: `卷内没有查封扣押决定书，登记表也未记录查封扣押日期：未见制作并当场交付查封、扣押决定书（行政强制法 ${articleZh(24)}）`,
  },
  {
    caseType: '行政许可',
    labels: ['受理日期'],
    docs: ['ACCEPTANCE_NOTICE', 'NON_ACCEPTANCE_DECISION'],
    law: '行政许可法',
    article: 32,
    message: `卷内没有受理或不予受理的书面凭证，登记表也未记录受理日期：未见出具加盖印章并注明日期的书面凭证（行政许可法 ${articleZh(32)}）`,
  },
];

/**
 * Turns "无法检查：缺少 X" into the finding the evidence supports when the dossier's map lacks the
 * document that would carry X (only when a map exists: without files nothing is known to be absent).
 */
export function answerFromAbsence(findings: readonly Finding[], caseType: string, documents: readonly DocumentTag[] | null): Finding[] {
  if (!documents) return [...findings];
  const present = new Set(documents.map((d) => d.docType));
  const raised = new Set<RequiredDocument>();
  const out: Finding[] = [];
  for (const f of findings) {
    const req =
      f.kind === 'cannot_check' && f.message.includes('缺少')
        ? REQUIRED_DOCUMENTS.find((r) => r.caseType === caseType && r.labels.some((l) => f.message.includes(l)) && !r.docs.some((d) => present.has(d)))
        : undefined;
    if (!req) {
      out.push(f);
      continue;
    }
    // One finding per absent document, however many rules wanted its date.
    if (raised.has(req)) continue;
    raised.add(req);
    out.push({
      ...f,
      kind: 'violation',
      law: req.law,
      article: req.article,
      severity: 'deduction',
      message: req.message,
      computation: `文书目录中无${req.docs.map(documentTitle).join('或')}；登记表${req.labels.join('、')}为空（原检查：${f.message}）`,
    });
  }
  return out;
}
