/**
 * PG version 3 (issue #15): points per dimension as published standards weight them, deductions at their
 * reference values and 扣完为止 at the dimension (`deductionCap: 'dimension'`), added by migration 23 while
 * v1 and v2 stay as shipped.
 */
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { builtinTemplateId } from '../../db/migrations/0018-builtin-templates-v2';
import { builtinPgV3 } from '../../db/migrations/0023-builtin-pg-v3';
import { MIGRATIONS } from '../../db/migrations';
import { openCore } from '../../electron/core';
import { dimensionHeading, itemMaxCell, itemScoreCell, subtotalNote } from '../../electron/core/export/sheet/pool-text';
import { createApiClient } from '../../shared/api/contract';
import {
  mustParseTemplate,
  parseTemplate,
  scoreReview,
  templateFromRows,
  templateToRows,
  tenths,
  type ChecklistItem,
  type ChecklistTemplate,
  type ChecklistTemplateInput,
  type ItemAnswer,
  type ReviewAnswers,
} from '../../shared/domain/scoring';
import { builtinTemplate, builtinTemplateList } from '../../shared/domain/templates';
import { useTempDir } from '../foundation/temp';
import { fixtureInput } from './fixture';

/** The fixture with 文书与立卷 (20) scored as a pool: items take off up to 15 + 10 + 5 = 30. */
function pooledInput(): ChecklistTemplateInput {
  const t = fixtureInput();
  t.dimensions = t.dimensions.map((d) => (d.code === 'DOC' ? { ...d, deductionCap: 'dimension' as const } : d));
  t.items = [
    ...t.items.filter((i) => i.dimension !== 'DOC'),
    { code: 'TT-DOC-01', dimension: 'DOC', title: '决定书内容', guidance: '审查', maxPoints: 15, deduction: { kind: 'per_occurrence', pointsPerOccurrence: 3, cap: 15 } },
    { code: 'TT-DOC-02', dimension: 'DOC', title: '一案一卷', guidance: '审查', maxPoints: 10, deduction: { kind: 'fixed' } },
    { code: 'TT-DOC-03', dimension: 'DOC', title: '文书格式', guidance: '审查', maxPoints: 5, deduction: { kind: 'range', min: 1, max: 5, step: 0.5 } },
  ];
  return t;
}
const pooled = () => mustParseTemplate(pooledInput());
const note = '问题';

