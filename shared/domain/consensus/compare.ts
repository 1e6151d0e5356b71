/**
 * Several independent reviews of one dossier, item by item: where they disagree on the verdict, the
 * deduction, the cited pages or the notes — what the 合议 screen highlights.
 */

export interface ComparedAnswer {
  verdict: string;
  deduction: number;
  occurrences: number;
  note: string;
  pages: number[];
}

export interface ComparedItem {
  code: string;
  /** One entry per review, in the order given; null = that reviewer did not answer the item. */
  answers: (ComparedAnswer | null)[];
  differs: { verdict: boolean; deduction: boolean; pages: boolean; note: boolean };
  /** Verdict or deduction differ: the answers lead to different scores. */
  scoreDiffers: boolean;
}

const samePages = (a: number[], b: number[]) => a.length === b.length && a.every((p, i) => p === b[i]);
const normNote = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Compares the reviews' answers on each item code (in the order given). */
export function compareItems(codes: readonly string[], reviews: readonly ReadonlyMap<string, ComparedAnswer>[]): ComparedItem[] {
  return codes.map((code) => {
    const answers = reviews.map((r) => {
      const a = r.get(code);
      return a ? { ...a, pages: [...new Set(a.pages)].sort((x, y) => x - y) } : null;
    });
    const given = answers.filter((a): a is ComparedAnswer => a !== null);
    // A reviewer who left the item blank disagrees with one who answered it.
    const missing = given.length > 0 && given.length < answers.length;
    const first = given[0];
    const verdict = missing || given.some((a) => a.verdict !== first.verdict);
    const deduction = missing || given.some((a) => Math.abs(a.deduction - first.deduction) > 1e-9);
    const pages = missing || given.some((a) => !samePages(a.pages, first.pages));
    const note = missing || given.some((a) => normNote(a.note) !== normNote(first.note));
    return { code, answers, differs: { verdict, deduction, pages, note }, scoreDiffers: verdict || deduction };
  });
}
