import { createHash } from 'node:crypto';
import { builtinTemplateList } from '../../shared/domain/templates';
import type { Migration } from './types';

/**
 * The five built-in checklist templates (PG, PS, LI, CE, IN) in the store, so campaigns can pin
 * exact versions and reviews can reference them by id. Body = the validated template JSON; a row
 * that already exists for a key and version is left alone. Also an index for "is this template
 * version used by a review" (templates.save refuses to edit a version in use).
 */
export const builtinTemplates: Migration = {
  version: 4,
  name: 'builtin-templates',
  up: (db) => {
    db.exec(`CREATE INDEX reviews_template ON reviews (template_id);`);
    const now = new Date().toISOString();
    const ins = db.prepare(
      `INSERT OR IGNORE INTO checklist_templates (id, template_key, version, name, case_type, procedure, source, body, body_sha256, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'builtin', ?, ?, ?)`,
    );
    for (const t of builtinTemplateList()) {
      const body = JSON.stringify(t);
      // Deterministic ids for built-ins: the same on every laptop, so exported reviews merge.
      const hex = createHash('sha256').update(`builtin:${t.key}@${t.version}`).digest('hex');
      const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
      ins.run(id, t.key, t.version, t.name, t.caseType, t.procedures.length ? t.procedures.join('、') : null, body, createHash('sha256').update(body).digest('hex'), now);
    }
  },
};
