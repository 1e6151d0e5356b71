/**
 * Objections in the unit summary (单位评查汇总) and the workbook's 异议 sheet: the summary of the
 * objecting unit lists the upheld objection with the score before → after, other units' summaries
 * do not; the workbook registers every objection (a rejected one too) with who, when, grounds,
 * ruling, reason and scores, masked like the rest of the workbook.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { ExportResult, ExportStartInput } from '../../shared/api/namespaces/exports';
import { docxParagraphs, docxParts, docxRows } from '../export/helpers';
import { score } from '../../electron/core/export/reports/format';
import { crossReviewedDossier } from './fixture';

let dir: string;
let core: Core;
let api: Api;
let f: Awaited<ReturnType<typeof crossReviewedDossier>>;
let unitId: string;
let otherUnitId: string;
let n = 0;

async function exportFile(input: Omit<ExportStartInput, 'campaignId' | 'destination'>): Promise<Buffer> {
  const started = await api.exports.start({ campaignId: f.campaign.id, destination: { kind: 'path', path: join(dir, `out-${++n}.${input.format}`) }, ...input });
  const job = await core.context.jobs.wait(started.jobId);
  expect(job.error).toBeNull();
  return readFileSync((job.result as ExportResult).path!);
}

const summaryXml = async (unit: string) => (await docxParts(await exportFile({ kind: 'summary', format: 'docx', unitId: unit }))).get('word/document.xml')!;

async function objectionSheet(input: Partial<ExportStartInput> = {}) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await exportFile({ kind: 'workbook', format: 'xlsx', ...input })) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('异议');
  expect(sheet).toBeDefined();
  const rows: unknown[][] = [];
  sheet!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { header: rows[0], rows: rows.slice(1) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'objection-reports-'));
  core = await openCore(join(dir, 'c.sqlite'));
  api = createApiClient((m, i) => core.dispatch(m, i, { actor: '测试', transport: 'test' }));
  f = await crossReviewedDossier(api, '异议汇总');
  await api.reviews.submit({ reviewId: f.sheetA.review.id });
  await api.reviews.submit({ reviewId: f.sheetB.review.id });
  const rows = await api.exports.dossiers({ campaignId: f.campaign.id });
  unitId = rows.find((r) => r.dossierId === f.dossierId)!.unitId;
  // Another unit with a submitted review, so its summary exists and must not show this objection.
  const other = rows.find((r) => r.unitId !== unitId)!;
  const [assignment] = (await api.assignments.list({ campaignId: f.campaign.id })).filter((a) => a.dossierId === other.dossierId);
  const sheet = await api.reviews.open({ assignmentId: assignment.id });
  for (const code of sheet.applicable) await api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: code, verdict: 'conform' });
  await api.reviews.submit({ reviewId: sheet.review.id });
  otherUnitId = other.unitId;
}, 180_000);

afterAll(() => {
  core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('objections in the unit summary and the workbook', () => {
  it('lists an upheld objection in its unit summary and every objection in the 异议 sheet', async () => {
    const { dossierId, disputed, leader } = f;
    const caseNo = (await api.exports.dossiers({ campaignId: f.campaign.id })).find((r) => r.dossierId === dossierId)!.caseNo;
    const noneYet = await summaryXml(unitId);
    expect(docxParagraphs(noneYet).join('\n')).not.toContain('采纳异议的案卷');
    const emptySheet = await objectionSheet();
    expect(emptySheet.header).toEqual([
      '案卷编号', '执法单位', '异议事项', '异议人', '告知结果日期', '提出日期', '异议理由', '附件数', '裁定', '裁定理由', '裁定人', '裁定日期', '原得分', '裁定后得分', '得分变化', '原等次', '裁定后等次',
    ]);
    expect(emptySheet.rows).toEqual([]);

    // The 合议 deducted on the disputed item; the agency objects and the office upholds it.
    await api.consensus.decide({ dossierId, stage: 'agreed', itemCode: disputed.code, verdict: 'deduct', note: '送达回证缺签收日期', reason: '合议：缺签收日期', deciderId: leader.id });
    const upheld = await api.consensus.lodgeObjection({
      dossierId,
      itemCodes: [disputed.code],
      objector: '法规科 张三 13812345678',
      notifiedOn: '2025-09-01',
      lodgedOn: '2025-09-03',
      grounds: '签收日期见卷内第13页',
      files: [{ name: '说明.txt', dataBase64: Buffer.from('补充').toString('base64') }],
    });
    const ruled = await api.consensus.ruleObjection({
      objectionId: upheld.id,
      ruling: 'upheld',
      reason: '经核，签收日期在卷，不扣分',
      changes: [{ itemCode: disputed.code, verdict: 'conform' }],
      deciderId: leader.id,
    });
    const rejected = await api.consensus.lodgeObjection({ dossierId, itemCodes: [disputed.code], objector: '法规科 李四', lodgedOn: '2025-09-05', grounds: '再次申辩' });
    await api.consensus.ruleObjection({ objectionId: rejected.id, ruling: 'rejected', reason: '已按前一异议处理', deciderId: leader.id });
    await api.consensus.lodgeObjection({ dossierId, itemCodes: [disputed.code], objector: '法规科 王五', lodgedOn: '2025-09-08', grounds: '尚未裁定的异议' });

    // The unit summary: a section with the item, ruling + reason and the score before → after.
    const xml = await summaryXml(unitId);
    const text = docxParagraphs(xml).join('\n');
    expect(text).toContain('采纳异议的案卷');
    const row = docxRows(xml).find((r) => r.includes('采纳：经核，签收日期在卷，不扣分'))!;
    expect(row).toBeDefined();
    expect(row).toContain(caseNo);
    expect(row.some((c) => c.includes(disputed.title))).toBe(true);
    expect(ruled.totalAfter!).toBeCloseTo(ruled.totalBefore! + disputed.maxPoints, 6);
    expect(row.slice(-2)).toEqual([score(ruled.totalBefore!), score(ruled.totalAfter!)]);
    // Rejected and pending objections are not "upheld"; another unit's summary lists none.
    expect(text).not.toContain('已按前一异议处理');
    expect(docxParagraphs(await summaryXml(otherUnitId)).join('\n')).not.toContain('采纳异议的案卷');

    // The workbook registers all three, in the order they were lodged.
    const { rows } = await objectionSheet({ mask: { idNumber: false, phone: false, personName: false } });
    expect(rows.map((r) => r[8])).toEqual(['采纳', '不予采纳', '待裁定']);
    const [first, second, third] = rows;
    expect(first[0]).toBe(caseNo);
    expect(String(first[2])).toContain(disputed.code);
    expect(first[3]).toBe('法规科 张三 13812345678');
    expect((first[5] as Date).toISOString().slice(0, 10)).toBe('2025-09-03');
    expect(first[6]).toBe('签收日期见卷内第13页');
    expect(first[7]).toBe(1);
    expect(first[9]).toBe('经核，签收日期在卷，不扣分');
    expect(first[12]).toBeCloseTo(ruled.totalBefore!, 6);
    expect(first[13]).toBeCloseTo(ruled.totalAfter!, 6);
    expect(first[14]).toBeCloseTo(ruled.totalAfter! - ruled.totalBefore!, 6);
    expect(second[9]).toBe('已按前一异议处理');
    expect(third[9] ?? '').toBe('');
    expect(third[13] ?? null).toBeNull();

    // Masked (the default): the phone number in the objector's line is masked; one unit's workbook has only its objections.
    const masked = await objectionSheet();
    expect(String(masked.rows[0][3])).not.toContain('13812345678');
    expect((await objectionSheet({ unitId: otherUnitId })).rows).toEqual([]);
    expect((await objectionSheet({ unitId })).rows).toHaveLength(3);
  });
});
