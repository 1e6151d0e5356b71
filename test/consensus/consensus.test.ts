/**
 * 合议, 复核 and 异议 through the API: blind review holds, a 合议 answer changes what the exports
 * count while the individual reviews stay as they were, the 复核 queue follows the campaign's
 * settings, and an upheld objection changes the final score and the bulletin.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { ExportResult, ExportStartInput } from '../../shared/api/namespaces/exports';
import { AppError } from '../../shared/errors';
import { docxParagraphs, docxParts } from '../export/helpers';
import { crossReviewedDossier } from './fixture';

let dir: string;
const tempDir = () => dir;
let core: Core;
let api: Api;
let f: Awaited<ReturnType<typeof crossReviewedDossier>>;

const refused = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
};

async function exportFile(name: string, input: Omit<ExportStartInput, 'campaignId' | 'destination'>): Promise<Buffer> {
  const started = await api.exports.start({ campaignId: f.campaign.id, destination: { kind: 'path', path: join(tempDir(), name) }, ...input });
  const job = await core.context.jobs.wait(started.jobId);
  expect(job.error).toBeNull();
  return readFileSync((job.result as ExportResult).path!);
}

async function workbookRows(name: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await exportFile(name, { kind: 'workbook', format: 'xlsx' })) as unknown as ArrayBuffer);
  const rows = (sheet: string) => {
    const out: unknown[][] = [];
    wb.getWorksheet(sheet)!.eachRow((row, n) => {
      if (n > 1) out.push((row.values as unknown[]).slice(1));
    });
    return out;
  };
  return { dossiers: rows('案卷'), answers: rows('评查项') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consensus-'));
  core = await openCore(join(tempDir(), 'c.sqlite'));
  api = createApiClient((m, i) => core.dispatch(m, i, { actor: '测试', transport: 'test' }));
  f = await crossReviewedDossier(api, '交叉评查');
}, 120_000);

afterAll(() => {
  core?.close();
  rmSync(dir, { recursive: true, force: true });
});

const bulletinText = async (name: string) =>
  docxParagraphs((await docxParts(await exportFile(name, { kind: 'bulletin', format: 'docx' }))).get('word/document.xml')!).join('\n');

describe('blind review through the API', () => {
  it('a reviewer sees no other review until their own is submitted; the 组长 always can', async () => {
    const { dossierId, a, b, leader, outsider } = f;
    const e = await refused(api.consensus.compare({ dossierId, viewerId: a.id }));
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain('盲评');
    expect((await refused(api.consensus.compare({ dossierId, viewerId: outsider.id }))).code).toBe('forbidden');
    // Nothing submitted: the 组长 sees no review yet (drafts are not shown to anyone else).
    expect((await api.consensus.compare({ dossierId, viewerId: leader.id })).reviews).toEqual([]);

    // The same holds for reading one review by id, in 甲's session.
    const asA = createApiClient((m, i) => core.dispatch(m, i, { actor: '测试', transport: 'http', session: 'tab-a' }));
    await asA.session.choose({ reviewerId: a.id });
    expect((await refused(asA.reviews.get({ reviewId: f.sheetB.review.id }))).code).toBe('forbidden');
    expect((await asA.reviews.get({ reviewId: f.sheetA.review.id })).review.reviewerId).toBe(a.id);

    await api.reviews.submit({ reviewId: f.sheetA.review.id });
    expect((await asA.reviews.get({ reviewId: f.sheetB.review.id })).review.reviewerId).toBe(b.id);
    const seenByA = await api.consensus.compare({ dossierId, viewerId: a.id });
    // 乙 is still a draft: 甲 sees only submitted reviews (their own).
    expect(seenByA.reviews.map((r) => r.reviewer)).toEqual(['甲评查']);
    expect((await refused(api.consensus.compare({ dossierId, viewerId: b.id }))).message).toContain('乙评查');

    await api.reviews.submit({ reviewId: f.sheetB.review.id });
    const both = await api.consensus.compare({ dossierId, viewerId: b.id });
    expect(both.reviews.map((r) => r.reviewer).sort()).toEqual(['乙评查', '甲评查']);
  });
});

describe('blind review with sessions (我是谁)', () => {
  it('over HTTP the session decides who looks, whatever id the input names; no session, no look', async () => {
    const http = (session?: string) =>
      createApiClient((m, i) => core.dispatch(m, i, { actor: '测试', transport: 'http', ...(session ? { session } : {}) }));
    // 丙 is on the roster but not on this dossier: naming the 组长 in the input does not help.
    await http('tab-1').session.choose({ reviewerId: f.outsider.id });
    const asOutsider = await refused(http('tab-1').consensus.compare({ dossierId: f.dossierId, viewerId: f.leader.id }));
    expect(asOutsider.code).toBe('forbidden');
    expect(asOutsider.message).toContain('丙评查');
    expect((await refused(http().consensus.compare({ dossierId: f.dossierId, viewerId: f.leader.id }))).message).toContain('我是谁');
    // The 组长's session may look and decide without naming anyone.
    await http('tab-2').session.choose({ reviewerId: f.leader.id });
    expect((await http('tab-2').consensus.compare({ dossierId: f.dossierId })).reviews).toHaveLength(2);
    const asReviewer = await refused(
      http('tab-1').consensus.decide({ dossierId: f.dossierId, stage: 'agreed', itemCode: f.disputed.code, verdict: 'conform', reason: 'x', deciderId: f.leader.id }),
    );
    expect(asReviewer.message).toContain('不是组长或法制机构');
  });
});

describe('合议', () => {
  it('lists the dossier with its disputed item, highlighted item by item', async () => {
    const rows = await api.consensus.dossiers({ campaignId: f.campaign.id });
    const row = rows.find((r) => r.dossierId === f.dossierId)!;
    expect(row.reviews).toHaveLength(2);
    expect(row.disputedItems).toBe(1);
    expect(row.decidedItems).toBe(0);
    const c = await api.consensus.compare({ dossierId: f.dossierId, viewerId: f.leader.id });
    const disputed = c.items.filter((i) => i.scoreDiffers);
    expect(disputed.map((i) => i.code)).toEqual([f.disputed.code]);
    expect(disputed[0].differs).toEqual({ verdict: true, deduction: true, pages: true, note: true });
  });

  it('a 合议 answer changes the workbook and the score; the individual reviews stay on record', async () => {
    const { dossierId, disputed, leader } = f;
    const reviewA = await api.reviews.get({ reviewId: f.sheetA.review.id });
    const reviewB = await api.reviews.get({ reviewId: f.sheetB.review.id });
    // Which review the reports count before 合议 (the primary one) depends on the draw; 合议 sides with the other.
    const before = await workbookRows('before.xlsx');
    const caseNo = (await api.consensus.compare({ dossierId, viewerId: leader.id })).dossier.caseNo;
    const dossierRow = (w: typeof before) => w.dossiers.find((r) => r[0] === caseNo)!;
    const itemRow = (w: typeof before) => w.answers.find((r) => r[0] === caseNo && r[2] === disputed.code)!;
    const countedIsA = dossierRow(before)[14] === '甲评查';
    const agreeWith = countedIsA ? 'deduct' : 'conform';

    // A non-leader cannot record the 合议.
    expect((await refused(api.consensus.decide({ dossierId, stage: 'agreed', itemCode: disputed.code, verdict: 'deduct', note: 'x', reason: 'y', deciderId: f.a.id }))).code).toBe(
      'forbidden',
    );
    // A deduction needs its problem written down; a 合议 needs a reason (refused by the contract).
    await refused(api.consensus.decide({ dossierId, stage: 'agreed', itemCode: disputed.code, verdict: 'deduct', reason: '合议', deciderId: leader.id }));
    await refused(api.consensus.decide({ dossierId, stage: 'agreed', itemCode: disputed.code, verdict: 'conform', reason: '  ', deciderId: leader.id }));

    const after = await api.consensus.decide({
      dossierId,
      stage: 'agreed',
      itemCode: disputed.code,
      verdict: agreeWith,
      note: agreeWith === 'deduct' ? '合议：送达回证缺签收日期' : '',
      pageRefs: agreeWith === 'deduct' ? [{ page: 12 }] : [],
      reason: '经合议，以卷内第12页为准',
      deciderId: leader.id,
    });
    const item = after.items.find((i) => i.code === disputed.code)!;
    expect(item.agreed).toMatchObject({ verdict: agreeWith, reason: '经合议，以卷内第12页为准', decidedBy: '王组长' });
    expect(item.final?.source).toBe('agreed');
    expect(after.final?.source).toBe('agreed');
    // The agreed answer is the other reviewer's answer on the only disputed item: the final total is that reviewer's total.
    const [countedReview, agreedReview] = countedIsA ? [reviewA, reviewB] : [reviewB, reviewA];
    expect(after.final?.total).toBeCloseTo(agreedReview.score.total, 6);
    expect(after.final?.total).not.toBeCloseTo(countedReview.score.total, 6);

    const w = await workbookRows('after.xlsx');
    expect(itemRow(before)[5]).toBe(countedIsA ? '符合' : '扣分');
    expect(itemRow(w)[5]).toBe(countedIsA ? '扣分' : '符合');
    expect(dossierRow(w)[15]).toBe('合议结果');
    expect(dossierRow(w)[14]).toContain('合议结果');
    expect(dossierRow(w)[11]).toBeCloseTo(after.final!.total, 6);
    expect(dossierRow(w)[11]).not.toBeCloseTo(dossierRow(before)[11] as number, 6);

    // The 统计与导出 list shows the agreed total too.
    const listed = (await api.exports.dossiers({ campaignId: f.campaign.id })).find((r) => r.dossierId === dossierId)!;
    expect(listed.total).toBeCloseTo(after.final!.total, 6);

    // The individual reviews are untouched.
    const a2 = await api.reviews.get({ reviewId: f.sheetA.review.id });
    const b2 = await api.reviews.get({ reviewId: f.sheetB.review.id });
    expect(a2.answers).toEqual(reviewA.answers);
    expect(b2.answers).toEqual(reviewB.answers);
    expect(a2.review.total).toBe(reviewA.review.total);

    // The 评查表 prints the final result; each reviewer's own sheet stays exportable as it was submitted.
    const sheetText = async (name: string, reviewId?: string) =>
      docxParagraphs((await docxParts(await exportFile(name, { kind: 'sheet', format: 'docx', dossierId, ...(reviewId ? { reviewId } : {}) }))).get('word/document.xml')!).join('\n');
    const finalSheet = await sheetText('final.docx');
    const ownSheet = await sheetText('own.docx', countedReview.review.id);
    expect(finalSheet).toContain('合议结果');
    expect(finalSheet).toContain(`${after.final!.total}`);
    expect(ownSheet).not.toContain('合议结果');
    expect(ownSheet).toContain(countedIsA ? '甲评查' : '乙评查');
    expect(ownSheet).not.toContain(countedIsA ? '乙评查' : '甲评查');
    const bad = await api.exports.start({ campaignId: f.campaign.id, kind: 'sheet', format: 'docx', dossierId, reviewId: f.campaign.id, destination: { kind: 'path', path: join(dir, 'bad.docx') } });
    expect((await core.context.jobs.wait(bad.jobId)).error?.code).toBe('not_found');

    // 评查一致性 measures each reviewer against the agreed result once there is one.
    const agreement = await api.agreement.campaign({ campaignId: f.campaign.id });
    expect(agreement.referenceKind).toBe('agreed');
    const countedName = countedIsA ? '甲评查' : '乙评查';
    expect(agreement.reviewers.find((r) => r.name === countedName)?.meanDifference).toBeCloseTo(countedReview.score.total - after.final!.total, 6);

    // The audit log has the decision with its reason.
    const log = await api.audit.list({ entityId: dossierId, limit: 10 });
    expect(log.find((l) => l.action === 'decide_agreed')?.reason).toBe('经合议，以卷内第12页为准');
  });
});

describe('复核', () => {
  it('the queue follows the campaign settings: the veto trigger, then a margin at and past the difference', async () => {
    const { campaign, dossierId } = f;
    const diff = Math.abs(f.disputed.maxPoints);
    expect(await api.consensus.settings({ campaignId: campaign.id })).toEqual({ onGradeDiffers: true, onAnyVeto: true, totalMargin: 10, objectionDays: 5 });
    const off = { onGradeDiffers: false, onAnyVeto: false, objectionDays: 5 };
    await api.consensus.setSettings({ campaignId: campaign.id, settings: { ...off, totalMargin: diff } });
    expect((await api.consensus.recheckQueue({ campaignId: campaign.id })).map((r) => r.dossierId)).not.toContain(dossierId);
    await api.consensus.setSettings({ campaignId: campaign.id, settings: { ...off, totalMargin: diff - 0.5 } });
    const queue = await api.consensus.recheckQueue({ campaignId: campaign.id });
    const row = queue.find((r) => r.dossierId === dossierId)!;
    expect(row.triggers.map((t) => t.kind)).toEqual(['margin']);
    expect(row.triggers[0].detail).toContain(`超过 ${diff - 0.5} 分`);

    // The re-check answer outranks the 合议; closing the 复核 takes the dossier out of the queue.
    const c = await api.consensus.decide({
      dossierId,
      stage: 'recheck',
      itemCode: f.disputed.code,
      verdict: 'conform',
      reason: '复核：签收日期见第13页',
      deciderId: f.leader.id,
    });
    expect(c.items.find((i) => i.code === f.disputed.code)!.final?.source).toBe('recheck');
    await api.consensus.closeRecheck({ dossierId, conclusion: '复核完毕，按复核意见定分', deciderId: f.leader.id });
    expect((await api.consensus.recheckQueue({ campaignId: campaign.id })).map((r) => r.dossierId)).not.toContain(dossierId);
    expect((await refused(api.consensus.decide({ dossierId, stage: 'recheck', itemCode: f.disputed.code, verdict: 'conform', reason: 'x', deciderId: f.leader.id }))).code).toBe(
      'conflict',
    );
  });
});

describe('异议', () => {
  it('an upheld objection changes the final score and the bulletin lists it', async () => {
    const { dossierId, disputed, leader } = f;
    const before = (await api.consensus.compare({ dossierId, viewerId: leader.id })).final!;
    const other = (await api.reviews.get({ reviewId: f.sheetA.review.id })).applicable.find((c) => c !== disputed.code)!;
    const lodged = await api.consensus.lodgeObjection({
      dossierId,
      itemCodes: [disputed.code],
      objector: '示例市场监管局 法规科 张三',
      notifiedOn: '2025-09-01',
      lodgedOn: '2025-09-04',
      grounds: '签收日期见卷内第13页，不应扣分',
      files: [{ name: '说明.txt', dataBase64: Buffer.from('补充说明').toString('base64') }],
    });
    expect(lodged.files).toHaveLength(1);
    expect(lodged.ruling).toBeNull();
    expect((await api.consensus.objectionFile({ fileId: lodged.files[0].id })).dataBase64).toBe(Buffer.from('补充说明').toString('base64'));

    // A ruling may change only the contested items, and an upheld one must change something.
    await refused(api.consensus.ruleObjection({ objectionId: lodged.id, ruling: 'upheld', reason: 'x', changes: [], deciderId: leader.id }));
    await refused(
      api.consensus.ruleObjection({ objectionId: lodged.id, ruling: 'upheld', reason: 'x', changes: [{ itemCode: other, verdict: 'conform' }], deciderId: leader.id }),
    );
    const bulletinBefore = await bulletinText('b1.docx');

    const ruled = await api.consensus.ruleObjection({
      objectionId: lodged.id,
      ruling: 'upheld',
      reason: '经核，异议成立，改为扣分',
      changes: [{ itemCode: disputed.code, verdict: 'deduct', note: '异议裁定：签收日期缺失属实' }],
      deciderId: leader.id,
    });
    expect(ruled.ruling).toBe('upheld');
    expect(ruled.totalBefore).toBeCloseTo(before.total, 6);
    expect(ruled.totalAfter).toBeCloseTo(before.total - disputed.maxPoints, 6);
    const final = (await api.consensus.compare({ dossierId, viewerId: leader.id })).final!;
    expect(final).toMatchObject({ source: 'objection' });
    expect(final.total).toBeCloseTo(ruled.totalAfter!, 6);
    expect((await refused(api.consensus.ruleObjection({ objectionId: lodged.id, ruling: 'rejected', reason: 'x', deciderId: leader.id }))).code).toBe('conflict');

    const bulletinAfter = await bulletinText('b2.docx');
    expect(bulletinBefore).not.toContain('异议成立');
    expect(bulletinAfter).toContain('异议');
    expect(bulletinAfter).toContain('经核，异议成立，改为扣分');
    expect(bulletinAfter).not.toEqual(bulletinBefore);

    // The 整改通知 cites the final finding (the ruling's note), not a reviewer's own wording.
    const notice = docxParagraphs((await docxParts(await exportFile('n.docx', { kind: 'notice', format: 'docx' }))).get('word/document.xml')!).join('\n');
    expect(notice).toContain('异议裁定：签收日期缺失属实');
    expect(notice).not.toContain('乙：送达回证缺签收日期');

    // In time: 3 working days after notification; a second objection 10 working days after is 5 days late.
    expect(lodged.daysLate).toBe(0);
    const late = await api.consensus.lodgeObjection({ dossierId, itemCodes: [disputed.code], objector: '同上', notifiedOn: '2025-09-01', lodgedOn: '2025-09-15', grounds: '补充异议' });
    expect(late.daysLate).toBe(5);
  });
});
