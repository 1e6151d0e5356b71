/**
 * sheet_pdf_ms: one 评查表 PDF (load + score + HTML + Chromium print + atomic write) through the
 * export job, with a warm printer (the browser launched once, as in a running app). Target ≤ 1000 ms.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeSharedChromiumPrinter } from '../electron/core/export/chromium-printer';
import { reviewedFixture } from '../test/export/fixture';
import { percentile, type BenchCase } from './harness';

export const exportSheetBench: BenchCase = {
  title: 'export: 评查表 PDF and DOCX',
  async run(emit, dir) {
    const f = await reviewedFixture(join(dir, 'export.sqlite'));
    const once = async (format: 'pdf' | 'docx', n: number): Promise<number> => {
      const t0 = performance.now();
      const started = await f.api.exports.start({ campaignId: f.campaignId, kind: 'sheet', format, dossierId: f.dossierId, destination: { kind: 'path', path: join(dir, `sheet-${n}.${format}`) } });
      const job = await f.core.context.jobs.wait(started.jobId);
      if (job.status !== 'done') throw new Error(`export failed: ${job.error?.message}`);
      return performance.now() - t0;
    };
    try {
      const cold = await once('pdf', 0);
      emit('sheet_pdf_cold_ms', cold, 'ms');
      const pdf: number[] = [];
      for (let i = 1; i <= 10; i++) pdf.push(await once('pdf', i));
      emit('sheet_pdf_ms', percentile(pdf, 50), 'ms');
      const docx: number[] = [];
      for (let i = 1; i <= 10; i++) docx.push(await once('docx', i));
      emit('sheet_docx_ms', percentile(docx, 50), 'ms');
    } finally {
      await closeSharedChromiumPrinter();
      f.core.close();
    }
  },
};
