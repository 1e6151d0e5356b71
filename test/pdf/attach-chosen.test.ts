/** files.attach with dossierId: a scan named anything goes to the dossier the user chose, and only to one of this campaign. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import { makeDossierPdf } from '../fixtures/pdfs';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';

let dir: string;
let core: Core;
let api: Api;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-chosen-'));
  core = await openCore(join(dir, 'store.sqlite'));
  api = createApiClient((m, i) => core.dispatch(m, i, { actor: '李评查', transport: 'test' }));
});
afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

async function campaignWithDossiers(name: string, seed: number) {
  const campaign = await api.campaigns.create({ name, year: 2026 });
  const rows = generateRegisterRows({ seed, count: 3 });
  await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: encodeCsv(registerToCsv(rows), 'utf-8').toString('base64') }] });
  const { items } = await api.dossiers.list({ campaignId: campaign.id, limit: 10 });
  return { campaign, dossiers: items };
}

async function runAttach(input: Parameters<Api['files']['attach']>[0]) {
  const { jobId } = await api.files.attach(input);
  return core.context.jobs.wait(jobId);
}

describe('attach to a chosen dossier', () => {
  it('attaches a file whose name matches nothing to the chosen dossier, audited as chosen', async () => {
    const { campaign, dossiers } = await campaignWithDossiers('甲', 31);
    const scan = join(dir, 'IMG_20240101_0001.pdf');
    writeFileSync(scan, await makeDossierPdf({ caseNo: dossiers[1].caseNo, party: '某', unit: '示例局', documents: [{ title: '行政处罚决定书', pages: 3 }] }));

    const plain = await runAttach({ campaignId: campaign.id, files: [{ name: 'IMG_20240101_0001.pdf', path: scan }], ocr: false });
    expect(plain.result).toMatchObject({ matched: [], unmatched: ['IMG_20240101_0001.pdf'] });

    const chosen = await runAttach({ campaignId: campaign.id, files: [{ name: 'IMG_20240101_0001.pdf', path: scan }], dossierId: dossiers[1].id, ocr: false });
    expect(chosen.status).toBe('done');
    expect(chosen.result).toMatchObject({ unmatched: [], matched: [{ dossierId: dossiers[1].id, caseNo: dossiers[1].caseNo, matchedBy: 'chosen', pages: 3 }] });
    const files = await api.files.list({ dossierId: dossiers[1].id });
    expect(files.map((f) => f.originalName)).toEqual(['IMG_20240101_0001.pdf']);
    const [entry] = await api.audit.list({ entityId: files[0].id, limit: 1 });
    expect(entry).toMatchObject({ action: 'attach', actor: '李评查', after: { matchedBy: 'chosen', dossierId: dossiers[1].id } });
  });

  it('a second file for a dossier names the first; detaching it (替换) removes it with its pages, audited, and keeps the bytes', async () => {
    const { campaign, dossiers } = await campaignWithDossiers('丁', 34);
    const d = dossiers[0];
    const first = join(dir, 'first.pdf');
    const second = join(dir, `${d.caseNo}.pdf`);
    writeFileSync(first, await makeDossierPdf({ caseNo: d.caseNo, party: '某', unit: '示例局', documents: [{ title: '立案审批表', pages: 2 }] }));
    writeFileSync(second, await makeDossierPdf({ caseNo: d.caseNo, party: '某', unit: '示例局', documents: [{ title: '行政处罚决定书', pages: 4 }] }));
    const one = await runAttach({ campaignId: campaign.id, files: [{ name: 'first.pdf', path: first }], dossierId: d.id, ocr: false });
    const firstId = one.result!.matched[0].fileId;
    expect(one.result!.matched[0].otherFiles).toEqual([]);

    const two = await runAttach({ campaignId: campaign.id, files: [{ name: `${d.caseNo}.pdf`, path: second }], ocr: false });
    expect(two.result!.matched[0]).toMatchObject({ otherFiles: [{ fileId: firstId, name: 'first.pdf', pages: 2 }] });

    expect(await api.files.detach({ fileIds: [firstId] })).toEqual({ detached: 1 });
    expect((await api.files.list({ dossierId: d.id })).map((f) => f.originalName)).toEqual([`${d.caseNo}.pdf`]);
    expect(core.store.db.prepare('SELECT COUNT(*) AS n FROM dossier_pages WHERE file_id = ?').get(firstId)).toEqual({ n: 0 });
    const [entry] = await api.audit.list({ entityId: firstId, limit: 1 });
    expect(entry).toMatchObject({ action: 'detach', before: { originalName: 'first.pdf', dossierId: d.id, pageCount: 2 } });
    await expect(api.files.detach({ fileIds: [firstId] })).rejects.toMatchObject({ code: 'not_found' });

    // Attaching the same file again brings it back (its bytes were kept).
    const again = await runAttach({ campaignId: campaign.id, files: [{ name: 'first.pdf', path: first }], dossierId: d.id, ocr: false });
    expect(again.result!.matched[0]).toMatchObject({ pages: 2, alreadyAttached: false });
  });

  it('refuses a dossier of another campaign, attaching nothing', async () => {
    const a = await campaignWithDossiers('乙', 32);
    const b = await campaignWithDossiers('丙', 33);
    const scan = join(dir, 'other.pdf');
    writeFileSync(scan, await makeDossierPdf({ caseNo: 'X', party: '某', unit: '示例局', documents: [{ title: '立案审批表', pages: 1 }] }));
    const job = await runAttach({ campaignId: a.campaign.id, files: [{ name: 'other.pdf', path: scan }], dossierId: b.dossiers[0].id, ocr: false });
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('评查活动中没有所选的案卷') });
    expect(await api.files.list({ dossierId: b.dossiers[0].id })).toEqual([]);
  });
});
