/**
 * Template import/export in the two documented layouts (docs/template-format.md):
 * - JSON: the schema in schema.ts, parsed with {@link parseTemplateJson};
 * - spreadsheet rows: sheet 1 评查项 (one row per item), sheet 2 设置 (key/value rows). Reading the
 *   XLSX file is done elsewhere (exceljs); this module only turns string cells into a template and back.
 */
import { fromTenths, tenths } from './points';
import {
  DEFAULT_DIMENSION_NAMES,
  DIMENSION_CODES,
  type ChecklistItem,
  type ChecklistTemplate,
  type DeductionKind,
  type DimensionCode,
  type LegalBasis,
} from './schema';
import { parseTemplate, type TemplateIssue, type TemplateResult } from './validate';

/** Parses template JSON text and validates it. */
export function parseTemplateJson(text: string): TemplateResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, errors: [{ message: `模板 JSON 无法解析：${e instanceof Error ? e.message : String(e)}` }] };
  }
  return parseTemplate(raw);
}

/** Serialises a template to JSON text (stable key order as in the template object). */
export function templateToJson(template: ChecklistTemplate): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Spreadsheet layout

/** Required columns of sheet 1 (评查项), in the order they are written. */
export const ITEM_COLUMNS = [
  '编码',
  '维度',
  '评查项',
  '评查要点',
  '分值',
  '扣分方式',
  '每处扣分',
  '扣分上限',
  '最低扣分',
  '最高扣分',
  '否决项',
  '适用案件类型',
  '适用程序',
  '法律依据',
] as const;

/** Optional columns of sheet 1, written after the required ones. */
export const OPTIONAL_ITEM_COLUMNS = ['扣分步长', '否决情形', '扣分说明', '自动检查扣分'] as const;

const KIND_LABELS: Record<DeductionKind, string> = {
  none: '不扣分',
  fixed: '扣全分',
  per_occurrence: '按处扣分',
  range: '区间扣分',
};
const KIND_ALIASES: Record<string, DeductionKind> = {
  不扣分: 'none',
  仅否决: 'none',
  none: 'none',
  扣全分: 'fixed',
  固定: 'fixed',
  固定扣分: 'fixed',
  fixed: 'fixed',
  按处扣分: 'per_occurrence',
  每处扣分: 'per_occurrence',
  按处计扣: 'per_occurrence',
  per_occurrence: 'per_occurrence',
  区间扣分: 'range',
  区间: 'range',
  range: 'range',
};
const YES = new Set(['是', 'Y', 'YES', 'TRUE', 'V', '1', '√']);
const NO = new Set(['', '否', 'N', 'NO', 'FALSE', '0']);

const VETO_RULE_LABELS = { zero_total: '总分计零', fail_keep_points: '保留得分' } as const;
const NA_POLICY_LABELS = { full_marks: '按满分计', reweight: '按比例折算' } as const;
const ROUNDING_MODE_LABELS = { half_up: '四舍五入', floor: '舍去' } as const;

const LIST_SEP = /[、,，;；]/;
const BASIS_SEP = /[;；\n]/;

const joinList = (xs: readonly string[]): string => xs.join('、');
const splitList = (s: string): string[] =>
  s
    .split(LIST_SEP)
    .map((x) => x.trim())
    .filter(Boolean);

/** "行政处罚法 第二十二条、第二十三条；民事诉讼法 第八十五条". */
export function formatLegalBasis(basis: readonly LegalBasis[]): string {
  return basis.map((b) => (b.articles.length ? `${b.law} ${b.articles.join('、')}` : b.law)).join('；');
}

/** Inverse of {@link formatLegalBasis}: law name up to the first space, then articles separated by 、. */
export function parseLegalBasis(cell: string): LegalBasis[] {
  return cell
    .split(BASIS_SEP)
    .map((x) => x.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^(\S+)\s+(.+)$/.exec(entry);
      if (!m) return { law: entry, articles: [] };
      return {
        law: m[1]!,
        articles: m[2]!
          .split(/[、,，]/)
          .map((a) => a.trim())
          .filter(Boolean),
      };
    });
}

const num = (v: number): string => String(fromTenths(tenths(v)));

/** Range items' points for a confirmed automatic finding: "D-PEN-11=2、D-PEN-02=1". */
const formatFindingPoints = (m: Record<string, number> | undefined): string =>
  joinList(Object.entries(m ?? {}).map(([id, p]) => `${id}=${num(p)}`));
