/**
 * The campaign package (法制机构 → 评查组), written at the legal office: one team's slice of a
 * campaign, everything a laptop with an empty store needs to start reviewing (docs/packages.md).
 * Rows are read table by table and written in batches; PDFs stream from the store folder; memory
 * stays at one batch plus the container's chunk whatever the number of PDFs.
 */
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { campaignOriginReads, campaignPackageReads, type Row } from '../../../../db/repositories/campaign-package';
import { campaignReads } from '../../../../db/repositories/campaigns';
import { LATEST_SCHEMA_VERSION } from '../../../../db/migrations';
import { nowIso } from '../../../../db/util';
import { AppError } from '../../../../shared/errors';
import type { CoreContext } from '../../context';
import { storedFilePath } from '../../pdf/attach';
import { writePackage } from '../entries';
import type { ScryptParams } from '../format';
import { CAMPAIGN_CONTENT_VERSION, ROWS_PER_RECORD, pdfEntry, rowsEntry, type CampaignEnd, type CampaignManifest } from './manifest';

export interface CampaignExportOptions {
  campaignId: string;
  team: string;
  out: string;
  passphrase: string;
  actor: string;
  /** Split into parts over this many bytes (default: just under 4 GiB, for FAT32). */
  partSize?: number;
  chunkSize?: number;
  scrypt?: ScryptParams;
  signal?: AbortSignal;
  /** Bytes written of the expected total, and what is being written. */
  onProgress?(done: number, total: number, step: string): void;
}

export interface CampaignExportResult {
  campaignId: string;
  team: string;
  files: string[];
  totalBytes: number;
  reviewers: number;
  dossiers: number;
  assignments: number;
  pdfs: number;
  pdfBytes: number;
  signerFingerprint: string;
}

export const MIN_PASSPHRASE_LENGTH = 8;

