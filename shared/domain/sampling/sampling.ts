/**
 * Reproducible random sampling of dossiers (随机抽取). Pure: same population (in any order) + same
 * settings + same seed ⇒ the same sample on every machine. The algorithm is specified step by step
 * in docs/sampling.md; SAMPLING_ALGORITHM names it and must change whenever the output could change.
 */
import { AppError } from '../../errors';
import { Xoshiro128ss, compareCodePoints, sha256Hex } from './prng';

export const SAMPLING_ALGORITHM = 'sha256-xoshiro128ss-fisher-yates-v1';

/** Separator inside a stratum label when stratified: 单位名称｜案件类型 (U+FF5C). */
export const STRATUM_SEPARATOR = '｜';

export interface PopulationItem {
  id: string;
  /** 案卷编号: unique within the population; defines the canonical order. */
  caseNo: string;
  unitName: string;
  caseType: string;
  /** 结案日期, YYYY-MM-DD. */
  closedDate: string;
}

export interface SampleSettings {
  /** per_unit: a fixed count per unit; ratio: a share of each unit's population. */
  mode: 'per_unit' | 'ratio';
  /** per_unit mode: dossiers per unit (≥ 1). */
  perUnit?: number | null;
  /** ratio mode: 0 < ratio ≤ 1, at most 6 decimals. */
  ratio?: number | null;
  /** ratio mode: minimum per unit (default 0). Ignored in per_unit mode. */
  min?: number | null;
  /** ratio mode: optional maximum per unit. Ignored in per_unit mode. */
  max?: number | null;
  /** Stratify each unit's draw by 案件类型. */
  stratify?: boolean;
  /** 结案日期 window, inclusive at both ends (YYYY-MM-DD); null = open. */
  from?: string | null;
  to?: string | null;
  /** Restrict the population to these case types; empty = all. */
  caseTypes?: readonly string[] | null;
  /**
   * 案卷编号 the office left out before drawing (e.g. no 卷宗 PDF attached): recorded with the draw,
   * so the draw stays reproducible after the PDFs arrive.
   */
  excludeCaseNos?: readonly string[] | null;
}

/** The settings as the draw understood them (defaults filled, case types sorted): stored with the draw. */
export interface NormalizedSampleSettings {
  mode: 'per_unit' | 'ratio';
  perUnit: number | null;
  ratio: number | null;
  min: number;
  max: number | null;
  stratify: boolean;
  from: string | null;
  to: string | null;
  caseTypes: string[];
  /** Present only when the office left dossiers out (sorted). */
  excludeCaseNos?: string[];
}

export interface SampledItem {
  id: string;
  caseNo: string;
  unitName: string;
  caseType: string;
  closedDate: string;
  /** Stratum label: the unit name, or 单位名称｜案件类型 when stratified. */
  stratum: string;
  /** 1-based position in the whole draw. */
  drawOrder: number;
  /** 1-based position within its stratum (the Fisher–Yates step that picked it). */
  stratumDrawOrder: number;
}

export interface StratumSummary {
  stratum: string;
  unitName: string;
  /** null when not stratified by case type. */
  caseType: string | null;
  /** Dossiers in the stratum after the case-type and date filters. */
  population: number;
  drawn: number;
  /** SHA-256 (hex) of the stratum's 案卷编号 in canonical order, joined by "\n" (UTF-8). */
  digest: string;
}

export interface UnitSummary {
  unitName: string;
  population: number;
  drawn: number;
}

export interface DrawResult {
  algorithm: string;
  seed: string;
  settings: NormalizedSampleSettings;
  /** In draw order. */
  items: SampledItem[];
  /** In processing order (unit name, then case type, by code point). */
  populationByStratum: StratumSummary[];
  populationByUnit: UnitSummary[];
  /** Dossiers of the input left out by the filters. */
  excluded: { byCaseType: number; byClosedDate: number; byRequest?: number };
  total: { input: number; population: number; drawn: number };
}

const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const PPM = 1_000_000;

function bad(message: string, details?: unknown): AppError {
  return new AppError('invalid_argument', message, details);
}

function isNonNegInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

/** Validates settings and fills defaults. Throws AppError('invalid_argument') with a Chinese message. */
export function normalizeSampleSettings(s: SampleSettings): NormalizedSampleSettings {
  if (!s || (s.mode !== 'per_unit' && s.mode !== 'ratio')) throw bad('抽样方式必须是“按数量”（per_unit）或“按比例”（ratio）');
  const min = s.min ?? 0;
  const max = s.max ?? null;
  let perUnit: number | null = null;
  let ratio: number | null = null;
  if (s.mode === 'per_unit') {
    if (!isNonNegInt(s.perUnit) || s.perUnit < 1) throw bad('按数量抽取时，每单位抽取数必须是不小于 1 的整数');
    perUnit = s.perUnit;
  } else {
    const r = s.ratio;
    if (typeof r !== 'number' || !Number.isFinite(r) || r <= 0 || r > 1) throw bad('抽取比例必须大于 0 且不超过 1');
    if (Math.abs(r * PPM - Math.round(r * PPM)) > 1e-6) throw bad('抽取比例最多保留 6 位小数（如 0.05 表示 5%）');
    ratio = r;
    if (!isNonNegInt(min)) throw bad('每单位最少抽取数必须是非负整数');
    if (max !== null && (!isNonNegInt(max) || max < 1)) throw bad('每单位最多抽取数必须是不小于 1 的整数');
    if (max !== null && max < min) throw bad('每单位最多抽取数不能小于最少抽取数');
  }
  const from = s.from ?? null;
  const to = s.to ?? null;
  if (from !== null && !DATE_RE.test(from)) throw bad(`结案日期起始日“${from}”格式应为 YYYY-MM-DD`);
  if (to !== null && !DATE_RE.test(to)) throw bad(`结案日期截止日“${to}”格式应为 YYYY-MM-DD`);
  if (from !== null && to !== null && from > to) throw bad('结案日期范围的起始日期不能晚于截止日期');
  const caseTypes = [...new Set(s.caseTypes ?? [])].sort(compareCodePoints);
  for (const t of caseTypes) if (typeof t !== 'string' || t === '') throw bad('案件类型不能为空');
  const excludeCaseNos = [...new Set(s.excludeCaseNos ?? [])].sort(compareCodePoints);
  for (const c of excludeCaseNos) if (typeof c !== 'string' || c === '') throw bad('排除的案卷编号不能为空');
  return {
    mode: s.mode,
    perUnit,
    ratio,
    min: s.mode === 'ratio' ? min : 0,
    max: s.mode === 'ratio' ? max : null,
    stratify: s.stratify === true,
    from,
    to,
    caseTypes,
    ...(excludeCaseNos.length ? { excludeCaseNos } : {}),
  };
}

/**
 * Sample size for one unit of N dossiers.
 * per_unit: n = min(perUnit, N). ratio: n = min(N, max, max(min, ⌈ratio × N⌉)), where ⌈ratio × N⌉
 * is computed exactly as ⌈round(ratio × 10^6) × N / 10^6⌉ in integers (so 0.1 × 30 = 3, not 4).
 */
export function unitSampleSize(settings: NormalizedSampleSettings, population: number): number {
  if (settings.mode === 'per_unit') return Math.min(settings.perUnit!, population);
  const ppm = Math.round(settings.ratio! * PPM);
  const ceil = Math.floor((ppm * population + PPM - 1) / PPM);
  let n = Math.max(settings.min, ceil);
  if (settings.max !== null) n = Math.min(n, settings.max);
  return Math.min(n, population);
}

/**
 * Splits a unit's sample size n over its case-type strata (sizes in canonical case-type order).
 * Rule (see docs/sampling.md §4): if n ≥ k (the number of non-empty strata) every non-empty stratum
 * first gets 1; the remaining m seats are shared in proportion to the remaining populations
 * (size − base) by the largest-remainder (Hamilton) method. Ties on the remainder go to the larger
 * stratum, then to the earlier case type. Exact integer arithmetic; the result never exceeds a
 * stratum's size and sums to n (n must not exceed the total).
 */
