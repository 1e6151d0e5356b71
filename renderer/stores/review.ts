/**
 * The review workspace's state: the open sheet, the reviewer's answers as shown, the live score,
 * the save pipeline and undo/redo. Every change is written at once through reviews.saveAnswer with
 * the revision the UI last saw; saves run one at a time so each carries the right expectedRevision.
 */
import { create } from 'zustand';
import type { PageRef, Review, ReviewSheet, Score } from '../../shared/api/namespaces/reviews';
import { answerForVerdict } from '../../shared/domain/scoring/deduction';
import type { ChecklistItem, Verdict } from '../../shared/domain/scoring/schema';
import { AppError } from '../../shared/errors';
import { errorMessage, getApi } from '../api';
import { useSessionStore } from './session';

export interface Draft {
  verdict: Verdict;
  /** Range rule: the points chosen. */
  deduction?: number;
  /** Per-occurrence rule: problems found. */
  occurrences?: number;
  note: string;
  pageRefs: PageRef[];
}

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; message: string; itemCode: string | null; conflict: boolean };

interface Change {
  itemCode: string;
  before: Draft | null;
  after: Draft | null;
  /** Note typing coalesces into one undo step per item. */
  group?: string;
  at: number;
}

/**
 * Whether this window may change the review: a draft, and — once someone is chosen in 我是谁 — that
 * person's own (the core refuses anyone else; docs/roles.md). A 组长 or the 法制机构 reads it only.
 */
export function mayEdit(review: Pick<Review, 'status' | 'reviewerId'> | null): boolean {
  if (!review || review.status !== 'draft') return false;
  const me = useSessionStore.getState().state?.reviewer;
  return !me || me.id === review.reviewerId;
}

interface ReviewState {
  assignmentId: string | null;
  sheet: ReviewSheet | null;
  review: Review | null;
  loading: boolean;
  loadError: string | null;
  answers: Record<string, Draft>;
  score: Score | null;
  revision: number;
  save: SaveState;
  undoStack: Change[];
  redoStack: Change[];
  currentCode: string | null;
  open(assignmentId: string): Promise<ReviewSheet | null>;
  close(): void;
  setCurrent(code: string): void;
  /** Sets (or with null clears) an item's answer, records an undo step and saves. */
  change(code: string, next: Draft | null, group?: string): void;
  undo(): void;
  redo(): void;
  retry(): Promise<void>;
  /** Resolves when every queued save has been written (or failed). */
  flush(): Promise<void>;
  pendingSaves(): number;
  setReview(review: Review): void;
  /** After a check confirmation changed an answer on the server. */
  reload(): Promise<void>;
}

const ITEM_KEY = (reviewId: string) => `dossier-review.review.${reviewId}.item`;
const remember = (key: string, value: string) => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered; resuming starts at the first open item.
  }
};
const recall = (key: string): string | null => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};

export const draftFromAnswer = (a: ReviewSheet['answers'][number], item: ChecklistItem | undefined): Draft => ({
  verdict: a.verdict,
  ...(item?.deduction.kind === 'range' && a.verdict === 'deduct' ? { deduction: a.deduction } : {}),
  ...(item?.deduction.kind === 'per_occurrence' && a.verdict === 'deduct' ? { occurrences: a.occurrences } : {}),
  note: a.note,
  pageRefs: a.pageRefs,
});

const pending = new Map<string, Draft | null>();
const failed = new Map<string, Draft | null>();
let running: Promise<void> | null = null;

