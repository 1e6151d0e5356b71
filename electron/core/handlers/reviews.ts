import type { Handlers } from '../../../shared/api/contract';
import type { CoreContext } from '../context';
import { factService } from '../facts/service';
import { reviewService } from '../review/service';
import { blindReview } from '../consensus/service';

export function reviewHandlers(ctx: CoreContext): Handlers['reviews'] {
  const reviews = reviewService(ctx);
  const facts = factService(ctx);
  const blind = blindReview(ctx);

  return {
    open: ({ assignmentId }, call) => reviews.open(assignmentId, call),
    get: ({ reviewId }, call) => {
      blind.mustMaySeeReview(call, reviewId);
      return reviews.sheet(reviewId, call);
    },
    saveAnswer: (change, call) => reviews.saveAnswer(change, call),
    clearAnswer: ({ reviewId, itemCode, expectedRevision }, call) => reviews.clearAnswer(reviewId, itemCode, call, expectedRevision),
    submit: ({ reviewId }, call) => reviews.submit(reviewId, call),
    lock: ({ reviewId }, call) => reviews.lock(reviewId, call),
    reopen: ({ reviewId, reason }, call) => reviews.reopen(reviewId, call, reason),

    facts: ({ dossierId }) => facts.view(dossierId),

    correctFacts: (input, call) => facts.correct(input, call),

    queue: ({ campaignId, reviewerId }, call) => reviews.queue(campaignId, reviewerId, call),
    awaitingLock: ({ campaignId }, call) => reviews.awaitingLock(campaignId, call.reviewer),
  };
}
