/**
 * Work that holds the store's write lock on a connection of its own for a while (the results merge)
 * while the app keeps running. A write on the app's connection meanwhile would wait for that lock
 * with the thread blocked — and so block the very work it waits for until `busy_timeout` ends it
 * with a bare SQLITE_BUSY. Instead ctx.tx refuses it at once, saying what is running.
 */
const held = new WeakMap<object, string>();

/** Runs `work` with writes on `store`'s own connection refused, described by `what` (e.g. 正在合并成果包). */
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
