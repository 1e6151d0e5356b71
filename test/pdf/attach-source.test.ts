/**
 * The attach flow of the renderer (renderer/screens/dossiers/attach-source.ts) against a real core:
 * in the app (window.dossierShell present) the system dialog's PATHS go to files.attach over IPC and
 * the main process reads the files — no bytes in the message; in the browser (no capability) the
 * picked Files are sent as bytes over HTTP, where paths stay refused. Also the preload's dialog
 * bridge (electron/shell/dialog-bridge.ts): requests tagged by kind, refusals become errors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createShellBridge } from '../../electron/shell/dialog-bridge';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { DialogRequest, NativeDialogs } from '../../shared/shell-dialog';
import { nativeDialogs } from '../../renderer/native-dialogs';
import { pickedByName, pickPdfsNatively, startAttach, type PickedSource } from '../../renderer/screens/dossiers/attach-source';
import { makeDossierPdf } from '../fixtures/pdfs';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';

let dir: string;
let core: Core;
let campaignId: string;
let caseNos: string[];
const sent: { transport: string; input: Record<string, unknown> }[] = [];

/** The renderer's client over a transport, recording what each files.attach call carried. */
const clientOver = (transport: 'ipc' | 'http'): Api =>
  createApiClient((m, i) => {
    if (m === 'files.attach') sent.push({ transport, input: i as Record<string, unknown> });
    return core.dispatch(m, i, { actor: '李评查', transport });
  });

const base64Of = async (file: File) => Buffer.from(await file.arrayBuffer()).toString('base64');

async function waitDone(jobId: string) {
  const job = await core.context.jobs.wait(jobId);
  expect(job.error).toBeNull();
  return job.result as { matched: { caseNo: string; file: string }[]; unmatched: string[] };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-attach-source-'));
  core = await openCore(join(dir, 'store.sqlite'));
  const api = clientOver('ipc');
  const campaign = await api.campaigns.create({ name: '选择文件', year: 2026 });
  campaignId = campaign.id;
  const rows = generateRegisterRows({ seed: 41, count: 4 });
  await api.registers.import({ campaignId, files: [{ name: 'r.csv', dataBase64: encodeCsv(registerToCsv(rows), 'utf-8').toString('base64') }] });
  caseNos = rows.map((r) => r.案卷编号);
  for (const caseNo of caseNos) {
    writeFileSync(join(dir, `${caseNo}.pdf`), await makeDossierPdf({ caseNo, party: '某', unit: '示例局', documents: [{ title: '行政处罚决定书', pages: 2 }] }));
  }
});
afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  sent.length = 0;
  delete (globalThis as { window?: unknown }).window;
});

/** A system dialog that "chooses" the given paths, recording each request as the preload sends it. */
function fakeShell(paths: string[]): { requests: DialogRequest[]; dialogs: NativeDialogs } {
  const requests: DialogRequest[] = [];
  const bridge = createShellBridge(async (channel, request) => {
    expect(channel).toBe('dossier-review:dialog');
    requests.push(request);
    return { ok: true, value: { canceled: false, paths: request.kind === 'openDirectory' ? [dir] : paths } };
  });
  (globalThis as { window?: unknown }).window = { dossierShell: bridge };
  return { requests, dialogs: bridge.dialog };
}

