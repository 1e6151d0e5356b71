/**
 * THE answer that counts for each item of a dossier: an objection ruling over the 复核 answer over
 * the 合议 answer over the single review's own answer. Each layer records only the items it
 * decided; everything else falls through to the layer below.
 */

/** Where the counted answer of an item (or a whole dossier) comes from, lowest to highest precedence. */
export const RESULT_SOURCES = ['review', 'agreed', 'recheck', 'objection'] as const;
export type ResultSource = (typeof RESULT_SOURCES)[number];
export type DecisionStage = Exclude<ResultSource, 'review'>;
export const DECISION_STAGES: readonly DecisionStage[] = ['agreed', 'recheck', 'objection'];

export const RESULT_SOURCE_LABELS: Record<ResultSource, string> = {
  review: '评查结果',
  agreed: '合议结果',
  recheck: '复核结果',
  objection: '异议裁定',
};

export interface LayeredAnswer<A> {
  answer: A;
  source: ResultSource;
}

/** One decided item of a stage; `at` orders several objection rulings on the same item (the later wins). */
export interface StageAnswer<A> {
  stage: DecisionStage;
  itemCode: string;
  answer: A;
  at: string;
}

const rank = (s: ResultSource) => RESULT_SOURCES.indexOf(s);

/** The counted answer per item code, and which layer decided the dossier as a whole (the highest one used). */
export function layerAnswers<A>(base: ReadonlyMap<string, A>, decided: readonly StageAnswer<A>[]): { answers: Map<string, LayeredAnswer<A>>; source: ResultSource } {
  const answers = new Map<string, LayeredAnswer<A> & { at: string }>();
  for (const [code, answer] of base) answers.set(code, { answer, source: 'review', at: '' });
  let source: ResultSource = 'review';
  for (const d of decided) {
    const current = answers.get(d.itemCode);
    const wins = !current || rank(d.stage) > rank(current.source) || (d.stage === current.source && d.at >= current.at);
    if (wins) answers.set(d.itemCode, { answer: d.answer, source: d.stage, at: d.at });
    if (rank(d.stage) > rank(source)) source = d.stage;
  }
  return { answers: new Map([...answers].map(([k, v]) => [k, { answer: v.answer, source: v.source }])), source };
}
