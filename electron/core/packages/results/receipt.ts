/**
 * Receipts: the office's signed word that it merged a results package. The laptop records it
 * (`acknowledge`), and its next `--since-last` export starts after that package. Signed with the
 * office's Ed25519 key over the canonical JSON of the other fields, so a receipt edited on the way
 * (another export id, another laptop) is refused.
 */
import { sign, verify } from 'node:crypto';
import { mergeReads, resultsExportRepository } from '../../../../db/repositories/results';
import { canonicalJson, nowIso } from '../../../../db/util';
import { AppError } from '../../../../shared/errors';
import { campaignOriginReads } from '../../../../db/repositories/campaign-package';
import { campaignReads } from '../../../../db/repositories/campaigns';
import type { CoreContext } from '../../context';
import { fingerprintOf, publicKeyFromRaw } from '../../identity';

export interface ResultsReceipt {
  format: 1;
  kind: 'results-receipt';
  campaignId: string;
  exportId: string;
  laptopStoreId: string;
  importedAt: string;
  officePublicKey: string;
  officeFingerprint: string;
  signature: string;
}

const signedPart = (r: Omit<ResultsReceipt, 'signature'>) => Buffer.from(canonicalJson(r), 'utf8');

/** The receipt for one import done here. */
export function makeReceipt(ctx: CoreContext, importId: string): ResultsReceipt {
  const row = mergeReads(ctx.read).importById(importId);
  if (!row) throw new AppError('not_found', `成果包导入记录不存在（${importId}）。`);
  const id = ctx.identity();
  const body: Omit<ResultsReceipt, 'signature'> = {
    format: 1,
    kind: 'results-receipt',
    campaignId: row.campaign_id,
    exportId: row.export_id,
    laptopStoreId: row.store_id,
    importedAt: row.imported_at,
    officePublicKey: id.publicKeyRaw.toString('hex'),
    officeFingerprint: id.fingerprint,
  };
  return { ...body, signature: sign(null, signedPart(body), id.privateKey).toString('base64') };
}

/**
 * On the laptop: checks the receipt and records its export as acknowledged. `campaignId` is the
 * campaign the user is recording it for (the screen's); a receipt for another one is refused by name.
 */
export function acceptReceipt(ctx: CoreContext, receipt: unknown, actor: string, campaignId?: string) {
  const r = receipt as ResultsReceipt;
  if (!r || r.kind !== 'results-receipt' || typeof r.signature !== 'string' || typeof r.officePublicKey !== 'string') {
    throw new AppError('bad_input', '这不是成果包回执文件。');
  }
  const { signature, ...body } = r;
  let valid = false;
  try {
    const key = Buffer.from(body.officePublicKey, 'hex');
    valid = key.length === 32 && verify(null, signedPart(body), publicKeyFromRaw(key), Buffer.from(signature, 'base64')) && fingerprintOf(key) === body.officeFingerprint;
  } catch {
    valid = false;
  }
  if (!valid) throw new AppError('bad_input', '回执的签名无效：回执被改动过或已损坏，未记录。', { reason: 'bad_signature' });
  if (body.laptopStoreId !== ctx.store.storeId) throw new AppError('bad_input', '这份回执是发给另一台电脑的，未记录。', { reason: 'other_laptop' });
  refuseForeignCampaign(ctx, body, campaignId);
  return ctx.tx(() => {
    const repo = resultsExportRepository(ctx.db);
    const exp = repo.exportById(body.exportId);
    if (!exp) throw new AppError('bad_input', `本机没有导出过回执所指的成果包（${body.exportId}），未记录。`, { reason: 'unknown_export' });
    if (exp.campaign_id !== body.campaignId) throw new AppError('bad_input', '回执所写的评查活动与本机这次导出的不一致，未记录。', { reason: 'other_campaign' });
    const changed = repo.acknowledge(exp.id, nowIso()) > 0 && exp.acknowledged_at === null;
    if (changed) {
      ctx.audit({ actor, action: 'acknowledge_results_export', entity: 'campaign', entityId: exp.campaign_id, after: { exportId: exp.id, office: body.officeFingerprint, importedAt: body.importedAt } });
    }
    return { exportId: exp.id, campaignId: exp.campaign_id, auditToSeq: exp.audit_to_seq, officeFingerprint: body.officeFingerprint, alreadyAcknowledged: !changed };
  });
}

/** A receipt for another campaign, or signed by an office other than the one whose campaign package this laptop imported. */
function refuseForeignCampaign(ctx: CoreContext, body: Omit<ResultsReceipt, 'signature'>, campaignId: string | undefined): void {
  if (campaignId && body.campaignId !== campaignId) {
    const name = campaignReads(ctx.read).get(body.campaignId)?.name;
    throw new AppError('bad_input', `这份回执属于另一个评查活动（${name ? `“${name}”` : body.campaignId}），不是当前评查活动的，未记录。`, {
      reason: 'other_campaign', receiptCampaignId: body.campaignId,
    });
  }
  const origin = campaignOriginReads(ctx.read).origin(body.campaignId);
  if (origin && origin.officeFingerprint !== body.officeFingerprint) {
    throw new AppError('bad_input', `这份回执不是发来本活动包的法制机构签发的（回执指纹 ${body.officeFingerprint}，活动包指纹 ${origin.officeFingerprint}），未记录。`, {
      reason: 'other_office',
    });
  }
}
