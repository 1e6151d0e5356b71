/**
 * pdf.js over app:// with the viewer's range transport (renderer/components/pdf/range-transport.ts),
 * against the real app:// protocol handler and a real store: the first page comes from a few ranges,
 * not the whole file, and reads the same as a whole-file load.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument, OPS, PDFDataRangeTransport } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { dossierFileSource } from '../../electron/core/pdf/serve';
import { createAppProtocolHandler } from '../../electron/shell/protocol';
import { fetchRanges, needsRangeTransport, openRangeTransport, totalFromContentRange } from '../../renderer/components/pdf/range-transport';
import { createApiClient } from '../../shared/api/contract';
import { makeScannedDossier } from '../../bench/pdf-viewer';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';

const CHUNK = 16 * 1024;
let dir: string;
let core: Core;
let fileId: string;
let size: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-range-'));
  core = await openCore(join(dir, 'store.sqlite'));
  const api = createApiClient((m, i) => core.dispatch(m, i, { actor: 'test', transport: 'test' }));
  const campaign = await api.campaigns.create({ name: '范围读取', year: 2026 });
  const rows = generateRegisterRows({ seed: 9, count: 1 });
  await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: encodeCsv(registerToCsv(rows), 'utf-8').toString('base64') }] });
  const caseNo = rows[0].案卷编号;
  // A scanned dossier (one JPEG per page), as the bench's 300-page one but shorter.
  const bytes = await makeScannedDossier(24);
  size = bytes.length;
  const pdf = join(dir, 'case.pdf');
  writeFileSync(pdf, bytes);
  const { jobId } = await api.files.attach({ campaignId: campaign.id, files: [{ name: `${caseNo}.pdf`, path: pdf }], ocr: false });
  for (;;) {
    const job = await api.jobs.get({ id: jobId });
    if (job.status === 'done') break;
    if (job.status !== 'running') throw new Error(`attach ${job.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const dossier = (await api.dossiers.list({ campaignId: campaign.id, search: caseNo, limit: 5 })).items[0];
  fileId = (await api.files.list({ dossierId: dossier.id }))[0].id;
});
afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Electron's view of the app:// handler: a fetch that goes straight into it, counting the bytes it answers. */
function appFetch() {
  const handler = createAppProtocolHandler({ root: join(dir, 'no-renderer'), csp: "default-src 'self'", files: dossierFileSource(core.store) });
  const seen = { requests: 0, bytes: 0 };
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    const res = await handler(new Request(String(url), init));
    const body = new Uint8Array(await res.arrayBuffer());
    seen.requests += 1;
    seen.bytes += body.length;
    return new Response(body, { status: res.status, headers: res.headers });
  }) as typeof fetch;
  return { fetchImpl, seen };
}

/** What drawing page 1 takes: its operators (the scan's image among them). */
async function firstPageOps(doc: Awaited<ReturnType<typeof getDocument>['promise']>): Promise<number[]> {
  const page = await doc.getPage(1);
  return (await page.getOperatorList()).fnArray;
}

describe('range transport over app://', () => {
  it('draws the first page of a scan from a few ranges instead of the whole file, as a whole-file load draws it', async () => {
    const url = `app://dossier-review/dossier-files/${fileId}`;
    expect(needsRangeTransport(url)).toBe(true);
    expect(needsRangeTransport('http://127.0.0.1:5000/dossier-files/x')).toBe(false);

    const { fetchImpl, seen } = appFetch();
    const transport = await openRangeTransport(PDFDataRangeTransport, fetchRanges(url, {}, fetchImpl), CHUNK);
    const task = getDocument({ range: transport, rangeChunkSize: CHUNK, disableAutoFetch: true, disableStream: true, verbosity: 0 });
    const doc = await task.promise;
    expect(doc.numPages).toBe(24);
    const ranged = await firstPageOps(doc);
    expect(ranged).toContain(OPS.paintImageXObject);
    expect(size).toBeGreaterThan(1_000_000);
    expect(seen.bytes).toBeLessThan(size / 4);
    expect(seen.requests).toBeGreaterThan(1);
    await task.destroy();

    const whole = await handlerBytes(url);
    expect(whole.length).toBe(size);
    const wholeTask = getDocument({ data: whole, verbosity: 0 });
    expect(await firstPageOps(await wholeTask.promise)).toEqual(ranged);
    await wholeTask.destroy();
  });

  it('a file that is not there fails with the handler’s own message', async () => {
    const { fetchImpl } = appFetch();
    const missing = fetchRanges('app://dossier-review/dossier-files/0190a000-0000-7000-8000-000000000000', {}, fetchImpl);
    await expect(openRangeTransport(PDFDataRangeTransport, missing, CHUNK)).rejects.toMatchObject({ status: 404 });
  });

  it('reads the length from Content-Range', () => {
    expect(totalFromContentRange('bytes 0-99/5000')).toBe(5000);
    expect(totalFromContentRange('bytes */5000')).toBe(5000);
    expect(totalFromContentRange('bytes 0-99/*')).toBeNull();
    expect(totalFromContentRange(null)).toBeNull();
  });
});

async function handlerBytes(url: string): Promise<Uint8Array> {
  const { fetchImpl } = appFetch();
  return new Uint8Array(await (await fetchImpl(url)).arrayBuffer());
}
