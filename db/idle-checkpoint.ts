/**
 * WAL checkpoints at idle moments instead of inside a save. SQLite's automatic checkpoint runs in the
 * commit that takes the WAL past 1000 pages: with ≈7 pages per autosave, about one save in 150 also
 * copies the WAL into the database file and fsyncs that file too — 8–65 ms on the test disk, which
 * is exactly the tail autosave_p99_ms measures. The app's connection instead checkpoints (PASSIVE:
 * never waits for readers or writers) once writes have paused for a moment, and keeps the automatic
 * checkpoint only as a safety net at a higher mark, for long bursts without any pause.
 * Durability is unchanged: with synchronous=FULL every commit is durable in the WAL itself; a
 * checkpoint only moves pages into the main file.
 */
import type { WritableDB } from './handles';

/** How long writes must pause before the WAL is checkpointed. */
export const IDLE_CHECKPOINT_MS = 1000;
/** The automatic checkpoint's mark while idle checkpoints are on (≈40 MB of WAL with 4 KiB pages). */
export const SAFETY_NET_PAGES = 10_000;

export interface IdleCheckpointer {
  /** After a committed write: (re)arms the idle timer. */
  afterWrite(): void;
  /** The store is closing: no checkpoint may run on it any more (SQLite checkpoints at close itself). */
  stop(): void;
}

export function idleCheckpointer(db: WritableDB, enabled: boolean): IdleCheckpointer {
  if (!enabled) return { afterWrite: () => undefined, stop: () => undefined };
  db.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const checkpoint = () => {
    timer = null;
    if (stopped || !db.open) return;
    // A transaction still open (an import pausing between batches on this connection): try at the next pause.
    if (db.inTransaction) return;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or failing: the next pause retries, and the safety net still stands.
    }
  };
  return {
    afterWrite() {
      if (stopped) return;
      if (timer) {
        timer.refresh();
        return;
      }
      timer = setTimeout(checkpoint, IDLE_CHECKPOINT_MS);
      timer.unref(); // never keeps a CLI command or a test alive
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
