import { describe, expect, it } from 'vitest';
import { builtinTemplateList, BUILTIN_TEMPLATE_DATA, builtinTemplate } from '../../shared/domain/templates';
import { parseTemplate, scoreReview, tenths } from '../../shared/domain/scoring';

const seq = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);

/** Item codes listed in the domain brief §3, per template. */
const BRIEF_CODES: Record<string, string[]> = {
  PG: [...seq('PG-SUB', 16), ...seq('PG-PROC', 26), ...seq('PG-DISC', 8), ...seq('PG-EVID', 11), ...seq('PG-DOC', 7)],
  PS: [...seq('PS-SUB', 6), 'PS-DISC-01', ...seq('PS-PROC', 10), 'PS-EVID-01', 'PS-DOC-01'],
  LI: [...seq('LI-SUB', 5), ...seq('LI-PROC', 14), 'LI-DISC-01', 'LI-EVID-01', 'LI-DOC-01'],
  CE: [...seq('CE-SUB', 5), ...seq('CE-PROC', 16), 'CE-DOC-01'],
  IN: [...seq('IN-SUB', 3), ...seq('IN-PROC', 12), 'IN-EVID-01', 'IN-DOC-01'],
};

/** Items marked "V" in the brief's tables. */
const BRIEF_VETO: Record<string, string[]> = {
  PG: [
    ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '15', '16'].map((n) => `PG-SUB-${n}`),
    ...['03', '05', '12', '13', '14', '15', '16', '20'].map((n) => `PG-PROC-${n}`),
    'PG-DISC-06',
    'PG-EVID-02',
    'PG-EVID-10',
    'PG-DOC-02',
  ],
  PS: ['PS-SUB-01', 'PS-SUB-02', 'PS-SUB-03', 'PS-SUB-05', 'PS-SUB-06', 'PS-PROC-02', 'PS-PROC-08'],
  LI: ['LI-SUB-01', 'LI-SUB-02', 'LI-SUB-03', 'LI-SUB-04', 'LI-PROC-07'],
  CE: [
    'CE-SUB-01',
    'CE-SUB-02',
    'CE-SUB-03',
    'CE-SUB-04',
    'CE-PROC-01',
    'CE-PROC-04',
    'CE-PROC-09',
    'CE-PROC-10',
    'CE-PROC-12',
    'CE-PROC-15',
  ],
  IN: ['IN-SUB-01', 'IN-SUB-02', 'IN-SUB-03', 'IN-PROC-12'],
};

/** Brief items that are veto AND carry a lesser deduction ("wrong party V; inconsistency −1 each"). */
const VETO_WITH_DEDUCTION = ['PG-SUB-05', 'PG-SUB-06', 'PG-SUB-08', 'PG-PROC-12', 'PG-PROC-14', 'PG-PROC-20', 'PG-DOC-02', 'LI-PROC-07', 'CE-PROC-04', 'IN-SUB-03'];

describe('built-in templates', () => {
  it('ships exactly PG, PS, LI, CE and IN, each as version 1 (as shipped) and version 2', () => {
    expect([...new Set(builtinTemplateList().map((t) => t.key))].sort()).toEqual(['CE', 'IN', 'LI', 'PG', 'PS']);
    expect(builtinTemplateList().map((t) => `${t.key}@${t.version}`).sort()).toEqual(
      ['CE@1', 'CE@2', 'IN@1', 'IN@2', 'LI@1', 'LI@2', 'PG@1', 'PG@2', 'PS@1', 'PS@2'],
    );
  });

  for (const key of Object.keys(BRIEF_CODES)) {
    describe(key, () => {
      const t = builtinTemplate(key)!;
      const raw = BUILTIN_TEMPLATE_DATA[`${key}@1`];

      it('validates against the schema and the cross-field rules', () => {
        const r = parseTemplate(raw);
        expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([]);
      });

      it('sums to 100 (dimensions and items, exactly)', () => {
        expect(t.totalPoints).toBe(100);
        expect(t.dimensions.reduce((s, d) => s + tenths(d.maxPoints), 0)).toBe(1000);
        expect(t.items.reduce((s, i) => s + tenths(i.maxPoints), 0)).toBe(1000);
        for (const d of t.dimensions) {
          const sum = t.items.filter((i) => i.dimension === d.code).reduce((s, i) => s + tenths(i.maxPoints), 0);
          expect(sum, `${key} ${d.code}`).toBe(tenths(d.maxPoints));
        }
      });

      it('has unique codes, exactly the brief’s list', () => {
        const codes = t.items.map((i) => i.code);
        expect(new Set(codes).size).toBe(codes.length);
        expect([...codes].sort()).toEqual([...BRIEF_CODES[key]!].sort());
      });

      it('flags exactly the brief’s veto items; pure veto items carry 0 points', () => {
        expect(t.items.filter((i) => i.veto).map((i) => i.code).sort()).toEqual([...BRIEF_VETO[key]!].sort());
        for (const i of t.items) {
          if (i.deduction.kind === 'none') {
            expect(i.veto, i.code).toBe(true);
            expect(i.maxPoints, i.code).toBe(0);
          } else {
            expect(i.maxPoints, i.code).toBeGreaterThan(0);
          }
        }
        for (const code of VETO_WITH_DEDUCTION.filter((c) => c.startsWith(key))) {
          const i = t.items.find((x) => x.code === code)!;
          expect(i.veto, code).toBe(true);
          expect(i.deduction.kind, code).not.toBe('none');
        }
      });

      it('every item has Chinese guidance and a title; veto items say when they veto', () => {
        for (const i of t.items) {
          expect(i.guidance, i.code).toMatch(/[\u4e00-\u9fff]/);
          expect(i.title, i.code).toMatch(/[\u4e00-\u9fff]/);
          if (i.veto) expect(i.vetoCondition, i.code).toMatch(/[\u4e00-\u9fff]/);
        }
      });

      it('uses the documented defaults: 4 tiers 90/80/60, zero_total veto, N/A at full marks', () => {
        expect(t.grading.tiers.map((g) => [g.grade, g.minScore])).toEqual([
          ['优秀', 90],
          ['良好', 80],
          ['合格', 60],
        ]);
        expect(t.grading.failGrade).toBe('不合格');
        expect(t.vetoRule).toBe('zero_total');
        expect(t.naPolicy).toBe('full_marks');
      });

      it('a clean review scores 100 / 优秀', () => {
        const answers = Object.fromEntries(t.items.map((i) => [i.code, { verdict: 'conform' as const }]));
        const r = scoreReview(t, answers);
        expect(r.errors).toEqual([]);
        expect(r.total).toBe(100);
        expect(r.grade).toBe('优秀');
        expect(r.complete).toBe(true);
      });
    });
  }

  it('PG: wrong party vetoes, inconsistent names deduct 1 each', () => {
    const pg = builtinTemplate('PG')!;
    const veto = scoreReview(pg, { 'PG-SUB-05': { verdict: 'veto', note: '当事人错误' } });
    expect(veto.total).toBe(0);
    expect(veto.grade).toBe('不合格');
    const ded = scoreReview(pg, { 'PG-SUB-05': { verdict: 'deduct', occurrences: 2, note: '名称不一致' } });
    expect(ded.total).toBe(98);
  });

  it('builtinTemplate returns undefined for unknown keys or versions', () => {
    expect(builtinTemplate('XX')).toBeUndefined();
    expect(builtinTemplate('PG', 3)).toBeUndefined();
    expect(builtinTemplate('PG', 1)!.version).toBe(1);
    expect(builtinTemplate('PG')!.version).toBe(2);
  });
});
