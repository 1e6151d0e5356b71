/**
 * Template validation: shape (zod) + cross-field rules. Every message is Chinese and names the
 * template and, where there is one, the item: "模板 PG v1 的评查项 PG-PROC-07：扣分上限 1 小于每处扣分 2".
 */
import { z } from 'zod';
import { fromTenths, tenths } from './points';
import {
  ChecklistTemplateSchema,
  DIMENSION_CODES,
  ITEM_CODE_PATTERN,
  type ChecklistItem,
  type ChecklistTemplate,
} from './schema';

/** One problem found in a template. */
export interface TemplateIssue {
  /** Item code when the problem belongs to an item. */
  itemCode?: string;
  /** Position of the item in `items` (lets a spreadsheet import name the row). */
  itemIndex?: number;
  /** Template field the problem is about, e.g. `maxPoints`, `deduction.cap` (names the column). */
  field?: string;
  /** Dimension code when the problem belongs to a dimension. */
  dimension?: string;
  /** Full Chinese message, naming template and item. */
  message: string;
}

export type TemplateResult =
  | { ok: true; template: ChecklistTemplate }
  | { ok: false; errors: TemplateIssue[] };

const FIELD_NAMES: Record<string, string> = {
  key: '模板编码',
  version: '版本',
  name: '名称',
  caseType: '案件类型',
  procedures: '适用程序',
  totalPoints: '总分',
  dimensions: '维度',
  items: '评查项',
  code: '编码',
  dimension: '维度',
  title: '评查项名称',
  guidance: '评查要点',
  maxPoints: '分值',
  deduction: '扣分方式',
  kind: '扣分方式',
  pointsPerOccurrence: '每处扣分',
  cap: '扣分上限',
  min: '最低扣分',
  max: '最高扣分',
  step: '扣分步长',
  veto: '否决项',
  caseTypes: '适用案件类型',
  legalBasis: '法律依据',
  law: '法律名称',
  articles: '条文',
  grading: '等次设置',
  tiers: '等次',
  grade: '等次名称',
  minScore: '等次分数线',
  failGrade: '不合格等次',
  vetoRule: '否决规则',
  naPolicy: '不适用项处理',
  reweightRounding: '折算规则',
  deductionCap: '扣分封顶方式',
};

/** "模板 PG v1" (or just "模板" when key/version are unusable). */
export function templateLabel(t: { key?: unknown; version?: unknown } | null | undefined): string {
  const key = t && typeof t.key === 'string' && t.key ? t.key : '';
  const version = t && typeof t.version === 'number' ? t.version : undefined;
  if (!key) return '模板';
  return version === undefined ? `模板 ${key}` : `模板 ${key} v${version}`;
}

const itemPrefix = (label: string, code: string): string => `${label} 的评查项 ${code}`;

function fieldPath(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (const p of path) {
    if (typeof p === 'number') {
      if (parts.length) parts[parts.length - 1] += `第${p + 1}项`;
    } else {
      parts.push(FIELD_NAMES[String(p)] ?? String(p));
    }
  }
  return parts.join('.');
}

function zodIssues(raw: unknown, error: z.ZodError): TemplateIssue[] {
  const rec = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const label = templateLabel(rec as { key?: unknown; version?: unknown });
  const items = Array.isArray(rec.items) ? (rec.items as unknown[]) : [];
  return error.issues.map((iss) => {
    const path = iss.path;
    if (path[0] === 'items' && typeof path[1] === 'number') {
      const idx = path[1];
      const item = items[idx] as { code?: unknown } | undefined;
      const code = item && typeof item.code === 'string' && item.code ? item.code : `第 ${idx + 1} 项`;
      const field = fieldPath(path.slice(2));
      return {
        itemCode: code,
        itemIndex: idx,
        field: path.slice(2).filter((p) => typeof p === 'string').join('.'),
        message: `${itemPrefix(label, code)}：${field ? `${field}：` : ''}${iss.message}`,
      };
    }
    const field = fieldPath(path);
    const key = path.map(String).join('.');
    return { ...(key ? { field: key } : {}), message: `${label}：${field ? `${field}：` : ''}${iss.message}` };
  });
}

