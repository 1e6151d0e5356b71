/**
 * The legal office's merge (issue #18): 30 results packages from 30 laptops covering 3,000 reviews
 * × 68 answers each (with page references), plus each laptop's audit chain (one entry per answer,
 * 210,000 in all), imported one after another into one office store. The packages are generated
 * directly (a real laptop would take days of clicking to make them), signed and encrypted like any
 * other; the import is exactly what `package import` runs.
 *
 * Figures: package_merge_3000_ms (all 30 imports, key derivation at the default scrypt cost
 * included), package_merge_kdf_ms (of which deriving the 30 keys), package_merge_peak_rss_mb (the
 * bench process's peak while importing), package_merge_again_ms (the same 30 again: all unchanged).
 */
import { randomUUID, scryptSync } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GENESIS as AUDIT_GENESIS, auditRowHash as rowHash } from '../db/audit';
import type { AnswerWire, AuditWire, ReviewWire } from '../db/repositories/results';
import { openCore } from '../electron/core';
import { ephemeralIdentity } from '../electron/core/identity';
import { inspectPackage, writePackage } from '../electron/core/packages';
import { importResults } from '../electron/core/packages/results';
import { RECORD, RESULTS_FORMAT, type ResultsMeta } from '../electron/core/packages/results/wire';
import { createApiClient } from '../shared/api/contract';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../test/fixtures/registers';
import type { BenchCase } from './harness';

const MB = 1024 * 1024;
const LAPTOPS = 30;
const REVIEWS = 3000;
const ANSWERS = 68;
const PASSPHRASE = '基准口令 2025';

function sampleRss(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss()) / MB;
    },
  };
}

/** The office store with 3,000 assignments, and one results package per laptop (files). */
export async function mergeFixture(dir: string, opts: { scrypt?: { log2N: number; r: number; p: number } } = {}) {
    const officePath = join(dir, 'office.sqlite');
    const core = await openCore(officePath);
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: 'bench', transport: 'test' }));
    const campaign = await api.campaigns.create({ name: '合并基准', year: 2025 });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 18, count: REVIEWS })), 'utf-8');
    await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });

    // 30 reviewers, one per laptop, and one assignment per dossier (set up directly: the API's
    // sampling and assignment are not what is measured here).
    const raw = core.store.db;
    const templateId = (raw.prepare(`SELECT id FROM checklist_templates ORDER BY template_key, version LIMIT 1`).pluck().get()) as string;
    const dossiers = raw.prepare(`SELECT id FROM dossiers WHERE campaign_id = ? ORDER BY case_no`).pluck().all(campaign.id) as string[];
    if (dossiers.length < REVIEWS) throw new Error(`only ${dossiers.length} dossiers`);
    const now = new Date().toISOString();
    const reviewers = Array.from({ length: LAPTOPS }, (_, i) => ({ id: randomUUID(), name: `评查员${i + 1}` }));
    const assignments: { id: string; dossierId: string; reviewerId: string; laptop: number }[] = [];
    raw.transaction(() => {
      const addReviewer = raw.prepare(`INSERT INTO reviewers (id, campaign_id, name, unit_name, role, created_at) VALUES (?, ?, ?, '基准律所', 'reviewer', ?)`);
      for (const r of reviewers) addReviewer.run(r.id, campaign.id, r.name, now);
      const addAssignment = raw.prepare(`INSERT INTO assignments (id, campaign_id, dossier_id, reviewer_id, role, assigned_at) VALUES (?, ?, ?, ?, 'primary', ?)`);
      for (let i = 0; i < REVIEWS; i++) {
        const laptop = i % LAPTOPS;
        const a = { id: randomUUID(), dossierId: dossiers[i], reviewerId: reviewers[laptop].id, laptop };
        addAssignment.run(a.id, campaign.id, a.dossierId, a.reviewerId, now);
        assignments.push(a);
      }
    })();
    core.close();

    // One package per laptop: its 100 reviews and its audit chain (entries as saveAnswer writes them).
    const files: string[] = [];
    for (let l = 0; l < LAPTOPS; l++) {
      const signer = ephemeralIdentity();
      const mine = assignments.filter((a) => a.laptop === l);
      const audit: AuditWire[] = [];
      let prev = AUDIT_GENESIS;
      const addAudit = (e: Omit<AuditWire, 'seq' | 'prev_hash' | 'hash'>) => {
        const row = { ...e, seq: audit.length + 1, prev_hash: prev };
        const full = { ...row, hash: rowHash(row) };
        audit.push(full);
        prev = full.hash;
      };
      const out = join(dir, `laptop-${l + 1}.drpkg`);
      const meta: Omit<ResultsMeta, 'auditTo' | 'auditToHash'> = {
        format: RESULTS_FORMAT, campaignId: campaign.id, storeId: randomUUID(), exportId: randomUUID(), mode: 'full', sinceExportId: null,
        auditFrom: 1, reviewers: [reviewers[l].name], createdAt: now,
      };
      const reviews: { review: ReviewWire; answers: AnswerWire[] }[] = [];
      for (const a of mine) {
        const reviewId = randomUUID();
        const answers: AnswerWire[] = Array.from({ length: ANSWERS }, (_, k) => {
          const code = `PG-PROC-${String(k + 1).padStart(2, '0')}`;
          const deduct = k % 9 === 0;
          const answer: AnswerWire = {
            id: randomUUID(), item_code: code, verdict: deduct ? 'deduct' : 'conform', deduction: deduct ? 1 : 0, occurrences: 0,
            note: deduct ? `第 ${k} 项：文书缺少承办人签名，送达回证日期不清` : '', page_refs: deduct ? JSON.stringify([{ page: k + 1 }, { page: k + 3 }]) : '[]', updated_at: now,
          };
          addAudit({ id: randomUUID(), at: now, actor: reviewers[l].name, action: 'answer', entity: 'review', entity_id: reviewId, before: null, after: JSON.stringify({ itemCode: code, verdict: answer.verdict }), reason: null });
          return answer;
        });
        reviews.push({
          review: {
            id: reviewId, assignment_id: a.id, dossier_id: a.dossierId, reviewer_id: a.reviewerId, template_id: templateId, status: 'submitted',
            total: 92, grade: '良好', veto: 0, dimension_scores: '{}', strengths: '', problems: '个别文书缺签名', suggestions: '', submitted_at: now,
            locked_at: null, locked_by: null, revision: ANSWERS + 1, updated_at: now,
          },
          answers,
        });
        addAudit({ id: randomUUID(), at: now, actor: reviewers[l].name, action: 'submit', entity: 'review', entity_id: reviewId, before: null, after: null, reason: null });
      }
      await writePackage({ out, kind: 'results', campaignId: campaign.id, passphrase: PASSPHRASE, signer, scrypt: opts.scrypt }, async (w) => {
        await w.record(RECORD.meta, { ...meta, auditTo: audit.length, auditToHash: prev });
        for (const r of reviews) await w.record(RECORD.review + r.review.assignment_id, r);
        for (let i = 0; i < audit.length; i += 500) await w.record(`${RECORD.audit}${i + 1}`, audit.slice(i, i + 500));
        await w.record(RECORD.end, { reviews: reviews.length });
      });
      files.push(out);
    }
    return { officePath, files };
}

