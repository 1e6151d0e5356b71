/** Confirming an automatic finding deducts what the item's rule says for that problem. */
import { describe, expect, test } from 'vitest';
import { confirmedAnswer } from '../../electron/core/checks/decide';
import { checklistTypeOf, RULES, type Scope } from '../../shared/domain/rules';
import { effectiveDeduction } from '../../shared/domain/scoring/deduction';
import { builtinTemplate } from '../../shared/domain/templates';

const item = (scope: Scope, code: string, version?: number) => builtinTemplate(checklistTypeOf(scope), version)!.items.find((i) => i.code === code)!;
const confirmed = (scope: Scope, code: string, ruleId: string, version?: number) => {
  const it = item(scope, code, version);
  return effectiveDeduction(it, confirmedAnswer(it, 'deduction', undefined, ruleId));
};

describe('confirmed deduction = the item rule', () => {
  test('D-PEN-11 late service: PG v3 PG-PROC-20 says "超期送达的，扣3分" (the reference value), v2 said 2', () => {
    expect(builtinTemplate('PG')!.version).toBe(3);
    expect(item('PG', 'PG-PROC-20').deductionNote).toContain('超期送达的，扣3分');
    expect(confirmed('PG', 'PG-PROC-20', 'D-PEN-11')).toBe(3);
    // another problem under the same item still starts at the minimum
    expect(confirmed('PG', 'PG-PROC-20', 'DOC-REQ')).toBe(1);
    // a campaign pinned to v2 keeps v2's rule
    expect(item('PG', 'PG-PROC-20', 2).deductionNote).toContain('超期送达的，扣2分');
    expect(confirmed('PG', 'PG-PROC-20', 'D-PEN-11', 2)).toBe(2);
  });

  test('every deduction rule whose item has a fixed, per-occurrence or rule-specific deduction', () => {
    let checked = 0;
    for (const r of RULES) {
      if (r.severity !== 'deduction') continue;
      for (const [scope, code] of Object.entries(r.itemCodes) as [Scope, string][]) {
        const it = item(scope, code);
        const rule = it.deduction;
        const expected =
          rule.kind === 'fixed'
            ? it.maxPoints
            : rule.kind === 'per_occurrence'
              ? Math.min(rule.pointsPerOccurrence, rule.cap, it.maxPoints)
              : rule.kind === 'range'
                ? (rule.findingPoints?.[r.id] ?? rule.min)
                : null;
        if (expected === null) continue;
        expect(confirmed(scope, code, r.id), `${r.id} → ${code}`).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
});
