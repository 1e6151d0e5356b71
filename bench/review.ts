import { closeSync, existsSync, fdatasyncSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeCsv, FICTIONAL_UNITS, generateRegisterRows, registerToCsv } from '../electron/core/demo/registers';
import { openCore } from '../electron/core';
import { createApiClient } from '../shared/api/contract';
import { percentile, type BenchCase } from './harness';
import { benchRenderer } from './renderer';

const ctx = { actor: 'bench', transport: 'test' as const };

/** The WAL header's first salt: it changes whenever a checkpoint has reset the WAL. */
function walSalt(wal: string): number {
  const fd = openSync(wal, 'r');
  try {
    const header = Buffer.alloc(32);
    readSync(fd, header, 0, 32, 0);
    return header.readUInt32BE(16);
  } finally {
    closeSync(fd);
  }
}

function timedFsync(fd: number, slot: number): number {
  const page = Buffer.alloc(4096, 1);
  const t0 = performance.now();
  writeSync(fd, page, 0, page.length, slot * page.length);
  fdatasyncSync(fd);
  return performance.now() - t0;
}

/** Autosave: one answer saved through the API layer (validation, scoring, one transaction). */
export const reviewBench: BenchCase = {
  title: 'review: autosave through the API',
  async run(emit, dir) {
    const core = await openCore(join(dir, 'review.sqlite'));
    const api = createApiClient((m, i) => core.dispatch(m, i, ctx));
    const campaign = await api.campaigns.create({ name: '基准', year: 2025 });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 3, count: 90 })), 'utf-8');
    await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
    await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 3 }, seed: 'bench' });
    for (const [i, unitName] of ['示例律师事务所', ...FICTIONAL_UNITS].entries()) {
      await api.reviewers.add({ campaignId: campaign.id, name: `评查员${i}`, unitName, role: 'reviewer' });
    }
    const { assignments } = await api.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: 'bench' });
    let opened = null;
    for (const a of assignments) {
      opened = await api.reviews.open({ assignmentId: a.id }).catch(() => null);
      if (opened) break;
    }
    if (!opened) throw new Error('no reviewable assignment in the bench data');
    const times: number[] = [];
    // The disk's fsync measured in the same minutes as the saves (every third save, never during
    // one): the floor under each durable save under the same load.
    const probe = openSync(join(dir, 'fsync-probe-interleaved'), 'w');
    const probeSyncs: number[] = [];
    let checkpointsInSaves = 0;
    for (let n = 0; n < 1000; n++) {
      const code = opened.applicable[n % opened.applicable.length];
      const walBefore = walSalt(`${core.store.path}-wal`);
      const t0 = performance.now();
      await api.reviews.saveAnswer({ reviewId: opened.review.id, itemCode: code, verdict: n % 2 ? 'conform' : 'na' });
      times.push(performance.now() - t0);
      if (walSalt(`${core.store.path}-wal`) !== walBefore) checkpointsInSaves++; // a checkpoint reset the WAL in this save
      if (n % 3 === 0) probeSyncs.push(timedFsync(probe, n % 100));
    }
    emit('autosave_p50_ms', percentile(times, 50), 'ms');
    emit('autosave_p99_ms', percentile(times, 99), 'ms');
    emit('fsync_p99_ms', percentile(probeSyncs, 99), 'ms');
    emit('autosave_checkpoints_in_saves', checkpointsInSaves, 'count');
    closeSync(probe);
    await core.close();
    // The floor under a durable save: each acknowledged autosave waits for one fsync of the WAL
    // (synchronous=FULL), so autosave_p99_ms cannot beat this disk's own fsync latency.
    const fd = openSync(join(dir, 'fsync-probe'), 'w');
    const syncs: number[] = [];
    const page = Buffer.alloc(4096, 1);
    for (let n = 0; n < 300; n++) {
      const t0 = performance.now();
      writeSync(fd, page, 0, page.length, n * page.length);
      fdatasyncSync(fd);
      syncs.push(performance.now() - t0);
    }
    closeSync(fd);
    emit('disk_fsync_p50_ms', percentile(syncs, 50), 'ms');
    emit('disk_fsync_p99_ms', percentile(syncs, 99), 'ms');
  },
};

