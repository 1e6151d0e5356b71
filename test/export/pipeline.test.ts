/**
 * The export pipeline: generator lookup, temporary file then rename (nothing at the target after a
 * failure or a cancel), browser downloads over the loopback host (token, Content-Disposition, once),
 * and no file paths from a page.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedChromiumPrinter } from '../../electron/core/export/chromium-printer';
import { configureExports } from '../../electron/core/export/config';
import { contentDisposition } from '../../electron/core/export/downloads';
import { availableFormats, findGenerator, requireGenerator } from '../../electron/core/export/registry';
import { writeFileAtomically } from '../../electron/core/export/run';
import '../../electron/core/export/index';
import { createHost } from '../../electron/host/server';
import { createApiClient } from '../../shared/api/contract';
import type { ExportResult } from '../../shared/api/namespaces/exports';
import { AppError } from '../../shared/errors';
import { ID_NUMBER, reviewedFixture, type ReviewedFixture } from './fixture';

let f: ReviewedFixture;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-export-pipeline-'));
  f = await reviewedFixture(join(dir, 'store.sqlite'));
}, 120_000);

afterAll(async () => {
  await closeSharedChromiumPrinter();
  f?.core.close();
  rmSync(dir, { recursive: true, force: true });
});

const leftovers = (folder: string) => readdirSync(folder).filter((n) => n.endsWith('.tmp'));

describe('generator registry', () => {
  it('finds the 评查表 generators and refuses an unknown combination in Chinese', () => {
    expect(findGenerator('sheet', 'pdf')).toBeTypeOf('function');
    expect(availableFormats('sheet')).toEqual(['pdf', 'docx']);
    expect(availableFormats('blank')).toEqual(['pdf', 'docx']);
    expect(() => requireGenerator('sheet', 'xlsx')).toThrow(/评查表不能导出为 Excel（XLSX），可选格式：PDF、Word（DOCX）/);
  });
});

describe('writing the file', () => {
  it('replaces the target whole and leaves no temporary file', () => {
    const target = join(dir, 'atomic.bin');
    writeFileSync(target, 'old');
    writeFileAtomically(target, Buffer.from('new content'));
    expect(readdirSync(dir)).toContain('atomic.bin');
    expect(leftovers(dir)).toEqual([]);
  });

  it('a failed write leaves neither the target nor a temporary file', () => {
    const folder = join(dir, 'ro');
    mkdirSync(folder);
    const target = join(folder, 'x.pdf');
    const abort = new AbortController();
    abort.abort();
    expect(() => writeFileAtomically(target, Buffer.from('x'), abort.signal)).toThrow(AppError);
    expect(existsSync(target)).toBe(false);
    expect(leftovers(folder)).toEqual([]);
  });

  it('a printer failure fails the job with its message and leaves nothing at the target', async () => {
    configureExports(f.core.context, { printer: { print: async () => Promise.reject(new AppError('internal', '找不到 Chromium 浏览器（测试）')) } });
    try {
      const target = join(dir, 'failed.pdf');
      const started = await f.api.exports.start({ campaignId: f.campaignId, kind: 'sheet', format: 'pdf', dossierId: f.dossierId, destination: { kind: 'path', path: target } });
      const job = await f.core.context.jobs.wait(started.jobId);
      expect(job.status).toBe('failed');
      expect(job.error?.message).toContain('找不到 Chromium');
      expect(existsSync(target)).toBe(false);
      expect(leftovers(dir)).toEqual([]);
    } finally {
      configureExports(f.core.context, { printer: undefined });
    }
  });

  it('a cancelled export leaves nothing at the target path', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    configureExports(f.core.context, { printer: { print: async () => (await gate, Buffer.from('%PDF-1.7 fake')) } });
    try {
      const target = join(dir, 'cancelled.pdf');
      const started = await f.api.exports.start({ campaignId: f.campaignId, kind: 'sheet', format: 'pdf', dossierId: f.dossierId, destination: { kind: 'path', path: target } });
      await f.api.jobs.cancel({ id: started.jobId });
      release();
      const job = await f.core.context.jobs.wait(started.jobId);
      expect(job.status).toBe('cancelled');
      expect(existsSync(target)).toBe(false);
      expect(leftovers(dir)).toEqual([]);
    } finally {
      configureExports(f.core.context, { printer: undefined });
    }
  });

  it('refuses a target in a folder that does not exist, before starting', async () => {
    const err = await f.api.exports
      .start({ campaignId: f.campaignId, kind: 'sheet', format: 'docx', dossierId: f.dossierId, destination: { kind: 'path', path: join(dir, 'missing', 'x.docx') } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain('导出位置的文件夹不存在');
  });

  it('appends the extension the format needs', async () => {
    const started = await f.api.exports.start({ campaignId: f.campaignId, kind: 'sheet', format: 'docx', dossierId: f.dossierId, destination: { kind: 'path', path: join(dir, '评查表') } });
    const job = await f.core.context.jobs.wait(started.jobId);
    expect((job.result as ExportResult).path).toBe(join(dir, '评查表.docx'));
  });
});

describe('from a page', () => {
  it('refuses a file path over HTTP; downloads the file once with the token and a masked Content-Disposition', async () => {
    const token = randomBytes(24).toString('base64url');
    const renderer = join(dir, 'renderer');
    mkdirSync(renderer, { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
    const host = createHost({ dispatch: f.core.dispatch, rendererDir: renderer, token, actor: 'http' });
    const { url } = await host.listen(0);
    try {
      const http = createApiClient(async (method, input) => {
        const r = await fetch(`${url}api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
        return r.json();
      });
      const refused = await http.exports
        .start({ campaignId: f.campaignId, kind: 'sheet', format: 'docx', dossierId: f.dossierId, destination: { kind: 'path', path: join(dir, 'x.docx') } })
        .catch((e: unknown) => e);
      expect((refused as AppError).message).toContain('不能直接指定文件路径');

      const started = await http.exports.start({ campaignId: f.campaignId, kind: 'sheet', format: 'docx', caseNo: f.caseNo, destination: { kind: 'download' } });
      const job = await f.core.context.jobs.wait(started.jobId);
      const result = job.result as ExportResult;
      const link = `${url}${result.downloadUrl!.slice(1)}`;
      expect((await fetch(link)).status).toBe(401);
      const ok = await fetch(link, { headers: { Authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const disposition = ok.headers.get('content-disposition')!;
      expect(disposition).toBe(contentDisposition(result.fileName));
      expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe(result.fileName);
      expect(disposition).not.toContain(ID_NUMBER);
      const body = Buffer.from(await ok.arrayBuffer());
      expect(body.subarray(0, 2).toString()).toBe('PK');
      expect(body.length).toBe(result.bytes);
      expect((await fetch(link, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
    } finally {
      await host.close();
    }
  });
});
