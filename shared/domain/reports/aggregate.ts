/**
 * Campaign-level aggregation for the unit summary, the bulletin (评查情况通报), the workbook and
 * the rectification notices. Pure: the caller reads a few narrow row sets (see
 * electron/core/export/reports/data.ts) and this walks them once. Built to take 10,000 reviewed
 * dossiers × 60 answers well inside a second, so no per-row object churn beyond what is counted.
 */

/** One final review per dossier (the one whose score counts). */
export interface ReviewFact {
  reviewId: string;
  dossierId: string;
  caseNo: string;
  unitId: string;
  unitName: string;
  caseType: string;
  templateId: string;
  total: number;
  grade: string;
  veto: boolean;
  /** Points earned per dimension code. */
  dimensionScores: Record<string, number>;
}

/** A problem answer (verdict deduct or veto); conform / N/A answers need not be passed in. */
export interface AnswerFact {
  reviewId: string;
  itemCode: string;
  verdict: string;
  deduction: number;
}

/** A confirmed automatic (or manual) finding on a dossier. */
export interface FindingFact {
  dossierId: string;
  ruleId: string | null;
  law: string | null;
  article: number | null;
  itemCode: string | null;
  message: string;
  severity: string;
}

export interface ItemInfo {
  code: string;
  title: string;
  dimension: string;
  maxPoints: number;
  /** e.g. 《行政处罚法》第四十四条；… */
  legalBasis: string;
}

export interface DimensionInfo {
  code: string;
  name: string;
  maxPoints: number;
}

export interface AggregateInput {
  reviews: readonly ReviewFact[];
  answers: readonly AnswerFact[];
  findings: readonly FindingFact[];
  items: ReadonlyMap<string, ItemInfo>;
  dimensions: readonly DimensionInfo[];
  /** Grades best first, the fail grade last (e.g. 优秀, 良好, 合格, 不合格). */
  gradeOrder: readonly string[];
  failGrade: string;
  /** Histogram edges, ascending; the last bin includes its upper edge. */
  histogramEdges?: readonly number[];
  /** How many typical examples per problem. */
  examplesPerProblem?: number;
  /** How many problems to keep in the rankings (all are counted). */
  topProblems?: number;
}

export interface GradeCount {
  grade: string;
  count: number;
  /** Share of reviewed dossiers, 0..1. */
  share: number;
}

export interface HistogramBin {
  label: string;
  from: number;
  to: number;
  count: number;
}

export interface DimensionProfile {
  code: string;
  name: string;
  maxPoints: number;
  /** Mean points earned over the dossiers whose template has the dimension. */
  meanScore: number;
  /** meanScore ÷ maxPoints, 0..1. */
  rate: number;
  /** Deduct/veto answers in the dimension. */
  problemCount: number;
}

export interface UnitStats {
  unitId: string;
  unitName: string;
  reviewed: number;
  meanScore: number;
  minScore: number;
  maxScore: number;
  sumScore: number;
  passed: number;
  passRate: number;
  /** Share graded in the best tier. */
  excellentRate: number;
  vetoCount: number;
  grades: GradeCount[];
  dimensions: DimensionProfile[];
  /** 1-based: by mean score, ties by total score (北京宣武 rule), then name. */
  rank: number;
  topProblems: ItemProblem[];
}

export interface ProblemExample {
  reviewId: string;
  dossierId: string;
  caseNo: string;
  unitName: string;
  deduction: number;
  /** The reviewer's note; filled in by the caller after aggregation (notes are read only for examples). */
  note: string;
}

export interface ItemProblem {
  itemCode: string;
  title: string;
  dimension: string;
  legalBasis: string;
  /** Dossiers with a deduction or veto on the item. */
  count: number;
  totalDeduction: number;
  vetoCount: number;
  examples: ProblemExample[];
}

export interface RuleProblem {
  ruleId: string;
  law: string;
  article: number | null;
  itemCode: string | null;
  count: number;
  examples: { dossierId: string; caseNo: string; unitName: string; message: string }[];
}

export interface VetoCase {
  reviewId: string;
  dossierId: string;
  caseNo: string;
  unitName: string;
  caseType: string;
  itemCodes: string[];
  /** Filled in by the caller (the vetoing answers' notes). */
  reasons: string[];
}

