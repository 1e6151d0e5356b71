import { appendAudit, type AuditInput } from '../../db/audit';
import type { ReadableDB, WritableDB } from '../../db/handles';
import type { Store } from '../../db/store';
import { JobRunner } from './jobs';

export { notFound } from '../../shared/errors';

/** What every handler module gets: the store, plus the helpers every write needs. */
export interface CoreContext {
  store: Store;
  /** The store's connection for mutations: writing repositories take it; write inside tx(). */
  db: WritableDB;
  /** The same connection for queries: repositories built on it offer no writes (a type error). */
  read: ReadableDB;
  appVersion: string;
  /** One IMMEDIATE transaction; call audit() inside it so the change and its record land together. */
  tx<T>(fn: () => T): T;
  audit(entry: AuditInput): void;
  /** Long operations with progress and cancellation. */
  jobs: JobRunner;
}

export function createCoreContext(store: Store, appVersion: string): CoreContext {
  return {
    store,
    db: store.db,
    read: store.db,
    appVersion,
    tx: store.tx,
    audit: (entry) => appendAudit(store.db, entry),
    jobs: new JobRunner(),
  };
}
