/**
 * Facts read from a scanned dossier (issue #14): the generated dossier's pages rendered at 150 dpi,
 * grey, JPEG, slightly rotated and speckled, attached, read by the OCR worker (title band, then full
 * page), and the facts taken from the OCR lines with their page and box.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../db/store';
import { newId, nowIso } from '../../db/util';
import { createCoreContext, type CoreContext } from '../../electron/core/context';
import { makeFactDossier, type FactDossier } from '../../electron/core/demo/fact-dossiers';
import { makeScannedDossierPdf } from '../../electron/core/demo/scans';
import { dossierReader, factService } from '../../electron/core/facts';
import { ocrService, stopOcr } from '../../electron/core/ocr/service';
import { attachFiles } from '../../electron/core/pdf/attach';
import { insertRegisterRow } from './support';

let tmp: string;
let store: Store;
let ctx: CoreContext;
let made: FactDossier;
let dossierId: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'dossier-scan-facts-'));
  store = await openStore(join(tmp, 'review.db'));
  ctx = createCoreContext(store, '0.0.0-test');
  const campaignId = newId();
  const now = nowIso();
  ctx.db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, '2024年度案卷评查', 2024, ?, ?)`).run(campaignId, now, now);
  const unitId = newId();
  ctx.db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, ?, ?)`).run(unitId, '示例市市场监督管理局', now);
  made = makeFactDossier({ seed: 31, caseNo: 'SCAN-1', compact: true, differ: ['dateDecisionServed'] });
  dossierId = insertRegisterRow(ctx, campaignId, unitId, made.register);
  const scan = await makeScannedDossierPdf(made.spec, { seed: 31 });
  writeFileSync(join(tmp, 'SCAN-1.pdf'), scan.bytes);
  const attached = await attachFiles(ctx, { campaignId, files: [{ name: 'SCAN-1.pdf', path: join(tmp, 'SCAN-1.pdf') }] });
  expect(attached.matched[0]!.pagesWithoutText).toBe(scan.starts.length + 1); // the decision has two pages
}, 60_000);

afterAll(async () => {
  await stopOcr(ctx);
  store.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('facts from a scanned dossier', () => {
  it('nothing is read before OCR; after the full-page pass the facts come with their page and box', async () => {
    const before = dossierReader(ctx.read)(dossierId)!;
    expect(before.facts).toEqual([]);
    expect(before.pagesUnread).toBeGreaterThan(0);

    const jobId = ocrService(ctx).start({ resume: true });
    const job = await ctx.jobs.wait(jobId!);
    expect(job.status).toBe('done');

    const after = dossierReader(ctx.read)(dossierId)!;
    expect(after.pagesUnread).toBe(0);
    const right = made.planted.filter((p) => after.facts.some((f) => f.key === p.key && JSON.stringify(f.value) === JSON.stringify(p.value) && f.page === p.page));
    const missed = made.planted.filter((p) => !right.includes(p)).map((p) => `${p.key}@${p.page}=${JSON.stringify(p.value)} read ${JSON.stringify(after.facts.find((f) => f.key === p.key)?.value)}`);
    expect(right.length / made.planted.length, missed.join('; ')).toBeGreaterThanOrEqual(0.8);

    // The planted difference: the 送达回证 on the scan against the register.
    const served = made.planted.find((p) => p.key === 'dateDecisionServed')!;
    const read = after.facts.find((f) => f.key === 'dateDecisionServed')!;
    expect([read.value, read.page, read.document]).toEqual([served.value, served.page, '送达回证']);
    expect(read.box!.w).toBeGreaterThan(0);
    const view = factService(ctx).view(dossierId);
    expect(view.fields.find((f) => f.key === 'dateDecisionServed')).toMatchObject({ status: 'differs', source: 'dossier', value: served.value });
  }, 400_000);
});
