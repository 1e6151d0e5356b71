/**
 * The 评查表 exports, read back: PDF text (pdf.js) and DOCX XML carry the dossier number, every
 * deduction, the dimension subtotals and the total exactly as the workspace scores them, and a
 * masked export carries no unmasked personal value anywhere — text, metadata, XML parts, file name.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedChromiumPrinter } from '../../electron/core/export/chromium-printer';
import type { ExportResult, ExportStartInput } from '../../shared/api/namespaces/exports';
import type { Job } from '../../shared/api/namespaces/jobs';
import { ID_NUMBER, PARTY, PHONE, reviewedFixture, type ReviewedFixture } from './fixture';
import { containsAnyEncoding, docxParagraphs, docxParts, docxRows, pdfMetadata, pdfText } from './helpers';

let f: ReviewedFixture;
let dir: string;

const pts = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

async function exportTo(name: string, input: Omit<ExportStartInput, 'campaignId' | 'destination'>): Promise<{ job: Job; result: ExportResult; bytes: Buffer }> {
  const started = await f.api.exports.start({ campaignId: f.campaignId, destination: { kind: 'path', path: join(dir, name) }, ...input });
  const job = await f.core.context.jobs.wait(started.jobId);
  expect(job.error).toBeNull();
  expect(job.status).toBe('done');
  const result = job.result as ExportResult;
  return { job, result, bytes: readFileSync(result.path!) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-export-'));
  f = await reviewedFixture(join(dir, 'store.sqlite'));
}, 120_000);

afterAll(async () => {
  await closeSharedChromiumPrinter();
  f?.core.close();
  rmSync(dir, { recursive: true, force: true });
});

const deductedItems = () => f.sheet.score.items.filter((i) => i.deducted > 0);
/** The 得分 printed for an item: its score, or "—" where its dimension is scored as a whole (扣完为止, PG v3). */
const printedScore = (item: { dimension: string; score: number }) =>
  f.sheet.template.dimensions.find((d) => d.code === item.dimension)?.deductionCap === 'dimension' ? '—' : pts(item.score);

describe('评查表 PDF', () => {
  it('shows the dossier number, every deduction, the subtotals and the total the workspace computes', async () => {
    const { bytes } = await exportTo('sheet.pdf', { kind: 'sheet', format: 'pdf', dossierId: f.dossierId });
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { all, pages } = await pdfText(bytes);
    expect(pages.length).toBeGreaterThan(1);
    expect(all).toContain('行政执法案卷评查表');
    expect(all).toContain(f.caseNo);
    expect(all).toContain('2025年度行政执法案卷评查');

    const score = f.sheet.score;
    expect(deductedItems().length).toBe(3);
    const titles = new Map(f.sheet.template.items.map((i) => [i.code, i.title]));
    for (const item of deductedItems()) {
      const at = all.indexOf(`${titles.get(item.code)} ${item.code}`);
      expect(at, item.code).toBeGreaterThan(-1);
      const row = all.slice(at, at + 300);
      expect(row).toMatch(new RegExp(`扣分\\s+${pts(item.deducted).replace('.', '\\.')}\\s+${printedScore(item).replace('.', '\\.')}`));
    }
    expect(all).toContain('页码：第12页、第15页（送达回证）');
    for (const d of score.dimensions) expect(all).toContain(`${d.name} ${pts(d.score)}/${pts(d.applicableMax)}`);
    expect(all).toMatch(new RegExp(`总分 ${pts(score.total)} 分（满分 ${pts(score.maxTotal)} 分）`));
    expect(all).toContain(`等次 ${score.grade}`);
    // The sheet's total is the stored one the workspace shows.
    const stored = await f.api.reviews.get({ reviewId: f.reviewId });
    expect(stored.review.total).toBe(score.total);

    // Confirmed findings with their legal basis and computation; proposed ones stay out.
    expect(all).toContain('决定书送达超过法定期限');
    expect(all.replace(/\s/g, '')).toContain('《行政处罚法》第三十六条');
    expect(all).toContain('超期');
    expect(all).not.toContain('仅为待确认的发现');
    expect(all).toContain('评查人员（签字）');
    expect(all).toContain('评查组长（签字）');
    expect(all).toMatch(/第 1 页 \/ 共 \d+ 页/);
  }, 60_000);

  it('masks personal data: no unmasked ID number, phone or name in the text, metadata, bytes or file name', async () => {
    const { bytes, result } = await exportTo('masked.pdf', { kind: 'sheet', format: 'pdf', dossierId: f.dossierId });
    const { all } = await pdfText(bytes);
    const meta = await pdfMetadata(bytes);
    expect(all).toContain('110101********1234');
    expect(all).toContain('138****5678');
    expect(all).toContain('欧阳**');
    for (const secret of [ID_NUMBER, PHONE, PARTY]) {
      expect(all).not.toContain(secret);
      expect(meta).not.toContain(secret);
      expect(containsAnyEncoding(bytes, secret)).toBe(false);
      expect(result.fileName).not.toContain(secret);
    }
    // The note quoted the ID number and the name: masked there too.
    expect(all.replace(/\s/g, '')).toContain('当事人欧阳**（身份证号110101********1234）未签收');
  }, 60_000);

  it('names a download after the dossier, masked', async () => {
    const started = await f.api.exports.start({ campaignId: f.campaignId, kind: 'sheet', format: 'docx', dossierId: f.dossierId, destination: { kind: 'download' } });
    const job = await f.core.context.jobs.wait(started.jobId);
    const result = job.result as ExportResult;
    expect(result.fileName).toMatch(/^评查表_.+_欧阳＊＊\.docx$/);
    expect(result.fileName).toContain(f.caseNo);
    expect(result.downloadUrl).toMatch(/^\/exports\/[A-Za-z0-9_-]+$/);
    expect(result.path).toBeNull();
  });
});

