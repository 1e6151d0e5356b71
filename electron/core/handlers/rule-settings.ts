import type { Handlers } from '../../../shared/api/contract';
import type { CoreContext } from '../context';
import { calendarCoverage, calendarYearDays, campaignSettings, gradeModels, mustBeLegalOffice, resetCampaignSetting, setCampaignSetting, setGradeModel, settingsCatalogue } from '../settings/service';

export function ruleSettingHandlers(ctx: CoreContext): Handlers['ruleSettings'] {
  return {
    catalogue: () => settingsCatalogue(),
    get: ({ campaignId }) => campaignSettings(ctx.read, campaignId),
    set: (input, call) => (mustBeLegalOffice(call, '评查规则参数'), setCampaignSetting(ctx, input, call.actor)),
    reset: (input, call) => (mustBeLegalOffice(call, '评查规则参数'), resetCampaignSetting(ctx, input, call.actor)),
    gradeModels: () => gradeModels(),
    setGradeModel: (input, call) => (mustBeLegalOffice(call, '等次模型'), setGradeModel(ctx, input, call.actor)),
    calendarCoverage: ({ campaignId }) => calendarCoverage(ctx.db, campaignId),
    calendarYear: ({ year }) => calendarYearDays(ctx.db, year),
  };
}
