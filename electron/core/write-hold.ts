/**
 * Work that holds the store's write lock on a connection of its own for a while (the results merge,
 * the campaign import) while the app keeps running. A write on the app's connection meanwhile would
 * wait for that lock with the thread blocked — and so block the very work it waits for until
 * `busy_timeout` ends it with a bare SQLITE_BUSY. Instead ctx.tx refuses it at once, saying what is
 * running.
 *
 * The same goes for two such jobs: the second's BEGIN IMMEDIATE would block the thread behind the
 * first. So a results merge and a campaign import are kept apart — the second is refused at once,
 * naming the one that runs. Results merges of one store share the claim (they queue behind each
 * other in importResults, each waiting without blocking the thread).
 */
import { AppError } from '../../shared/errors';

const held = new WeakMap<object, string>();

/** Runs `work` with writes on `store`'s own connection refused, described by `what` (e.g. 正在合并成果包“甲组.drpkg”). */
export async function holdWrites<T>(store: object, what: string, work: () => Promise<T>): Promise<T> {
  held.set(store, what);
  try {
    return await work();
  } finally {
    held.delete(store);
  }
}

/** What holds the store's writes now, if anything. */
export function writesHeldBy(store: object): string | undefined {
  return held.get(store);
}

/** A long job that writes the store on its own connection. */
export interface StoreJob {
  kind: 'results-merge' | 'campaign-import';
  /** What runs, as the refusal names it: 正在合并成果包“甲组.drpkg”. */
  running: string;
  /** What the refused job would have done: 合并成果包. */
  action: string;
}

const claims = new WeakMap<object, { job: StoreJob; count: number }>();

/**
 * Runs `job` with `store` claimed for it. Refused at once (nothing done) while a job of another kind
 * runs, or another campaign import; results merges share the claim.
 */
export async function exclusiveStoreJob<T>(store: object, job: StoreJob, work: () => Promise<T>): Promise<T> {
  const current = claims.get(store);
  if (current && (current.job.kind !== job.kind || job.kind === 'campaign-import')) {
    throw new AppError('conflict', `${current.job.running}，不能同时${job.action}；请等它完成后再试，未导入任何内容。`, {
      reason: 'store_busy',
      running: current.job.kind,
    });
  }
  const claim = current ?? { job, count: 0 };
  claim.count++;
  claims.set(store, claim);
  try {
    return await work();
  } finally {
    if (--claim.count === 0 && claims.get(store) === claim) claims.delete(store);
  }
}
