/** Labels of the template settings' closed lists, as the panel, the view and the editor show them. */
import type { TemplateSummary } from '../../../shared/api/namespaces/templates';
import type { ChecklistTemplate, DeductionKind } from '../../../shared/domain/scoring';

export const SOURCE_LABELS: Record<TemplateSummary['source'], string> = { builtin: '内置', imported: '导入', edited: '编辑' };
export const KIND_LABELS: Record<DeductionKind, string> = { none: '不扣分（仅否决）', fixed: '扣全分', per_occurrence: '按处扣分', range: '区间扣分' };
export const VETO_RULE_LABELS: Record<ChecklistTemplate['vetoRule'], string> = { zero_total: '否决即总分计零', fail_keep_points: '否决判不合格，保留得分' };
export const NA_LABELS: Record<ChecklistTemplate['naPolicy'], string> = { full_marks: '不适用项按满分计', reweight: '不适用项不计，按比例折算' };
