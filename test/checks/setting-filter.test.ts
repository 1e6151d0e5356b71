/** The filter box of 设置 → 评查规则参数 (renderer/screens/settings/settingFilter.ts) over the real catalogue. */
import { describe, expect, it } from 'vitest';
import { matchesSetting } from '../../renderer/screens/settings/settingFilter';
import { SETTINGS_CATALOGUE } from '../../shared/domain/rules/settings-catalogue';

const keys = (q: string) => SETTINGS_CATALOGUE.filter((c) => matchesSetting(c, q)).map((c) => c.key);

describe('filtering the rule settings', () => {
  it('an empty query shows everything; a rule id finds its switches and the values it uses, in any case', () => {
    expect(keys('  ')).toHaveLength(SETTINGS_CATALOGUE.length);
    const found = keys('d-pen-11');
    expect(found).toEqual(expect.arrayContaining(['rule.D-PEN-11.enabled', 'rule.D-PEN-11.severity']));
    expect(found.every((k) => SETTINGS_CATALOGUE.find((c) => c.key === k)!.rules.includes('D-PEN-11') || k.includes('D-PEN-11'))).toBe(true);
    expect(found.length).toBeLessThan(SETTINGS_CATALOGUE.length / 4);
  });

  it('every word must match (AND), words by the label or the legal basis', () => {
    const both = keys('D-PEN-11 启用');
    expect(both).toEqual(['rule.D-PEN-11.enabled']);
    expect(keys('较大数额').length).toBeGreaterThan(0);
    expect(keys('较大数额 不存在的词')).toEqual([]);
  });
});
