/**
 * Chance-corrected agreement between reviewers on categorical answers (an item's verdict):
 * Cohen's kappa when the same two reviewers rated every subject, Fleiss' kappa when raters vary
 * from subject to subject or are more than two. Pure arithmetic, no I/O.
 *
 * A kappa is undefined when agreement by chance is 1 (every rating falls in one category, so there
 * is nothing for the reviewers to agree *beyond* chance) or when no subject was rated twice; the
 * result then says why instead of a number, and still gives the observed agreement.
 */

export type KappaMethod = 'cohen' | 'fleiss';

/** Why a kappa could not be computed. */
// Agreement by chance is 1 exactly when every rating falls in one category (for Cohen's, both
// raters' marginals sit on the same single category), so one reason covers both degenerate cases.
export type KappaUndefinedReason = 'no_overlap' | 'one_category';

export const KAPPA_UNDEFINED_TEXT: Record<KappaUndefinedReason, string> = {
  no_overlap: '没有两人以上共同评查的案卷，无法计算',
  one_category: '全部结论属于同一类，偶然一致率为 1，kappa 无定义（结论完全一致）',
};

export interface KappaResult {
  method: KappaMethod;
  /** null when undefined (see `undefinedReason`). */
  kappa: number | null;
  /** Observed agreement (share of agreeing rater pairs); null when there is nothing to compare. */
  observed: number | null;
  /** Agreement expected by chance; null when there is nothing to compare. */
  expected: number | null;
  /** Subjects rated by at least two raters (what the figure rests on). */
  subjects: number;
  /** Categories that occur at least once among those ratings. */
  categories: string[];
  undefinedReason: KappaUndefinedReason | null;
}

function finish(method: KappaMethod, observed: number, expected: number, subjects: number, categories: string[]): KappaResult {
  if (categories.length <= 1) return { method, kappa: null, observed, expected, subjects, categories, undefinedReason: 'one_category' };
  return { method, kappa: (observed - expected) / (1 - expected), observed, expected, subjects, categories, undefinedReason: null };
}

const empty = (method: KappaMethod): KappaResult => ({ method, kappa: null, observed: null, expected: null, subjects: 0, categories: [], undefinedReason: 'no_overlap' });

/**
 * Cohen's kappa for two fixed raters: `pairs[i] = [rating of A, rating of B]` on subject i.
 * κ = (p_o − p_e) / (1 − p_e), p_e = Σ_k p_A(k) · p_B(k) from each rater's own marginals.
 */
export function cohenKappa(pairs: readonly (readonly [string, string])[]): KappaResult {
  const n = pairs.length;
  if (n === 0) return empty('cohen');
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let agree = 0;
  for (const [x, y] of pairs) {
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
    if (x === y) agree++;
  }
  const categories = [...new Set([...a.keys(), ...b.keys()])].sort();
  let expected = 0;
  for (const k of categories) expected += ((a.get(k) ?? 0) / n) * ((b.get(k) ?? 0) / n);
  return finish('cohen', agree / n, expected, n, categories);
}

/**
 * Fleiss' kappa: `subjects[i]` lists the ratings subject i received, from raters who need not be
 * the same ones across subjects. Subjects with fewer than two ratings are skipped (nothing to
 * agree with). With a varying number of raters per subject this is the usual generalisation:
 * P_i = Σ_k n_ik(n_ik − 1) / (n_i(n_i − 1)), P̄ the mean of P_i, p_k = Σ_i n_ik / Σ_i n_i,
 * P_e = Σ_k p_k²; with a constant number of raters it is exactly Fleiss (1971).
 */
export function fleissKappa(subjects: readonly (readonly string[])[]): KappaResult {
  const totals = new Map<string, number>();
  let ratings = 0;
  let sumP = 0;
  let counted = 0;
  for (const s of subjects) {
    const n = s.length;
    if (n < 2) continue;
    const counts = new Map<string, number>();
    for (const r of s) counts.set(r, (counts.get(r) ?? 0) + 1);
    let pairsAgreeing = 0;
    for (const [k, c] of counts) {
      pairsAgreeing += c * (c - 1);
      totals.set(k, (totals.get(k) ?? 0) + c);
    }
    sumP += pairsAgreeing / (n * (n - 1));
    ratings += n;
    counted++;
  }
  if (counted === 0) return empty('fleiss');
  const categories = [...totals.keys()].sort();
  let expected = 0;
  for (const c of totals.values()) expected += (c / ratings) ** 2;
  return finish('fleiss', sumP / counted, expected, counted, categories);
}

/**
 * How strong an agreement is, in words (Landis & Koch 1977, the scale most published review
 * analyses quote). null kappa → '—'.
 */
export function kappaStrength(kappa: number | null): string {
  if (kappa === null) return '—';
  if (kappa < 0) return '差于偶然';
  if (kappa <= 0.2) return '轻微';
  if (kappa <= 0.4) return '一般';
  if (kappa <= 0.6) return '中等';
  if (kappa <= 0.8) return '较高';
  return '几乎完全一致';
}
