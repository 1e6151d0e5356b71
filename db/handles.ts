/**
 * Which code may write, said by the type checker (after Signal Desktop's ReadableDB / WritableDB).
 * Both are the same better-sqlite3 connection at run time; they differ only in type:
 * - WritableDB: a connection that may write — the store's own, or the import writer thread's.
 * - ReadableDB: that connection as seen by code that only reads. It lacks `exec`, `transaction`
 *   and the other members only writers use, so it cannot be passed where a WritableDB is wanted.
 * Repository functions that only read accept a ReadableDB (a WritableDB is one too); functions that
 * write accept only a WritableDB. A damaged store is still refused at run time as well (the
 * dispatcher blocks mutations, and SQLite has it open read-only).
 */
import type Database from 'better-sqlite3';

export type WritableDB = Database.Database;

export type ReadableDB = Omit<WritableDB, 'exec' | 'transaction' | 'backup' | 'close' | 'function' | 'aggregate' | 'table' | 'loadExtension' | 'unsafeMode'>;
