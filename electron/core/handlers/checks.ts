import { nowIso } from '../../../db/util';
import type { Handlers } from '../../../shared/api/contract';
import type { RuleInfo } from '../../../shared/api/namespaces/checks';
import { RULES } from '../../../shared/domain/rules';
import type { CoreContext } from '../context';
import { listCalendarYears, listFindings, parseHolidayText, replaceCalendarYears, runChecks } from '../checks';

export function checkHandlers(ctx: CoreContext): Handlers['checks'] {
  return {
    run: (input, call) => runChecks(ctx, input, call.actor),
    list: (input) => listFindings(ctx.db, input),
    rules: () => RULES.map((r) => ({ ...r, itemCodes: { ...r.itemCodes } }) as RuleInfo),
    importCalendar: ({ text }, call) => {
      const years = parseHolidayText(text);
      return ctx.tx(() => {
        const before = listCalendarYears(ctx.db).filter((y) => years.some((n) => n.year === y.year));
        replaceCalendarYears(ctx.db, years, nowIso());
        const loaded = listCalendarYears(ctx.db).filter((y) => years.some((n) => n.year === y.year));
        ctx.audit({ actor: call.actor, action: 'import_calendar', entity: 'calendar', entityId: years.map((y) => y.year).join(','), before, after: loaded });
        return { years: loaded };
      });
    },
    calendarYears: () => listCalendarYears(ctx.db),
  };
}
