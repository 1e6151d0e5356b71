/**
 * The dossier PDF viewer in Chromium on a 300-page SCANNED dossier (image-only pages: a grey JPEG
 * per page at ~150 dpi, as a copier produces), attached to a real store and served by the loopback
 * host with Range requests:
 *   pdf_first_page_ms                      open viewer.html → first page canvas painted (median of runs; target ≤ 1500)
 *   pdf_page_jump_ms / pdf_page_jump_ms_max jump to a random page → painted (p50 / max; target ≤ 200)
 *   pdf_live_page_canvases / pdf_live_canvas_MB  after scrolling through every page: what is still held
 *   pdf_first_page_vs_pdfjs_viewer_ratio   ours ÷ pdf.js's own PDFViewer (pdfjs-dist/web/pdf_viewer.mjs)
 *                                          on the same file, same host, same run (target ≤ 1)
 * Both first-page times count from navigation start, so each includes loading its own scripts.
 */
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { openCore } from '../electron/core';
import { attachFiles } from '../electron/core/pdf/attach';
import { dossierFileSource } from '../electron/core/pdf/serve';
import { REPO_ROOT } from '../electron/host/paths';
import { createHost } from '../electron/host/server';
import { newId, nowIso } from '../db/util';
import { launchChromium } from '../test/e2e/support';
import { percentile, type BenchCase } from './harness';
import { benchRenderer } from './renderer';

const PAGES = 300;
const RUNS = 5;
const JUMPS = 20;
const TOKEN = 'bench-token-0123456789abcdefghijklmnop';
// A4 at 150 dpi.
const PX_W = 1240;
const PX_H = 1754;

/** One scanned page: paper tone, ruled "text" lines, a stamp, speckle noise; distinct per page. */
async function scanJpeg(pageNo: number): Promise<Buffer> {
  const canvas = createCanvas(PX_W, PX_H);
  const g = canvas.getContext('2d');
  g.fillStyle = '#e6e3dc';
  g.fillRect(0, 0, PX_W, PX_H);
  let seed = pageNo * 2654435761;
  const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  g.fillStyle = '#3a3a3a';
  for (let line = 0; line < 34; line++) {
    let x = 150;
    const y = 220 + line * 40;
    while (x < PX_W - 160) {
      const w = 18 + rnd() * 22;
      g.fillRect(x, y, w, 22);
      x += w + 6 + rnd() * 4;
      if (rnd() < 0.03) break;
    }
  }
  g.strokeStyle = '#b8312f';
  g.lineWidth = 6;
  g.beginPath();
  g.arc(900 + rnd() * 80, 1500, 110, 0, Math.PI * 2);
  g.stroke();
  g.fillStyle = 'rgba(0,0,0,0.35)';
  for (let i = 0; i < 4000; i++) g.fillRect(rnd() * PX_W, rnd() * PX_H, 2, 2);
  g.fillStyle = '#222';
  g.font = '36px sans-serif';
  g.fillText(`- ${pageNo} -`, PX_W / 2 - 40, PX_H - 80);
  return canvas.encode('jpeg', 70);
}

export async function makeScannedDossier(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const jpegs: Buffer[] = new Array(pages);
  // Two encoders at a time: the machine is shared.
  for (let i = 0; i < pages; i += 2) {
    const batch = await Promise.all([scanJpeg(i + 1), i + 1 < pages ? scanJpeg(i + 2) : null]);
    jpegs[i] = batch[0];
    if (batch[1]) jpegs[i + 1] = batch[1];
  }
  for (const jpeg of jpegs) {
    const image = await doc.embedJpg(jpeg);
    const page = doc.addPage([595.28, 841.89]);
    page.drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
  }
  return doc.save();
}

