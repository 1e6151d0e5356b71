/**
 * The document map (where each document of a dossier starts) is its reviewers' finding, like its key
 * facts (#18, docs/roles.md): once someone is chosen in 我是谁, only the reviewers assigned to the dossier
 * set, correct or remove a document start; the 组长, the 法制机构 and others are refused with a message
 * naming who may, and nothing changes. With nobody chosen (a single-user laptop, the CLI) nothing refuses.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient, type Api } from '../../shared/api/contract';
import { openCheckHarness, type CheckHarness } from '../checks/helpers';
import { useTempDir } from '../foundation/temp';
import { makeDossierPdf } from '../fixtures/pdfs';
import { errorOf } from './refusal';

describe('document map corrections limited by session', () => {
  const tempDir = useTempDir();
  let h: CheckHarness | undefined;
  afterEach(() => h?.core.close());

  it('the assigned reviewer sets, corrects and removes a document start; 组长, 法制机构 and another reviewer are refused; with nobody chosen anyone may', async () => {
    const dir = tempDir();
    h = await openCheckHarness(dir);
    const { api, campaignId, core } = h;
    await api.sampling.draw({ campaignId, settings: { mode: 'per_unit', perUnit: 1000 }, seed: '全部' });
    const add = (name: string, role: 'reviewer' | 'leader' | 'legal_office', team: string) => api.reviewers.add({ campaignId, name, unitName: '外市司法局', role, team });
    const wang = await add('王评查', 'reviewer', '一组');
    await api.assignments.assign({ campaignId, perDossier: 1, seed: '分配' });
    const sun = await add('孙组长', 'leader', '一组');
    const zhao = await add('赵法制', 'legal_office', '');
    const zhou = await add('周评查', 'reviewer', '一组');
    const as = async (session: string, reviewerId: string): Promise<Api> => {
      const w = createApiClient((m, i) => core.dispatch(m, JSON.parse(JSON.stringify(i)), { actor: 'os-user', transport: 'test', session }));
      await w.session.choose({ reviewerId });
      return w;
    };

    const dossier = (await api.dossiers.list({ campaignId, search: h.late, limit: 1 })).items[0];
    const scan = join(dir, `${dossier.caseNo}.pdf`);
    writeFileSync(scan, await makeDossierPdf({ caseNo: dossier.caseNo, party: '某', unit: '示例局', documents: [{ title: '立案审批表', pages: 2 }, { title: '行政处罚决定书', pages: 2 }] }));
    const { jobId } = await api.files.attach({ campaignId, files: [{ name: `${dossier.caseNo}.pdf`, path: scan }], dossierId: dossier.id, ocr: false });
    expect((await core.context.jobs.wait(jobId)).status).toBe('done');
    const [file] = await api.files.list({ dossierId: dossier.id });
    const auditRows = () => core.store.db.prepare("SELECT COUNT(*) FROM audit_log WHERE entity_id = ? AND action LIKE '%document%'").pluck().get(file.id) as number;
    const map = () => api.files.documentMap({ dossierId: dossier.id });
    const before = await map();

    for (const [who, role] of [
      [await as('s-sun', sun.id), '“一组”组长“孙组长”'],
      [await as('s-zhao', zhao.id), '法制机构“赵法制”'],
      [await as('s-zhou', zhou.id), '评查员“周评查”'],
    ] as const) {
      const refused = await errorOf(who.files.setDocumentStart({ fileId: file.id, pageNo: 3, docType: 'OTHER', title: '询问笔录' }));
      expect(refused.code).toBe('forbidden');
      expect(refused.message).toContain(`案卷 ${dossier.caseNo} 分配给评查人员“王评查”，只有承办的评查人员可以更正文书目录`);
      expect(refused.message).toContain(`当前使用者是${role}`);
    }
    expect(await map()).toEqual(before);
    expect(auditRows()).toBe(0);

    const w = await as('s-wang', wang.id);
    const set = await w.files.setDocumentStart({ fileId: file.id, pageNo: 3, docType: 'OTHER', title: '询问笔录' });
    const tagId = set.find((e) => e.title === '询问笔录' && e.startPage === 3)!.tagId;

    const zhaoApi = await as('s-zhao2', zhao.id);
    expect((await errorOf(zhaoApi.files.correctTag({ tagId, title: '陈述申辩笔录', docType: 'OTHER' }))).code).toBe('forbidden');
    expect((await errorOf(zhaoApi.files.removeTag({ tagId }))).code).toBe('forbidden');
    expect(auditRows()).toBe(1);

    await w.files.correctTag({ tagId, title: '陈述申辩笔录', docType: 'OTHER' });
    await w.files.removeTag({ tagId });
    const actors = core.store.db.prepare('SELECT actor FROM audit_log WHERE entity_id = ? ORDER BY seq').pluck().all(file.id) as string[];
    expect(actors.slice(-3)).toEqual(Array(3).fill(`王评查（评查员）#${wang.id}`));

    // Nobody chosen: the single-user laptop and the CLI correct as before.
    await api.files.setDocumentStart({ fileId: file.id, pageNo: 4, docType: 'OTHER', title: '送达回证' });
    expect(auditRows()).toBe(4);
  });
});
