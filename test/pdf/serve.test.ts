/**
 * Serving attached dossier PDFs by file id: the shared core (lookup, ranges), the loopback host
 * route (token, Range, content type) and the app:// protocol, on a real store with a real attach.
 */
import { rmSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/index';
import { attachFiles, storedFilePath } from '../../electron/core/pdf/attach';
import { dossierFileSource, parseRange, planPdfResponse } from '../../electron/core/pdf/serve';
import { createHost, type Host } from '../../electron/host/server';
import { createAppProtocolHandler } from '../../electron/shell/protocol';
import { newId, nowIso } from '../../db/util';
import { makeDossierPdf } from '../fixtures/pdfs';

const TOKEN = 'serve-test-token-0123456789abcdef';
let dir: string;
let core: Core;
let host: Host;
let base: string;
let fileId: string;
let brokenId: string;
let bytes: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-serve-'));
  core = await openCore(join(dir, 'store.sqlite'));
  const db = core.store.db;
  const now = nowIso();
  const campaignId = newId();
  const unitId = newId();
  db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, '评查', 2024, ?, ?)`).run(campaignId, now, now);
  db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, '示例局', ?)`).run(unitId, now);
  for (const caseNo of ['S-1', 'S-2']) {
    db.prepare(
      `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, date_closed, file_ref, content_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, '行政处罚', '案由', '当事人', '2024-06-30', NULL, ?, ?, ?)`,
    ).run(newId(), campaignId, unitId, caseNo, `h-${caseNo}`, now, now);
  }
  bytes = await makeDossierPdf({ caseNo: 'S-1', party: '某公司', unit: '示例局', documents: [{ title: '立案审批表', pages: 2 }, { title: '行政处罚决定书', pages: 1 }] });
  const other = await makeDossierPdf({ caseNo: 'S-2', party: '某公司', unit: '示例局', documents: [{ title: '立案审批表', pages: 1 }] });
  writeFileSync(join(dir, 'S-1.pdf'), bytes);
  writeFileSync(join(dir, 'S-2.pdf'), other);
  const result = await attachFiles(core.context, { campaignId, files: [{ name: 'S-1.pdf', path: join(dir, 'S-1.pdf') }, { name: 'S-2.pdf', path: join(dir, 'S-2.pdf') }] });
  fileId = result.matched.find((m) => m.caseNo === 'S-1')!.fileId;
  const broken = result.matched.find((m) => m.caseNo === 'S-2')!;
  brokenId = broken.fileId;
  truncateSync(storedFilePath(core.store, broken.sha256), 100); // damaged after import
  host = createHost({ dispatch: core.dispatch, rendererDir: dir, token: TOKEN, actor: 't', files: dossierFileSource(core.store) });
  base = (await host.listen(0)).url;
});

afterAll(async () => {
  await host.close();
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

const auth = { Authorization: `Bearer ${TOKEN}` };

describe('parseRange', () => {
  it('reads the forms pdf.js sends and refuses ranges past the end', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-9', 1000)).toBeNull();
    expect(parseRange(undefined, 1000)).toBeNull();
  });
});

describe('dossierFileSource', () => {
  it('resolves ids through the store only', () => {
    const source = dossierFileSource(core.store);
    const ok = source(fileId);
    expect(ok.ok && ok.file.size).toBe(bytes.length);
    expect(source('../../etc/passwd')).toMatchObject({ ok: false, status: 400 });
    expect(source('00000000-0000-0000-0000-000000000000')).toMatchObject({ ok: false, status: 404 });
    const broken = source(brokenId);
    expect(broken).toMatchObject({ ok: false, status: 409 });
    expect(!broken.ok && broken.message).toContain('S-2.pdf');
    expect(!broken.ok && broken.message).toContain('已损坏');
  });

  it('plans no body for HEAD', () => {
    const plan = planPdfResponse(dossierFileSource(core.store), fileId, { method: 'HEAD' });
    expect(plan.status).toBe(200);
    expect(plan.body).toBeUndefined();
    expect(plan.headers['Content-Length']).toBe(String(bytes.length));
  });
});

describe('GET /dossier-files/<id> on the loopback host', () => {
  it('needs the token', async () => {
    const res = await fetch(`${base}dossier-files/${fileId}`);
    expect(res.status).toBe(401);
  });

  it('serves the whole file as application/pdf', async () => {
    const res = await fetch(`${base}dossier-files/${fileId}`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it('answers a Range request with 206 and exactly those bytes', async () => {
    const res = await fetch(`${base}dossier-files/${fileId}`, { headers: { ...auth, Range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes.slice(100, 200)))).toBe(true);
    const past = await fetch(`${base}dossier-files/${fileId}`, { headers: { ...auth, Range: `bytes=${bytes.length}-` } });
    expect(past.status).toBe(416);
  });

  it('says clearly when a file is unknown, damaged or the id is malformed', async () => {
    const unknown = await fetch(`${base}dossier-files/00000000-0000-0000-0000-000000000000`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('没有编号为');
    const broken = await fetch(`${base}dossier-files/${brokenId}`, { headers: auth });
    expect(broken.status).toBe(409);
    const odd = await fetch(`${base}dossier-files/..%2F..%2Fstore.sqlite`, { headers: auth });
    expect(odd.status).toBe(400);
  });
});

describe('app://dossier-review/dossier-files/<id>', () => {
  const handler = () => createAppProtocolHandler({ root: dir, csp: "default-src 'self'", files: dossierFileSource(core.store) });

  it('serves the same bytes with ranges', async () => {
    const whole = await handler()(new Request(`app://dossier-review/dossier-files/${fileId}`));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await whole.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    const part = await handler()(new Request(`app://dossier-review/dossier-files/${fileId}`, { headers: { Range: 'bytes=-10' } }));
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(Buffer.from(bytes.slice(-10)))).toBe(true);
  });

  it('refuses unknown ids and still serves the renderer', async () => {
    const missing = await handler()(new Request('app://dossier-review/dossier-files/00000000-0000-0000-0000-000000000000'));
    expect(missing.status).toBe(404);
    writeFileSync(join(dir, 'index.html'), '<p>ok</p>');
    const page = await handler()(new Request('app://dossier-review/index.html'));
    expect(await page.text()).toBe('<p>ok</p>');
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('<p>ok</p>');
  });
});

describe('files.describe', () => {
  it('gives the viewer the page count, text sources and documents of a file', async () => {
    const env = await core.dispatch('files.describe', { fileId }, { actor: 't', transport: 'test' });
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    const value = env.value as { file: { pageCount: number }; pages: { textSource: string }[]; documents: { title: string }[] };
    expect(value.file.pageCount).toBe(3);
    expect(value.pages).toHaveLength(3);
    expect(value.documents.map((d) => d.title)).toContain('行政处罚决定书');
  });
});
