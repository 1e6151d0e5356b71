import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { mergeReads, resultsExportReads } from '../../../db/repositories/results';
import type { Handlers } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { KeyCache, inspectPackage } from '../packages';
import { mustBeLegalOffice } from '../settings/service';
import { acceptReceipt, exportResults, importResults, makeReceipt, officeViews, previewResultsExport, receiptsIssued, saveReceipt } from '../packages/results';

type Source = { kind: 'upload'; name: string; dataBase64: string } | { kind: 'path'; path: string };

/** An uploaded package lands in a private temporary folder for the import, removed afterwards; a path (app, CLI) is read in place. */
async function withPackageFile<T>(source: Source, transport: string, fn: (file: string) => Promise<T>): Promise<T> {
  if (source.kind === 'path') {
    // The app's system dialog gives a path (read here, in the main process); a browser tab must upload.
    if (transport === 'http') throw new AppError('invalid_argument', '通过浏览器导入时请选择文件上传，不能直接给出路径。');
    return fn(source.path);
  }
  const dir = await mkdtemp(join(tmpdir(), 'dossier-pkg-'));
  const name = source.name.replace(/[\\/]/g, '_').replace(/\.\d{3}$/, '') || `package-${randomBytes(4).toString('hex')}`;
  try {
    const file = join(dir, name);
    await writeFile(file, Buffer.from(source.dataBase64, 'base64'), { mode: 0o600 });
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function resultsHandlers(ctx: CoreContext): Handlers['results'] {
  const views = officeViews(ctx);
  // One clerk's session of imports: packages of one campaign share their scrypt salt (one derivation).
  const keyCache = new KeyCache();
  return {
    inspect: ({ source }, call) =>
      withPackageFile(source, call.transport, async (file) => {
        const info = await inspectPackage(file);
        const known = mergeReads(ctx.read).laptopByKey(info.signerPublicKey);
        return {
          file: source.kind === 'upload' ? source.name : file,
          kind: info.kind,
          campaignId: info.campaignId,
          createdAt: info.createdAt,
          fingerprint: info.signerFingerprint,
          knownLaptop: known ? { label: known.label, firstImportAt: known.first_import_at } : null,
          needsConfirmation: !known,
          totalBytes: info.totalBytes,
        };
      }),
    startImport: (input, call) => ({
      jobId: ctx.jobs.start('results.import', `导入成果包：${input.source.kind === 'upload' ? input.source.name : input.source.path}`, (control) =>
        withPackageFile(input.source, call.transport, (file) =>
          importResults(ctx, {
            file,
            passphrase: input.passphrase,
            confirmFingerprint: input.confirmFingerprint,
            keyCache,
            actor: call.actor,
            signal: control.signal,
            onProgress: (done, total, step) => control.progress(done, total, step),
          }),
        ),
      ).id,
    }),
    startExport: ({ campaignId, out, passphrase, sinceLast }, call) => ({
      jobId: ctx.jobs.start('results.export', `生成成果包：${basename(out)}`, (control) =>
        exportResults(ctx, {
          campaignId, out: resolve(out), passphrase, sinceLast, actor: call.actor,
          signal: control.signal,
          onProgress: (done, total, step) => control.progress(done, total, step),
        }),
      ).id,
    }),
    exports: ({ campaignId }) =>
      resultsExportReads(ctx.read).exports(campaignId).map((e) => ({
        id: e.id, mode: e.mode, sinceExportId: e.since_export_id, auditToSeq: e.audit_to_seq, fileName: e.file_name, createdAt: e.created_at, acknowledgedAt: e.acknowledged_at,
      })),
    receipt: ({ importId }) => makeReceipt(ctx, importId),
    acknowledge: ({ receipt, campaignId }, call) => acceptReceipt(ctx, receipt, call.actor, campaignId),
    laptops: () => views.laptops(),
    imports: ({ campaignId }) => views.imports(campaignId),
    reviews: ({ campaignId }) => views.reviews(campaignId),
    conflicts: ({ campaignId, includeResolved }) => views.conflicts(campaignId, includeResolved),
    conflict: ({ id }) => views.conflict(id),
    // Choosing between two laptops' versions of a review is the office's decision (docs/roles.md).
    resolveConflict: ({ id, choice, items, reason }, call) => (mustBeLegalOffice(call, '成果包冲突的取舍', '决定'), views.resolve(id, choice, call.actor, reason, items)),
    saveReceipt: ({ importId, out }, call) => saveReceipt(ctx, importId, resolve(out), call.actor),
    receipts: ({ campaignId }) => receiptsIssued(ctx, campaignId),
    exportPreview: ({ campaignId, sinceLast }) => previewResultsExport(ctx, campaignId, sinceLast),
  };
}
