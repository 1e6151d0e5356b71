/**
 * What a results package would hold, before it is written: the 导出成果包 dialog shows it for the mode
 * chosen (full, or only what changed since the office's last receipt). The same reads as the export,
 * without the answers or a single byte written.
 */
import { resultsExportReads } from '../../../../db/repositories/results';
import { campaignReads } from '../../../../db/repositories/campaigns';
import type { CoreContext } from '../../context';

export interface ResultsExportPreview {
  mode: 'full' | 'incremental';
  /** The acknowledged export an incremental package continues (null: none acknowledged, so it is full). */
  sinceExportId: string | null;
  sinceFileName: string | null;
  sinceAcknowledgedAt: string | null;
  reviews: { draft: number; submitted: number; locked: number };
  findings: number;
  facts: number;
  documentMaps: number;
  auditEntries: number;
}

export function previewResultsExport(ctx: CoreContext, campaignId: string, sinceLast: boolean): ResultsExportPreview {
  campaignReads(ctx.read).mustExist(campaignId);
  const reads = resultsExportReads(ctx.read);
  const since = sinceLast ? reads.lastAcknowledged(campaignId) : undefined;
  const reviews = { draft: 0, submitted: 0, locked: 0 };
  for (const r of reads.reviews(campaignId, since?.created_at ?? null)) reviews[r.status]++;
  return {
    mode: since ? 'incremental' : 'full',
    sinceExportId: since?.id ?? null,
    sinceFileName: since?.file_name ?? null,
    sinceAcknowledgedAt: since?.acknowledged_at ?? null,
    reviews,
    findings: reads.decidedFindings(campaignId).length,
    facts: reads.factsOverrides(campaignId).length,
    documentMaps: reads.mappedFiles(campaignId).length,
    auditEntries: Math.max(0, reads.auditHead().seq - (since?.audit_to_seq ?? 0)),
  };
}
