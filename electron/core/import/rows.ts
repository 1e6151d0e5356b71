/**
 * The producing half of a register import: read a file record by record, settle its column mapping
 * on its first rows, validate each row as it arrives and turn each valid row into the exact parameter
 * array the dossiers INSERT binds. Nothing here touches the store, so it runs unchanged in the
 * importing thread (small registers) or in a worker thread beside the writer (large ones), and its
 * output crosses threads as plain arrays. Rows go out in batches while the file is still being read,
 * so the writer starts storing at once and no batch outlives its trip.
 */
import { createHash } from 'node:crypto';
import { dossierRowParams, type DossierRowParams } from '../../../db/repositories/dossiers';
import type { SavedMapping } from '../../../db/repositories/units';
import { newId } from '../../../db/util';
import type { RegisterPreview } from '../../../shared/api/namespaces/registers';
import {
  cleanCell,
  contentKey,
  createRegisterValidator,
  REQUIRED_HEADERS,
  resolveMapping,
  type ColumnMapping,
  type RegisterIssue,
  type RegisterTable,
  type RegisterValidator,
  type ValidatedRow,
} from '../../../shared/domain/register';
import { openRegisterFile, readRegisterFile, TableBuilder, type RegisterInfo, type RegisterSource, type RegisterStream } from './read';

export interface ImportFile {
  source: RegisterSource;
  sheet?: string | null;
}

/** What the writer learns about a file before its rows. */
export interface FileStart {
  name: string;
  format: RegisterInfo['format'];
  encoding: string | null;
  sheet: string | null;
  sha256: string;
  /** Rows expected (for progress; 0 when unknown): the exact count comes with FileEnd. */
  rowCount: number;
  mapping: ColumnMapping;
  savedMappingUnit: string | null;
  /** The register_imports row its dossiers point at. */
  importId: string;
  /** The file could not be used (corrupt, unreadable…): no rows follow. */
  readErrors: RegisterIssue[];
  readWarnings: RegisterIssue[];
}

/**
 * Valid rows of one file, in file order. Every valid row carries its case number and spreadsheet row
 * (the writer checks case numbers across files); `params` is null once the import can no longer be
 * stored (an error earlier in this or a previous file), so no row is built for nothing.
 */
export interface RowBatch {
  caseNos: string[];
  rows: number[];
  unitNames: string[];
  params: (DossierRowParams | null)[];
  /** JSON of the row's columns outside the template, or null when it has none. */
  extras: (string | null)[];
}

export interface FileEnd {
  errors: RegisterIssue[];
  warnings: RegisterIssue[];
  /** The file's data rows. */
  rowCount: number;
  /**
   * Problems found after rows were sent that make the whole file unusable (an over-long cell, unbalanced
   * quotes, a workbook damaged mid-sheet): they replace its validation errors and warnings, as if the
   * file had been refused before its first row; the rows already sent are discarded with the import.
   */
  readErrors: RegisterIssue[];
}

/** Where produced rows go: straight into the writer, or onto the channel to the writer's thread. */
export interface RowSink {
  startFile(index: number, file: FileStart): void;
  rows(index: number, batch: RowBatch): void;
  endFile(index: number, end: FileEnd): void;
}

export interface ProduceOptions {
  campaignId: string;
  /** Explicit source header → template column; overrides saved and suggested mappings. */
  mapping?: ColumnMapping | null;
  savedMappings: readonly SavedMapping[];
  /** YYYY-MM-DD, for "date in the future" warnings. */
  today: string;
  /** The import's timestamp (created_at / updated_at of every row). */
  now: string;
}

export const ROW_BATCH_SIZE = 1000;

// createHash, not the one-shot crypto.hash: in Node 22 the latter re-normalises the algorithm name
// on every call, which costs more than the hashing itself over 50,000 rows.
export const contentHash = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * The saved mapping that fits a file: the one saved for the unit named in its 执法单位 column, or
 * else the one whose source headers all appear in the file (most headers wins).
 */
