/**
 * Receipt files at the legal office: written for one merged package (CLI `--receipt-out`, 成果汇总's
 * 保存回执) and recorded, so the office lists per laptop which packages it has receipted. One function
 * for both callers, so a receipt saved from the screen is the same file the CLI writes.
 */
import { receiptReads, receiptRepository } from '../../../../db/repositories/results-receipts';
import { newId, nowIso } from '../../../../db/util';
import { checkTargetPath, writeFileAtomically } from '../../export/run';
import type { CoreContext } from '../../context';
import { makeReceipt } from './receipt';

export interface SavedReceipt {
  file: string;
  importId: string;
  exportId: string;
  laptopStoreId: string;
  issuedAt: string;
}

/** Writes the signed receipt of an import to `out` (whole or not at all) and records that it was issued. */
export function saveReceipt(ctx: CoreContext, importId: string, out: string, actor: string): SavedReceipt {
  const receipt = makeReceipt(ctx, importId);
  const file = checkTargetPath(out);
  writeFileAtomically(file, Buffer.from(JSON.stringify(receipt, null, 2) + '\n', 'utf8'));
  const issuedAt = nowIso();
  ctx.tx(() => {
    receiptRepository(ctx.db).insert({ id: newId(), import_id: importId, file_path: file, issued_at: issuedAt, issued_by: actor });
    ctx.audit({
      actor,
      action: 'issue_results_receipt',
      entity: 'campaign',
      entityId: receipt.campaignId,
      after: { importId, exportId: receipt.exportId, laptop: receipt.laptopStoreId, file },
    });
  });
  return { file, importId, exportId: receipt.exportId, laptopStoreId: receipt.laptopStoreId, issuedAt };
}

/** Every package merged for a campaign (once, however often imported), grouped by laptop, with its latest receipt. */
export function receiptsIssued(ctx: CoreContext, campaignId: string) {
  return receiptReads(ctx.read).byCampaign(campaignId).map((r) => ({
    importId: r.import_id,
    exportId: r.export_id,
    laptopStoreId: r.store_id,
    fingerprint: r.fingerprint,
    laptopLabel: r.label,
    fileName: r.file_name,
    mode: r.mode === 'incremental' ? ('incremental' as const) : ('full' as const),
    importedAt: r.imported_at,
    timesImported: r.times_imported,
    receipts: r.receipts,
    lastIssuedAt: r.last_issued_at,
    lastFilePath: r.last_file_path,
    lastIssuedBy: r.last_issued_by,
  }));
}