/**
 * next_dossier_ms: from "下一件" to an interactive checklist. Through the API layer: the queue, opening
 * the next untouched assignment (creates the review) and the calls the workspace makes at once
 * (files.list, checks.list). Then in Chromium, when a renderer build and Chromium are present: click
 * 下一件 in the real workspace and wait until the new dossier's checklist accepts a verdict.
 */
export const nextDossierBench: BenchCase = {
  title: 'review: next dossier',
  async run(emit, dir) {
    const dbPath = join(dir, 'next.sqlite');
    const core = await openCore(dbPath);
    const api = createApiClient((m, i) => core.dispatch(m, i, ctx));
    const campaign = await api.campaigns.create({ name: '基准', year: 2025 });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 4, count: 300 })), 'utf-8');
    await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
    await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 12 }, seed: 'bench' });
    const reviewer = await api.reviewers.add({ campaignId: campaign.id, name: '基准评查员', unitName: '示例律师事务所', role: 'reviewer' });
    await api.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: 'bench' });
    const reviewable = (q: Awaited<ReturnType<typeof api.reviews.queue>>) => q.filter((e) => e.status === 'not_started' && e.applicable > 0);

    const times: number[] = [];
    for (let n = 0; n < 20; n++) {
      const t0 = performance.now();
      const queue = await api.reviews.queue({ campaignId: campaign.id, reviewerId: reviewer.id });
      const next = reviewable(queue)[0];
      if (!next) break;
      const sheet = await api.reviews.open({ assignmentId: next.assignmentId });
      await Promise.all([api.files.list({ dossierId: sheet.dossier.id }), api.checks.list({ campaignId: campaign.id, dossierId: sheet.dossier.id })]);
      times.push(performance.now() - t0);
    }
    emit('next_dossier_api_p50_ms', percentile(times, 50), 'ms');
    emit('next_dossier_api_max_ms', Math.max(...times), 'ms');
    core.close();

    const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(chromiumPath)) {
      process.stderr.write(`# next_dossier_ms in Chromium skipped: needs ${chromiumPath}\n`);
      return;
    }
    // Built here if this is the first Chromium case of the run (startApp serves RENDERER_DIST).
    await benchRenderer();
    const { startApp } = await import('../test/e2e/support');
    const app = await startApp({ dbPath, viewport: { width: 1366, height: 768 } });
    try {
      const { page } = app;
      await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
      const api2 = createApiClient((m, i) => app.core.dispatch(m, i, ctx));
      let queue = await api2.reviews.queue({ campaignId: campaign.id, reviewerId: reviewer.id });
      const first = queue.find((q) => q.status === 'draft')!;
      await page.goto(`${app.baseUrl}#/review/a/${first.assignmentId}`);
      await page.reload();
      await page.getByTestId('score-panel').waitFor();
      const ui: number[] = [];
      for (let n = 0; n < 8; n++) {
        queue = await api2.reviews.queue({ campaignId: campaign.id, reviewerId: reviewer.id });
        // 下一件 opens the first unfinished one other than the current: make the current one submitted-like by
        // answering nothing but moving on, i.e. the next draft/not-started in queue order.
        const current = await page.evaluate(() => window.location.hash);
        const expected = queue.find((q) => (q.status === 'draft' || q.status === 'not_started') && !current.endsWith(q.assignmentId));
        if (!expected) break;
        const t0 = performance.now();
        await page.getByRole('button', { name: '下一件', exact: true }).click();
        await page.locator('.ws-case-no', { hasText: expected.caseNo }).waitFor();
        await page.locator('.ws-item-current .ws-verdicts button').first().waitFor();
        ui.push(performance.now() - t0);
      }
      emit('next_dossier_ms', percentile(ui, 50), 'ms');
      emit('next_dossier_max_ms', Math.max(...ui), 'ms');
    } finally {
      await app.close();
    }
  },
};