export function allocateAcrossStrata(n: number, sizes: readonly number[]): number[] {
  if (!sizes.every(isNonNegInt)) throw bad('分层分配：各层数量必须是非负整数');
  const total = sizes.reduce((a, b) => a + b, 0);
  if (!isNonNegInt(n) || n > total) throw bad(`分层分配：样本量 ${n} 超出总体 ${total}`);
  const nonEmpty = sizes.filter((x) => x > 0).length;
  const base = sizes.map((x): number => (x > 0 && n >= nonEmpty ? 1 : 0));
  const m = n - base.reduce((a, b) => a + b, 0);
  const weights = sizes.map((x, i) => x - base[i]!);
  const wsum = weights.reduce((a, b) => a + b, 0);
  const alloc = base.slice();
  if (m === 0 || wsum === 0) return alloc;
  const rema: { i: number; rem: number }[] = [];
  let given = 0;
  for (let i = 0; i < sizes.length; i++) {
    const num = m * weights[i]!; // exact: m ≤ total, weights ≤ total
    const q = Math.floor(num / wsum);
    alloc[i]! += q;
    given += q;
    rema.push({ i, rem: num - q * wsum });
  }
  rema.sort((a, b) => b.rem - a.rem || sizes[b.i]! - sizes[a.i]! || a.i - b.i);
  for (let r = 0; r < m - given; r++) alloc[rema[r]!.i]! += 1;
  return alloc;
}

function stratumLabel(unitName: string, caseType: string | null): string {
  return caseType === null ? unitName : unitName + STRATUM_SEPARATOR + caseType;
}

/** The seed string of one stratum's generator: seed ␀ unit ␀ caseType (empty when not stratified). */
export function stratumSeed(seed: string, unitName: string, caseType: string | null): string {
  return seed + '\u0000' + unitName + '\u0000' + (caseType ?? '');
}

interface PreparedStratum {
  unitName: string;
  caseType: string | null;
  label: string;
  /** Canonical order (by caseNo, code point). */
  items: PopulationItem[];
  drawn: number;
}

interface Prepared {
  settings: NormalizedSampleSettings;
  strata: PreparedStratum[];
  units: UnitSummary[];
  excluded: { byCaseType: number; byClosedDate: number; byRequest?: number };
  input: number;
}

