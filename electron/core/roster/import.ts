/**
 * Storing a roster: new people are added; people already on it (same name and unit) get the file's
 * role, 评查组, certificate number and phone when these differ; everyone else is left as is. One
 * transaction, one audit entry per change; a PIN is never touched.
 */
import { reviewerRepository } from '../../../db/repositories/reviewers';
import { reviewRoleRepository } from '../../../db/repositories/review-roles';
import { campaignReads } from '../../../db/repositories/campaigns';
import { newId, nowIso } from '../../../db/util';
import type { Reviewer } from '../../../shared/api/namespaces/reviewers';
import type { CoreContext } from '../context';
import type { RosterEntry } from './read';

export interface RosterImportResult {
  added: Reviewer[];
  updated: Reviewer[];
  unchanged: number;
}

export function importRoster(ctx: CoreContext, campaignId: string, entries: readonly RosterEntry[], actor: string): RosterImportResult {
  const repo = reviewerRepository(ctx.db);
  const roles = reviewRoleRepository(ctx.db);
  return ctx.tx(() => {
    campaignReads(ctx.read).mustExist(campaignId);
    const result: RosterImportResult = { added: [], updated: [], unchanged: 0 };
    for (const { row: _row, ...e } of entries) {
      const existing = repo.findByName(campaignId, e.name, e.unitName);
      if (!existing) {
        const id = newId();
        repo.insert({ id, campaignId, ...e, createdAt: nowIso() });
        ctx.audit({ actor, action: 'create', entity: 'reviewer', entityId: id, after: { ...e, source: 'roster_import' } });
        result.added.push(repo.get(id)!);
        continue;
      }
      const changed = existing.role !== e.role || existing.team !== e.team || existing.certNo !== e.certNo || existing.phone !== e.phone;
      if (!changed) {
        result.unchanged++;
        continue;
      }
      roles.updateRosterFields(existing.id, { role: e.role, team: e.team, certNo: e.certNo, phone: e.phone });
      const before = { role: existing.role, team: existing.team, certNo: existing.certNo, phone: existing.phone };
      ctx.audit({ actor, action: 'update', entity: 'reviewer', entityId: existing.id, before, after: { role: e.role, team: e.team, certNo: e.certNo, phone: e.phone, source: 'roster_import' } });
      result.updated.push(repo.get(existing.id)!);
    }
    return result;
  });
}
