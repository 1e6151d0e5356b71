import type { Handlers } from '../../../shared/api/contract';
import { campaignReads } from '../../../db/repositories/campaigns';
import type { CoreContext } from '../context';
import { sessionService } from '../session';

export function sessionHandlers(ctx: CoreContext): Handlers['session'] {
  const sessions = sessionService(ctx);
  const campaigns = campaignReads(ctx.read);
  return {
    current: (_input, call) => sessions.current(call),
    roster: ({ campaignId }) => (campaigns.mustExist(campaignId), sessions.roster(campaignId)),
    choose: ({ reviewerId, pin }, call) => sessions.choose(call, reviewerId, pin),
    leave: (_input, call) => sessions.leave(call),
    setPin: ({ reviewerId, pin }, call) => sessions.setPin(call, reviewerId, pin),
    lockoutPolicy: ({ campaignId }) => (campaigns.mustExist(campaignId), sessions.lockoutPolicy(campaignId)),
    setLockoutPolicy: ({ campaignId, policy }, call) => (campaigns.mustExist(campaignId), sessions.setLockoutPolicy(call, campaignId, policy)),
  };
}
