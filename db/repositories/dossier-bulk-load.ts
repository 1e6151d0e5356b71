/**
 * Bulk loading register rows into an empty dossiers table. Each of the table's secondary indexes
 * (list, closing date, the wide search index) costs a B-tree insert per row in an order the rows do
 * not arrive in; together they made a 50,000-row import's inserts cost about three times the bare
 * insert. When the table holds no row yet, the import drops them inside its transaction and builds
 * each once after the last row (CREATE INDEX sorts once). A rollback or a crash restores them with
 * everything else, since DDL is transactional in SQLite.
 *
 * The indexes are rebuilt from their own stored definitions (sqlite_master), so this follows whatever
 * the migrations define. UNIQUE indexes and the table's own constraints stay: they are what reports
 * a duplicate case number.
 */
import type { WritableDB } from '../handles';

export interface DeferredIndexes {
  /** Rebuilds the dropped indexes; call before the transaction commits. */
  rebuild(): void;
  readonly names: readonly string[];
}

/**
 * Drops the dossiers table's non-unique secondary indexes when the table is empty and the caller is
 * inside a transaction; null (nothing changed) otherwise.
 */
export function deferDossierIndexesWhenEmpty(db: WritableDB): DeferredIndexes | null {
  if (!db.inTransaction) return null;
  if (db.prepare('SELECT EXISTS (SELECT 1 FROM dossiers)').pluck().get()) return null;
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master
        WHERE type = 'index' AND tbl_name = 'dossiers' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
        ORDER BY name`,
    )
    .all() as { name: string; sql: string }[];
  if (indexes.length === 0) return null;
  for (const ix of indexes) db.exec(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
  let rebuilt = false;
  return {
    names: indexes.map((ix) => ix.name),
    rebuild() {
      if (rebuilt) return;
      rebuilt = true;
      for (const ix of indexes) db.exec(ix.sql);
    },
  };
}
