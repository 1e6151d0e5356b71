import type Database from 'better-sqlite3';
import { appendAudit, type AuditInput } from '../../db/audit';
import type { Store } from '../../db/store';
import { AppError } from '../../shared/errors';
import { JobRunner } from './jobs';

/** What every handler module gets: the store, plus the helpers every write needs. */
export interface CoreContext {
  store: Store;
  db: Database.Database;
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
    appVersion,
    tx: store.tx,
    audit: (entry) => appendAudit(store.db, entry),
    jobs: new JobRunner(),
  };
}

export function notFound(what: string, id: string): AppError {
  return new AppError('not_found', `${what}不存在（${id}），可能已被删除。`);
}
