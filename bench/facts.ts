/**
 * Facts read from dossiers (issue #14), on dossiers generated with planted register–dossier differences:
 *   facts_accuracy_text        share of planted facts read with the right value and page, text PDFs (target ≥ 0.98)
 *   facts_false_mismatch       register–dossier differences reported on dossiers whose register agrees (target 0)
 *   facts_missed_mismatch      planted differences not reported (target 0)
 *   facts_300_pages_text_ms    every fact of a 300-page text dossier, read from the store (target ≤ 2000)
 *   facts_accuracy_scan        the same on scans (150 dpi, grey, JPEG, rotated, noisy) after the OCR pass (target ≥ 0.93)
 *   facts_scan_document_map_accuracy  documents of those scans found with the right start page (target ≥ 0.97)
 *   facts_scan_ocr_ms_per_page OCR (title band and full page) per scanned page, the background pass the scan facts wait for
 *   facts_300_pages_scan_ms    all facts of a 300-page scan: 300 × the measured OCR per page, plus reading the facts of a
 *                              300-page dossier from the store (an estimate from the two measured parts: OCRing 300 real
 *                              pages here would take the better part of an hour on the shared machine)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../electron/core';
import { makeFactDossier, type FactDossier, type FactDossierOptions } from '../electron/core/demo/fact-dossiers';
import { documentStartPages, makeDossierPdf } from '../electron/core/demo/pdfs';
import { makeScannedDossierPdf } from '../electron/core/demo/scans';
import { dossierReader, factService } from '../electron/core/facts';
import { ocrService, stopOcr } from '../electron/core/ocr/service';
import { attachFiles } from '../electron/core/pdf/attach';
import { getDocumentMap } from '../electron/core/pdf/documents';
import { newId, nowIso } from '../db/util';
import { documentTitle, OTHER_DOCUMENT_CODE } from '../shared/domain/documents';
import { insertRegisterRow } from '../test/facts/support';
import type { BenchCase } from './harness';

const TEXT_DOSSIERS = 12;
const SCAN_DOSSIERS = 3;
const DIFFER = [['dateDecisionServed'], ['fineFen'], ['dateFiled', 'dateNotice'], ['dateDecision', 'datePaid']];

export const factsBench: BenchCase = {
  title: 'facts (read from the dossier, checked against the register)',
  async run(emit, dir) {
    const core = await openCore(join(dir, 'bench.db'));
    const ctx = core.context;
    try {
      const now = nowIso();
      const campaignId = newId();
      const unitId = newId();
      core.store.db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, '关键事实基准', 2024, ?, ?)`).run(campaignId, now, now);
      core.store.db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, '示例市市场监督管理局', ?)`).run(unitId, now);

      const add = async (o: FactDossierOptions, scanned: boolean) => {
        const made = makeFactDossier(o);
        const id = insertRegisterRow(ctx, campaignId, unitId, made.register);
        const path = join(dir, `${o.caseNo}.pdf`);
        const scan = scanned ? await makeScannedDossierPdf(made.spec, { seed: o.seed }) : null;
        writeFileSync(path, scan ? scan.bytes : await makeDossierPdf(made.spec));
        const attached = await attachFiles(ctx, { campaignId, files: [{ name: `${o.caseNo}.pdf`, path }] });
        return { id, made, fileId: attached.matched[0]!.fileId, pages: attached.matched[0]!.pages };
      };

      const score = (list: { id: string; made: FactDossier }[]) => {
        const read = dossierReader(ctx.read);
        let right = 0;
        let planted = 0;
        let falseMismatch = 0;
        let missedMismatch = 0;
        for (const d of list) {
          const facts = read(d.id)?.facts ?? [];
          for (const p of d.made.planted) {
            planted++;
            const f = facts.find((x) => x.key === p.key);
            if (f && JSON.stringify(f.value) === JSON.stringify(p.value) && f.page === p.page) right++;
            else process.stderr.write(`  ${d.made.spec.caseNo} ${p.key}@${p.page}=${JSON.stringify(p.value)} 读为 ${f ? `${JSON.stringify(f.value)}@${f.page}` : '（无）'}\n`);
          }
          const view = factService(ctx).view(d.id);
          for (const f of view.fields) {
            if (f.status === 'differs' && !d.made.differing.includes(f.key)) falseMismatch++;
            if (d.made.differing.includes(f.key) && f.status !== 'differs' && f.dossier) missedMismatch++;
          }
        }
        return { accuracy: planted ? right / planted : 0, falseMismatch, missedMismatch };
      };

      // Text PDFs: half agree with their register, half carry planted differences.
      const text = [];
      for (let i = 0; i < TEXT_DOSSIERS; i++) text.push(await add({ seed: 500 + i, caseNo: `T-${i + 1}`, differ: i % 2 ? DIFFER[(i >> 1) % DIFFER.length] : [] }, false));
      const t = score(text);
      emit('facts_accuracy_text', t.accuracy, 'ratio');
      emit('facts_false_mismatch', t.falseMismatch, 'count');
      emit('facts_missed_mismatch', t.missedMismatch, 'count');

      const big = await add({ seed: 900, caseNo: 'T-300', evidencePages: 300 - 17 }, false);
      const read = dossierReader(ctx.read);
      const t0 = performance.now();
      const reading = read(big.id)!;
      const read300Ms = performance.now() - t0;
      emit('facts_300_pages_text_ms', read300Ms, 'ms');
      if (reading.pages !== 300) process.stderr.write(`  300 页卷宗实际 ${reading.pages} 页\n`);

      // Scans: the background OCR pass (title band, then full page) before their facts can be read.
      const scans = [];
      for (let i = 0; i < SCAN_DOSSIERS; i++) scans.push(await add({ seed: 700 + i, caseNo: `S-${i + 1}`, compact: true, differ: i % 2 ? ['dateDecisionServed'] : [] }, true));
      const pages = scans.reduce((n, s) => n + s.pages, 0);
      const o0 = performance.now();
      const job = ocrService(ctx).start({ resume: true });
      if (job) await ctx.jobs.wait(job);
      const ocrPerPage = (performance.now() - o0) / pages;
      emit('facts_scan_ocr_ms_per_page', ocrPerPage, 'ms');
      emit('facts_300_pages_scan_ms', 300 * ocrPerPage + read300Ms, 'ms');
      const s = score(scans);
      emit('facts_accuracy_scan', s.accuracy, 'ratio');
      let found = 0;
      let docs = 0;
      for (const d of scans) {
        const starts = documentStartPages(d.made.spec);
        const map = getDocumentMap(ctx, { dossierId: d.id });
        docs += starts.length;
        // Right start page and right document: the catalogue type, or the printed title for one outside the catalogue.
        const same = (m: { docType: string; title: string }, title: string) => m.title === title || (m.docType !== OTHER_DOCUMENT_CODE && documentTitle(m.docType) === title);
        found += starts.filter((p, j) => map.some((m) => m.startPage === p && same(m, d.made.spec.documents[j]!.title))).length;
      }
      emit('facts_scan_document_map_accuracy', found / docs, 'ratio');
      emit('facts_scan_false_mismatch', s.falseMismatch, 'count');
    } finally {
      await stopOcr(ctx);
      core.close();
    }
  },
};
