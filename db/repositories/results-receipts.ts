/** SQL for the receipts the legal office issued (migration 19): one row per receipt file written. */
import type { ReadableDB, WritableDB } from '../handles';

export interface ReceiptRow {
  id: string;
  import_id: string;
  file_path: string;
  issued_at: string;
  issued_by: string;
}

/** One merged package with its laptop and its latest receipt (none yet: nulls). */
export interface ImportReceiptRow {
  import_id: string;
  export_id: string;
  store_id: string;
  fingerprint: string;
  label: string;
  file_name: string;
  mode: string;
  imported_at: string;
  receipts: number;
  last_issued_at: string | null;
  last_file_path: string | null;
  last_issued_by: string | null;
}

export function receiptReads(db: ReadableDB) {
  const byCampaign = db.prepare(
    `SELECT i.id AS import_id, i.export_id, i.store_id, l.fingerprint, l.label, i.file_name, i.mode, i.imported_at,
            (SELECT COUNT(*) FROM results_receipts r WHERE r.import_id = i.id) AS receipts,
            last.issued_at AS last_issued_at, last.file_path AS last_file_path, last.issued_by AS last_issued_by
       FROM package_imports i JOIN package_laptops l ON l.store_id = i.store_id
       LEFT JOIN results_receipts last ON last.id = (
         SELECT r.id FROM results_receipts r WHERE r.import_id = i.id ORDER BY r.issued_at DESC, r.id DESC LIMIT 1)
      WHERE i.campaign_id = ?
      ORDER BY l.first_import_at, i.store_id, i.imported_at DESC`,
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
