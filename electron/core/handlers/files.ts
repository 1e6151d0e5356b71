import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Handlers } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { describeDossierFile } from '../pdf/serve';
import { searchFileText } from '../ocr/search';
import { filePageInfo, ocrService } from '../ocr/service';
import { attachFiles, detachFiles, correctDocumentTag, getDocumentMap, listDossierFiles, removeDocumentTag, setDocumentStart } from '../pdf';

/** Writes browser uploads to a private temp folder so they go through the same path-based attach. */
function stageUploads(uploads: { name: string; dataBase64: string }[]): { dir: string; files: { name: string; path: string }[] } {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-review-upload-'));
  const files = uploads.map((u, i) => {
    // Keep the relative name for matching, but never let it choose where the bytes land.
    const path = join(dir, String(i), basename(u.name.replace(/\\/g, '/')) || `file-${i}.pdf`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.from(u.dataBase64, 'base64'));
    return { name: u.name, path };
  });
  return { dir, files };
}

export function fileHandlers(ctx: CoreContext): Handlers['files'] {
  return {
    attach: (input, call) => {
      // Like registers.* and exports.*: a browser uploads bytes; reading local paths for it would let any
      // page holding the token attach (and then fetch) any PDF, and errors would reveal which paths exist.
      if (call.transport === 'http' && (input.dir !== undefined || input.files?.length)) {
        throw new AppError('invalid_argument', '通过浏览器导入时不能按路径读取本机文件，请选择文件上传。');
      }
      const job = ctx.jobs.start('attach', '导入卷宗 PDF', async (control) => {
        const staged = input.uploads?.length ? stageUploads(input.uploads) : null;
        try {
          control.progress(0, 0, '读取文件');
          const result = await attachFiles(
            ctx,
            { campaignId: input.campaignId, dir: input.dir, files: [...(input.files ?? []), ...(staged?.files ?? [])], dossierId: input.dossierId },
            call,
            { onProgress: (done, total, file) => control.progress(done, total, `已读取 ${file}`) },
          );
          // Scanned pages were queued with their files; read them in the background.
          if (input.ocr !== false && result.matched.some((m) => m.pagesWithoutText > 0)) ocrService(ctx).start({ resume: true });
          return result;
        } finally {
          if (staged) rmSync(staged.dir, { recursive: true, force: true });
        }
      });
      return { jobId: job.id };
    },
    list: (input) => listDossierFiles(ctx, input),
    detach: (input, call) => detachFiles(ctx, input, call),
    documentMap: (input) => getDocumentMap(ctx, input),
    setDocumentStart: (input, call) => setDocumentStart(ctx, input, call),
    correctTag: (input, call) => correctDocumentTag(ctx, input, call),
    removeTag: (input, call) => removeDocumentTag(ctx, input, call),
    describe: (input) => describeDossierFile(ctx.store, input.fileId),
    searchText: (input) => searchFileText(ctx, input),
    pages: (input) => filePageInfo(ctx, input.fileId),
    ocrStatus: (input) => {
      const ocr = ocrService(ctx);
      // Pages left from an earlier session resume as soon as the app asks how OCR is doing.
      if (ctx.store.health.ok) ocr.start();
      return ocr.status(input.campaignId);
    },
    ocrCancel: () => ocrService(ctx).cancel(),
    ocrResume: () => {
      const ocr = ocrService(ctx);
      ocr.start({ resume: true });
      return ocr.status();
    },
  };
}
