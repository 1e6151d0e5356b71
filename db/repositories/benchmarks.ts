/** The discretion benchmark library (benchmark_docs → benchmark_items → benchmark_tiers). */
import type { z } from 'zod';
import type { BenchmarkDoc, BenchmarkItemRow } from '../../shared/api/namespaces/benchmarks';
import { TIER_LABELS, UNIT_LABELS, type BenchmarkRangeUnit, type BenchmarkTierCode, type ParsedBenchmarkItem } from '../../shared/domain/benchmarks';
import type { ReadableDB, WritableDB } from '../handles';
import { newId } from '../util';

export type BenchmarkItem = z.infer<typeof BenchmarkItemRow>;

export interface NewBenchmarkDoc {
  id: string;
  issuer: string;
  docNo: string | null;
  title: string;
  region: string | null;
  sector: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  isExample: boolean;
  createdAt: string;
}

const DOC_SELECT = `SELECT d.id, d.issuer, d.doc_no AS docNo, d.title, d.region, d.sector, d.effective_from AS effectiveFrom,
       d.effective_to AS effectiveTo, d.is_example AS isExample, d.created_at AS createdAt,
       (SELECT COUNT(*) FROM benchmark_items i WHERE i.doc_id = d.id) AS items,
       (SELECT COUNT(*) FROM benchmark_tiers t JOIN benchmark_items i ON i.id = t.item_id WHERE i.doc_id = d.id) AS tiers
  FROM benchmark_docs d`;

type DocRow = Omit<BenchmarkDoc, 'isExample'> & { isExample: number };
const toDoc = (r: DocRow): BenchmarkDoc => ({ ...r, isExample: r.isExample === 1 });

type ItemRow = { id: string; code: string; violationName: string; violatedProvision: string | null; penaltyProvision: string | null; rangeUnit: BenchmarkRangeUnit };
type TierRow = { tier: BenchmarkTierCode; circumstance: string | null; conditions: string; fineMin: number | null; fineMax: number | null; kinds: string };

export function benchmarkReads(db: ReadableDB) {
  const list = db.prepare(`${DOC_SELECT} ORDER BY d.is_example, d.effective_from DESC, d.created_at DESC`);
  const get = db.prepare(`${DOC_SELECT} WHERE d.id = ?`);
  const items = db.prepare(
    `SELECT id, code, violation_name AS violationName, violated_provision AS violatedProvision, penalty_provision AS penaltyProvision,
            range_unit AS rangeUnit FROM benchmark_items WHERE doc_id = ? ORDER BY code`,
  );
  const tiers = db.prepare(
    `SELECT tier, circumstance, conditions_text AS conditions, fine_min AS fineMin, fine_max AS fineMax, penalty_types AS kinds
       FROM benchmark_tiers WHERE item_id = ? ORDER BY rowid`,
  );
  return {
    list: (): BenchmarkDoc[] => (list.all() as DocRow[]).map(toDoc),
    get: (id: string): BenchmarkDoc | undefined => {
      const r = get.get(id) as DocRow | undefined;
      return r && toDoc(r);
    },
    /** A document's violations in code order, each with its tiers in table order. */
    items: (docId: string): BenchmarkItem[] =>
      (items.all(docId) as ItemRow[]).map((i) => ({
        ...i,
        rangeUnitLabel: UNIT_LABELS[i.rangeUnit] ?? i.rangeUnit,
        tiers: (tiers.all(i.id) as TierRow[]).map((t) => ({
          tier: t.tier,
          tierLabel: TIER_LABELS[t.tier],
          circumstance: t.circumstance,
          conditions: t.conditions,
          fineMin: t.fineMin,
          fineMax: t.fineMax,
          penaltyKinds: JSON.parse(t.kinds) as string[],
        })),
      })),
  };
}

export function benchmarkRepository(db: WritableDB) {
  const insertDoc = db.prepare(
    `INSERT INTO benchmark_docs (id, issuer, doc_no, title, region, sector, effective_from, effective_to, is_example, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertItem = db.prepare(
    `INSERT INTO benchmark_items (id, doc_id, code, violation_name, violated_provision, penalty_provision, range_min, range_max, range_unit)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTier = db.prepare(
    `INSERT INTO benchmark_tiers (id, item_id, tier, circumstance, conditions_text, fine_min, fine_max, penalty_types)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const remove = db.prepare('DELETE FROM benchmark_docs WHERE id = ?');
  return {
    ...benchmarkReads(db),
    /** The document with its items and tiers; call inside one transaction. */
    insert: (d: NewBenchmarkDoc, items: readonly ParsedBenchmarkItem[]): void => {
      insertDoc.run(d.id, d.issuer, d.docNo, d.title, d.region, d.sector, d.effectiveFrom, d.effectiveTo, d.isExample ? 1 : 0, d.createdAt);
      for (const item of items) {
        const itemId = newId();
        insertItem.run(itemId, d.id, item.code, item.violationName, item.violatedProvision, item.penaltyProvision, item.rangeMin, item.rangeMax, item.rangeUnit);
        for (const t of item.tiers) insertTier.run(newId(), itemId, t.tier, t.circumstance, t.conditions, t.fineMin, t.fineMax, JSON.stringify(t.penaltyKinds));
      }
    },
    remove: (id: string): number => remove.run(id).changes,
  };
}
