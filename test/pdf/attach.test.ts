import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../db/audit';
import { filesRepository } from '../../db/repositories/files';
import { openStore, type Store } from '../../db/store';
import { newId, nowIso } from '../../db/util';
import { createCoreContext, type CoreContext } from '../../electron/core/context';
import { attachFiles, caseNoKey, pathKey, storedFilePath } from '../../electron/core/pdf/attach';
import { correctDocumentTag, getDocumentMap, removeDocumentTag, setDocumentStart } from '../../electron/core/pdf/documents';
import { makeCorruptPdf, makeDossierPdf, type DossierPdfSpec } from '../fixtures/pdfs';

const UNIT = '示例市市场监督管理局';

const SPEC_1: DossierPdfSpec = {
  caseNo: 'A-2024-001',
  party: '示例样板食品有限公司',
  unit: UNIT,
  documents: [
    { title: '卷宗封面', pages: 1 },
    { title: '立案审批表', pages: 1 },
    { title: '询问笔录', pages: 3 },
    { title: '证据材料', pages: 2, scanned: true },
    { title: '行政处罚事先告知书', pages: 1 },
    { title: '行政处罚决定书', pages: 2 },
    { title: '送达回证', pages: 1 },
    { title: '结案报告', pages: 1 },
  ],
};
const CASE_2 = '示市监处罚〔2024〕16号';
const SPEC_2: DossierPdfSpec = {
  caseNo: CASE_2,
  party: '虚构某某商贸有限公司',
  unit: UNIT,
  documents: [
    { title: '立案审批表', pages: 1 },
    { title: '现场检查笔录', pages: 1 },
    { title: '行政处罚决定书', pages: 1 },
  ],
};
const SPEC_4: DossierPdfSpec = { caseNo: 'A-2024-004', party: '样例个体户', unit: UNIT, documents: [{ title: '当场行政处罚决定书', pages: 1 }] };

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const count = (ctx: CoreContext, table: string): number => (ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

let tmp: string;
let store: Store;
let ctx: CoreContext;
let campaignId: string;
const dossierIds: Record<string, string> = {};
let pdfDir: string;
let bytes1: Uint8Array;
let bytes2: Uint8Array;

function insertDossier(caseNo: string, unitId: string, fileRef: string | null): string {
  const id = newId();
  const now = nowIso();
  ctx.db
    .prepare(
      `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, date_closed, file_ref, content_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, '行政处罚', '销售不合格食品', '某当事人', '2024-06-30', ?, ?, ?, ?)`,
    )
    .run(id, campaignId, unitId, caseNo, fileRef, `hash-${caseNo}`, now, now);
  dossierIds[caseNo] = id;
  return id;
}

beforeEach(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'dossier-attach-'));
  store = await openStore(join(tmp, 'review.db'));
  ctx = createCoreContext(store, '0.0.0-test');
  campaignId = newId();
  const now = nowIso();
  ctx.db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, '2024年度案卷评查', 2024, ?, ?)`).run(campaignId, now, now);
  const unitId = newId();
  ctx.db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, ?, ?)`).run(unitId, UNIT, now);
  insertDossier('A-2024-001', unitId, '示例局\\A-2024-001.pdf'); // register path with backslashes
  insertDossier(CASE_2, unitId, null); // matched by case number
  insertDossier('A-2024-003', unitId, '示例局/A-2024-003.pdf'); // its file is corrupt
  insertDossier('A-2024-004', unitId, null); // no file at all

  pdfDir = join(tmp, 'pdfs');
  mkdirSync(join(pdfDir, '示例局'), { recursive: true });
  bytes1 = await makeDossierPdf(SPEC_1);
  bytes2 = await makeDossierPdf(SPEC_2);
  writeFileSync(join(pdfDir, '示例局', 'A-2024-001.PDF'), bytes1); // extension in upper case
  writeFileSync(join(pdfDir, `${CASE_2}.pdf`), bytes2);
  writeFileSync(join(pdfDir, '示例局', 'A-2024-003.pdf'), makeCorruptPdf());
  writeFileSync(join(pdfDir, '不相关的文件.pdf'), await makeDossierPdf({ ...SPEC_4, caseNo: 'Z-9' }));
  writeFileSync(join(pdfDir, '说明.txt'), '不是 PDF');
});