/** pdf.js's own viewer component on a minimal page, loading the same URL with the same token. */
export function writeReferenceViewer(rendererDir: string): void {
  const dir = join(rendererDir, 'pdfjs-reference');
  const dist = join(REPO_ROOT, 'node_modules', 'pdfjs-dist');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(dist, 'build', 'pdf.min.mjs'), join(dir, 'pdf.min.mjs'));
  copyFileSync(join(dist, 'build', 'pdf.worker.min.mjs'), join(dir, 'pdf.worker.min.mjs'));
  copyFileSync(join(dist, 'web', 'pdf_viewer.mjs'), join(dir, 'pdf_viewer.mjs'));
  copyFileSync(join(dist, 'web', 'pdf_viewer.css'), join(dir, 'pdf_viewer.css'));
  cpSync(join(dist, 'web', 'images'), join(dir, 'images'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><link rel="stylesheet" href="./pdf_viewer.css">
<title>pdf.js PDFViewer</title></head><body style="margin:0">
<div id="viewerContainer" style="position:absolute;inset:0;overflow:auto;background:#e4e7ec"><div id="viewer" class="pdfViewer"></div></div>
<script type="module" src="./reference.mjs"></script></body></html>`,
  );
  writeFileSync(
    join(dir, 'reference.mjs'),
    `import * as pdfjsLib from './pdf.min.mjs';
globalThis.pdfjsLib = pdfjsLib;
pdfjsLib.GlobalWorkerOptions.workerSrc = new URL('./pdf.worker.min.mjs', import.meta.url).href;
const { PDFViewer, EventBus, PDFLinkService } = await import('./pdf_viewer.mjs');
const params = new URLSearchParams(location.hash.slice(1));
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const viewer = new PDFViewer({ container: document.getElementById('viewerContainer'), viewer: document.getElementById('viewer'), eventBus, linkService });
linkService.setViewer(viewer);
eventBus.on('pagesinit', () => { viewer.currentScaleValue = 'page-width'; });
eventBus.on('pagerendered', (e) => { if (e.pageNumber === 1 && !performance.getEntriesByName('pdf-first-page').length) performance.mark('pdf-first-page'); });
const assets = (d) => new URL('../pdfjs/' + d + '/', location.href).href;
const doc = await pdfjsLib.getDocument({
  url: '/dossier-files/' + params.get('file'),
  httpHeaders: { Authorization: 'Bearer ' + params.get('token') },
  cMapUrl: assets('cmaps'), standardFontDataUrl: assets('standard_fonts'), wasmUrl: assets('wasm'), iccUrl: assets('iccs'),
}).promise;
viewer.setDocument(doc);
linkService.setDocument(doc, null);
`,
  );
}

/** Opens url in a fresh context (cold cache) and returns the first-page mark in ms from navigation start. */
async function firstPageMs(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const handle = await page.waitForFunction(() => performance.getEntriesByName('pdf-first-page')[0]?.startTime, null, { timeout: 60_000, polling: 50 });
    return (await handle.jsonValue()) as number;
  } finally {
    await context.close();
  }
}

/**
 * In the page: type a page number, submit, and time until that page's canvas is painted. Passed as
 * source text: tsx's helpers (__name) do not exist inside the browser.
 */
const JUMP_SCRIPT = `async (n) => {
  const input = document.querySelector('input[aria-label="页码"]');
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, String(n));
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const done = () => document.querySelector('[data-page="' + n + '"][data-painted="true"]') !== null;
  const t0 = performance.now();
  input.form.requestSubmit();
  await new Promise((resolve) => {
    if (done()) return resolve();
    const mo = new MutationObserver(() => { if (done()) { mo.disconnect(); resolve(); } });
    mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-painted'] });
  });
  return performance.now() - t0;
}`;

const jumpAndTime = (page: Page, target: number): Promise<number> => page.evaluate(`(${JUMP_SCRIPT})(${target})`) as Promise<number>;

const SCROLL_THROUGH = `(async () => {
  const el = document.querySelector('[data-testid="pdf-scroll"]');
  el.scrollTop = 0;
  while (el.scrollTop + el.clientHeight < el.scrollHeight - 2) {
    el.scrollTop += el.clientHeight;
    await new Promise((r) => setTimeout(r, 25));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const canvases = [...document.querySelectorAll('.pdfv-page canvas')];
  const thumbs = [...document.querySelectorAll('.pdfv-thumbs canvas')];
  const bytes = [...canvases, ...thumbs].reduce((n, c) => n + c.width * c.height * 4, 0);
  return { canvases: canvases.length, thumbs: thumbs.length, mb: bytes / 1024 / 1024 };
})()`;

export const pdfViewerBench: BenchCase = {
  title: 'pdf viewer: 300-page scanned dossier in Chromium',
  async run(emit, dir) {
    const rendererDir = await benchRenderer();
    writeReferenceViewer(rendererDir);

    process.stderr.write(`  generating a ${PAGES}-page scan…\n`);
    const pdf = await makeScannedDossier(PAGES);
    const pdfPath = join(dir, 'SCAN-2024-001.pdf');
    writeFileSync(pdfPath, pdf);
    emit('pdf_scanned_dossier_MB', pdf.length / 1024 / 1024, 'MB');

    const core = await openCore(join(dir, 'viewer.sqlite'));
    const db = core.store.db;
    const now = nowIso();
    const campaignId = newId();
    const unitId = newId();
    db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, '基准', 2024, ?, ?)`).run(campaignId, now, now);
    db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, '示例局', ?)`).run(unitId, now);
    db.prepare(
      `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, date_closed, file_ref, content_hash, created_at, updated_at)
       VALUES (?, ?, ?, 'SCAN-2024-001', '行政处罚', '案由', '当事人', '2024-06-30', NULL, 'h', ?, ?)`,
    ).run(newId(), campaignId, unitId, now, now);
    process.stderr.write('  attaching it to the store…\n');
    const attached = await attachFiles(core.context, { campaignId, files: [{ name: 'SCAN-2024-001.pdf', path: pdfPath }] }, { actor: 'bench' }, { timeoutMs: 300_000 });
    if (!attached.matched[0]) throw new Error(`attach failed: ${JSON.stringify(attached.failed)}`);
    const fileId = attached.matched[0].fileId;

    const host = createHost({ dispatch: core.dispatch, rendererDir, token: TOKEN, actor: 'bench', files: dossierFileSource(core.store) });
    const { url: base } = await host.listen(0);
    const ours = `${base}viewer.html#file=${fileId}&token=${TOKEN}`;
    const reference = `${base}pdfjs-reference/index.html#file=${fileId}&token=${TOKEN}`;
    const browser = await launchChromium();
    try {
      // Warm-up (OS file cache, Chromium's first process start), not counted.
      await firstPageMs(browser, ours);
      await firstPageMs(browser, reference);
      const oursMs: number[] = [];
      const refMs: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        oursMs.push(await firstPageMs(browser, ours));
        refMs.push(await firstPageMs(browser, reference));
      }
      const oursMedian = percentile(oursMs, 50);
      const refMedian = percentile(refMs, 50);
      emit('pdf_first_page_ms', oursMedian, 'ms');
      emit('pdf_first_page_pdfjs_viewer_ms', refMedian, 'ms');
      emit('pdf_first_page_vs_pdfjs_viewer_ratio', oursMedian / refMedian, 'ratio');

      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(ours);
      await page.locator('[data-page="1"][data-painted="true"]').waitFor({ timeout: 60_000 });
      await page.waitForTimeout(500);
      let seed = 20241;
      const jumps: number[] = [];
      for (let i = 0; i < JUMPS; i++) {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        const target = 2 + (seed % (PAGES - 1));
        jumps.push(await jumpAndTime(page, target));
      }
      emit('pdf_page_jump_ms', percentile(jumps, 50), 'ms');
      emit('pdf_page_jump_ms_max', Math.max(...jumps), 'ms');

      // Scroll through the whole dossier a screen at a time, then count what is still held.
      const held = (await page.evaluate(SCROLL_THROUGH)) as { canvases: number; thumbs: number; mb: number };
      emit('pdf_live_page_canvases', held.canvases, 'count');
      emit('pdf_live_thumbnail_canvases', held.thumbs, 'count');
      emit('pdf_live_canvas_MB', held.mb, 'MB');
      await context.close();
    } finally {
      await browser.close();
      await host.close();
      core.close();
    }
  },
};
