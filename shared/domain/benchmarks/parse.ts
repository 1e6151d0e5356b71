/**
 * Discretion benchmark tables (裁量基准表), one row per violation × tier, as a legal office keeps them
 * in Excel: header names are matched loosely (spaces and bracketed units ignored, common synonyms
 * accepted). Pure: takes the string table the register reader produces, returns items + tiers or
 * issues naming file, row and column. Nothing is partially accepted: any error rejects the file.
 */
import { CIRCUMSTANCES, type Circumstance } from '../register/columns';
import { cleanCell } from '../register/normalise';
import type { RegisterIssue, RegisterTable } from '../register/validate';

export type BenchmarkTierCode = 'NO_PENALTY' | 'MITIGATED' | 'LENIENT' | 'GENERAL' | 'SEVERE';
export type BenchmarkRangeUnit = 'yuan' | 'multiple_of_illegal_gain' | 'multiple_of_goods_value' | 'pct_of_investment';

export interface ParsedBenchmarkTier {
  row: number;
  tier: BenchmarkTierCode;
  circumstance: Circumstance;
  conditions: string;
  fineMin: number | null;
  fineMax: number | null;
  penaltyKinds: string[];
}

export interface ParsedBenchmarkItem {
  code: string;
  violationName: string;
  violatedProvision: string | null;
  penaltyProvision: string | null;
  rangeUnit: BenchmarkRangeUnit;
  /** The widest range over the item's tiers (the table has no separate statutory range column). */
  rangeMin: number | null;
  rangeMax: number | null;
  tiers: ParsedBenchmarkTier[];
}

type Field = 'code' | 'name' | 'violated' | 'penalty' | 'circumstance' | 'tier' | 'kinds' | 'min' | 'max' | 'unit' | 'conditions';

/** The template's column names (first) and accepted synonyms. */
export const BENCHMARK_COLUMNS: Record<Field, { label: string; aliases: string[]; required: boolean }> = {
  code: { label: '违法行为代码', aliases: ['违法行为编码', '编码', '代码', '违法行为编号'], required: true },
  name: { label: '违法行为', aliases: ['违法行为名称', '违法行为描述', '违法行为表述'], required: true },
  violated: { label: '违反条款', aliases: ['违法条款', '违反的规定', '法律依据'], required: false },
  penalty: { label: '处罚依据', aliases: ['罚则', '处罚条款'], required: false },
  circumstance: { label: '情节档次', aliases: ['情节', '违法情节', '情节等级'], required: true },
  tier: { label: '裁量阶次', aliases: ['裁量等级', '处罚阶次', '阶次', '裁量档次'], required: true },
  kinds: { label: '处罚种类', aliases: ['处罚类型', '处罚内容'], required: false },
  min: { label: '罚款下限', aliases: ['幅度下限', '下限', '罚款最低'], required: false },
  max: { label: '罚款上限', aliases: ['幅度上限', '上限', '罚款最高'], required: false },
  unit: { label: '幅度单位', aliases: ['计罚单位', '罚款单位'], required: false },
  conditions: { label: '适用条件', aliases: ['适用情形', '条件', '裁量情形', '具体情形'], required: false },
};

export const BENCHMARK_TEMPLATE_HEADERS = (Object.keys(BENCHMARK_COLUMNS) as Field[]).map((f) =>
  f === 'min' || f === 'max' ? `${BENCHMARK_COLUMNS[f].label}（元或倍数）` : BENCHMARK_COLUMNS[f].label,
);

const TIERS: Record<string, BenchmarkTierCode> = {
  不予处罚: 'NO_PENALTY',
  免予处罚: 'NO_PENALTY',
  减轻: 'MITIGATED',
  减轻处罚: 'MITIGATED',
  从轻: 'LENIENT',
  从轻处罚: 'LENIENT',
  一般: 'GENERAL',
  一般处罚: 'GENERAL',
  从重: 'SEVERE',
  从重处罚: 'SEVERE',
};
export const TIER_LABELS: Record<BenchmarkTierCode, string> = { NO_PENALTY: '不予处罚', MITIGATED: '减轻', LENIENT: '从轻', GENERAL: '一般', SEVERE: '从重' };

const UNITS: Record<string, BenchmarkRangeUnit> = {
  '': 'yuan',
  元: 'yuan',
  违法所得倍数: 'multiple_of_illegal_gain',
  违法所得的倍数: 'multiple_of_illegal_gain',
  倍违法所得: 'multiple_of_illegal_gain',
  货值倍数: 'multiple_of_goods_value',
  货值金额倍数: 'multiple_of_goods_value',
  投资额百分比: 'pct_of_investment',
};
export const UNIT_LABELS: Record<BenchmarkRangeUnit, string> = {
  yuan: '元',
  multiple_of_illegal_gain: '违法所得倍数',
  multiple_of_goods_value: '货值倍数',
  pct_of_investment: '投资额百分比',
};

const normaliseHeader = (h: string) => cleanCell(h).replace(/\s+/g, '').replace(/[（(【[].*?[)）】\]]/g, '');

