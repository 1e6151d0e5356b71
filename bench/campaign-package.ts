/**
 * The campaign package at scale (issue #18): an office campaign whose team has 1,000 sampled dossiers,
 * each with a ~1.05 MB PDF (1 GB+ in all) and a text page, written as a campaign package (default
 * part size and scrypt cost) by `dossier-review package export` and imported into an empty laptop
 * store by `package import`, each its own process as a clerk runs them. Memory must stay bounded
 * (target: peak RSS under 300 MB, the whole process) whatever the number of PDFs; throughput (package
 * MB over the process's wall time, start-up and scrypt included) is reported beside it.
 * The PDF bytes are not parsed by either side (the import checks their SHA-256), so they are
 * generated directly into the office's store folder rather than attached one by one.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../electron/core';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../electron/core/demo/registers';
import { REPO_ROOT } from '../electron/host/paths';
import { createApiClient } from '../shared/api/contract';
import type { BenchCase } from './harness';

const MB = 1024 * 1024;
const PDFS = 1000;
const PDF_BYTES = 1.05 * MB;

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
    const campaignId = campaign.id;
    office.close();

    // Export and import as a clerk runs them: each its own `dossier-review` process (the bundled CLI),
    // whose peak RSS (getrusage maxRSS, reported at exit) is the figure.
    const bin = join(REPO_ROOT, 'bin', 'dossier-review.mjs');
    const rssFile = join(dir, 'maxrss.txt');
    const reporter = join(dir, 'maxrss.cjs');
    writeFileSync(reporter, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`);
    const pass = join(dir, 'pass.txt');
    writeFileSync(pass, 'bench passphrase\n');
    const cli = (args: string[]) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--require', reporter, bin, ...args, '--json'], { encoding: 'utf8', maxBuffer: 64 * MB });
      if (r.status !== 0) throw new Error(`dossier-review ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      return { seconds: (performance.now() - t0) / 1000, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, out: JSON.parse(r.stdout) };
    };
    const out = join(dir, 'usb', 'team.drpkg');
    const written = cli(['package', 'export', '--db', join(dir, 'office.sqlite'), '--campaign', campaignId, '--kind', 'campaign', '--team', '第一组', '--out', out, '--passphrase-file', pass]);
    if (written.out.pdfs !== PDFS) throw new Error(`package holds ${written.out.pdfs} PDFs`);
    const imported = cli(['package', 'import', '--db', join(dir, 'laptop.sqlite'), '--in', out, '--passphrase-file', pass]);
    if (imported.out.pdfsAdded !== PDFS) throw new Error(`imported ${imported.out.pdfsAdded} PDFs`);
    const totalMb = written.out.totalBytes / MB;
    emit('package_campaign_1000_pdfs_total_mb', totalMb, 'MB');
    emit('package_campaign_1000_pdfs_peak_rss_mb', Math.max(written.rssMb, imported.rssMb), 'MB');
    emit('package_campaign_1000_pdfs_write_peak_rss_mb', written.rssMb, 'MB');
    emit('package_campaign_1000_pdfs_read_peak_rss_mb', imported.rssMb, 'MB');
    emit('package_campaign_write_mb_per_s', totalMb / written.seconds, 'MB/s');
    emit('package_campaign_read_mb_per_s', totalMb / imported.seconds, 'MB/s');
  },
};
