import { campaignReads } from '../../../db/repositories/campaigns';
import { reviewerRepository } from '../../../db/repositories/reviewers';
import { newId, nowIso } from '../../../db/util';
import type { Handlers } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';
import { importRoster } from '../roster/import';
import { readRoster } from '../roster/read';
import { fileSource } from './registers';

export function reviewerHandlers(ctx: CoreContext): Handlers['reviewers'] {
  const repo = reviewerRepository(ctx.db);
  const campaigns = campaignReads(ctx.read);
  return {
    list: ({ campaignId }) => repo.list(campaignId),
    add: (input, call) =>
      ctx.tx(() => {
        campaigns.mustExist(input.campaignId);
        if (repo.findByName(input.campaignId, input.name, input.unitName)) {
          throw new AppError('conflict', `评查人员“${input.name}”（${input.unitName || '未填单位'}）已在名单中。`);
        }
        const id = newId();
        repo.insert({ id, ...input, createdAt: nowIso() });
        ctx.audit({ actor: call.actor, action: 'create', entity: 'reviewer', entityId: id, after: input });
        return repo.get(id)!;
      }),
    remove: ({ id }, call) =>
      ctx.tx(() => {
        const before = repo.get(id);
        if (!before) throw notFound('评查人员', id);
        if (repo.hasReviews(id)) throw new AppError('conflict', `“${before.name}”已有评查记录，不能删除。`);
        repo.remove(id);
        ctx.audit({ actor: call.actor, action: 'delete', entity: 'reviewer', entityId: id, before });
        return { id };
      }),
    conflicts: ({ campaignId }) => repo.conflicts(campaignId),
    importRoster: async ({ campaignId, file }, call) => importRoster(ctx, campaignId, await readRoster(fileSource(file, call).source), call.actor),
  };
}
