/**
 * Campaign-level outputs at scale: 10,000 reviewed dossiers × 60 item answers (600,000 answers),
 * seeded straight into SQLite in one transaction (going through the API would measure the review
 * workspace, not the reports). Figures: bulletin_aggregate_600k_ms (target ≤ 1000),
 * workbook_600k_ms (target ≤ 5000; CPU user+sys of the whole process on stderr).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import { newId, nowIso } from '../db/util';
import { openCore } from '../electron/core';
import type { JobControl } from '../electron/core/jobs';
import { buildCampaignReport, reportSources } from '../electron/core/export/reports/data';
import { workbookXlsx } from '../electron/core/export/reports/workbook';
import type { ChecklistTemplate } from '../shared/domain/scoring/schema';
import { DEFAULT_MASK } from '../shared/domain/export/mask';
import { mulberry32 } from '../shared/domain/sampling/prng';
import type { BenchCase } from './harness';

export interface SeedOptions {
  dossiers: number;
  itemsPerReview: number;
  units: number;
  seed?: number;
}

export interface SeededCampaign {
  campaignId: string;
  reviewIds: string[];
  unitNames: string[];
}

/**
 * A campaign of submitted reviews on the built-in 行政处罚（一般程序） template: 2–32 % of a
 * dossier's answers deduct 0.5–2 points, ~2 % of dossiers hit a veto item; totals, grades and dimension scores
 * are consistent with the answers.
 */
