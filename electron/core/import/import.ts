/**
 * Register import: read every file → validate → classify each row against the campaign (new,
 * unchanged, changed) → write everything in one transaction, or nothing when any file has an error.
 *
 * The work is split in two halves that share no state (rows.ts produces rows, writer.ts stores them).
 * Small registers run both halves here, in one synchronous transaction; large ones run them in two
 * worker threads side by side (threads.ts), which keeps the calling thread free and uses both cores.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { campaignReads } from '../../../db/repositories/campaigns';
import { importMappingRepository } from '../../../db/repositories/units';
import { nowIso } from '../../../db/util';
import type { RegisterImportResult, RegisterPreview } from '../../../shared/api/namespaces/registers';
import type { ColumnMapping } from '../../../shared/domain/register';
import type { CoreContext } from '../context';
import type { JobControl } from '../jobs';
import type { RegisterSource } from './read';
import { previewRegisterFile, readFileRecords, type ImportFile, type ProduceOptions } from './rows';
import { importInWorkers, previewInWorker } from './threads';
import { RegisterImportWriter, type WriterOutcome } from './writer';

export { pickSavedMapping, type ImportFile } from './rows';
export { MAX_LISTED_ISSUES, mergeUnitCounts, type UnitImportCount } from './writer';

/**
 * Where an import runs: `inline` in the calling thread, `workers` in two worker threads, `auto` by
 * size (inline below WORKER_THRESHOLD_BYTES, where starting two threads costs more than it saves).
 * DOSSIER_IMPORT_THREADS=inline|workers overrides `auto` (to run a test suite through either path).
 */
export type ImportThreads = 'auto' | 'inline' | 'workers';

export const WORKER_THRESHOLD_BYTES = 1024 * 1024;

export interface ImportRegistersOptions {
  campaignId: string;
  files: ImportFile[];
  /** Explicit source header → template column; overrides saved and suggested mappings. */
  mapping?: ColumnMapping | null;
  /** Write rows whose content differs from the stored dossier (otherwise they are only reported). */
  applyChanges?: boolean;
  actor: string;
  /** The import date (YYYY-MM-DD) used for "date in the future" warnings; default today, local time. */
  today?: string;
  threads?: ImportThreads;
  /** Progress and cancellation when the import runs as a job. */
  control?: JobControl;
}

export function localToday(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

const sourceBytes = (s: RegisterSource): number => {
  if (typeof s !== 'string') return s.bytes.byteLength;
  try {
    return statSync(s).size;
  } catch {
    return 0; // unreadable: the read reports it, whichever path runs
  }
};

function chooseThreads(ctx: CoreContext, opts: ImportRegistersOptions): 'inline' | 'workers' {
  if (ctx.store.path === ':memory:' || !ctx.store.health.ok) return 'inline';
  const requested = opts.threads ?? 'auto';
  if (requested !== 'auto') return requested;
  const env = process.env.DOSSIER_IMPORT_THREADS;
  if (env === 'inline' || env === 'workers') return env;
  const bytes = opts.files.reduce((n, f) => n + sourceBytes(f.source), 0);
  return bytes >= WORKER_THRESHOLD_BYTES ? 'workers' : 'inline';
}

export async function previewRegister(
  ctx: CoreContext,
  input: { source: RegisterSource; sheet?: string | null; limit?: number },
): Promise<RegisterPreview> {
  const request = { source: input.source, sheet: input.sheet ?? null, limit: input.limit ?? 20, savedMappings: importMappingRepository(ctx.db).list() };
  // A large file is read on a worker thread: a 50,000-row XLSX takes exceljs several seconds.
  if (sourceBytes(input.source) >= WORKER_THRESHOLD_BYTES) return previewInWorker(request);
  return previewRegisterFile(request);
}

/** Thrown inside the write transaction to undo it when any row turned out to have an error. */
class RollbackImport extends Error {
  constructor(readonly outcome: WriterOutcome) {
    super('rollback');
  }
}

export async function importRegisters(ctx: CoreContext, opts: ImportRegistersOptions): Promise<RegisterImportResult> {
  campaignReads(ctx.read).mustExist(opts.campaignId);
  const now = nowIso();
  const produce: ProduceOptions = {
    campaignId: opts.campaignId,
    mapping: opts.mapping ?? null,
    savedMappings: importMappingRepository(ctx.db).list(),
    today: opts.today ?? localToday(),
    now,
  };
  const writerOptions = { campaignId: opts.campaignId, actor: opts.actor, applyChanges: opts.applyChanges ?? false, now };

  if (chooseThreads(ctx, opts) === 'workers') {
    try {
      return await importInWorkers({ dbPath: ctx.store.path, files: opts.files, produce, writer: writerOptions }, opts.control);
    } finally {
      // The writer thread audited on its own connection: sign the head that now ends with its rows.
      ctx.auditHead.sync();
    }
  }

  // Inline: read every file first (async I/O, no writes), then validate and write in one synchronous
  // transaction. Rows are written as they validate (no 50,000-row intermediate arrays kept alive).
  const files: Awaited<ReturnType<typeof readFileRecords>>[] = [];
  for (const f of opts.files) {
    opts.control?.progress(0, 0, `读取“${typeof f.source === 'string' ? basename(f.source) : f.source.name}”`);
    files.push(await readFileRecords(f));
  }
  try {
    return ctx.tx(() => {
      const writer = new RegisterImportWriter(ctx.db, { ...writerOptions, audit: ctx.audit, onProgress: opts.control?.progress });
      let storable = true;
      files.forEach((produceRows, i) => {
        if (!produceRows(i, produce, storable, writer)) storable = false;
      });
      const outcome = writer.finish();
      if (!outcome.commit) throw new RollbackImport(outcome);
      return outcome.result;
    });
  } catch (err) {
    if (err instanceof RollbackImport) return err.outcome.result;
    throw err;
  }
}
