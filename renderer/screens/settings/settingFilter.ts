/**
 * The filter box of 设置 → 评查规则参数: 28 values and 56 rule switches sit in one table, so a clerk looking
 * for "D-PEN-11" or "送达" types it. Pure, so it is tested without a browser.
 */
export interface FilterableSetting {
  key: string;
  group: string;
  label: string;
  basis: string;
  rules: readonly string[];
}

/**
 * True when every word of `query` (split on spaces or 、，,) occurs, case-insensitively, in the setting's
 * key, group, label, legal basis or the ids of the rules it changes. An empty query matches everything.
 */
export function matchesSetting(c: FilterableSetting, query: string): boolean {
  const words = query.toLowerCase().split(/[\s、，,]+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [c.key, c.group, c.label, c.basis, ...c.rules].join('\n').toLowerCase();
  return words.every((w) => hay.includes(w));
}
