/**
 * Writing a results package on a team laptop: its reviews with answers (page references included),
 * decisions on automatic findings, corrected facts, corrected document maps, and its audit entries,
 * in full or since the last package the office acknowledged (`sinceLast`). Reviews stream one
 * record each, so memory stays at one review whatever the campaign size.
 */
import { basename } from 'node:path';
import { openReadSnapshot, resultsExportReads, resultsExportRepository, type AuditWire } from '../../../../db/repositories/results';
import { newId, nowIso } from '../../../../db/util';
import { AppError } from '../../../../shared/errors';
import { campaignReads } from '../../../../db/repositories/campaigns';
import type { ReadableDB } from '../../../../db/handles';
import type { CoreContext } from '../../context';
import { writePackage } from '../entries';
import type { ScryptParams } from '../format';
import { signOffReads } from '../../../../db/repositories/signoffs';
import { signOffForExport } from './signoff-travel';
import { RECORD, RESULTS_FORMAT, resultsKdfSalt, type ResultsMeta } from './wire';

export interface ResultsExportOptions {
  campaignId: string;
  out: string;
  passphrase: string;
  /** Only what changed since the last export the office acknowledged (full when none was). */
  sinceLast?: boolean;
  partSize?: number;
  scrypt?: ScryptParams;
  actor?: string;
  signal?: AbortSignal;
  onProgress?(done: number, total: number, step: string): void;
  /** Tests: awaited after each record is written (to change the store while the package is written). */
  onRecord?(name: string): void | Promise<void>;
}

export interface ResultsExportResult {
  exportId: string;
  files: string[];
  totalBytes: number;
  mode: 'full' | 'incremental';
  sinceExportId: string | null;
  reviews: number;
  answers: number;
  findings: number;
  facts: number;
  documentMaps: number;
  auditEntries: number;
  auditFrom: number;
  auditTo: number;
  signerFingerprint: string;
}

const AUDIT_BATCH = 500;

export async function exportResults(ctx: CoreContext, opts: ResultsExportOptions): Promise<ResultsExportResult> {
  if (!opts.passphrase) throw new AppError('invalid_argument', '请提供活动口令。');
  campaignReads(ctx.read).mustExist(opts.campaignId);
  // One snapshot for the whole package: an answer saved while it is written goes into the next one.
  const snapshot = openReadSnapshot(ctx.store);
  try {
    return await exportFromSnapshot(ctx, opts, snapshot.db);
  } finally {
    snapshot.close();
  }
}

async function exportFromSnapshot(ctx: CoreContext, opts: ResultsExportOptions, db: ReadableDB): Promise<ResultsExportResult> {
  const reads = resultsExportReads(db);
  const baselines = signOffReads(db);
  const since = opts.sinceLast ? reads.lastAcknowledged(opts.campaignId) : undefined;
  // Taken together, with nothing in between: the package's chain ends at this signed head.
  const signedHead = ctx.auditHead.current();
  const head = reads.auditHead();
  // A log that no longer matches its signed head (found at start, or just now) would travel with a
  // head the office refuses: say so here.
  const gap = ctx.auditHead.gap();
  if (gap) throw new AppError('store_damaged', `无法生成成果包：${gap.message}`);
  const auditFrom = (since?.audit_to_seq ?? 0) + 1;
  const exportId = newId();
  const createdAt = nowIso();
  const meta: ResultsMeta = {
    format: RESULTS_FORMAT,
    campaignId: opts.campaignId,
    storeId: ctx.store.storeId,
    exportId,
    mode: since ? 'incremental' : 'full',
    sinceExportId: since?.id ?? null,
    auditFrom,
    auditTo: head.seq,
    auditToHash: head.hash,
    reviewers: reads.reviewerNames(opts.campaignId),
    createdAt,
  };
  const counts = { reviews: 0, answers: 0, findings: 0, facts: 0, documentMaps: 0, auditEntries: 0 };
  const written = await writePackage(
    {
      out: opts.out,
      kind: 'results',
      kdfSalt: resultsKdfSalt(opts.campaignId),
      campaignId: opts.campaignId,
      passphrase: opts.passphrase,
      signer: ctx.identity(),
      partSize: opts.partSize,
      scrypt: opts.scrypt,
      signal: opts.signal,
    },
    async (w) => {
      const record = async (name: string, value: unknown) => {
        await w.record(name, value);
        await opts.onRecord?.(name);
      };
      await record(RECORD.meta, meta);
      if (signedHead) await record(RECORD.head, signedHead);
      // Reviews changed since the acknowledged export; its creation time is on this laptop's clock.
      for (const review of reads.reviews(opts.campaignId, since?.created_at ?? null)) {
        const answers = reads.answers(review.id);
        const signoff = signOffForExport(baselines, review.id);
        await record(RECORD.review + review.assignment_id, signoff ? { review, answers, signoff } : { review, answers });
        counts.reviews++;
        counts.answers += answers.length;
        if (counts.reviews % 200 === 0) opts.onProgress?.(counts.reviews, 0, '评查记录');
      }
      // Sparse and small: always sent whole, the office's merge skips what it already has.
      for (const f of reads.decidedFindings(opts.campaignId)) {
        await record(RECORD.finding + f.id, { finding: f });
        counts.findings++;
      }
      for (const d of reads.factsOverrides(opts.campaignId)) {
        await record(RECORD.facts + d.id, { dossierId: d.id, override: JSON.parse(d.facts_override) as Record<string, unknown> });
        counts.facts++;
      }
      for (const f of reads.mappedFiles(opts.campaignId)) {
        await record(RECORD.map + f.id, { fileId: f.id, dossierId: f.dossier_id, tags: reads.tags(f.id) });
        counts.documentMaps++;
      }
      let batch: AuditWire[] = [];
      for (const e of reads.auditAfter(auditFrom - 1)) {
        if (e.seq > head.seq) break; // entries appended while writing belong to the next package
        batch.push(e);
        if (batch.length === AUDIT_BATCH) {
          await record(`${RECORD.audit}${batch[0].seq}`, batch);
          counts.auditEntries += batch.length;
          batch = [];
        }
      }
      if (batch.length) {
        await record(`${RECORD.audit}${batch[0].seq}`, batch);
        counts.auditEntries += batch.length;
      }
      await record(RECORD.end, counts);
    },
  );
  ctx.tx(() => {
    resultsExportRepository(ctx.db).recordExport({
      id: exportId,
      campaign_id: opts.campaignId,
      mode: meta.mode,
      since_export_id: meta.sinceExportId,
      audit_to_seq: head.seq,
      audit_to_hash: head.hash,
      file_name: basename(opts.out),
      created_at: createdAt,
    });
    ctx.audit({
      actor: opts.actor ?? 'local',
      action: 'export_results_package',
      entity: 'campaign',
      entityId: opts.campaignId,
      after: { exportId, mode: meta.mode, ...counts, auditTo: head.seq, fingerprint: written.signerFingerprint },
    });
  });
  return {
    exportId,
    files: written.files,
    totalBytes: written.totalBytes,
    mode: meta.mode,
    sinceExportId: meta.sinceExportId,
    ...counts,
    auditFrom,
    auditTo: head.seq,
    signerFingerprint: written.signerFingerprint,
  };
}