export const useReviewStore = create<ReviewState>()((set, get) => {
  const runSaves = async () => {
    while (pending.size) {
      const [code, draft] = pending.entries().next().value as [string, Draft | null];
      pending.delete(code);
      const { review, revision } = get();
      if (!review) return;
      set({ save: { kind: 'saving' } });
      try {
        const api = getApi();
        const result = draft
          ? await api.reviews.saveAnswer({
              reviewId: review.id,
              itemCode: code,
              verdict: draft.verdict,
              ...(draft.deduction !== undefined ? { deduction: draft.deduction } : {}),
              ...(draft.occurrences !== undefined ? { occurrences: draft.occurrences } : {}),
              note: draft.note,
              pageRefs: draft.pageRefs,
              expectedRevision: revision,
            })
          : await api.reviews.clearAnswer({ reviewId: review.id, itemCode: code, expectedRevision: revision });
        failed.delete(code);
        set({ revision: result.revision, score: result.score, save: pending.size ? { kind: 'saving' } : { kind: 'saved', at: new Date() } });
      } catch (err) {
        // Keep what the reviewer sees; the failed change waits for 重试 (nothing shown as saved is lost).
        failed.set(code, draft);
        const conflict = err instanceof AppError && err.code === 'conflict';
        set({ save: { kind: 'error', message: errorMessage(err), itemCode: code, conflict } });
        for (const [c, d] of pending) failed.set(c, d);
        pending.clear();
        return;
      }
    }
  };
  const kick = () => {
    if (!running) {
      running = runSaves().finally(() => {
        running = null;
        if (pending.size) kick();
      });
    }
    return running;
  };
  const enqueue = (code: string, draft: Draft | null) => {
    pending.set(code, draft);
    set({ save: { kind: 'saving' } });
    void kick();
  };
  const apply = (code: string, draft: Draft | null) => {
    const answers = { ...get().answers };
    if (draft) answers[code] = draft;
    else delete answers[code];
    set({ answers, currentCode: code });
    enqueue(code, draft);
  };
  const loadSheet = (sheet: ReviewSheet) => {
    const byCode = new Map(sheet.template.items.map((i) => [i.code, i]));
    const answers: Record<string, Draft> = {};
    for (const a of sheet.answers) answers[a.itemCode] = draftFromAnswer(a, byCode.get(a.itemCode));
    return answers;
  };

  return {
    assignmentId: null,
    sheet: null,
    review: null,
    loading: false,
    loadError: null,
    answers: {},
    score: null,
    revision: 0,
    save: { kind: 'idle' },
    undoStack: [],
    redoStack: [],
    currentCode: null,
    open: async (assignmentId) => {
      if (get().assignmentId === assignmentId && get().sheet && failed.size) {
        // Back to a dossier whose change failed to save: keep what is shown, so 重试 can still write it.
        set({ loadError: null });
        return get().sheet;
      }
      if (get().assignmentId !== assignmentId) {
        // Write what the previous dossier still holds (a failed save gets one more try) before switching.
        if (failed.size) await get().retry();
        await get().flush();
        if (failed.size) {
          set({ loadError: `上一件案卷（${get().sheet?.dossier.caseNo ?? ''}）有修改未能保存：请返回该案卷，点“重试”保存后再打开其他案卷。` });
          return null;
        }
      }
      pending.clear();
      set({ assignmentId, loading: true, loadError: null, sheet: null, review: null, score: null, answers: {}, undoStack: [], redoStack: [], save: { kind: 'idle' } });
      try {
        const sheet = await getApi().reviews.open({ assignmentId });
        if (get().assignmentId !== assignmentId) return null;
        const answers = loadSheet(sheet);
        const remembered = recall(ITEM_KEY(sheet.review.id));
        const firstOpen = sheet.applicable.find((c) => !answers[c]) ?? sheet.applicable[0] ?? null;
        const currentCode = remembered && sheet.applicable.includes(remembered) ? remembered : firstOpen;
        set({ sheet, review: sheet.review, answers, score: sheet.score, revision: sheet.review.revision, loading: false, currentCode });
        return sheet;
      } catch (err) {
        set({ loading: false, loadError: errorMessage(err) });
        return null;
      }
    },
    close: () => set({ assignmentId: null, sheet: null, review: null }),
    setCurrent: (code) => {
      const review = get().review;
      if (review) remember(ITEM_KEY(review.id), code);
      set({ currentCode: code });
    },
    change: (code, next, group) => {
      if (!mayEdit(get().review)) return;
      const before = get().answers[code] ?? null;
      if (JSON.stringify(before) === JSON.stringify(next)) return;
      const stack = get().undoStack;
      const last = stack[stack.length - 1];
      const now = Date.now();
      if (group && last && last.group === group && last.itemCode === code && now - last.at < 5000) {
        set({ undoStack: [...stack.slice(0, -1), { ...last, after: next, at: now }], redoStack: [] });
      } else {
        set({ undoStack: [...stack.slice(-199), { itemCode: code, before, after: next, group, at: now }], redoStack: [] });
      }
      apply(code, next);
    },
    undo: () => {
      const stack = get().undoStack;
      const last = stack[stack.length - 1];
      if (!last || !mayEdit(get().review)) return;
      set({ undoStack: stack.slice(0, -1), redoStack: [...get().redoStack, last] });
      apply(last.itemCode, last.before);
    },
    redo: () => {
      const stack = get().redoStack;
      const last = stack[stack.length - 1];
      if (!last || !mayEdit(get().review)) return;
      set({ redoStack: stack.slice(0, -1), undoStack: [...get().undoStack, { ...last, group: undefined }] });
      apply(last.itemCode, last.after);
    },
    retry: async () => {
      const s = get().save;
      if (s.kind === 'error' && s.conflict && get().review) {
        // Someone else moved the sheet on (another window): take their revision, keep our answers.
        try {
          const fresh = await getApi().reviews.get({ reviewId: get().review!.id });
          set({ revision: fresh.review.revision, review: fresh.review });
          if (fresh.review.status !== 'draft') {
            set({ save: { kind: 'error', message: '评查表已提交或锁定，不能再修改；如需修改请由组长退回。', itemCode: null, conflict: false } });
            return;
          }
        } catch (err) {
          set({ save: { kind: 'error', message: errorMessage(err), itemCode: null, conflict: true } });
          return;
        }
      }
      for (const [c, d] of failed) pending.set(c, d);
      failed.clear();
      if (pending.size) await kick();
    },
    flush: async () => {
      while (running) await running;
    },
    pendingSaves: () => pending.size + failed.size + (running ? 1 : 0),
    setReview: (review) => set({ review, revision: review.revision }),
    reload: async () => {
      const review = get().review;
      if (!review) return;
      await get().flush();
      const sheet = await getApi().reviews.get({ reviewId: review.id });
      set({ sheet, review: sheet.review, answers: loadSheet(sheet), score: sheet.score, revision: sheet.review.revision });
    },
  };
});

/** The answer a verdict key produces (shared/domain/scoring/deduction.ts), keeping the note and references already written. */
export function draftForVerdict(item: ChecklistItem, verdict: Verdict, prev: Draft | undefined): Draft {
  return { ...answerForVerdict(item, verdict, prev), note: prev?.note ?? '', pageRefs: prev?.pageRefs ?? [] };
}