export interface CampaignAggregate {
  reviewed: number;
  unitCount: number;
  meanScore: number;
  passed: number;
  passRate: number;
  excellentRate: number;
  vetoCount: number;
  grades: GradeCount[];
  histogram: HistogramBin[];
  units: UnitStats[];
  dimensions: DimensionProfile[];
  problemsByItem: ItemProblem[];
  problemsByRule: RuleProblem[];
  vetoCases: VetoCase[];
  /** Per unit: every item problem (for 整改通知), keyed by unit id. */
  problemsByUnit: Map<string, ItemProblem[]>;
}

export const DEFAULT_HISTOGRAM_EDGES = [0, 60, 65, 70, 75, 80, 85, 90, 95, 100] as const;

/** Rounds to 0.01 for display-stable means and rates. */
const r2 = (v: number): number => Math.round(v * 100) / 100;
const r4 = (v: number): number => Math.round(v * 10000) / 10000;
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function histogramLabels(edges: readonly number[]): string[] {
  return edges.slice(0, -1).map((from, i) => {
    const to = edges[i + 1];
    // Bins include the lower edge and exclude the upper one, except the last (95–100 includes 100).
    if (i === 0 && from === 0) return `<${to}`;
    return `${from}–${to}`;
  });
}

function binIndex(edges: readonly number[], value: number): number {
  // Few edges: a linear scan beats a binary search here.
  const last = edges.length - 2;
  for (let i = 0; i < last; i++) if (value < edges[i + 1]) return i;
  return last;
}

interface ProblemAcc {
  count: number;
  totalDeduction: number;
  vetoCount: number;
  /** Best examples so far: largest deduction first, at most one per unit while units differ. */
  examples: { idx: number; deduction: number }[];
}

/** Keeps the largest deductions as examples, at most one per unit so the examples show the spread. */
function pushExample(acc: ProblemAcc, idx: number, deduction: number, unitOf: (idx: number) => string, limit: number): void {
  const ex = acc.examples;
  const unit = unitOf(idx);
  const same = ex.findIndex((e) => unitOf(e.idx) === unit);
  if (same >= 0) {
    if (deduction > ex[same].deduction) ex[same] = { idx, deduction };
    return;
  }
  if (ex.length < limit) {
    ex.push({ idx, deduction });
    return;
  }
  let weakest = 0;
  for (let i = 1; i < ex.length; i++) if (ex[i].deduction < ex[weakest].deduction) weakest = i;
  if (deduction > ex[weakest].deduction) ex[weakest] = { idx, deduction };
}