export async function exportCampaignPackage(ctx: CoreContext, opts: CampaignExportOptions): Promise<CampaignExportResult> {
  const campaign = campaignReads(ctx.read).mustExist(opts.campaignId);
  if (opts.passphrase.length < MIN_PASSPHRASE_LENGTH) throw new AppError('invalid_argument', `活动口令至少 ${MIN_PASSPHRASE_LENGTH} 个字符。`);
  const reads = campaignPackageReads(ctx.read);
  // A team laptop signing a campaign package would pass itself off as the office to the next laptop.
  if (campaignOriginReads(ctx.read).origin(campaign.id))
    throw new AppError('conflict', `评查活动“${campaign.name}”是从法制机构的活动包导入的：活动包只能由法制机构生成。`);
  const team = opts.team.trim();
  const teams = reads.teams(opts.campaignId);
  const named = teams.filter((t) => t.team !== '').map((t) => `“${t.team}”`);
  if (!teams.some((t) => t.team === team)) {
    throw new AppError(
      'invalid_argument',
      team === ''
        ? `请指定评查组${named.length ? `（本活动的评查组：${named.join('、')}）` : ''}。`
        : `本活动没有评查组“${team}”${named.length ? `（评查组：${named.join('、')}）` : '（评查人员名单未填写评查组）'}。`,
      { team },
    );
  }
  const { dossierIds, reviewerIds, fileIds } = reads.sliceIds(opts.campaignId, team);
  if (!dossierIds.length) {
    throw new AppError('conflict', `评查组“${team || '（未分组）'}”还没有分配到抽中的案卷：请先抽样并分配，再生成活动包。`, { team });
  }
  const files = reads.files(dossierIds);
  // Every PDF is there before anything is written: a missing file names its dossier.
  for (const f of files) {
    const s = await stat(storedFilePath(ctx.store, f.sha256)).catch(() => null);
    if (!s || s.size !== f.sizeBytes) {
      throw new AppError('conflict', `案卷“${f.caseNo}”的卷宗 PDF“${f.originalName}”在本机数据文件夹中${s ? '大小不符' : '缺失'}，无法生成活动包。请重新导入该 PDF。`, {
        caseNo: f.caseNo,
        sha256: f.sha256,
      });
    }
  }
  const pdfBytes = files.reduce((s, f) => s + f.sizeBytes, 0);
  const assignments = reads.assignments(dossierIds, reviewerIds);
  const signer = ctx.identity();
  const manifest: CampaignManifest = {
    contentVersion: CAMPAIGN_CONTENT_VERSION,
    schemaVersion: LATEST_SCHEMA_VERSION,
    appVersion: ctx.appVersion,
    campaignId: campaign.id,
    campaignName: campaign.name,
    year: campaign.year,
    team,
    officePublicKey: signer.publicKeyRaw.toString('hex'),
    officeFingerprint: signer.fingerprint,
    exportedAt: nowIso(),
    exportedBy: opts.actor,
    counts: { reviewers: reviewerIds.length, dossiers: dossierIds.length, assignments: assignments.length, pdfs: files.length, pdfBytes },
  };

  let recordBytes = 0;
  let step = '写出活动数据';
  let rowCount = 0;
  const out = resolve(opts.out);
  await mkdir(dirname(out), { recursive: true });
  const written = await writePackage(
    {
      out,
      kind: 'campaign',
      campaignId: campaign.id,
      passphrase: opts.passphrase,
      signer,
      partSize: opts.partSize,
      chunkSize: opts.chunkSize,
      scrypt: opts.scrypt,
      signal: opts.signal,
      onProgress: (plain) => opts.onProgress?.(plain, Math.max(plain, recordBytes + pdfBytes), step),
    },
    async (w) => {
      await w.record('manifest', manifest);
      const rows = async (table: string, list: readonly Row[]) => {
        for (let i = 0; i < list.length; i += ROWS_PER_RECORD) {
          const batch = list.slice(i, i + ROWS_PER_RECORD);
          recordBytes += JSON.stringify(batch).length;
          rowCount += batch.length;
          await w.record(rowsEntry(table), { rows: batch });
        }
      };
      const calendar = reads.calendar();
      await rows('calendar_years', calendar.calendar_years);
      await rows('calendar_days', calendar.calendar_days);
      await rows('settings', reads.settings());
      const benchmarks = reads.benchmarks();
      await rows('benchmark_docs', benchmarks.benchmark_docs);
      await rows('benchmark_items', benchmarks.benchmark_items);
      await rows('benchmark_tiers', benchmarks.benchmark_tiers);
      await rows('checklist_templates', reads.templates(campaign.id));
      const c = reads.campaign(campaign.id);
      await rows('campaigns', c.campaigns);
      await rows('campaign_templates', c.campaign_templates);
      await rows('campaign_rule_settings', c.campaign_rule_settings);
      await rows('units', reads.units(dossierIds, reviewerIds));
      await rows('register_imports', reads.registerImports(dossierIds));
      await rows('reviewers', reads.reviewers(reviewerIds));
      const draws = reads.currentDraw(campaign.id);
      await rows('sample_draws', draws);
      step = '写出案卷登记信息';
      await rows('dossiers', reads.dossiers(dossierIds));
      if (draws.length) await rows('samples', reads.samples(String(draws[0].id), dossierIds));
      await rows('assignments', assignments);
      step = '写出文书目录与识别结果';
      await rows('dossier_files', reads.dossierFiles(dossierIds));
      for (const fileId of fileIds) {
        await rows('dossier_pages', reads.pages(fileId));
        await rows('ocr_cache', reads.ocrCache(fileId));
      }
      await rows('document_tags', reads.tags(fileIds));
      await rows('ocr_queue', reads.ocrQueue(fileIds));
      await rows('findings', reads.findings(dossierIds));
      await rows('check_runs', reads.checkRuns(campaign.id));
      for (let i = 0; i < files.length; i++) {
        const f = files[i];
        step = `写出卷宗 PDF（${i + 1}/${files.length}）`;
        await w.blob(pdfEntry(f.sha256), createReadStream(storedFilePath(ctx.store, f.sha256), { highWaterMark: 1 << 20 }), f.sizeBytes);
      }
      const end: CampaignEnd = { rows: rowCount, pdfs: files.length };
      await w.record('end', end);
    },
  );
  ctx.tx(() =>
    ctx.audit({
      actor: opts.actor,
      action: 'export_campaign_package',
      entity: 'campaign',
      entityId: campaign.id,
      after: { team, files: written.files, totalBytes: written.totalBytes, ...manifest.counts, signerFingerprint: written.signerFingerprint },
    }),
  );
  return {
    campaignId: campaign.id,
    team,
    files: written.files,
    totalBytes: written.totalBytes,
    ...manifest.counts,
    signerFingerprint: written.signerFingerprint,
  };
}