const parseFindingPoints = (cell: string): Record<string, number> | string => {
  const out: Record<string, number> = {};
  for (const part of splitList(cell)) {
    const m = /^([A-Za-z0-9-]+)\s*=\s*(\S+)$/.exec(part);
    const n = m ? parseNumber(m[2]!) : undefined;
    if (!m || n === undefined || Number.isNaN(n)) return part;
    out[m[1]!] = n;
  }
  return out;
};

/** Template → cells of the two sheets: `[items, settings]`. */
export function templateToRows(t: ChecklistTemplate): string[][][] {
  const header = [...ITEM_COLUMNS, ...OPTIONAL_ITEM_COLUMNS];
  const itemRows = t.items.map((it) => {
    const r = it.deduction;
    const cells: Record<string, string> = {
      编码: it.code,
      维度: it.dimension,
      评查项: it.title,
      评查要点: it.guidance,
      分值: num(it.maxPoints),
      扣分方式: KIND_LABELS[r.kind],
      每处扣分: r.kind === 'per_occurrence' ? num(r.pointsPerOccurrence) : '',
      扣分上限: r.kind === 'per_occurrence' ? num(r.cap) : '',
      最低扣分: r.kind === 'range' ? num(r.min) : '',
      最高扣分: r.kind === 'range' ? num(r.max) : '',
      否决项: it.veto ? '是' : '否',
      适用案件类型: joinList(it.caseTypes),
      适用程序: joinList(it.procedures),
      法律依据: formatLegalBasis(it.legalBasis),
      扣分步长: r.kind === 'range' ? num(r.step) : '',
      否决情形: it.vetoCondition,
      扣分说明: it.deductionNote,
      自动检查扣分: r.kind === 'range' ? formatFindingPoints(r.findingPoints) : '',
    };
    return header.map((h) => cells[h] ?? '');
  });

  const settings: string[][] = [
    ['项目', '值'],
    ['模板编码', t.key],
    ['版本', String(t.version)],
    ['名称', t.name],
    ['案件类型', t.caseType],
    ['适用程序', joinList(t.procedures)],
    ['来源', t.source],
    ['总分', num(t.totalPoints)],
    ...t.dimensions.map((d) => ['维度', d.code, d.name, num(d.maxPoints), ...(d.deductionCap === 'dimension' ? [DIMENSION_POOL_LABEL] : [])]),
    ...t.grading.tiers.map((g) => {
      const row = ['等次', g.grade, num(g.minScore)];
      if (g.requireNoDeductionIn.length) row.push(joinList(g.requireNoDeductionIn));
      return row;
    }),
    ['不合格等次', t.grading.failGrade],
    ['否决规则', VETO_RULE_LABELS[t.vetoRule]],
    ['不适用项处理', NA_POLICY_LABELS[t.naPolicy]],
    ['折算精度', num(t.reweightRounding.step)],
    ['折算取舍', ROUNDING_MODE_LABELS[t.reweightRounding.mode]],
  ];
  return [[header, ...itemRows], settings];
}

/** Fifth cell of a 维度 row when its deductions stop at the dimension (`deductionCap: 'dimension'`). */
export const DIMENSION_POOL_LABEL = '本维度扣完为止';
const DIMENSION_POOL_CELLS = [DIMENSION_POOL_LABEL, '扣完为止', 'dimension'];

const cellText = (v: unknown): string => (v === undefined || v === null ? '' : String(v)).trim();

/** Strict decimal parse of a cell; `undefined` for empty, `NaN` for garbage. */
function parseNumber(cell: string): number | undefined {
  if (cell === '') return undefined;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cell) ? Number(cell) : Number.NaN;
}

function reverse<T extends string>(labels: Record<T, string>, value: string): T | undefined {
  for (const [k, v] of Object.entries(labels) as [T, string][]) if (v === value || k === value) return k;
  return undefined;
}

/**
 * Cells of the sheets (`[items, settings]`, each a list of rows of string cells, as read from the
 * XLSX file) → validated template, or every problem found (messages name the row and the item).
 */
