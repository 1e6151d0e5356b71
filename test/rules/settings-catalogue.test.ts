/**
 * The catalogue of 评查规则参数: every value with its unit, default and legal source; layering
 * (default ← campaign ← 执法领域); and findings that name the values used and where they came from.
 */
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_RULE_SETTINGS,
  defaultValue,
  describeRules,
  parseSettingValue,
  resolveCampaignSettings,
  sectorOf,
  settingDef,
  SETTINGS_CATALOGUE,
  type DossierFacts,
} from '../../shared/domain/rules';
import { evalRule, pg } from './helpers';

describe('settings catalogue', () => {
  test('every entry has a label, a legal source, a default that passes its own validation, and rules that exist', () => {
    const ruleIds = new Set(describeRules().map((r) => r.id));
    const configurable = new Map(describeRules().map((r) => [r.id, r.configurable]));
    for (const d of SETTINGS_CATALOGUE) {
      expect(d.label.length, d.key).toBeGreaterThan(0);
      expect(d.basis, d.key).toMatch(/法|规定|意见|规范/);
      expect(parseSettingValue(d, defaultValue(d)), d.key).toMatchObject({ ok: true });
      for (const r of d.rules) {
        expect(ruleIds.has(r), `${d.key} → ${r}`).toBe(true);
        // The rule lists this value among its configurable ones, so its findings can name it.
        expect(configurable.get(r), `${d.key} → ${r}`).toContain(d.configurable);
      }
    }
    expect(new Set(SETTINGS_CATALOGUE.map((d) => d.key)).size).toBe(SETTINGS_CATALOGUE.length);
  });

  test('the values the law leaves to ministries and provinces are settable and marked as such', () => {
    for (const key of ['largeFine.个人', 'largeFine.单位', 'period.D-PEN-02.length', 'period.D-PEN-06a.length', 'inspectionCapPerYear']) {
      expect(settingDef(key)?.variesBySector, key).toBe(true);
    }
    expect(defaultValue(settingDef('largeFine.单位')!)).toBe(100_000);
    expect(defaultValue(settingDef('inspectionCapPerYear')!)).toBeNull();
    expect(defaultValue(settingDef('licensingApplicantUnit')!)).toBe('calendar');
  });

  test('validation: bounds, integers, fen precision, choices, yes/no and empty for “not set”', () => {
    const fine = settingDef('largeFine.单位')!;
    expect(parseSettingValue(fine, '50,000')).toEqual({ ok: true, value: 50_000 });
    expect(parseSettingValue(fine, '-1')).toMatchObject({ ok: false });
    expect(parseSettingValue(fine, '12.345')).toMatchObject({ ok: false, message: expect.stringContaining('精确到分') });
    expect(parseSettingValue(fine, '一万')).toMatchObject({ ok: false, message: expect.stringContaining('较大数额罚款（单位）') });
    const cap = settingDef('inspectionCapPerYear')!;
    expect(parseSettingValue(cap, '')).toEqual({ ok: true, value: null });
    expect(parseSettingValue(cap, '2.5')).toMatchObject({ ok: false });
    expect(parseSettingValue(cap, 0)).toMatchObject({ ok: false });
    expect(parseSettingValue(settingDef('licensingApplicantUnit')!, '工作日')).toEqual({ ok: true, value: 'working' });
    expect(parseSettingValue(settingDef('licensingApplicantUnit')!, 'weeks')).toMatchObject({ ok: false });
    expect(parseSettingValue(settingDef('legalReviewIfHearingHeld')!, '否')).toEqual({ ok: true, value: false });
  });

  test('sectorOf matches the register’s 执法领域 text, the longest alias winning', () => {
    expect(sectorOf('市场监督管理')).toBe('市场监管');
    expect(sectorOf('生态环境保护')).toBe('生态环境');
    expect(sectorOf('公安交通管理')).toBe('公安');
    expect(sectorOf('交通运输')).toBe('交通运输');
    expect(sectorOf('')).toBeNull();
    expect(sectorOf('气象')).toBeNull();
  });
});

