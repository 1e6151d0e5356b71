import type { Migration } from './types';

/**
 * OCR of image-only pages (issue #7).
 * - ocr_cache: what the engine read from a page image, keyed by the sha256 of the rendered grey
 *   pixels and the pass (title band or full page), so re-attaching or re-opening a scan, or the same
 *   page in another dossier, never runs the engine again. An empty result keeps its reason.
 * - ocr_queue: the pages still to read, per file and pass; survives a restart, so OCR resumes
 *   where it stopped. Rows go with their file.
 */
export const ocr: Migration = {
  version: 8,
  name: 'ocr',
  up: (db) => {
    db.exec(`
      CREATE TABLE ocr_cache (
        image_sha256 TEXT NOT NULL,
        pass TEXT NOT NULL CHECK (pass IN ('title','full')),
        text TEXT NOT NULL,
        lines TEXT NOT NULL,                  -- JSON [{text,x,y,w,h,confidence}], fractions of the page
        confidence REAL,
        reason TEXT,                          -- why nothing was read (blank page, photo…)
        engine TEXT NOT NULL,
        ms INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (image_sha256, pass)
      ) STRICT;

      CREATE TABLE ocr_queue (
        file_id TEXT NOT NULL REFERENCES dossier_files(id) ON DELETE CASCADE,
        page_no INTEGER NOT NULL,
        pass TEXT NOT NULL CHECK (pass IN ('title','full')),
        status TEXT NOT NULL CHECK (status IN ('pending','done','failed')),
        reason TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (file_id, page_no, pass)
      ) STRICT;
      CREATE INDEX ocr_queue_pending ON ocr_queue (status, pass, file_id, page_no);
    `);
  },
};