function prepare(population: readonly PopulationItem[], settingsIn: SampleSettings, seed: string): Prepared {
  const settings = normalizeSampleSettings(settingsIn);
  if (typeof seed !== 'string' || seed.trim() === '') throw bad('请填写随机种子（公开记录，用于复核抽样）');
  if (seed.includes('\u0000')) throw bad('随机种子不能包含空字符');
  if (!Array.isArray(population)) throw bad('抽样总体必须是案卷列表');

  const ids = new Set<string>();
  const caseNos = new Set<string>();
  const typeFilter = settings.caseTypes.length > 0 ? new Set(settings.caseTypes) : null;
  const byUnit = new Map<string, Map<string, PopulationItem[]>>();
  let byCaseType = 0;
  let byClosedDate = 0;
  let byRequest = 0;
  const excludeSet = settings.excludeCaseNos ? new Set(settings.excludeCaseNos) : null;
  for (const it of population) {
    const where = `案卷“${it?.caseNo ?? it?.id ?? '?'}”`;
    if (!it || typeof it.id !== 'string' || it.id === '') throw bad(`${where}缺少 ID`);
    if (typeof it.caseNo !== 'string' || it.caseNo === '') throw bad(`案卷（ID ${it.id}）缺少案卷编号`);
    if (typeof it.unitName !== 'string' || it.unitName === '' || it.unitName.includes('\u0000')) throw bad(`${where}的单位名称为空或无效`);
    if (typeof it.caseType !== 'string' || it.caseType === '' || it.caseType.includes('\u0000')) throw bad(`${where}的案件类型为空或无效`);
    if (ids.has(it.id)) throw bad(`案卷 ID 重复：${it.id}`, { id: it.id });
    if (caseNos.has(it.caseNo)) throw bad(`案卷编号重复：${it.caseNo}`, { caseNo: it.caseNo });
    ids.add(it.id);
    caseNos.add(it.caseNo);
    if (typeFilter && !typeFilter.has(it.caseType)) {
      byCaseType++;
      continue;
    }
    if (excludeSet?.has(it.caseNo)) {
      byRequest++;
      continue;
    }
    if (settings.from !== null || settings.to !== null) {
      if (typeof it.closedDate !== 'string' || !DATE_RE.test(it.closedDate)) throw bad(`${where}的结案日期“${it.closedDate ?? ''}”格式应为 YYYY-MM-DD`);
      if ((settings.from !== null && it.closedDate < settings.from) || (settings.to !== null && it.closedDate > settings.to)) {
        byClosedDate++;
        continue;
      }
    }
    let types = byUnit.get(it.unitName);
    if (!types) byUnit.set(it.unitName, (types = new Map()));
    const key = settings.stratify ? it.caseType : '';
    let list = types.get(key);
    if (!list) types.set(key, (list = []));
    list.push(it);
  }

  // Code-point order. Without surrogates (characters above U+FFFF) it equals UTF-16 order, which the
  // engine compares natively and much faster; the result is identical either way.
  const byCaseNo = (a: PopulationItem, b: PopulationItem) => compareCodePoints(a.caseNo, b.caseNo);
  const byCaseNoFast = (a: PopulationItem, b: PopulationItem) => (a.caseNo < b.caseNo ? -1 : a.caseNo > b.caseNo ? 1 : 0);
  const SURROGATE = /[\uD800-\uDFFF]/;
  const sortStratum = (list: PopulationItem[]) => list.sort(list.some((x) => SURROGATE.test(x.caseNo)) ? byCaseNo : byCaseNoFast);
  const strata: PreparedStratum[] = [];
  const units: UnitSummary[] = [];
  for (const unitName of [...byUnit.keys()].sort(compareCodePoints)) {
    const types = byUnit.get(unitName)!;
    const keys = [...types.keys()].sort(compareCodePoints);
    const lists = keys.map((k) => sortStratum(types.get(k)!));
    const sizes = lists.map((l) => l.length);
    const unitPop = sizes.reduce((a, b) => a + b, 0);
    const n = unitSampleSize(settings, unitPop);
    const alloc = settings.stratify ? allocateAcrossStrata(n, sizes) : [n];
    units.push({ unitName, population: unitPop, drawn: n });
    keys.forEach((k, i) => {
      const caseType = settings.stratify ? k : null;
      strata.push({ unitName, caseType, label: stratumLabel(unitName, caseType), items: lists[i]!, drawn: alloc[i]! });
    });
  }
  return { settings, strata, units, excluded: { byCaseType, byClosedDate, ...(excludeSet ? { byRequest } : {}) }, input: population.length };
}

