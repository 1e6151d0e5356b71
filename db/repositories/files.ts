/**
 * Dossier PDFs: attached files (dossier_files), their page texts (dossier_pages) and where standard
 * documents start (document_tags). Prepared statements only; callers wrap multi-row writes in
 * ctx.tx() and record them with ctx.audit().
 */
import type { OcrLine } from '../../shared/domain/documents/ocr';
import type { ReadableDB, WritableDB } from '../handles';

export type TextSource = 'text' | 'ocr' | 'none';
export type TagSource = 'auto' | 'ocr' | 'manual';

export interface DossierFileRecord {
  id: string;
  dossierId: string;
  sha256: string;
  originalName: string;
  sizeBytes: number;
  pageCount: number;
  attachedAt: string;
  actor: string;
}

export interface DossierPageRecord {
  fileId: string;
  pageNo: number;
  textSource: TextSource;
  text: string;
}

/** A page with what OCR stored for it (lines null for text-layer pages and pages not read yet). */
export interface DossierPageDetail extends DossierPageRecord {
  lines: OcrLine[] | null;
  confidence: number | null;
  imageSha256: string | null;
}

export interface DocumentTagRecord {
  id: string;
  fileId: string;
  pageNo: number;
  docType: string;
  title: string;
  source: TagSource;
  confidence: number | null;
  createdAt: string;
}

export interface DocumentMapEntry {
  tagId: string;
  fileId: string;
  title: string;
  docType: string;
  startPage: number;
  /** The page before the next document's start, or the file's last page. */
  endPage: number;
  source: TagSource;
  confidence: number | null;
}

/** A dossier of a campaign, as needed to match attached files. */
export interface AttachCandidate {
  id: string;
  caseNo: string;
  fileRef: string | null;
}

interface FileRow {
  id: string;
  dossier_id: string;
  sha256: string;
  original_name: string;
  size_bytes: number;
  page_count: number;
  attached_at: string;
  actor: string;
}

interface TagRow {
  id: string;
  file_id: string;
  page_no: number;
  doc_type: string;
  title: string;
  source: TagSource;
  confidence: number | null;
  created_at: string;
}

const toFile = (r: FileRow): DossierFileRecord => ({
  id: r.id,
  dossierId: r.dossier_id,
  sha256: r.sha256,
  originalName: r.original_name,
  sizeBytes: r.size_bytes,
  pageCount: r.page_count,
  attachedAt: r.attached_at,
  actor: r.actor,
});

const toTag = (r: TagRow): DocumentTagRecord => ({
  id: r.id,
  fileId: r.file_id,
  pageNo: r.page_no,
  docType: r.doc_type,
  title: r.title,
  source: r.source,
  confidence: r.confidence,
  createdAt: r.created_at,
});

/** Manual corrections first, then OCR, then automatic suggestions. */
const SOURCE_RANK = `CASE t.source WHEN 'manual' THEN 0 WHEN 'ocr' THEN 1 ELSE 2 END`;

/**
 * Builds the document map of one file from its tags: each document runs from its start page to
 * the page before the next start (or the last page). Several tags on one page all start there.
 */
export function buildDocumentMap(tags: readonly DocumentTagRecord[], pageCount: number): DocumentMapEntry[] {
  const sorted = [...tags].sort((a, b) => a.pageNo - b.pageNo);
  return sorted.map((t, i) => {
    const next = sorted.slice(i + 1).find((n) => n.pageNo > t.pageNo);
    return {
      tagId: t.id,
      fileId: t.fileId,
      title: t.title,
      docType: t.docType,
      startPage: t.pageNo,
      endPage: Math.max(t.pageNo, next ? next.pageNo - 1 : pageCount),
      source: t.source,
      confidence: t.confidence,
    };
  });
}

/** The document tags of a dossier's files, in attachment order: what the rule engine's document list is built from. */
export function documentTagReads(db: ReadableDB) {
  const filesOf = db.prepare('SELECT id, page_count FROM dossier_files WHERE dossier_id = ? ORDER BY attached_at, id');
  const tags = db.prepare('SELECT page_no, doc_type FROM document_tags WHERE file_id = ? ORDER BY page_no, doc_type');
  return {
    files: (dossierId: string) => filesOf.all(dossierId) as { id: string; page_count: number }[],
    tags: (fileId: string) => tags.all(fileId) as { page_no: number; doc_type: string }[],
  };
}

