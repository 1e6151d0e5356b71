/**
 * Reading a register file (CSV or XLSX). Never throws for bad content: problems come back as issues
 * naming the file, so an import can report every file at once.
 *
 * Two forms share one reading path: openRegisterFile streams records (an import validates and stores
 * them as they are read, so a 50,000-row register never exists as a table), and readRegisterFile
 * collects them into a RegisterTable (the import dialog's preview, rosters, small tools). Header
 * detection and the length limits live in TableBuilder, used by both.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { cleanCell, type RegisterIssue, type RegisterTable } from '../../../shared/domain/register';
import { decodeCsv } from './decode';

export type RegisterFormat = 'csv' | 'xlsx';

export interface RegisterFile extends RegisterTable {
  name: string;
  format: RegisterFormat;
  /** CSV only: the encoding the bytes were decoded with. */
  encoding: string | null;
  /** XLSX only: the sheet read. */
  sheet: string | null;
  /** XLSX only: every sheet name, in tab order. */
  sheets: string[];
  sha256: string;
  size: number;
  /** Problems that make the file unusable (corrupt, unreadable, unknown sheet…); the table is then empty. */
  errors: RegisterIssue[];
  warnings: RegisterIssue[];
  /** Non-empty rows past those read (ReadOptions.firstRows); 0 when the whole file was read. */
  moreRows: number;
}

export type RegisterSource = string | { name: string; bytes: Uint8Array };

export interface ReadOptions {
  /** XLSX: the sheet to read by name; default the first visible sheet. */
  sheet?: string | null;
  /**
   * XLSX: build only the first rows (the import dialog's preview); the rest of the sheet is counted
   * into `moreRows` without being parsed into cells.
   */
  firstRows?: number;
}

const EMPTY_TABLE: RegisterTable = { headers: [], headerRow: 1, rows: [] };

function fileIssue(file: string, message: string, row = 0): RegisterIssue {
  return { file, row, column: '', value: '', message };
}

/** Longest cell and longest row accepted: far above any real register, far below a file that would stall the app. */
export const MAX_CELL_CHARS = 10_000;
export const MAX_ROW_CHARS = 100_000;
const MAX_LENGTH_ISSUES = 20;

const filledCells = (r: readonly string[]) => {
  let n = 0;
  for (const c of r) if (cleanCell(c)) n++;
  return n;
};

/** One past the last non-empty cell (0 for an empty record). */
const filledWidth = (r: readonly string[]) => {
  for (let j = r.length - 1; j >= 0; j--) if (cleanCell(r[j])) return j + 1;
  return 0;
};

/** Where TableBuilder sends what it finds. */
export interface TableSink {
  header(headers: string[], headerRow: number): void;
  /** A data row (at least one non-empty cell), with its spreadsheet row number. */
  row(row: number, cells: string[]): void;
}

/**
 * Header detection and row collection, one record at a time: the first non-empty record is the
 * header, unless it is a lone title cell (e.g. "2024年行政处罚案卷目录") directly above a real header
 * row of three or more cells. Empty records are skipped. Cells and rows over the length limits make
 * the file unusable: they are collected as issues (each named by row and column), and no row is
 * passed on after the first.
 */
export class TableBuilder {
  /** Non-empty records met before the header is settled (at most two). */
  private pending: { cells: string[]; row: number }[] = [];
  headers: string[] | null = null;
  headerRow = 1;
  /** Data rows passed on. */
  rowCount = 0;
  /** One past the last non-empty cell of any data row or the header. */
  width = 0;
  readonly lengthIssues: RegisterIssue[] = [];

  constructor(
    private readonly file: string,
    private readonly sink: TableSink,
  ) {}

  push(cells: string[], row: number): void {
    if (this.headers) {
      this.dataRow(cells, row);
      return;
    }
    const n = filledCells(cells);
    if (n === 0) return;
    this.pending.push({ cells, row });
    if (filledCells(this.pending[0].cells) !== 1) this.settle(0);
    else if (this.pending.length === 2) this.settle(n >= 3 ? 1 : 0);
  }

