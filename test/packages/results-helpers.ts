/**
 * Three separate stores for results-package tests: the legal office's, and team laptops made by
 * copying it (as a campaign package would give them the same campaign, dossiers and assignments)
 * with their own store id and their own key pair.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createApiClient, type Api } from '../../shared/api/contract';
import { openCore, type Core } from '../../electron/core';
import { exportResults } from '../../electron/core/packages/results';
import { assignedCampaign } from '../fixtures/assigned-campaign';

export const FAST_SCRYPT = { log2N: 10, r: 8, p: 1 };
export const PASS = '春季评查 2025';

export interface Site {
  core: Core;
  api: Api;
  path: string;
}

export async function openSite(path: string, actor = '测试'): Promise<Site> {
  const core = await openCore(path);
  return { core, path, api: createApiClient((m, i) => core.dispatch(m, i, { actor, transport: 'test' })) };
}

export async function makeOffice(dir: string) {
  const office = await openSite(join(dir, 'office.sqlite'), '法制科');
  const { campaign, assignments } = await assignedCampaign(office.api, '2025 年度评查');
  return { office, campaign, assignments };
}

/** A laptop: a consistent copy of `from`, given its own store id (its key pair is made on first use beside it). */
export async function copySite(from: Site, path: string, actor: string): Promise<Site> {
  await from.core.store.db.backup(path);
  const raw = new Database(path);
  raw.prepare(`UPDATE meta SET value = ? WHERE key = 'store_id'`).run(randomUUID());
  raw.close();
  return openSite(path, actor);
}

/** Answers every applicable item of an assignment's review (the first one deducts `deduction`), optionally submits. */
export async function review(site: Site, assignmentId: string, opts: { deduction?: number; note?: string; submit?: boolean } = {}) {
  const sheet = await site.api.reviews.open({ assignmentId });
  const items = new Map(sheet.template.items.map((i) => [i.code, i]));
  // The deduction goes to the first item with a range rule, clamped into its range.
  const deducted = opts.deduction === undefined ? undefined : sheet.applicable.find((c) => items.get(c)!.deduction.kind === 'range');
  for (const code of sheet.applicable) {
    const rule = items.get(code)!.deduction;
    const points = rule.kind === 'range' ? Math.min(rule.max, Math.max(rule.min, opts.deduction ?? 0)) : 0;
    await site.api.reviews.saveAnswer({
      reviewId: sheet.review.id,
      itemCode: code,
      ...(code === deducted ? { verdict: 'deduct' as const, deduction: points, note: opts.note ?? '文书缺签名', pageRefs: [{ page: 3 }] } : { verdict: 'conform' as const }),
    });
  }
  if (opts.submit) await site.api.reviews.submit({ reviewId: sheet.review.id });
  return sheet.review.id;
}

export async function exportFrom(site: Site, campaignId: string, out: string, sinceLast = false, passphrase = PASS) {
  return exportResults(site.core.context, { campaignId, out, passphrase, sinceLast, scrypt: FAST_SCRYPT });
}

export async function importInto(site: Site, file: string, opts: { passphrase?: string; confirm?: string | null } = {}) {
  let confirm = opts.confirm;
  if (confirm === undefined) confirm = (await site.api.results.inspect({ source: { kind: 'path', path: file } })).fingerprint;
  const { jobId } = await site.api.results.startImport({ source: { kind: 'path', path: file }, passphrase: opts.passphrase ?? PASS, ...(confirm ? { confirmFingerprint: confirm } : {}) });
  const job = await site.core.context.jobs.wait(jobId);
  if (job.status !== 'done') throw Object.assign(new Error(job.error?.message ?? 'failed'), { code: job.error?.code, details: job.error?.details });
  return job.result!;
}

/** Everything a merge may change, as text: equal digests = equal stores (the import log and the office's own audit aside). */
export function mergedDigest(site: Site): string {
  const db = site.core.store.db;
  const q = (sql: string) => JSON.stringify(db.prepare(sql).all());
  return [
    q(`SELECT r.assignment_id, r.status, r.total, r.grade, r.veto, r.dimension_scores, r.submitted_at, r.locked_at, r.reviewer_id, r.template_id FROM reviews r ORDER BY r.assignment_id`),
    q(`SELECT r.assignment_id, a.item_code, a.verdict, a.deduction, a.occurrences, a.note, a.page_refs FROM answers a JOIN reviews r ON r.id = a.review_id ORDER BY r.assignment_id, a.item_code`),
    q(`SELECT id, facts_override FROM dossiers ORDER BY id`),
    q(`SELECT id, status, decision_reason FROM findings ORDER BY id`),
    q(`SELECT kind, entity_id, store_id, version, content_hash, signed_off_hash, changed_since_signoff FROM merge_origins ORDER BY kind, entity_id`),
    q(`SELECT kind, entity_id, store_id, version, content_hash, status FROM merge_conflicts ORDER BY kind, entity_id, store_id, content_hash`),
    q(`SELECT store_id, seq, hash FROM received_audit ORDER BY store_id, seq`),
    q(`SELECT store_id, public_key, audit_head_seq, audit_head_hash FROM package_laptops ORDER BY store_id`),
  ].join('\n');
}
