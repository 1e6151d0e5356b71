import type { Handlers } from '../../../shared/api/contract';
import { agreementForCampaign } from '../agreement/campaign';
import type { CoreContext } from '../context';

export function agreementHandlers(ctx: CoreContext): Handlers['agreement'] {
  return { campaign: ({ campaignId, rulingAtOrBelow }) => agreementForCampaign(ctx.read, campaignId, { rulingAtOrBelow }) };
}