describe('layering and provenance', () => {
  const stored = [
    { key: 'largeFine.单位', sector: '', value: 50_000 },
    { key: 'largeFine.单位', sector: '生态环境', value: 30_000 },
    { key: 'inspectionCapPerYear', sector: '', value: 2 },
    { key: 'noSuchKey', sector: '', value: 1 },
  ];
  test('defaults ← campaign ← 执法领域; unknown keys ignored', () => {
    const none = resolveCampaignSettings(stored, null);
    expect(none.settings.largeFine).toEqual({ 个人: 10_000, 单位: 50_000 });
    expect(none.origins.get('largeFine.单位')).toEqual({ kind: 'campaign' });
    expect(none.origins.get('largeFine.个人')).toEqual({ kind: 'default' });
    const env = resolveCampaignSettings(stored, '生态环境');
    expect(env.settings.largeFine.单位).toBe(30_000);
    expect(env.origins.get('largeFine.单位')).toEqual({ kind: 'sector', sector: '生态环境' });
    expect(DEFAULT_RULE_SETTINGS.largeFine.单位).toBe(100_000);
  });

  const fine = (yuan: number): DossierFacts => pg({}, { fineFen: yuan * 100, partyType: '单位', penaltyKinds: ['罚款'], hearingRightNotified: false });
  test('a campaign value changes the finding, and the finding names the value and its origin (boundary: “以上” includes it)', () => {
    const env = resolveCampaignSettings(stored, '生态环境');
    const ctx = { settings: env.settings, settingOrigins: env.origins };
    expect(evalRule(fine(29_999), 'D-PEN-09', ctx).status).toBe('not_applicable');
    const hit = evalRule(fine(30_000), 'D-PEN-09', ctx);
    expect(hit.status).toBe('fail');
    expect(hit.findings[0].computation).toContain('较大数额罚款（单位） 30000 元〔本活动设置（生态环境）〕');
    expect(hit.findings[0].computation).toContain('较大数额罚款（个人） 10000 元〔默认〕');
    // The same dossier under the built-in default is below 100,000: no hearing right.
    expect(evalRule(fine(30_000), 'D-PEN-09').status).toBe('not_applicable');
  });

  test('D-IN-01 runs once the campaign sets a cap (null by default → cannot check)', () => {
    const facts: DossierFacts = { caseType: '行政检查', dates: {}, inspectionsThisYear: 3 };
    expect(evalRule(facts, 'D-IN-01').status).toBe('cannot_check');
    const r = resolveCampaignSettings(stored, null);
    const e = evalRule(facts, 'D-IN-01', { settings: r.settings, settingOrigins: r.origins });
    expect(e.status).toBe('fail');
    expect(e.findings[0].computation).toContain('对同一企业年度检查次数上限 2 次〔本活动设置〕');
    const two: DossierFacts = { ...facts, inspectionsThisYear: 2 };
    expect(evalRule(two, 'D-IN-01', { settings: r.settings, settingOrigins: r.origins }).status).toBe('pass');
  });

  test('a sector’s defence period in calendar days changes D-PEN-06a and is named with its unit', () => {
    const s = resolveCampaignSettings(
      [
        { key: 'period.D-PEN-06a.length', sector: '公安', value: 3 },
        { key: 'period.D-PEN-06a.unit', sector: '公安', value: 'calendar' },
      ],
      '公安',
    );
    // Served Fri 2024-04-12: 3 calendar days end Mon 04-15, so a decision on Tue 04-16 is after the period;
    // the default 5 working days end Fri 04-19.
    const facts = pg({ noticeServed: '2024-04-12', decision: '2024-04-16' }, { defenceWaived: false });
    expect(evalRule(facts, 'D-PEN-06a').status).toBe('fail');
    const e = evalRule(facts, 'D-PEN-06a', { settings: s.settings, settingOrigins: s.origins });
    expect(e.status).toBe('pass');
    expect(e.computation).toContain('陈述、申辩期限（告知书送达后） 3 日〔本活动设置（公安）〕');
  });
});