/** "5,000" / "5000元" / "1.85万" → number; '' → null; anything else → undefined (an error). */
export function parseAmount(text: string): number | null | undefined {
  let s = cleanCell(text).replace(/[,，\s]/g, '').replace(/元$/, '');
  if (s === '' || s === '-' || s === '—' || s === '不限') return null;
  let factor = 1;
  if (s.endsWith('万')) {
    factor = 10_000;
    s = s.slice(0, -1);
  }
  if (s.endsWith('倍')) s = s.slice(0, -1);
  if (s.endsWith('%')) s = s.slice(0, -1);
  if (!/^\d+(\.\d+)?$/.test(s)) return undefined;
  return Math.round(Number(s) * factor * 100) / 100;
}

const splitKinds = (text: string) =>
  cleanCell(text)
    .split(/[、,，;；/]+/)
    .map((k) => k.trim())
    .filter(Boolean);

export interface BenchmarkParseResult {
  items: ParsedBenchmarkItem[];
  errors: RegisterIssue[];
  rows: number;
}

export function parseBenchmarkTable(table: RegisterTable, file: string): BenchmarkParseResult {
  const errors: RegisterIssue[] = [];
  const issue = (row: number, column: string, value: string, message: string) => errors.push({ file, row, column, value, message });
  const index = new Map<Field, number>();
  const headerNames = table.headers.map(normaliseHeader);
  for (const [field, spec] of Object.entries(BENCHMARK_COLUMNS) as [Field, (typeof BENCHMARK_COLUMNS)[Field]][]) {
    const names = [spec.label, ...spec.aliases];
    const i = headerNames.findIndex((h) => names.includes(h));
    if (i >= 0) index.set(field, i);
    else if (spec.required) issue(table.headerRow, spec.label, '', `缺少必填列“${spec.label}”（表头第 ${table.headerRow} 行；可用模板 docs/benchmark-template.csv）`);
  }
  if (errors.length) return { items: [], errors, rows: table.rows.length };
  if (table.rows.length === 0) {
    issue(0, '', '', `文件“${file}”没有数据行`);
    return { items: [], errors, rows: 0 };
  }

  const header = (f: Field) => table.headers[index.get(f)!] ?? BENCHMARK_COLUMNS[f].label;
  const cell = (cells: string[], f: Field) => (index.has(f) ? cleanCell(cells[index.get(f)!] ?? '') : '');
  const items = new Map<string, ParsedBenchmarkItem>();

  for (const { row, cells } of table.rows) {
    const code = cell(cells, 'code');
    const name = cell(cells, 'name');
    if (!code) issue(row, header('code'), '', '违法行为代码不能为空');
    if (!name) issue(row, header('name'), '', '违法行为不能为空');
    const circText = cell(cells, 'circumstance');
    const circumstance = (CIRCUMSTANCES as readonly string[]).includes(circText) ? (circText as Circumstance) : null;
    if (!circumstance) issue(row, header('circumstance'), circText, `情节档次应为 ${CIRCUMSTANCES.join('、')} 之一`);
    const tierText = cell(cells, 'tier').replace(/\s+/g, '');
    const tier = TIERS[tierText] ?? null;
    if (!tier) issue(row, header('tier'), tierText, '裁量阶次应为 不予处罚、减轻、从轻、一般、从重 之一');
    const unitText = cell(cells, 'unit').replace(/\s+/g, '');
    const unit = UNITS[unitText];
    if (!unit) issue(row, header('unit'), unitText, '幅度单位应为 元、违法所得倍数、货值倍数 或 投资额百分比（留空为元）');
    const amount = (f: 'min' | 'max') => {
      const raw = cell(cells, f);
      const v = parseAmount(raw);
      if (v === undefined) issue(row, header(f), raw, `${BENCHMARK_COLUMNS[f].label}应为数字（如 5000、1.85万），留空表示不限`);
      return v ?? null;
    };
    const fineMin = amount('min');
    const fineMax = amount('max');
    if (fineMin !== null && fineMax !== null && fineMin > fineMax) {
      issue(row, header('min'), String(fineMin), `罚款下限 ${fineMin} 大于上限 ${fineMax}`);
    }
    if (!code || !name || !circumstance || !tier || !unit) continue;

    let item = items.get(code);
    if (!item) {
      item = {
        code,
        violationName: name,
        violatedProvision: cell(cells, 'violated') || null,
        penaltyProvision: cell(cells, 'penalty') || null,
        rangeUnit: unit,
        rangeMin: null,
        rangeMax: null,
        tiers: [],
      };
      items.set(code, item);
    } else {
      if (item.violationName !== name) {
        issue(row, header('name'), name, `同一违法行为代码 ${code} 的违法行为名称与前面的行不一致（“${item.violationName}”）`);
      }
      if (item.rangeUnit !== unit) {
        issue(row, header('unit'), unitText, `同一违法行为代码 ${code} 的幅度单位与前面的行不一致（${UNIT_LABELS[item.rangeUnit]}）`);
      }
    }
    item.tiers.push({ row, tier, circumstance, conditions: cell(cells, 'conditions'), fineMin, fineMax, penaltyKinds: splitKinds(cell(cells, 'kinds')) });
  }
  for (const item of items.values()) {
    const mins = item.tiers.map((t) => t.fineMin);
    const maxs = item.tiers.map((t) => t.fineMax);
    item.rangeMin = mins.every((m) => m !== null) ? Math.min(...(mins as number[])) : null;
    item.rangeMax = maxs.every((m) => m !== null) ? Math.max(...(maxs as number[])) : null;
  }
  return { items: errors.length ? [] : [...items.values()], errors, rows: table.rows.length };
}
