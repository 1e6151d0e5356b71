/**
 * renderer/styles.css parses as plain CSS. Two merges once dropped a closing brace each; the build
 * accepted it (CSS nesting), silently nesting every later rule — 我是谁, 待锁定, 成果汇总 badges, the
 * 关键事实 columns — under an unrelated selector, so none of them applied.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';

describe('renderer/styles.css', () => {
  it('has every block closed and no rule nested inside another rule', () => {
    const css = readFileSync(join(__dirname, '../../renderer/styles.css'), 'utf8');
    const root = postcss.parse(css, { from: 'renderer/styles.css' });
    const nested: string[] = [];
    root.walkRules((rule) => {
      // Rules inside @media/@supports/@keyframes are fine; a rule whose parent is a rule is a lost brace.
      if (rule.parent?.type === 'rule') nested.push(`${(rule.parent as typeof rule).selector} › ${rule.selector} (line ${rule.source?.start?.line})`);
    });
    expect(nested).toEqual([]);
  });
});
