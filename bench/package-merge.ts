/**
 * The legal office's merge (issue #18): 30 results packages from 30 laptops covering 3,000 reviews
 * × 68 answers each (with page references), plus each laptop's audit chain (one entry per answer,
 * 210,000 in all), imported one after another into one office store. The packages are generated
 * directly (a real laptop would take days of clicking to make them), signed and encrypted like any
 * other; the import is exactly what `package import` runs.
 *
 * other (with the campaign's results salt, as `package export --kind results` writes them); the merge
 * is one `dossier-review package import --in <30 files>` process, as a clerk runs it.
 *
 * Figures: package_merge_3000_ms (the whole import process for all 30, start-up and key derivation at
 * the default scrypt cost included), package_merge_kdf_ms (of which deriving keys: one per distinct
 * salt, package_merge_kdf_derivations), package_merge_peak_rss_mb (that process's peak RSS),
 * package_merge_rss_above_start_mb (above a `package inspect` process), package_merge_again_ms (the
 * same 30 again: all unchanged) with its peak RSS; package_merge_3000_cpu_ms / _system_cpu_ms and
 * package_merge_again_cpu_ms: the import process's CPU time (steadier than wall time under load).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID, scryptSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GENESIS as AUDIT_GENESIS, auditRowHash as rowHash } from '../db/audit';
import type { AnswerWire, AuditWire, ReviewWire } from '../db/repositories/results';
import { openCore } from '../electron/core';
import { ephemeralIdentity } from '../electron/core/identity';
import { inspectPackage, writePackage } from '../electron/core/packages';
import { RECORD, RESULTS_FORMAT, resultsKdfSalt, type ResultsMeta } from '../electron/core/packages/results/wire';
import { REPO_ROOT } from '../electron/host/paths';
import { createApiClient } from '../shared/api/contract';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../test/fixtures/registers';
import type { BenchCase } from './harness';

const MB = 1024 * 1024;
const LAPTOPS = 30;
const REVIEWS = 3000;
const ANSWERS = 68;
const PASSPHRASE = '基准口令 2025';

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
      await writePackage({ out, kind: 'results', campaignId: campaign.id, passphrase: PASSPHRASE, signer, scrypt: opts.scrypt, kdfSalt: resultsKdfSalt(campaign.id) }, async (w) => {
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
    const fingerprints: string[] = [];
    const salts = new Set<string>();
    for (const file of files) {
      fingerprints.push((await inspectPackage(file)).signerFingerprint);
      salts.add(readFileSync(file).subarray(56, 72).toString('hex'));
    }
    // The merge as a clerk runs it: one `dossier-review package import` process for the stack of 30
    // (the bundled CLI), whose peak RSS (getrusage maxRSS, reported at exit) is the figure.
    const bin = join(REPO_ROOT, 'bin', 'dossier-review.mjs');
    const rssFile = join(dir, 'maxrss.txt');
    const reporter = join(dir, 'maxrss.cjs');
    // maxRSS, and CPU time (user + system, all threads): steadier than wall time on a shared machine.
    writeFileSync(
      reporter,
      `process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, JSON.stringify({ maxRSS: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime, sysUs: u.systemCPUTime })); });`,
    );
    const pass = join(dir, 'pass.txt');
    writeFileSync(pass, `${PASSPHRASE}\n`);
    const cli = (args: string[]) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--require', reporter, bin, ...args, '--json'], { encoding: 'utf8', maxBuffer: 256 * MB });
      if (r.status !== 0) throw new Error(`dossier-review ${args.slice(0, 2).join(' ')} exited ${r.status}: ${r.stderr}`);
      const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRSS: number; cpuUs: number; sysUs: number };
      return { ms: performance.now() - t0, rssMb: usage.maxRSS / 1024, cpuMs: usage.cpuUs / 1000, sysMs: usage.sysUs / 1000, out: JSON.parse(r.stdout) };
    };
    const importArgs = ['package', 'import', '--db', officePath, '--in', ...files, '--passphrase-file', pass, '--confirm-fingerprint', fingerprints.join(',')];
    const idle = cli(['package', 'inspect', '--in', files[0]]);
    const first = cli(importArgs);
    if (first.out.added !== REVIEWS) throw new Error(`merged ${first.out.added} reviews, expected ${REVIEWS}`);
    // What deriving one key at the default cost takes here, times the distinct salts (the session derives each once).
    const k0 = performance.now();
    scryptSync(PASSPHRASE, Buffer.alloc(16), 32, { N: 2 ** 16, r: 8, p: 2, maxmem: 300 * MB });
    const kdfMs = (performance.now() - k0) * salts.size;
    emit('package_merge_3000_ms', first.ms, 'ms');
    emit('package_merge_kdf_ms', kdfMs, 'ms');
    emit('package_merge_kdf_derivations', salts.size, 'count');
    emit('package_merge_3000_excluding_kdf_ms', first.ms - kdfMs, 'ms');
    emit('package_merge_3000_cpu_ms', first.cpuMs, 'ms');
    emit('package_merge_3000_system_cpu_ms', first.sysMs, 'ms');
    emit('package_merge_peak_rss_mb', first.rssMb, 'MB');
    emit('package_merge_rss_above_start_mb', first.rssMb - idle.rssMb, 'MB');

    const again = cli(importArgs);
    if (again.out.unchanged !== REVIEWS || again.out.added !== 0) throw new Error(`again: ${again.out.unchanged} unchanged, ${again.out.added} added`);
    emit('package_merge_again_ms', again.ms, 'ms');
    emit('package_merge_again_cpu_ms', again.cpuMs, 'ms');
    emit('package_merge_again_peak_rss_mb', again.rssMb, 'MB');
  },
};