describe('评查表 DOCX', () => {
  it('holds the header, every item with its verdict and deduction, the subtotals and the total', async () => {
    const { bytes } = await exportTo('sheet.docx', { kind: 'sheet', format: 'docx', dossierId: f.dossierId });
    const parts = await docxParts(bytes);
    const doc = parts.get('word/document.xml')!;
    const paragraphs = docxParagraphs(doc);
    expect(paragraphs[0]).toBe('行政执法案卷评查表');
    const rows = docxRows(doc);
    expect(rows).toContainEqual(expect.arrayContaining(['案卷编号', f.caseNo]));
    expect(rows).toContainEqual(expect.arrayContaining(['当事人', expect.stringContaining('欧阳**')]));
    const applicable = f.sheet.applicable;
    const itemRows = rows.filter((r) => r.length === 7 && /^\d+$/.test(r[0]));
    expect(itemRows.length).toBe(applicable.length);
    for (const item of f.sheet.score.items.filter((i) => i.applicable)) {
      const row = itemRows.find((r) => r[1].includes(item.code))!;
      expect(row, item.code).toBeDefined();
      if (item.deducted > 0) expect(row.slice(3, 6)).toEqual(['扣分', pts(item.deducted), printedScore(item)]);
    }
    const subtotals = rows.filter((r) => r[1] === '小计');
    expect(subtotals.map((r) => r[5])).toEqual(f.sheet.score.dimensions.filter((d) => subtotals.length && d.applicableMax >= 0).slice(0, subtotals.length).map((d) => pts(d.score)));
    const total = rows.find((r) => r[0] === '总分')!;
    expect(total[1]).toContain(`${pts(f.sheet.score.total)} 分`);
    expect(total[3]).toBe(f.sheet.score.grade);
    // Header rows repeat and rows never split across pages.
    expect(doc).toContain('<w:tblHeader/>');
    expect(doc).toContain('<w:cantSplit/>');
    // Nothing unmasked in any part (document, core properties with the title, footer…).
    for (const [name, xml] of parts) for (const secret of [ID_NUMBER, PHONE, PARTY]) expect(xml.includes(secret), `${name} ${secret}`).toBe(false);
    expect(parts.get('docProps/core.xml')).toContain(f.caseNo);
  });

  it('an unmasked export (explicitly asked for) shows the values and is recorded in the audit log', async () => {
    const { bytes } = await exportTo('unmasked.docx', { kind: 'sheet', format: 'docx', dossierId: f.dossierId, mask: { idNumber: false, phone: false, personName: false } });
    const doc = (await docxParts(bytes)).get('word/document.xml')!;
    expect(doc).toContain(ID_NUMBER);
    expect(doc).toContain(PARTY);
    const [entry] = await f.api.audit.list({ entityId: f.dossierId, limit: 5 });
    expect(entry).toMatchObject({ action: 'export_unmasked', entity: 'dossier' });
  });
});

describe('空白评查表', () => {
  it('lists every applicable item with its maximum and empty columns, header from the register', async () => {
    for (const format of ['pdf', 'docx'] as const) {
      const { bytes } = await exportTo(`blank.${format}`, { kind: 'blank', format, dossierId: f.unreviewed.dossierId });
      if (format === 'docx') {
        const doc = (await docxParts(bytes)).get('word/document.xml')!;
        expect(docxParagraphs(doc)[0]).toBe('行政执法案卷评查表（空白）');
        const rows = docxRows(doc);
        expect(rows).toContainEqual(expect.arrayContaining(['案卷编号', f.unreviewed.caseNo]));
        const itemRows = rows.filter((r) => r.length === 7 && /^\d+$/.test(r[0]));
        expect(itemRows.length).toBeGreaterThan(10);
        for (const r of itemRows) {
          expect(r[2]).toMatch(/^(\d+(\.\d)?|否决|—)$/);
          expect(r.slice(3)).toEqual(['', '', '', '']);
        }
      } else {
        const { all } = await pdfText(bytes);
        expect(all).toContain('行政执法案卷评查表（空白）');
        expect(all).toContain(f.unreviewed.caseNo);
        expect(all).toContain('□ 否');
      }
    }
  }, 60_000);

  it('a dossier never reviewed cannot give a filled sheet, and the error says what to do', async () => {
    const started = await f.api.exports.start({ campaignId: f.campaignId, kind: 'sheet', format: 'pdf', dossierId: f.unreviewed.dossierId, destination: { kind: 'path', path: join(dir, 'none.pdf') } });
    const job = await f.core.context.jobs.wait(started.jobId);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toContain('可导出空白评查表');
    expect(existsSync(join(dir, 'none.pdf'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