  /** After the last record. */
  end(): void {
    if (!this.headers && this.pending.length) this.settle(0);
  }

  get refused(): boolean {
    return this.lengthIssues.length > 0;
  }

  private settle(h: number): void {
    const header = this.pending[h];
    const width = filledWidth(header.cells);
    const headers: string[] = [];
    for (let i = 0; i < width; i++) headers.push(cleanCell(header.cells[i]).replace(/^\uFEFF/, ''));
    this.headers = headers;
    this.headerRow = header.row;
    this.width = width;
    this.checkLengths(header.row, headers);
    if (!this.refused) this.sink.header(headers, header.row);
    for (const r of this.pending.slice(h + 1)) this.dataRow(r.cells, r.row);
    this.pending = [];
  }

  private dataRow(cells: string[], row: number): void {
    const last = filledWidth(cells);
    if (last === 0) return;
    this.checkLengths(row, cells);
    if (this.refused) return;
    if (last > this.width) this.width = last;
    this.rowCount++;
    this.sink.row(row, cells);
  }

  private checkLengths(row: number, cells: readonly string[]): void {
    let total = 0;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      total += cell.length;
      if (cell.length > MAX_CELL_CHARS && this.lengthIssues.length < MAX_LENGTH_ISSUES) {
        const column = this.headers?.[i] || `第 ${i + 1} 列`;
        this.lengthIssues.push({
          file: this.file,
          row,
          column,
          value: `${cell.slice(0, 50)}…`,
          message: `第 ${row} 行“${column}”列的内容过长（${cell.length.toLocaleString('zh-CN')} 个字符，每格上限 ${MAX_CELL_CHARS.toLocaleString('zh-CN')}）。请检查该格是否误粘贴了其他内容。`,
        });
      }
    }
    if (total > MAX_ROW_CHARS && this.lengthIssues.length < MAX_LENGTH_ISSUES) {
      this.lengthIssues.push({ file: this.file, row, column: '', value: '', message: `第 ${row} 行过长（共 ${total.toLocaleString('zh-CN')} 个字符，每行上限 ${MAX_ROW_CHARS.toLocaleString('zh-CN')}）。` });
    }
  }
}

/**
 * A whole table from records (each with its spreadsheet row number; default 1, 2, 3…). Trailing
 * columns with neither a header nor data are dropped; data past the header gets unnamed columns.
 */
export function tableFromRecords(records: readonly string[][], rowNumbers?: readonly number[]): RegisterTable {
  const rows: RegisterTable['rows'] = [];
  const builder = new TableBuilder('', { header: () => {}, row: (row, cells) => rows.push({ row, cells }) });
  records.forEach((r, i) => builder.push(r, rowNumbers ? rowNumbers[i] : i + 1));
  builder.end();
  return { headers: paddedHeaders(builder), headerRow: builder.headerRow, rows };
}

const paddedHeaders = (b: TableBuilder): string[] => {
  const headers = [...(b.headers ?? [])];
  while (headers.length < b.width) headers.push('');
  return headers;
};

/** The delimiter of the first non-empty line (outside quotes): comma, tab or semicolon; comma by default. */
export function guessDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, '\t': 0, ';': 0 };
  let inQuotes = false;
  let seen = false;
  for (let i = 0; i < text.length && i < 64 * 1024; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (seen) break;
    } else if (!inQuotes && ch in counts) counts[ch]++;
    if (ch.trim()) seen = true;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : ',';
}

/**
 * Streams decoded CSV text record by record (delimiter detected among , TAB ;), numbering records
 * from 1 as a spreadsheet numbers rows. Synchronous; no I/O. Returns the unbalanced-quote problems.
 */
