/**
 * What a campaign package holds (docs/packages.md, "Campaign package"). Entries, in order:
 *   record `manifest`          CampaignManifest (always first)
 *   record `rows/<table>`      { rows: Row[] } — a batch of one table's rows, parents before children
 *   blob   `pdf/<sha256>`      a dossier PDF, named by its content hash
 *   record `end`               { rows, pdfs } — what was written, checked by the reader
 */
export const CAMPAIGN_CONTENT_VERSION = 1;

export interface CampaignManifest {
  /** The layout of the entries above; a reader refuses a higher number. */
  contentVersion: number;
  /** The exporting store's schema version: rows carry its columns. */
  schemaVersion: number;
  appVersion: string;
  campaignId: string;
  campaignName: string;
  year: number;
  team: string;
  /** The office's raw Ed25519 public key, hex (the same key that signs the package). */
  officePublicKey: string;
  officeFingerprint: string;
  exportedAt: string;
  exportedBy: string;
  counts: { reviewers: number; dossiers: number; assignments: number; pdfs: number; pdfBytes: number };
}

export interface CampaignEnd {
  rows: number;
  pdfs: number;
}

/** Rows per `rows/<table>` record: keeps each record a few MB at most. */
export const ROWS_PER_RECORD = 500;

export const rowsEntry = (table: string) => `rows/${table}`;
export const pdfEntry = (sha256: string) => `pdf/${sha256}`;