afterEach(() => {
  store.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('attachFiles from a folder', () => {
  it('matches by file_ref and by case number, and lists missing, unmatched and failed files', async () => {
    const r = await attachFiles(ctx, { campaignId, dir: pdfDir }, { actor: '张评查' });
    expect(r.matched.map((m) => [m.caseNo, m.file, m.matchedBy]).sort()).toEqual(
      [
        ['A-2024-001', '示例局/A-2024-001.PDF', 'file_ref'],
        [CASE_2, `${CASE_2}.pdf`, 'case_no'],
      ].sort(),
    );
    expect(r.unmatched).toEqual(['不相关的文件.pdf']);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0]!.file).toBe('示例局/A-2024-003.pdf');
    expect(r.failed[0]!.message).toContain('A-2024-003.pdf');
    expect(r.missing.sort()).toEqual(['A-2024-003', 'A-2024-004']);

    const m1 = r.matched.find((m) => m.caseNo === 'A-2024-001')!;
    expect(m1.pages).toBe(12);
    expect(m1.pagesWithoutText).toBe(2);
    expect(m1.alreadyAttached).toBe(false);
    expect(m1.sha256).toBe(sha(bytes1));
  });

  it('copies each file into the store folder under its SHA-256', async () => {
    const r = await attachFiles(ctx, { campaignId, dir: pdfDir }, { actor: '张评查' });
    for (const [m, b] of [
      [r.matched.find((x) => x.caseNo === 'A-2024-001')!, bytes1],
      [r.matched.find((x) => x.caseNo === CASE_2)!, bytes2],
    ] as const) {
      const target = storedFilePath(store, sha(b));
      expect(target).toBe(join(store.filesDir, `${m.sha256}.pdf`));
      expect(new Uint8Array(readFileSync(target))).toEqual(b);
    }
    // Only the two stored copies; no temporary files left behind, nothing for the corrupt file.
    expect(readdirSync(store.filesDir).sort()).toEqual([`${sha(bytes1)}.pdf`, `${sha(bytes2)}.pdf`].sort());
  });

  it('records files, page texts and detected documents, with one audit entry per file', async () => {
    await attachFiles(ctx, { campaignId, dir: pdfDir }, { actor: '张评查' });
    const repo = filesRepository(ctx.db);
    const [file] = repo.listFiles(dossierIds['A-2024-001']!);
    expect(file).toMatchObject({ originalName: '示例局/A-2024-001.PDF', sizeBytes: bytes1.length, pageCount: 12, actor: '张评查' });
    const pages = repo.listPages(file!.id);
    expect(pages.map((p) => p.pageNo)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(pages.filter((p) => p.textSource === 'none').map((p) => p.pageNo)).toEqual([6, 7]);
    expect(pages[1]!.text.split('\n').slice(0, 3)).toEqual([UNIT, '立案审批表', '案号：A-2024-001']);
    expect(repo.listTags(file!.id).every((t) => t.source === 'auto')).toBe(true);

    const audit = ctx.db.prepare(`SELECT actor, action, entity, entity_id, after FROM audit_log ORDER BY seq`).all() as { actor: string; action: string; entity: string; entity_id: string; after: string }[];
    expect(audit.map((a) => [a.action, a.entity, a.actor])).toEqual([
      ['attach', 'dossier_file', '张评查'],
      ['attach', 'dossier_file', '张评查'],
    ]);
    expect(audit.map((a) => JSON.parse(a.after).caseNo).sort()).toEqual(['A-2024-001', CASE_2].sort());
    expect(verifyAuditChain(ctx.db).ok).toBe(true);
  });

  it('builds the document map with start and end pages', async () => {
    await attachFiles(ctx, { campaignId, dir: pdfDir }, { actor: '张评查' });
    const map = getDocumentMap(ctx, { dossierId: dossierIds['A-2024-001']! });
    expect(map.map((d) => [d.title, d.startPage, d.endPage, d.source])).toEqual([
      ['卷宗封面', 1, 1, 'auto'],
      ['立案审批表', 2, 2, 'auto'],
      ['询问笔录', 3, 7, 'auto'], // the two scanned evidence pages have no text: they stay with the record before them
      ['行政处罚事先告知书', 8, 8, 'auto'],
      ['行政处罚决定书', 9, 10, 'auto'],
      ['送达回证', 11, 11, 'auto'],
      ['结案报告', 12, 12, 'auto'],
    ]);
    const map2 = getDocumentMap(ctx, { dossierId: dossierIds[CASE_2]! });
    expect(map2.map((d) => [d.docType, d.startPage, d.endPage])).toEqual([
      ['FILING_APPROVAL', 1, 1],
      ['SITE_INSPECTION_RECORD', 2, 2],
      ['PENALTY_DECISION', 3, 3],
    ]);
  });

  it('is idempotent: attaching the same files again adds no rows and no audit entries', async () => {
    await attachFiles(ctx, { campaignId, dir: pdfDir }, { actor: '张评查' });
    const before = ['dossier_files', 'dossier_pages', 'document_tags', 'audit_log'].map((t) => count(ctx, t));
    const again = await attachFiles(ctx, { campaignId, dir: pdfDir }, { actor: '李评查' });
    expect(['dossier_files', 'dossier_pages', 'document_tags', 'audit_log'].map((t) => count(ctx, t))).toEqual(before);
    expect(again.matched).toHaveLength(2);
    expect(again.matched.every((m) => m.alreadyAttached)).toBe(true);
    expect(again.matched.find((m) => m.caseNo === 'A-2024-001')!.documents).toHaveLength(7);
    expect(again.missing.sort()).toEqual(['A-2024-003', 'A-2024-004']);
  });

  it('lists as missing only the sampled dossiers once a sample has been drawn', async () => {
    const drawId = newId();
    ctx.db
      .prepare(`INSERT INTO sample_draws (id, campaign_id, seed, settings, population, algorithm, is_current, drawn_at, actor) VALUES (?, ?, 's', '{}', '{}', 'test', 1, ?, 't')`)
      .run(drawId, campaignId, nowIso());
    const sample = ctx.db.prepare(`INSERT INTO samples (id, draw_id, dossier_id, draw_order, stratum, origin, withdrawn) VALUES (?, ?, ?, ?, 'all', 'random', ?)`);
    sample.run(newId(), drawId, dossierIds['A-2024-001'], 1, 0);
    sample.run(newId(), drawId, dossierIds['A-2024-004'], 2, 0);
    sample.run(newId(), drawId, dossierIds['A-2024-003'], 3, 1); // withdrawn
    const r = await attachFiles(ctx, { campaignId, dir: pdfDir }, { actor: '张评查' });
    expect(r.missing).toEqual(['A-2024-004']);
  });
});

describe('attachFiles from a list of files', () => {
  it('matches by name, and a corrupt file in the batch does not stop the others', async () => {
    const p4 = join(tmp, 'A-2024-004.pdf');
    writeFileSync(p4, await makeDossierPdf(SPEC_4));
    const r = await attachFiles(
      ctx,
      {
        campaignId,
        files: [
          { name: 'A-2024-003.pdf', path: join(pdfDir, '示例局', 'A-2024-003.pdf') }, // corrupt, first in the batch
          { name: 'A-2024-004.pdf', path: p4 },
          { name: '示例局/A-2024-001.pdf', path: join(pdfDir, '示例局', 'A-2024-001.PDF') },
          { name: '缺失.pdf', path: join(tmp, '不存在.pdf') },
        ],
      },
      { actor: '张评查' },
    );
    expect(r.matched.map((m) => m.caseNo).sort()).toEqual(['A-2024-001', 'A-2024-004']);
    expect(r.failed.map((f) => f.file)).toEqual(['A-2024-003.pdf']);
    expect(r.unmatched).toEqual(['缺失.pdf']);
    expect(r.missing.sort()).toEqual(['A-2024-003', CASE_2].sort());
    const map = getDocumentMap(ctx, { dossierId: dossierIds['A-2024-004']! });
    expect(map.map((d) => [d.docType, d.startPage, d.endPage])).toEqual([['ONSPOT_DECISION', 1, 1]]);
  });

  it('reports an unreadable matched file as failed', async () => {
    const r = await attachFiles(ctx, { campaignId, files: [{ name: 'A-2024-004.pdf', path: join(tmp, '不存在.pdf') }] }, { actor: 't' });
    expect(r.matched).toEqual([]);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0]!.message).toContain('A-2024-004.pdf');
    expect(count(ctx, 'dossier_files')).toBe(0);
  });

  it('refuses an unknown campaign, an empty request and a missing folder', async () => {
    await expect(attachFiles(ctx, { campaignId: 'nope', dir: pdfDir })).rejects.toMatchObject({ code: 'not_found' });
    await expect(attachFiles(ctx, { campaignId })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(attachFiles(ctx, { campaignId, dir: join(tmp, '没有这个文件夹') })).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('attaches the same content to a dossier once, even when given twice in one batch', async () => {
    const p = join(pdfDir, '示例局', 'A-2024-001.PDF');
    const r = await attachFiles(ctx, { campaignId, files: [{ name: 'A-2024-001.pdf', path: p }, { name: '示例局/A-2024-001.pdf', path: p }] }, { actor: 't' });
    expect(r.matched).toHaveLength(2);
    expect(r.matched.map((m) => m.alreadyAttached)).toEqual([false, true]);
    expect(new Set(r.matched.map((m) => m.fileId)).size).toBe(1);
    expect(count(ctx, 'dossier_files')).toBe(1);
  });
});

describe('manual document tags', () => {
  it('sets, corrects and removes document starts, with audit entries', async () => {
    const r = await attachFiles(ctx, { campaignId, dir: pdfDir }, { actor: '张评查' });
    const fileId = r.matched.find((m) => m.caseNo === 'A-2024-001')!.fileId;
    const dossierId = dossierIds['A-2024-001']!;
    const auditBefore = count(ctx, 'audit_log');

    // The scanned pages 6–7 are really 证据材料.
    setDocumentStart(ctx, { fileId, pageNo: 6, docType: 'EVIDENCE' }, { actor: '张评查' });
    let map = getDocumentMap(ctx, { dossierId });
    expect(map.find((d) => d.docType === 'INQUIRY_RECORD')).toMatchObject({ startPage: 3, endPage: 5 });
    expect(map.find((d) => d.docType === 'EVIDENCE')).toMatchObject({ title: '证据材料', startPage: 6, endPage: 7, source: 'manual' });

    // Re-label the 送达回证 on page 11 as a custom document.
    const tag = map.find((d) => d.startPage === 11)!;
    correctDocumentTag(ctx, { tagId: tag.tagId, docType: 'OTHER', title: '送达地址确认书' }, { actor: '张评查' });
    map = getDocumentMap(ctx, { dossierId });
    expect(map.find((d) => d.startPage === 11)).toMatchObject({ docType: 'OTHER', title: '送达地址确认书', source: 'manual' });

    // Remove the 结案报告 start: the decision's 送达 document now runs to the last page.
    removeDocumentTag(ctx, { tagId: map.find((d) => d.startPage === 12)!.tagId }, { actor: '张评查' });
    map = getDocumentMap(ctx, { dossierId });
    expect(map.at(-1)).toMatchObject({ startPage: 11, endPage: 12 });

    expect(count(ctx, 'audit_log')).toBe(auditBefore + 3);
    expect(() => setDocumentStart(ctx, { fileId, pageNo: 13, docType: 'EVIDENCE' }, { actor: 'x' })).toThrow(/页码/);
    expect(() => setDocumentStart(ctx, { fileId, pageNo: 2, docType: 'NO_SUCH' }, { actor: 'x' })).toThrow(/未知的文书类型/);

    // Re-attaching keeps the reviewer's corrections.
    await attachFiles(ctx, { campaignId, dir: pdfDir }, { actor: '张评查' });
    expect(getDocumentMap(ctx, { dossierId })).toEqual(map);
  });
});

describe('matching keys', () => {
  it('normalises relative paths and case numbers', () => {
    expect(pathKey('.\\示例局\\\\A-1.PDF')).toBe('示例局/A-1.pdf');
    expect(pathKey('/示例局/A-1.Pdf')).toBe('示例局/A-1.pdf');
    expect(pathKey('示例局/A-1.pdf')).not.toBe(pathKey('示例局/a-1.pdf'));
    expect(caseNoKey('示市监处罚[2024]16号')).toBe(caseNoKey('示市监处罚〔2024〕16号'));
    expect(caseNoKey('示市监处罚（2024）16号')).toBe(caseNoKey('示市监处罚〔2024〕16号'));
    expect(caseNoKey('a-2024-001')).toBe(caseNoKey('A-2024-001'));
    expect(caseNoKey('A-2024-001')).not.toBe(caseNoKey('A-2024-0011'));
  });

  it('does not store anything for a file that was never attached', () => {
    expect(existsSync(storedFilePath(store, 'f'.repeat(64)))).toBe(false);
  });
});
