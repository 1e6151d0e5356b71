import type Database from 'better-sqlite3';
import type { TemplateDetail, TemplateSource, TemplateSummary } from '../../shared/api/namespaces/templates';
import type { ChecklistTemplate } from '../../shared/domain/scoring/schema';
import { sha256 } from '../util';

interface TemplateRow {
  id: string;
  template_key: string;
  version: number;
  name: string;
  case_type: string;
  source: TemplateSource;
  body: string;
  body_sha256: string;
  created_at: string;
  in_use: number;
}

/** A stored template version, parsed once. */
export interface CachedTemplate {
  id: string;
  source: TemplateSource;
  bodySha256: string;
  createdAt: string;
  template: ChecklistTemplate;
}

/**
 * Parsed templates by id, one cache per database so every repository instance (templates and reviews
 * handlers) shares it. Bodies are only rewritten by templates.save, which calls invalidate().
 */
const caches = new WeakMap<Database.Database, Map<string, CachedTemplate>>();

export function newVersionBody(t: ChecklistTemplate, version: number, name?: string): ChecklistTemplate {
  return { ...structuredClone(t), version, ...(name ? { name } : {}) };
}

export function templateRepository(db: Database.Database) {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const c = cache;
  const SELECT = `SELECT t.*, EXISTS (SELECT 1 FROM reviews r WHERE r.template_id = t.id) AS in_use FROM checklist_templates t`;
  const q = {
    list: db.prepare(`${SELECT} ORDER BY t.template_key, t.version`),
    get: db.prepare(`${SELECT} WHERE t.id = ?`),
    nextVersion: db.prepare('SELECT COALESCE(MAX(version), 0) + 1 FROM checklist_templates WHERE template_key = ?').pluck(),
    inUse: db.prepare('SELECT 1 FROM reviews WHERE template_id = ? LIMIT 1').pluck(),
    insert: db.prepare(
      `INSERT INTO checklist_templates (id, template_key, version, name, case_type, procedure, source, body, body_sha256, created_at)
       VALUES (@id, @key, @version, @name, @caseType, @procedure, @source, @body, @sha, @createdAt)`,
    ),
    update: db.prepare(
      `UPDATE checklist_templates SET name = @name, case_type = @caseType, procedure = @procedure, body = @body, body_sha256 = @sha WHERE id = @id`,
    ),
    pinned: db.prepare(`${SELECT} JOIN campaign_templates ct ON ct.template_id = t.id WHERE ct.campaign_id = ? ORDER BY t.template_key, t.version`),
    pinnedAll: db.prepare(
      `SELECT ct.campaign_id AS pinned_by, t.*, EXISTS (SELECT 1 FROM reviews r WHERE r.template_id = t.id) AS in_use
       FROM campaign_templates ct JOIN checklist_templates t ON t.id = ct.template_id ORDER BY ct.campaign_id, t.template_key, t.version`,
    ),
    unpinKey: db.prepare(
      `DELETE FROM campaign_templates WHERE campaign_id = ? AND template_id IN (SELECT id FROM checklist_templates WHERE template_key = ?)`,
    ),
    pin: db.prepare('INSERT OR IGNORE INTO campaign_templates (campaign_id, template_id) VALUES (?, ?)'),
    newestBuiltin: db.prepare(`SELECT id FROM checklist_templates WHERE template_key = ? AND source = 'builtin' ORDER BY version DESC LIMIT 1`).pluck(),
  };

  const parse = (r: TemplateRow): CachedTemplate => {
    let hit = c.get(r.id);
    if (!hit || hit.bodySha256 !== r.body_sha256) {
      hit = { id: r.id, source: r.source, bodySha256: r.body_sha256, createdAt: r.created_at, template: JSON.parse(r.body) as ChecklistTemplate };
      c.set(r.id, hit);
    }
    return hit;
  };
  const summary = (r: TemplateRow): TemplateSummary => {
    const t = parse(r).template;
    return {
      id: r.id,
      key: r.template_key,
      version: r.version,
      name: r.name,
      caseType: r.case_type,
      procedures: t.procedures,
      source: r.source,
      itemCount: t.items.length,
      inUse: r.in_use === 1,
      createdAt: r.created_at,
    };
  };

  return {
    list: (): TemplateSummary[] => (q.list.all() as TemplateRow[]).map(summary),
    summary: (id: string): TemplateSummary | undefined => {
      const r = q.get.get(id) as TemplateRow | undefined;
      return r && summary(r);
    },
    detail: (id: string): TemplateDetail | undefined => {
      const r = q.get.get(id) as TemplateRow | undefined;
      if (!r) return undefined;
      const p = parse(r);
      return { ...summary(r), bodySha256: r.body_sha256, template: p.template };
    },
    /** The parsed template, from memory after the first read (the hot path of reviews.saveAnswer). */
    cached: (id: string): CachedTemplate | undefined => {
      const hit = c.get(id);
      if (hit) return hit;
      const r = q.get.get(id) as TemplateRow | undefined;
      return r && parse(r);
    },
    nextVersion: (key: string): number => q.nextVersion.get(key) as number,
    inUse: (id: string): boolean => q.inUse.get(id) !== undefined,
    insert: (id: string, t: ChecklistTemplate, source: TemplateSource, createdAt: string): void => {
      const body = JSON.stringify(t);
      q.insert.run({ id, key: t.key, version: t.version, name: t.name, caseType: t.caseType, procedure: t.procedures.join('、') || null, source, body, sha: sha256(body), createdAt });
    },
    updateBody: (id: string, t: ChecklistTemplate): void => {
      const body = JSON.stringify(t);
      q.update.run({ id, name: t.name, caseType: t.caseType, procedure: t.procedures.join('、') || null, body, sha: sha256(body) });
      c.delete(id);
    },
    pinned: (campaignId: string): TemplateSummary[] => (q.pinned.all(campaignId) as TemplateRow[]).map(summary),
    /** Every campaign's pinned versions in one query (campaigns without pins are absent). */
    pinnedAll: (): Map<string, TemplateSummary[]> => {
      const out = new Map<string, TemplateSummary[]>();
      for (const r of q.pinnedAll.all() as (TemplateRow & { pinned_by: string })[]) {
        const list = out.get(r.pinned_by) ?? [];
        if (!out.has(r.pinned_by)) out.set(r.pinned_by, list);
        list.push(summary(r));
      }
      return out;
    },
    /** Pins one version per key: pinning PG v2 replaces a pinned PG v1. */
    pin: (campaignId: string, id: string, key: string): void => {
      q.unpinKey.run(campaignId, key);
      q.pin.run(campaignId, id);
    },
    newestBuiltin: (key: string): string | undefined => q.newestBuiltin.get(key) as string | undefined,
  };
}

export type TemplateRepository = ReturnType<typeof templateRepository>;