describe('扣完为止 at the dimension (deductionCap: dimension)', () => {
  it('deductions summing to exactly the dimension maximum leave 0; more stays 0 and the total loses only the dimension', () => {
    const t = pooled();
    const exact = scoreReview(t, {
      'TT-DOC-01': { verdict: 'deduct', occurrences: 5, note },
      'TT-DOC-03': { verdict: 'deduct', deduction: 5, note },
    });
    expect(exact.errors).toEqual([]);
    expect(exact.dimensions.find((d) => d.code === 'DOC')).toMatchObject({ max: 20, score: 0, deducted: 20, requested: 20, pooled: true, capped: false });
    expect(exact.total).toBe(80);

    const justBelow = scoreReview(t, {
      'TT-DOC-01': { verdict: 'deduct', occurrences: 5, note },
      'TT-DOC-03': { verdict: 'deduct', deduction: 4.5, note },
    });
    expect(justBelow.dimensions.find((d) => d.code === 'DOC')).toMatchObject({ score: 0.5, deducted: 19.5, capped: false });
    expect(justBelow.total).toBe(80.5);

    const above = scoreReview(t, {
      'TT-DOC-01': { verdict: 'deduct', occurrences: 5, note },
      'TT-DOC-02': { verdict: 'deduct', note },
      'TT-DOC-03': { verdict: 'deduct', deduction: 5, note },
      'TT-PROC-01': { verdict: 'deduct', deduction: 2, note },
    });
    expect(above.errors).toEqual([]);
    expect(above.dimensions.find((d) => d.code === 'DOC')).toMatchObject({ score: 0, deducted: 20, requested: 30, capped: true });
    // Each item still reports what it asked for; the pool stops at the dimension.
    expect(above.items.filter((i) => i.dimension === 'DOC').map((i) => i.deducted)).toEqual([15, 10, 5]);
    expect(above.total).toBe(78);
    expect(above.pointsBeforeVeto).toBe(78);
  });

  it('an item takes off at most its own maximum inside the pool (per-occurrence cap), and N/A items do not shrink the pool', () => {
    const t = pooled();
    const r = scoreReview(t, { 'TT-DOC-01': { verdict: 'deduct', occurrences: 9, note }, 'TT-DOC-02': { verdict: 'na' } });
    const doc = r.dimensions.find((d) => d.code === 'DOC')!;
    expect(doc).toMatchObject({ max: 20, applicableMax: 20, score: 5, deducted: 15 });
    expect(r.items.find((i) => i.code === 'TT-DOC-01')).toMatchObject({ requested: 15, deducted: 15, capped: true });
    expect(r.total).toBe(85);
  });

  it('the validator explains what a pool needs', () => {
    const msgs = (raw: unknown) => {
      const r = parseTemplate(raw);
      return r.ok ? [] : r.errors.map((e) => e.message);
    };
    expect(msgs(pooledInput())).toEqual([]);
    const tooBig = pooledInput();
    tooBig.items = tooBig.items.map((i) => (i.code === 'TT-DOC-02' ? { ...i, maxPoints: 25 } : i));
    expect(msgs(tooBig)).toEqual(['模板 TT v1 的评查项 TT-DOC-02：最多扣分 25 超过所属维度 DOC（文书与立卷，本维度扣完为止）的满分 20']);
    const tooSmall = pooledInput();
    tooSmall.items = tooSmall.items.filter((i) => i.code !== 'TT-DOC-01');
    expect(msgs(tooSmall)).toEqual(['模板 TT v1 的维度 DOC（文书与立卷）：本维度扣完为止，评查项最多扣分之和 15 小于维度满分 20']);
    expect(msgs({ ...pooledInput(), naPolicy: 'reweight' })).toEqual(['模板 TT v1：维度扣完为止（deductionCap）不能与不适用项按比例折算（reweight）同时使用']);
    expect(msgs({ ...pooledInput(), dimensions: pooledInput().dimensions.map((d) => ({ ...d, deductionCap: 'item' })) })[0]).toContain('扣分封顶方式只能为 dimension');
  });

  it('the spreadsheet layout carries the pool in the 维度 row and refuses a cell it does not know', () => {
    const t = pooled();
    const [items, settings] = templateToRows(t);
    expect(settings.find((r) => r[0] === '维度' && r[1] === 'DOC')).toEqual(['维度', 'DOC', '文书与立卷', '20', '本维度扣完为止']);
    expect(settings.find((r) => r[0] === '维度' && r[1] === 'SUB')).toEqual(['维度', 'SUB', '实体合法', '40']);
    const back = templateFromRows([items, settings]);
    expect(back.ok && back.template).toEqual(t);
    const bad = settings.map((r) => (r[0] === '维度' && r[1] === 'DOC' ? [...r.slice(0, 4), '按项'] : r));
    const refused = templateFromRows([items, bad]);
    const row = settings.findIndex((r) => r[0] === '维度' && r[1] === 'DOC') + 1;
    expect(refused.ok ? [] : refused.errors.map((e) => e.message)).toEqual([`设置表第 ${row} 行：维度 DOC 的第五格“按项”无法识别（应为空或“本维度扣完为止”）`]);
  });
});

