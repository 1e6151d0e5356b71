/**
 * Opening the store: one SQLite file per laptop plus a folder of attached PDFs beside it.
 * On open: integrity check (a damaged file is reopened read-only and every write is refused),
 * WAL + foreign keys + busy timeout, an online backup before any migration, then migrations,
 * each in its own IMMEDIATE transaction.
 */
import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../shared/errors';
import type { WritableDB } from './handles';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { newId, nowIso } from './util';

export interface StoreHealth {
  ok: boolean;
  message: string | null;
}

export interface Store {
  /** Writable while the store is healthy; a damaged store is opened read-only and mutations are refused. */
  readonly db: WritableDB;
  readonly path: string;
  /** Folder where attached dossier files are kept under their SHA-256. */
  readonly filesDir: string;
  readonly storeId: string;
  readonly schemaVersion: number;
  readonly health: StoreHealth;
  /** Backups written by this open (before migrations). */
  readonly backups: readonly string[];
  /** Runs fn in one IMMEDIATE transaction: every multi-row change goes through here. */
  tx<T>(fn: () => T): T;
  /** Online backup of the live store to a file. */
  backupTo(file: string): Promise<void>;
  /** Runs hooks (e.g. the final signed audit head), then closes the connection. */
  close(): void;
  /** Registers work that must run while the connection is still open, however the store gets closed. */
  beforeClose(hook: () => void): void;
}

