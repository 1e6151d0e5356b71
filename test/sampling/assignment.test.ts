import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import {
  ASSIGNMENT_ALGORITHM,
  Xoshiro128ss,
  assignReviewers,
  checkEligibility,
  normalizeName,
  reassignForConflict,
  type AssignDossier,
  type AssignResult,
  type AssignReviewer,
  type CurrentAssignment,
  type ReviewerConflict,
} from '../../shared/domain/sampling';

const UNITS = ['市市场监督管理局', '市生态环境局', '市交通运输局', '区城市管理局'];

function dossiers(n: number, units = UNITS): AssignDossier[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `d${String(i).padStart(4, '0')}`,
    caseNo: `罚〔2024〕${(i * 37) % 1000}号-${i}`,
    unitName: units[i % units.length]!,
    party: `当事人${i % 9}`,
  }));
}

function reviewers(n: number, units = UNITS): AssignReviewer[] {
  return Array.from({ length: n }, (_, i) => ({ id: `r${String(i).padStart(3, '0')}`, name: `评查员${i}`, unitName: units[i % units.length]!, role: 'reviewer' }));
}

function loadsOf(r: AssignResult): Map<string, number> {
  const m = new Map<string, number>();
  for (const a of r.assignments) m.set(a.reviewerId, (m.get(a.reviewerId) ?? 0) + 1);
  return m;
}

function spread(r: AssignResult): number {
  const ls = r.loads.map((x) => x.load);
  return Math.max(...ls) - Math.min(...ls);
}

function shuffled<T>(xs: readonly T[], seed: string): T[] {
  const a = xs.slice();
  const g = Xoshiro128ss.fromSeed(seed);
  for (let i = a.length - 1; i > 0; i--) {
    const j = g.uniformInt(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe('assignReviewers: 回避', () => {
  it('never assigns a reviewer from the dossier’s own unit (property over many seeds, names normalised)', () => {
    // Reviewers write their unit with stray spaces and full-width characters.
    const variants = ['市市场监督管理局 ', '市　生态环境局', ' 市交通运输局', '区城市管理局\u200b'];
    const rs: AssignReviewer[] = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, name: `R${i}`, unitName: variants[i % 4]!, role: i % 5 === 0 ? 'leader' : 'reviewer' }));
    rs.push({ id: 'lawyer', name: '律师', unitName: '', role: 'reviewer' });
    // …and so do the registers: some dossiers carry a differently spaced spelling of the same unit.
    const ds = dossiers(40).map((d, i) => (i % 3 === 0 ? { ...d, unitName: `${d.unitName.slice(0, 1)}　${d.unitName.slice(1)} ` } : d));
    const unitOf = new Map(rs.map((r) => [r.id, normalizeName(r.unitName)]));
    for (let s = 0; s < 150; s++) {
      const r = assignReviewers(ds, rs, [], { perDossier: 1 + (s % 3), seed: `prop-${s}` });
      expect(r.problems).toEqual([]);
      for (const a of r.assignments) {
        const d = ds.find((x) => x.id === a.dossierId)!;
        expect(unitOf.get(a.reviewerId), `${a.reviewerId} on ${d.caseNo}`).not.toBe(normalizeName(d.unitName));
      }
    }
  });

  it('normalises unit names: NFKC, white space, zero-width characters, case', () => {
    expect(normalizeName(' 市　生态 环境局 ')).toBe('市生态环境局');
    expect(normalizeName('XX县（区）司法局')).toBe(normalizeName('xx县(区)司法局'));
    expect(normalizeName('区城市管理局\u200b')).toBe('区城市管理局');
    expect(normalizeName(null)).toBe('');
  });

  it('also treats the same unit id as own unit', () => {
    const d: AssignDossier = { id: 'd', caseNo: 'C-1', unitName: '市市场监督管理局', unitId: 'u1' };
    const r: AssignReviewer = { id: 'r', name: '张三', unitName: '市场监管局（简称）', unitId: 'u1', role: 'reviewer' };
    expect(checkEligibility(r, d, [])?.reason).toBe('own_unit');
    expect(checkEligibility({ ...r, unitId: 'u2' }, d, [])).toBeNull();
  });

  it('respects declared conflicts on a dossier, a unit (id or name) and a party', () => {
    const ds = dossiers(24);
    const rs = reviewers(8, ['外单位甲', '外单位乙']);
    const conflicts: ReviewerConflict[] = [
      { reviewerId: 'r000', dossierId: 'd0003', reason: '经办过该案' },
      { reviewerId: 'r001', unitName: ' 市生态环境局', reason: '曾在该局工作' },
      { reviewerId: 'r002', party: '当事人 4', reason: '亲属关系' },
      { reviewerId: 'r003', unitId: 'u-traffic', reason: '配偶在该局' },
    ];
    const withIds = ds.map((d) => (d.unitName === '市交通运输局' ? { ...d, unitId: 'u-traffic' } : d));
    for (let s = 0; s < 60; s++) {
      const r = assignReviewers(withIds, rs, conflicts, { perDossier: 2, seed: `c-${s}` });
      expect(r.problems).toEqual([]);
      for (const a of r.assignments) {
        const d = withIds.find((x) => x.id === a.dossierId)!;
        if (a.reviewerId === 'r000') expect(d.id).not.toBe('d0003');
        if (a.reviewerId === 'r001') expect(d.unitName).not.toBe('市生态环境局');
        if (a.reviewerId === 'r002') expect(d.party).not.toBe('当事人4');
        if (a.reviewerId === 'r003') expect(d.unitName).not.toBe('市交通运输局');
      }
    }
    expect(checkEligibility(rs[2]!, { id: 'x', caseNo: 'X', unitName: '某局', party: '当事人４' }, conflicts)).toEqual({
      reason: 'conflict_party',
      message: '评查员2已声明对该当事人回避，不能评查案卷“X”',
    });
  });

  it('assigns only reviewers and leaders unless legal_office staff are included', () => {
    const ds = dossiers(10, ['被查单位']);
    const rs: AssignReviewer[] = [
      { id: 'a', name: 'A', unitName: '甲', role: 'reviewer' },
      { id: 'b', name: 'B', unitName: '乙', role: 'leader' },
      { id: 'c', name: 'C', unitName: '司法局', role: 'legal_office' },
    ];
    const r = assignReviewers(ds, rs, [], { perDossier: 1, seed: 'roles' });
    expect(new Set(r.assignments.map((a) => a.reviewerId))).toEqual(new Set(['a', 'b']));
    expect(r.loads.map((l) => l.reviewerId)).toEqual(['a', 'b']);
    const r2 = assignReviewers(ds, rs, [], { perDossier: 1, seed: 'roles', includeLegalOffice: true });
    expect(new Set(r2.assignments.map((a) => a.reviewerId))).toEqual(new Set(['a', 'b', 'c']));
    expect(assignReviewers(ds, rs, [], { perDossier: 3, seed: 'roles' }).problems.length).toBe(10);
  });
});

