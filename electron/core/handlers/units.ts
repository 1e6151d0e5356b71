import { unitRepository } from '../../../db/repositories/units';
import type { Handlers } from '../../../shared/api/contract';
import type { CoreContext } from '../context';

export function unitHandlers(ctx: CoreContext): Handlers['units'] {
  const repo = unitRepository(ctx.db);
  return { list: ({ campaignId }) => repo.list(campaignId) };
}
