import { MB, readChosenText } from '../chosen-file';
import { nowIso } from '../../../db/util';
import type { Handlers } from '../../../shared/api/contract';
import type { RuleInfo } from '../../../shared/api/namespaces/checks';
import { RULES } from '../../../shared/domain/rules';
import type { CoreContext } from '../context';
import { summariseFindings, findingDecisions, runChecksJob, selectDossiers, listCalendarYears, listFindings, parseHolidayText, replaceCalendarYears, runChecks } from '../checks';

export function checkHandlers(ctx: CoreContext): Handlers['checks'] {
  const decisions = findingDecisions(ctx);
  return {
    run: (input, call) => runChecks(ctx, input, call.actor),
    start: (input, call) => {
      // Selection errors (unknown campaign or dossier) are reported at once, not as a failed job.
      selectDossiers(ctx.db, input);
      const job = ctx.jobs.start('checks', '运行自动检查', async (control) => {
        const { findings: _omitted, ...summary } = await runChecksJob(ctx, input, call.actor, control);
        return { ...summary, findingCount: _omitted.length };
      });
      return { jobId: job.id };
    },
    list: (input) => listFindings(ctx.db, input),
    summary: ({ campaignId }) => summariseFindings(ctx.db, campaignId),
    rules: () => RULES.map((r) => ({ ...r, itemCodes: { ...r.itemCodes } }) as RuleInfo),
    importCalendar: async (input, call) => {
      const years = parseHolidayText('path' in input ? await readChosenText(input.path, call, '节假日文件', MB) : input.text);
      return ctx.tx(() => {
        const before = listCalendarYears(ctx.db).filter((y) => years.some((n) => n.year === y.year));
        replaceCalendarYears(ctx.db, years, nowIso());
        const loaded = listCalendarYears(ctx.db).filter((y) => years.some((n) => n.year === y.year));
        ctx.audit({ actor: call.actor, action: 'import_calendar', entity: 'calendar', entityId: years.map((y) => y.year).join(','), before, after: loaded });
        return { years: loaded };
      });
    },
    calendarYears: () => listCalendarYears(ctx.db),
    confirm: (input, call) => decisions.confirm(input, call),
    dismiss: (input, call) => decisions.dismiss(input, call),
    revert: (input, call) => decisions.revert(input, call),
  };
}
