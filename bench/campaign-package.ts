/**
 * The campaign package at scale (issue #18): an office campaign whose team has 1,000 sampled dossiers,
 * each with a ~1.05 MB PDF (1 GB+ in all) and a text page, written as a campaign package (default
 * part size and scrypt cost) and imported into an empty laptop store. Memory must stay bounded
 * (target: peak RSS under 300 MB) whatever the number of PDFs; throughput is reported beside it.
 * The PDF bytes are not parsed by either side (the import checks their SHA-256), so they are
 * generated directly into the office's store folder rather than attached one by one.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../electron/core';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../electron/core/demo/registers';
import { exportCampaignPackage, importCampaignPackage } from '../electron/core/packages/campaign';
import { createApiClient } from '../shared/api/contract';
import type { BenchCase } from './harness';

const MB = 1024 * 1024;
const PDFS = 1000;
const PDF_BYTES = 1.05 * MB;

function sampleRss(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss()) / MB;
    },
  };
}

export const campaignPackageBench: BenchCase = {
  title: 'packages: campaign package with 1,000 PDFs (write and import)',
  async run(emit, dir) {
    const office = await openCore(join(dir, 'office.sqlite'));
    const api = createApiClient((m, i) => office.dispatch(m, i, { actor: 'bench', transport: 'test' }));
    const campaign = await api.campaigns.create({ name: '活动包基准', year: 2025 });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 18, count: PDFS })), 'utf-8');
    await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
    await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'ratio', ratio: 1 }, seed: 'b' });
    for (const name of ['甲', '乙', '丙']) await api.reviewers.add({ campaignId: campaign.id, name: `${name}评查`, unitName: '基准律师事务所', role: 'reviewer', team: '第一组' });
    await api.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: 'b' });
    const dossiers = office.store.db.prepare('SELECT id, case_no FROM dossiers WHERE campaign_id = ?').all(campaign.id) as { id: string; case_no: string }[];
    mkdirSync(office.store.filesDir, { recursive: true });
    const body = randomBytes(Math.round(PDF_BYTES));
    const now = new Date().toISOString();
    const insFile = office.store.db.prepare(
      `INSERT INTO dossier_files (id, dossier_id, sha256, original_name, size_bytes, page_count, attached_at, actor) VALUES (?, ?, ?, ?, ?, 1, ?, 'bench')`,
    );
    const insPage = office.store.db.prepare(`INSERT INTO dossier_pages (file_id, page_no, text_source, text) VALUES (?, 1, 'text', ?)`);
    office.store.tx(() => {
      dossiers.forEach((d, i) => {
        body.write(`%PDF-1.7\n% ${d.case_no} ${i}\n`, 0); // no two files alike
        const sha = createHash('sha256').update(body).digest('hex');
        writeFileSync(join(office.store.filesDir, `${sha}.pdf`), body);
        const fileId = randomUUID();
        insFile.run(fileId, d.id, sha, `${d.case_no}.pdf`, body.length, now);
        insPage.run(fileId, `立案审批表 ${d.case_no}`);
      });
    });
    const startMb = process.memoryUsage.rss() / MB;
    const rss = sampleRss();

    const out = join(dir, 'usb', 'team.drpkg');
    const w0 = performance.now();
    const written = await exportCampaignPackage(office.context, { campaignId: campaign.id, team: '第一组', out, passphrase: 'bench passphrase', actor: 'bench' });
    const writeS = (performance.now() - w0) / 1000;
    if (written.pdfs !== PDFS) throw new Error(`package holds ${written.pdfs} PDFs`);
    office.close();

    const laptop = await openCore(join(dir, 'laptop.sqlite'));
    const r0 = performance.now();
    const imported = await importCampaignPackage(laptop.context, { file: out, passphrase: 'bench passphrase', actor: 'bench' });
    const readS = (performance.now() - r0) / 1000;
    laptop.close();
    if (imported.pdfsAdded !== PDFS) throw new Error(`imported ${imported.pdfsAdded} PDFs`);
    const peakMb = rss.stop();
    const totalMb = written.totalBytes / MB;
    emit('package_campaign_1000_pdfs_total_mb', totalMb, 'MB');
    emit('package_campaign_1000_pdfs_peak_rss_mb', peakMb, 'MB');
    emit('package_campaign_1000_pdfs_rss_above_start_mb', peakMb - startMb, 'MB');
    emit('package_campaign_write_mb_per_s', totalMb / writeS, 'MB/s');
    emit('package_campaign_read_mb_per_s', totalMb / readS, 'MB/s');
  },
};
