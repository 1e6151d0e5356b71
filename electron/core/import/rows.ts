/**
 * The producing half of a register import: read a file, settle its column mapping, validate its rows
 * and turn each valid row into the exact parameter array the dossiers INSERT binds. Nothing here
 * touches the store, so it runs unchanged in the importing thread (small registers) or in a worker
 * thread beside the writer (large ones), and its output crosses threads as plain arrays.
 */
import { createHash } from 'node:crypto';
import { dossierRowParams, type DossierRowParams } from '../../../db/repositories/dossiers';
import type { SavedMapping } from '../../../db/repositories/units';
import { newId } from '../../../db/util';
import type { RegisterPreview } from '../../../shared/api/namespaces/registers';
import {
  cleanCell,
  contentKey,
  REQUIRED_HEADERS,
  resolveMapping,
  validateRegisterTable,
  type ColumnMapping,
  type RegisterIssue,
  type RegisterTable,
} from '../../../shared/domain/register';
import { readRegisterFile, type RegisterFile, type RegisterSource } from './read';

export interface ImportFile {
  source: RegisterSource;
  sheet?: string | null;
}

/** What the writer learns about a file before its rows. */
export interface FileStart {
  name: string;
  format: RegisterFile['format'];
  encoding: string | null;
  sheet: string | null;
  sha256: string;
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

/** A file read and its mapping settled; its rows are produced later by produceFileRows. */
export interface PreparedFile {
  read: RegisterFile;
  start: FileStart;
}

export async function prepareFile(file: ImportFile, opts: ProduceOptions): Promise<PreparedFile> {
  const read = await readRegisterFile(file.source, { sheet: file.sheet });
  const saved = read.errors.length ? null : pickSavedMapping(read, opts.savedMappings, opts.mapping);
  const mapping = read.errors.length ? {} : resolveMapping(read.headers, { saved: saved?.mapping, explicit: opts.mapping });
  return {
    read,
    start: {
      name: read.name,
      format: read.format,
      encoding: read.encoding,
      sheet: read.sheet,
      sha256: read.sha256,
      rowCount: read.rows.length,
      mapping,
      savedMappingUnit: saved?.unitName ?? null,
      importId: newId(),
      readErrors: read.errors,
      readWarnings: read.warnings,
    },
  };
}

const emptyBatch = (): RowBatch => ({ caseNos: [], rows: [], unitNames: [], params: [], extras: [] });

/**
 * Validates one prepared file and sends its rows to the sink in batches. `storable` says whether
 * rows are still worth building (no error so far in earlier files). Returns whether this file was
 * free of errors. The parsed cells are released afterwards.
 */
export function produceFileRows(index: number, file: PreparedFile, opts: ProduceOptions, storable: boolean, sink: RowSink): boolean {
  const { read, start } = file;
  sink.startFile(index, start);
  if (start.readErrors.length) {
    sink.endFile(index, { errors: [], warnings: [] });
    return false;
  }
  let batch = emptyBatch();
  const result = validateRegisterTable(read, {
    file: read.name,
    mapping: start.mapping,
    today: opts.today,
    onRow: (r, fileClean) => {
      const record = r.record;
      batch.caseNos.push(record.caseNo);
      batch.rows.push(r.row);
      batch.unitNames.push(record.unitName);
      if (storable && fileClean) {
        batch.params.push(
          dossierRowParams({
            id: newId(),
            campaignId: opts.campaignId,
            unitId: null,
            record,
            rawJson: JSON.stringify(r.raw),
            contentHash: contentHash(contentKey(record)),
            importId: start.importId,
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
      if (batch.caseNos.length >= ROW_BATCH_SIZE) {
        sink.rows(index, batch);
        batch = emptyBatch();
      }
    },
  });
  if (batch.caseNos.length) sink.rows(index, batch);
  // The parsed cells are no longer needed: let them go before the next file.
  read.rows = [];
  sink.endFile(index, { errors: result.errors, warnings: result.warnings });
  return result.errors.length === 0;
}
