/**
 * A dossier's pages as the fact readers need them (issue #14): every attached file in attachment
 * order, each page's text with its line boxes (OCR lines, or the text layer's lines stored at
 * attach), and the document map. Read-only.
 */
import type { ReadableDB } from '../handles';
import type { OcrLine } from '../../shared/domain/documents/ocr';
import { buildDocumentMap, type DocumentMapEntry, type DocumentTagRecord, type TextSource } from './files';

export interface DossierTextPage {
  pageNo: number;
  textSource: TextSource;
  text: string;
  lines: OcrLine[] | null;
}

export interface DossierTextFile {
  id: string;
  pageCount: number;
  pages: DossierTextPage[];
  documents: DocumentMapEntry[];
}

export function dossierTextReads(db: ReadableDB) {
  const files = db.prepare('SELECT id, page_count FROM dossier_files WHERE dossier_id = ? ORDER BY attached_at, id');
  const pages = db.prepare('SELECT page_no, text_source, text, lines FROM dossier_pages WHERE file_id = ? ORDER BY page_no');
  // Manual corrections first, then OCR, then automatic suggestions (as the document map ranks them).
  const tags = db.prepare(
    `SELECT id, file_id, page_no, doc_type, title, source, confidence, created_at FROM document_tags WHERE file_id = ?
     ORDER BY page_no, CASE source WHEN 'manual' THEN 0 WHEN 'ocr' THEN 1 ELSE 2 END, confidence DESC, doc_type`,
  );
  type TagRow = { id: string; file_id: string; page_no: number; doc_type: string; title: string; source: DocumentTagRecord['source']; confidence: number | null; created_at: string };
  return {
    files: (dossierId: string): DossierTextFile[] =>
      (files.all(dossierId) as { id: string; page_count: number }[]).map((f) => {
        const tagRows = (tags.all(f.id) as TagRow[]).map(
          (t): DocumentTagRecord => ({ id: t.id, fileId: t.file_id, pageNo: t.page_no, docType: t.doc_type, title: t.title, source: t.source, confidence: t.confidence, createdAt: t.created_at }),
        );
        return {
          id: f.id,
          pageCount: f.page_count,
          pages: (pages.all(f.id) as { page_no: number; text_source: TextSource; text: string; lines: string | null }[]).map((p) => ({
            pageNo: p.page_no,
            textSource: p.text_source,
            text: p.text,
            lines: p.lines ? (JSON.parse(p.lines) as OcrLine[]) : null,
          })),
          documents: buildDocumentMap(tagRows, f.page_count),
        };
      }),
  };
}
