import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATE_DATA } from '../../shared/domain/templates';
import { parseTemplate, type ChecklistTemplateInput } from '../../shared/domain/scoring';
import { fixtureInput } from './fixture';

const messages = (raw: unknown): string[] => {
  const r = parseTemplate(raw);
  if (r.ok) throw new Error('模板本应被拒绝');
  return r.errors.map((e) => e.message);
};

const withItem = (code: string, patch: Record<string, unknown>): ChecklistTemplateInput => {
  const t = fixtureInput();
  t.items = t.items.map((i) => (i.code === code ? { ...i, ...patch } : i));
  return t;
};

describe('template validation', () => {
  it('accepts the fixture', () => {
    expect(parseTemplate(fixtureInput()).ok).toBe(true);
  });

  it('cap below the per-occurrence deduction (the spec example, on PG)', () => {
    const pg = structuredClone(BUILTIN_TEMPLATE_DATA['PG@1']) as ChecklistTemplateInput;
    const it7 = pg.items.find((i) => i.code === 'PG-PROC-07')!;
    it7.deduction = { kind: 'per_occurrence', pointsPerOccurrence: 2, cap: 1 };
    expect(messages(pg)).toEqual(['模板 PG v1 的评查项 PG-PROC-07：扣分上限 1 小于每处扣分 2']);
  });

  it('duplicate item codes', () => {
    const t = fixtureInput();
    t.items.push({ ...t.items[2]!, maxPoints: 0, deduction: { kind: 'none' }, veto: true });
    expect(messages(t)).toEqual(['模板 TT v1 的评查项 TT-SUB-03：编码重复']);
  });

  it('range min above max', () => {
    expect(messages(withItem('TT-PROC-01', { deduction: { kind: 'range', min: 4, max: 3 } }))).toEqual([
      '模板 TT v1 的评查项 TT-PROC-01：最低扣分 4 大于最高扣分 3',
    ]);
  });

  it('range max above the item maximum', () => {
    expect(messages(withItem('TT-PROC-01', { deduction: { kind: 'range', min: 1, max: 6 } }))).toEqual([
      '模板 TT v1 的评查项 TT-PROC-01：最高扣分 6 超过分值 5',
    ]);
  });

  it('cap above the item maximum', () => {
    expect(messages(withItem('TT-DOC-01', { deduction: { kind: 'per_occurrence', pointsPerOccurrence: 3, cap: 12 } }))).toEqual([
      '模板 TT v1 的评查项 TT-DOC-01：扣分上限 12 超过分值 10',
    ]);
  });

  it("an item may sit in another dimension than its code names (codes stay when a version regroups items); the sums still catch a wrong one", () => {
    const t = fixtureInput();
    t.items.push({ code: 'TT-PROC-09', dimension: 'SUB', title: '移入实体', guidance: '审查', maxPoints: 0, deduction: { kind: 'none' }, veto: true });
    const accepted = parseTemplate(t);
    expect(accepted.ok && accepted.template.items.find((i) => i.code === 'TT-PROC-09')!.dimension).toBe('SUB');
    t.items.push({ code: 'TT-PROC-10', dimension: 'SUB', title: '错放', guidance: '审查', maxPoints: 1, deduction: { kind: 'fixed' } });
    expect(messages(t)).toEqual([expect.stringMatching(/^模板 TT v1 的维度 SUB（[^）]+）：评查项分值之和 \d+ 与维度满分 \d+ 不一致$/)]);
  });

  it("code's dimension part is not a known dimension", () => {
    const t = fixtureInput();
    t.items.push({ code: 'TT-XYZ-01', dimension: 'SUB', title: '未知', guidance: '审查', maxPoints: 0, deduction: { kind: 'none' }, veto: true });
    expect(messages(t)).toEqual(['模板 TT v1 的评查项 TT-XYZ-01：编码中的维度 XYZ 不是已知维度（SUB、PROC、DISC、EVID、DOC）']);
  });

  it('item in a dimension the template does not declare', () => {
    const t = fixtureInput();
    t.items.push({ code: 'TT-DISC-01', dimension: 'DISC', title: '裁量', guidance: '审查', maxPoints: 0, deduction: { kind: 'none' }, veto: true });
    expect(messages(t)).toEqual(['模板 TT v1 的评查项 TT-DISC-01：所属维度 DISC 未在模板中声明']);
  });

  it('unknown dimension value is rejected naming the item', () => {
    const msgs = messages(withItem('TT-DOC-02', { dimension: 'FOO' }));
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toContain('模板 TT v1 的评查项 TT-DOC-02');
    expect(msgs[0]).toContain('未知维度');
  });

  it('unknown declared dimension', () => {
    const t = fixtureInput() as { dimensions: unknown[] };
    t.dimensions.push({ code: 'MISC', name: '其他', maxPoints: 0 });
    const msgs = messages(t);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toContain('未知维度');
  });

  it('dimension maxima that do not sum to the total', () => {
    const t = fixtureInput();
    t.totalPoints = 90;
    t.grading.tiers = [{ grade: '优秀', minScore: 80 }];
    expect(messages(t)).toEqual(['模板 TT v1：各维度满分之和 100 与总分 90 不一致']);
  });

  it('items that do not sum to their dimension maximum', () => {
    const t = fixtureInput();
    t.dimensions[0]!.maxPoints = 45;
    t.dimensions[1]!.maxPoints = 35;
    expect(messages(t)).toEqual([
      '模板 TT v1 的维度 SUB（实体合法）：评查项分值之和 40 与维度满分 45 不一致',
      '模板 TT v1 的维度 PROC（程序合法）：评查项分值之和 40 与维度满分 35 不一致',
    ]);
  });

  it('item code prefix must be the template key', () => {
    const t = fixtureInput();
    t.items.push({ code: 'PG-SUB-01', dimension: 'SUB', title: '前缀', guidance: '审查', maxPoints: 0, deduction: { kind: 'none' }, veto: true });
    expect(messages(t)).toEqual(['模板 TT v1 的评查项 PG-SUB-01：编码前缀 PG 与模板编码 TT 不一致']);
  });

  it('a points-less item must be a veto item, and a scored item needs a rule', () => {
    expect(messages(withItem('TT-SUB-01', { veto: false }))).toEqual([
      '模板 TT v1 的评查项 TT-SUB-01：扣分方式为“不扣分”的评查项必须是否决项',
    ]);
  });

  it('points that are not multiples of 0.1 are rejected naming the item', () => {
    const msgs = messages(withItem('TT-PROC-01', { deduction: { kind: 'range', min: 1.25, max: 5 } }));
    expect(msgs.some((m) => m.startsWith('模板 TT v1 的评查项 TT-PROC-01') && m.includes('0.1'))).toBe(true);
  });

  it('range bounds off the step', () => {
    expect(messages(withItem('TT-PROC-01', { deduction: { kind: 'range', min: 1.2, max: 5, step: 0.5 } }))).toEqual([
      '模板 TT v1 的评查项 TT-PROC-01：最低扣分 1.2 不是扣分步长 0.5 的整数倍',
    ]);
  });

  it('grade thresholds must descend', () => {
    const t = fixtureInput();
    t.grading.tiers = [{ grade: '优秀', minScore: 80 }, { grade: '良好', minScore: 90 }];
    expect(messages(t)).toEqual(['模板 TT v1：等次“良好”的分数线 90 应低于上一等次']);
  });

  it('missing required fields are reported in Chinese, naming the item', () => {
    const t = fixtureInput() as { items: Record<string, unknown>[] };
    delete t.items[3]!.guidance;
    const msgs = messages(t);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatch(/^模板 TT v1 的评查项 TT-PROC-01：评查要点：/);
    expect(msgs[0]).toMatch(/[\u4e00-\u9fff]/);
  });

  it('reports several problems at once', () => {
    const t = withItem('TT-PROC-01', { deduction: { kind: 'range', min: 4, max: 3 } });
    t.items = t.items.map((i) =>
      i.code === 'TT-PROC-02' ? { ...i, deduction: { kind: 'per_occurrence' as const, pointsPerOccurrence: 2, cap: 1 } } : i,
    );
    const msgs = messages(t);
    expect(msgs).toContain('模板 TT v1 的评查项 TT-PROC-01：最低扣分 4 大于最高扣分 3');
    expect(msgs).toContain('模板 TT v1 的评查项 TT-PROC-02：扣分上限 1 小于每处扣分 2');
  });
});
