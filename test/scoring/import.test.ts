import { describe, expect, it } from 'vitest';
import { builtinTemplateList, BUILTIN_TEMPLATE_DATA } from '../../shared/domain/templates';
import {
  ITEM_COLUMNS,
  formatLegalBasis,
  parseLegalBasis,
  parseTemplateJson,
  templateFromRows,
  templateToJson,
  templateToRows,
  type ChecklistTemplate,
} from '../../shared/domain/scoring';
import { fixture } from './fixture';

const ok = (r: ReturnType<typeof templateFromRows>): ChecklistTemplate => {
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.template;
};

const fancy = () =>
  fixture({
    naPolicy: 'reweight',
    vetoRule: 'fail_keep_points',
    reweightRounding: { step: 0.5, mode: 'floor' },
    source: '某省标准（2024版）',
    grading: {
      tiers: [
        { grade: '优秀', minScore: 85, requireNoDeductionIn: ['SUB', 'PROC'] },
        { grade: '合格', minScore: 60 },
      ],
      failGrade: '不合格卷',
    },
  });

describe('spreadsheet rows', () => {
  for (const t of builtinTemplateList()) {
    it(`round trip of built-in ${t.key}: template → rows → template is equal`, () => {
      const rows = templateToRows(t);
      expect(rows).toHaveLength(2);
      expect(rows[0]![0]!.slice(0, ITEM_COLUMNS.length)).toEqual([...ITEM_COLUMNS]);
      expect(rows[0]).toHaveLength(t.items.length + 1);
      expect(ok(templateFromRows(rows))).toEqual(t);
    });
  }

  it('round trip keeps every setting (reweight, veto rule, rounding, tier conditions, fail grade)', () => {
    const t = fancy();
    const back = ok(templateFromRows(templateToRows(t)));
    expect(back).toEqual(t);
    expect(back.naPolicy).toBe('reweight');
    expect(back.grading.tiers[0]!.requireNoDeductionIn).toEqual(['SUB', 'PROC']);
  });

  it('every cell written is a string', () => {
    for (const sheet of templateToRows(fancy())) for (const row of sheet) for (const c of row) expect(typeof c).toBe('string');
  });

  it('columns may come in any order and dimensions may be given by Chinese name', () => {
    const t = fixture();
    const [items, settings] = templateToRows(t);
    const order = items![0]!.map((_, i) => i).reverse();
    const shuffled = items!.map((row) => order.map((i) => row[i]!));
    const dimCol = shuffled[0]!.indexOf('维度');
    for (const row of shuffled.slice(1)) row[dimCol] = { SUB: '实体合法', PROC: '程序合法', DOC: '文书与立卷' }[row[dimCol] as 'SUB']!;
    expect(ok(templateFromRows([shuffled, settings!]))).toEqual(t);
  });

  it('blank rows are skipped', () => {
    const t = fixture();
    const [items, settings] = templateToRows(t);
    const withBlanks = [items![0]!, ['', ''], ...items!.slice(1), []];
    expect(ok(templateFromRows([withBlanks, [...settings!, ['']]]))).toEqual(t);
  });

  it('an unknown deduction kind names the row and item', () => {
    const [items, settings] = templateToRows(fixture());
    const col = items![0]!.indexOf('扣分方式');
    items![4]![col] = '看情况';
    const r = templateFromRows([items!, settings!]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]!.itemCode).toBe('TT-PROC-01');
      expect(r.errors[0]!.message).toBe(
        '评查项表第 5 行 F 列“扣分方式”（TT-PROC-01）：扣分方式“看情况”无法识别（应为 不扣分、扣全分、按处扣分 或 区间扣分）',
      );
    }
  });

  it('a non-numeric score names the item', () => {
    const [items, settings] = templateToRows(fixture());
    items![3]![items![0]!.indexOf('分值')] = '三十';
    const r = templateFromRows([items!, settings!]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toBe('评查项表第 4 行 E 列“分值”（TT-SUB-03）：分值“三十”不是数字');
  });

  it('semantic errors from imported rows name the item', () => {
    const [items, settings] = templateToRows(fixture());
    const h = items![0]!;
    const row = items!.find((r) => r[0] === 'TT-PROC-02')!;
    row[h.indexOf('每处扣分')] = '2';
    row[h.indexOf('扣分上限')] = '1';
    const r = templateFromRows([items!, settings!]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message)).toEqual(['评查项表第 6 行 H 列“扣分上限”：模板 TT v1 的评查项 TT-PROC-02：扣分上限 1 小于每处扣分 2']);
  });

  it('missing columns and unknown settings are reported', () => {
    const [items, settings] = templateToRows(fixture());
    const noBasis = items!.map((r) => r.slice(0, 13));
    const r = templateFromRows([noBasis, [...settings!, ['神秘设置', '1']]]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const msgs = r.errors.map((e) => e.message);
      expect(msgs).toContain('评查项表缺少列：法律依据');
      expect(msgs.some((m) => m.includes('设置项“神秘设置”无法识别'))).toBe(true);
    }
  });

  it('a missing settings sheet is reported', () => {
    const [items] = templateToRows(fixture());
    const r = templateFromRows([items!]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toBe('模板表格应包含两个工作表：评查项、设置');
  });

  it('legal basis cell format round-trips', () => {
    const basis = [
      { law: '行政处罚法', articles: ['第二十二条', '第三十三条第二款'] },
      { law: '国办发〔2024〕54号', articles: [] },
    ];
    const cell = formatLegalBasis(basis);
    expect(cell).toBe('行政处罚法 第二十二条、第三十三条第二款；国办发〔2024〕54号');
    expect(parseLegalBasis(cell)).toEqual(basis);
  });
});

describe('JSON', () => {
  it('parses every built-in JSON text', () => {
    for (const [id, raw] of Object.entries(BUILTIN_TEMPLATE_DATA)) {
      const r = parseTemplateJson(JSON.stringify(raw));
      expect(r.ok, id).toBe(true);
    }
  });

  it('templateToJson → parseTemplateJson round trip (with a BOM)', () => {
    const t = fancy();
    const r = parseTemplateJson(`\uFEFF${templateToJson(t)}`);
    expect(r.ok && r.template).toEqual(t);
  });

  it('malformed JSON is reported in Chinese', () => {
    const r = parseTemplateJson('{"key": "PG",');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/^模板 JSON 无法解析：/);
  });

  it('schema errors name the item', () => {
    const raw = structuredClone(BUILTIN_TEMPLATE_DATA['LI@1']) as { items: { code: string; maxPoints: unknown }[] };
    raw.items.find((i) => i.code === 'LI-PROC-05')!.maxPoints = -5;
    const r = parseTemplateJson(JSON.stringify(raw));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message)).toContain('模板 LI v1 的评查项 LI-PROC-05：分值：分值不能为负数');
  });

  it('defaults are filled in for optional fields', () => {
    const raw = JSON.parse(templateToJson(fixture())) as Record<string, unknown>;
    delete raw.naPolicy;
    delete raw.vetoRule;
    delete raw.reweightRounding;
    const r = parseTemplateJson(JSON.stringify(raw));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.template.naPolicy).toBe('full_marks');
      expect(r.template.vetoRule).toBe('zero_total');
      expect(r.template.reweightRounding).toEqual({ step: 0.1, mode: 'half_up' });
    }
  });
});
