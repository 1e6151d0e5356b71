/**
 * An office store with a campaign split into two teams (第一组 甲评查 + 丙组长, 第二组 乙评查), a
 * sample drawn and assigned, and dossier PDFs attached to three of 第一组's dossiers (document maps
 * detected from their text layer): the source of campaign packages in the tests and the bench.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { makeDossierPdf } from '../fixtures/pdfs';

export const TEAM_1 = '第一组';
export const TEAM_2 = '第二组';

export function apiOf(core: Core, actor = 'tester'): Api {
  return createApiClient((method, input) => core.dispatch(method, input, { actor, transport: 'test' }));
}

export async function officeWithTeams(dir: string, opts: { pdfs?: number } = {}) {
  const core = await openCore(join(dir, 'office.sqlite'));
  const api = apiOf(core, '法制科');
  const campaign = await api.campaigns.create({ name: '2025 年度行政执法案卷评查', year: 2025 });
  const rows = generateRegisterRows({ seed: 9, count: 60 });
  const csv = encodeCsv(registerToCsv(rows), 'utf-8');
  await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
  await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 3 }, seed: 's' });
  const jia = await api.reviewers.add({ campaignId: campaign.id, name: '甲评查', unitName: '示例律师事务所', role: 'reviewer', team: TEAM_1 });
  const bing = await api.reviewers.add({ campaignId: campaign.id, name: '丙组长', unitName: '示例律师事务所', role: 'leader', team: TEAM_1 });
  const yi = await api.reviewers.add({ campaignId: campaign.id, name: '乙评查', unitName: '另一律师事务所', role: 'reviewer', team: TEAM_2 });
  await api.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: 'a' });
  // A rule setting the office made for this campaign: it must be in force on the laptops too.
  await api.ruleSettings.set({ campaignId: campaign.id, sector: '', key: 'largeFine.单位', value: 50_000 });
  const all = await api.assignments.list({ campaignId: campaign.id });
  const team1 = all.filter((a) => a.reviewerId === jia.id || a.reviewerId === bing.id);
  const team2 = all.filter((a) => a.reviewerId === yi.id);

  const withPdf = team1.slice(0, opts.pdfs ?? 3);
  const files = [];
  for (const a of withPdf) {
    const row = rows.find((r) => r.案卷编号 === a.caseNo)!;
    const bytes = await makeDossierPdf({
      caseNo: a.caseNo,
      party: row.当事人,
      unit: row.执法单位,
      documents: [
        { title: '立案审批表', pages: 1 },
        { title: '行政处罚决定书', pages: 2 },
        { title: '送达回证', pages: 1 },
      ],
    });
    const path = join(dir, `${a.caseNo}.pdf`);
    writeFileSync(path, bytes);
    files.push({ name: `${a.caseNo}.pdf`, path });
  }
  if (files.length) {
    const { jobId } = await api.files.attach({ campaignId: campaign.id, files, ocr: false });
    const done = await core.context.jobs.wait(jobId);
    if (done.status !== 'done') throw new Error(`attach failed: ${JSON.stringify(done.error)}`);
  }
  return { core, api, campaign, reviewers: { jia, bing, yi }, team1, team2, withPdf };
}
