import { appendAudit, type AuditInput } from '../../db/audit';
import type { ReadableDB, WritableDB } from '../../db/handles';
import type { Store } from '../../db/store';
import { ephemeralIdentity, identityDirFor, loadOrCreateIdentity, type Identity } from './identity';
import { JobRunner } from './jobs';
import type { SessionTable } from './session';

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
  /** This installation's signing key pair, made on first use (electron/core/identity). */
  identity(): Identity;
  /** Where the key pair lives; '' for an in-memory store (whose identity lasts as long as it). */
  identityDir: string;
  /** Who is at the keyboard, per window or browser tab (electron/core/session). */
  sessions: SessionTable;
}

export function createCoreContext(store: Store, appVersion: string): CoreContext {
  const identityDir = store.path === ':memory:' ? '' : identityDirFor(store.path);
  let identity: Identity | undefined;
  return {
    store,
    db: store.db,
    read: store.db,
    appVersion,
    tx: store.tx,
    audit: (entry) => appendAudit(store.db, entry),
    jobs: new JobRunner(),
    identity: () => (identity ??= identityDir ? loadOrCreateIdentity(identityDir) : ephemeralIdentity()),
    identityDir,
    sessions: new Map(),
  };
}