/** A deterministic mixed review of a template: conform, valid deductions of every kind, N/A. */
function mixedAnswers(t: ChecklistTemplate, seed: number): ReviewAnswers {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out: ReviewAnswers = {};
  for (const item of t.items) {
    const roll = rand();
    if (roll < 0.5 || item.deduction.kind === 'none') out[item.code] = { verdict: roll < 0.05 ? 'na' : 'conform' };
    else out[item.code] = deductAnswer(item, rand());
  }
  return out;
}
function deductAnswer(item: ChecklistItem, r: number): ItemAnswer {
  const rule = item.deduction;
  if (rule.kind === 'per_occurrence') return { verdict: 'deduct', occurrences: 1 + Math.floor(r * 8), note };
  if (rule.kind === 'range') {
    const steps = Math.round((rule.max - rule.min) / rule.step);
    return { verdict: 'deduct', deduction: rule.min + Math.floor(r * (steps + 1)) * rule.step, note };
  }
  return { verdict: 'deduct', note };
}

describe('templates without the field score exactly as before', () => {
  const unpooled = builtinTemplateList().filter((t) => !t.dimensions.some((d) => d.deductionCap));
  it('every v1 and v2 built-in has no pooled dimension, and its parsed body carries no new key', () => {
    expect(unpooled.map((t) => `${t.key}@${t.version}`).sort()).toEqual(builtinTemplateList().filter((t) => t.version < 3).map((t) => `${t.key}@${t.version}`).sort());
    for (const t of unpooled) expect(JSON.stringify(t)).not.toContain('deductionCap');
  });

  it.each(unpooled.map((t) => [`${t.key}@${t.version}`, t] as const))('%s: dimension = Σ its items, total = Σ items (as the engine always did)', (_, t) => {
    for (let seed = 1; seed <= 25; seed++) {
      const r = scoreReview(t, mixedAnswers(t, seed));
      expect(r.errors).toEqual([]);
      for (const d of r.dimensions) {
        const its = r.items.filter((i) => i.dimension === d.code);
        expect(tenths(d.score)).toBe(its.reduce((s, i) => s + tenths(i.score), 0));
        expect(tenths(d.deducted)).toBe(its.reduce((s, i) => s + tenths(i.deducted), 0));
        expect(d).toMatchObject({ pooled: false, capped: false, requested: d.deducted });
      }
      const itemSum = r.items.reduce((s, i) => s + tenths(i.score), 0);
      expect(tenths(r.pointsBeforeVeto)).toBe(Math.min(itemSum, tenths(t.totalPoints)));
    }
  });
});

