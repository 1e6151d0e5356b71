/**
 * The benchmark library in the store: import (read with the register reader → parse → one
 * transaction with its audit entry), list, items, remove. A file with any error stores nothing.
 */
import type Database from 'better-sqlite3';
import { newId, nowIso } from '../../../db/util';
import type { BenchmarkDoc, BenchmarkImportResult } from '../../../shared/api/namespaces/benchmarks';
import { parseBenchmarkTable, TIER_LABELS, UNIT_LABELS, type BenchmarkRangeUnit, type BenchmarkTierCode } from '../../../shared/domain/benchmarks';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';
import { readRegisterFile } from '../import';

export interface BenchmarkImportInput {
  name: string;
  dataBase64: string;
  sheet?: string;
  issuer: string;
  title: string;
  docNo?: string;
  region?: string;
  sector?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
  isExample: boolean;
}

const DOC_SELECT = `SELECT d.id, d.issuer, d.doc_no AS docNo, d.title, d.region, d.sector, d.effective_from AS effectiveFrom,
       d.effective_to AS effectiveTo, d.is_example AS isExample, d.created_at AS createdAt,
       (SELECT COUNT(*) FROM benchmark_items i WHERE i.doc_id = d.id) AS items,
       (SELECT COUNT(*) FROM benchmark_tiers t JOIN benchmark_items i ON i.id = t.item_id WHERE i.doc_id = d.id) AS tiers
  FROM benchmark_docs d`;

type DocRow = Omit<BenchmarkDoc, 'isExample'> & { isExample: number };
const toDoc = (r: DocRow): BenchmarkDoc => ({ ...r, isExample: r.isExample === 1 });

export function listBenchmarkDocs(db: Database.Database): BenchmarkDoc[] {
  return (db.prepare(`${DOC_SELECT} ORDER BY d.is_example, d.effective_from DESC, d.created_at DESC`).all() as DocRow[]).map(toDoc);
}

function getDoc(db: Database.Database, id: string): BenchmarkDoc | undefined {
  const r = db.prepare(`${DOC_SELECT} WHERE d.id = ?`).get(id) as DocRow | undefined;
  return r && toDoc(r);
}

export async function importBenchmarkTable(ctx: CoreContext, input: BenchmarkImportInput, actor: string): Promise<BenchmarkImportResult> {
  const bytes = Buffer.from(input.dataBase64, 'base64');
  const file = await readRegisterFile({ name: input.name, bytes }, { sheet: input.sheet ?? null });
  if (file.errors.length) return { doc: null, rows: 0, errors: file.errors };
  const parsed = parseBenchmarkTable(file, input.name);
  if (parsed.errors.length) return { doc: null, rows: parsed.rows, errors: parsed.errors };

  const docId = newId();
  const isExample = input.isExample || /示例|example/i.test(input.name) || /示例/.test(input.title);
  ctx.tx(() => {
    const db = ctx.db;
    db.prepare(
      `INSERT INTO benchmark_docs (id, issuer, doc_no, title, region, sector, effective_from, effective_to, is_example, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(docId, input.issuer, input.docNo || null, input.title, input.region || null, input.sector || null, input.effectiveFrom ?? null, input.effectiveTo ?? null, isExample ? 1 : 0, nowIso());
    const insItem = db.prepare(
      `INSERT INTO benchmark_items (id, doc_id, code, violation_name, violated_provision, penalty_provision, range_min, range_max, range_unit)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insTier = db.prepare(
      `INSERT INTO benchmark_tiers (id, item_id, tier, circumstance, conditions_text, fine_min, fine_max, penalty_types)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const item of parsed.items) {
      const itemId = newId();
      insItem.run(itemId, docId, item.code, item.violationName, item.violatedProvision, item.penaltyProvision, item.rangeMin, item.rangeMax, item.rangeUnit);
      for (const t of item.tiers) insTier.run(newId(), itemId, t.tier, t.circumstance, t.conditions, t.fineMin, t.fineMax, JSON.stringify(t.penaltyKinds));
    }
    ctx.audit({
      actor,
      action: 'import_benchmarks',
      entity: 'benchmark_doc',
      entityId: docId,
      after: { file: input.name, title: input.title, issuer: input.issuer, items: parsed.items.length, rows: parsed.rows, isExample, sha256: file.sha256 },
    });
  });
  return { doc: getDoc(ctx.db, docId)!, rows: parsed.rows, errors: [] };
}

export function benchmarkItems(db: Database.Database, docId: string) {
  if (!getDoc(db, docId)) throw notFound('裁量基准', docId);
  const items = db
    .prepare(
      `SELECT id, code, violation_name AS violationName, violated_provision AS violatedProvision, penalty_provision AS penaltyProvision,
              range_unit AS rangeUnit FROM benchmark_items WHERE doc_id = ? ORDER BY code`,
    )
    .all(docId) as { id: string; code: string; violationName: string; violatedProvision: string | null; penaltyProvision: string | null; rangeUnit: BenchmarkRangeUnit }[];
  const tiersOf = db.prepare(
    `SELECT tier, circumstance, conditions_text AS conditions, fine_min AS fineMin, fine_max AS fineMax, penalty_types AS kinds
       FROM benchmark_tiers WHERE item_id = ? ORDER BY rowid`,
  );
  return items.map((i) => ({
    ...i,
    rangeUnitLabel: UNIT_LABELS[i.rangeUnit] ?? i.rangeUnit,
    tiers: (tiersOf.all(i.id) as { tier: BenchmarkTierCode; circumstance: string | null; conditions: string; fineMin: number | null; fineMax: number | null; kinds: string }[]).map(
      (t) => ({ tier: t.tier, tierLabel: TIER_LABELS[t.tier], circumstance: t.circumstance, conditions: t.conditions, fineMin: t.fineMin, fineMax: t.fineMax, penaltyKinds: JSON.parse(t.kinds) as string[] }),
    ),
  }));
}

export function removeBenchmarkDoc(ctx: CoreContext, docId: string, actor: string): { docId: string } {
  return ctx.tx(() => {
    const before = getDoc(ctx.db, docId);
    if (!before) throw notFound('裁量基准', docId);
    const n = ctx.db.prepare('DELETE FROM benchmark_docs WHERE id = ?').run(docId).changes;
    if (n !== 1) throw new AppError('internal', '删除裁量基准失败。');
    ctx.audit({ actor, action: 'remove_benchmarks', entity: 'benchmark_doc', entityId: docId, before });
    return { docId };
  });
}
