/**
 * XLSX register figures over 50,000 rows (the same generated register as bench/register.ts, ~37
 * template columns, written with shared strings and date-formatted cells as Excel writes them):
 * - import_50k_xlsx_ms / import_50k_xlsx_cpu_ms: registers.import end to end through core.dispatch on a
 *   file store (worker threads, validation, one transaction), rows committed;
 * - import_50k_xlsx_peak_rss_mb: the process's resident memory at its highest during that import
 *   (sampled every 20 ms; all threads share the process; the resident size before it is printed on
 *   stderr, as the workbook was just written in this process), the memory bound of the streaming reader;
 * - read_50k_xlsx_ms / read_50k_xlsx_cpu_ms: reading the workbook into register rows alone
 *   (readRegisterFile), this thread;
 * - stream_50k_xlsx_cpu_ms: streamXlsxSheet over the workbook's bytes, rows dropped as they come
 *   (what the import's reader thread spends before validation), this thread;
 * - preview_50k_xlsx_ms / preview_50k_xlsx_cpu_ms: registers.preview of the same file (the import
 *   dialog's first look).
 * CPU figures are the process's (every thread); on a loaded machine they vary less than wall time.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { openCore, type Core } from '../electron/core';
import { readRegisterFile } from '../electron/core/import';
import { importThreadsIdle } from '../electron/core/import/threads';
import { streamXlsxSheet } from '../electron/core/import/xlsx-stream';
import { REGISTER_COLUMNS, TEMPLATE_HEADERS } from '../shared/domain/register';
import { generateRegisterRows, type RegisterRowData } from '../test/fixtures/registers';
import type { BenchCase } from './harness';

const ROWS = 50_000;
const ctx = { actor: 'bench', transport: 'test' as const };
const DATE_COLUMNS = new Set(REGISTER_COLUMNS.filter((c) => c.kind === 'date').map((c) => c.header));
const AMOUNT_COLUMNS = new Set(REGISTER_COLUMNS.filter((c) => c.kind === 'amount').map((c) => c.header));

async function call<T>(core: Core, method: string, input: unknown): Promise<T> {
  const res = await core.dispatch(method as never, input as never, ctx);
  if (!res.ok) throw new Error(`${method}: ${res.error.message}`);
  return res.value as T;
}

/** The register as a workbook, written with exceljs's streaming writer (the in-memory one needs ~30 s here). */
async function writeWorkbook(rows: readonly RegisterRowData[], file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('案卷目录');
  ws.columns = TEMPLATE_HEADERS.map((h) => ({ key: h, style: DATE_COLUMNS.has(h) ? { numFmt: 'yyyy-mm-dd' } : {} }));
  ws.addRow([...TEMPLATE_HEADERS]).commit();
  for (const r of rows) {
    ws.addRow(
      TEMPLATE_HEADERS.map((h) => {
        const v = r[h] ?? '';
        if (!v) return null;
        if (DATE_COLUMNS.has(h) && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
          const [y, m, d] = v.split('-').map(Number);
          return new Date(Date.UTC(y, m - 1, d));
        }
        if (AMOUNT_COLUMNS.has(h) && /^\d+(\.\d+)?$/.test(v)) return Number(v);
        return v;
      }),
    ).commit();
  }
  ws.commit();
  await wb.commit();
}

const mb = (bytes: number) => bytes / 1024 / 1024;
/** CPU time of the process since `since`, in ms. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

export const registerXlsxBench: BenchCase = {
  title: 'register-xlsx: 50k-row XLSX import, read and preview',
  async run(emit, dir) {
    const file = join(dir, 'register-50k.xlsx');
    const w0 = performance.now();
    await writeWorkbook(generateRegisterRows({ seed: 20260101, count: ROWS }), file);
    process.stderr.write(`  wrote the 50k-row workbook in ${Math.round(performance.now() - w0)} ms\n`);

    const core = await openCore(join(dir, 'bench-xlsx.sqlite'));
    const campaign = await call<{ id: string }>(core, 'campaigns.create', { name: '基准活动（5 万行 XLSX）', year: 2024, organiser: '示例市司法局' });

    (globalThis as { gc?: () => void }).gc?.();
    const rssBefore = process.memoryUsage.rss();
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 20);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const res = await call<{ imported: number; errorTotal: number; errors: { message: string }[] }>(core, 'registers.import', { campaignId: campaign.id, files: [{ path: file }] });
    const importMs = performance.now() - t0;
    const importCpuMs = cpuMs(c0);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    if (res.imported !== ROWS) throw new Error(`expected ${ROWS} imported, got ${res.imported} (${res.errorTotal} errors: ${res.errors[0]?.message ?? '-'})`);
    emit('import_50k_xlsx_ms', importMs, 'ms');
    emit('import_50k_xlsx_cpu_ms', importCpuMs, 'ms');
    emit('import_50k_xlsx_peak_rss_mb', mb(peak), 'MB');
    process.stderr.write(`  resident memory before the import ${mb(rssBefore).toFixed(0)} MB\n`);
    await importThreadsIdle();

    // Reading alone, in this thread (after the import, so its memory does not count in the import's peak).
    const rc0 = process.cpuUsage();
    const r0 = performance.now();
    const read = await readRegisterFile(file);
    emit('read_50k_xlsx_ms', performance.now() - r0, 'ms');
    emit('read_50k_xlsx_cpu_ms', cpuMs(rc0), 'ms');
    if (read.rows.length !== ROWS || read.errors.length) throw new Error(`read ${read.rows.length} rows, errors: ${read.errors[0]?.message ?? '-'}`);
    read.rows = [];

    const bytes = await readFile(file);
    const sc0 = process.cpuUsage();
    const streamed = await streamXlsxSheet(bytes, { onRow() {} });
    emit('stream_50k_xlsx_cpu_ms', cpuMs(sc0), 'ms');
    if (streamed.rows !== ROWS + 1) throw new Error(`streamed ${streamed.rows} rows`);

    const pc0 = process.cpuUsage();
    const p0 = performance.now();
    const preview = await call<{ rowCount: number; rows: unknown[] }>(core, 'registers.preview', { campaignId: campaign.id, file: { path: file } });
    emit('preview_50k_xlsx_ms', performance.now() - p0, 'ms');
    emit('preview_50k_xlsx_cpu_ms', cpuMs(pc0), 'ms');
    if (preview.rowCount !== ROWS) throw new Error(`preview counted ${preview.rowCount} rows`);

    core.close();
  },
};
