/**
 * The export pipeline: one export = one job (progress, cancel). The generator produces the bytes;
 * only then are they written — to a temporary file next to the target, renamed into place at the
 * end — so a failed or cancelled export never leaves a half-written file at the target path.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ExportDestination, ExportResult } from '../../../shared/api/namespaces/exports';
import type { Job } from '../../../shared/api/namespaces/jobs';
import { EXPORT_KINDS } from '../../../shared/domain/export/kinds';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { JobControl } from '../jobs';
import { exportConfig } from './config';
import { addDownload, downloadFolder, newDownloadId, EXPORT_DOWNLOAD_PREFIX } from './downloads';
import { requireGenerator } from './registry';
import type { ExportOutput, ExportRequest } from './types';

export const EXPORT_JOB_KIND = 'export';

/** Runs the generator for the request (no file written). */
export async function produceExport(ctx: CoreContext, request: ExportRequest, control: JobControl): Promise<ExportOutput> {
  const gen = requireGenerator(request.kind, request.format);
  const out = await gen(request, { ctx, printer: exportConfig(ctx).printer, control });
  if (control.signal.aborted) throw new AppError('cancelled', '导出已取消，未写入任何文件。');
  return out;
}

/** Checks a target path before any work: absolute, its folder exists, not a folder itself. */
export function checkTargetPath(path: string): string {
  const target = resolve(path);
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new AppError('invalid_argument', `导出位置的文件夹不存在：${folder}`, { path: target });
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new AppError('invalid_argument', `导出位置是一个文件夹，请给出文件名：${target}`, { path: target });
  }
  return target;
}

/**
 * Writes bytes to target through a temporary file in the same folder (so the rename is atomic on
 * one file system). The temporary file is removed on any failure; the target is only ever replaced whole.
 */
export function writeFileAtomically(target: string, bytes: Uint8Array, signal?: AbortSignal): void {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    writeFileSync(tmp, bytes, { flag: 'wx' });
    if (signal?.aborted) throw new AppError('cancelled', '导出已取消，未写入任何文件。');
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    if (err instanceof AppError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError('internal', `无法写入导出文件 ${target}：${why}`, { path: target });
  }
}

/** Appends the extension the format needs when the chosen path lacks it. */
export function withExtension(path: string, format: string): string {
  return extname(path).toLowerCase() === `.${format}` ? path : `${path}.${format}`;
}

export function describeRequest(request: ExportRequest): string {
  return `导出${EXPORT_KINDS[request.kind].label}（${request.format.toUpperCase()}）`;
}

/** Starts the export job; returns at once with the job (poll jobs.get for progress and the result). */
export function startExport(ctx: CoreContext, request: ExportRequest, destination: ExportDestination, label?: string): Job {
  requireGenerator(request.kind, request.format); // refuse an unknown kind/format before starting a job
  const fixedTarget = destination.kind === 'path' ? checkTargetPath(withExtension(destination.path, request.format)) : null;
  const { chooseSavePath } = exportConfig(ctx);
  if (destination.kind === 'ask' && !chooseSavePath) {
    throw new AppError('invalid_argument', '此运行方式没有保存对话框，请改用下载或指定导出路径。');
  }
  return ctx.jobs.start(EXPORT_JOB_KIND, label ?? describeRequest(request), async (control): Promise<ExportResult> => {
    control.progress(0, 0, '生成文档');
    const out = await produceExport(ctx, request, control);
    if (destination.kind === 'download') {
      control.progress(control.signal.aborted ? 0 : 1, 1, '准备下载');
      const id = newDownloadId();
      const path = join(downloadFolder(), `${id}.${request.format}`);
      writeFileAtomically(path, out.bytes, control.signal);
      addDownload({ id, path, fileName: out.fileName, mime: out.mime });
      return { fileName: out.fileName, mime: out.mime, bytes: out.bytes.length, path: null, downloadUrl: `${EXPORT_DOWNLOAD_PREFIX}${id}` };
    }
    let target = fixedTarget;
    if (!target) {
      control.progress(0, 0, '选择保存位置');
      const chosen = await chooseSavePath!(out.fileName);
      if (!chosen) throw new AppError('cancelled', '已取消保存，未写入任何文件。');
      target = checkTargetPath(withExtension(chosen, request.format));
    }
    control.progress(0, 0, '写入文件');
    writeFileAtomically(target, out.bytes, control.signal);
    return { fileName: basename(target), mime: out.mime, bytes: out.bytes.length, path: target, downloadUrl: null };
  });
}