export function filesRepository(db: WritableDB) {
  const insertFile = db.prepare(
    `INSERT INTO dossier_files (id, dossier_id, sha256, original_name, size_bytes, page_count, attached_at, actor)
     VALUES (@id, @dossierId, @sha256, @originalName, @sizeBytes, @pageCount, @attachedAt, @actor)`,
  );
  const insertPage = db.prepare(
    `INSERT INTO dossier_pages (file_id, page_no, text_source, text, lines) VALUES (@fileId, @pageNo, @textSource, @text, @lines)
     ON CONFLICT (file_id, page_no) DO UPDATE SET text_source = excluded.text_source, text = excluded.text, lines = excluded.lines`,
  );
  const insertTag = db.prepare(
    `INSERT OR IGNORE INTO document_tags (id, file_id, page_no, doc_type, title, source, confidence, created_at)
     VALUES (@id, @fileId, @pageNo, @docType, @title, @source, @confidence, @createdAt)`,
  );
  const getFile = db.prepare('SELECT * FROM dossier_files WHERE id = ?');
  const deleteFile = db.prepare('DELETE FROM dossier_files WHERE id = ?');
  const findFile = db.prepare('SELECT * FROM dossier_files WHERE dossier_id = ? AND sha256 = ? ORDER BY attached_at LIMIT 1');
  const listFiles = db.prepare('SELECT * FROM dossier_files WHERE dossier_id = ? ORDER BY attached_at, id');
  const listPages = db.prepare('SELECT file_id, page_no, text_source, text FROM dossier_pages WHERE file_id = ? ORDER BY page_no');
  const getPage = db.prepare('SELECT file_id, page_no, text_source, text FROM dossier_pages WHERE file_id = ? AND page_no = ?');
  const listPageDetails = db.prepare('SELECT file_id, page_no, text_source, text, lines, confidence, image_sha256 FROM dossier_pages WHERE file_id = ? ORDER BY page_no');
  const setOcrPage = db.prepare(
    `UPDATE dossier_pages SET text_source = @textSource, text = @text, lines = @lines, confidence = @confidence, image_sha256 = @imageSha256
     WHERE file_id = @fileId AND page_no = @pageNo AND text_source <> 'text'`,
  );
  const listTags = db.prepare(`SELECT t.* FROM document_tags t WHERE t.file_id = ? ORDER BY t.page_no, ${SOURCE_RANK}, t.confidence DESC, t.doc_type`);
  const getTag = db.prepare('SELECT * FROM document_tags WHERE id = ?');
  const deletePageTags = db.prepare('DELETE FROM document_tags WHERE file_id = ? AND page_no = ?');
  const deleteTag = db.prepare('DELETE FROM document_tags WHERE id = ?');
  const deleteSourceTags = db.prepare('DELETE FROM document_tags WHERE file_id = ? AND source = ?');
  const updateTag = db.prepare(
    `UPDATE document_tags SET page_no = @pageNo, doc_type = @docType, title = @title, source = 'manual', confidence = NULL
     WHERE id = @id`,
  );
  const deleteSameTag = db.prepare('DELETE FROM document_tags WHERE file_id = ? AND page_no = ? AND doc_type = ? AND id <> ?');
  const candidates = db.prepare('SELECT id, case_no, file_ref FROM dossiers WHERE campaign_id = ? ORDER BY case_no');
  const currentDraw = db.prepare('SELECT id FROM sample_draws WHERE campaign_id = ? AND is_current = 1');
  const sampled = db.prepare(
    `SELECT d.id, d.case_no, d.file_ref FROM samples s JOIN dossiers d ON d.id = s.dossier_id
     WHERE s.draw_id = ? AND s.withdrawn = 0 ORDER BY s.draw_order`,
  );
  const withFiles = db.prepare(
    `SELECT DISTINCT f.dossier_id FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.campaign_id = ?`,
  );

  const pageRow = (r: { file_id: string; page_no: number; text_source: TextSource; text: string }): DossierPageRecord => ({
    fileId: r.file_id,
    pageNo: r.page_no,
    textSource: r.text_source,
    text: r.text,
  });

  const tagsOf = (fileId: string): DocumentTagRecord[] => (listTags.all(fileId) as TagRow[]).map(toTag);

  return {
    insertFile: (f: DossierFileRecord): void => void insertFile.run(f),
    /** Detaches a file from its dossier: its pages, document tags and OCR queue go with it (ON DELETE CASCADE); the stored bytes stay. */
    deleteFile: (id: string): boolean => deleteFile.run(id).changes > 0,
    /** A page as read at attach; `lines`: the text layer's line boxes, when known (the fact readers cite them). */
    insertPage: (p: DossierPageRecord & { lines?: OcrLine[] | null }): void =>
      void insertPage.run({ fileId: p.fileId, pageNo: p.pageNo, textSource: p.textSource, text: p.text, lines: p.lines?.length ? JSON.stringify(p.lines) : null }),
    /** Inserts a tag unless the same (file, page, docType) is already tagged; true when inserted. */
    insertTag: (t: DocumentTagRecord): boolean => insertTag.run(t).changes > 0,
    getFile: (id: string): DossierFileRecord | undefined => {
      const r = getFile.get(id) as FileRow | undefined;
      return r && toFile(r);
    },
    /** The dossier's file with this content, if it was attached before. */
    findFile: (dossierId: string, sha256: string): DossierFileRecord | undefined => {
      const r = findFile.get(dossierId, sha256) as FileRow | undefined;
      return r && toFile(r);
    },
    listFiles: (dossierId: string): DossierFileRecord[] => (listFiles.all(dossierId) as FileRow[]).map(toFile),
    listPages: (fileId: string): DossierPageRecord[] => (listPages.all(fileId) as Parameters<typeof pageRow>[0][]).map(pageRow),
    getPage: (fileId: string, pageNo: number): DossierPageRecord | undefined => {
      const r = getPage.get(fileId, pageNo) as Parameters<typeof pageRow>[0] | undefined;
      return r && pageRow(r);
    },
    /** Pages with their OCR lines, for search and highlighting. */
    listPageDetails: (fileId: string): DossierPageDetail[] =>
      (listPageDetails.all(fileId) as (Parameters<typeof pageRow>[0] & { lines: string | null; confidence: number | null; image_sha256: string | null })[]).map((r) => ({
        ...pageRow(r),
        lines: r.lines ? (JSON.parse(r.lines) as OcrLine[]) : null,
        confidence: r.confidence,
        imageSha256: r.image_sha256,
      })),
    /** Stores an OCR result on a page that has no text layer (text-layer pages are never overwritten). */
    setOcrPage: (p: { fileId: string; pageNo: number; textSource: TextSource; text: string; lines: OcrLine[] | null; confidence: number | null; imageSha256: string | null }): boolean =>
      setOcrPage.run({ ...p, lines: p.lines ? JSON.stringify(p.lines) : null }).changes > 0,
    listTags: tagsOf,
    getTag: (id: string): DocumentTagRecord | undefined => {
      const r = getTag.get(id) as TagRow | undefined;
      return r && toTag(r);
    },
    /** Document map of one file. */
    getFileDocumentMap: (fileId: string): DocumentMapEntry[] => {
      const f = getFile.get(fileId) as FileRow | undefined;
      return f ? buildDocumentMap(tagsOf(fileId), f.page_count) : [];
    },
    /** Document map of a dossier: every file in attachment order, each with its own page numbers. */
    getDocumentMap: (dossierId: string): DocumentMapEntry[] =>
      (listFiles.all(dossierId) as FileRow[]).flatMap((f) => buildDocumentMap(tagsOf(f.id), f.page_count)),
    /** A reviewer says "this page starts that document": replaces every tag on the page. */
    setManualTag: (t: Omit<DocumentTagRecord, 'source' | 'confidence'>): void => {
      deletePageTags.run(t.fileId, t.pageNo);
      insertTag.run({ ...t, source: 'manual', confidence: null });
    },
    /** Corrects one tag (type, title or page); it becomes a manual tag. False when absent. */
    correctTag: (id: string, c: { pageNo: number; docType: string; title: string }): boolean => {
      const t = getTag.get(id) as TagRow | undefined;
      if (!t) return false;
      deleteSameTag.run(t.file_id, c.pageNo, c.docType, id); // the corrected tag replaces an identical one
      return updateTag.run({ id, ...c }).changes > 0;
    },
    removeTag: (id: string): boolean => deleteTag.run(id).changes > 0,
    clearPageTags: (fileId: string, pageNo: number): number => deletePageTags.run(fileId, pageNo).changes,
    /** Drops every tag of one source on a file (OCR suggestions are recomputed as pages are read). */
    deleteTagsBySource: (fileId: string, source: TagSource): number => deleteSourceTags.run(fileId, source).changes,

    /** Every dossier of the campaign (attached files may belong to any of them). */
    attachCandidates: (campaignId: string): AttachCandidate[] =>
      (candidates.all(campaignId) as { id: string; case_no: string; file_ref: string | null }[]).map((r) => ({ id: r.id, caseNo: r.case_no, fileRef: r.file_ref })),
    /** The dossiers of the current sample draw (withdrawn ones excluded), or null when nothing was drawn. */
    sampledDossiers: (campaignId: string): AttachCandidate[] | null => {
      const draw = currentDraw.get(campaignId) as { id: string } | undefined;
      if (!draw) return null;
      return (sampled.all(draw.id) as { id: string; case_no: string; file_ref: string | null }[]).map((r) => ({ id: r.id, caseNo: r.case_no, fileRef: r.file_ref }));
    },
    /** Ids of the campaign's dossiers that have at least one attached file. */
    dossiersWithFiles: (campaignId: string): Set<string> => new Set((withFiles.all(campaignId) as { dossier_id: string }[]).map((r) => r.dossier_id)),
  };
}

export type FilesRepository = ReturnType<typeof filesRepository>;