export function seedReviewedCampaign(db: Database.Database, opts: SeedOptions): SeededCampaign {
  const rand = mulberry32(opts.seed ?? 42);
  const tpl = db.prepare(`SELECT id, body FROM checklist_templates WHERE template_key = 'PG' ORDER BY version DESC LIMIT 1`).get() as { id: string; body: string };
  const template = JSON.parse(tpl.body) as ChecklistTemplate;
  const items = template.items.slice(0, opts.itemsPerReview);
  const vetoItem = items.find((i) => i.veto) ?? items[0];
  const now = nowIso();
  const campaignId = newId();
  const unitNames: string[] = [];
  const reviewIds: string[] = [];
  db.transaction(() => {
    db.prepare(`INSERT INTO campaigns (id, name, year, organiser, phase, created_at, updated_at) VALUES (?, ?, 2025, '示例市司法局', 'review', ?, ?)`).run(
      campaignId,
      `基准评查活动${campaignId.slice(-6)}`,
      now,
      now,
    );
    db.prepare('INSERT OR IGNORE INTO campaign_templates (campaign_id, template_id) VALUES (?, ?)').run(campaignId, tpl.id);
    const unitIds: string[] = [];
    const insUnit = db.prepare('INSERT INTO units (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING');
    const unitId = db.prepare('SELECT id FROM units WHERE name = ?').pluck();
    for (let u = 0; u < opts.units; u++) {
      const name = `基准示例县第${u + 1}执法局`;
      insUnit.run(newId(), name, now);
      unitIds.push(unitId.get(name) as string);
      unitNames.push(name);
    }
    const reviewerIds: string[] = [];
    const insReviewer = db.prepare(`INSERT INTO reviewers (id, campaign_id, name, unit_name, role, created_at) VALUES (?, ?, ?, '示例律师事务所', 'reviewer', ?)`);
    for (let i = 0; i < 10; i++) {
      const id = newId();
      insReviewer.run(id, campaignId, `评查员${i + 1}`, now);
      reviewerIds.push(id);
    }
    const insDossier = db.prepare(
      `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, procedure, field, cause, party, party_type, party_id_no, party_phone,
         date_filed, date_decision, date_closed, fine_fen, content_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, '行政处罚', '一般程序', '市场监管', ?, ?, '个人', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insAssignment = db.prepare(`INSERT INTO assignments (id, campaign_id, dossier_id, reviewer_id, role, assigned_at) VALUES (?, ?, ?, ?, 'primary', ?)`);
    const insReview = db.prepare(
      `INSERT INTO reviews (id, assignment_id, dossier_id, reviewer_id, template_id, status, total, grade, veto, dimension_scores, submitted_at, revision, updated_at)
       VALUES (?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, 1, ?)`,
    );
    const insAnswer = db.prepare(
      `INSERT INTO answers (id, review_id, item_code, verdict, deduction, occurrences, note, page_refs, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const dimMax = Object.fromEntries(template.dimensions.map((d) => [d.code, d.maxPoints]));
    for (let n = 0; n < opts.dossiers; n++) {
      const dossierId = newId();
      const reviewId = newId();
      const assignmentId = newId();
      const unit = n % opts.units;
      const day = String(1 + (n % 28)).padStart(2, '0');
      insDossier.run(
        dossierId,
        campaignId,
        unitIds[unit],
        `基准罚〔2025〕${String(n + 1).padStart(5, '0')}号`,
        '销售不符合安全标准的食品',
        `张${'伟芳娜敏静'[n % 5]}`,
        `1101011990010${String(n % 1000).padStart(4, '0')}X`.slice(0, 18),
        `1381234${String(n % 10000).padStart(4, '0')}`,
        `2025-03-${day}`,
        `2025-05-${day}`,
        `2025-06-${day}`,
        (n % 50) * 10000,
        `h${n}`,
        now,
        now,
      );
      const reviewerId = reviewerIds[n % reviewerIds.length];
      insAssignment.run(assignmentId, campaignId, dossierId, reviewerId, now);
      const veto = rand() < 0.02;
      // Dossiers differ in quality: most lose a few points, some many (a realistic spread of grades).
      const sloppiness = 0.02 + 0.3 * rand() ** 2;
      const dims: Record<string, number> = { ...dimMax };
      let total = template.totalPoints;
      const answers: [string, string, number, number, string][] = [];
      for (const item of items) {
        let verdict = 'conform';
        let deduction = 0;
        let note = '';
        if (veto && item.code === vetoItem.code) {
          verdict = 'veto';
          note = '主要事实不清、证据不足';
        } else if (item.maxPoints > 0 && rand() < sloppiness) {
          verdict = 'deduct';
          deduction = Math.min(item.maxPoints, Math.round((0.5 + rand() * 1.5) * 2) / 2);
          note = `第${1 + Math.floor(rand() * 40)}页：${item.title}存在问题`;
        }
        total -= deduction;
        dims[item.dimension] -= deduction;
        answers.push([item.code, verdict, deduction, verdict === 'deduct' ? 1 : 0, note]);
      }
      total = veto ? 0 : Math.round(total * 10) / 10;
      const grade = veto ? '不合格' : total >= 90 ? '优秀' : total >= 80 ? '良好' : total >= 60 ? '合格' : '不合格';
      insReview.run(reviewId, assignmentId, dossierId, reviewerId, tpl.id, total, grade, veto ? 1 : 0, JSON.stringify(dims), now, now);
      for (const [code, verdict, deduction, occ, note] of answers) {
        insAnswer.run(newId(), reviewId, code, verdict, deduction, occ, note, note ? '[{"page":3}]' : '[]', now);
      }
      reviewIds.push(reviewId);
    }
  })();
  return { campaignId, reviewIds, unitNames };
}

export const quietControl = (): JobControl => ({
  progress: () => undefined,
  signal: new AbortController().signal,
  yieldToLoop: async () => undefined,
});

export const reportsBench: BenchCase = {
  title: 'reports: bulletin aggregate and workbook over 600k answers',
  async run(emit, dir) {
    const core = await openCore(join(dir, 'reports.sqlite'));
    const db = core.store.db;
    const t0 = performance.now();
    const { campaignId } = seedReviewedCampaign(db, { dossiers: 10_000, itemsPerReview: 60, units: 20 });
    process.stderr.write(`  seeded 10,000 dossiers × 60 answers in ${Math.round(performance.now() - t0)} ms\n`);
    db.pragma('optimize');
    // Warm-up once (page cache), then the measured run; the statements are prepared once, as in the app.
    const sources = reportSources(db);
    buildCampaignReport(sources, campaignId, { mask: DEFAULT_MASK });
    const c0 = process.cpuUsage();
    const a0 = performance.now();
    const report = buildCampaignReport(sources, campaignId, { mask: DEFAULT_MASK });
    emit('bulletin_aggregate_600k_ms', performance.now() - a0, 'ms');
    const cpu = (since: NodeJS.CpuUsage) => Math.round(process.cpuUsage(since).user / 1000);
    // CPU time beside wall time: on a shared machine the wall figure includes waiting for a core.
    process.stderr.write(`  aggregate CPU ${cpu(c0)} ms\n`);
    if (report.aggregate.reviewed !== 10_000) throw new Error(`aggregate counted ${report.aggregate.reviewed} dossiers`);
    const c1 = process.cpuUsage();
    const w0 = performance.now();
    const out = await workbookXlsx(
      { campaignId, kind: 'workbook', format: 'xlsx', mask: DEFAULT_MASK },
      { ctx: core.context, control: quietControl(), printer: { print: () => Promise.reject(new Error('no PDF in the workbook')) } },
    );
    emit('workbook_600k_ms', performance.now() - w0, 'ms');
    const wcpu = process.cpuUsage(c1);
    // user+sys of every thread: deflate runs on the libuv pool.
    process.stderr.write(`  workbook CPU ${cpu(c1)} ms user, ${Math.round((wcpu.user + wcpu.system) / 1000)} ms user+sys\n`);
    emit('workbook_600k_MB', out.bytes.length / 1024 / 1024, 'MB');
    core.close();
  },
};