export interface OpenStoreOptions {
  /** Skip the pre-migration backup (tests of fresh stores). Never skipped for an existing store with data. */
  readonly?: boolean;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

function headerLooksLikeSqlite(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return n === 16 && buf.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

const damagedMessage = (path: string, detail: string) =>
  `数据库文件“${path}”已损坏（${detail}）。为避免进一步损坏，已以只读方式打开并禁止一切修改；请从备份恢复后再继续。`;
const readOnlyMessage = (path: string) =>
  `数据库文件“${path}”是只读的（本程序没有写入它或其所在文件夹的权限），已以只读方式打开：可以查看，不能修改。请把该文件及其所在文件夹设为可写，或把它复制到可写的位置后再打开。`;
const emptyFileMessage = (path: string) =>
  `数据库文件“${path}”是空文件（0 字节），其中没有任何数据：可能是创建时中断，或文件被清空。未作任何修改。若其中本应有数据，请从备份恢复；若要新建数据库，请先删除或移走这个空文件。`;

const sqliteCode = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

/**
 * The SQLite failures a user can act on, in plain Chinese (what is wrong, what to do), so the app, the
 * host and the CLI never show "内部错误…attempt to write a readonly database". Null for anything else.
 */
export function storeFailure(err: unknown, path: string): AppError | null {
  const code = sqliteCode(err);
  if (code.startsWith('SQLITE_FULL')) {
    return new AppError('disk_full', `磁盘空间不足，刚才的修改没有保存（数据库“${path}”所在的磁盘已满）。请清理磁盘空间后重试；此前已保存的内容不受影响。`);
  }
  if (code.startsWith('SQLITE_READONLY')) return new AppError('store_readonly', readOnlyMessage(path));
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return new AppError('store_damaged', damagedMessage(path, err instanceof Error ? err.message : code));
  return null;
}

/** Whether this process may write the store file and create its -wal/-shm files beside it. */
function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Settings every connection to the store gets, the store's own and the import writer thread's alike.
 * synchronous=FULL: in WAL mode each COMMIT fsyncs the WAL, so an answer acknowledged as 已保存
 * survives power loss, not only a killed process (NORMAL may lose the last commits on power loss).
 */
export function applyConnectionSettings(db: Database.Database): void {
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // 64 MiB page cache (default 2 MiB): a 50,000-row register import updates four indexes at random
  // places; with 2 MiB it keeps evicting and spilling pages mid-transaction (~0.4 s extra system time).
  db.pragma('cache_size = -65536');
}

/**
 * A second writing connection to an existing store (the register import's writer thread, package
 * imports and merges), for one long transaction. Its page cache may grow to 128 MiB: a 50,000-row
 * register makes ~130 MB of pages, and with 64 MiB about half of them were spilled to the WAL
 * mid-transaction and index pages read back (~150 ms more system time per import, measured). The
 * cache only grows to the pages the transaction touches and is freed when the connection closes.
 */
export function openWriterConnection(path: string): Database.Database {
  const db = new Database(path, { fileMustExist: true });
  applyConnectionSettings(db);
  db.pragma('cache_size = -131072');
  return db;
}

/** A read-only connection to an existing store (the results export's snapshot); it never writes. */
export function openReaderConnection(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** quick_check result: null when healthy, else a short description of the damage. */
function quickCheck(db: Database.Database): string | null {
  try {
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return problems.length ? problems.slice(0, 3).join('; ') : null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

interface Opened {
  db: Database.Database;
  version: number;
  storeId: string;
  backups: string[];
  health: StoreHealth;
}

async function openAndMigrate(path: string, exists: boolean, inMemory: boolean, options: OpenStoreOptions): Promise<Opened> {
  let db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: exists });
  try {
    return await migrateOpened(db, path, exists, inMemory, options, (next) => (db = next));
  } catch (err) {
    if (db.open) db.close();
    throw err;
  }
}

async function migrateOpened(
  first: Database.Database,
  path: string,
  exists: boolean,
  inMemory: boolean,
  options: OpenStoreOptions,
  replaced: (db: Database.Database) => void,
): Promise<Opened> {
  let db = first;
  db.pragma('busy_timeout = 5000');
  let health: StoreHealth = { ok: true, message: null };

  // Before anything that writes (journal_mode, migrations): a newer program's store stays as it is.
  let version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_SCHEMA_VERSION) {
    db.close();
    throw new AppError(
      'unsupported_store',
      `数据库“${path}”的架构版本为 ${version}，高于本程序支持的 ${LATEST_SCHEMA_VERSION}：它由更新版本的程序创建，未作任何修改。请升级程序后再打开。`,
    );
  }

  const damage = exists ? quickCheck(db) : null;
  if (damage) {
    db.close();
    db = new Database(path, { readonly: true, fileMustExist: true });
    replaced(db);
    health = { ok: false, message: damagedMessage(path, `完整性检查：${damage}`) };
  } else if (exists && !inMemory && !options.readonly && !writable(path)) {
    db.close();
    db = new Database(path, { readonly: true, fileMustExist: true });
    replaced(db);
    health = { ok: false, message: readOnlyMessage(path) };
  } else if (!options.readonly) {
    if (!inMemory) db.pragma('journal_mode = WAL');
  }
  applyConnectionSettings(db);

  const backups: string[] = [];
  if (health.ok && !options.readonly && version < LATEST_SCHEMA_VERSION) {
    if (exists && version > 0) {
      const stamp = nowIso().replace(/[:.]/g, '-');
      const backupFile = join(dirname(path), `${basename(path)}.v${version}-${stamp}.bak`);
      await db.backup(backupFile);
      backups.push(backupFile);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= version) continue;
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
      version = m.version;
    }
  }

  let storeId = '';
  if (version > 0) {
    const row = db.prepare(`SELECT value FROM meta WHERE key = 'store_id'`).get() as { value: string } | undefined;
    storeId = row?.value ?? '';
    if (!storeId && health.ok && !options.readonly) {
      storeId = newId();
      db.prepare(`INSERT INTO meta (key, value) VALUES ('store_id', ?), ('created_at', ?)`).run(storeId, nowIso());
    }
  }

  return { db, version, storeId, backups, health };
}

export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  const inMemory = path === ':memory:';
  const exists = !inMemory && existsSync(path);
  // SQLite would silently turn an empty file into a new store; an existing empty file is a lost store.
  if (exists && statSync(path).isFile() && statSync(path).size === 0) throw new AppError('store_damaged', emptyFileMessage(path));
  if (exists && !headerLooksLikeSqlite(path)) {
    throw new AppError('store_damaged', `文件“${path}”不是评查数据库（SQLite 文件头无效），未作任何修改。`);
  }
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });

  let opened: Opened;
  try {
    opened = await openAndMigrate(path, exists, inMemory, options);
  } catch (err) {
    if (err instanceof AppError || exists === false) throw err;
    // Damage that quick_check did not reach (it samples structure, not every row) surfaces as a
    // SQLite error later in opening, and a file SQLite may not write (a read-only mount) as
    // SQLITE_READONLY. Either way: open it read-only, say why, and keep the file untouched.
    const failure = storeFailure(err, path);
    const message = failure?.code === 'store_readonly' ? readOnlyMessage(path) : damagedMessage(path, err instanceof Error ? err.message : String(err));
    const db = new Database(path, { readonly: true, fileMustExist: true });
    let version = 0;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
    } catch {
      // Too damaged even to read the header's version: stays 0, every read reports the damage.
    }
    opened = { db, version, storeId: '', backups: [], health: { ok: false, message } };
  }
  const { db, version, storeId, backups, health } = opened;

  const filesDir = inMemory ? mkdtempSync(join(tmpdir(), 'dossier-review-files-')) : `${path}.files`;
  const conn = db;
  const closeHooks: (() => void)[] = [];
  return {
    db: conn,
    path,
    filesDir,
    storeId,
    schemaVersion: version,
    health,
    backups,
    tx: <T>(fn: () => T): T => conn.transaction(fn).immediate(),
    backupTo: async (file: string) => {
      await conn.backup(file);
    },
    close: () => {
      if (!conn.open) return;
      try {
        for (const hook of closeHooks.splice(0)) hook();
      } finally {
        conn.close();
      }
    },
    beforeClose: (hook) => {
      closeHooks.push(hook);
    },
  };
}
