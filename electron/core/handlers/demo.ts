import type { Handlers } from '../../../shared/api/contract';
import type { CoreContext } from '../context';
import { loadDemo } from '../demo/load';

export function demoHandlers(ctx: CoreContext): Handlers['demo'] {
  return {
    load: async (_input, call) => {
      const r = await loadDemo(ctx, call);
      return { campaignId: r.campaign.id, dossiers: r.dossiers, pdfs: r.pdfs, reviewers: r.reviewers.length, warnings: r.warnings };
    },
  };
}