export function pickSavedMapping(
  table: RegisterTable,
  saved: readonly SavedMapping[],
  explicit?: ColumnMapping | null,
): SavedMapping | null {
  if (saved.length === 0) return null;
  const base = resolveMapping(table.headers, { explicit });
  const unitIdx = table.headers.findIndex((h) => base[h] === '执法单位');
  if (unitIdx >= 0) {
    const byName = new Map(saved.map((s) => [s.unitName, s]));
    for (const r of table.rows.slice(0, 50)) {
      const hit = byName.get(cleanCell(r.cells[unitIdx]));
      if (hit) return hit;
    }
  }
  const headerSet = new Set(table.headers);
  let best: SavedMapping | null = null;
  let bestN = 0;
  for (const s of saved) {
    const keys = Object.keys(s.mapping);
    if (keys.length === 0 || !keys.every((k) => headerSet.has(k))) continue;
    if (keys.length > bestN) {
      best = s;
      bestN = keys.length;
    }
  }
  return best;
}

export interface PreviewRequest {
  source: RegisterSource;
  sheet: string | null;
  /** Data rows to show. */
  limit: number;
  savedMappings: readonly SavedMapping[];
}

/** The import dialog's first look at a file: headers, the first rows, the mapping it would use. */
export async function previewRegisterFile(req: PreviewRequest): Promise<RegisterPreview> {
  // An XLSX is parsed only as far as the shown rows, the rows a saved mapping is matched on (50) and a
  // title and header row above them; the rest is only counted.
  const read = await readRegisterFile(req.source, { sheet: req.sheet, firstRows: Math.max(req.limit, 50) + 3 });
  const saved = pickSavedMapping(read, req.savedMappings);
  const mapping = resolveMapping(read.headers, { saved: saved?.mapping });
  const mapped = new Set(Object.values(mapping).filter(Boolean));
  const width = read.headers.length;
  return {
    file: read.name,
    format: read.format,
    encoding: read.encoding,
    sheet: read.sheet,
    sheets: read.sheets,
    headerRow: read.headerRow,
    headers: read.headers,
    rows: read.rows.slice(0, req.limit).map((r) => Array.from({ length: width }, (_, i) => cleanCell(r.cells[i]))),
    rowCount: read.rows.length + read.moreRows,
    suggestedMapping: mapping,
    savedMappingUnit: saved?.unitName ?? null,
    missingRequired: read.errors.length ? [] : REQUIRED_HEADERS.filter((h) => !mapped.has(h)),
    errors: read.errors,
  };
}

const emptyBatch = (): RowBatch => ({ caseNos: [], rows: [], unitNames: [], params: [], extras: [] });

/** Rows a saved mapping is matched on (by the 执法单位 they name) before any row is validated. */
const MAPPING_SAMPLE_ROWS = 50;

/**
 * One file's rows from record to batch: header detection (TableBuilder), the mapping settled on the
 * first MAPPING_SAMPLE_ROWS rows, then validation row by row. Feed it with `record`, then `finish`.
 * `storable` says whether rows are still worth building (no error so far in earlier files).
 */
export class FileRowProducer {
  private readonly builder: TableBuilder;
  private headers: string[] = [];
  private sample: { row: number; cells: string[] }[] | null = [];
  private start: FileStart | null = null;
  private validator: RegisterValidator | null = null;
  private batch = emptyBatch();

  constructor(
    private readonly index: number,
    private readonly file: Pick<RegisterStream, 'info' | 'errors'>,
    private readonly opts: ProduceOptions,
    private readonly storable: boolean,
    private readonly sink: RowSink,
  ) {
    this.builder = new TableBuilder(file.info.name, {
      header: (headers) => (this.headers = headers),
      row: (row, cells) => this.row(row, cells),
    });
    // A file refused before its first record is announced at once; its records are only counted.
    if (file.errors.length) this.begin(file.errors, 0);
  }

  record(cells: string[], row: number): void {
    this.builder.push(cells, row);
  }

  private row(row: number, cells: string[]): void {
    if (this.validator) this.validator.push(row, cells);
    else if (this.sample) {
      this.sample.push({ row, cells });
      if (this.sample.length >= MAPPING_SAMPLE_ROWS) this.begin([], null);
    }
  }

