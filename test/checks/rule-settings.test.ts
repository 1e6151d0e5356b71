/**
 * ruleSettings.*: a campaign's 评查规则参数 stored, validated, audited, and used by checks.run
 * per 执法领域, each finding naming the value it used and where that value came from.
 */
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../shared/api/contract';
import { AppError } from '../../shared/errors';
import { useTempDir } from '../foundation/temp';
import { openCheckHarness } from './helpers';

const tempDir = useTempDir();

describe('ruleSettings over a campaign', () => {
  it('lists the catalogue with defaults and legal sources', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const cat = await h.api.ruleSettings.catalogue({});
      const large = cat.find((c) => c.key === 'largeFine.单位');
      expect(large).toMatchObject({ unit: '元', type: 'money', defaultValue: 100_000, defaultText: '100000 元', variesBySector: true, rules: ['D-PEN-09'] });
      expect(large?.basis).toContain('行政处罚法第六十三条');
      expect(cat.find((c) => c.key === 'period.D-PEN-02.length')).toMatchObject({ unit: '个工作日', defaultValue: 15 });
    } finally {
      h.core.close();
    }
  });

  it('a campaign value changes a finding; a sector value overrides it for that sector’s dossiers; both named in the computation', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      // The planted dossier: 告知书 served Fri 2024-04-12, decision 2024-05-06 — after 5 working days (default).
      const before = await h.api.checks.run({ campaignId: h.campaignId, caseNo: h.late });
      expect(before.findings.filter((f) => f.ruleId === 'D-PEN-06a')).toEqual([]);

      // 20 working days from 04-12 end 2024-05-15 (labour-day break 05-01…05-05, make-up day 04-28 and 05-11): the decision is early.
      await h.api.ruleSettings.set({ campaignId: h.campaignId, sector: '', key: 'period.D-PEN-06a.length', value: 20 });
      const after = await h.api.checks.run({ campaignId: h.campaignId, caseNo: h.late });
      const f = after.findings.filter((x) => x.ruleId === 'D-PEN-06a');
      expect(f).toHaveLength(1);
      expect(f[0].computation).toContain('陈述、申辩期限（告知书送达后） 20 个工作日〔本活动设置〕');
      expect(f[0].computation).toContain('20 个工作日');

      // The dossier's 执法领域 is 生态环境, where the office keeps the default length: the sector value wins.
      h.core.store.db.prepare(`UPDATE dossiers SET field = '生态环境' WHERE campaign_id = ? AND case_no = ?`).run(h.campaignId, h.late);
      await h.api.ruleSettings.set({ campaignId: h.campaignId, sector: '环境保护', key: 'period.D-PEN-06a.length', value: '5' });
      const sector = await h.api.checks.run({ campaignId: h.campaignId, caseNo: h.late });
      expect(sector.findings.filter((x) => x.ruleId === 'D-PEN-06a')).toEqual([]);
      const stored = await h.api.ruleSettings.get({ campaignId: h.campaignId });
      expect(stored.stored.map((s) => [s.sector, s.key, s.value, s.valueText])).toEqual([
        ['', 'period.D-PEN-06a.length', 20, '20 个工作日'],
        ['生态环境', 'period.D-PEN-06a.length', 5, '5 个工作日'],
      ]);
      const envDossiers = h.core.store.db.prepare(`SELECT COUNT(*) FROM dossiers WHERE campaign_id = ? AND field LIKE '%生态环境%'`).pluck().get(h.campaignId);
      expect(stored.sectors.find((s) => s.name === '生态环境')?.dossiers).toBe(envDossiers);

      // Reset the campaign value: the other dossiers go back to the default.
      expect(await h.api.ruleSettings.reset({ campaignId: h.campaignId, sector: '', key: 'period.D-PEN-06a.length' })).toEqual({ removed: true });
      expect(await h.api.ruleSettings.reset({ campaignId: h.campaignId, sector: '', key: 'period.D-PEN-06a.length' })).toEqual({ removed: false });

      const log = await h.api.audit.list({ entityId: h.campaignId });
      const actions = log.map((e) => e.action);
      expect(actions.filter((a) => a === 'set_rule_setting')).toHaveLength(2);
      expect(actions.filter((a) => a === 'reset_rule_setting')).toHaveLength(1);
    } finally {
      h.core.close();
    }
  });

  it('refuses bad values, unknown keys and unknown sectors with a clear message, storing nothing', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const refuse = async (input: Parameters<typeof h.api.ruleSettings.set>[0]) => {
        const err = await h.api.ruleSettings.set(input).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AppError);
        return (err as AppError).message;
      };
      expect(await refuse({ campaignId: h.campaignId, sector: '', key: 'largeFine.单位', value: -5 })).toContain('较大数额罚款（单位）');
      expect(await refuse({ campaignId: h.campaignId, sector: '', key: 'largeFine.单位', value: 'abc' })).toContain('应为数字');
      expect(await refuse({ campaignId: h.campaignId, sector: '', key: 'nope', value: 1 })).toContain('未知的评查规则参数');
      expect(await refuse({ campaignId: h.campaignId, sector: '气象', key: 'largeFine.单位', value: 1 })).toContain('未知的执法领域');
      expect((await h.api.ruleSettings.get({ campaignId: h.campaignId })).stored).toEqual([]);
    } finally {
      h.core.close();
    }
  });
});

describe('who may change the legal settings', () => {
  it('with a member chosen at the keyboard, only the 法制机构 may set rule values or the grade model', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const win = (session: string) =>
        createApiClient((m, i) => h.core.dispatch(m, JSON.parse(JSON.stringify(i)), { actor: 'os-user', transport: 'test', session }));
      const jia = await h.api.reviewers.add({ campaignId: h.campaignId, name: '甲评查', unitName: '示例律师事务所', role: 'reviewer', team: '' });
      const zhao = await h.api.reviewers.add({ campaignId: h.campaignId, name: '赵法制', unitName: '示例市司法局', role: 'legal_office', team: '' });
      const reviewerWin = win('w-jia');
      await reviewerWin.session.choose({ reviewerId: jia.id });
      const officeWin = win('w-zhao');
      await officeWin.session.choose({ reviewerId: zhao.id });

      const refused = await reviewerWin.ruleSettings.set({ campaignId: h.campaignId, sector: '', key: 'largeFine.单位', value: 50_000 }).catch((e: unknown) => e);
      expect((refused as AppError).code).toBe('forbidden');
      expect((refused as AppError).message).toContain('法制机构');
      expect(((await reviewerWin.ruleSettings.setGradeModel({ campaignId: h.campaignId, model: 'four' }).catch((e: unknown) => e)) as AppError).code).toBe('forbidden');
      expect((await h.api.ruleSettings.get({ campaignId: h.campaignId })).stored).toEqual([]);

      const { setting } = await officeWin.ruleSettings.set({ campaignId: h.campaignId, sector: '', key: 'largeFine.单位', value: 50_000 });
      expect(setting.updatedBy).toContain('赵法制（法制机构）');
    } finally {
      h.core.close();
    }
  });
});