export function streamCsvText(text: string, file: string, onRecord: (cells: string[], row: number) => void): RegisterIssue[] {
  const errors: RegisterIssue[] = [];
  if (!text.trim()) return errors;
  let row = 0;
  // Papa's step mode hands over one record at a time, so no 50,000-record array is ever held.
  Papa.parse<string[]>(text, {
    delimiter: guessDelimiter(text),
    skipEmptyLines: false,
    step: (r) => {
      row++;
      onRecord(r.data, row);
      for (const e of r.errors) {
        if (e.code === 'MissingQuotes' || e.code === 'InvalidQuotes') {
          errors.push(fileIssue(file, `第 ${row} 行的引号不成对（"），该行之后的内容无法正确分列。请检查该行是否有未闭合的引号。`, row));
        }
      }
    },
  });
  return errors;
}

/** Parses decoded CSV text into a table (see streamCsvText). */
export function parseCsvText(text: string, file: string): { table: RegisterTable; errors: RegisterIssue[] } {
  const records: string[][] = [];
  const errors = streamCsvText(text, file, (cells) => records.push(cells));
  return { table: tableFromRecords(records), errors };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function dateToIso(d: Date): string {
  // exceljs gives date cells as UTC instants; round off floating-point noise before taking the day.
  const t = Math.round(d.getTime() / 60_000) * 60_000;
  const r = new Date(t);
  return `${r.getUTCFullYear()}-${pad2(r.getUTCMonth() + 1)}-${pad2(r.getUTCDate())}`;
}

function numberToString(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  return String(Number(n.toPrecision(15)));
}

/** A cell's value as register text: dates as ISO, booleans as 是/否, formulas by their result. */
export function xlsxCellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : dateToIso(v);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if ('error' in v) return String(v.error);
    if ('result' in v) return xlsxCellText(v.result as ExcelJS.CellValue);
    if ('formula' in v || 'sharedFormula' in v) return '';
    if ('text' in v) return typeof v.text === 'string' ? v.text : xlsxCellText(v.text as ExcelJS.CellValue);
  }
  return String(v);
}

