import { listsProcedure } from '../procedures';
import type { ChecklistItem, ChecklistTemplate } from './schema';

/** The case being reviewed: its case type (e.g. 行政处罚) and, if known, its procedure (e.g. 普通程序; 一般程序 matches it too). */
export interface CaseContext {
  caseType: string;
  procedure?: string | null;
}

/** Whether the template as a whole covers the case. */
export function templateApplies(template: ChecklistTemplate, ctx: CaseContext): boolean {
  if (template.caseType !== ctx.caseType) return false;
  if (ctx.procedure && template.procedures.length > 0 && !listsProcedure(template.procedures, ctx.procedure)) return false;
  return true;
}

/** Whether one item applies to the case (empty lists on the item = every case the template covers). */
export function itemApplies(template: ChecklistTemplate, item: ChecklistItem, ctx: CaseContext): boolean {
  if (!templateApplies(template, ctx)) return false;
  if (item.caseTypes.length > 0 && !item.caseTypes.includes(ctx.caseType)) return false;
  if (ctx.procedure && item.procedures.length > 0 && !listsProcedure(item.procedures, ctx.procedure)) return false;
  return true;
}

/** Items of the template that apply to the case, in template order ([] if the template does not cover it). */
export function applicableItems(template: ChecklistTemplate, ctx: CaseContext): ChecklistItem[] {
  return template.items.filter((item) => itemApplies(template, item, ctx));
}