describe('assignReviewers: 交叉评查 and balance', () => {
  it('gives each dossier N distinct reviewers, the first primary and the others cross', () => {
    const ds = dossiers(30);
    const r = assignReviewers(ds, reviewers(9, ['外一', '外二', '外三']), [], { perDossier: 3, seed: 'cross' });
    expect(r.algorithm).toBe(ASSIGNMENT_ALGORITHM);
    expect(r.assignments.length).toBe(90);
    for (const d of ds) {
      const mine = r.assignments.filter((a) => a.dossierId === d.id);
      expect(mine.map((a) => a.slot)).toEqual([0, 1, 2]);
      expect(mine.map((a) => a.role)).toEqual(['primary', 'cross', 'cross']);
      expect(new Set(mine.map((a) => a.reviewerId)).size).toBe(3);
    }
  });

  it('keeps every reviewer’s load within 1 of the others when nothing constrains it', () => {
    for (let s = 0; s < 100; s++) {
      const nd = 5 + (s % 37);
      const nr = 3 + (s % 7);
      const per = 1 + (s % Math.min(3, nr));
      const r = assignReviewers(dossiers(nd, ['被查单位']), reviewers(nr, ['外单位']), [], { perDossier: per, seed: `bal-${s}` });
      expect(spread(r), `seed ${s}`).toBeLessThanOrEqual(1);
      expect(r.loads.reduce((a, l) => a + l.load, 0)).toBe(nd * per);
    }
  });

  it('reaches the best balance the constraints allow (checked against brute force)', () => {
    const g = Xoshiro128ss.fromSeed('brute');
    const unitNames = ['甲', '乙', '丙'];
    for (let t = 0; t < 120; t++) {
      const nr = 2 + g.uniformInt(3);
      const nd = 1 + g.uniformInt(5);
      const per = 1 + g.uniformInt(2);
      const rs: AssignReviewer[] = Array.from({ length: nr }, (_, i) => ({ id: `r${i}`, unitName: unitNames[g.uniformInt(3)]!, role: 'reviewer' }));
      const ds: AssignDossier[] = Array.from({ length: nd }, (_, i) => ({ id: `d${i}`, caseNo: `C${i}`, unitName: unitNames[g.uniformInt(3)]!, party: `P${g.uniformInt(3)}` }));
      const cs: ReviewerConflict[] = g.uniformInt(2) ? [{ reviewerId: `r${g.uniformInt(nr)}`, party: `P${g.uniformInt(3)}` }] : [];
      const r = assignReviewers(ds, rs, cs, { perDossier: per, seed: `b-${t}` });

      // Brute force over every choice of `per` eligible reviewers per feasible dossier.
      const choices = ds
        .filter((d) => !r.problems.some((p) => p.dossierId === d.id))
        .map((d) => {
          const el = rs.map((_, i) => i).filter((i) => checkEligibility(rs[i]!, d, cs) === null);
          const subsets: number[][] = [];
          const rec = (start: number, acc: number[]) => {
            if (acc.length === per) return void subsets.push(acc.slice());
            for (let i = start; i < el.length; i++) rec(i + 1, [...acc, el[i]!]);
          };
          rec(0, []);
          return subsets;
        });
      let best = Infinity;
      const load = new Array(nr).fill(0);
      const walk = (k: number) => {
        if (k === choices.length) return void (best = Math.min(best, Math.max(...load) - Math.min(...load)));
        for (const sub of choices[k]!) {
          for (const i of sub) load[i]++;
          walk(k + 1);
          for (const i of sub) load[i]--;
        }
      };
      walk(0);
      expect(spread(r), `case ${t}`).toBe(best);
    }
  });

  it('balances own-unit exclusions (most constrained dossiers first, then repair)', () => {
    // A (unit X) cannot take X's dossiers; a careless greedy order would leave A idle.
    const rs: AssignReviewer[] = [
      { id: 'A', unitName: 'X', role: 'reviewer' },
      { id: 'B', unitName: 'Y', role: 'reviewer' },
    ];
    const ds: AssignDossier[] = [
      { id: 'd1', caseNo: '1', unitName: 'Z' },
      { id: 'd2', caseNo: '2', unitName: 'X' },
      { id: 'd3', caseNo: '3', unitName: 'Z' },
      { id: 'd4', caseNo: '4', unitName: 'X' },
    ];
    for (let s = 0; s < 30; s++) {
      const r = assignReviewers(ds, rs, [], { perDossier: 1, seed: `x-${s}` });
      expect(r.loads).toEqual([
        { reviewerId: 'A', load: 2 },
        { reviewerId: 'B', load: 2 },
      ]);
    }
  });

  it('counts initial loads from earlier rounds', () => {
    const r = assignReviewers(dossiers(6, ['被查']), reviewers(3, ['外']), [], { perDossier: 1, seed: 'init', initialLoad: { r000: 4 } });
    expect(loadsOf(r).get('r000') ?? 0).toBe(0);
    expect(r.loads).toEqual([
      { reviewerId: 'r000', load: 4 },
      { reviewerId: 'r001', load: 3 },
      { reviewerId: 'r002', load: 3 },
    ]);
  });
});

