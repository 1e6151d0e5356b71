/**
 * OCR of scanned dossiers through the real pipeline (attach → queue → worker thread → title
 * detector), on scans made from generated dossiers: 150 dpi, grey, JPEG, half the pages rotated up
 * to ±1.5°, paper grain and specks.
 *   ocr_document_map_accuracy          documents found with the right title and start page (target ≥ 0.95)
 *   ocr_document_map_false_starts      document starts reported where none begins (count)
 *   ocr_title_band_ms_per_page         wall time of the title pass per page: render + hash + OCR of the top band (target ≤ 1500)
 *   ocr_full_page_ms                   one full page: render + OCR (mean; target ≤ 5000)
 *   ocr_document_map_300_pages_ms      300-page document map, extrapolated from the measured pass plus model load (target ≤ 480000)
 *   ocr_cached_title_pass_ms_per_page  the same scans attached again: image hash found in the cache, no OCR
 *   ocr_title_band_cpu_ms_per_page / ocr_full_page_cpu_ms  CPU time of the process (all threads) per page:
 *                                      comparable between runs on a busy shared machine
 *   ocr_render_ms_per_page / ocr_render_pdfjs_ms_per_page (+ _cpu_)  the page image alone (pixels + hash), the
 *                                      scan's JPEG decoded directly against pdf.js's render (DOSSIER_REVIEW_OCR_RENDER=pdfjs)
 * Wall times also count waiting for a core: the load average is printed on stderr.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../electron/core';
import { makeScannedDossierPdf } from '../electron/core/demo/scans';
import type { DossierPdfSpec, FixtureDocument } from '../electron/core/demo/pdfs';
import { OcrWorker } from '../electron/core/ocr/worker-client';
import { ocrService } from '../electron/core/ocr/service';
import { attachFiles, storedFilePath } from '../electron/core/pdf/attach';
import { getDocumentMap } from '../electron/core/pdf/documents';
import { DOCUMENT_TYPES } from '../shared/domain/documents';
import { newId, nowIso } from '../db/util';
import type { BenchCase } from './harness';

const DOSSIERS = 6;
const DOCS_PER_DOSSIER = 7;
const FULL_PAGES = 3;

/** Deterministic pick of documents: every catalogue title is used across the set. */
function dossierSpecs(): DossierPdfSpec[] {
  const titles = DOCUMENT_TYPES.map((d) => d.title);
  const specs: DossierPdfSpec[] = [];
  let k = 0;
  for (let i = 0; i < DOSSIERS; i++) {
    const documents: FixtureDocument[] = [];
    for (let j = 0; j < DOCS_PER_DOSSIER; j++) {
      const title = titles[(k * 7) % titles.length]!;
      k++;
      documents.push({ title, pages: 1 + ((i + j) % 3 === 0 ? 1 : 0) });
    }
    specs.push({ caseNo: `示市监罚〔2024〕${101 + i}号`, party: `虚构样本商贸有限公司${i + 1}`, unit: '示例市市场监督管理局', documents });
  }
  return specs;
}

