import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import {
  SAMPLING_ALGORITHM,
  Xoshiro128ss,
  allocateAcrossStrata,
  drawReplacement,
  drawSample,
  normalizeSampleSettings,
  sha256Hex,
  unitSampleSize,
  verifyDraw,
  type PopulationItem,
  type SampleSettings,
} from '../../shared/domain/sampling';

const TYPES = ['行政处罚', '行政许可', '行政强制', '行政检查'];
const UNITS = ['市市场监督管理局', '市生态环境局', '市交通运输局', '区城市管理局', '市应急管理局'];

/** A register: deterministic, not sorted, with several units and case types. */
function register(n: number, units = UNITS): PopulationItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `d-${String(i).padStart(5, '0')}`,
    caseNo: `${units[i % units.length]!.slice(0, 2)}罚〔2024〕${(i * 7919) % 100_003}号`,
    unitName: units[i % units.length]!,
    caseType: TYPES[(i * 13 + Math.floor(i / 7)) % TYPES.length]!,
    closedDate: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
  }));
}

/** Shuffle with its own generator so the test does not depend on Math.random either. */
function shuffled<T>(xs: readonly T[], seed: string): T[] {
  const a = xs.slice();
  const g = Xoshiro128ss.fromSeed(seed);
  for (let i = a.length - 1; i > 0; i--) {
    const j = g.uniformInt(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const ids = (r: { items: { id: string }[] }) => r.items.map((x) => x.id);

describe('drawSample: reproducibility', () => {
  const pop = register(300);
  const settings: SampleSettings = { mode: 'per_unit', perUnit: 4, stratify: true };

  it('gives the pinned result for a fixed register, settings and seed (regression of the documented algorithm)', () => {
    const small: PopulationItem[] = [
      { id: 'a1', caseNo: 'A-001', unitName: '甲局', caseType: '行政处罚', closedDate: '2024-03-01' },
      { id: 'a2', caseNo: 'A-002', unitName: '甲局', caseType: '行政处罚', closedDate: '2024-03-02' },
      { id: 'a3', caseNo: 'A-003', unitName: '甲局', caseType: '行政许可', closedDate: '2024-03-03' },
      { id: 'a4', caseNo: 'A-004', unitName: '甲局', caseType: '行政处罚', closedDate: '2024-03-04' },
      { id: 'a5', caseNo: 'A-005', unitName: '甲局', caseType: '行政许可', closedDate: '2024-03-05' },
      { id: 'b1', caseNo: 'B-001', unitName: '乙局', caseType: '行政处罚', closedDate: '2024-04-01' },
      { id: 'b2', caseNo: 'B-002', unitName: '乙局', caseType: '行政处罚', closedDate: '2024-04-02' },
      { id: 'b3', caseNo: 'B-003', unitName: '乙局', caseType: '行政处罚', closedDate: '2024-04-03' },
    ];
    const r = drawSample(small, { mode: 'per_unit', perUnit: 3, stratify: true }, '2024年度评查-001');
    expect(r.algorithm).toBe('sha256-xoshiro128ss-fisher-yates-v1');
    // 乙 (U+4E59) sorts before 甲 (U+7532).
    expect(r.items.map((x) => [x.drawOrder, x.stratum, x.id, x.stratumDrawOrder])).toEqual(GOLDEN_SMALL);
    expect(r.populationByStratum.map((s) => [s.stratum, s.population, s.drawn])).toEqual([
      ['乙局｜行政处罚', 3, 3],
      ['甲局｜行政处罚', 3, 2],
      ['甲局｜行政许可', 2, 1],
    ]);
    expect(r.populationByStratum[0]!.digest).toBe(sha256Hex('B-001\nB-002\nB-003'));
  });

  it('gives the same sample whatever the order of the register rows', () => {
    const a = drawSample(pop, settings, 'seed-A');
    for (const s of ['x', 'y', 'z']) {
      const b = drawSample(shuffled(pop, s), settings, 'seed-A');
      expect(b.items).toEqual(a.items);
      expect(b.populationByStratum).toEqual(a.populationByStratum);
    }
  });

  it('gives a different sample for a different seed', () => {
    const a = drawSample(pop, settings, 'seed-A');
    const b = drawSample(pop, settings, 'seed-B');
    expect(b.items.length).toBe(a.items.length);
    expect(ids(b)).not.toEqual(ids(a));
  });

  it('is the same on repeated runs and never touches Math.random', () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error('Math.random must not be used');
    };
    try {
      expect(ids(drawSample(pop, settings, 's'))).toEqual(ids(drawSample(pop, settings, 's')));
    } finally {
      Math.random = original;
    }
  });

  it('echoes normalised settings, the seed and the algorithm', () => {
    const r = drawSample(pop, { mode: 'ratio', ratio: 0.05, min: 2, caseTypes: ['行政许可', '行政处罚', '行政处罚'], from: '2024-01-01', to: null }, 'echo');
    expect(r.seed).toBe('echo');
    expect(r.algorithm).toBe(SAMPLING_ALGORITHM);
    expect(r.settings).toEqual({
      mode: 'ratio',
      perUnit: null,
      ratio: 0.05,
      min: 2,
      max: null,
      stratify: false,
      from: '2024-01-01',
      to: null,
      caseTypes: ['行政处罚', '行政许可'],
    });
  });
});

describe('drawSample: structure', () => {
  it('numbers items 1..n in draw order, strata by unit then case type (code point), items unique', () => {
    const r = drawSample(register(500), { mode: 'per_unit', perUnit: 6, stratify: true }, 'order');
    expect(r.items.map((x) => x.drawOrder)).toEqual(r.items.map((_, i) => i + 1));
    expect(new Set(ids(r)).size).toBe(r.items.length);
    const labels = r.populationByStratum.map((s) => [s.unitName, s.caseType ?? '']);
    const sorted = labels.slice().sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : 1));
    expect(labels).toEqual(sorted);
    // Items are grouped by stratum in that order, each numbered 1..drawn within the stratum.
    let k = 0;
    for (const s of r.populationByStratum) {
      const chunk = r.items.slice(k, k + s.drawn);
      k += s.drawn;
      expect(chunk.every((x) => x.stratum === s.stratum && x.unitName === s.unitName && x.caseType === s.caseType)).toBe(true);
      expect(chunk.map((x) => x.stratumDrawOrder)).toEqual(chunk.map((_, i) => i + 1));
    }
    expect(k).toBe(r.items.length);
    for (const u of r.populationByUnit) expect(u.drawn).toBe(Math.min(6, u.population));
  });

  it('per_unit: n = min(count, population) per unit, unstratified', () => {
    const pop = register(23, ['甲局', '乙局', '丙局']).concat([{ id: 'solo', caseNo: 'Z-1', unitName: '丁局', caseType: '行政处罚', closedDate: '2024-01-01' }]);
    const r = drawSample(pop, { mode: 'per_unit', perUnit: 5 }, 'count');
    expect(r.populationByUnit).toEqual([
      { unitName: '丁局', population: 1, drawn: 1 },
      { unitName: '丙局', population: 7, drawn: 5 },
      { unitName: '乙局', population: 8, drawn: 5 },
      { unitName: '甲局', population: 8, drawn: 5 },
    ]);
    expect(r.populationByStratum.every((s) => s.caseType === null && s.stratum === s.unitName)).toBe(true);
    expect(r.total).toEqual({ input: 24, population: 24, drawn: 16 });
  });

  it('picks every item of a stratum with about equal probability (no bias at the ends)', () => {
    const pop = Array.from({ length: 10 }, (_, i) => ({ id: `x${i}`, caseNo: `N-${i}`, unitName: '甲局', caseType: '行政处罚', closedDate: '2024-01-01' }));
    const counts = new Map<string, number>();
    for (let s = 0; s < 3000; s++) {
      const [first] = drawSample(pop, { mode: 'per_unit', perUnit: 1 }, `u-${s}`).items;
      counts.set(first!.id, (counts.get(first!.id) ?? 0) + 1);
    }
    expect(counts.size).toBe(10);
    // Expected 300 each, σ ≈ 16.4: ±80 is ~5σ.
    for (const c of counts.values()) expect(c > 220 && c < 380).toBe(true);
  });

  it('handles 50,000 rows stratified (one sort per stratum, linear otherwise)', () => {
    const pop = register(50_000, Array.from({ length: 40 }, (_, i) => `第${i + 1}执法局`));
    const r = drawSample(pop, { mode: 'ratio', ratio: 0.05, min: 3, stratify: true, from: '2024-02-01', to: '2024-11-30' }, 'big');
    expect(r.total.input).toBe(50_000);
    expect(r.total.population + r.excluded.byClosedDate).toBe(50_000);
    expect(r.populationByUnit.length).toBe(40);
    for (const u of r.populationByUnit) expect(u.drawn).toBe(Math.max(3, Math.ceil((u.population * 5) / 100)));
    expect(r.items.length).toBe(r.populationByUnit.reduce((a, u) => a + u.drawn, 0));
    expect(new Set(ids(r)).size).toBe(r.items.length);
  });
});

