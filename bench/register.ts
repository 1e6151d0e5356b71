/**
 * Register-scale figures over 50,000 rows (GBK CSV from the fixture generator, ~37 template columns):
 * - import_50k_ms: registers.import end to end through core.dispatch on a file store (from the call
 *   to the result, rows committed; a register this size runs in two worker threads);
 * - import_50k_settled_ms: the same until the writer thread has also checkpointed the WAL and exited;
 * - import_vs_bare_insert_ratio: that time ÷ a bare better-sqlite3 insert of the same normalised rows
 *   (same columns, one transaction, one prepared statement, fresh table of the same shape, no indexes);
 * - import_cpu_vs_bare_cpu_ratio: CPU time of the whole import (this process, all threads: main and both
 *   workers, from the call until the writer thread has exited) ÷ CPU time of the bare parse-and-insert
 *   (ICU's GB18030 TextDecoder, as the import uses, + Papa.parse of the same file, then the bare insert above);
 * - sample_50k_ms: stratified draw (5 per unit, by 案件类型), median of 5 (redraw: true);
 * - dossier_list_page_ms / dossier_list_search_ms: dossiers.list pages of 50, median of 20.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore, type Core } from '../electron/core';
import { importThreadsIdle } from '../electron/core/import/threads';
import { drawSample, type PopulationItem } from '../shared/domain/sampling/sampling';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../test/fixtures/registers';
import { percentile, type BenchCase } from './harness';

const ctx = { actor: 'bench', transport: 'test' as const };
const ROWS = 50_000;

async function call<T>(core: Core, method: string, input: unknown): Promise<T> {
  const res = await core.dispatch(method as never, input as never, ctx);
  if (!res.ok) throw new Error(`${method}: ${res.error.message}`);
  return res.value as T;
}

const median = (xs: number[]) => percentile(xs, 50);

export const registerBench: BenchCase = {
  title: 'register: 50k-row import, sampling, dossier list',
  async run(emit, dir) {
    const rows = generateRegisterRows({ seed: 20260101, count: ROWS });
    const file = join(dir, 'register-50k-gbk.csv');
    writeFileSync(file, encodeCsv(registerToCsv(rows), 'gbk'));

    const core = await openCore(join(dir, 'bench.sqlite'));
    const campaign = await call<{ id: string }>(core, 'campaigns.create', { name: '基准活动（5 万行）', year: 2024, organiser: '示例市司法局' });
    const campaignId = campaign.id;

    // 1. Import, end to end through the API layer.
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const res = await call<{ imported: number; errorTotal: number }>(core, 'registers.import', { campaignId, files: [{ path: file }] });
    const importMs = performance.now() - t0;
    const importCpu = process.cpuUsage(c0);
    if (res.imported !== ROWS) throw new Error(`expected ${ROWS} imported, got ${res.imported} (${res.errorTotal} errors)`);
    emit('import_50k_ms', importMs, 'ms');
    // CPU time (user + system) of this process: steadier than wall time when other work shares the cores.
    emit('import_50k_cpu_ms', (importCpu.user + importCpu.system) / 1000, 'ms');
    // The writer thread folds the WAL back into the database file after it has reported (off the
    // caller's path); this is the time until that is done too. Nothing below competes with it.
    await importThreadsIdle();
    emit('import_50k_settled_ms', performance.now() - t0, 'ms');
    const settledCpu = process.cpuUsage(c0);
    const importSettledCpuMs = (settledCpu.user + settledCpu.system) / 1000;
    emit('import_50k_settled_cpu_ms', importSettledCpuMs, 'ms');

    // 2. Bare parse: decode and split the same file into cells, nothing else.
    const pc0 = process.cpuUsage();
    const parsed = Papa.parse<string[]>(new TextDecoder('gb18030').decode(readFileSync(file)), { skipEmptyLines: true });
    const parseCpu = process.cpuUsage(pc0);
    if (parsed.data.length !== ROWS + 1) throw new Error(`bare parse found ${parsed.data.length} records`);
    const bareParseCpuMs = (parseCpu.user + parseCpu.system) / 1000;
    emit('bare_parse_50k_cpu_ms', bareParseCpuMs, 'ms');

    // Bare insert of the same normalised rows into a fresh table of the same shape, no indexes.
    const db = core.store.db;
    const stored = db.prepare('SELECT * FROM dossiers WHERE campaign_id = ?').raw(true).all(campaignId) as unknown[][];
    const colNames = (db.prepare('SELECT * FROM dossiers LIMIT 1').columns() as { name: string }[]).map((c) => c.name);
    db.exec('DROP TABLE IF EXISTS bench_bare_dossiers; CREATE TABLE bench_bare_dossiers AS SELECT * FROM dossiers WHERE 0');
    const bare = db.prepare(`INSERT INTO bench_bare_dossiers (${colNames.join(', ')}) VALUES (${colNames.map(() => '?').join(', ')})`);
    const bc0 = process.cpuUsage();
    const b0 = performance.now();
    db.transaction(() => {
      for (const r of stored) bare.run(r);
    }).immediate();
    const bareMs = performance.now() - b0;
    const bareCpu = process.cpuUsage(bc0);
    emit('bare_insert_50k_ms', bareMs, 'ms');
    emit('bare_insert_50k_cpu_ms', (bareCpu.user + bareCpu.system) / 1000, 'ms');
    emit('import_vs_bare_insert_ratio', importMs / bareMs, 'ratio');
    const bareCpuMs = (bareCpu.user + bareCpu.system) / 1000;
    emit('import_cpu_vs_bare_cpu_ratio', importSettledCpuMs / (bareParseCpuMs + bareCpuMs), 'ratio');
    db.exec('DROP TABLE bench_bare_dossiers');

    // 3. Stratified sampling: 5 per unit, stratified by 案件类型, median of 5 redraws.
    const settings = { mode: 'per_unit' as const, perUnit: 5, stratify: true };
    const hasDrawApi = typeof (core.handlers as unknown as { sampling?: { draw?: unknown } }).sampling?.draw === 'function';
    const sampleTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      if (hasDrawApi) {
        await call(core, 'sampling.draw', { campaignId, settings, seed: `基准种子-${i}`, redraw: true });
      } else {
        // No sampling.draw yet: load the population from the store and draw in process.
        const population = db
          .prepare(
            `SELECT d.id, d.case_no AS caseNo, u.name AS unitName, d.case_type AS caseType, d.date_closed AS closedDate
               FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.campaign_id = ?`,
          )
          .all(campaignId) as PopulationItem[];
        const r = drawSample(population, settings, `基准种子-${i}`);
        if (r.items.length === 0) throw new Error('empty sample');
      }
      sampleTimes.push(performance.now() - s);
    }
    process.stderr.write(`#   sampling via ${hasDrawApi ? 'sampling.draw' : 'drawSample over the stored population (no sampling.draw yet)'}\n`);
    emit('sample_50k_ms', median(sampleTimes), 'ms');

    // 4. Dossier list: one unit + one case type, sorted by 结案日期 desc, pages of 50 at 20 offsets.
    const units = await call<{ id: string; name: string }[]>(core, 'units.list', { campaignId });
    const unitId = units[0].id;
    const first = await call<{ total: number }>(core, 'dossiers.list', { campaignId, unitId, caseType: '行政处罚', sort: '-dateClosed', limit: 50 });
    const pageTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const offset = Math.floor(((first.total - 50) * i) / 19 / 50) * 50;
      const s = performance.now();
      const page = await call<{ items: unknown[] }>(core, 'dossiers.list', { campaignId, unitId, caseType: '行政处罚', sort: '-dateClosed', offset, limit: 50 });
      pageTimes.push(performance.now() - s);
      if (page.items.length === 0) throw new Error('empty page');
    }
    emit('dossier_list_page_ms', median(pageTimes), 'ms');

    // Search by party substring (surnames of fictional persons, company words), sorted by 结案日期 desc.
    const terms = ['张某', '王某', '李某', '华兴', '恒达', '瑞丰', '鑫源', '长青', '宏图', '安泰', '金穗', '顺通', '青禾', '启明', '远航', '商贸', '食品厂', '超市', '赵某', '刘某'];
    const searchTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      await call(core, 'dossiers.list', { campaignId, search: terms[i], sort: '-dateClosed', offset: (i % 5) * 50, limit: 50 });
      searchTimes.push(performance.now() - s);
    }
    emit('dossier_list_search_ms', median(searchTimes), 'ms');
    core.close();
  },
};
