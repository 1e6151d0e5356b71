import { CN_HOLIDAYS, createWorkCalendar } from '../../shared/domain/calendar';
import { runRules, type DossierFacts, type RuleContext, type RuleEvaluation } from '../../shared/domain/rules';

export const cal = createWorkCalendar(CN_HOLIDAYS);

export function pg(dates: DossierFacts['dates'], extra: Partial<DossierFacts> = {}): DossierFacts {
  return { caseType: '行政处罚', procedure: '一般程序', partyType: '单位', dates, ...extra };
}

export function evalRule(facts: DossierFacts, ruleId: string, ctx: Partial<RuleContext> = {}): RuleEvaluation {
  const r = runRules(facts, { calendar: cal, ...ctx });
  const e = r.evaluations.find((x) => x.ruleId === ruleId);
  if (!e) throw new Error(`no evaluation for ${ruleId}`);
  return e;
}