describe('attaching PDFs: paths in the app, bytes in the browser', () => {
  it('in the app sends the paths the system dialog chose, and the main process reads the files', async () => {
    const { requests } = fakeShell([join(dir, `${caseNos[0]}.pdf`), join(dir, `${caseNos[1]}.pdf`)]);
    const dialogs = nativeDialogs();
    expect(dialogs).not.toBeNull();
    const source = (await pickPdfsNatively(dialogs!, 'files'))!;
    expect(requests).toEqual([{ kind: 'openFiles', title: '选择卷宗 PDF 文件', filters: [{ name: 'PDF 文件', extensions: ['pdf'] }], multiple: true }]);

    const result = await waitDone((await startAttach(clientOver('ipc'), { campaignId }, source, base64Of)).jobId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.input.uploads).toBeUndefined();
    expect(sent[0]!.input.files).toEqual([
      { name: `${caseNos[0]}.pdf`, path: join(dir, `${caseNos[0]}.pdf`) },
      { name: `${caseNos[1]}.pdf`, path: join(dir, `${caseNos[1]}.pdf`) },
    ]);
    // The message carries names and paths only, never the PDFs' bytes.
    expect(JSON.stringify(sent[0]!.input).length).toBeLessThan(1000);
    expect(result.matched.map((m) => m.caseNo).sort()).toEqual([caseNos[0], caseNos[1]].sort());
  });

  it('in the app a chosen folder is sent as the folder, and an unmatched name maps back to its path', async () => {
    const { requests } = fakeShell([]);
    const source = (await pickPdfsNatively(nativeDialogs()!, 'folder'))!;
    expect(requests).toEqual([{ kind: 'openDirectory', title: '选择存放卷宗 PDF 的文件夹' }]);
    expect(source).toEqual({ pdfs: [], dir });
    const result = await waitDone((await startAttach(clientOver('ipc'), { campaignId }, source, base64Of)).jobId);
    expect(sent[0]!.input).toEqual({ campaignId, dir });
    expect(result.matched.map((m) => m.caseNo).sort()).toEqual([...caseNos].sort());
    expect(pickedByName(source, 'sub/IMG_1.pdf')).toEqual({ name: 'sub/IMG_1.pdf', path: `${dir}/sub/IMG_1.pdf` });
  });

  it('a cancelled dialog attaches nothing', async () => {
    (globalThis as { window?: unknown }).window = {
      dossierShell: createShellBridge(async () => ({ ok: true, value: { canceled: true, paths: [] } })),
    };
    expect(await pickPdfsNatively(nativeDialogs()!, 'files')).toBeNull();
    expect(await pickPdfsNatively(nativeDialogs()!, 'folder')).toBeNull();
  });

  it('in the browser (no native dialogs) sends the picked files as bytes, which the host accepts', async () => {
    expect(nativeDialogs()).toBeNull();
    const name = `${caseNos[2]}.pdf`;
    const bytes = readFileSync(join(dir, name));
    const source: PickedSource = { pdfs: [{ name, file: new File([bytes], name, { type: 'application/pdf' }) }] };
    const result = await waitDone((await startAttach(clientOver('http'), { campaignId }, source, base64Of)).jobId);
    expect(sent[0]!.input.files).toBeUndefined();
    expect(sent[0]!.input.uploads).toEqual([{ name, dataBase64: bytes.toString('base64') }]);
    expect(result.matched.map((m) => m.caseNo)).toEqual([caseNos[2]]);
  });

  it('over HTTP a path is still refused', async () => {
    const source: PickedSource = { pdfs: [{ name: `${caseNos[3]}.pdf`, path: join(dir, `${caseNos[3]}.pdf`) }] };
    await expect(startAttach(clientOver('http'), { campaignId }, source, base64Of)).rejects.toThrow(/不能按路径读取本机文件/);
  });
});

describe('the preload dialog bridge', () => {
  it('tags each call with its kind and turns a refusal into an error with its message', async () => {
    const seen: unknown[] = [];
    const bridge = createShellBridge(async (_channel, request) => {
      seen.push(request);
      return request.kind === 'saveFile'
        ? { ok: false, error: { code: 'unauthorized', message: '已拒绝：文件对话框只能由本应用的主窗口打开。' } }
        : { ok: true, value: { canceled: false, paths: ['/x'] } };
    });
    // A caller cannot smuggle another kind in through the options.
    await expect(bridge.dialog.openDirectory({ kind: 'saveFile' } as never)).resolves.toEqual({ canceled: false, paths: ['/x'] });
    await expect(bridge.dialog.saveFile({ defaultName: 'a.xlsx' })).rejects.toThrow('只能由本应用的主窗口打开');
    expect(seen).toEqual([{ kind: 'openDirectory' }, { kind: 'saveFile', defaultName: 'a.xlsx' }]);
    expect(Object.isFrozen(bridge) && Object.isFrozen(bridge.dialog)).toBe(true);
  });
});

describe('a package chosen in the system dialog (成果汇总 → 导入成果包)', () => {
  it('is read by path over IPC, while a browser tab must still upload it', async () => {
    const notAPackage = join(dir, `${caseNos[0]}.pdf`);
    const overHttp = clientOver('http').results.inspect({ source: { kind: 'path', path: notAPackage } });
    await expect(overHttp).rejects.toThrow('通过浏览器导入时请选择文件上传，不能直接给出路径');
    // Over IPC the main process opens the file itself: the answer is about the file, not the transport.
    const overIpc = clientOver('ipc').results.inspect({ source: { kind: 'path', path: notAPackage } });
    await expect(overIpc).rejects.toThrow();
    await expect(overIpc).rejects.not.toThrow('不能直接给出路径');
  });
});
