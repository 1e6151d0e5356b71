import { createHash } from 'node:crypto';
import { builtinTemplateList } from '../../shared/domain/templates';
import { templateApplies } from '../../shared/domain/scoring/applicability';
import type { ChecklistTemplate } from '../../shared/domain/scoring/schema';
import { builtinTemplateId } from './0018-builtin-templates-v2';
import type { Migration } from './types';

/**
 * Built-in PG version 3 (issue #15): the 行政处罚 普通程序 template rebalanced toward published practice —
 * points per dimension, deductions at their reference values, 扣完为止 at the dimension. v1 and v2 rows
 * are never rewritten (their body hashes identify them in campaign packages), so v3 is added beside them
 * (on a fresh store migration 4 has already inserted it and this insert is a no-op).
 *
 * A campaign that exists now keeps the PG version it would have scored with: the newest PG built-in
 * this store had before (v2) is pinned for every campaign without a PG pin, unless one of its pinned
 * templates already covers 行政处罚 普通程序 — the same rule as migration 18. Scores already given and
 * 评查表 already printed therefore do not change. Campaigns created later pin v3 on first use.
 */
export const builtinPgV3: Migration = {
  version: 23,
  name: 'builtin-pg-v3',
  up: (db) => {
    const now = new Date().toISOString();
    const v3 = builtinTemplateList().filter((b) => b.key === 'PG' && b.version === 3);
    const ins = db.prepare(
      `INSERT OR IGNORE INTO checklist_templates (id, template_key, version, name, case_type, procedure, source, body, body_sha256, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'builtin', ?, ?, ?)`,
    );
    for (const t of v3) {
      const body = JSON.stringify(t);
      ins.run(builtinTemplateId(t.key, t.version), t.key, t.version, t.name, t.caseType, t.procedures.length ? t.procedures.join('、') : null, body, createHash('sha256').update(body).digest('hex'), now);
    }

    const previous = (db.prepare(`SELECT id, body FROM checklist_templates WHERE source = 'builtin' AND template_key = 'PG' AND version < 3 ORDER BY version DESC LIMIT 1`).get() as { id: string; body: string } | undefined);
    if (!previous) return; // a store whose older PG rows were removed by hand: nothing to keep
    const previousTemplate = JSON.parse(previous.body) as ChecklistTemplate;
    const typicalCase = { caseType: previousTemplate.caseType, procedure: previousTemplate.procedures[0] ?? null };
    const pinnedOf = db.prepare(
      `SELECT t.template_key AS key, t.body FROM campaign_templates ct JOIN checklist_templates t ON t.id = ct.template_id WHERE ct.campaign_id = ?`,
    );
    const pin = db.prepare('INSERT OR IGNORE INTO campaign_templates (campaign_id, template_id) VALUES (?, ?)');
    for (const campaignId of db.prepare('SELECT id FROM campaigns').pluck().all() as string[]) {
      const pinned = (pinnedOf.all(campaignId) as { key: string; body: string }[]).map((r) => ({ key: r.key, template: JSON.parse(r.body) as ChecklistTemplate }));
      if (pinned.some((p) => p.key === 'PG')) continue;
      if (pinned.some((p) => templateApplies(p.template, typicalCase))) continue;
      pin.run(campaignId, previous.id);
    }
  },
};