export function templateFromRows(
  sheets: readonly (readonly (readonly unknown[])[])[],
  opts: TemplateRowsOptions = {},
): TemplateResult {
  const itemSheetLabel = opts.itemSheetName ? `工作表“${opts.itemSheetName}”` : '评查项表';
  const settingSheetLabel = opts.settingSheetName ? `工作表“${opts.settingSheetName}”` : '设置表';
  const errors: TemplateIssue[] = [];
  const itemSheet = (sheets[0] ?? []).map((r) => r.map(cellText));
  const settingSheet = (sheets[1] ?? []).map((r) => r.map(cellText));
  if (sheets.length < 2) errors.push({ message: '模板表格应包含两个工作表：评查项、设置' });

  // --- Sheet 2: settings.
  const raw: Record<string, unknown> = {};
  const dimensions: { code: string; name: string; maxPoints: number | undefined; deductionCap?: 'dimension' }[] = [];
  const tiers: { grade: string; minScore: number | undefined; requireNoDeductionIn: string[] }[] = [];
  const rounding: Record<string, unknown> = {};
  let failGrade: string | undefined;
  const dimensionRows = new Map<string, number>();
  /** First row of each setting name, and the row of each tier (for locating validator messages). */
  const settingRows = new Map<string, number>();
  const tierRows: number[] = [];
  settingSheet.forEach((row, idx) => {
    const rowNo = idx + 1;
    const [rawKey = '', v1 = '', v2 = '', v3 = '', v4 = ''] = row;
    const key = SETTING_ALIASES[rawKey] ?? rawKey;
    if (key === '' || key === '项目') return;
    if (!settingRows.has(key)) settingRows.set(key, rowNo);
    if (key === '等次') tierRows.push(rowNo);
    const bad = (what: string): void => {
      errors.push({ message: `${settingSheetLabel}第 ${rowNo} 行：${what}` });
    };
    switch (key) {
      case '模板编码':
        raw.key = v1;
        break;
      case '版本': {
        const n = parseNumber(v1);
        raw.version = n;
        if (n === undefined || Number.isNaN(n)) bad(`版本“${v1}”不是数字`);
        break;
      }
      case '名称':
        raw.name = v1;
        break;
      case '案件类型':
        raw.caseType = v1;
        break;
      case '适用程序':
        raw.procedures = splitList(v1);
        break;
      case '来源':
        raw.source = v1;
        break;
      case '总分': {
        const n = parseNumber(v1);
        if (n === undefined || Number.isNaN(n)) bad(`总分“${v1}”不是数字`);
        raw.totalPoints = n;
        break;
      }
      case '维度': {
        const n = parseNumber(v3);
        if (n === undefined || Number.isNaN(n)) bad(`维度 ${v1} 的满分“${v3}”不是数字`);
        const code = v1 as DimensionCode;
        dimensionRows.set(v1, rowNo);
        const pooled = v4 === '' ? false : DIMENSION_POOL_CELLS.includes(v4) ? true : null;
        if (pooled === null) bad(`维度 ${v1} 的第五格“${v4}”无法识别（应为空或“${DIMENSION_POOL_LABEL}”）`);
        dimensions.push({ code: v1, name: v2 || DEFAULT_DIMENSION_NAMES[code] || '', maxPoints: n, ...(pooled ? { deductionCap: 'dimension' as const } : {}) });
        break;
      }
      case '等次': {
        const n = parseNumber(v2);
        if (n === undefined || Number.isNaN(n)) bad(`等次“${v1}”的分数线“${v2}”不是数字`);
        tiers.push({ grade: v1, minScore: n, requireNoDeductionIn: splitList(v3) });
        break;
      }
      case '不合格等次':
        failGrade = v1;
        break;
      case '否决规则': {
        const r = reverse(VETO_RULE_LABELS, v1);
        if (!r) bad(`否决规则“${v1}”无法识别（应为 总分计零 或 保留得分）`);
        raw.vetoRule = r;
        break;
      }
      case '不适用项处理': {
        const r = reverse(NA_POLICY_LABELS, v1);
        if (!r) bad(`不适用项处理“${v1}”无法识别（应为 按满分计 或 按比例折算）`);
        raw.naPolicy = r;
        break;
      }
      case '折算精度': {
        const n = parseNumber(v1);
        if (n === undefined || Number.isNaN(n)) bad(`折算精度“${v1}”不是数字`);
        rounding.step = n;
        break;
      }
      case '折算取舍': {
        const r = reverse(ROUNDING_MODE_LABELS, v1);
        if (!r) bad(`折算取舍“${v1}”无法识别（应为 四舍五入 或 舍去）`);
        rounding.mode = r;
        break;
      }
      default:
        bad(`设置项“${key}”无法识别`);
    }
  });
  raw.dimensions = dimensions;
  raw.grading = failGrade === undefined ? { tiers } : { tiers, failGrade };
  if (Object.keys(rounding).length) raw.reweightRounding = rounding;

  // --- Sheet 1: items.
  const dimByName = new Map<string, string>();
  for (const c of DIMENSION_CODES) {
    dimByName.set(c, c);
    dimByName.set(DEFAULT_DIMENSION_NAMES[c], c);
  }
  for (const d of dimensions) if (d.name) dimByName.set(d.name, d.code);

  const headerIdx = itemSheet.findIndex((r) => r.some((c) => c !== ''));
  const items: Partial<ChecklistItem>[] = [];
  /** Sheet row number (1-based) of items[k]. */
  const itemRows: number[] = [];
  let cellName = (_column?: string): string => '';
  if (headerIdx < 0) {
    errors.push({ message: '评查项表为空' });
  } else {
    const header = itemSheet[headerIdx]!;
    cellName = (column) => {
      const j = column === undefined ? undefined : col.get(column);
      return j === undefined ? '' : ` ${columnLetter(j)} 列“${column}”`;
    };
    const col = new Map<string, number>();
    header.forEach((h, i) => {
      const name = COLUMN_ALIASES[h] ?? h;
      if (!col.has(name)) col.set(name, i);
    });
    const missing = ITEM_COLUMNS.filter((c) => !col.has(c));
    if (missing.length) errors.push({ message: `${itemSheetLabel}缺少列：${missing.join('、')}` });
    for (let i = headerIdx + 1; i < itemSheet.length; i++) {
      const row = itemSheet[i]!;
      if (row.every((c) => c === '')) continue;
      const get = (name: string): string => {
        const j = col.get(name);
        return j === undefined ? '' : (row[j] ?? '');
      };
      const code = get('编码');
      itemRows.push(i + 1);
      const bad = (what: string, column?: string): void => {
        errors.push({
          itemCode: code || undefined,
          itemIndex: items.length,
          message: `${itemSheetLabel}第 ${i + 1} 行${cellName(column)}${code ? `（${code}）` : ''}：${what}`,
        });
      };
      const numCell = (name: string): number | undefined => {
        const n = parseNumber(get(name));
        if (n !== undefined && Number.isNaN(n)) bad(`${name}“${get(name)}”不是数字`, name);
        return n;
      };
      const kindText = get('扣分方式');
      const kind = KIND_ALIASES[kindText];
      if (!kind) bad(`扣分方式“${kindText}”无法识别（应为 不扣分、扣全分、按处扣分 或 区间扣分）`, '扣分方式');
      let deduction: unknown = { kind };
      if (kind === 'per_occurrence') {
        deduction = { kind, pointsPerOccurrence: numCell('每处扣分'), cap: numCell('扣分上限') };
      } else if (kind === 'range') {
        const step = numCell('扣分步长');
        const fp = parseFindingPoints(get('自动检查扣分'));
        if (typeof fp === 'string') bad(`自动检查扣分“${fp}”应写作 规则编号=分值（如 D-PEN-11=2）`, '自动检查扣分');
        const findingPoints = typeof fp === 'string' || Object.keys(fp).length === 0 ? {} : { findingPoints: fp };
        deduction = { kind, min: numCell('最低扣分'), max: numCell('最高扣分'), ...(step === undefined ? {} : { step }), ...findingPoints };
      }
      const vetoText = get('否决项').toUpperCase();
      if (!YES.has(vetoText) && !NO.has(vetoText)) bad(`否决项“${get('否决项')}”应为 是 或 否`, '否决项');
      const dimText = get('维度');
      const dimension = dimByName.get(dimText) ?? dimText;
      items.push({
        code,
        dimension: dimension as DimensionCode,
        title: get('评查项'),
        guidance: get('评查要点'),
        maxPoints: numCell('分值'),
        deduction: deduction as ChecklistItem['deduction'],
        veto: YES.has(vetoText),
        vetoCondition: get('否决情形'),
        deductionNote: get('扣分说明'),
        caseTypes: splitList(get('适用案件类型')),
        procedures: splitList(get('适用程序')),
        legalBasis: parseLegalBasis(get('法律依据')),
      });
    }
  }
  raw.items = items;

  if (errors.length) return { ok: false, errors };
  const result = parseTemplate(raw);
  if (result.ok) return result;
  // Point every problem found by the shared validator back at its row and column.
  const firstRowOfCode = new Map<string, number>();
  items.forEach((it, k) => {
    if (it.code && !firstRowOfCode.has(it.code)) firstRowOfCode.set(it.code, itemRows[k]!);
  });
  const settingRowOf = (field: string): number | undefined => {
    const tier = /^grading\.tiers\.(\d+)/.exec(field);
    if (tier) return tierRows[Number(tier[1])];
    const name = SETTING_FIELDS[field.split('.')[0] === 'grading' ? field.split('.').slice(0, 2).join('.') : field.split('.')[0]!];
    return name ? settingRows.get(name) : undefined;
  };
  const located = result.errors.map((e): TemplateIssue => {
    if (e.itemIndex !== undefined && itemRows[e.itemIndex] !== undefined) {
      const rowNo = itemRows[e.itemIndex]!;
      const column = e.field ? fieldColumn(e.field) : undefined;
      const first = e.field === 'code' && e.itemCode ? firstRowOfCode.get(e.itemCode) : undefined;
      const dup = first !== undefined && first !== rowNo && e.message.endsWith('编码重复') ? `（与第 ${first} 行重复）` : '';
      return { ...e, message: `${itemSheetLabel}第 ${rowNo} 行${cellName(column)}：${e.message}${dup}` };
    }
    if (e.dimension && dimensionRows.has(e.dimension)) {
      return { ...e, message: `${settingSheetLabel}第 ${dimensionRows.get(e.dimension)} 行：${e.message}` };
    }
    const settingRow = e.field ? settingRowOf(e.field) : undefined;
    return { ...e, message: `${settingSheetLabel}${settingRow ? `第 ${settingRow} 行` : ''}：${e.message}` };
  });
  return { ok: false, errors: located };
}