describe('sample size arithmetic', () => {
  const ratio = (r: number, min = 0, max: number | null = null) => normalizeSampleSettings({ mode: 'ratio', ratio: r, min, max });

  it('ratio: ceil(ratio × N) in exact arithmetic', () => {
    expect(unitSampleSize(ratio(0.1), 30)).toBe(3); // 0.1 × 30 is 3.0000000000000004 in floating point
    expect(unitSampleSize(ratio(0.1), 31)).toBe(4);
    expect(unitSampleSize(ratio(0.07), 100)).toBe(7); // 0.07 × 100 = 7.000000000000001 in floating point
    expect(unitSampleSize(ratio(0.05), 1)).toBe(1);
    expect(unitSampleSize(ratio(1), 17)).toBe(17);
    expect(unitSampleSize(ratio(0.333333), 3)).toBe(1);
    expect(unitSampleSize(ratio(0.05), 0)).toBe(0);
  });

  it('ratio: minimum per unit, optional maximum, capped at the population', () => {
    expect(unitSampleSize(ratio(0.1, 5), 10)).toBe(5);
    expect(unitSampleSize(ratio(0.1, 5), 80)).toBe(8);
    expect(unitSampleSize(ratio(0.1, 5), 3)).toBe(3);
    expect(unitSampleSize(ratio(0.5, 2, 10), 100)).toBe(10);
    expect(unitSampleSize(ratio(0.5, 2, 10), 4)).toBe(2);
  });

  it('per_unit: min(count, N); min/max are ignored', () => {
    const s = normalizeSampleSettings({ mode: 'per_unit', perUnit: 4, min: 9, max: 1 });
    expect(s.min).toBe(0);
    expect(s.max).toBeNull();
    expect(unitSampleSize(s, 10)).toBe(4);
    expect(unitSampleSize(s, 2)).toBe(2);
  });

  it('rejects invalid settings with Chinese messages', () => {
    const bad: SampleSettings[] = [
      { mode: 'per_unit' },
      { mode: 'per_unit', perUnit: 0 },
      { mode: 'per_unit', perUnit: 1.5 },
      { mode: 'ratio' },
      { mode: 'ratio', ratio: 0 },
      { mode: 'ratio', ratio: 1.2 },
      { mode: 'ratio', ratio: 0.1234567 },
      { mode: 'ratio', ratio: 0.1, min: -1 },
      { mode: 'ratio', ratio: 0.1, min: 5, max: 3 },
      { mode: 'per_unit', perUnit: 1, from: '2024-13-01' },
      { mode: 'per_unit', perUnit: 1, from: '2024-06-01', to: '2024-05-31' },
    ];
    for (const s of bad) {
      let err: unknown;
      try {
        normalizeSampleSettings(s);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(s)).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('invalid_argument');
      expect((err as AppError).message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('allocateAcrossStrata (stratified by 案件类型)', () => {
  it('gives 1 to each non-empty stratum, then shares the rest by largest remainder', () => {
    // base 1 each; 7 left over weights 49/29/19 (sum 97): 3.54, 2.09, 1.37 → 3,2,1 + 1 to the largest remainder.
    expect(allocateAcrossStrata(10, [50, 30, 20])).toEqual([5, 3, 2]);
    expect(allocateAcrossStrata(3, [100, 1, 1])).toEqual([1, 1, 1]);
    expect(allocateAcrossStrata(4, [100, 0, 1])).toEqual([3, 0, 1]);
  });

  it('without enough seats for every stratum, allocates by plain largest remainder with the documented tie-break', () => {
    // quotas 2·1/9, 2·5/9, 2·3/9 = 0.22, 1.11, 0.67 → floors 0,1,0; the seat left goes to the largest remainder.
    expect(allocateAcrossStrata(2, [1, 5, 3])).toEqual([0, 1, 1]);
    // Equal remainders (quotas 0.33, 1.33, 0.33): the larger stratum first…
    expect(allocateAcrossStrata(2, [1, 4, 1])).toEqual([0, 2, 0]);
    expect(allocateAcrossStrata(2, [1, 1, 4])).toEqual([0, 0, 2]);
    // …then the earlier case type.
    expect(allocateAcrossStrata(1, [3, 3])).toEqual([1, 0]);
    expect(allocateAcrossStrata(2, [3, 3, 3])).toEqual([1, 1, 0]);
  });

  it('always sums to n, never exceeds a stratum, covers every stratum when n ≥ k', () => {
    const g = Xoshiro128ss.fromSeed('alloc');
    for (let t = 0; t < 3000; t++) {
      const k = 1 + g.uniformInt(6);
      const sizes = Array.from({ length: k }, () => (g.uniformInt(4) === 0 ? 0 : g.uniformInt(40)));
      const total = sizes.reduce((a, b) => a + b, 0);
      const n = g.uniformInt(total + 1);
      const a = allocateAcrossStrata(n, sizes);
      expect(a.reduce((x, y) => x + y, 0)).toBe(n);
      a.forEach((x, i) => expect(x >= 0 && x <= sizes[i]!).toBe(true));
      const nonEmpty = sizes.filter((x) => x > 0).length;
      if (n >= nonEmpty) sizes.forEach((s, i) => s > 0 && expect(a[i]).toBeGreaterThanOrEqual(1));
    }
  });

  it('rejects n larger than the population', () => {
    expect(() => allocateAcrossStrata(5, [2, 2])).toThrow(AppError);
  });

  it('is what drawSample uses per unit', () => {
    const pop = register(400);
    const r = drawSample(pop, { mode: 'ratio', ratio: 0.1, min: 3, stratify: true }, 'alloc-draw');
    for (const u of r.populationByUnit) {
      const strata = r.populationByStratum.filter((s) => s.unitName === u.unitName);
      expect(strata.map((s) => s.drawn)).toEqual(allocateAcrossStrata(u.drawn, strata.map((s) => s.population)));
      expect(strata.reduce((a, s) => a + s.drawn, 0)).toBe(u.drawn);
      expect(r.items.filter((x) => x.unitName === u.unitName).length).toBe(u.drawn);
    }
  });
});

describe('filters', () => {
  const mk = (id: string, closedDate: string, caseType = '行政处罚'): PopulationItem => ({ id, caseNo: `C-${id}`, unitName: '甲局', caseType, closedDate });
  const pop = [mk('before', '2023-12-31'), mk('first', '2024-01-01'), mk('mid', '2024-06-15'), mk('last', '2024-12-31'), mk('after', '2025-01-01'), mk('lic', '2024-05-05', '行政许可')];

  it('结案日期 window is inclusive at both ends', () => {
    const r = drawSample(pop, { mode: 'per_unit', perUnit: 100, from: '2024-01-01', to: '2024-12-31' }, 'dates');
    expect(ids(r).sort()).toEqual(['first', 'last', 'lic', 'mid']);
    expect(r.excluded).toEqual({ byCaseType: 0, byClosedDate: 2 });
  });

  it('open-ended windows and the case-type filter', () => {
    expect(ids(drawSample(pop, { mode: 'per_unit', perUnit: 100, from: '2024-12-31' }, 'd')).sort()).toEqual(['after', 'last']);
    expect(ids(drawSample(pop, { mode: 'per_unit', perUnit: 100, to: '2024-01-01' }, 'd')).sort()).toEqual(['before', 'first']);
    const r = drawSample(pop, { mode: 'per_unit', perUnit: 100, caseTypes: ['行政许可'] }, 'd');
    expect(ids(r)).toEqual(['lic']);
    expect(r.excluded).toEqual({ byCaseType: 5, byClosedDate: 0 });
  });

  it('rejects a malformed 结案日期 when a window is set, and duplicates always', () => {
    expect(() => drawSample([mk('x', '2024/01/01')], { mode: 'per_unit', perUnit: 1, from: '2024-01-01' }, 's')).toThrow(/结案日期/);
    expect(() => drawSample([mk('x', '2024-01-01'), { ...mk('y', '2024-01-02'), caseNo: 'C-x' }], { mode: 'per_unit', perUnit: 1 }, 's')).toThrow(/案卷编号重复/);
    expect(() => drawSample([mk('x', '2024-01-01'), { ...mk('x', '2024-01-02'), caseNo: 'other' }], { mode: 'per_unit', perUnit: 1 }, 's')).toThrow(/ID 重复/);
    expect(() => drawSample([mk('x', '2024-01-01')], { mode: 'per_unit', perUnit: 1 }, '  ')).toThrow(/随机种子/);
  });
});

describe('verifyDraw', () => {
  const pop = register(200);
  const settings: SampleSettings = { mode: 'ratio', ratio: 0.1, min: 2, stratify: true, from: '2024-01-01', to: '2024-12-31' };
  const seed = '抽样会 2024-09-01 公证员见证';
  const recorded = drawSample(pop, settings, seed);

  it('accepts the untouched record, whatever the order of the register rows', () => {
    const v = verifyDraw(shuffled(pop, 'v'), settings, seed, recorded);
    expect(v).toEqual({ ok: true, firstDifference: null, message: expect.stringContaining('复核通过') });
  });

  it('reports a swapped dossier as the first difference', () => {
    const outsider = pop.find((p) => !recorded.items.some((x) => x.id === p.id))!;
    const items = recorded.items.map((x, i) => (i === 4 ? { ...x, id: outsider.id } : x));
    const v = verifyDraw(pop, settings, seed, { ...recorded, items });
    expect(v.ok).toBe(false);
    expect(v.firstDifference).toMatchObject({ path: 'items[4].id', recorded: outsider.id, recomputed: recorded.items[4]!.id });
    expect(v.message).toContain('第 5 个抽中案卷不一致');
  });

  it('reports a reordered, removed or relabelled record', () => {
    const swapped = recorded.items.slice();
    [swapped[0], swapped[1]] = [{ ...swapped[1]!, drawOrder: 1 }, { ...swapped[0]!, drawOrder: 2 }];
    expect(verifyDraw(pop, settings, seed, { ...recorded, items: swapped }).firstDifference?.path).toBe('items[0].id');
    expect(verifyDraw(pop, settings, seed, { ...recorded, items: recorded.items.slice(0, -1) }).firstDifference?.path).toBe('items.length');
    const relabelled = recorded.items.map((x, i) => (i === 0 ? { ...x, stratum: '别的层' } : x));
    expect(verifyDraw(pop, settings, seed, { ...recorded, items: relabelled }).firstDifference?.path).toBe('items[0].stratum');
  });

  it('ignores manual additions in the record', () => {
    const items = [...recorded.items, { id: 'manual', stratum: '甲', drawOrder: 999, origin: 'manual_add' }];
    expect(verifyDraw(pop, settings, seed, { ...recorded, items }).ok).toBe(true);
  });

  it('detects a changed seed, settings, algorithm or register', () => {
    expect(verifyDraw(pop, settings, seed + '!', recorded).firstDifference?.path).toBe('seed');
    expect(verifyDraw(pop, settings, seed + '!', { ...recorded, seed: undefined }).firstDifference?.path).toMatch(/^items\[/);
    expect(verifyDraw(pop, { ...settings, min: 3 }, seed, recorded).firstDifference?.path).toBe('settings.min');
    expect(verifyDraw(pop, settings, seed, { ...recorded, algorithm: 'other-v0' }).firstDifference?.path).toBe('algorithm');

    // A dossier not drawn gets another 案卷编号: same counts, different list → digest.
    const notDrawn = pop.findIndex((p) => !recorded.items.some((x) => x.id === p.id) && p.closedDate >= '2024-01-01');
    const edited = pop.map((p, i) => (i === notDrawn ? { ...p, caseNo: p.caseNo + '-改' } : p));
    const v = verifyDraw(edited, settings, seed, recorded);
    expect(v.firstDifference?.path).toMatch(/^populationByStratum\[\d+\]\.digest$/);
    expect(v.message).toContain('案卷清单与抽样时不同');

    const fewer = pop.filter((_, i) => i !== notDrawn);
    expect(verifyDraw(fewer, settings, seed, recorded).firstDifference?.path).toMatch(/^populationByStratum\[\d+\]\.(population|stratum)$/);
  });

  it('reports invalid settings instead of throwing', () => {
    const v = verifyDraw(pop, { mode: 'ratio', ratio: 7 }, seed, recorded);
    expect(v.ok).toBe(false);
    expect(v.message).toContain('无法重新抽取');
  });
});

describe('drawReplacement', () => {
  const pop = register(120);
  const settings: SampleSettings = { mode: 'per_unit', perUnit: 3, stratify: true };
  const r = drawSample(pop, settings, 'rep');
  const stratum = r.populationByStratum.find((s) => s.population > s.drawn + 1)!;

  it('continues the stratum shuffle: the next dossier of the same stratum, not already drawn', () => {
    const drawnIds = ids(r);
    const c = drawReplacement(pop, settings, 'rep', stratum.stratum, drawnIds)!;
    expect(c.stratum).toBe(stratum.stratum);
    expect(c.item.unitName).toBe(stratum.unitName);
    expect(c.item.caseType).toBe(stratum.caseType);
    expect(drawnIds).not.toContain(c.item.id);
    expect(c.stratumDrawOrder).toBe(stratum.drawn + 1);
    // Same as drawing one more from that stratum.
    const bigger = drawSample(pop.filter((p) => p.unitName === stratum.unitName && p.caseType === stratum.caseType), { mode: 'per_unit', perUnit: stratum.drawn + 1, stratify: true }, 'rep');
    expect(bigger.items.at(-1)!.id).toBe(c.item.id);
    expect(drawReplacement(shuffled(pop, 'q'), settings, 'rep', stratum.stratum, drawnIds)).toEqual(c);
  });

  it('skips excluded dossiers and returns null when the stratum is exhausted or unknown', () => {
    const first = drawReplacement(pop, settings, 'rep', stratum.stratum, ids(r))!;
    const second = drawReplacement(pop, settings, 'rep', stratum.stratum, [...ids(r), first.item.id])!;
    expect(second.item.id).not.toBe(first.item.id);
    expect(second.stratumDrawOrder).toBe(stratum.drawn + 2);
    const all = pop.map((p) => p.id);
    expect(drawReplacement(pop, settings, 'rep', stratum.stratum, all)).toBeNull();
    expect(drawReplacement(pop, settings, 'rep', '不存在的层', [])).toBeNull();
  });
});

// [drawOrder, stratum, id, stratumDrawOrder] — computed once with the documented algorithm and pinned.
// Also reproduced by the Python reference in docs/sampling.md (appendix).
const GOLDEN_SMALL: [number, string, string, number][] = [
  [1, '乙局｜行政处罚', 'b2', 1],
  [2, '乙局｜行政处罚', 'b3', 2],
  [3, '乙局｜行政处罚', 'b1', 3],
  [4, '甲局｜行政处罚', 'a1', 1],
  [5, '甲局｜行政处罚', 'a2', 2],
  [6, '甲局｜行政许可', 'a5', 1],
];
