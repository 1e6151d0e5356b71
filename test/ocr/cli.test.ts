/**
 * The CLI on scanned dossiers: `attach` waits for the title-band OCR (progress on stderr) and
 * returns the document map found by OCR; `--no-ocr` leaves the pages queued; `documents` prints a
 * dossier's map as JSON.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/store';
import { newId, nowIso } from '../../db/util';
import { makeScan, SCAN_SPEC } from './scan-fixtures';
import { runCli as cli } from '../fixtures/run-cli';


let tmp: string;
let db: string;
let campaignId: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'dossier-ocr-cli-'));
  db = join(tmp, 'review.db');
  expect(cli('init', '--db', db).code).toBe(0);
  const store = await openStore(db);
  const now = nowIso();
  campaignId = newId();
  const unitId = newId();
  store.db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, 'CLI 识别', 2024, ?, ?)`).run(campaignId, now, now);
  store.db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, ?, ?)`).run(unitId, SCAN_SPEC.unit, now);
  for (const no of ['C-1', 'C-2']) {
    store.db
      .prepare(
        `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, date_closed, file_ref, content_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, '行政处罚', '销售不合格食品', '某当事人', '2024-06-30', NULL, ?, ?, ?)`,
      )
      .run(newId(), campaignId, unitId, no, `h-${no}`, now, now);
  }
  store.close();
  const scan = await makeScan();
  for (const no of ['C-1', 'C-2']) {
    mkdirSync(join(tmp, no));
    writeFileSync(join(tmp, no, `${no}.pdf`), scan.bytes);
  }
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('CLI attach and documents on a scan', () => {
  it('attach waits for the title bands and reports the documents OCR found', () => {
    const r = cli('attach', '--db', db, '--campaign', campaignId, '--dir', join(tmp, 'C-1'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { matched: { pagesWithoutText: number; documents: { title: string; startPage: number; source: string }[] }[] };
    expect(out.matched[0]!.pagesWithoutText).toBe(4);
    expect(out.matched[0]!.documents.map((d) => [d.title, d.startPage, d.source])).toEqual([
      ['立案审批表', 1, 'ocr'],
      ['行政处罚事先告知书', 2, 'ocr'],
      ['行政处罚决定书', 4, 'ocr'],
    ]);

    const docs = cli('documents', '--db', db, '--campaign', campaignId, '--dossier', 'C-1', '--json');
    expect(docs.code, docs.stderr).toBe(0);
    expect((JSON.parse(docs.stdout) as object[]).map((d) => ({ ...d }))).toEqual([
      expect.objectContaining({ title: '立案审批表', startPage: 1, endPage: 1, source: 'ocr' }),
      expect.objectContaining({ title: '行政处罚事先告知书', startPage: 2, endPage: 3, source: 'ocr' }),
      expect.objectContaining({ title: '行政处罚决定书', startPage: 4, endPage: 4, source: 'ocr' }),
    ]);
  }, 240_000);

  it('documents prints a stored file name with escape sequences escaped, not to the terminal', async () => {
    // A name as a hostile register or folder could bring in: clear-screen, a colour, a bidi override.
    const hostile = 'C-1\u001b[2J\u001b[31m假\u202egpj.pdf';
    const store = await openStore(db);
    try {
      store.db.prepare(`UPDATE dossier_files SET original_name = ? WHERE original_name LIKE 'C-1%'`).run(hostile);
    } finally {
      store.close();
    }
    const docs = cli('documents', '--db', db, '--campaign', campaignId, '--dossier', 'C-1');
    expect(docs.code, docs.stderr).toBe(0);
    expect(docs.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(docs.stdout).toContain('C-1\\x1b[2J\\x1b[31m假\\u202egpj.pdf');
  }, 240_000);

  it('attach --no-ocr returns at once and leaves the pages queued; documents says so', async () => {
    const r = cli('attach', '--db', db, '--campaign', campaignId, '--dir', join(tmp, 'C-2'), '--no-ocr');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('识别页首');
    const docs = cli('documents', '--db', db, '--campaign', campaignId, '--dossier', 'C-2');
    expect(docs.code).toBe(0);
    expect(docs.stdout).toContain('尚未识别出文书');
    const store = await openStore(db);
    try {
      const pending = store.db.prepare(`SELECT COUNT(*) AS n FROM ocr_queue WHERE status = 'pending'`).get() as { n: number };
      // C-2's four pages for both passes, and C-1's full pages (the CLI waits for title bands only).
      expect(pending.n).toBe(12);
    } finally {
      store.close();
    }
  }, 240_000);

  it('documents names an unknown case number', () => {
    const r = cli('documents', '--db', db, '--campaign', campaignId, '--dossier', 'NO-SUCH');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NO-SUCH');
  });
});