export const packageMergeBench: BenchCase = {
  title: 'package merge: 30 results packages, 3,000 reviews × 68 answers',
  async run(emit, dir) {
    const { officePath, files } = await mergeFixture(dir);
    const office = await openCore(officePath);
    const startMb = process.memoryUsage.rss() / MB;
    const fingerprints: string[] = [];
    const rss = sampleRss();
    const t0 = performance.now();
    let kdfMs = 0;
    let added = 0;
    for (const file of files) {
      const fp = (await inspectPackage(file)).signerFingerprint;
      fingerprints.push(fp);
      const r = await importResults(office.context, { file, passphrase: PASSPHRASE, actor: 'bench', confirmFingerprint: fp });
      added += r.reviews.added;
    }
    const elapsed = performance.now() - t0;
    const peak = rss.stop();
    if (added !== REVIEWS) throw new Error(`merged ${added} reviews, expected ${REVIEWS}`);
    // What deriving one key at the default cost takes here, times 30.
    const k0 = performance.now();
    scryptSync(PASSPHRASE, Buffer.alloc(16), 32, { N: 2 ** 16, r: 8, p: 2, maxmem: 300 * MB });
    kdfMs = (performance.now() - k0) * LAPTOPS;
    emit('package_merge_3000_ms', elapsed, 'ms');
    emit('package_merge_kdf_ms', kdfMs, 'ms');
    emit('package_merge_3000_excluding_kdf_ms', elapsed - kdfMs, 'ms');
    emit('package_merge_peak_rss_mb', peak, 'MB');
    emit('package_merge_rss_above_start_mb', peak - startMb, 'MB');

    const a0 = performance.now();
    let unchanged = 0;
    for (const [i, file] of files.entries()) unchanged += (await importResults(office.context, { file, passphrase: PASSPHRASE, actor: 'bench', confirmFingerprint: fingerprints[i] })).reviews.unchanged;
    if (unchanged !== REVIEWS) throw new Error(`again: ${unchanged} unchanged`);
    emit('package_merge_again_ms', performance.now() - a0, 'ms');
    office.close();
  },
};