  /**
   * Settles the mapping, announces the file and validates the rows held back for the mapping.
   * `rowCount`: the file's rows when known (read to the end), else null (estimated for progress).
   */
  private begin(readErrors: RegisterIssue[], rowCount: number | null): void {
    const { info } = this.file;
    const table: RegisterTable = { headers: this.headers, headerRow: this.builder.headerRow, rows: this.sample ?? [] };
    const saved = readErrors.length ? null : pickSavedMapping(table, this.opts.savedMappings, this.opts.mapping);
    const mapping = readErrors.length ? {} : resolveMapping(this.headers, { saved: saved?.mapping, explicit: this.opts.mapping });
    this.start = {
      name: info.name,
      format: info.format,
      encoding: info.encoding,
      sheet: info.sheet,
      sha256: info.sha256,
      rowCount: rowCount ?? Math.max(info.estimatedRows - this.builder.headerRow, this.builder.rowCount),
      mapping,
      savedMappingUnit: saved?.unitName ?? null,
      importId: newId(),
      readErrors,
      readWarnings: [],
    };
    this.sink.startFile(this.index, this.start);
    const sample = this.sample ?? [];
    this.sample = null;
    if (readErrors.length) return;
    this.validator = createRegisterValidator(this.headers, this.builder.headerRow, {
      file: info.name,
      mapping,
      today: this.opts.today,
      onRow: (r, fileClean) => this.valid(r, fileClean),
    });
    for (const r of sample) this.validator.push(r.row, r.cells);
  }

  private valid(r: ValidatedRow, fileClean: boolean): void {
    const { opts, batch } = this;
    const record = r.record;
    batch.caseNos.push(record.caseNo);
    batch.rows.push(r.row);
    batch.unitNames.push(record.unitName);
    if (this.storable && fileClean) {
      batch.params.push(
        dossierRowParams({
          id: newId(),
          campaignId: opts.campaignId,
          unitId: null,
          record,
          rawJson: JSON.stringify(r.raw),
          contentHash: contentHash(contentKey(record)),
          importId: this.start!.importId,
          now: opts.now,
        }),
      );
      let hasExtra = false;
      for (const _ in record.extra) {
        hasExtra = true;
        break;
      }
      batch.extras.push(hasExtra ? JSON.stringify(record.extra) : null);
    } else {
      batch.params.push(null);
      batch.extras.push(null);
    }
    if (batch.caseNos.length >= ROW_BATCH_SIZE) this.flush();
  }

  private flush(): void {
    if (this.batch.caseNos.length === 0) return;
    this.sink.rows(this.index, this.batch);
    this.batch = emptyBatch();
  }

  /**
   * After the last record, with the problems the read met on the way (see RegisterStream.read).
   * Returns whether the file was free of errors.
   */
  finish(late: { errors: RegisterIssue[]; unreadable: boolean }): boolean {
    this.builder.end();
    const lateErrors = [...late.errors, ...this.builder.lengthIssues];
    const refused = lateErrors.length > 0;
    const rowCount = late.unreadable || this.builder.refused ? 0 : this.builder.rowCount;
    if (!this.start) {
      // Not announced yet (fewer rows than the mapping sample): announced now, as unusable if refused.
      if (refused) this.sample = [];
      this.begin(lateErrors, rowCount);
      if (refused) {
        this.sink.endFile(this.index, { errors: [], warnings: [], rowCount, readErrors: [] });
        return false;
      }
    }
    if (refused || !this.validator) {
      this.sink.endFile(this.index, { errors: [], warnings: [], rowCount, readErrors: lateErrors });
      return false;
    }
    this.flush();
    const { errors, warnings } = this.validator.finish();
    this.sink.endFile(this.index, { errors, warnings, rowCount, readErrors: [] });
    return errors.length === 0;
  }
}

/**
 * Reads, validates and produces one file's rows into the sink as they are read (a worker thread's
 * import: the writer stores them meanwhile). Returns whether the file was free of errors.
 */
export async function produceFile(index: number, file: ImportFile, opts: ProduceOptions, storable: boolean, sink: RowSink): Promise<boolean> {
  const stream = await openRegisterFile(file.source, { sheet: file.sheet });
  const producer = new FileRowProducer(index, stream, opts, storable, sink);
  const late = await stream.read((cells, row) => producer.record(cells, row));
  return producer.finish(late);
}

/**
 * A file read in full, for an import whose writes run in one synchronous transaction (the importing
 * thread's small registers): replay() produces its rows later, inside that transaction.
 */
export async function readFileRecords(file: ImportFile): Promise<(index: number, opts: ProduceOptions, storable: boolean, sink: RowSink) => boolean> {
  const stream = await openRegisterFile(file.source, { sheet: file.sheet });
  const records: string[][] = [];
  const rowNumbers: number[] = [];
  const late = await stream.read((cells, row) => {
    records.push(cells);
    rowNumbers.push(row);
  });
  return (index, opts, storable, sink) => {
    const producer = new FileRowProducer(index, stream, opts, storable, sink);
    for (let i = 0; i < records.length; i++) producer.record(records[i], rowNumbers[i]);
    return producer.finish(late);
  };
}
