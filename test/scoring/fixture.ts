import type { ChecklistTemplateInput, ReviewAnswers } from '../../shared/domain/scoring';
import { mustParseTemplate } from '../../shared/domain/scoring';

/**
 * A small template (100 points) with every rule kind:
 *   SUB 40: TT-SUB-01 pure veto (0) · TT-SUB-02 veto + 1/处 cap 5 (10) · TT-SUB-03 fixed (30)
 *   PROC 40: TT-PROC-01 range 1–5 step 0.5 (5) · TT-PROC-02 0.5/处 cap 5 (5) · TT-PROC-03 fixed (30)
 *   DOC 20: TT-DOC-01 3/处 cap 10 (10) · TT-DOC-02 fixed (10)
 */
export function fixtureInput(): ChecklistTemplateInput {
  const item = (code: string, maxPoints: number, deduction: ChecklistTemplateInput['items'][number]['deduction'], veto = false) => ({
    code,
    dimension: code.split('-')[1] as 'SUB' | 'PROC' | 'DOC',
    title: `评查项 ${code}`,
    guidance: `审查 ${code}`,
    maxPoints,
    deduction,
    veto,
  });
  return {
    key: 'TT',
    version: 1,
    name: '测试模板',
    caseType: '行政处罚',
    procedures: ['一般程序'],
    totalPoints: 100,
    dimensions: [
      { code: 'SUB', name: '实体合法', maxPoints: 40 },
      { code: 'PROC', name: '程序合法', maxPoints: 40 },
      { code: 'DOC', name: '文书与立卷', maxPoints: 20 },
    ],
    items: [
      item('TT-SUB-01', 0, { kind: 'none' }, true),
      item('TT-SUB-02', 10, { kind: 'per_occurrence', pointsPerOccurrence: 1, cap: 5 }, true),
      item('TT-SUB-03', 30, { kind: 'fixed' }),
      item('TT-PROC-01', 5, { kind: 'range', min: 1, max: 5, step: 0.5 }),
      item('TT-PROC-02', 5, { kind: 'per_occurrence', pointsPerOccurrence: 0.5, cap: 5 }),
      item('TT-PROC-03', 30, { kind: 'fixed' }),
      item('TT-DOC-01', 10, { kind: 'per_occurrence', pointsPerOccurrence: 3, cap: 10 }),
      item('TT-DOC-02', 10, { kind: 'fixed' }),
    ],
    grading: {
      tiers: [
        { grade: '优秀', minScore: 90 },
        { grade: '良好', minScore: 80 },
        { grade: '合格', minScore: 60 },
      ],
      failGrade: '不合格',
    },
    vetoRule: 'zero_total',
    naPolicy: 'full_marks',
  };
}

export const fixture = (patch: Partial<ChecklistTemplateInput> = {}) => mustParseTemplate({ ...fixtureInput(), ...patch });

export const ALL_CODES = [
  'TT-SUB-01',
  'TT-SUB-02',
  'TT-SUB-03',
  'TT-PROC-01',
  'TT-PROC-02',
  'TT-PROC-03',
  'TT-DOC-01',
  'TT-DOC-02',
];

/** Every item 'conform', then the overrides. */
export function answers(overrides: ReviewAnswers = {}, codes: string[] = ALL_CODES): ReviewAnswers {
  const out: ReviewAnswers = {};
  for (const c of codes) out[c] = { verdict: 'conform' };
  return { ...out, ...overrides };
}
