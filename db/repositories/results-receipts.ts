/** SQL for the receipts the legal office issued (migration 19): one row per receipt file written. */
import type { ReadableDB, WritableDB } from '../handles';

export interface ReceiptRow {
  id: string;
  import_id: string;
  file_path: string;
  issued_at: string;
  issued_by: string;
}

/** One package a laptop sent, merged here (its latest import), with its latest receipt (none yet: nulls). */
export interface ImportReceiptRow {
  import_id: string;
  export_id: string;
  store_id: string;
  fingerprint: string;
  label: string;
  file_name: string;
  mode: string;
  imported_at: string;
  times_imported: number;
  receipts: number;
  last_issued_at: string | null;
  last_file_path: string | null;
  last_issued_by: string | null;
}

export function receiptReads(db: ReadableDB) {
  // One row per package a laptop sent (its export id): importing it again adds an import, not a package.
  // Receipts count over every import of that package; the row names the latest import.
  const byCampaign = db.prepare(
    `WITH sent AS (
       SELECT i.*, ROW_NUMBER() OVER (PARTITION BY i.store_id, i.export_id ORDER BY i.imported_at DESC, i.id DESC) AS nth,
              COUNT(*) OVER (PARTITION BY i.store_id, i.export_id) AS times_imported
         FROM package_imports i WHERE i.campaign_id = ?),
     issued AS (
       SELECT r.*, i.store_id, i.export_id,
              ROW_NUMBER() OVER (PARTITION BY i.store_id, i.export_id ORDER BY r.issued_at DESC, r.id DESC) AS nth,
              COUNT(*) OVER (PARTITION BY i.store_id, i.export_id) AS receipts
         FROM results_receipts r JOIN package_imports i ON i.id = r.import_id)
     SELECT s.id AS import_id, s.export_id, s.store_id, l.fingerprint, l.label, s.file_name, s.mode, s.imported_at, s.times_imported,
            COALESCE(r.receipts, 0) AS receipts, r.issued_at AS last_issued_at, r.file_path AS last_file_path, r.issued_by AS last_issued_by
       FROM sent s JOIN package_laptops l ON l.store_id = s.store_id
       LEFT JOIN issued r ON r.store_id = s.store_id AND r.export_id = s.export_id AND r.nth = 1
      WHERE s.nth = 1
      ORDER BY l.first_import_at, s.store_id, s.imported_at DESC`,
  );
  return {
    byCampaign: (campaignId: string) => byCampaign.all(campaignId) as ImportReceiptRow[],
  };
}

export function receiptRepository(db: WritableDB) {
  const insert = db.prepare(
    `INSERT INTO results_receipts (id, import_id, file_path, issued_at, issued_by) VALUES (@id, @import_id, @file_path, @issued_at, @issued_by)`,
  );
  return { ...receiptReads(db), insert: (row: ReceiptRow) => void insert.run(row) };
}