describe('built-in PG version 3', () => {
  const v3 = builtinTemplate('PG', 3)!;
  const v2 = builtinTemplate('PG', 2)!;

  it('is the newest PG: a veto list plus 100 points in the issue’s ranges, every dimension 扣完为止', () => {
    expect(builtinTemplate('PG')).toBe(v3);
    expect(v3.totalPoints).toBe(100);
    const points = Object.fromEntries(v3.dimensions.map((d) => [d.name, d.maxPoints]));
    expect(points).toEqual({ 执法主体与法律适用: 12, 事实与证据: 33, 程序: 28, 裁量: 10, 文书与立卷: 17 });
    expect(points['事实与证据']).toBeGreaterThanOrEqual(30);
    expect(points['事实与证据']).toBeLessThanOrEqual(35);
    expect(points['程序']).toBeGreaterThanOrEqual(25);
    expect(points['程序']).toBeLessThanOrEqual(30);
    expect(points['文书与立卷']).toBeGreaterThanOrEqual(15);
    expect(points['文书与立卷']).toBeLessThanOrEqual(20);
    expect(points['执法主体与法律适用']).toBeGreaterThanOrEqual(10);
    expect(points['执法主体与法律适用']).toBeLessThanOrEqual(15);
    expect(v3.dimensions.every((d) => d.deductionCap === 'dimension')).toBe(true);
    // Facts moved to 事实与证据 with their codes (rules and reports key on codes).
    expect(v3.items.filter((i) => i.code.startsWith('PG-SUB-05') || i.code.startsWith('PG-SUB-06')).map((i) => i.dimension)).toEqual(['EVID', 'EVID']);
  });

  it('keeps v2’s items, vetoes and applicability; only points, dimensions and deductions change', () => {
    const key = (t: ChecklistTemplate) => t.items.map((i) => [i.code, i.veto, i.vetoCondition, i.title, i.guidance, i.legalBasis]).sort();
    expect(key(v3)).toEqual(key(v2));
    expect(v3.name).toBe(v2.name);
    expect(v3.procedures).toEqual(['普通程序']);
  });

  it('cites published law and standards only, and deducts at the reference values (nothing scaled down)', () => {
    expect(v3.source).toMatch(/^依据《中华人民共和国行政处罚法》/);
    expect(v3.source).toContain('DB32/T 4181—2021');
    expect(v3.source).toContain('组织单位公布的评查标准优先');
    const body = JSON.stringify(v3);
    for (const internal of ['领域说明', '案卷评查领域', '内部', '设计说明', 'docs/', '折算', '参考标准扣', '一般程序']) expect(body, internal).not.toContain(internal);
  });

  it('every item’s rule deducts what its note says', () => {
    for (const i of v3.items) {
      const rule = i.deduction;
      const n = i.deductionNote;
      if (rule.kind === 'fixed') expect(n, i.code).toContain(`扣${i.maxPoints}分`);
      if (rule.kind === 'per_occurrence') {
        expect(n, i.code).toContain(`扣${rule.pointsPerOccurrence}分`);
        expect(n, i.code).toContain('本维度扣完为止');
        expect(rule.cap, i.code).toBe(v3.dimensions.find((d) => d.code === i.dimension)!.maxPoints);
      }
      if (rule.kind === 'range') {
        expect(n, i.code).toMatch(new RegExp(`扣${rule.min}–${rule.max}分|扣${rule.max}分`));
        for (const [, pts] of Object.entries(rule.findingPoints ?? {})) expect(n, i.code).toContain(`扣${pts}分`);
      }
    }
    // The reference values v2 had to scale down now apply in full.
    const max = (code: string) => v3.items.find((i) => i.code === code)!.maxPoints;
    expect([max('PG-PROC-08'), max('PG-PROC-17'), max('PG-PROC-18'), max('PG-PROC-19'), max('PG-DISC-03'), max('PG-DISC-04'), max('PG-EVID-08')]).toEqual([15, 5, 5, 5, 5, 5, 3]);
  });

  it('scores a clean review 100, and a review whose 裁量 problems exceed 10 loses exactly 10', () => {
    const clean = scoreReview(v3, Object.fromEntries(v3.items.map((i) => [i.code, { verdict: 'conform' as const }])));
    expect([clean.total, clean.grade, clean.complete]).toEqual([100, '优秀', true]);
    const disc = scoreReview(v3, {
      'PG-DISC-03': { verdict: 'deduct', note },
      'PG-DISC-04': { verdict: 'deduct', note },
      'PG-DISC-07': { verdict: 'deduct', note },
    });
    expect(disc.dimensions.find((d) => d.code === 'DISC')).toMatchObject({ requested: 12, deducted: 10, score: 0, capped: true });
    expect(disc.total).toBe(90);
  });
});

