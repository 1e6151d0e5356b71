import { campaignRepository } from '../../../db/repositories/campaigns';
import { newId, nowIso } from '../../../db/util';
import { ruleSettingRepository } from '../../../db/repositories/rule-settings';
import { DEFAULT_GRADE_MODEL_FOR_NEW_CAMPAIGNS } from '../../../shared/domain/scoring/grade-models';
import { GRADE_MODEL_KEY } from '../settings/service';
import type { Handlers } from '../../../shared/api/contract';
import { notFound, type CoreContext } from '../context';

export function campaignHandlers(ctx: CoreContext): Handlers['campaigns'] {
  const repo = campaignRepository(ctx.db);
  const mustGet = (id: string) => {
    const c = repo.get(id);
    if (!c) throw notFound('评查活动', id);
    return c;
  };
  return {
    list: () => repo.list(),
    get: ({ id }) => mustGet(id),
    create: (input, call) => {
      const now = nowIso();
      const record = { id: newId(), ...input, phase: 'planned' as const, createdAt: now, updatedAt: now };
      return ctx.tx(() => {
        repo.insert(record);
        // New campaigns grade in three tiers unless the office chooses otherwise (设置 → 评查规则参数).
        ruleSettingRepository(ctx.db).set(record.id, '', GRADE_MODEL_KEY, DEFAULT_GRADE_MODEL_FOR_NEW_CAMPAIGNS, now, call.actor);
        ctx.audit({ actor: call.actor, action: 'create', entity: 'campaign', entityId: record.id, after: { ...input, gradeModel: DEFAULT_GRADE_MODEL_FOR_NEW_CAMPAIGNS } });
        return mustGet(record.id);
      });
    },
    update: ({ id, ...changes }, call) =>
      ctx.tx(() => {
        const before = mustGet(id);
        const next = {
          id,
          name: changes.name ?? before.name,
          year: changes.year ?? before.year,
          organiser: changes.organiser ?? before.organiser,
          scopeNotes: changes.scopeNotes ?? before.scopeNotes,
          phase: changes.phase ?? before.phase,
          createdAt: before.createdAt,
          updatedAt: nowIso(),
        };
        repo.update(next);
        ctx.audit({ actor: call.actor, action: 'update', entity: 'campaign', entityId: id, before, after: next });
        return mustGet(id);
      }),
    remove: ({ id }, call) =>
      ctx.tx(() => {
        const before = mustGet(id);
        repo.remove(id);
        ctx.audit({ actor: call.actor, action: 'delete', entity: 'campaign', entityId: id, before });
        return { id };
      }),
  };
}
