/**
 * Per-campaign rule switches (评查规则参数 → 期限规则开关与严重程度): a period rule switched off reports
 * nothing for the campaign's dossiers; a changed severity changes the finding and is named in it.
 */
import { describe, expect, it } from 'vitest';
import { settingDef, SETTINGS_CATALOGUE, RULE_SWITCHES } from '../../shared/domain/rules/settings-catalogue';
import { PERIOD_RULES } from '../../shared/domain/rules/period-table';
import { DEFAULT_RULE_SETTINGS } from '../../shared/domain/rules/settings';
import { useTempDir } from '../foundation/temp';
import { openCheckHarness } from './helpers';

const tempDir = useTempDir();

describe('rule switches per campaign', () => {
  it('the catalogue offers an on/off and a severity switch for every period rule, defaulting to the table', () => {
    const switches = SETTINGS_CATALOGUE.filter((d) => d.group === RULE_SWITCHES);
    expect(switches).toHaveLength(PERIOD_RULES.length * 2);
    const sev = settingDef('rule.D-PEN-11.severity')!;
    expect(sev.read(DEFAULT_RULE_SETTINGS)).toBe(PERIOD_RULES.find((r) => r.id === 'D-PEN-11')!.severity);
    expect(sev.basis).toContain('行政处罚法第六十一条');
  });

  it('severity and off switch change the late-service finding (D-PEN-11), per campaign and per sector', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const lateOf = async () => (await h.api.checks.run({ campaignId: h.campaignId, caseNo: h.late })).findings.filter((f) => f.ruleId === 'D-PEN-11');
      const before = await lateOf();
      expect(before).toHaveLength(1);
      expect(before[0]).toMatchObject({ severity: 'deduction', kind: 'violation' });
      expect(before[0].computation).not.toContain('严重程度');

      await h.api.ruleSettings.set({ campaignId: h.campaignId, sector: '', key: 'rule.D-PEN-11.severity', value: '否决' });
      const veto = await lateOf();
      expect(veto).toHaveLength(1);
      expect(veto[0].severity).toBe('veto');
      const label = PERIOD_RULES.find((r) => r.id === 'D-PEN-11')!.label;
      expect(veto[0].computation).toContain(`D-PEN-11 ${label}：严重程度 否决〔本活动设置〕`);

      await h.api.ruleSettings.set({ campaignId: h.campaignId, sector: '', key: 'rule.D-PEN-11.enabled', value: '否' });
      expect(await lateOf()).toEqual([]);

      // The dossier's 执法领域 switches it back on for that sector only.
      h.core.store.db.prepare(`UPDATE dossiers SET field = '生态环境' WHERE campaign_id = ? AND case_no = ?`).run(h.campaignId, h.late);
      await h.api.ruleSettings.set({ campaignId: h.campaignId, sector: '生态环境', key: 'rule.D-PEN-11.enabled', value: '是' });
      const back = await lateOf();
      expect(back).toHaveLength(1);
      expect(back[0].computation).toContain('启用 是〔本活动设置（生态环境）〕');

      const log = (await h.api.audit.list({ entityId: h.campaignId })).filter((e) => e.action === 'set_rule_setting');
      expect(log).toHaveLength(3);
    } finally {
      h.core.close();
    }
  });
});