describe('migration 23: existing campaigns keep their PG version, new campaigns get v3', () => {
  const tempDir = useTempDir();

  it('pins the PG version a campaign was scoring with, leaves office choices alone, and adds v3 with the shared id', async () => {
    const path = join(tempDir(), 'old.sqlite');
    const db = new Database(path);
    const before = MIGRATIONS.filter((x) => x.version < builtinPgV3.version);
    for (const m of before) m.up(db);
    // The store as it was before this migration: v3 was not yet a built-in row.
    db.prepare(`DELETE FROM checklist_templates WHERE template_key = 'PG' AND version = 3`).run();
    db.pragma(`user_version = ${before.at(-1)!.version}`);
    const ins = db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, ?, 2026, 'x', 'x')`);
    const [onV1, unpinned, custom, provincialId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    ins.run(onV1, '仍用第1版的活动');
    ins.run(unpinned, '迁移18之后新建、尚未评查的活动');
    ins.run(custom, '使用本省标准的活动');
    db.prepare('INSERT INTO campaign_templates (campaign_id, template_id) VALUES (?, ?)').run(onV1, builtinTemplateId('PG', 1));
    const provincial = { ...builtinTemplate('PG', 2)!, key: 'JS-PG', name: '某省行政处罚案卷评查标准' };
    const body = JSON.stringify(provincial);
    db.prepare(
      `INSERT INTO checklist_templates (id, template_key, version, name, case_type, procedure, source, body, body_sha256, created_at)
       VALUES (?, 'JS-PG', 1, ?, '行政处罚', '普通程序', 'imported', ?, ?, 'x')`,
    ).run(provincialId, provincial.name, body, createHash('sha256').update(body).digest('hex'));
    db.prepare('INSERT INTO campaign_templates (campaign_id, template_id) VALUES (?, ?)').run(custom, provincialId);
    db.close();

    const core = await openCore(path);
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: '法制科', transport: 'test' }));
    const pgPins = async (campaignId: string) =>
      (await api.templates.pinned({ campaignId })).filter((t) => t.caseType === '行政处罚' && t.key !== 'PS').map((t) => `${t.key}@${t.version}`);
    expect(await pgPins(onV1)).toEqual(['PG@1']);
    expect(await pgPins(unpinned)).toEqual(['PG@2']);
    expect(await pgPins(custom)).toEqual(['JS-PG@1']);
    const v3Row = (await api.templates.list({})).find((t) => t.key === 'PG' && t.version === 3)!;
    expect(v3Row).toMatchObject({ id: builtinTemplateId('PG', 3), source: 'builtin' });
    const stored = await api.templates.get({ id: v3Row.id });
    expect(stored.template).toEqual(builtinTemplate('PG', 3));
    // A campaign created now pins v3 on its first PG review (builtin-templates-v2.test.ts opens one).
    core.close();
  });
});

describe('the 评查表 cells of a dimension scored as a whole', () => {
  const row = { no: 1, code: 'PG-DISC-03', title: '从轻、减轻处罚', guidance: '', maxPoints: 5, deductionNote: '', veto: false, vetoCondition: '', verdict: '扣分', deducted: 5, score: 0, reason: '', pages: '' };
  const dim = (pooled: boolean, requested: number, deducted: number) =>
    ({ code: 'DISC' as const, name: '裁量', max: 10, applicableMax: 10, score: 10 - deducted, deducted, pooled, requested, items: [row] });

  it('prints the most an item takes off, no item score, and the uncapped sum when the cap bit', () => {
    expect(dimensionHeading(dim(true, 12, 10))).toBe('裁量（10分，本维度扣完为止）');
    expect(itemMaxCell(dim(true, 12, 10), row)).toBe('≤5');
    expect(itemScoreCell({ blank: false }, dim(true, 12, 10), row)).toBe('—');
    expect(subtotalNote(dim(true, 12, 10))).toBe('各项扣分合计 12 分，本维度扣完为止');
    expect(subtotalNote(dim(true, 10, 10))).toBe(''); // exactly the cap: nothing was cut
    // Without the cap the sheet reads as it always did.
    expect(dimensionHeading(dim(false, 5, 5))).toBe('裁量（10分）');
    expect(itemMaxCell(dim(false, 5, 5), row)).toBe('5');
    expect(itemScoreCell({ blank: false }, dim(false, 5, 5), row)).toBe('0');
    expect(itemScoreCell({ blank: true }, dim(false, 5, 5), row)).toBe('');
  });
});
