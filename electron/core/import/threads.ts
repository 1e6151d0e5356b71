/**
 * Large registers are imported by two worker threads working side by side: the validator (read,
 * decode, parse, validate, build rows) and the writer (its own SQLite connection, one IMMEDIATE
 * transaction). On a two-core laptop the two halves overlap, and the main thread — the Electron main
 * process, or the loopback host — stays free to answer progress polls and every other call.
 *
 * WAL lets the main connection keep reading while the writer holds the write lock; a write from the
 * main thread in the meantime waits (busy_timeout) for the import to commit.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { RegisterImportResult, RegisterPreview } from '../../../shared/api/namespaces/registers';
import { AppError } from '../../../shared/errors';
import type { JobControl } from '../jobs';
import { workerEntryBeside } from '../worker-entry';
import type { ImportFile, PreviewRequest, ProduceOptions } from './rows';
import type { PreviewData, PreviewReport, ValidatorData, WriterCommand, WriterData, WriterReport } from './worker';

/** worker-bootstrap.mjs registers tsx in the thread when running from source. */
export const importWorkerEntry = (): string => workerEntryBeside(import.meta.url, 'worker-bootstrap.mjs', 'import-worker.cjs');

export interface ThreadedImport {
  dbPath: string;
  files: ImportFile[];
  produce: ProduceOptions;
  writer: Omit<WriterData, 'role' | 'port' | 'dbPath'>;
}

/** Writer threads still running (a finished import's writer checkpoints the WAL before it exits). */
const runningWriters = new Map<Worker, Promise<void>>();

/** Resolves once every import writer thread has exited, background checkpoint included. */
export async function importThreadsIdle(): Promise<void> {
  while (runningWriters.size) {
    // A finished writer is unref'd; while someone waits for it, it must keep the process alive.
    for (const w of runningWriters.keys()) w.ref();
    await Promise.all([...runningWriters.values()]);
  }
}

export function importInWorkers(input: ThreadedImport, control?: JobControl): Promise<RegisterImportResult> {
  return new Promise((resolve, reject) => {
    const { port1, port2 } = new MessageChannel();
    const entry = importWorkerEntry();
    const writerData: WriterData = { role: 'register-writer', port: port1, dbPath: input.dbPath, ...input.writer };
    const writer = new Worker(entry, { workerData: writerData, transferList: [port1] });
    const validatorData: ValidatorData = { role: 'register-validator', port: port2, files: input.files, produce: input.produce };
    const validator = new Worker(entry, { workerData: validatorData, transferList: [port2] });
    const command = (m: WriterCommand) => writer.postMessage(m);
    const exited = new Promise<void>((done) => writer.once('exit', () => done()));
    runningWriters.set(writer, exited);
    void exited.then(() => runningWriters.delete(writer));

    let settled = false;
    const onAbort = () => {
      void validator.terminate();
      command({ t: 'cancel' });
    };
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      control?.signal.removeEventListener('abort', onAbort);
      // The validator has nothing left to do. The writer has committed or rolled back; it exits by
      // itself after its checkpoint, and must not keep a CLI process alive for that.
      void validator.terminate();
      writer.unref();
      outcome();
    };
    writer.on('message', (m: WriterReport) => {
      if (m.t === 'progress') control?.progress(m.done, m.total, m.step);
      else if (m.t === 'done') settle(() => resolve(m.result));
      else settle(() => reject(new AppError(m.error.code as never, m.error.message)));
    });
    writer.on('error', (err) => settle(() => reject(new AppError('internal', `导入写入线程出错：${err.message}`))));
    writer.on('exit', (code) => settle(() => reject(new AppError('internal', `导入写入线程意外退出（退出码 ${code}），未保存任何数据。`))));
    // The validator's own failures reach the writer as 'fatal' messages; a crash of the thread itself
    // is passed on here so the writer rolls back.
    validator.on('error', (err) => command({ t: 'fatal', message: err.message }));
    if (control?.signal.aborted) onAbort();
    else control?.signal.addEventListener('abort', onAbort);
  });
}

/** The import dialog's preview of a large file, read on a thread of its own. */
export function previewInWorker(request: PreviewRequest): Promise<RegisterPreview> {
  return new Promise((resolve, reject) => {
    const data: PreviewData = { role: 'register-preview', request };
    const worker = new Worker(importWorkerEntry(), { workerData: data });
    let answered = false;
    worker.once('message', (m: PreviewReport) => {
      answered = true;
      if (m.ok) resolve(m.value);
      else reject(new AppError('internal', `读取登记表失败：${m.message}`));
    });
    worker.once('error', (err) => {
      answered = true;
      reject(new AppError('internal', `读取登记表失败：${err.message}`));
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new AppError('internal', `读取登记表的线程意外退出（退出码 ${code}）。`));
    });
  });
}
