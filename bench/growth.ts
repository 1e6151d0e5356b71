/**
 * How the costs grow: the register import, the rules and the bulletin aggregate at four times the
 * size of their usual figures (a province-wide campaign is about 1.4 million answers a year). Each
 * should stay within 4.4× its smaller figure (linear, with 10 % slack); the ratios are printed too,
 * each against the smaller figure measured in this same case, so both see the same machine load.
 *   import_200k_ms              200,000-row GBK register through registers.import (cf. import_50k_ms)
 *   rules_200k_ms               every rule over 200,000 dossiers' facts (cf. rules_50k_ms)
 *   bulletin_aggregate_2_4m_ms  campaign aggregate over 40,000 dossiers × 60 answers (cf. bulletin_aggregate_600k_ms)
 *   import_growth_ratio / rules_growth_ratio / bulletin_aggregate_growth_ratio  the same ratios under the
 *   issue's names, next to the smaller figures of this run (growth_import_50k_ms, growth_rules_50k_ms,
 *   growth_bulletin_aggregate_600k_ms); stderr says whether each stays within 4.4×.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../electron/core';
import { buildCampaignReport, reportSources } from '../electron/core/export/reports/data';
import { importThreadsIdle } from '../electron/core/import/threads';
import { createApiClient } from '../shared/api/contract';
import { DEFAULT_MASK } from '../shared/domain/export/mask';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../test/fixtures/registers';
import { timeRules } from './checks';
import type { BenchCase } from './harness';
import { seedReviewedCampaign } from './reports';

const ctx = { actor: 'bench', transport: 'test' as const };
/** Four times the data may take at most this many times as long (linear, with 10 % slack). */
const GROWTH_LIMIT = 4.4;

async function timeImport(dir: string, rows: number): Promise<number> {
  const file = join(dir, `register-${rows}.csv`);
  writeFileSync(file, encodeCsv(registerToCsv(generateRegisterRows({ seed: 20260101, count: rows })), 'gbk'));
  const core = await openCore(join(dir, `import-${rows}.sqlite`));
  try {
    const api = createApiClient((m, i) => core.dispatch(m, i, ctx));
    const campaign = await api.campaigns.create({ name: `增长基准 ${rows}`, year: 2024 });
    const t0 = performance.now();
    const res = await api.registers.import({ campaignId: campaign.id, files: [{ path: file }] });
    const ms = performance.now() - t0;
    if (res.imported !== rows) throw new Error(`import of ${rows} rows: ${res.imported} imported, ${res.errorTotal} errors`);
    await importThreadsIdle();
    return ms;
  } finally {
    core.close();
  }
}

function timeAggregate(db: Parameters<typeof seedReviewedCampaign>[0], dossiers: number): number {
  const { campaignId } = seedReviewedCampaign(db, { dossiers, itemsPerReview: 60, units: 20 });
  db.pragma('optimize');
  const sources = reportSources(db);
  buildCampaignReport(sources, campaignId, { mask: DEFAULT_MASK });
  const t0 = performance.now();
  const report = buildCampaignReport(sources, campaignId, { mask: DEFAULT_MASK });
  const ms = performance.now() - t0;
  if (report.aggregate.reviewed !== dossiers) throw new Error(`aggregate counted ${report.aggregate.reviewed} dossiers`);
  return ms;
}

export const growthBench: BenchCase = {
  title: 'growth: import 200k, rules 200k, bulletin aggregate 2.4M answers',
  async run(emit, dir) {
    const import50 = await timeImport(dir, 50_000);
    const import200 = await timeImport(dir, 200_000);
    emit('import_200k_ms', import200, 'ms');
    emit('import_200k_vs_50k_ratio', import200 / import50, 'ratio');
    emit('growth_import_50k_ms', import50, 'ms');
    emit('import_growth_ratio', import200 / import50, 'ratio');

    const rules50 = await timeRules(dir, 50_000);
    const rules200 = await timeRules(dir, 200_000);
    emit('rules_200k_ms', rules200.ms, 'ms');
    emit('rules_200k_vs_50k_ratio', rules200.ms / rules50.ms, 'ratio');
    emit('growth_rules_50k_ms', rules50.ms, 'ms');
    emit('rules_growth_ratio', rules200.ms / rules50.ms, 'ratio');

    // Separate stores, so the larger campaign's aggregate does not share pages with the smaller one's.
    const small = await openCore(join(dir, 'aggregate-600k.sqlite'));
    const aggregate600k = timeAggregate(small.store.db, 10_000);
    small.close();
    const large = await openCore(join(dir, 'aggregate-2.4m.sqlite'));
    const aggregate2_4m = timeAggregate(large.store.db, 40_000);
    large.close();
    emit('bulletin_aggregate_2_4m_ms', aggregate2_4m, 'ms');
    emit('bulletin_aggregate_2_4m_vs_600k_ratio', aggregate2_4m / aggregate600k, 'ratio');
    emit('growth_bulletin_aggregate_600k_ms', aggregate600k, 'ms');
    emit('bulletin_aggregate_growth_ratio', aggregate2_4m / aggregate600k, 'ratio');
    // Linear growth with 10 % slack: four times the data in at most 4.4 times the time.
    const over = [
      ['import', import200 / import50],
      ['rules', rules200.ms / rules50.ms],
      ['bulletin_aggregate', aggregate2_4m / aggregate600k],
    ].filter(([, r]) => (r as number) > GROWTH_LIMIT);
    process.stderr.write(over.length ? `  超出线性增长（> ${GROWTH_LIMIT}×）：${over.map(([n, r]) => `${n} ${(r as number).toFixed(2)}×`).join('，')}\n` : `  三项增长均在 ${GROWTH_LIMIT}× 以内\n`);
  },
};
