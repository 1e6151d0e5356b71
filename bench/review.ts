import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeCsv, FICTIONAL_UNITS, generateRegisterRows, registerToCsv } from '../electron/core/demo/registers';
import { openCore } from '../electron/core';
import { createApiClient } from '../shared/api/contract';
import { percentile, type BenchCase } from './harness';

const ctx = { actor: 'bench', transport: 'test' as const };

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
    for (let n = 0; n < 1000; n++) {
      const code = opened.applicable[n % opened.applicable.length];
      const t0 = performance.now();
      await api.reviews.saveAnswer({ reviewId: opened.review.id, itemCode: code, verdict: n % 2 ? 'conform' : 'na' });
      times.push(performance.now() - t0);
    }
    emit('autosave_p50_ms', percentile(times, 50), 'ms');
    emit('autosave_p99_ms', percentile(times, 99), 'ms');
    core.close();
  },
};
