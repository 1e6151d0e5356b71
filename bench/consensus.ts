/**
 * 合议 list at scale (#13): 2,000 dossiers each reviewed twice (60 answers per review, the second
 * reviewer differing on a few items), 200 of them with a 合议 answer, seeded straight into SQLite.
 * consensus_dossiers_2000_ms is the list as the 合议与复核 screen loads it (campaign-wide reads,
 * rescoring only decided dossiers); consensus_compare_each_2000_ms is the full per-dossier comparison
 * for every dossier — what the list cost before it was rebuilt from campaign-wide reads.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { newId, nowIso } from '../db/util';
import { openCore } from '../electron/core';
import { createApiClient } from '../shared/api/contract';
import { mulberry32 } from '../shared/domain/sampling/prng';
import type { BenchCase } from './harness';
import { seedReviewedCampaign } from './reports';

const DOSSIERS = 2000;
const DECIDED = 200;

export const consensusBench: BenchCase = {
  title: 'consensus dossiers list (2,000 cross-reviewed dossiers)',
  async run(emit, workDir) {
    const core = await openCore(join(workDir, 'consensus.sqlite'));
    try {
      const db = core.store.db;
      const { campaignId, reviewIds } = seedReviewedCampaign(db, { dossiers: DOSSIERS, itemsPerReview: 60, units: 20 });
      const rand = mulberry32(7);
      const now = nowIso();
      const leaderId = newId();
      db.transaction(() => {
        db.prepare(`INSERT INTO reviewers (id, campaign_id, name, unit_name, role, created_at) VALUES (?, ?, '基准组长', '示例市司法局', 'leader', ?)`).run(leaderId, campaignId, now);
        const second = newId();
        db.prepare(`INSERT INTO reviewers (id, campaign_id, name, unit_name, role, created_at) VALUES (?, ?, '交叉评查员', '示例律师事务所', 'reviewer', ?)`).run(second, campaignId, now);
        const review = db.prepare('SELECT * FROM reviews WHERE id = ?');
        const answers = db.prepare('SELECT * FROM answers WHERE review_id = ?');
        const insAssignment = db.prepare(`INSERT INTO assignments (id, campaign_id, dossier_id, reviewer_id, role, assigned_at) VALUES (?, ?, ?, ?, 'cross', ?)`);
        const insReview = db.prepare(
          `INSERT INTO reviews (id, assignment_id, dossier_id, reviewer_id, template_id, status, total, grade, veto, dimension_scores, submitted_at, revision, updated_at)
           VALUES (?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, 1, ?)`,
        );
        const insAnswer = db.prepare(
          `INSERT INTO answers (id, review_id, item_code, verdict, deduction, occurrences, note, page_refs, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        const insDecided = db.prepare(
          `INSERT INTO decided_answers (id, dossier_id, stage, objection_id, item_code, verdict, deduction, occurrences, note, page_refs, reason, decided_by, decided_at)
           VALUES (?, ?, 'agreed', '', ?, 'conform', 0, 0, '', '[]', '合议一致', '基准组长', ?)`,
        );
        for (const [n, id] of reviewIds.entries()) {
          const r = review.get(id) as { dossier_id: string; template_id: string; total: number; grade: string; veto: number; dimension_scores: string };
          const assignmentId = newId();
          const reviewId = newId();
          insAssignment.run(assignmentId, campaignId, r.dossier_id, second, now);
          let total = r.total;
          const rows = answers.all(id) as { item_code: string; verdict: string; deduction: number; occurrences: number; note: string; page_refs: string }[];
          const out = rows.map((a) => {
            // The cross reviewer sees about one item in twenty differently.
            if (a.verdict === 'deduct' && rand() < 0.05) {
              total += a.deduction;
              return { ...a, verdict: 'conform', deduction: 0, occurrences: 0, note: '' };
            }
            return a;
          });
          insReview.run(reviewId, assignmentId, r.dossier_id, second, r.template_id, Math.round(total * 10) / 10, r.grade, r.veto, r.dimension_scores, now, now);
          for (const a of out) insAnswer.run(newId(), reviewId, a.item_code, a.verdict, a.deduction, a.occurrences, a.note, a.page_refs, now);
          if (n < DECIDED) insDecided.run(newId(), r.dossier_id, rows[0].item_code, now);
        }
      })();

      const api = createApiClient((m, i) => core.dispatch(m, i, { actor: 'bench', transport: 'test' }));
      const samples: number[] = [];
      let rows = 0;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        rows = (await api.consensus.dossiers({ campaignId })).length;
        samples.push(performance.now() - t0);
      }
      if (rows !== DOSSIERS) throw new Error(`consensus.dossiers listed ${rows} dossiers, expected ${DOSSIERS}`);
      emit('consensus_dossiers_2000_ms', Math.min(...samples), 'ms');

      const ids = db.prepare('SELECT id FROM dossiers WHERE campaign_id = ?').pluck().all(campaignId) as string[];
      const t0 = performance.now();
      for (const dossierId of ids) await api.consensus.compare({ dossierId, viewerId: leaderId });
      emit('consensus_compare_each_2000_ms', performance.now() - t0, 'ms');
    } finally {
      core.close();
    }
  },
};
