/**
 * Grade models (等次模型) a campaign chooses. Published campaigns mostly report three tiers
 * (优秀 / 合格 / 不合格); some provinces add 良好. The thresholds are the organiser's (verify per
 * province): the defaults below are the common ones of the domain brief §2.
 * 'template' keeps the grading the template itself declares.
 */
import type { ChecklistTemplate, Grading } from './schema';

export type GradeModelId = 'three' | 'four' | 'template';

export interface GradeModel {
  id: GradeModelId;
  label: string;
  /** null for 'template' (the template's own tiers). */
  grading: Grading | null;
  source: string;
}

export const GRADE_MODELS: readonly GradeModel[] = [
  {
    id: 'three',
    label: '三档：优秀（90 分以上）、合格（60 分以上）、不合格（不满 60 分或触及否决项）',
    grading: { tiers: [{ grade: '优秀', minScore: 90, requireNoDeductionIn: [] }, { grade: '合格', minScore: 60, requireNoDeductionIn: [] }], failGrade: '不合格' },
    source: '多数公开的评查通报按优秀、合格、不合格三档报告（如北京市宣武区行政许可案卷评查细则；河南、甘肃评查通报）；分数线由组织单位确定',
  },
  {
    id: 'four',
    label: '四档：优秀（90 分以上）、良好（80 分以上）、合格（60 分以上）、不合格',
    grading: {
      tiers: [
        { grade: '优秀', minScore: 90, requireNoDeductionIn: [] },
        { grade: '良好', minScore: 80, requireNoDeductionIn: [] },
        { grade: '合格', minScore: 60, requireNoDeductionIn: [] },
      ],
      failGrade: '不合格',
    },
    source: '部分省份的评查办法设良好一档；分数线由组织单位确定',
  },
  { id: 'template', label: '按评查标准模板自身规定的等次', grading: null, source: '模板的“等次”设置' },
];

/** A campaign that chose nothing (created before grade models existed) keeps its templates' grading. */
export const DEFAULT_GRADE_MODEL_FOR_NEW_CAMPAIGNS: GradeModelId = 'three';

export function gradeModel(id: string | null | undefined): GradeModel | undefined {
  return GRADE_MODELS.find((m) => m.id === id);
}

const applied = new WeakMap<ChecklistTemplate, Map<GradeModelId, ChecklistTemplate>>();

/** The template as the campaign's grade model grades it (same object when the model keeps the template's tiers). */
export function withGradeModel(template: ChecklistTemplate, id: GradeModelId | null | undefined): ChecklistTemplate {
  const m = gradeModel(id ?? 'template');
  if (!m || !m.grading) return template;
  let byModel = applied.get(template);
  if (!byModel) applied.set(template, (byModel = new Map()));
  let t = byModel.get(m.id);
  if (!t) byModel.set(m.id, (t = { ...template, grading: m.grading }));
  return t;
}
