/**
 * The built Electron main bundle (dist/electron/main.cjs, as packaged) run under plain Node with a
 * stand-in `electron` module (test/fixtures/stand-in-electron.cjs) that records every call and then
 * drives it: app:// requests (index.html, an asset, a Range of a dossier PDF, a ../ path), IPC from
 * trusted and untrusted senders, the viewer window. It catches wiring mistakes the type check cannot.
 */
import { fork, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../electron/core';
import { defaultDataDir } from '../electron/core/data-dir';
import { RENDERER_CSP } from '../electron/host/csp';
import { createApiClient } from '../shared/api/contract';
import { makeDossierPdf } from './fixtures/pdfs';
import { encodeCsv, generateRegisterRows, registerToCsv } from './fixtures/registers';
import { makeScan } from './ocr/scan-fixtures';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'dossier-main-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A store with one dossier and its attached PDF; returns the ids the stand-in needs. */
async function storeWithPdf(db: string): Promise<{ fileId: string; dossierId: string; size: number }> {
  const core = await openCore(db);
  try {
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: 'test', transport: 'test' }));
    const campaign = await api.campaigns.create({ name: '外壳测试', year: 2026 });
    const rows = generateRegisterRows({ seed: 5, count: 2 });
    const csv = encodeCsv(registerToCsv(rows), 'utf-8');
    await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
    const caseNo = rows[0].案卷编号;
    const pdf = join(scratch, 'case.pdf');
    writeFileSync(pdf, await makeDossierPdf({ caseNo, party: '某公司', unit: '示例局', documents: [{ title: '行政处罚决定书', pages: 4 }] }));
    // A scanned dossier too, its pages queued for OCR but not read (ocr: false): the shell reads them.
    const scan = join(scratch, 'scan.pdf');
    writeFileSync(scan, (await makeScan()).bytes);
    const { jobId } = await api.files.attach({
      campaignId: campaign.id,
      files: [
        { name: `${caseNo}.pdf`, path: pdf },
        { name: `${rows[1].案卷编号}.pdf`, path: scan },
      ],
      ocr: false,
    });
    for (;;) {
      const job = await api.jobs.get({ id: jobId });
      if (job.status === 'done') break;
      if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`attach ${job.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const dossier = (await api.dossiers.list({ campaignId: campaign.id, search: caseNo, limit: 5 })).items.find((d) => d.caseNo === caseNo)!;
    const [file] = await api.files.list({ dossierId: dossier.id });
    return { fileId: file.id, dossierId: dossier.id, size: statSync(pdf).size };
  } finally {
    core.close();
  }
}

const out = join(scratch, 'electron');
beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build-electron.mjs', '--outdir', out], { cwd: ROOT, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  // main.cjs serves ../renderer relative to itself: a small stand-in renderer.
  mkdirSync(join(scratch, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(scratch, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(scratch, 'renderer', 'viewer.html'), '<!doctype html><title>viewer</title>');
  writeFileSync(join(scratch, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  mkdirSync(join(scratch, 'node_modules', 'electron'), { recursive: true });
  copyFileSync(join(ROOT, 'test', 'fixtures', 'stand-in-electron.cjs'), join(scratch, 'node_modules', 'electron', 'index.js'));
}, 120_000);

describe('dist/electron/main.cjs with a stand-in electron', () => {
  it('wires windows, app://, IPC and the viewer window as the shell intends', async () => {

    const db = join(scratch, 'store.sqlite');
    const { fileId, dossierId, size } = await storeWithPdf(db);
    const run = spawnSync(process.execPath, [join(out, 'main.cjs'), '--db', db], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), STAND_IN_FILE_ID: fileId, STAND_IN_DOSSIER_ID: dossierId },
    });
    expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(0);
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(r.errorBox).toBeNull();
    expect(r.driveError).toBeUndefined();

    // Start-up wiring.
    expect(r.calls).toContain(`app.setPath userData=${defaultDataDir()}`);
    expect(r.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, stream: true }) })]);
    expect(r.calls).toContain('protocol.handle app');
    expect(r.channels).toEqual(['dossier-review:api', 'dossier-review:dialog']);
    expect(r.session).toEqual(['setPermissionRequestHandler', 'setPermissionCheckHandler', 'webRequest.onHeadersReceived']);
    expect(r.loaded[0]).toBe('app://dossier-review/index.html');
    const secure = { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, preload: 'preload.cjs' };
    expect(r.windows[0].webPreferences).toMatchObject(secure);

    // app:// handler.
    expect(r.requests.index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', csp: RENDERER_CSP });
    expect(r.requests.asset).toMatchObject({ status: 200, type: expect.stringMatching(/javascript/) });
    expect(r.requests.range).toMatchObject({ status: 206, type: 'application/pdf', contentRange: `bytes 0-99/${size}`, length: 100, head: '%PDF-1.7' });
    expect(r.requests.traversal.status).toBe(403);
    expect(r.requests.otherHost.status).toBe(403);

    // IPC: the main window's top frame only; method names looked up as own properties.
    expect(r.ipc.trusted).toMatchObject({ ok: true, value: { storePath: db } });
    expect(r.ipc.untrusted).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(r.ipc.iframe).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(r.ipc.unknownMethod).toMatchObject({ ok: false, error: { message: expect.stringContaining('未知的接口方法') } });

    // Windows: viewer.html only, with the main window's security settings; everything else denied.
    expect(r.windowOpen.viewer.action).toBe('allow');
    expect(r.windowOpen.viewer.overrideBrowserWindowOptions.webPreferences).toMatchObject({ ...secure, preload: join(out, 'preload.cjs') });
    expect(r.windows[1].webPreferences).toEqual(r.windows[0].webPreferences);
    expect(r.windowOpen.index).toEqual({ action: 'deny' });
    expect(r.windowOpen.viewerWithQuery).toEqual({ action: 'deny' });
    expect(r.windowOpen.external).toEqual({ action: 'deny' });
    expect(r.windowOpen.file).toEqual({ action: 'deny' });
    expect(r.calls).toContain('shell.openExternal https://www.gov.cn/');
    expect(r.ipc.viewer).toMatchObject({ ok: true, value: [{ id: fileId }] });
    expect(r.ipc.viewerNavigated).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(r.strayDestroyed).toBe(true);
    expect(r.ipc.stray).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(r.navigationAwayPrevented).toBe(true);

    // Native file dialogs: the main window's requests reach Electron's dialogs (parented to the
    // window) and answer the chosen paths; other senders and bad arguments are refused unshown.
    expect(r.dialogs.openFiles).toEqual({ ok: true, value: { canceled: false, paths: ['/chosen/a.pdf', '/chosen/b.pdf'] } });
    expect(r.dialogs.saveFile).toEqual({ ok: true, value: { canceled: false, paths: ['/chosen/保存.drpkg'] } });
    expect(r.dialogs.openDirectory).toEqual({ ok: true, value: { canceled: false, paths: ['/chosen/扫描件'] } });
    expect(r.dialogCalls).toEqual([
      { method: 'showOpenDialog', parented: true, options: { title: '选择卷宗 PDF', filters: [{ name: 'PDF 文件', extensions: ['pdf'] }], properties: ['openFile', 'multiSelections'] } },
      {
        method: 'showSaveDialog',
        parented: true,
        options: { defaultPath: join('/nonexistent/documents', '第一组.drpkg'), filters: [{ name: '活动包', extensions: ['drpkg'] }], properties: ['createDirectory', 'showOverwriteConfirmation'] },
      },
      { method: 'showOpenDialog', parented: true, options: { properties: ['openDirectory', 'createDirectory'] } },
    ]);
    for (const refused of ['untrusted', 'iframe', 'viewer']) expect(r.dialogs[refused], refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(r.dialogs.folderInName).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: expect.stringContaining('建议的文件名不能包含文件夹') } });
    expect(r.dialogs.unknownKind).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(r.dialogs.extraField).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });

    // OCR runs in a utility process forked from the bundled entry beside main.cjs. A crash (exit
    // 139 while recognising) fails the run with a clear message and leaves the pages queued; the
    // retry forks a fresh process and reads them all.
    expect(r.calls).toContain('utilityProcess.fork ocr-utility.cjs exists=true serviceName=文字识别');
    expect(r.ocr.crashedJob).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('文字识别进程意外退出，已停止本次识别；可重试') } });
    expect(r.ocr.afterCrash.error).toContain('文字识别进程意外退出');
    expect(r.ocr.afterCrash.pending.title).toBeGreaterThan(0);
    expect(r.ocr.forks).toHaveLength(2);
    expect(r.ocr.forks[0]).toEqual({ ops: ['warmup', 'render', 'recognise'], exitCode: 139 });
    expect(r.ocr.retriedJob).toMatchObject({ status: 'done', error: null });
    expect(r.ocr.retriedJob.result.pages).toBeGreaterThanOrEqual(r.ocr.afterCrash.pending.title);
    expect(r.ocr.afterRetry).toEqual({ error: null, pending: { title: 0, full: 0 } });
    expect(r.ocr.forks[1].ops.filter((op: string) => op === 'recognise').length).toBe(r.ocr.retriedJob.result.pages);
    // The finished run stops its process.
    expect(r.ocr.forks[1].exitCode).toBe(0);

    // Quit closes the store.
    expect(r.ipc.afterQuit).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});

describe('dist/electron/main.cjs start-up', () => {
  it('loads no heavy or optional library before a feature needs it', async () => {
    const db = join(scratch, 'start.sqlite');
    const run = spawnSync(process.execPath, [join(out, 'main.cjs'), '--db', db], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), STAND_IN_MODE: 'start' },
    });
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(r.errorBox).toBeNull();
    // Wired and ready: the store is open and IPC is routed (the window opens right after).
    expect(r.channels).toEqual(['dossier-review:api', 'dossier-review:dialog']);
    expect(r.calls).toContain('protocol.handle app');
    // What the installers issue asks: nothing optional or native beyond the store at start-up.
    expect(r.startPackages).toEqual(['better-sqlite3', 'electron']);
    // The heavy libraries are not bundled (they would then initialise with the bundle, invisibly to
    // the check above): the bundle reaches each only through a require on first use.
    const bundle = readFileSync(join(out, 'main.cjs'), 'utf8');
    for (const name of ['exceljs', 'docx', 'pdf-lib', '@pdf-lib/fontkit', 'jschardet', 'iconv-lite', 'papaparse']) {
      expect(bundle, name).toContain(`require(${JSON.stringify(name)})`);
    }
  });
});

describe('dist/electron/ocr-utility.cjs', () => {
  it('answers the engine protocol over a utility process parentPort', async () => {
    // Electron gives a utility process `process.parentPort` ({data} events in, postMessage out); a
    // Node child with an IPC channel stands in for it, so the real bundle renders a real scan page.
    const shim = join(scratch, 'parent-port-shim.cjs');
    writeFileSync(
      shim,
      `const { EventEmitter } = require('node:events');
const port = new EventEmitter();
port.postMessage = (m) => process.send(m);
process.on('message', (data) => port.emit('message', { data }));
process.parentPort = port;`,
    );
    // pdf.js is loaded with import(), which ignores NODE_PATH: give it the node_modules an installed app has beside dist/.
    mkdirSync(join(scratch, 'node_modules'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', 'pdfjs-dist'), join(scratch, 'node_modules', 'pdfjs-dist'));
    const scan = join(scratch, 'utility-scan.pdf');
    writeFileSync(scan, (await makeScan()).bytes);
    const child = fork(join(out, 'ocr-utility.cjs'), [], { execArgv: ['-r', shim], env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, stdio: 'pipe' });
    try {
      const answer = (req: object) => new Promise<{ id: number; ok: boolean; value?: { sha256: string; blank: boolean }; error?: string }>((res) => {
        child.once('message', res as (m: unknown) => void);
        child.send(req);
      });
      const page = await answer({ id: 1, op: 'render', path: scan, pageNo: 1 });
      expect(page).toMatchObject({ id: 1, ok: true, value: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), blank: false } });
      const missing = await answer({ id: 2, op: 'render', path: join(scratch, 'missing.pdf'), pageNo: 1 });
      expect(missing).toMatchObject({ id: 2, ok: false, error: expect.stringContaining('missing.pdf') });
    } finally {
      child.kill();
    }
  });
});
