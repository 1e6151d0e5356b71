/**
 * The two worker threads of a large register import (see threads.ts): the validator reads, validates
 * and builds rows; the writer stores them on its own connection inside one transaction. They talk over
 * a MessagePort, so rows never pass through the main thread, which only relays progress and cancel.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { appendAudit } from '../../../db/audit';
import { openWriterConnection } from '../../../db/store';
import { AppError } from '../../../shared/errors';
import { previewRegisterFile, produceFile, type FileEnd, type PreviewRequest, type FileStart, type ImportFile, type ProduceOptions, type RowBatch, type RowSink } from './rows';
import { RegisterImportWriter, type WriterOptions } from './writer';

/** Validator → writer, over the port. */
export type RowMessage =
  | { t: 'start'; i: number; f: FileStart }
  | { t: 'rows'; i: number; b: RowBatch }
  | { t: 'end'; i: number; e: FileEnd }
  | { t: 'done' }
  | { t: 'fatal'; message: string };

/** Main → writer. */
export type WriterCommand = { t: 'cancel' } | { t: 'fatal'; message: string };

/** Writer → main. */
export type WriterReport =
  | { t: 'progress'; done: number; total: number; step: string }
  | { t: 'done'; result: import('../../../shared/api/namespaces/registers').RegisterImportResult }
  | { t: 'failed'; error: { code: string; message: string } };

export interface ValidatorData {
  role: 'register-validator';
  port: MessagePort;
  files: ImportFile[];
  produce: ProduceOptions;
}

export interface WriterData extends Omit<WriterOptions, 'audit' | 'onProgress'> {
  role: 'register-writer';
  port: MessagePort;
  dbPath: string;
}

/** A one-off thread that reads a large file for the import dialog's preview. */
export interface PreviewData {
  role: 'register-preview';
  request: PreviewRequest;
}

export type PreviewReport = { ok: true; value: import('../../../shared/api/namespaces/registers').RegisterPreview } | { ok: false; message: string };

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function runValidator(d: ValidatorData): Promise<void> {
  const send = (m: RowMessage) => d.port.postMessage(m);
  const sink: RowSink = {
    startFile: (i, f) => send({ t: 'start', i, f }),
    rows: (i, b) => send({ t: 'rows', i, b }),
    endFile: (i, e) => send({ t: 'end', i, e }),
  };
  try {
    let storable = true;
    for (let i = 0; i < d.files.length; i++) {
      if (!(await produceFile(i, d.files[i], d.produce, storable, sink))) storable = false;
    }
    send({ t: 'done' });
  } catch (err) {
    send({ t: 'fatal', message: messageOf(err) });
  }
}

function runWriter(d: WriterData): void {
  const report = (m: WriterReport) => parentPort!.postMessage(m);
  // The same connection settings as the store's own (db/store.ts); WAL is a property of the file.
  const db = openWriterConnection(d.dbPath);
  // No checkpoint inside COMMIT: copying ~30 MB of WAL back into the database file would hold up the
  // result by a few hundred milliseconds. The writer checkpoints after reporting instead (below).
  db.pragma('wal_autocheckpoint = 0');
  let finished = false;
  const stop = (outcome: WriterReport, commit: boolean) => {
    if (finished) return;
    finished = true;
    try {
      if (db.inTransaction) db.exec(commit ? 'COMMIT' : 'ROLLBACK');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      outcome = { t: 'failed', error: { code: 'internal', message: `写入数据库失败：${messageOf(err)}` } };
    }
    d.port.close();
    report(outcome);
    // The import is committed and reported; now fold the WAL back into the database file on this
    // thread, off the caller's path. PASSIVE never waits for readers or blocks other writers.
    if (commit && outcome.t === 'done') {
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // Busy or interrupted: the next checkpoint (any later commit, or closing the store) does it.
      }
    }
    db.close();
    parentPort!.close();
  };
  const fail = (err: unknown) =>
    stop({ t: 'failed', error: err instanceof AppError ? { code: err.code, message: err.message } : { code: 'internal', message: messageOf(err) } }, false);

  let writer: RegisterImportWriter;
  try {
    db.exec('BEGIN IMMEDIATE');
    writer = new RegisterImportWriter(db, {
      campaignId: d.campaignId,
      actor: d.actor,
      applyChanges: d.applyChanges,
      now: d.now,
      audit: (entry) => appendAudit(db, entry),
      onProgress: (done, total, step) => report({ t: 'progress', done, total, step }),
    });
  } catch (err) {
    fail(err);
    return;
  }
  d.port.on('message', (m: RowMessage) => {
    if (finished) return;
    try {
      if (m.t === 'start') writer.startFile(m.i, m.f);
      else if (m.t === 'rows') writer.rows(m.i, m.b);
      else if (m.t === 'end') writer.endFile(m.i, m.e);
      else if (m.t === 'fatal') fail(new AppError('internal', `读取登记表失败：${m.message}`));
      else {
        const out = writer.finish();
        stop({ t: 'done', result: out.result }, out.commit);
      }
    } catch (err) {
      fail(err);
    }
  });
  parentPort!.on('message', (m: WriterCommand) => {
    if (m.t === 'cancel') fail(new AppError('cancelled', '导入已取消，未保存任何数据。'));
    else fail(new AppError('internal', `读取登记表失败：${m.message}`));
  });
}

async function runPreview(d: PreviewData): Promise<void> {
  let report: PreviewReport;
  try {
    report = { ok: true, value: await previewRegisterFile(d.request) };
  } catch (err) {
    report = { ok: false, message: messageOf(err) };
  }
  parentPort!.postMessage(report);
  parentPort!.close();
}

const data = workerData as ValidatorData | WriterData | PreviewData | undefined;
if (data?.role === 'register-validator') void runValidator(data);
else if (data?.role === 'register-writer') runWriter(data);
else if (data?.role === 'register-preview') void runPreview(data);