describe('assignReviewers: determinism and problems', () => {
  const ds = dossiers(25);
  const rs = reviewers(10);
  const cs: ReviewerConflict[] = [{ reviewerId: 'r004', party: '当事人1' }];

  it('same input in any order and same seed → same assignment; another seed → another one', () => {
    const a = assignReviewers(ds, rs, cs, { perDossier: 2, seed: 'same' });
    const b = assignReviewers(shuffled(ds, 'p'), shuffled(rs, 'q'), cs, { perDossier: 2, seed: 'same' });
    expect(b).toEqual(a);
    const c = assignReviewers(ds, rs, cs, { perDossier: 2, seed: 'other' });
    expect(c.assignments.map((x) => x.reviewerId)).not.toEqual(a.assignments.map((x) => x.reviewerId));
  });

  it('reports a dossier that cannot get N eligible reviewers, with the reasons, and assigns it nobody', () => {
    const rs2: AssignReviewer[] = [
      { id: 'r1', name: '甲', unitName: '市生态环境局', role: 'reviewer' },
      { id: 'r2', name: '乙', unitName: '外单位', role: 'reviewer' },
      { id: 'r3', name: '丙', unitName: '外单位', role: 'reviewer' },
      { id: 'r4', name: '丁', unitName: '法制科', role: 'legal_office' },
    ];
    const ds2: AssignDossier[] = [
      { id: 'ok', caseNo: '罚-1', unitName: '市交通运输局' },
      { id: 'hard', caseNo: '罚-2', unitName: '市生态环境局', party: '某公司' },
    ];
    const r = assignReviewers(ds2, rs2, [{ reviewerId: 'r3', party: '某公司' }], { perDossier: 2, seed: 'p' });
    expect(r.assignments.filter((a) => a.dossierId === 'hard')).toEqual([]);
    expect(r.assignments.filter((a) => a.dossierId === 'ok').length).toBe(2);
    expect(r.problems).toEqual([
      {
        dossierId: 'hard',
        caseNo: '罚-2',
        code: 'insufficient_reviewers',
        needed: 2,
        eligible: 1,
        excluded: { role: 1, own_unit: 1, conflict_dossier: 0, conflict_unit: 0, conflict_party: 1 },
        message: expect.stringContaining('案卷“罚-2”（市生态环境局）需要 2 名评查人员，但符合回避要求的只有 1 人'),
      },
    ]);
    expect(r.problems[0]!.message).toContain('本单位回避');
    expect(r.problems[0]!.message).toContain('已声明对该当事人回避');
  });

  it('rejects invalid options and duplicate ids', () => {
    expect(() => assignReviewers(ds, rs, [], { perDossier: 0, seed: 's' })).toThrow(AppError);
    expect(() => assignReviewers(ds, rs, [], { perDossier: 1, seed: ' ' })).toThrow(/随机种子/);
    expect(() => assignReviewers(ds, [...rs, rs[0]!], [], { perDossier: 1, seed: 's' })).toThrow(/重复/);
  });
});

