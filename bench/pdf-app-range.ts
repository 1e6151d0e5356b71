/**
 * The dossier viewer's first page over app:// (Electron), both ways, on the 300-page scan, through
 * the real app:// protocol handler and pdf.js (its Node build; the page is parsed, not painted):
 *   pdf_app_first_page_whole_ms   what pdf.js does by itself over a non-http scheme: read the whole file, then page 1
 *   pdf_app_first_page_range_ms   with the viewer's PDFDataRangeTransport (fetch with Range): page 1 from a few ranges
 *   pdf_app_first_page_bytes_ratio bytes the ranged open read ÷ file size
 * Medians of 5 runs after one warm-up (the OS file cache is warm in both).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../electron/core';
import { attachFiles } from '../electron/core/pdf/attach';
import { dossierFileSource } from '../electron/core/pdf/serve';
import { createAppProtocolHandler } from '../electron/shell/protocol';
import { newId, nowIso } from '../db/util';
import { fetchRanges, openRangeTransport } from '../renderer/components/pdf/range-transport';
import { percentile, type BenchCase } from './harness';
import { makeScannedDossier } from './pdf-viewer';

const PAGES = 300;
const RUNS = 5;
const CHUNK = 256 * 1024; // as renderer/components/pdf/pdfjs.ts

export const pdfAppRangeBench: BenchCase = {
  title: 'pdf over app:// (range transport vs whole file)',
  async run(emit, dir) {
    process.stderr.write(`  generating a ${PAGES}-page scan…\n`);
    const pdf = await makeScannedDossier(PAGES);
    const pdfPath = join(dir, 'SCAN-2024-002.pdf');
    writeFileSync(pdfPath, pdf);
    const core = await openCore(join(dir, 'app-range.sqlite'));
    try {
      const db = core.store.db;
      const now = nowIso();
      const campaignId = newId();
      const unitId = newId();
      db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, '基准', 2024, ?, ?)`).run(campaignId, now, now);
      db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, '示例局', ?)`).run(unitId, now);
      db.prepare(
        `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, date_closed, file_ref, content_hash, created_at, updated_at)
         VALUES (?, ?, ?, 'SCAN-2024-002', '行政处罚', '案由', '当事人', '2024-06-30', NULL, 'h', ?, ?)`,
      ).run(newId(), campaignId, unitId, now, now);
      const attached = await attachFiles(core.context, { campaignId, files: [{ name: 'SCAN-2024-002.pdf', path: pdfPath }] }, { actor: 'bench' }, { timeoutMs: 300_000 });
      if (!attached.matched[0]) throw new Error(`attach failed: ${JSON.stringify(attached.failed)}`);
      const url = `app://dossier-review/dossier-files/${attached.matched[0].fileId}`;

      const handler = createAppProtocolHandler({ root: dir, csp: "default-src 'self'", files: dossierFileSource(core.store) });
      let bytesRead = 0;
      const appFetch = (async (input: string | URL | Request, init?: RequestInit) => {
        const res = await handler(new Request(String(input), init));
        const body = new Uint8Array(await res.arrayBuffer());
        bytesRead += body.length;
        return new Response(body, { status: res.status, headers: res.headers });
      }) as typeof fetch;
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const firstPage = async (open: () => Promise<Parameters<typeof pdfjs.getDocument>[0]>) => {
        const t0 = performance.now();
        const task = pdfjs.getDocument({ ...(await open()), verbosity: 0 });
        const doc = await task.promise;
        await (await doc.getPage(1)).getOperatorList();
        const ms = performance.now() - t0;
        await task.destroy();
        return ms;
      };
      const whole = async () => ({ data: new Uint8Array(await (await appFetch(url)).arrayBuffer()) });
      const ranged = async () => ({
        range: await openRangeTransport(pdfjs.PDFDataRangeTransport, fetchRanges(url, {}, appFetch), CHUNK),
        rangeChunkSize: CHUNK,
        disableAutoFetch: true,
        disableStream: true,
      });
      await firstPage(whole);
      await firstPage(ranged);
      const wholeMs: number[] = [];
      const rangeMs: number[] = [];
      let rangedBytes = 0;
      for (let run = 0; run < RUNS; run++) {
        wholeMs.push(await firstPage(whole));
        bytesRead = 0;
        rangeMs.push(await firstPage(ranged));
        rangedBytes = bytesRead;
      }
      emit('pdf_app_first_page_whole_ms', percentile(wholeMs, 50), 'ms');
      emit('pdf_app_first_page_range_ms', percentile(rangeMs, 50), 'ms');
      emit('pdf_app_first_page_bytes_ratio', rangedBytes / pdf.length, 'ratio');
    } finally {
      core.close();
    }
  },
};