/** Why a workbook cannot be read, worded for the user. */
async function xlsxProblem(name: string, err: unknown): Promise<{ message: string; sheets: string[] }> {
  const { XlsxReadError } = await import('./xlsx-stream');
  const why = err instanceof Error ? err.message : String(err);
  if (err instanceof XlsxReadError && !err.corrupt) return { message: `Excel 文件“${name}”中${why}。`, sheets: err.sheets };
  return {
    message: `无法读取 Excel 文件“${name}”：文件不完整或已损坏（${why}）。请在 Excel 中打开确认后另存为 .xlsx 再导入。`,
    sheets: err instanceof XlsxReadError ? err.sheets : [],
  };
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isCfb = (b: Uint8Array) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** What is known about a register file besides its rows. */
export interface RegisterInfo {
  name: string;
  format: RegisterFormat;
  /** CSV only: the encoding the bytes were decoded with. */
  encoding: string | null;
  /** XLSX only: the sheet read (known once reading has begun; null when the workbook could not be read). */
  sheet: string | null;
  /** XLSX only: every sheet name, in tab order. */
  sheets: string[];
  sha256: string;
  size: number;
  /** Records expected, for progress only (CSV: its lines; XLSX: the sheet's stated size); 0 when unknown. */
  estimatedRows: number;
  /** Non-empty rows past those read (ReadOptions.firstRows); 0 when the whole file was read. */
  moreRows: number;
}

/** A register file opened for reading record by record. */
export interface RegisterStream {
  info: RegisterInfo;
  /** Problems known before any record that make the file unusable (its records are still read, to count them). */
  errors: RegisterIssue[];
  /**
   * Gives every record (raw cells) with its spreadsheet row number, in order. Resolves with problems met
   * on the way that make the file unusable; `unreadable` when none of what was read can be trusted (a
   * workbook damaged mid-sheet), as opposed to a file that was read but is refused (unbalanced quotes).
   */
  read(onRecord: (cells: string[], row: number) => void): Promise<{ errors: RegisterIssue[]; unreadable: boolean }>;
}

const noRecords = async () => ({ errors: [], unreadable: false });

/** Opens a register from a path (CLI, Electron) or from bytes (browser upload) for reading. */
export async function openRegisterFile(source: RegisterSource, opts: ReadOptions = {}): Promise<RegisterStream> {
  let name: string;
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    name = basename(source);
    try {
      bytes = await readFile(source);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? '文件不存在' : code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : code === 'EISDIR' ? '这是一个文件夹' : String((err as Error).message);
      return { info: info(name, 'csv', new Uint8Array()), errors: [fileIssue(name, `无法读取文件“${source}”：${why}。`)], read: noRecords };
    }
  } else {
    name = source.name;
    bytes = source.bytes;
  }
  const ext = extname(name).toLowerCase();

  if (isCfb(bytes) || ext === '.xls' || ext === '.et') {
    const message = `文件“${name}”是旧版 Excel（.xls）或加密的工作簿，无法直接导入。请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）后再导入。`;
    return { info: info(name, 'xlsx', bytes), errors: [fileIssue(name, message)], read: noRecords };
  }
  if (isZip(bytes) || ext === '.xlsx' || ext === '.xlsm') {
    const meta = info(name, 'xlsx', bytes);
    if (bytes.length === 0) return { info: meta, errors: [], read: noRecords };
    return {
      info: meta,
      errors: [],
      async read(onRecord) {
        // Streamed (xlsx-stream.ts): the in-memory exceljs model of a 50,000-row workbook took seconds and ~0.9 GB.
        const { readXlsxSheet } = await import('./xlsx-stream');
        try {
          const r = await readXlsxSheet(bytes, { sheet: opts.sheet, maxRecords: opts.firstRows });
          meta.sheet = r.sheet;
          meta.sheets = r.sheets;
          meta.moreRows = r.remainingRows;
          r.records.forEach((cells, i) => onRecord(cells, r.rowNumbers[i]));
          return { errors: [], unreadable: false };
        } catch (err) {
          const problem = await xlsxProblem(name, err);
          meta.sheet = null;
          meta.sheets = problem.sheets;
          return { errors: [fileIssue(name, problem.message)], unreadable: true };
        }
      },
    };
  }

  const decoded = decodeCsv(bytes);
  const meta = { ...info(name, 'csv', bytes), encoding: decoded.encoding, estimatedRows: countLines(decoded.text) };
  return {
    info: meta,
    errors: decoded.suspicious ? [fileIssue(name, `文件“${name}”：${decoded.suspicious}`)] : [],
    read: async (onRecord) => ({ errors: streamCsvText(decoded.text, name, onRecord), unreadable: false }),
  };
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Reads a whole register into a table (see openRegisterFile; ReadOptions.firstRows for a preview). */
export async function readRegisterFile(source: RegisterSource, opts: ReadOptions = {}): Promise<RegisterFile> {
  const stream = await openRegisterFile(source, opts);
  const rows: RegisterTable['rows'] = [];
  const builder = new TableBuilder(stream.info.name, { header: () => {}, row: (row, cells) => rows.push({ row, cells }) });
  const late = await stream.read((cells, row) => builder.push(cells, row));
  builder.end();
  const { estimatedRows: _, ...meta } = stream.info;
  const errors = [...stream.errors, ...late.errors, ...builder.lengthIssues];
  // A file with over-long cells or rows is refused as a whole, like any other unusable file.
  if (late.unreadable || builder.refused) return { ...meta, ...EMPTY_TABLE, headers: [], errors, warnings: [], moreRows: 0 };
  return { ...meta, headers: paddedHeaders(builder), headerRow: builder.headerRow, rows, errors, warnings: [] };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function info(name: string, format: RegisterFormat, bytes: Uint8Array): RegisterInfo {
  return { name, format, encoding: null, sheet: null, sheets: [], sha256: sha(bytes), size: bytes.length, estimatedRows: 0, moreRows: 0 };
}
