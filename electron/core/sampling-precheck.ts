/**
 * Before a draw: which dossiers could not be reviewed if drawn — case types with no 评查标准
 * (a 其他 case drawn at random cannot be scored) and dossiers with no 卷宗 PDF attached — so the
 * office is warned and may leave them out (sampling.draw's caseTypes / excludeCaseNos, recorded
 * with the draw).
 */
import { campaignReads } from '../../db/repositories/campaigns';
import { ruleSettingReads } from '../../db/repositories/rule-settings';
import { templateRepository } from '../../db/repositories/templates';
import type { CoreContext } from './context';
import { resolveTemplate } from './handlers/templates';

export function samplingPrecheck(ctx: CoreContext, campaignId: string) {
  campaignReads(ctx.read).mustExist(campaignId);
  const templates = templateRepository(ctx.db);
  const pool = ruleSettingReads(ctx.read).drawPool(campaignId);
  const templateOf = new Map<string, boolean>();
  const noTemplate = new Map<string, { caseType: string; procedure: string | null; caseNos: string[] }>();
  const noPdf: string[] = [];
  const typesWithTemplate = new Set<string>();
  for (const d of pool) {
    const key = `${d.caseType}\u0000${d.procedure ?? ''}`;
    let has = templateOf.get(key);
    if (has === undefined) templateOf.set(key, (has = resolveTemplate(templates, campaignId, { caseType: d.caseType, procedure: d.procedure }, false) !== undefined));
    if (has) typesWithTemplate.add(d.caseType);
    else {
      const g = noTemplate.get(key) ?? { caseType: d.caseType, procedure: d.procedure, caseNos: [] };
      noTemplate.set(key, g);
      g.caseNos.push(d.caseNo);
    }
    if (!d.hasPdf) noPdf.push(d.caseNo);
  }
  return {
    dossiers: pool.length,
    noTemplate: [...noTemplate.values()].map((g) => ({ caseType: g.caseType, procedure: g.procedure, count: g.caseNos.length, caseNos: g.caseNos })),
    /** Case types of which at least one dossier has a template (a draw restricted to them leaves the others out). */
    caseTypesWithTemplate: [...typesWithTemplate].sort(),
    noPdf: { count: noPdf.length, caseNos: noPdf },
  };
}