/** Cross-field checks on a template whose shape is already valid. Empty array = valid. */
export function validateTemplate(t: ChecklistTemplate): TemplateIssue[] {
  const label = templateLabel(t);
  const issues: TemplateIssue[] = [];
  let itemIndex = -1;
  const itemIssue = (item: ChecklistItem, msg: string, field?: string): void => {
    issues.push({ itemCode: item.code, itemIndex, ...(field ? { field } : {}), message: `${itemPrefix(label, item.code)}：${msg}` });
  };

  // Dimensions: unique, sum to the declared total.
  const declared = new Map<string, number>();
  for (const d of t.dimensions) {
    if (declared.has(d.code)) {
      issues.push({ dimension: d.code, message: `${label}：维度 ${d.code} 重复声明` });
    }
    declared.set(d.code, tenths(d.maxPoints));
  }
  const dimSum = t.dimensions.reduce((s, d) => s + tenths(d.maxPoints), 0);
  if (dimSum !== tenths(t.totalPoints)) {
    issues.push({
      field: 'totalPoints',
      message: `${label}：各维度满分之和 ${fromTenths(dimSum)} 与总分 ${t.totalPoints} 不一致`,
    });
  }

  // Items.
  const seen = new Set<string>();
  const itemSums = new Map<string, number>();
  for (const item of t.items) {
    itemIndex++;
    if (seen.has(item.code)) itemIssue(item, '编码重复', 'code');
    seen.add(item.code);

    const m = ITEM_CODE_PATTERN.exec(item.code);
    if (m) {
      const [, typePart, dimPart] = m;
      if (typePart !== t.key) itemIssue(item, `编码前缀 ${typePart} 与模板编码 ${t.key} 不一致`, 'code');
      // The code's middle part must name a known dimension, but an item may sit in another one: codes
      // are stable across versions (automatic rules and reports key on them), and a later version may
      // regroup items — PG v3 moves PG-SUB-05/06 to 事实与证据. A wrong 维度 still shows in the sums below.
      if (!(DIMENSION_CODES as readonly string[]).includes(dimPart!)) {
        itemIssue(item, `编码中的维度 ${dimPart} 不是已知维度（SUB、PROC、DISC、EVID、DOC）`, 'code');
      }
    }
    if (!declared.has(item.dimension)) {
      itemIssue(item, `所属维度 ${item.dimension} 未在模板中声明`, 'dimension');
    }
    itemSums.set(item.dimension, (itemSums.get(item.dimension) ?? 0) + tenths(item.maxPoints));

    const max = item.maxPoints;
    const rule = item.deduction;
    switch (rule.kind) {
      case 'none':
        if (!item.veto) itemIssue(item, '扣分方式为“不扣分”的评查项必须是否决项', 'veto');
        if (tenths(max) !== 0) itemIssue(item, `扣分方式为“不扣分”的评查项分值应为 0，实际为 ${max}`, 'maxPoints');
        break;
      case 'fixed':
        if (tenths(max) === 0) itemIssue(item, '扣分方式为“扣全分”的评查项分值必须大于 0', 'maxPoints');
        break;
      case 'per_occurrence':
        if (tenths(max) === 0) itemIssue(item, '扣分方式为“按处扣分”的评查项分值必须大于 0', 'maxPoints');
        if (tenths(rule.cap) < tenths(rule.pointsPerOccurrence)) {
          itemIssue(item, `扣分上限 ${rule.cap} 小于每处扣分 ${rule.pointsPerOccurrence}`, 'deduction.cap');
        }
        if (tenths(rule.cap) > tenths(max)) itemIssue(item, `扣分上限 ${rule.cap} 超过分值 ${max}`, 'deduction.cap');
        break;
      case 'range': {
        if (tenths(max) === 0) itemIssue(item, '扣分方式为“区间扣分”的评查项分值必须大于 0', 'maxPoints');
        if (tenths(rule.min) > tenths(rule.max)) {
          itemIssue(item, `最低扣分 ${rule.min} 大于最高扣分 ${rule.max}`, 'deduction.min');
        }
        if (tenths(rule.max) > tenths(max)) itemIssue(item, `最高扣分 ${rule.max} 超过分值 ${max}`, 'deduction.max');
        const step = tenths(rule.step);
        if (tenths(rule.min) % step !== 0) itemIssue(item, `最低扣分 ${rule.min} 不是扣分步长 ${rule.step} 的整数倍`, 'deduction.min');
        if (tenths(rule.max) % step !== 0) itemIssue(item, `最高扣分 ${rule.max} 不是扣分步长 ${rule.step} 的整数倍`, 'deduction.max');
        for (const [ruleId, pts] of Object.entries(rule.findingPoints ?? {})) {
          if (tenths(pts) < tenths(rule.min) || tenths(pts) > tenths(rule.max) || tenths(pts) % step !== 0) {
            itemIssue(item, `自动检查 ${ruleId} 的扣分 ${pts} 不在 ${rule.min}–${rule.max} 分（步长 ${rule.step}）之内`, 'deduction.findingPoints');
          }
        }
        break;
      }
    }

    for (const ct of item.caseTypes) {
      if (ct !== t.caseType) itemIssue(item, `适用案件类型“${ct}”不是模板的案件类型“${t.caseType}”`, 'caseTypes');
    }
    if (t.procedures.length > 0) {
      for (const p of item.procedures) {
        if (!t.procedures.includes(p)) itemIssue(item, `适用程序“${p}”不在模板适用程序（${t.procedures.join('、')}）中`, 'procedures');
      }
    }
  }

  const pooledMax = new Map(t.dimensions.filter((d) => d.deductionCap === 'dimension').map((d) => [d.code, d] as const));
  if (pooledMax.size > 0 && t.naPolicy === 'reweight') {
    issues.push({ field: 'naPolicy', message: `${label}：维度扣完为止（deductionCap）不能与不适用项按比例折算（reweight）同时使用` });
  }
  itemIndex = -1;
  for (const item of t.items) {
    itemIndex++;
    const pool = pooledMax.get(item.dimension);
    if (pool && tenths(item.maxPoints) > tenths(pool.maxPoints)) {
      itemIssue(item, `最多扣分 ${item.maxPoints} 超过所属维度 ${pool.code}（${pool.name}，本维度扣完为止）的满分 ${pool.maxPoints}`, 'maxPoints');
    }
  }
  for (const d of t.dimensions) {
    const sum = itemSums.get(d.code) ?? 0;
    if (d.deductionCap === 'dimension') {
      // A pool the items cannot empty would hand out points no problem can take away.
      if (sum < tenths(d.maxPoints)) {
        issues.push({
          dimension: d.code,
          message: `${label} 的维度 ${d.code}（${d.name}）：本维度扣完为止，评查项最多扣分之和 ${fromTenths(sum)} 小于维度满分 ${d.maxPoints}`,
        });
      }
      continue;
    }
    if (sum !== tenths(d.maxPoints)) {
      issues.push({
        dimension: d.code,
        message: `${label} 的维度 ${d.code}（${d.name}）：评查项分值之和 ${fromTenths(sum)} 与维度满分 ${d.maxPoints} 不一致`,
      });
    }
  }

  // Grading: strictly descending thresholds within the total, distinct names.
  const names = new Set<string>();
  let prev: number | null = null;
  t.grading.tiers.forEach((tier, tierIndex) => {
    const field = `grading.tiers.${tierIndex}`;
    if (names.has(tier.grade)) issues.push({ field, message: `${label}：等次“${tier.grade}”重复` });
    names.add(tier.grade);
    const min = tenths(tier.minScore);
    if (min > tenths(t.totalPoints)) {
      issues.push({ field, message: `${label}：等次“${tier.grade}”的分数线 ${tier.minScore} 超过总分 ${t.totalPoints}` });
    }
    if (prev !== null && min >= prev) {
      issues.push({ field, message: `${label}：等次“${tier.grade}”的分数线 ${tier.minScore} 应低于上一等次` });
    }
    prev = min;
    for (const dim of tier.requireNoDeductionIn) {
      if (!declared.has(dim)) issues.push({ field, message: `${label}：等次“${tier.grade}”的附加条件引用了未声明的维度 ${dim}` });
    }
  });
  if (names.has(t.grading.failGrade)) {
    issues.push({ field: 'grading.failGrade', message: `${label}：不合格等次“${t.grading.failGrade}”与其他等次重名` });
  }
  return issues;
}

/** Shape + cross-field validation of untrusted template data (parsed JSON, imported rows). */
export function parseTemplate(raw: unknown): TemplateResult {
  const parsed = ChecklistTemplateSchema.safeParse(raw, { error: z.locales.zhCN().localeError });
  if (!parsed.success) return { ok: false, errors: zodIssues(raw, parsed.error) };
  const errors = validateTemplate(parsed.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, template: parsed.data };
}

/** Like {@link parseTemplate} but throws an Error listing every problem (for built-in data). */
export function mustParseTemplate(raw: unknown): ChecklistTemplate {
  const r = parseTemplate(raw);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.template;
}
