import { auditTail, listAudit, verifyAuditChain } from '../../../db/audit';
import type { Handlers } from '../../../shared/api/contract';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';

export function auditHandlers(ctx: CoreContext): Handlers['audit'] {
  return {
    list: (input) => listAudit(ctx.read, input),
    verify: async () => {
      // The head of the latest change may still be on its way to disk.
      await ctx.auditHead.settled();
      const chain = verifyAuditChain(ctx.read);
      const head = ctx.auditHead.verify();
      // A chain that hashes correctly but is shorter than, or different from, the signed head is not intact.
      const headBad = head.state === 'shortened' || head.state === 'rewritten' || head.state === 'invalid' || head.state === 'missing';
      if (!chain.ok || !headBad) return { ...chain, head };
      return { ...chain, ok: false, message: head.message, head };
    },
    gap: () => ctx.auditHead.gap(),
    acknowledgeGap: ({ headSeq }, call) => {
      const gap = ctx.auditHead.gap();
      if (!gap) throw new AppError('conflict', '没有待确认的审计日志问题：无需确认。');
      if (gap.headSeq !== headSeq) throw new AppError('conflict', `待确认的是链头第 ${gap.headSeq} 条的问题，不是第 ${headSeq} 条：请重新查看后再确认。`);
      // The loss itself goes into the chain, so it stays on record after the new head is signed.
      ctx.tx(() =>
        ctx.audit({
          actor: call.actor,
          action: 'audit_gap_acknowledged',
          entity: 'audit_log',
          before: { kind: gap.kind, headSeq: gap.headSeq, headSignedAt: gap.headSignedAt, missingCount: gap.missingCount, missing: gap.missing },
          after: { tableSeq: gap.tableSeq },
          reason: gap.message,
        }),
      );
      ctx.auditHead.clearGap();
      return { seq: auditTail(ctx.read, 1)[0]?.seq ?? 0 };
    },
  };
}
