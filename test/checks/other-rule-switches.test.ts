/**
 * Per-campaign switches for the checks that are not periods (#15): 必备文书, 立卷顺序, 裁量基准档次,
 * 简易程序限额, 听证权利 … each has `rule.<id>.enabled` and `rule.<id>.severity` in the settings
 * catalogue (评查规则参数 → 其他检查规则开关与严重程度), as the 28 period rules have; the engine
 * honours them and a finding names a switch only when the campaign changed it.
 */
import { describe, expect, it } from 'vitest';
import { CN_HOLIDAYS, createWorkCalendar } from '../../shared/domain/calendar';
import { describeRules, runRules, type DossierFacts } from '../../shared/domain/rules';
import { PERIOD_RULES } from '../../shared/domain/rules/period-table';
import { DEFAULT_RULE_SETTINGS } from '../../shared/domain/rules/settings';
import {
  OTHER_RULE_SWITCHES,
  OTHER_RULES,
  parseSettingValue,
  resolveCampaignSettings,
  settingDef,
  SETTINGS_CATALOGUE,
  type StoredSetting,
} from '../../shared/domain/rules/settings-catalogue';
import { useTempDir } from '../foundation/temp';
import { openCheckHarness } from './helpers';

const cal = createWorkCalendar(CN_HOLIDAYS);
const tempDir = useTempDir();

/** 听证: requested in time (5 working days after 2024-09-27 is 10-10) but not held → D-PEN-07, a veto. */
const noHearing: DossierFacts = {
  caseType: '行政处罚',
  procedure: '普通程序',
  partyType: '单位',
  dates: { noticeServed: '2024-09-27', hearingRequested: '2024-10-10' },
  hearingHeld: false,
};

/** The campaign's stored values (as the settings service stores them) → settings and origins for runRules. */
function campaign(values: Record<string, string>, sector: string | null = null) {
  const stored: StoredSetting[] = Object.entries(values).map(([key, raw]) => {
    const parsed = parseSettingValue(settingDef(key)!, raw);
    if (!parsed.ok) throw new Error(parsed.message);
    return { key, sector: '', value: parsed.value };
  });
  const r = resolveCampaignSettings(stored, sector);
  return { settings: r.settings, settingOrigins: r.origins };
}
const penalty07 = (ctx: ReturnType<typeof campaign>) => runRules(noHearing, { calendar: cal, ...ctx }).evaluations.find((e) => e.ruleId === 'D-PEN-07')!;

describe('switches for the checks that are not periods', () => {
  it('the catalogue has an on/off and a severity switch for every other check, defaulting to the rule, with no key twice', () => {
    const periodIds = new Set(PERIOD_RULES.map((r) => r.id));
    const ids = OTHER_RULES.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['DOC-REQ', 'DOC-ORDER', 'DISC-RANGE', 'D-PEN-07', 'D-PEN-09']));
    expect(ids.filter((id) => periodIds.has(id))).toEqual([]);
    const switches = SETTINGS_CATALOGUE.filter((d) => d.group === OTHER_RULE_SWITCHES);
    expect(switches.map((d) => d.key).sort()).toEqual(ids.flatMap((id) => [`rule.${id}.enabled`, `rule.${id}.severity`]).sort());
    const keys = SETTINGS_CATALOGUE.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);

    for (const r of OTHER_RULES) {
      expect(settingDef(`rule.${r.id}.enabled`)!.read(DEFAULT_RULE_SETTINGS)).toBe(true);
      expect(settingDef(`rule.${r.id}.severity`)!.read(DEFAULT_RULE_SETTINGS)).toBe(r.severity);
    }
    expect(settingDef('rule.DISC-RANGE.severity')!.basis).toContain('行政处罚法第三十四条');
    expect(settingDef('rule.DOC-ORDER.severity')!.basis).toContain('默认“提示”');
  });

  it('a changed severity changes every violation the check finds, and the finding names it; the default is not named', () => {
    const asIs = penalty07(campaign({}));
    expect(asIs.status).toBe('fail');
    expect(asIs.findings[0]).toMatchObject({ severity: 'veto', kind: 'violation' });
    expect(asIs.findings[0].computation).not.toContain('严重程度');

    const eased = penalty07(campaign({ 'rule.D-PEN-07.severity': '扣分' }));
    expect(eased.findings[0]).toMatchObject({ severity: 'deduction', itemCode: 'PG-PROC-16' });
    expect(eased.findings[0].computation).toMatch(/D-PEN-07 .+：严重程度 扣分〔本活动设置〕/);
    // The rule list shown for the campaign says so too.
    expect(describeRules(campaign({ 'rule.D-PEN-07.severity': '扣分' }).settings).find((r) => r.id === 'D-PEN-07')!.severity).toBe('deduction');
  });

  it('switched off, the check reports 本单位已停用此项检查 and finds nothing; other checks still run', () => {
    const off = campaign({ 'rule.D-PEN-07.enabled': '否' });
    const e = penalty07(off);
    expect(e).toMatchObject({ status: 'not_applicable', message: '本单位已停用此项检查', findings: [] });
    const timely = runRules(noHearing, { calendar: cal, ...off }).evaluations.find((x) => x.ruleId === 'D-PEN-06a');
    expect(timely?.status).not.toBe('not_applicable');
  });

  it('the settings API takes and audits the new switches per campaign, and checks.run honours them', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const catalogue = await h.api.ruleSettings.catalogue({});
      expect(catalogue.filter((s) => s.group === OTHER_RULE_SWITCHES)).toHaveLength(OTHER_RULES.length * 2);
      const docReq = async () => (await h.api.checks.run({ campaignId: h.campaignId })).findings.filter((f) => f.ruleId === 'DOC-REQ');
      const before = await docReq();
      expect(before.length).toBeGreaterThan(0);

      await h.api.ruleSettings.set({ campaignId: h.campaignId, sector: '', key: 'rule.DOC-REQ.enabled', value: '否' });
      expect(await docReq()).toEqual([]);
      const log = (await h.api.audit.list({ entityId: h.campaignId })).filter((e) => e.action === 'set_rule_setting');
      expect(log).toHaveLength(1);
      expect(await h.api.ruleSettings.set({ campaignId: h.campaignId, sector: '', key: 'rule.DOC-REQ.severity', value: '很严重' }).catch((e: Error) => e.message)).toContain('严重程度');
    } finally {
      h.core.close();
    }
  });
});
