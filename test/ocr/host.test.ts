/**
 * The OCR service talks to an "OCR host", not to a transport. With a host whose engine is scripted
 * (as the app's utility process would be, see electron/shell/ocr-utility-host.ts), an engine that
 * ends mid-page fails the run with a clear message and leaves the page queued, the retry starts a
 * fresh engine, and a page that ends the engine twice is skipped with its reason.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../db/store';
import { createCoreContext, type CoreContext } from '../../electron/core/context';
import { configureOcrHost, ocrHostOf, workerThreadHost } from '../../electron/core/ocr/host';
import { filePageInfo, ocrService, stopOcr } from '../../electron/core/ocr/service';
import { createUtilityOcrHost, type UtilityProcessLike } from '../../electron/shell/ocr-utility-host';
import type { WorkerRequest, WorkerResponse } from '../../electron/core/ocr/engine';
import { seedScannedDossier } from './harness';

let tmp: string;
let store: Store;
let ctx: CoreContext;
let fileId: string;

/** A scripted engine in a fake utility process: crashes (exit 139) while recognising a page in `crashOn`. */
const engine = { crashOn: new Set<number>(), forks: [] as { ops: string[]; killed: boolean }[] };
function fakeFork(entry: string): UtilityProcessLike {
  const child = new EventEmitter() as EventEmitter & UtilityProcessLike;
  const rec = { ops: [] as string[], killed: false };
  engine.forks.push(rec);
  let exited = false;
  let pageInHand = 0;
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    setImmediate(() => child.emit('exit', code));
  };
  expect(entry).toBe('/app/dist/electron/ocr-utility.cjs');
  child.postMessage = (message: unknown) => {
    const req = message as WorkerRequest;
    rec.ops.push(req.op === 'render' ? `render ${req.pageNo}` : req.op);
    setImmediate(() => {
      if (exited) return;
      let value: unknown = true;
      if (req.op === 'render') {
        pageInHand = req.pageNo;
        value = { sha256: `page-${req.pageNo}-fork-${engine.forks.length}`, width: 100, height: 100, blank: false };
      } else if (req.op === 'recognise') {
        if (engine.crashOn.has(pageInHand)) return exit(139);
        value = { text: `第${pageInHand}页`, lines: [], confidence: 0.9, reason: null, ms: 1 };
      }
      child.emit('message', { id: req.id, ok: true, value } satisfies WorkerResponse);
    });
  };
  child.kill = () => {
    rec.killed = true;
    exit(0);
    return true;
  };
  return child;
}

async function runToEnd(): Promise<{ status: string; error: string | null }> {
  const jobId = ocrService(ctx).start({ resume: true });
  expect(jobId).not.toBeNull();
  const job = await ctx.jobs.wait(jobId!);
  return { status: job.status, error: job.error?.message ?? null };
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'dossier-ocr-host-'));
  store = await openStore(join(tmp, 'review.db'));
  ctx = createCoreContext(store, '0.0.0-test');
  ({ fileId } = await seedScannedDossier(ctx, tmp));
  // A run starts only when the host's entry file exists (a missing one is a broken installation):
  // the fake process's entry() names a file that does.
  configureOcrHost(ctx, { ...createUtilityOcrHost(fakeFork, '/app/dist/electron/ocr-utility.cjs'), entry: () => join(tmp, 'H-1.pdf') });
}, 60_000);

afterAll(async () => {
  await stopOcr(ctx);
  store.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('OCR through an injected host', () => {
  it('uses a worker thread unless the shell configures a host', () => {
    const other = createCoreContext(store, '0.0.0-test');
    expect(ocrHostOf(other)).toBe(workerThreadHost);
    expect(ocrHostOf(ctx)).not.toBe(workerThreadHost);
  });

  it('fails the run with a clear message when the engine process ends, and keeps the page queued', async () => {
    expect(ocrService(ctx).status().pending).toEqual({ title: 4, full: 4 });
    engine.crashOn = new Set([2]);
    const run = await runToEnd();
    expect(run.status).toBe('failed');
    expect(run.error).toContain('文字识别进程意外退出，已停止本次识别；可重试');
    expect(run.error).toContain('139');
    expect(engine.forks).toHaveLength(1);
    expect(engine.forks[0]!.ops).toEqual(['warmup', 'render 1', 'recognise', 'render 2', 'recognise']);
    const status = ocrService(ctx).status();
    expect(status.error).toContain('文字识别进程意外退出');
    // The state says it in words the header shows as they are: what happened, its exit code, what to do.
    expect(status).toMatchObject({ state: 'failed', reason: '文字识别进程意外退出（退出代码 139）', exitCode: 139, running: false });
    expect(status.remedy).toContain('重试');
    // Page 1's title band was saved; page 2 is still waiting, not marked failed.
    expect(status.pending).toEqual({ title: 3, full: 4 });
    expect(status.failed).toBe(0);
    // A status poll does not restart a crashed engine on its own; the user's retry does.
    expect(ocrService(ctx).start()).toBeNull();
    expect(engine.forks).toHaveLength(1);
  });

  it('retries in a fresh process; a page that ends the engine twice is skipped with its reason', async () => {
    const again = await runToEnd();
    expect(again.status).toBe('failed');
    expect(engine.forks).toHaveLength(2);
    expect(engine.forks[1]!.ops.slice(0, 3)).toEqual(['warmup', 'render 2', 'recognise']);
    const page2 = filePageInfo(ctx, fileId).find((p) => p.pageNo === 2)!;
    expect(page2.ocr).toBe('failed');
    expect(page2.reason).toBe('识别此页时文字识别进程两次意外退出，已跳过此页');

    engine.crashOn = new Set();
    const done = await runToEnd();
    expect(done).toEqual({ status: 'done', error: null });
    expect(engine.forks).toHaveLength(3);
    const status = ocrService(ctx).status();
    expect(status).toMatchObject({ state: 'idle', reason: null, exitCode: null, error: null, pending: { title: 0, full: 0 }, failed: 2 });
    const pages = filePageInfo(ctx, fileId);
    expect(pages.filter((p) => p.ocr === 'full').map((p) => p.pageNo)).toEqual([1, 3, 4]);
    // The finished run stopped its process.
    expect(engine.forks[2]!.killed).toBe(true);
  });
});
