import { assignmentRepository } from '../../../db/repositories/assignments';
import { campaignReads } from '../../../db/repositories/campaigns';
import { samplingRepository, type DrawRow } from '../../../db/repositories/sampling';
import { newId, nowIso } from '../../../db/util';
import type { Handlers } from '../../../shared/api/contract';
import type { Draw } from '../../../shared/api/namespaces/sampling';
import { drawSample, verifyDraw, type SampleSettings as DomainSettings, type StratumSummary } from '../../../shared/domain/sampling';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';
import { samplingPrecheck } from '../sampling-precheck';

export function samplingHandlers(ctx: CoreContext): Handlers['sampling'] {
  const repo = samplingRepository(ctx.db);
  const campaigns = campaignReads(ctx.read);
  const assignments = assignmentRepository(ctx.db);

  const toDraw = (row: DrawRow): Draw => {
    const strata = JSON.parse(row.population) as StratumSummary[];
    return {
      id: row.id,
      campaignId: row.campaign_id,
      seed: row.seed,
      settings: JSON.parse(row.settings),
      algorithm: row.algorithm,
      drawnAt: row.drawn_at,
      actor: row.actor,
      isCurrent: row.is_current === 1,
      strata: strata.map((s) => ({ stratum: s.stratum, unitName: s.unitName, caseType: s.caseType ?? null, population: s.population, drawn: s.drawn })),
      items: repo.items(row.id).map((i) => ({
        dossierId: i.dossier_id,
        caseNo: i.case_no,
        unitName: i.unit_name,
        caseType: i.case_type,
        party: i.party,
        closedDate: i.date_closed,
        drawOrder: i.draw_order,
        stratum: i.stratum,
        origin: i.origin,
        reason: i.reason,
        replacesCaseNo: i.replaces_case_no,
        withdrawn: i.withdrawn === 1,
        withdrawnReason: i.withdrawn_reason,
      })),
    };
  };
  const mustCurrent = (campaignId: string): DrawRow => {
    const row = repo.current(campaignId);
    if (!row) throw new AppError('conflict', '本活动尚未抽样，请先随机抽取案卷。');
    return row;
  };
  const findDossier = (campaignId: string, caseNo: string) => {
    const d = repo.dossierByCaseNo(campaignId, caseNo.trim());
    if (!d) throw new AppError('not_found', `本活动的登记表中没有案卷编号“${caseNo}”。`);
    return d;
  };

  return {
    draw: ({ campaignId, settings, seed, redraw }, call) =>
      ctx.tx(() => {
        campaigns.mustExist(campaignId);
        const existing = repo.current(campaignId);
        if (existing && !redraw) {
          throw new AppError('conflict', '本活动已有抽样结果。如需重新抽取，请确认重新抽样（命令行加 --redraw）；原抽样记录会保留。');
        }
        const population = repo.population(campaignId);
        if (!population.length) throw new AppError('conflict', '本活动还没有导入案卷登记表，无法抽样。');
        const result = drawSample(population, settings as DomainSettings, seed);
        if (existing) repo.retireCurrent(campaignId);
        const id = newId();
        repo.insertDraw({
          id,
          campaignId,
          seed: result.seed,
          settings: JSON.stringify(result.settings),
          population: JSON.stringify(result.populationByStratum),
          algorithm: result.algorithm,
          drawnAt: nowIso(),
          actor: call.actor,
        });
        for (const item of result.items) {
          repo.insertSample({ id: newId(), drawId: id, dossierId: item.id, drawOrder: item.drawOrder, stratum: item.stratum, origin: 'random', reason: null, replacesDossierId: null });
        }
        ctx.audit({
          actor: call.actor,
          action: existing ? 'redraw' : 'draw',
          entity: 'sample_draw',
          entityId: id,
          before: existing ? { drawId: existing.id, seed: existing.seed } : undefined,
          after: { seed: result.seed, settings: result.settings, algorithm: result.algorithm, drawn: result.total.drawn, population: result.total.population },
        });
        return toDraw(repo.get(id)!);
      }),
    current: ({ campaignId }) => {
      const row = repo.current(campaignId);
      return row ? toDraw(row) : null;
    },
    get: ({ drawId }) => {
      const row = repo.get(drawId);
      if (!row) throw notFound('抽样记录', drawId);
      return toDraw(row);
    },
    history: ({ campaignId }) =>
      repo.history(campaignId).map((r) => ({
        id: r.id,
        campaignId: r.campaign_id,
        seed: r.seed,
        settings: JSON.parse(r.settings),
        algorithm: r.algorithm,
        drawnAt: r.drawn_at,
        actor: r.actor,
        isCurrent: r.is_current === 1,
        itemCount: r.item_count,
      })),
    addManual: ({ campaignId, caseNo, reason }, call) =>
      ctx.tx(() => {
        const draw = mustCurrent(campaignId);
        const d = findDossier(campaignId, caseNo);
        if (repo.items(draw.id).some((i) => i.dossier_id === d.id && !i.withdrawn)) {
          throw new AppError('conflict', `案卷“${caseNo}”已在抽样结果中。`);
        }
        repo.insertSample({ id: newId(), drawId: draw.id, dossierId: d.id, drawOrder: repo.nextOrder(draw.id), stratum: d.unitName, origin: 'manual_add', reason, replacesDossierId: null });
        ctx.audit({ actor: call.actor, action: 'sample_add', entity: 'sample_draw', entityId: draw.id, after: { caseNo, reason } });
        return toDraw(draw);
      }),
    replace: ({ campaignId, caseNo, replacementCaseNo, reason }, call) =>
      ctx.tx(() => {
        const draw = mustCurrent(campaignId);
        const out = findDossier(campaignId, caseNo);
        const incoming = findDossier(campaignId, replacementCaseNo);
        const items = repo.items(draw.id);
        const sample = items.find((i) => i.dossier_id === out.id && !i.withdrawn);
        if (!sample) throw new AppError('conflict', `案卷“${caseNo}”不在当前抽样结果中，无法替换。`);
        if (items.some((i) => i.dossier_id === incoming.id && !i.withdrawn)) throw new AppError('conflict', `案卷“${replacementCaseNo}”已在抽样结果中。`);
        repo.withdraw(sample.id, reason);
        assignments.withdrawForDossier(out.id, `案卷被替换：${reason}`);
        repo.insertSample({ id: newId(), drawId: draw.id, dossierId: incoming.id, drawOrder: repo.nextOrder(draw.id), stratum: sample.stratum, origin: 'manual_replace', reason, replacesDossierId: out.id });
        ctx.audit({ actor: call.actor, action: 'sample_replace', entity: 'sample_draw', entityId: draw.id, before: { caseNo }, after: { caseNo: replacementCaseNo }, reason });
        return toDraw(draw);
      }),
    precheck: ({ campaignId }) => samplingPrecheck(ctx, campaignId),
    verify: ({ drawId }) => {
      const row = repo.get(drawId);
      if (!row) throw notFound('抽样记录', drawId);
      const recorded = repo.items(row.id).map((i) => ({ id: i.dossier_id, stratum: i.stratum, drawOrder: i.draw_order, origin: i.origin }));
      const result = verifyDraw(repo.population(row.campaign_id), JSON.parse(row.settings), row.seed, {
        algorithm: row.algorithm,
        seed: row.seed,
        settings: JSON.parse(row.settings),
        populationByStratum: JSON.parse(row.population),
        items: recorded,
      });
      return { ok: result.ok, message: result.message };
    },
  };
}
