import type { Handlers } from '../../../shared/api/contract';
import type { CoreContext } from '../context';
import { consensusService } from '../consensus/service';

export function consensusHandlers(ctx: CoreContext): Handlers['consensus'] {
  const s = consensusService(ctx);
  return {
    settings: ({ campaignId }) => s.settings(campaignId),
    setSettings: ({ campaignId, settings }, call) => s.setSettings(campaignId, settings, call.actor),
    dossiers: ({ campaignId }) => s.dossiers(campaignId),
    recheckQueue: ({ campaignId }) => s.recheckQueue(campaignId),
    compare: ({ dossierId, viewerId }) => s.compare(dossierId, viewerId),
    decide: (input, call) => s.decide(input, call.actor),
    undecide: ({ dossierId, stage, itemCode, deciderId }, call) => s.undecide(dossierId, stage, itemCode, deciderId, call.actor),
    closeRecheck: ({ dossierId, conclusion, deciderId }, call) => s.closeRecheck(dossierId, conclusion, deciderId, call.actor),
    reopenRecheck: ({ dossierId, deciderId }, call) => s.reopenRecheck(dossierId, deciderId, call.actor),
    objections: ({ campaignId }) => s.objections(campaignId),
    lodgeObjection: (input, call) => s.lodgeObjection(input, call.actor),
    ruleObjection: (input, call) => s.ruleObjection(input, call.actor),
    objectionFile: ({ fileId }) => s.objectionFile(fileId),
  };
}