/** Names of the sheets, used in error messages (default: 评查项表 / 设置表). */
export interface TemplateRowsOptions {
  itemSheetName?: string;
  settingSheetName?: string;
}

/** Spreadsheet column letter of a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Item field (as reported by the validator) → the column that holds it. */
const FIELD_COLUMNS: Record<string, string> = {
  code: '编码',
  dimension: '维度',
  title: '评查项',
  guidance: '评查要点',
  maxPoints: '分值',
  deduction: '扣分方式',
  'deduction.kind': '扣分方式',
  'deduction.pointsPerOccurrence': '每处扣分',
  'deduction.cap': '扣分上限',
  'deduction.min': '最低扣分',
  'deduction.max': '最高扣分',
  'deduction.step': '扣分步长',
  veto: '否决项',
  vetoCondition: '否决情形',
  deductionNote: '扣分说明',
  caseTypes: '适用案件类型',
  procedures: '适用程序',
};

function fieldColumn(field: string): string | undefined {
  if (field.startsWith('legalBasis')) return '法律依据';
  return FIELD_COLUMNS[field];
}

/** Other header texts accepted for the item columns (wording used by some provincial standards). */
export const COLUMN_ALIASES: Readonly<Record<string, string>> = {
  编号: '编码',
  评查项编码: '编码',
  标题: '评查项',
  评查项名称: '评查项',
  评查内容: '评查要点',
  满分: '分值',
  扣分上限值: '扣分上限',
  上限: '扣分上限',
  区间下限: '最低扣分',
  区间上限: '最高扣分',
  步长: '扣分步长',
  否决: '否决项',
  是否否决项: '否决项',
};

/** Template field → the settings row that holds it. */
const SETTING_FIELDS: Readonly<Record<string, string>> = {
  key: '模板编码',
  version: '版本',
  name: '名称',
  caseType: '案件类型',
  procedures: '适用程序',
  source: '来源',
  totalPoints: '总分',
  dimensions: '维度',
  'grading.tiers': '等次',
  'grading.failGrade': '不合格等次',
  vetoRule: '否决规则',
  naPolicy: '不适用项处理',
  reweightRounding: '折算精度',
};

/** Other names accepted for the settings rows. */
const SETTING_ALIASES: Readonly<Record<string, string>> = {
  编码: '模板编码',
  模板名称: '名称',
  版本号: '版本',
  等次线: '等次',
};
