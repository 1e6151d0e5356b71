import { createHash } from 'node:crypto';
import { builtinTemplateList } from '../../shared/domain/templates';
import { templateApplies } from '../../shared/domain/scoring/applicability';
import type { ChecklistTemplate } from '../../shared/domain/scoring/schema';
import type { Migration } from './types';

/** The deterministic id of a built-in version: the same on every laptop, so packages and reviews merge. */
export function builtinTemplateId(key: string, version: number): string {
  const hex = createHash('sha256').update(`builtin:${key}@${version}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Built-in templates version 2 (issue #15): 依据 cites published law and standards instead of an internal
 * note, and 普通程序 replaces 一般程序. Version 1 rows are never rewritten — their body hash identifies
 * them in campaign packages — so v2 is added beside them (on a fresh store migration 4 has already
 * inserted every built-in version and this insert is a no-op).
 *
 * Campaigns that exist now keep scoring with version 1: for each built-in key a campaign has not pinned,
 * v1 is pinned now, unless one of the campaign's pinned templates (e.g. a provincial standard) already
 * covers that kind of case — pinning a built-in there would take precedence over the office's choice.
 * Campaigns created later pin the newest built-in (v2) on first use; an office can move an existing
 * campaign to v2 under 评查标准 (templates.pin).
 */
export const builtinTemplatesV2: Migration = {
  version: 18,
  name: 'builtin-templates-v2',
  up: (db) => {
    const now = new Date().toISOString();
    const ins = db.prepare(
      `INSERT OR IGNORE INTO checklist_templates (id, template_key, version, name, case_type, procedure, source, body, body_sha256, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'builtin', ?, ?, ?)`,
    );
    for (const t of builtinTemplateList().filter((b) => b.version === 2)) {
      const body = JSON.stringify(t);
      ins.run(builtinTemplateId(t.key, t.version), t.key, t.version, t.name, t.caseType, t.procedures.length ? t.procedures.join('、') : null, body, createHash('sha256').update(body).digest('hex'), now);
    }

    const v1 = builtinTemplateList().filter((b) => b.version === 1);
    const v1Ids = new Set(
      (db.prepare(`SELECT id FROM checklist_templates WHERE source = 'builtin' AND version = 1`).pluck().all() as string[]),
    );
    const pinnedOf = db.prepare(
      `SELECT t.template_key AS key, t.body FROM campaign_templates ct JOIN checklist_templates t ON t.id = ct.template_id WHERE ct.campaign_id = ?`,
    );
    const pin = db.prepare('INSERT OR IGNORE INTO campaign_templates (campaign_id, template_id) VALUES (?, ?)');
    for (const campaignId of db.prepare('SELECT id FROM campaigns').pluck().all() as string[]) {
      const pinned = (pinnedOf.all(campaignId) as { key: string; body: string }[]).map((r) => ({ key: r.key, template: JSON.parse(r.body) as ChecklistTemplate }));
      for (const b of v1) {
        const id = builtinTemplateId(b.key, 1);
        if (!v1Ids.has(id)) continue; // a store whose v1 row was removed by hand: nothing to keep
        if (pinned.some((p) => p.key === b.key)) continue;
        const typicalCase = { caseType: b.caseType, procedure: b.procedures[0] ?? null };
        if (pinned.some((p) => templateApplies(p.template, typicalCase))) continue;
        pin.run(campaignId, id);
      }
    }
  },
};
