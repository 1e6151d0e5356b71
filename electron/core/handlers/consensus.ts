import { asUpload, MB } from '../chosen-file';
import type { Handlers } from '../../../shared/api/contract';
import type { CoreContext } from '../context';
import { consensusService, whoActs } from '../consensus/service';

export function consensusHandlers(ctx: CoreContext): Handlers['consensus'] {
  const s = consensusService(ctx);
  return {
    settings: ({ campaignId }) => s.settings(campaignId),
    setSettings: ({ campaignId, settings }, call) => s.setSettings(campaignId, settings, call.actor),
    dossiers: ({ campaignId }) => s.dossiers(campaignId),
    recheckQueue: ({ campaignId }) => s.recheckQueue(campaignId),
    compare: ({ dossierId, viewerId }, call) => s.compare(dossierId, whoActs(call, viewerId)),
    decide: (input, call) => s.decide({ ...input, deciderId: whoActs(call, input.deciderId) }, call.actor),
    undecide: ({ dossierId, stage, itemCode, deciderId }, call) => s.undecide(dossierId, stage, itemCode, whoActs(call, deciderId), call.actor),
    closeRecheck: ({ dossierId, conclusion, deciderId }, call) => s.closeRecheck(dossierId, conclusion, whoActs(call, deciderId), call.actor),
    reopenRecheck: ({ dossierId, deciderId }, call) => s.reopenRecheck(dossierId, whoActs(call, deciderId), call.actor),
    objections: ({ campaignId }) => s.objections(campaignId),
    lodgeObjection: async (input, call) => s.lodgeObjection({ ...input, files: await Promise.all(input.files.map((f) => asUpload(f, call, '异议附件', 20 * MB))) }, call.actor),
    ruleObjection: (input, call) => s.ruleObjection({ ...input, deciderId: whoActs(call, input.deciderId) }, call.actor),
    objectionFile: ({ fileId }) => s.objectionFile(fileId),
  };
}