/** Runs the Fisher–Yates shuffle of one stratum for `steps` steps; returns the picked items in order. */
function shuffleSteps(items: readonly PopulationItem[], steps: number, seedString: string): PopulationItem[] {
  const a = items.slice();
  const rng = Xoshiro128ss.fromSeed(seedString);
  const n = a.length;
  for (let i = 0; i < steps; i++) {
    const j = i + rng.uniformInt(n - i);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a.slice(0, steps);
}

function stratumDigest(items: readonly PopulationItem[]): string {
  return sha256Hex(items.map((x) => x.caseNo).join('\n'));
}

/**
 * Draws the sample. Throws AppError('invalid_argument') for invalid settings or population
 * (duplicate ids or 案卷编号, empty unit/type, malformed 结案日期 when a date window is set).
 */
export function drawSample(population: readonly PopulationItem[], settings: SampleSettings, seed: string): DrawResult {
  const p = prepare(population, settings, seed);
  const items: SampledItem[] = [];
  const populationByStratum: StratumSummary[] = [];
  for (const s of p.strata) {
    const picked = shuffleSteps(s.items, s.drawn, stratumSeed(seed, s.unitName, s.caseType));
    picked.forEach((it, i) => {
      items.push({
        id: it.id,
        caseNo: it.caseNo,
        unitName: it.unitName,
        caseType: it.caseType,
        closedDate: it.closedDate,
        stratum: s.label,
        drawOrder: items.length + 1,
        stratumDrawOrder: i + 1,
      });
    });
    populationByStratum.push({
      stratum: s.label,
      unitName: s.unitName,
      caseType: s.caseType,
      population: s.items.length,
      drawn: s.drawn,
      digest: stratumDigest(s.items),
    });
  }
  const popTotal = p.strata.reduce((a, s) => a + s.items.length, 0);
  return {
    algorithm: SAMPLING_ALGORITHM,
    seed,
    settings: p.settings,
    items,
    populationByStratum,
    populationByUnit: p.units,
    excluded: p.excluded,
    total: { input: p.input, population: popTotal, drawn: items.length },
  };
}

// ───────────────────────────── Manual changes ─────────────────────────────

export interface ReplacementCandidate {
  item: PopulationItem;
  stratum: string;
  /** 1-based position in the stratum's continued Fisher–Yates sequence (> the stratum's drawn count). */
  stratumDrawOrder: number;
}

/**
 * A defensible replacement for a dossier that cannot be reviewed (案卷无法调取…): continue the same
 * stratum's Fisher–Yates shuffle past the drawn items and take the first dossier whose id is not in
 * `excludeIds` (pass the ids already in the sample and earlier replacements). Returns null when the
 * stratum is exhausted or does not exist. `stratum` is the stratum label as in the draw result.
 */
export function drawReplacement(
  population: readonly PopulationItem[],
  settings: SampleSettings,
  seed: string,
  stratum: string,
  excludeIds: Iterable<string>,
): ReplacementCandidate | null {
  const p = prepare(population, settings, seed);
  const s = p.strata.find((x) => x.label === stratum);
  if (!s) return null;
  const exclude = new Set(excludeIds);
  const order = shuffleSteps(s.items, s.items.length, stratumSeed(seed, s.unitName, s.caseType));
  for (let i = s.drawn; i < order.length; i++) {
    const it = order[i]!;
    if (!exclude.has(it.id)) return { item: it, stratum: s.label, stratumDrawOrder: i + 1 };
  }
  return null;
}

// ───────────────────────────── Verification ─────────────────────────────

export interface RecordedDraw {
  algorithm: string;
  seed?: string;
  /** As stored; normalised before comparing. Omit to skip the comparison. */
  settings?: SampleSettings;
  /** Omit to skip; `digest` is compared only when present. */
  populationByStratum?: readonly { stratum: string; population: number; drawn?: number; digest?: string }[];
  /** The randomly drawn items. Items whose origin is not 'random' (manual additions/replacements) are ignored. */
  items: readonly { id: string; stratum: string; drawOrder: number; origin?: string }[];
}

export interface DrawDifference {
  /** Where: 'algorithm', 'seed', 'settings.ratio', 'populationByStratum[2].population', 'items[5].id'… */
  path: string;
  recorded: unknown;
  recomputed: unknown;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  firstDifference: DrawDifference | null;
  message: string;
}

function differs(path: string, recorded: unknown, recomputed: unknown, message: string): VerifyResult {
  return { ok: false, firstDifference: { path, recorded, recomputed, message }, message };
}

const show = (x: unknown) => (x === undefined ? '（无）' : JSON.stringify(x));

/**
 * Re-runs the draw and compares it with a recorded result. Returns the first difference found, in this
 * order: algorithm, seed, settings, strata (label, population, drawn, digest), number of items, then
 * each item in draw order (drawOrder, id, stratum).
 */
export function verifyDraw(
  population: readonly PopulationItem[],
  settings: SampleSettings,
  seed: string,
  recorded: RecordedDraw,
): VerifyResult {
  if (recorded.algorithm !== SAMPLING_ALGORITHM) {
    return differs('algorithm', recorded.algorithm, SAMPLING_ALGORITHM, `记录的抽样算法“${recorded.algorithm}”与本程序的算法“${SAMPLING_ALGORITHM}”不同，无法按本程序复核`);
  }
  if (recorded.seed !== undefined && recorded.seed !== seed) {
    return differs('seed', recorded.seed, seed, `随机种子不一致：记录为“${recorded.seed}”，复核使用“${seed}”`);
  }
  let result: DrawResult;
  try {
    result = drawSample(population, settings, seed);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return differs('settings', recorded.settings, null, `无法重新抽取：${msg}`);
  }
  if (recorded.settings !== undefined) {
    let rec: NormalizedSampleSettings;
    try {
      rec = normalizeSampleSettings(recorded.settings);
    } catch (e) {
      return differs('settings', recorded.settings, result.settings, `记录的抽样设置无效：${e instanceof Error ? e.message : String(e)}`);
    }
    for (const k of Object.keys(result.settings) as (keyof NormalizedSampleSettings)[]) {
      if (JSON.stringify(rec[k]) !== JSON.stringify(result.settings[k])) {
        return differs(`settings.${k}`, rec[k], result.settings[k], `抽样设置“${k}”不一致：记录为 ${show(rec[k])}，复核使用 ${show(result.settings[k])}`);
      }
    }
  }
  if (recorded.populationByStratum !== undefined) {
    const rs = recorded.populationByStratum;
    const cs = result.populationByStratum;
    for (let i = 0; i < Math.max(rs.length, cs.length); i++) {
      const r = rs[i];
      const c = cs[i];
      if (!r || !c || r.stratum !== c.stratum) {
        return differs(`populationByStratum[${i}].stratum`, r?.stratum, c?.stratum, `第 ${i + 1} 个抽样层不一致：记录为 ${show(r?.stratum)}，重新计算为 ${show(c?.stratum)}`);
      }
      if (r.population !== c.population) {
        return differs(`populationByStratum[${i}].population`, r.population, c.population, `抽样层“${c.stratum}”的总体数量不一致：记录为 ${r.population} 件，现有登记为 ${c.population} 件`);
      }
      if (r.drawn !== undefined && r.drawn !== c.drawn) {
        return differs(`populationByStratum[${i}].drawn`, r.drawn, c.drawn, `抽样层“${c.stratum}”的抽取数量不一致：记录为 ${r.drawn} 件，重新计算为 ${c.drawn} 件`);
      }
      if (r.digest !== undefined && r.digest !== c.digest) {
        return differs(`populationByStratum[${i}].digest`, r.digest, c.digest, `抽样层“${c.stratum}”的案卷清单与抽样时不同（数量相同但案卷编号有变化）`);
      }
    }
  }
  const rec = recorded.items.filter((x) => x.origin === undefined || x.origin === 'random').slice().sort((a, b) => a.drawOrder - b.drawOrder);
  const got = result.items;
  for (let i = 0; i < Math.max(rec.length, got.length); i++) {
    const r = rec[i];
    const c = got[i];
    if (!r || !c) {
      return differs(`items.length`, rec.length, got.length, `抽中案卷数量不一致：记录为 ${rec.length} 件，重新抽取为 ${got.length} 件`);
    }
    if (r.drawOrder !== c.drawOrder) {
      return differs(`items[${i}].drawOrder`, r.drawOrder, c.drawOrder, `抽取顺序号不一致：记录的第 ${i + 1} 件顺序号为 ${r.drawOrder}，应为 ${c.drawOrder}`);
    }
    if (r.id !== c.id) {
      return differs(`items[${i}].id`, r.id, c.id, `第 ${c.drawOrder} 个抽中案卷不一致：记录为 ID ${r.id}，重新抽取为“${c.caseNo}”（ID ${c.id}）`);
    }
    if (r.stratum !== c.stratum) {
      return differs(`items[${i}].stratum`, r.stratum, c.stratum, `第 ${c.drawOrder} 个抽中案卷的抽样层不一致：记录为“${r.stratum}”，应为“${c.stratum}”`);
    }
  }
  return { ok: true, firstDifference: null, message: `复核通过：重新抽取的 ${got.length} 件案卷与记录完全一致` };
}