export const ocrBench: BenchCase = {
  title: 'ocr (scanned dossiers → document map)',
  async run(emit, dir) {
    const specs = dossierSpecs();
    const core = await openCore(join(dir, 'bench.db'));
    const ctx = core.context;
    const db = core.store.db;
    try {
      const now = nowIso();
      const campaignId = newId();
      const unitId = newId();
      db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, 'OCR 基准', 2024, ?, ?)`).run(campaignId, now, now);
      db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, '示例市市场监督管理局', ?)`).run(unitId, now);
      const files: { name: string; path: string }[] = [];
      const expected = new Map<string, { title: string; start: number }[]>();
      for (const [i, spec] of specs.entries()) {
        for (const no of [spec.caseNo, `${spec.caseNo}-复核`]) {
          db.prepare(
            `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, date_closed, file_ref, content_hash, created_at, updated_at)
             VALUES (?, ?, ?, ?, '行政处罚', '销售不合格食品', ?, '2024-06-30', NULL, ?, ?, ?)`,
          ).run(newId(), campaignId, unitId, no, spec.party, `h-${no}`, now, now);
        }
        const scan = await makeScannedDossierPdf(spec, { seed: 100 + i });
        const path = join(dir, `${spec.caseNo}.pdf`);
        writeFileSync(path, scan.bytes);
        files.push({ name: `${spec.caseNo}.pdf`, path });
        expected.set(spec.caseNo, spec.documents.map((d, j) => ({ title: d.title, start: scan.starts[j]! })));
      }

      const service = ocrService(ctx);
      const attached = await attachFiles(ctx, { campaignId, files });
      const fileIds = attached.matched.map((m) => m.fileId);
      const pages = attached.matched.reduce((n, m) => n + m.pagesWithoutText, 0);
      process.stderr.write(`  ${attached.matched.length} 份扫描卷宗，${pages} 页：识别页首…（负载 ${loadavg().map((l) => l.toFixed(1)).join(' ')}）\n`);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await service.waitForTitles(fileIds);
      const titleMs = performance.now() - t0;
      const titleCpu = process.cpuUsage(cpu0);
      await service.stop();

      let found = 0;
      let total = 0;
      let falseStarts = 0;
      for (const m of attached.matched) {
        const want = expected.get(m.caseNo)!;
        const got = getDocumentMap(ctx, { dossierId: m.dossierId });
        total += want.length;
        for (const w of want) if (got.some((g) => g.startPage === w.start && g.title === w.title)) found++;
        falseStarts += got.filter((g) => !want.some((w) => w.start === g.startPage)).length;
        const missed = want.filter((w) => !got.some((g) => g.startPage === w.start && g.title === w.title));
        if (missed.length) process.stderr.write(`  ${m.caseNo} 未识别：${missed.map((x) => `${x.title}@${x.start}`).join('、')}\n`);
      }
      emit('ocr_document_map_accuracy', found / total, 'ratio');
      emit('ocr_document_map_false_starts', falseStarts, 'count');
      const perPage = titleMs / pages;
      emit('ocr_title_band_ms_per_page', perPage, 'ms');
      // CPU time of the whole process (worker and onnxruntime threads included): what the wall time
      // would approach on an idle machine, whatever else the shared machine is doing.
      emit('ocr_title_band_cpu_ms_per_page', (titleCpu.user + titleCpu.system) / 1000 / pages, 'ms');

      // Full pages, one at a time in a fresh worker (model load excluded, measured separately).
      const worker = new OcrWorker();
      try {
        const l0 = performance.now();
        await worker.warmup();
        const loadMs = performance.now() - l0;
        const file = core.store && attached.matched[0]!;
        const path = storedFilePath(core.store, file.sha256);
        let fullMs = 0;
        const fullCpu0 = process.cpuUsage();
        for (let p = 1; p <= FULL_PAGES; p++) {
          const s = performance.now();
          await worker.render(path, p);
          await worker.recognise('full');
          fullMs += performance.now() - s;
        }
        emit('ocr_full_page_ms', fullMs / FULL_PAGES, 'ms');
        const fullCpu = process.cpuUsage(fullCpu0);
        emit('ocr_full_page_cpu_ms', (fullCpu.user + fullCpu.system) / 1000 / FULL_PAGES, 'ms');
        emit('ocr_document_map_300_pages_ms', loadMs + perPage * 300, 'ms');
      } finally {
        await worker.terminate();
      }

      // The page image alone, each way in a fresh engine (the engine reads the switch from its environment).
      const scanFile = attached.matched[0]!;
      const scanPath = storedFilePath(core.store, scanFile.sha256);
      for (const [figure, render] of [['ocr_render', undefined], ['ocr_render_pdfjs', 'pdfjs']] as const) {
        const saved = process.env.DOSSIER_REVIEW_OCR_RENDER;
        if (render) process.env.DOSSIER_REVIEW_OCR_RENDER = render;
        else delete process.env.DOSSIER_REVIEW_OCR_RENDER;
        const engine = new OcrWorker();
        try {
          await engine.render(scanPath, 1); // loads the libraries and opens the file
          const r0 = performance.now();
          const rCpu0 = process.cpuUsage();
          let via = '';
          for (let p = 1; p <= scanFile.pagesWithoutText; p++) via = (await engine.render(scanPath, p)).via;
          const rCpu = process.cpuUsage(rCpu0);
          emit(`${figure}_ms_per_page`, (performance.now() - r0) / scanFile.pagesWithoutText, 'ms');
          emit(`${figure}_cpu_ms_per_page`, (rCpu.user + rCpu.system) / 1000 / scanFile.pagesWithoutText, 'ms');
          process.stderr.write(`  ${figure}: ${via}\n`);
        } finally {
          await engine.terminate();
          if (saved === undefined) delete process.env.DOSSIER_REVIEW_OCR_RENDER;
          else process.env.DOSSIER_REVIEW_OCR_RENDER = saved;
        }
      }

      // The same scans in other dossiers: every title band comes from the cache.
      const again = await attachFiles(ctx, { campaignId, files: files.map((f) => ({ ...f, name: f.name.replace('.pdf', '-复核.pdf') })) });
      const c0 = performance.now();
      await service.waitForTitles(again.matched.map((m) => m.fileId));
      emit('ocr_cached_title_pass_ms_per_page', (performance.now() - c0) / pages, 'ms');
      await service.stop();
    } finally {
      core.close();
    }
  },
};