export function aggregateCampaign(input: AggregateInput): CampaignAggregate {
  const edges = input.histogramEdges ?? DEFAULT_HISTOGRAM_EDGES;
  const exampleLimit = input.examplesPerProblem ?? 3;
  const topN = input.topProblems ?? 10;
  const { reviews, items, failGrade } = input;
  const gradeOrder = [...input.gradeOrder];
  const bestGrade = gradeOrder[0];
  const dimCodes = input.dimensions.map((d) => d.code);
  const dimIndex = new Map(dimCodes.map((c, i) => [c, i]));

  const reviewIdx = new Map<string, number>();
  const unitIdx = new Map<string, number>();
  const unitOfReview = new Int32Array(reviews.length);
  interface UnitAcc {
    id: string;
    name: string;
    n: number;
    sum: number;
    min: number;
    max: number;
    passed: number;
    veto: number;
    grades: Map<string, number>;
    dimSum: Float64Array;
    dimN: Int32Array;
    dimProblems: Int32Array;
    problems: Map<string, ProblemAcc>;
  }
  const unitAccs: UnitAcc[] = [];
  const grades = new Map<string, number>();
  const histogram = new Int32Array(edges.length - 1);
  const dimSum = new Float64Array(dimCodes.length);
  const dimN = new Int32Array(dimCodes.length);
  const dimProblems = new Int32Array(dimCodes.length);
  let sum = 0;
  let passed = 0;
  let vetoCount = 0;

  for (let i = 0; i < reviews.length; i++) {
    const r = reviews[i];
    reviewIdx.set(r.reviewId, i);
    let u = unitIdx.get(r.unitId);
    if (u === undefined) {
      u = unitAccs.length;
      unitIdx.set(r.unitId, u);
      unitAccs.push({
        id: r.unitId,
        name: r.unitName,
        n: 0,
        sum: 0,
        min: Infinity,
        max: -Infinity,
        passed: 0,
        veto: 0,
        grades: new Map(),
        dimSum: new Float64Array(dimCodes.length),
        dimN: new Int32Array(dimCodes.length),
        dimProblems: new Int32Array(dimCodes.length),
        problems: new Map(),
      });
    }
    unitOfReview[i] = u;
    const acc = unitAccs[u];
    const isPass = !r.veto && r.grade !== failGrade;
    acc.n++;
    acc.sum += r.total;
    if (r.total < acc.min) acc.min = r.total;
    if (r.total > acc.max) acc.max = r.total;
    if (isPass) acc.passed++;
    if (r.veto) acc.veto++;
    acc.grades.set(r.grade, (acc.grades.get(r.grade) ?? 0) + 1);
    grades.set(r.grade, (grades.get(r.grade) ?? 0) + 1);
    if (!gradeOrder.includes(r.grade)) gradeOrder.splice(Math.max(0, gradeOrder.length - 1), 0, r.grade);
    histogram[binIndex(edges, r.total)]++;
    sum += r.total;
    if (isPass) passed++;
    if (r.veto) vetoCount++;
    for (const code in r.dimensionScores) {
      const d = dimIndex.get(code);
      if (d === undefined) continue;
      const v = r.dimensionScores[code];
      dimSum[d] += v;
      dimN[d]++;
      acc.dimSum[d] += v;
      acc.dimN[d]++;
    }
  }

  const unitOfIdx = (idx: number): string => reviews[idx].unitId;
  const byItem = new Map<string, ProblemAcc>();
  const vetoItems = new Map<number, string[]>();
  const newAcc = (): ProblemAcc => ({ count: 0, totalDeduction: 0, vetoCount: 0, examples: [] });
  for (const a of input.answers) {
    if (a.verdict !== 'deduct' && a.verdict !== 'veto') continue;
    const idx = reviewIdx.get(a.reviewId);
    if (idx === undefined) continue; // an answer of a superseded or unfinished review
    const isVeto = a.verdict === 'veto';
    let acc = byItem.get(a.itemCode);
    if (!acc) byItem.set(a.itemCode, (acc = newAcc()));
    acc.count++;
    acc.totalDeduction += a.deduction;
    if (isVeto) acc.vetoCount++;
    // Veto examples rank above any deduction.
    const weight = isVeto ? Number.MAX_SAFE_INTEGER : a.deduction;
    pushExample(acc, idx, weight, unitOfIdx, exampleLimit);
    const unit = unitAccs[unitOfReview[idx]];
    let uacc = unit.problems.get(a.itemCode);
    if (!uacc) unit.problems.set(a.itemCode, (uacc = newAcc()));
    uacc.count++;
    uacc.totalDeduction += a.deduction;
    if (isVeto) uacc.vetoCount++;
    // Within one unit every example is the same unit: keep the largest deductions.
    if (uacc.examples.length < exampleLimit) uacc.examples.push({ idx, deduction: weight });
    else {
      let weakest = 0;
      for (let i = 1; i < uacc.examples.length; i++) if (uacc.examples[i].deduction < uacc.examples[weakest].deduction) weakest = i;
      if (weight > uacc.examples[weakest].deduction) uacc.examples[weakest] = { idx, deduction: weight };
    }
    const dimCode = items.get(a.itemCode)?.dimension ?? a.itemCode.split('-')[1];
    const d = dimIndex.get(dimCode);
    if (d !== undefined) {
      dimProblems[d]++;
      unit.dimProblems[d]++;
    }
    if (isVeto) {
      const list = vetoItems.get(idx);
      if (list) list.push(a.itemCode);
      else vetoItems.set(idx, [a.itemCode]);
    }
  }

  const toProblem = (code: string, acc: ProblemAcc): ItemProblem => {
    const info = items.get(code);
    return {
      itemCode: code,
      title: info?.title ?? code,
      dimension: info?.dimension ?? code.split('-')[1] ?? '',
      legalBasis: info?.legalBasis ?? '',
      count: acc.count,
      totalDeduction: r2(acc.totalDeduction),
      vetoCount: acc.vetoCount,
      examples: [...acc.examples]
        .sort((x, y) => y.deduction - x.deduction || reviews[x.idx].caseNo.localeCompare(reviews[y.idx].caseNo))
        .map((e) => {
          const r = reviews[e.idx];
          return { reviewId: r.reviewId, dossierId: r.dossierId, caseNo: r.caseNo, unitName: r.unitName, deduction: e.deduction === Number.MAX_SAFE_INTEGER ? 0 : e.deduction, note: '' };
        }),
    };
  };
  const rankProblems = (m: Map<string, ProblemAcc>): ItemProblem[] =>
    [...m.entries()]
      .map(([code, acc]) => toProblem(code, acc))
      .sort((a, b) => b.count - a.count || b.totalDeduction - a.totalDeduction || a.itemCode.localeCompare(b.itemCode));

  const dimProfile = (sums: Float64Array, ns: Int32Array, problems: Int32Array): DimensionProfile[] =>
    input.dimensions.map((d, i) => {
      const mean = ns[i] === 0 ? 0 : sums[i] / ns[i];
      return { code: d.code, name: d.name, maxPoints: d.maxPoints, meanScore: r2(mean), rate: r4(ratio(mean, d.maxPoints)), problemCount: problems[i] };
    });

  const gradeCounts = (m: Map<string, number>, n: number): GradeCount[] =>
    gradeOrder.map((g) => ({ grade: g, count: m.get(g) ?? 0, share: ratio(m.get(g) ?? 0, n) }));

  const problemsByUnit = new Map<string, ItemProblem[]>();
  const units: UnitStats[] = unitAccs.map((u) => {
    const ranked = rankProblems(u.problems);
    problemsByUnit.set(u.id, ranked);
    return {
      unitId: u.id,
      unitName: u.name,
      reviewed: u.n,
      meanScore: r2(u.sum / u.n),
      minScore: u.min,
      maxScore: u.max,
      sumScore: r2(u.sum),
      passed: u.passed,
      passRate: ratio(u.passed, u.n),
      excellentRate: ratio(u.grades.get(bestGrade) ?? 0, u.n),
      vetoCount: u.veto,
      grades: gradeCounts(u.grades, u.n),
      dimensions: dimProfile(u.dimSum, u.dimN, u.dimProblems),
      rank: 0,
      topProblems: ranked.slice(0, topN),
    };
  });
  units.sort((a, b) => b.meanScore - a.meanScore || b.sumScore - a.sumScore || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  units.forEach((u, i) => {
    // Equal mean and equal total share a rank.
    const prev = units[i - 1];
    u.rank = prev && prev.meanScore === u.meanScore && prev.sumScore === u.sumScore ? prev.rank : i + 1;
  });

  const ruleAcc = new Map<string, RuleProblem>();
  const dossierIdx = new Map<string, number>();
  for (let i = 0; i < reviews.length; i++) dossierIdx.set(reviews[i].dossierId, i);
  for (const f of input.findings) {
    const idx = dossierIdx.get(f.dossierId);
    if (idx === undefined) continue;
    const key = f.ruleId ?? `manual:${f.itemCode ?? ''}`;
    let acc = ruleAcc.get(key);
    if (!acc) {
      acc = { ruleId: f.ruleId ?? '人工发现', law: f.law ?? '', article: f.article, itemCode: f.itemCode, count: 0, examples: [] };
      ruleAcc.set(key, acc);
    }
    acc.count++;
    if (acc.examples.length < exampleLimit && !acc.examples.some((e) => e.unitName === reviews[idx].unitName)) {
      acc.examples.push({ dossierId: f.dossierId, caseNo: reviews[idx].caseNo, unitName: reviews[idx].unitName, message: f.message });
    }
  }

  const vetoCases: VetoCase[] = [];
  for (let i = 0; i < reviews.length; i++) {
    const r = reviews[i];
    if (!r.veto) continue;
    vetoCases.push({ reviewId: r.reviewId, dossierId: r.dossierId, caseNo: r.caseNo, unitName: r.unitName, caseType: r.caseType, itemCodes: vetoItems.get(i) ?? [], reasons: [] });
  }
  vetoCases.sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN') || a.caseNo.localeCompare(b.caseNo));

  const labels = histogramLabels(edges);
  const n = reviews.length;
  return {
    reviewed: n,
    unitCount: units.length,
    meanScore: n === 0 ? 0 : r2(sum / n),
    passed,
    passRate: ratio(passed, n),
    excellentRate: ratio(grades.get(bestGrade) ?? 0, n),
    vetoCount,
    grades: gradeCounts(grades, n),
    histogram: labels.map((label, i) => ({ label, from: edges[i], to: edges[i + 1], count: histogram[i] })),
    units,
    dimensions: dimProfile(dimSum, dimN, dimProblems),
    problemsByItem: rankProblems(byItem).slice(0, topN),
    problemsByRule: [...ruleAcc.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)).slice(0, topN),
    vetoCases,
    problemsByUnit,
  };
}

/** 0.8734 → "87.34%". */
export const percent = (share: number): string => `${(Math.round(share * 10000) / 100).toFixed(2)}%`;
