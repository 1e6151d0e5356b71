/** Every checklist item a rule files its findings under exists in the built-in template of that scope. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklistTypeOf, RULES, type Scope } from '../../shared/domain/rules';
import { builtinTemplate } from '../../shared/domain/templates';

const itemsOf = (key: string): Set<string> => new Set(builtinTemplate(key)?.items.map((i) => i.code) ?? []);

describe('rule item codes', () => {
  it('each rule names, for every scope it applies to, an item of that scope’s template', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const r of RULES) {
      for (const [scope, code] of Object.entries(r.itemCodes) as [Scope, string][]) {
        checked++;
        expect(r.appliesTo, `${r.id} names an item for ${scope}, which it does not apply to`).toContain(scope);
        if (!itemsOf(checklistTypeOf(scope)).has(code)) missing.push(`${r.id} ${scope} → ${code}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('each item code written in a rule source (findings that name their own item) exists in its template', () => {
    const dir = join(__dirname, '../../shared/domain/rules');
    const missing: string[] = [];
    const codes = new Set<string>();
    for (const file of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/'((PG|PS|LI|CE|IN)-[A-Z]+-\d+[a-z]?)'/g)) {
        codes.add(m[1]);
        if (!itemsOf(m[2]).has(m[1])) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(codes.size).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});
