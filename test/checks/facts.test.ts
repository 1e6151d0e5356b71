/** Stored dossier rows → engine facts; document tags → the engine's document list. */
import { describe, expect, it } from 'vitest';
import { dossierDocuments, dossierFacts } from '../../electron/core/facts';
import type { StoredDossierRow } from '../../db/repositories/dossiers';
import { useTempDir } from '../foundation/temp';
import { openCheckHarness } from './helpers';

const tempDir = useTempDir();

describe('dossier facts from the store', () => {
  it('maps typed columns and lets facts_override win field by field', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const db = h.core.store.db;
      const get = () =>
        db.prepare('SELECT d.*, u.name AS unit_name FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.case_no = ?').get(h.late) as StoredDossierRow;
      const base = dossierFacts(get());
      expect(base).toMatchObject({ caseType: '行政处罚', procedure: '普通程序', dates: { decision: '2024-05-06', decisionServed: '2024-05-16', filed: '2024-03-04' } });
      expect(base.fineFen).toBe(get().fine_fen);
      expect(base.officers?.length).toBe(2);

      db.prepare('UPDATE dossiers SET facts_override = ? WHERE case_no = ?').run(
        JSON.stringify({ dateDecisionServed: null, procedure: '简易程序', hearingRightNotified: true, 'dates.violationEnded': '2024-02-01' }),
        h.late,
      );
      const over = dossierFacts(get());
      expect(over).toMatchObject({ procedure: '简易程序', hearingRightNotified: true, dates: { decisionServed: null, violationEnded: '2024-02-01', decision: '2024-05-06' } });

      // The fixture register (fixed seed) holds 行政强制措施 rows: the register spelling maps to the engine's.
      const enforcement = db.prepare(`SELECT d.*, u.name AS unit_name FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.procedure = '行政强制措施' LIMIT 1`).get() as
        | StoredDossierRow
        | undefined;
      expect(enforcement).toBeDefined();
      expect(dossierFacts(enforcement!).procedure).toBe('强制措施');
    } finally {
      h.core.close();
    }
  });

  it('numbers document tags through the files in attachment order; no file → null', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const db = h.core.store.db;
      const id = db.prepare('SELECT id FROM dossiers WHERE case_no = ?').pluck().get(h.late) as string;
      expect(dossierDocuments(db, id)).toBeNull();
      const file = db.prepare(
        `INSERT INTO dossier_files (id, dossier_id, sha256, original_name, size_bytes, page_count, attached_at, actor) VALUES (?, ?, ?, ?, 1, ?, ?, 't')`,
      );
      file.run('f1', id, 'a', 'a.pdf', 10, '2024-06-01T00:00:00Z');
      file.run('f2', id, 'b', 'b.pdf', 5, '2024-06-02T00:00:00Z');
      const tag = db.prepare(`INSERT INTO document_tags (id, file_id, page_no, doc_type, title, source, created_at) VALUES (?, ?, ?, ?, ?, 'manual', 't')`);
      tag.run('t1', 'f1', 1, 'FILING_APPROVAL', '立案审批表');
      tag.run('t2', 'f2', 2, 'PENALTY_DECISION', '行政处罚决定书');
      expect(dossierDocuments(db, id)).toEqual([
        { docType: 'FILING_APPROVAL', page: 1 },
        { docType: 'PENALTY_DECISION', page: 12 },
      ]);
      const run = await h.api.checks.run({ campaignId: h.campaignId, dossierId: id });
      const docReq = run.findings.filter((f) => f.ruleId === 'DOC-REQ');
      expect(docReq.length).toBeGreaterThan(0);
      expect(docReq.every((f) => f.kind === 'violation')).toBe(true);
    } finally {
      h.core.close();
    }
  });
});
