import { appendAudit, type AuditInput } from '../../db/audit';
import { idleCheckpointer } from '../../db/idle-checkpoint';
import type { ReadableDB, WritableDB } from '../../db/handles';
import type { Store } from '../../db/store';
import { createAuditHeadKeeper, type AuditHeadKeeper } from './audit-head';
import { ephemeralIdentity, identityDirFor, loadOrCreateIdentity, type Identity } from './identity';
import { JobRunner } from './jobs';
import type { SessionTable } from './session';
import { writesHeldBy } from './write-hold';
import { AppError } from '../../shared/errors';

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
  /** The signed audit chain head beside the store: synced after each audited commit, checked at start. */
  auditHead: AuditHeadKeeper;
  /** Who is at the keyboard, per window or browser tab (electron/core/session). */
  sessions: SessionTable;
}

export function createCoreContext(store: Store, appVersion: string): CoreContext {
  const identityDir = store.path === ':memory:' ? '' : identityDirFor(store.path);
  let identity: Identity | undefined;
  const getIdentity = () => (identity ??= identityDir ? loadOrCreateIdentity(identityDir) : ephemeralIdentity());
  const auditHead = createAuditHeadKeeper({
    db: store.db,
    storePath: store.path,
    storeId: () => store.storeId,
    identity: getIdentity,
    identityDir,
    enabled: store.path !== ':memory:' && store.health.ok && store.schemaVersion > 0,
  });
  // WAL checkpoints when writes pause, not inside an autosave (db/idle-checkpoint.ts).
  const checkpoints = idleCheckpointer(store.db, store.path !== ':memory:' && store.health.ok && store.schemaVersion > 0);
  // However the store is closed (Core.close, or a test closing the store itself), the final head is
  // written and recorded while the connection is still open, and no background write outlives it.
  store.beforeClose(() => {
    checkpoints.stop();
    try {
      auditHead.flush();
    } catch (err) {
      console.error('[audit] 无法写入签名链头：', err);
    }
  });
  // Sign the new head once the outermost transaction has committed: a head written inside one
  // could vouch for rows a rollback then removes.
  let audited = false;
  const signIfAudited = () => {
    if (!audited || store.db.inTransaction) return;
    audited = false;
    try {
      auditHead.sync();
    } catch (err) {
      // The change itself is committed; a head that lags is checked again at the next change.
      console.error('[audit] 无法写入签名链头：', err);
    }
  };
  return {
    store,
    db: store.db,
    read: store.db,
    appVersion,
    tx: <T>(fn: () => T): T => {
      const holder = writesHeldBy(store);
      if (holder) throw new AppError('conflict', `${holder}，暂时不能保存，本次修改未保存；请等它完成后再试。`);
      try {
        return store.tx(fn);
      } finally {
        signIfAudited();
        checkpoints.afterWrite();
      }
    },
    audit: (entry) => {
      appendAudit(store.db, entry);
      auditHead.recordInTransaction();
      audited = true;
      signIfAudited();
    },
    jobs: new JobRunner(),
    identity: getIdentity,
    identityDir,
    auditHead,
    sessions: new Map(),
  };
}
