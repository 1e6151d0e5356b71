/**
 * files.ocrStatus says where OCR stands in words: a missing engine and one that cannot load are
 * "unavailable" with the reason and what to do; an engine that ends while loading is "failed" with
 * its exit code; a paused run and an idle one carry no reason. Driven through the real OCR service
 * with scripted hosts (no engine runs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../db/store';
import { createCoreContext, type CoreContext } from '../../electron/core/context';
import { configureOcrHost } from '../../electron/core/ocr/host';
import { describeOcrState } from '../../electron/core/ocr/problem';
import { ocrService, stopOcr } from '../../electron/core/ocr/service';
import { createCore } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { failingOcrHost, seedScannedDossier } from './harness';

let tmp: string;
let store: Store;
let ctx: CoreContext;

const scriptedHost = (warmup: { error: string } | { exit: number }) => failingOcrHost(join(tmp, 'H-1.pdf'), warmup);

async function runOnce(): Promise<void> {
  const jobId = ocrService(ctx).start({ resume: true });
  expect(jobId).not.toBeNull();
  expect((await ctx.jobs.wait(jobId!)).status).toBe('failed');
}

describe('OCR state in words', () => {
  beforeEach(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'dossier-ocr-state-'));
    store = await openStore(join(tmp, 'review.db'));
    ctx = createCoreContext(store, '0.0.0-test');
    await seedScannedDossier(ctx, tmp);
  }, 60_000);

  afterEach(async () => {
    await stopOcr(ctx);
    store.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a missing engine is unavailable, names the missing file and says to reinstall', () => {
    configureOcrHost(ctx, { entry: () => '/opt/dossier/resources/app.asar.unpacked/dist/electron/ocr-utility.cjs', start: () => expect.fail('must not start') });
    expect(ocrService(ctx).start()).toBeNull();
    const s = ocrService(ctx).status();
    expect(s).toMatchObject({ state: 'unavailable', reason: '文字识别组件未安装（缺少 ocr-utility.cjs）', exitCode: null, running: false, pending: { title: 4, full: 4 } });
    expect(s.remedy).toContain('重新安装');
    expect(s.remedy).toContain('/opt/dossier/resources/app.asar.unpacked/dist/electron/ocr-utility.cjs');
  });

  it('an engine that cannot load is unavailable with the loader\'s own reason', async () => {
    configureOcrHost(ctx, scriptedHost({ error: 'libonnxruntime.so.1: cannot open shared object file' }));
    await runOnce();
    const s = ocrService(ctx).status();
    expect(s).toMatchObject({ state: 'unavailable', reason: '文字识别组件无法加载：libonnxruntime.so.1: cannot open shared object file', exitCode: null });
    expect(s.error).toBe('文字识别组件无法加载：libonnxruntime.so.1: cannot open shared object file');
  });

  it('an engine that ends while loading is failed with its exit code, over the API too', async () => {
    const core = createCore(store);
    configureOcrHost(core.context, scriptedHost({ exit: 134 }));
    const api = createApiClient((method, input) => core.dispatch(method, input, { actor: 'test', transport: 'test' }));
    const started = await api.files.ocrResume({});
    expect(started.jobId).not.toBeNull();
    expect((await core.context.jobs.wait(started.jobId!)).status).toBe('failed');
    const s = await api.files.ocrStatus({});
    expect(s).toMatchObject({ state: 'failed', reason: '文字识别进程意外退出（退出代码 134）', exitCode: 134, pending: { title: 4, full: 4 } });
    expect(s.remedy).toContain('已识别的页面均已保存');
    await stopOcr(core.context);
  });
});

describe('describeOcrState', () => {
  it('paused with pages left, idle without, and a crash with nothing left to read is not shown as failed', () => {
    expect(describeOcrState({ running: false, paused: true, pagesLeft: 3, problem: null })).toMatchObject({ state: 'paused', reason: null });
    expect(describeOcrState({ running: false, paused: true, pagesLeft: 0, problem: null }).state).toBe('idle');
    expect(describeOcrState({ running: false, paused: false, pagesLeft: 0, problem: { kind: 'crashed', code: 139 } }).state).toBe('idle');
    expect(describeOcrState({ running: true, paused: false, pagesLeft: 5, problem: { kind: 'crashed', code: 139 } }).state).toBe('running');
    expect(describeOcrState({ running: false, paused: false, pagesLeft: 2, problem: { kind: 'crashed', code: null, detail: 'Segmentation fault' } }).reason).toBe(
      '文字识别进程意外退出（Segmentation fault）',
    );
  });
});
