/**
 * All SQL of results packages (issue #18, docs/packages.md): what a team laptop reads to export its
 * results, and what the legal office writes when it merges them. Statements are prepared once, when
 * the repository is built, so an import of 200,000 answers runs the same few statements in a loop.
 */
import { appendAudit, type AuditInput, type AuditRow } from '../audit';
import { SAFETY_NET_PAGES } from '../idle-checkpoint';
import type { ReadableDB, WritableDB } from '../handles';
import { openReaderConnection, openWriterConnection } from '../store';

/** A review row as it travels: the table's own columns. */
export interface ReviewWire {
  id: string;
  assignment_id: string;
  dossier_id: string;
  reviewer_id: string;
  template_id: string;
  status: 'draft' | 'submitted' | 'locked';
  total: number | null;
  grade: string | null;
  veto: number;
  dimension_scores: string;
  strengths: string;
  problems: string;
  suggestions: string;
  submitted_at: string | null;
  locked_at: string | null;
  locked_by: string | null;
  revision: number;
  updated_at: string;
}

export interface AnswerWire {
  id: string;
  item_code: string;
  verdict: 'conform' | 'deduct' | 'na' | 'veto';
  deduction: number;
  occurrences: number;
  note: string;
  page_refs: string;
  updated_at: string;
}

export interface FindingWire {
  id: string;
  dossier_id: string;
  origin: 'auto' | 'manual';
  rule_id: string | null;
  law: string | null;
  article: number | null;
  severity: 'veto' | 'deduction' | 'advisory';
  item_code: string | null;
  message: string;
  computation: string;
  status: 'proposed' | 'confirmed' | 'dismissed';
  decision_reason: string | null;
  decided_at: string | null;
  decided_by: string | null;
  created_at: string;
  kind: 'violation' | 'cannot_check';
}

export interface TagWire {
  id: string;
  page_no: number;
  doc_type: string;
  title: string;
  source: 'auto' | 'ocr' | 'manual';
  confidence: number | null;
  created_at: string;
}

/** An audit row as it travels in a results package: the stored row, unchanged. */
export type AuditWire = AuditRow;

export interface LaptopRow {
  store_id: string;
  public_key: string;
  fingerprint: string;
  label: string;
  confirmed_by: string;
  first_import_at: string;
  last_import_at: string;
  audit_head_seq: number;
  audit_head_hash: string;
  /** The newest signed audit chain head received (JSON), null before heads travelled. */
  signed_head: string | null;
}

export interface OriginRow {
  kind: MergeKind;
  entity_id: string;
  store_id: string;
  version: number;
  content_hash: string;
  signed_off_hash: string | null;
  changed_since_signoff: number;
}

export type MergeKind = 'review' | 'facts' | 'document_map' | 'finding';

