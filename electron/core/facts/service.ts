/**
 * The facts of a dossier (关键事实): the register's values beside the reviewer's corrections, as the
 * 关键事实 panel shows them, and the corrections themselves (checked, kept minimal, audited). The
 * automatic checks read the same corrections through dossierFacts (./dossier-facts.ts).
 */
import { dossierRepository } from '../../../db/repositories/dossiers';
import { reviewRepository } from '../../../db/repositories/reviews';
import type { FactsView } from '../../../shared/api/namespaces/reviews';
import { citation, checkFactValue, compareFacts, inferProcedure, normaliseProcedure, DATE_ORDER, FACT_SPEC_BY_KEY, FACT_SPECS, factKeyOfDate, registerValueOf } from '../../../shared/domain/facts';
import { dossierReader } from './document-facts';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';
import type { ActingAs } from '../review/service';
import { dossierWorkGuard } from '../session/dossier-access';

/** DATE_ORDER as fact keys (the register's name for a register date). */
const DATE_KEY_ORDER = DATE_ORDER.map(([first, second]) => [factKeyOfDate(first), factKeyOfDate(second)] as const);

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export interface FactCorrection {
  dossierId: string;
  changes: Record<string, unknown>;
  reset: readonly string[];
}

export function factService(ctx: CoreContext) {
  const dossiers = dossierRepository(ctx.db);
  const reviews = reviewRepository(ctx.db);

  const readDossier = dossierReader(ctx.read);
  const mustMayWorkOnDossier = dossierWorkGuard(ctx.read);

  const factsOf = (dossierId: string): { view: FactsView; register: Record<string, unknown>; override: Record<string, unknown> } => {
    const d = dossiers.get(dossierId);
    if (!d) throw notFound('案卷', dossierId);
    const dossier = d as unknown as Record<string, unknown>;
    const override = d.factsOverride;
    // The register's value for every fact key (fact-only keys: null, or what the register implies).
    const register: Record<string, unknown> = Object.fromEntries(FACT_SPECS.map((f) => [f.key, registerValueOf(f, dossier)]));
    // What the dossier's own documents state (issue #14): precedence correction → dossier → register.
    const reading = readDossier(dossierId);
    const compared = new Map(compareFacts(dossier, override, reading?.facts ?? []).map((c) => [c.key, c]));
    const seized = compared.get('dateSeized')?.used;
    const inferred = Object.hasOwn(override, 'procedure')
      ? null
      : inferProcedure(d.caseType, normaliseProcedure(d.procedure), typeof seized === 'string' ? seized : null, reading?.tags ?? null);
    const fields = FACT_SPECS.map((f) => {
      const registerValue = register[f.key] as FactsView['fields'][number]['registerValue'];
      const corrected = Object.hasOwn(override, f.key);
      const c = compared.get(f.key)!;
      const read = c.dossier;
      const inferredHere = f.key === 'procedure' && inferred && !corrected;
      return {
        key: f.key,
        label: f.label,
        kind: f.kind,
        group: f.group,
        ...(f.options ? { options: [...f.options] } : {}),
        ...(f.unit ? { unit: f.unit } : {}),
        relevant: !f.caseTypes || f.caseTypes.includes(d.caseType),
        registerValue,
        value: (inferredHere ? inferred.procedure : corrected ? override[f.key] : read ? read.value : registerValue) as typeof registerValue,
        corrected,
        dossier: read
          ? {
              value: read.value as typeof registerValue,
              document: read.document,
              docType: read.docType,
              page: read.page,
              fileId: read.fileId,
              filePage: read.filePage,
              box: read.box,
              line: read.line,
              citation: citation(read),
            }
          : null,
        source: c.source,
        status: c.status,
      };
    });
    return {
      view: {
        dossierId,
        caseNo: d.caseNo,
        caseType: d.caseType,
        fields,
        dossierRead: reading ? { pages: reading.pages, pagesUnread: reading.pagesUnread } : null,
        procedureInferred: inferred ? { procedure: inferred.procedure, reason: inferred.reason } : null,
      },
      register,
      override,
    };
  };

  /** The 关键事实 panel of a dossier. */
  const view = (dossierId: string): FactsView => factsOf(dossierId).view;

  /** Applies corrections and resets; a value equal to the register's is no correction. Audited. */
  const correct = ({ dossierId, changes, reset }: FactCorrection, by: string | ActingAs): FactsView =>
    ctx.tx(() => {
      const { actor, reviewer } = typeof by === 'string' ? { actor: by, reviewer: undefined } : by;
      // The facts are what the dossier's reviewers found in it: theirs to correct (with a session chosen; docs/roles.md).
      mustMayWorkOnDossier(dossierId, reviewer, '更正关键事实');
      const { register, override } = factsOf(dossierId);
      const unknown = (key: string) => new AppError('invalid_argument', `未知的案卷事实字段：${key}`, { field: key });
      for (const key of reset) if (!FACT_SPEC_BY_KEY.has(key)) throw unknown(key);
      const entries: [string, unknown][] = [];
      for (const [key, raw] of Object.entries(changes)) {
        const spec = FACT_SPEC_BY_KEY.get(key);
        if (!spec) throw unknown(key);
        const checked = checkFactValue(spec, raw);
        if (!checked.ok) throw new AppError('invalid_argument', checked.message, { field: key });
        entries.push([key, checked.value]);
      }
      const next: Record<string, unknown> = { ...override };
      for (const key of reset) delete next[key];
      for (const [key, v] of entries) {
        // A "correction" back to the register value is no correction: keep the override minimal.
        if (sameValue(v, register[key])) delete next[key];
        else next[key] = v;
      }
      const effective = (k: string) => (Object.hasOwn(next, k) ? next[k] : register[k]) as string | null | undefined;
      const touched = new Set([...entries.map(([k]) => k), ...reset]);
      for (const [first, second] of DATE_KEY_ORDER) {
        if (!touched.has(first) && !touched.has(second)) continue;
        const a = effective(first);
        const b = effective(second);
        if (a && b && b < a) {
          const la = FACT_SPEC_BY_KEY.get(first)!.label;
          const lb = FACT_SPEC_BY_KEY.get(second)!.label;
          throw new AppError('invalid_argument', `${lb}（${b}）早于${la}（${a}），不可能发生，请核对。`, { field: touched.has(second) ? second : first });
        }
      }
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const key of new Set([...Object.keys(override), ...Object.keys(next)])) {
        if (sameValue(override[key], next[key]) && Object.hasOwn(override, key) === Object.hasOwn(next, key)) continue;
        before[key] = Object.hasOwn(override, key) ? override[key] : { register: register[key] ?? null };
        after[key] = Object.hasOwn(next, key) ? next[key] : { register: register[key] ?? null };
      }
      if (Object.keys(after).length) {
        reviews.setFactsOverride(dossierId, next);
        ctx.audit({ actor, action: 'correct_facts', entity: 'dossier', entityId: dossierId, before, after });
      }
      return factsOf(dossierId).view;
    });

  return { view, correct };
}

export type FactService = ReturnType<typeof factService>;
