/**
 * Campaign-level outputs over a seeded campaign (40 reviewed dossiers × 60 answers, 4 units):
 * the overview's numbers against independent SQL counts, the bulletin draft round trip, and every
 * document read back — bulletin PDF text and DOCX XML (with its chart images), unit summary,
 * 整改通知, and the workbook opened with exceljs' reader.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedReviewedCampaign } from '../../bench/reports';
import { openCore, type Core } from '../../electron/core';
import { closeSharedChromiumPrinter } from '../../electron/core/export/chromium-printer';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { ExportResult, ExportStartInput } from '../../shared/api/namespaces/exports';
import { percent } from '../../shared/domain/reports/aggregate';
import { containsAnyEncoding, docxParagraphs, docxParts, pdfText } from '../export/helpers';

let core: Core;
let api: Api;
let dir: string;
let campaignId: string;
let unitNames: string[];
const SECRET_ID = '110101199003071234';
const VETO_CASE = '基准罚〔2025〕00003号';

async function exportFile(name: string, input: Omit<ExportStartInput, 'campaignId' | 'destination'>): Promise<{ result: ExportResult; bytes: Buffer }> {
  const started = await api.exports.start({ campaignId, destination: { kind: 'path', path: join(dir, name) }, ...input });
  const job = await core.context.jobs.wait(started.jobId);
  expect(job.error).toBeNull();
  const result = job.result as ExportResult;
  return { result, bytes: readFileSync(result.path!) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-reports-'));
  core = await openCore(join(dir, 'store.sqlite'));
  api = createApiClient((m, i) => core.dispatch(m, i, { actor: '李科长', transport: 'test' }));
  const seeded = seedReviewedCampaign(core.store.db, { dossiers: 40, itemsPerReview: 60, units: 4, seed: 7 });
  campaignId = seeded.campaignId;
  unitNames = seeded.unitNames;
  // A reviewer's note quoting the party's ID number: every masked output must hide it.
  core.store.db
    .prepare(
      `UPDATE answers SET verdict = 'deduct', deduction = 1, note = ? WHERE id = (
         SELECT a.id FROM answers a JOIN reviews r ON r.id = a.review_id JOIN dossiers d ON d.id = r.dossier_id
         WHERE d.campaign_id = ? AND a.item_code = (SELECT item_code FROM answers GROUP BY item_code ORDER BY SUM(verdict = 'deduct') DESC LIMIT 1)
           AND a.verdict = 'conform' LIMIT 1)`,
    )
    .run(`当事人身份证号${SECRET_ID}未核对`, campaignId);
  // One vetoed dossier (主要证据不足), so the veto lists have content.
  const vetoed = core.store.db
    .prepare(`SELECT r.id FROM reviews r JOIN dossiers d ON d.id = r.dossier_id WHERE d.campaign_id = ? AND d.case_no = ?`)
    .pluck()
    .get(campaignId, VETO_CASE) as string;
  core.store.db.prepare(`UPDATE reviews SET veto = 1, total = 0, grade = '不合格' WHERE id = ?`).run(vetoed);
  core.store.db
    .prepare(`UPDATE answers SET verdict = 'veto', deduction = 0, note = '主要证据不足' WHERE review_id = ? AND item_code = (SELECT MIN(item_code) FROM answers WHERE review_id = ?)`)
    .run(vetoed, vetoed);
}, 120_000);

afterAll(async () => {
  await closeSharedChromiumPrinter();
  core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('overview', () => {
  it('matches independent SQL counts', async () => {
    const o = await api.reports.overview({ campaignId });
    const db = core.store.db;
    expect(o.reviewed).toBe(40);
    expect(o.unitCount).toBe(4);
    const byGrade = Object.fromEntries(db.prepare('SELECT grade, COUNT(*) n FROM reviews GROUP BY grade').raw().all() as [string, number][]);
    for (const g of o.grades) expect(g.count, g.grade).toBe(byGrade[g.grade] ?? 0);
    expect(o.passed).toBe(40 - (byGrade['不合格'] ?? 0));
    const mean = db.prepare('SELECT AVG(total) FROM reviews').pluck().get() as number;
    expect(o.meanScore).toBeCloseTo(mean, 2);
    expect(o.histogram.reduce((s, b) => s + b.count, 0)).toBe(40);
    const top = db
      .prepare(`SELECT item_code, COUNT(*) n FROM answers WHERE verdict IN ('deduct','veto') GROUP BY item_code ORDER BY n DESC, item_code LIMIT 1`)
      .raw()
      .get() as [string, number];
    expect(o.problemsByItem[0].itemCode).toBe(top[0]);
    expect(o.problemsByItem[0].count).toBe(top[1]);
    // Ranking: non-increasing mean.
    for (let i = 1; i < o.units.length; i++) expect(o.units[i].meanScore).toBeLessThanOrEqual(o.units[i - 1].meanScore);
    expect(o.units.map((u) => u.reviewed)).toEqual([10, 10, 10, 10]);
    // Notes are masked in the overview too.
    expect(JSON.stringify(o)).not.toContain(SECRET_ID);
  });
});

describe('bulletin draft', () => {
  it('generates a draft, stores the edited one (audited) and resets it', async () => {
    const first = await api.reports.bulletinDraft({ campaignId });
    expect(first.edited).toBe(false);
    expect(first.draft.body).toContain('共对 4 个执法单位的 40 卷');
    expect(first.draft.body).toContain('【图表：等次分布】');
    const saved = await api.reports.saveBulletinDraft({
      campaignId,
      draft: { ...first.draft, docNo: '示司通〔2025〕12号', body: `${first.draft.body}\n经研究，对表现突出的单位予以表扬。` },
    });
    expect(saved.edited).toBe(true);
    expect(saved.updatedBy).toBe('李科长');
    expect((await api.reports.bulletinDraft({ campaignId })).draft.docNo).toBe('示司通〔2025〕12号');
    const rows = core.store.db.prepare(`SELECT action FROM audit_log WHERE entity = 'report_draft'`).pluck().all();
    expect(rows).toContain('save_bulletin_draft');
    await expect(api.reports.saveBulletinDraft({ campaignId, draft: { ...first.draft, body: '   ' } })).rejects.toThrow(/正文不能为空/);
  });

  it('exports the edited draft as an A4 PDF with counts, unit names and the 文号, masking personal data', async () => {
    const { bytes } = await exportFile('bulletin.pdf', { kind: 'bulletin', format: 'pdf' });
    const { all, pages } = await pdfText(bytes);
    expect(all).toContain('示司通〔2025〕12号');
    expect(all).toContain('经研究，对表现突出的单位予以表扬。');
    expect(all.replace(/\s+/g, '')).toContain('共对4个执法单位的40卷');
    const o = await api.reports.overview({ campaignId });
    expect(all).toContain(percent(o.passRate));
    const flat = all.replace(/\s+/g, '');
    for (const g of o.grades) expect(flat).toContain(`${g.grade}${g.count}卷（占${percent(g.share)}）`);
    for (const name of unitNames) expect(all).toContain(name);
    expect(all).toContain('案卷评查等次分布'); // chart title inside the inline SVG
    expect(pages.length).toBeGreaterThan(1);
    expect(containsAnyEncoding(bytes, SECRET_ID)).toBe(false);
  }, 60_000);

  it('exports DOCX with the paragraphs and the four charts as images', async () => {
    const { bytes } = await exportFile('bulletin.docx', { kind: 'bulletin', format: 'docx' });
    const parts = await docxParts(bytes);
    const doc = parts.get('word/document.xml')!;
    const paras = docxParagraphs(doc);
    expect(paras.some((p) => p.includes('示司通〔2025〕12号'))).toBe(true);
    expect(paras.some((p) => p.includes('一、基本情况'))).toBe(true);
    expect(paras.some((p) => p.includes('经研究，对表现突出的单位予以表扬。'))).toBe(true);
    const images = [...parts.keys()].filter((k) => k.startsWith('word/media/'));
    expect(images.length).toBe(4);
    expect((doc.match(/<w:drawing>/g) ?? []).length).toBe(4);
    expect(doc).not.toContain(SECRET_ID);
  }, 60_000);

  it('falls back to the generated draft after a reset', async () => {
    const reset = await api.reports.resetBulletinDraft({ campaignId });
    expect(reset.edited).toBe(false);
    expect(reset.draft.docNo).toBe('×司通〔2025〕×号');
  });
});

describe('unit summary and notice', () => {
  it('lists the vetoed dossier with its reason in the unit summary and the bulletin', async () => {
    const o = await api.reports.overview({ campaignId });
    expect(o.vetoCases.map((v) => [v.caseNo, v.reasons])).toContainEqual([VETO_CASE, ['主要证据不足']]);
    const unit = o.units.find((u) => u.unitName === o.vetoCases.find((v) => v.caseNo === VETO_CASE)!.unitName)!;
    expect(unit.vetoCount).toBeGreaterThanOrEqual(1);
    const { bytes } = await exportFile('summary-veto.pdf', { kind: 'summary', format: 'pdf', unitId: unit.unitId });
    const flat = (await pdfText(bytes)).all.replace(/\s+/g, '');
    expect(flat).toContain('四、存在否决情形的案卷');
    expect(flat).toContain('主要证据不足');
    const bulletin = (await pdfText((await exportFile('bulletin-veto.pdf', { kind: 'bulletin', format: 'pdf' })).bytes)).all.replace(/\s+/g, '');
    expect(bulletin).toContain('存在否决情形的案卷');
    expect(bulletin).toContain(VETO_CASE);
  }, 60_000);

  it('summarises one unit: its dossiers, pass rate and problems', async () => {
    const o = await api.reports.overview({ campaignId });
    const unit = o.units[0];
    const { bytes } = await exportFile('summary.pdf', { kind: 'summary', format: 'pdf', unitId: unit.unitId });
    const { all } = await pdfText(bytes);
    const flat = all.replace(/\s+/g, '');
    expect(flat).toContain(unit.unitName);
    expect(flat).toContain(`排名第${unit.rank}位`);
    expect(flat).toContain(`合格率${percent(unit.passRate)}`);
    const caseNos = core.store.db
      .prepare('SELECT d.case_no FROM dossiers d WHERE d.unit_id = ? AND d.campaign_id = ?')
      .pluck()
      .all(unit.unitId, campaignId) as string[];
    expect(caseNos.length).toBe(10);
    for (const no of caseNos) expect(flat).toContain(no);
    // Parties are persons: masked (张* not 张伟).
    expect(flat).not.toMatch(/张[伟芳娜敏静]/);
    const docx = await exportFile('summary.docx', { kind: 'summary', format: 'docx', unitId: unit.unitId });
    const parts = await docxParts(docx.bytes);
    const doc = parts.get('word/document.xml')!;
    expect(docxParagraphs(doc)).toContain(`单位评查汇总　·　${unit.unitName}`);
    for (const no of caseNos) expect(doc).toContain(no);
    expect(doc).not.toMatch(/张[伟芳娜敏静]/);
  }, 60_000);

  it('writes a 整改通知 with problems grouped by item, their legal basis and the deadline', async () => {
    const o = await api.reports.overview({ campaignId });
    const unit = o.units[1];
    await api.notices.issue({ campaignId, unitId: unit.unitId, replyDeadline: '2099-12-31' });
    const { bytes } = await exportFile('notice.pdf', { kind: 'notice', format: 'pdf', unitId: unit.unitId });
    const flat = (await pdfText(bytes)).all.replace(/\s+/g, '');
    expect(flat).toContain('整改通知书');
    expect(flat).toContain(`${unit.unitName}：`);
    expect(flat).toContain('2099年12月31日前');
    const problems = core.store.db
      .prepare(
        `SELECT DISTINCT a.item_code FROM answers a JOIN reviews r ON r.id = a.review_id JOIN dossiers d ON d.id = r.dossier_id
         WHERE d.unit_id = ? AND a.verdict IN ('deduct','veto')`,
      )
      .pluck()
      .all(unit.unitId) as string[];
    expect(problems.length).toBeGreaterThan(0);
    for (const code of problems) expect(flat).toContain(code);
    const docx = await exportFile('notice.docx', { kind: 'notice', format: 'docx', unitId: unit.unitId });
    const paras = docxParagraphs((await docxParts(docx.bytes)).get('word/document.xml')!);
    expect(paras).toContain('整改通知书');
  }, 60_000);
});

describe('workbook', () => {
  it('has typed cells, frozen headers, autofilters and a row per dossier and per answer', async () => {
    const { bytes } = await exportFile('data.xlsx', { kind: 'workbook', format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['案卷', '评查项', '自动检查发现', '单位汇总', '异议', '评查一致性']);
    const dossiers = wb.getWorksheet('案卷')!;
    expect(dossiers.rowCount).toBe(41);
    expect(dossiers.getRow(1).getCell(1).value).toBe('案卷编号');
    const header = (dossiers.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const row2 = dossiers.getRow(2);
    expect(typeof row2.getCell(col('得分')).value).toBe('number');
    expect(row2.getCell(col('结案日期')).value).toBeInstanceOf(Date);
    expect((row2.getCell(col('结案日期')).value as Date).toISOString()).toMatch(/^2025-06-\d\dT00:00:00/);
    expect(typeof row2.getCell(col('罚款金额（元）')).value).toBe('number');
    expect(String(row2.getCell(col('当事人')).value)).toMatch(/^张\*$/);
    expect(dossiers.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(dossiers.autoFilter).toBeTruthy();
    const answers = wb.getWorksheet('评查项')!;
    expect(answers.rowCount).toBe(40 * 60 + 1);
    expect(answers.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(answers.autoFilter).toBeTruthy();
    const deductions = (answers.getColumn(7).values as unknown[]).slice(2);
    expect(deductions.every((v) => typeof v === 'number')).toBe(true);
    const sum = deductions.reduce((s: number, v) => s + (v as number), 0);
    const sqlSum = core.store.db.prepare('SELECT SUM(deduction) FROM answers').pluck().get() as number;
    expect(sum).toBeCloseTo(sqlSum, 6);
    const units = wb.getWorksheet('单位汇总')!;
    expect(units.rowCount).toBe(5);
    const passCell = units.getRow(2).getCell((units.getRow(1).values as unknown[]).indexOf('合格率'));
    expect(typeof passCell.value).toBe('number');
    expect(passCell.numFmt).toBe('0.00%');
    expect(containsAnyEncoding(bytes, SECRET_ID)).toBe(false);
  }, 60_000);
});

describe('cancelling', () => {
  it('leaves no file at the target when a workbook export is cancelled', async () => {
    const target = join(dir, 'cancelled.xlsx');
    const started = await api.exports.start({ campaignId, kind: 'workbook', format: 'xlsx', destination: { kind: 'path', path: target } });
    await api.jobs.cancel({ id: started.jobId });
    const job = await core.context.jobs.wait(started.jobId);
    expect(job.status).toBe('cancelled');
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('cancelled'))).toEqual([]);
  });
});