export interface ConflictRow {
  id: string;
  campaign_id: string;
  kind: MergeKind;
  entity_id: string;
  store_id: string;
  version: number;
  content_hash: string;
  payload: string;
  status: 'open' | 'kept_ours' | 'took_theirs' | 'mixed' | 'superseded';
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface ExportRow {
  id: string;
  campaign_id: string;
  mode: 'full' | 'incremental';
  since_export_id: string | null;
  audit_to_seq: number;
  audit_to_hash: string;
  file_name: string;
  created_at: string;
  acknowledged_at: string | null;
}

const REVIEW_COLS = `r.id, r.assignment_id, r.dossier_id, r.reviewer_id, r.template_id, r.status, r.total, r.grade, r.veto,
  r.dimension_scores, r.strengths, r.problems, r.suggestions, r.submitted_at, r.locked_at, r.locked_by, r.revision, r.updated_at`;
const FINDING_COLS = `f.id, f.dossier_id, f.origin, f.rule_id, f.law, f.article, f.severity, f.item_code, f.message, f.computation,
  f.status, f.decision_reason, f.decided_at, f.decided_by, f.created_at, f.kind`;

/** What a laptop reads to write its results package. */
export function resultsExportReads(db: ReadableDB) {
  const q = {
    reviews: db.prepare(
      `SELECT ${REVIEW_COLS} FROM reviews r JOIN assignments a ON a.id = r.assignment_id
        WHERE a.campaign_id = @campaignId AND (@since IS NULL OR r.updated_at >= @since) ORDER BY r.assignment_id`,
    ),
    answers: db.prepare(`SELECT id, item_code, verdict, deduction, occurrences, note, page_refs, updated_at FROM answers WHERE review_id = ? ORDER BY item_code`),
    findings: db.prepare(
      `SELECT ${FINDING_COLS} FROM findings f JOIN dossiers d ON d.id = f.dossier_id
        WHERE d.campaign_id = ? AND f.status <> 'proposed' ORDER BY f.id`,
    ),
    facts: db.prepare(`SELECT id, facts_override FROM dossiers WHERE campaign_id = ? AND facts_override <> '{}' ORDER BY id`),
    mappedFiles: db.prepare(
      `SELECT DISTINCT f.id, f.dossier_id FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id
         JOIN document_tags t ON t.file_id = f.id AND t.source = 'manual' WHERE d.campaign_id = ? ORDER BY f.id`,
    ),
    tags: db.prepare(`SELECT id, page_no, doc_type, title, source, confidence, created_at FROM document_tags WHERE file_id = ? ORDER BY page_no, doc_type`),
    audit: db.prepare(`SELECT seq, id, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq`),
    auditHead: db.prepare(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`),
    reviewerNames: db.prepare(
      `SELECT DISTINCT v.name FROM reviews r JOIN assignments a ON a.id = r.assignment_id JOIN reviewers v ON v.id = r.reviewer_id
        WHERE a.campaign_id = ? ORDER BY v.name`,
    ).pluck(),
    lastAcknowledged: db.prepare(
      `SELECT * FROM results_exports WHERE campaign_id = ? AND acknowledged_at IS NOT NULL ORDER BY audit_to_seq DESC, created_at DESC LIMIT 1`,
    ),
    exportById: db.prepare(`SELECT * FROM results_exports WHERE id = ?`),
    exports: db.prepare(`SELECT * FROM results_exports WHERE campaign_id = ? ORDER BY created_at DESC`),
  };
  return {
    reviews: (campaignId: string, since: string | null) => q.reviews.iterate({ campaignId, since }) as IterableIterator<ReviewWire>,
    answers: (reviewId: string) => q.answers.all(reviewId) as AnswerWire[],
    decidedFindings: (campaignId: string) => q.findings.all(campaignId) as FindingWire[],
    factsOverrides: (campaignId: string) => q.facts.all(campaignId) as { id: string; facts_override: string }[],
    mappedFiles: (campaignId: string) => q.mappedFiles.all(campaignId) as { id: string; dossier_id: string }[],
    tags: (fileId: string) => q.tags.all(fileId) as TagWire[],
    auditAfter: (seq: number) => q.audit.iterate(seq) as IterableIterator<AuditWire>,
    auditHead: () => (q.auditHead.get() as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: '0'.repeat(64) },
    reviewerNames: (campaignId: string) => q.reviewerNames.all(campaignId) as string[],
    lastAcknowledged: (campaignId: string) => q.lastAcknowledged.get(campaignId) as ExportRow | undefined,
    exportById: (id: string) => q.exportById.get(id) as ExportRow | undefined,
    exports: (campaignId: string) => q.exports.all(campaignId) as ExportRow[],
  };
}

export function resultsExportRepository(db: WritableDB) {
  const q = {
    insert: db.prepare(
      `INSERT INTO results_exports (id, campaign_id, mode, since_export_id, audit_to_seq, audit_to_hash, file_name, created_at)
       VALUES (@id, @campaign_id, @mode, @since_export_id, @audit_to_seq, @audit_to_hash, @file_name, @created_at)`,
    ),
    acknowledge: db.prepare(`UPDATE results_exports SET acknowledged_at = COALESCE(acknowledged_at, ?) WHERE id = ?`),
  };
  return {
    ...resultsExportReads(db),
    recordExport: (row: Omit<ExportRow, 'acknowledged_at'>) => q.insert.run(row),
    acknowledge: (id: string, at: string) => q.acknowledge.run(at, id).changes,
  };
}

/** What the office reads about merged results (laptops, conflicts, imports, merged reviews). */
export function mergeReads(db: ReadableDB) {
  const q = {
    laptopByStore: db.prepare(`SELECT * FROM package_laptops WHERE store_id = ?`),
    laptopByKey: db.prepare(`SELECT * FROM package_laptops WHERE public_key = ?`),
    laptops: db.prepare(`SELECT * FROM package_laptops ORDER BY first_import_at`),
    laptopStats: db.prepare(
      `SELECT store_id, COUNT(*) AS packages, MAX(imported_at) AS last FROM package_imports GROUP BY store_id`,
    ),
    origin: db.prepare(`SELECT * FROM merge_origins WHERE kind = ? AND entity_id = ?`),
    conflictOnce: db.prepare(`SELECT * FROM merge_conflicts WHERE kind = ? AND entity_id = ? AND store_id = ? AND content_hash = ?`),
    conflict: db.prepare(`SELECT * FROM merge_conflicts WHERE id = ?`),
    conflicts: db.prepare(`SELECT * FROM merge_conflicts WHERE campaign_id = ? AND (@all = 1 OR status = 'open') ORDER BY created_at, id`),
    openConflictCount: db.prepare(`SELECT COUNT(*) FROM merge_conflicts WHERE campaign_id = ? AND status = 'open'`).pluck(),
    campaignExists: db.prepare(`SELECT 1 FROM campaigns WHERE id = ?`).pluck(),
    assignment: db.prepare(`SELECT id, campaign_id, dossier_id, reviewer_id FROM assignments WHERE id = ?`),
    reviewByAssignment: db.prepare(`SELECT ${REVIEW_COLS} FROM reviews r WHERE r.assignment_id = ?`),
    reviewById: db.prepare(`SELECT ${REVIEW_COLS} FROM reviews r WHERE r.id = ?`),
    answers: db.prepare(`SELECT id, item_code, verdict, deduction, occurrences, note, page_refs, updated_at FROM answers WHERE review_id = ? ORDER BY item_code`),
    templateExists: db.prepare(`SELECT 1 FROM checklist_templates WHERE id = ?`).pluck(),
    reviewerExists: db.prepare(`SELECT 1 FROM reviewers WHERE id = ?`).pluck(),
    dossier: db.prepare(`SELECT id, campaign_id, facts_override FROM dossiers WHERE id = ?`),
    file: db.prepare(`SELECT f.id, f.dossier_id, d.campaign_id FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE f.id = ?`),
    tags: db.prepare(`SELECT id, page_no, doc_type, title, source, confidence, created_at FROM document_tags WHERE file_id = ? ORDER BY page_no, doc_type`),
    findingById: db.prepare(`SELECT ${FINDING_COLS} FROM findings f WHERE f.id = ?`),
    findingMatch: db.prepare(
      `SELECT ${FINDING_COLS} FROM findings f WHERE f.dossier_id = @dossier_id AND f.origin = @origin AND f.rule_id IS @rule_id
         AND f.item_code IS @item_code AND f.message = @message LIMIT 1`,
    ),
    imports: db.prepare(
      `SELECT i.*, l.fingerprint FROM package_imports i JOIN package_laptops l ON l.store_id = i.store_id
        WHERE i.campaign_id = ? ORDER BY i.imported_at DESC LIMIT 200`,
    ),
    mergedReviews: db.prepare(
      `SELECT r.id, r.assignment_id, r.status, r.total, r.grade, r.revision, r.updated_at, d.case_no, u.name AS unit_name, v.name AS reviewer_name,
              v.team, o.store_id, o.content_hash, o.signed_off_hash, o.changed_since_signoff, l.fingerprint,
              (SELECT COUNT(*) FROM merge_conflicts c WHERE c.kind = 'review' AND c.entity_id = r.id AND c.status = 'open') AS open_conflicts
         FROM merge_origins o JOIN reviews r ON r.id = o.entity_id JOIN dossiers d ON d.id = r.dossier_id JOIN units u ON u.id = d.unit_id
         JOIN reviewers v ON v.id = r.reviewer_id LEFT JOIN package_laptops l ON l.store_id = o.store_id
        WHERE o.kind = 'review' AND d.campaign_id = ? ORDER BY d.case_no`,
    ),
    receivedAuditCount: db.prepare(`SELECT COUNT(*) FROM received_audit WHERE store_id = ?`).pluck(),
    dossierTitle: db.prepare(`SELECT case_no FROM dossiers WHERE id = ?`).pluck(),
    fileTitle: db.prepare(`SELECT d.case_no, f.original_name FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE f.id = ?`),
    reviewerName: db.prepare(`SELECT name FROM reviewers WHERE id = ?`).pluck(),
    importById: db.prepare(`SELECT * FROM package_imports WHERE id = ?`),
    receivedHash: db.prepare(`SELECT hash FROM received_audit WHERE store_id = ? AND seq = ?`).pluck(),
  };
  return {
    laptopByStore: (storeId: string) => q.laptopByStore.get(storeId) as LaptopRow | undefined,
    laptopByKey: (publicKeyHex: string) => q.laptopByKey.get(publicKeyHex) as LaptopRow | undefined,
    laptops: () => q.laptops.all() as LaptopRow[],
    laptopStats: () => q.laptopStats.all() as { store_id: string; packages: number; last: string }[],
    origin: (kind: MergeKind, entityId: string) => q.origin.get(kind, entityId) as OriginRow | undefined,
    conflictOnce: (kind: MergeKind, entityId: string, storeId: string, hash: string) =>
      q.conflictOnce.get(kind, entityId, storeId, hash) as ConflictRow | undefined,
    conflict: (id: string) => q.conflict.get(id) as ConflictRow | undefined,
    conflicts: (campaignId: string, all: boolean) => q.conflicts.all(campaignId, { all: all ? 1 : 0 }) as ConflictRow[],
    openConflictCount: (campaignId: string) => q.openConflictCount.get(campaignId) as number,
    campaignExists: (id: string) => q.campaignExists.get(id) === 1,
    assignment: (id: string) => q.assignment.get(id) as { id: string; campaign_id: string; dossier_id: string; reviewer_id: string } | undefined,
    reviewByAssignment: (assignmentId: string) => q.reviewByAssignment.get(assignmentId) as ReviewWire | undefined,
    reviewById: (id: string) => q.reviewById.get(id) as ReviewWire | undefined,
    answers: (reviewId: string) => q.answers.all(reviewId) as AnswerWire[],
    templateExists: (id: string) => q.templateExists.get(id) === 1,
    reviewerExists: (id: string) => q.reviewerExists.get(id) === 1,
    dossier: (id: string) => q.dossier.get(id) as { id: string; campaign_id: string; facts_override: string } | undefined,
    file: (id: string) => q.file.get(id) as { id: string; dossier_id: string; campaign_id: string } | undefined,
    tags: (fileId: string) => q.tags.all(fileId) as TagWire[],
    findingById: (id: string) => q.findingById.get(id) as FindingWire | undefined,
    findingMatch: (f: Pick<FindingWire, 'dossier_id' | 'origin' | 'rule_id' | 'item_code' | 'message'>) =>
      q.findingMatch.get({ dossier_id: f.dossier_id, origin: f.origin, rule_id: f.rule_id, item_code: f.item_code, message: f.message }) as FindingWire | undefined,
    imports: (campaignId: string) => q.imports.all(campaignId) as (ImportRow & { fingerprint: string })[],
    mergedReviews: (campaignId: string) => q.mergedReviews.all(campaignId) as MergedReviewRow[],
    receivedAuditCount: (storeId: string) => q.receivedAuditCount.get(storeId) as number,
    dossierCaseNo: (id: string) => q.dossierTitle.get(id) as string | undefined,
    fileTitle: (id: string) => q.fileTitle.get(id) as { case_no: string; original_name: string } | undefined,
    reviewerName: (id: string) => q.reviewerName.get(id) as string | undefined,
    importById: (id: string) => q.importById.get(id) as ImportRow | undefined,
    receivedAuditHash: (storeId: string, seq: number) => q.receivedHash.get(storeId, seq) as string | undefined,
  };
}

export interface ImportRow {
  id: string;
  export_id: string;
  store_id: string;
  campaign_id: string;
  mode: string;
  audit_to_seq: number;
  file_name: string;
  summary: string;
  imported_at: string;
  actor: string;
}

export interface MergedReviewRow {
  id: string;
  assignment_id: string;
  status: 'draft' | 'submitted' | 'locked';
  total: number | null;
  grade: string | null;
  revision: number;
  updated_at: string;
  case_no: string;
  unit_name: string;
  reviewer_name: string;
  team: string;
  store_id: string;
  content_hash: string;
  signed_off_hash: string | null;
  changed_since_signoff: number;
  fingerprint: string | null;
  open_conflicts: number;
}

export function mergeRepository(db: WritableDB) {
  const q = {
    insertLaptop: db.prepare(
      `INSERT INTO package_laptops (store_id, public_key, fingerprint, label, confirmed_by, first_import_at, last_import_at)
       VALUES (@store_id, @public_key, @fingerprint, @label, @confirmed_by, @at, @at)`,
    ),
    updateLaptopSignedHead: db.prepare(`UPDATE package_laptops SET signed_head = ? WHERE store_id = ?`),
    updateLaptop: db.prepare(
      `UPDATE package_laptops SET audit_head_seq = @seq, audit_head_hash = @hash, last_import_at = @at, label = @label WHERE store_id = @store_id`,
    ),
    insertAudit: db.prepare(
      `INSERT OR IGNORE INTO received_audit (store_id, seq, id, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash)
       VALUES (@store_id, @seq, @id, @at, @actor, @action, @entity, @entity_id, @before, @after, @reason, @prev_hash, @hash)`,
    ),
    insertImport: db.prepare(
      `INSERT INTO package_imports (id, export_id, store_id, campaign_id, mode, audit_to_seq, file_name, summary, imported_at, actor)
       VALUES (@id, @export_id, @store_id, @campaign_id, @mode, @audit_to_seq, @file_name, @summary, @imported_at, @actor)`,
    ),
    upsertOrigin: db.prepare(
      `INSERT INTO merge_origins (kind, entity_id, store_id, version, content_hash, signed_off_hash, changed_since_signoff)
       VALUES (@kind, @entity_id, @store_id, @version, @content_hash, @signed_off_hash, @changed_since_signoff)
       ON CONFLICT (kind, entity_id) DO UPDATE SET store_id = excluded.store_id, version = excluded.version,
         content_hash = excluded.content_hash, signed_off_hash = excluded.signed_off_hash, changed_since_signoff = excluded.changed_since_signoff`,
    ),
    insertConflict: db.prepare(
      `INSERT INTO merge_conflicts (id, campaign_id, kind, entity_id, store_id, version, content_hash, payload, created_at)
       VALUES (@id, @campaign_id, @kind, @entity_id, @store_id, @version, @content_hash, @payload, @created_at)`,
    ),
    supersedeOlder: db.prepare(
      `UPDATE merge_conflicts SET status = 'superseded', resolved_at = @at, resolved_by = @by
        WHERE kind = @kind AND entity_id = @entity_id AND store_id = @store_id AND status = 'open' AND version < @version`,
    ),
    resolveConflict: db.prepare(`UPDATE merge_conflicts SET status = @status, resolved_at = @at, resolved_by = @by WHERE id = @id AND status = 'open'`),
    insertReview: db.prepare(
      `INSERT INTO reviews (id, assignment_id, dossier_id, reviewer_id, template_id, status, total, grade, veto, dimension_scores,
         strengths, problems, suggestions, submitted_at, locked_at, locked_by, revision, updated_at)
       VALUES (@id, @assignment_id, @dossier_id, @reviewer_id, @template_id, @status, @total, @grade, @veto, @dimension_scores,
         @strengths, @problems, @suggestions, @submitted_at, @locked_at, @locked_by, @revision, @updated_at)`,
    ),
    updateReview: db.prepare(
      `UPDATE reviews SET reviewer_id = @reviewer_id, template_id = @template_id, status = @status, total = @total, grade = @grade, veto = @veto,
         dimension_scores = @dimension_scores, strengths = @strengths, problems = @problems, suggestions = @suggestions,
         submitted_at = @submitted_at, locked_at = @locked_at, locked_by = @locked_by, revision = revision + 1, updated_at = @updated_at
       WHERE id = @id`,
    ),
    deleteAnswers: db.prepare(`DELETE FROM answers WHERE review_id = ?`),
    // ON CONFLICT (id) only: an answer id another review here already uses is skipped (changes = 0) and
    // retried with a new id, without a look-up per answer; any other constraint still fails loudly.
    insertAnswer: db.prepare(
      `INSERT INTO answers (id, review_id, item_code, verdict, deduction, occurrences, note, page_refs, updated_at)
       VALUES (@id, @review_id, @item_code, @verdict, @deduction, @occurrences, @note, @page_refs, @updated_at)
       ON CONFLICT (id) DO NOTHING`,
    ),
    setFacts: db.prepare(`UPDATE dossiers SET facts_override = ? WHERE id = ?`),
    deleteTags: db.prepare(`DELETE FROM document_tags WHERE file_id = ?`),
    insertTag: db.prepare(
      `INSERT INTO document_tags (id, file_id, page_no, doc_type, title, source, confidence, created_at)
       VALUES (@id, @file_id, @page_no, @doc_type, @title, @source, @confidence, @created_at)`,
    ),
    tagIdTaken: db.prepare(`SELECT 1 FROM document_tags WHERE id = ?`).pluck(),
    decideFinding: db.prepare(
      `UPDATE findings SET status = @status, decision_reason = @decision_reason, decided_at = @decided_at, decided_by = @decided_by WHERE id = @id`,
    ),
    insertFinding: db.prepare(
      `INSERT INTO findings (id, dossier_id, review_id, origin, rule_id, law, article, severity, item_code, message, computation, status,
         decision_reason, decided_at, decided_by, created_at, kind)
       VALUES (@id, @dossier_id, NULL, @origin, @rule_id, @law, @article, @severity, @item_code, @message, @computation, @status,
         @decision_reason, @decided_at, @decided_by, @created_at, @kind)`,
    ),
  };
  return {
    ...mergeReads(db),
    insertLaptop: (l: { store_id: string; public_key: string; fingerprint: string; label: string; confirmed_by: string; at: string }) => q.insertLaptop.run(l),
    updateLaptop: (l: { store_id: string; seq: number; hash: string; at: string; label: string }) => q.updateLaptop.run(l),
    updateLaptopSignedHead: (storeId: string, headJson: string) => q.updateLaptopSignedHead.run(headJson, storeId),
    insertReceivedAudit: (storeId: string, e: AuditWire) => q.insertAudit.run({ store_id: storeId, ...e }).changes,
    insertImport: (r: ImportRow) => q.insertImport.run(r),
    upsertOrigin: (o: OriginRow) => q.upsertOrigin.run(o),
    insertConflict: (c: Omit<ConflictRow, 'status' | 'resolved_at' | 'resolved_by'>) => q.insertConflict.run(c),
    supersedeOlderConflicts: (c: { kind: MergeKind; entity_id: string; store_id: string; version: number; at: string; by: string }) =>
      q.supersedeOlder.run(c).changes,
    resolveConflict: (id: string, status: ConflictRow['status'], at: string, by: string) => q.resolveConflict.run({ id, status, at, by }).changes,
    insertReview: (r: ReviewWire) => q.insertReview.run(r),
    updateReview: (r: ReviewWire) => q.updateReview.run(r),
    replaceAnswers: (reviewId: string, answers: AnswerWire[], newId: () => string) => {
      q.deleteAnswers.run(reviewId);
      for (const a of answers) {
        // An answer id is the laptop's; it stays unless another review here already uses it.
        if (q.insertAnswer.run({ ...a, review_id: reviewId }).changes === 0) q.insertAnswer.run({ ...a, id: newId(), review_id: reviewId });
      }
    },
    setFacts: (dossierId: string, override: Record<string, unknown>) => q.setFacts.run(JSON.stringify(override), dossierId),
    replaceTags: (fileId: string, tags: TagWire[], newId: () => string) => {
      q.deleteTags.run(fileId);
      for (const t of tags) q.insertTag.run({ ...t, id: q.tagIdTaken.get(t.id) === 1 ? newId() : t.id, file_id: fileId });
    },
    decideFinding: (f: Pick<FindingWire, 'id' | 'status' | 'decision_reason' | 'decided_at' | 'decided_by'>) => q.decideFinding.run(f),
    insertFinding: (f: FindingWire) => q.insertFinding.run(f),
  };
}
export type MergeRepository = ReturnType<typeof mergeRepository>;

/**
 * The merge's own connection to the store (as the campaign import has): its one IMMEDIATE
 * transaction stays open across the import's pauses between batches, while the app's connection
 * keeps answering reads from the last committed state (WAL). An in-memory store has only its one
 * connection, so the merge uses that (tests).
 */
export function openMergeSession(store: { path: string; db: WritableDB }) {
  const own = store.path !== ':memory:';
  const db: WritableDB = own ? openWriterConnection(store.path) : store.db;
  let open = false;
  try {
    // A writer connection's large cache (openWriterConnection), not a small one: each package inserts
    // thousands of answers at random places in three indexes (random UUIDs, item codes). With 8 MiB
    // those pages were evicted and spilled to the WAL mid-transaction and read back, about twice the
    // system time for the merge (measured: docs/packages.md), for some 10 MB less peak RSS. The cache
    // only grows to the pages a merge touches (peak RSS the same with a 64 or 128 MiB cap: 226 MB).
    // Checkpoint at the app's safety-net mark, not SQLite's 1000 pages: each package's commit writes
    // thousands of index pages, and the automatic checkpoint copied them all into the main file and
    // fsynced it after every package; consecutive packages touch largely the same index pages, which
    // now reach the main file once per several packages (the app's idle checkpoint does the rest).
    if (own) db.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    return {
      /** Whether this session has a connection of its own (and so may pause between batches). */
      own,
      /** The session's connection, for other repositories' statements inside the merge transaction. */
      db,
      repo: mergeRepository(db),
      begin(): void {
        db.exec('BEGIN IMMEDIATE');
        open = true;
      },
      audit(entry: AuditInput): void {
        appendAudit(db, entry);
      },
      commit(): void {
        db.exec('COMMIT');
        open = false;
      },
      close(): void {
        if (open && db.inTransaction) db.exec('ROLLBACK');
        open = false;
        if (own) db.close();
      },
    };
  } catch (err) {
    if (own) db.close();
    throw err;
  }
}
export type MergeSession = ReturnType<typeof openMergeSession>;

/**
 * A read snapshot of the store for the results export: its own read-only connection holding one read
 * transaction from the first read to close(), so every record of the package — reviews, answers,
 * findings, facts, maps, audit entries, the chain head — comes from one committed state, however the
 * store changes while the package is written (WAL keeps that state for the reader). An in-memory
 * store has only its own connection, read as it is (tests).
 */
export function openReadSnapshot(store: { path: string; db: WritableDB }): { db: ReadableDB; close(): void } {
  if (store.path === ':memory:') return { db: store.db, close: () => undefined };
  const db = openReaderConnection(store.path);
  try {
    db.exec('BEGIN');
    // A deferred transaction takes its snapshot at its first read: take it now.
    db.prepare('SELECT COUNT(*) FROM meta').pluck().get();
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    db,
    close: () => {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}