describe('reassignForConflict', () => {
  const ds = dossiers(12);
  const rs = reviewers(8);
  const first = assignReviewers(ds, rs, [], { perDossier: 2, seed: 'round-1' });
  const current: CurrentAssignment[] = first.assignments.map((a) => ({ dossierId: a.dossierId, reviewerId: a.reviewerId, role: a.role }));
  const target = current.find((a) => a.role === 'primary')!;
  const dossier = ds.find((d) => d.id === target.dossierId)!;
  const conflict: ReviewerConflict = { reviewerId: target.reviewerId, dossierId: dossier.id, reason: '与当事人有利害关系' };

  it('replaces the conflicted reviewer with an eligible, least-loaded one in the same role', () => {
    const r = reassignForConflict(current, rs, conflict, 'conflict-1', { dossier });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.withdrawn).toEqual(target);
    expect(r.replacement.role).toBe('primary');
    expect(r.replacement.dossierId).toBe(dossier.id);
    const pick = rs.find((x) => x.id === r.replacement.reviewerId)!;
    expect(pick.id).not.toBe(target.reviewerId);
    expect(normalizeName(pick.unitName)).not.toBe(normalizeName(dossier.unitName));
    const others = current.filter((a) => a.dossierId === dossier.id && a !== target).map((a) => a.reviewerId);
    expect(others).not.toContain(pick.id);
    // Least loaded among the eligible.
    const load = (id: string) => current.filter((a) => a !== target && a.reviewerId === id).length;
    const eligible = rs.filter((x) => x.id !== target.reviewerId && !others.includes(x.id) && checkEligibility(x, dossier, [conflict]) === null);
    expect(load(pick.id)).toBe(Math.min(...eligible.map((x) => load(x.id))));
    expect(r.message).toContain('回避');
    // Deterministic.
    expect(reassignForConflict(current, shuffled(rs, 'z'), conflict, 'conflict-1', { dossier })).toEqual(r);
  });

  it('respects other declared conflicts when choosing the replacement', () => {
    const r0 = reassignForConflict(current, rs, conflict, 'conflict-1', { dossier });
    if (!r0.ok) throw new Error('expected a replacement');
    const blocked: ReviewerConflict = { reviewerId: r0.replacement.reviewerId, dossierId: dossier.id };
    const r = reassignForConflict(current, rs, conflict, 'conflict-1', { dossier, conflicts: [blocked] });
    expect(r.ok && r.replacement.reviewerId).not.toBe(r0.replacement.reviewerId);
    expect(r.ok).toBe(true);
  });

  it('reports when there is nobody left, when the reviewer is not on the dossier, or the conflict does not apply', () => {
    const d: AssignDossier = { id: 'solo', caseNo: '罚-9', unitName: '甲局' };
    const small: AssignReviewer[] = [
      { id: 'x', name: '小王', unitName: '乙局', role: 'reviewer' },
      { id: 'y', name: '小李', unitName: '甲局', role: 'reviewer' },
      { id: 'z', name: '小赵', unitName: '丙局', role: 'legal_office' },
    ];
    const cur: CurrentAssignment[] = [{ dossierId: 'solo', reviewerId: 'x', role: 'primary' }];
    const none = reassignForConflict(cur, small, { reviewerId: 'x', dossierId: 'solo' }, 's', { dossier: d });
    expect(none).toMatchObject({ ok: false, code: 'no_eligible_reviewer', withdrawn: cur[0] });
    expect(none.message).toContain('罚-9');
    const withLO = reassignForConflict(cur, small, { reviewerId: 'x', dossierId: 'solo' }, 's', { dossier: d, includeLegalOffice: true });
    expect(withLO.ok && withLO.replacement.reviewerId).toBe('z');
    expect(reassignForConflict(cur, small, { reviewerId: 'y', dossierId: 'solo' }, 's', { dossier: d })).toMatchObject({ ok: false, code: 'not_assigned' });
    expect(reassignForConflict(cur, small, { reviewerId: 'x', party: '别的当事人' }, 's', { dossier: d })).toMatchObject({ ok: false, code: 'not_applicable', withdrawn: null });
  });
});
