/**
 * Reading a register file (CSV or XLSX) into a RegisterTable of string cells. Never throws for bad
 * content: problems come back as issues naming the file, so an import can report every file at once.
 * CSV parsing is synchronous over a Buffer; XLSX goes through exceljs (async).
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

/**
 * Header detection over records (each with its spreadsheet row number): the first non-empty record
 * is the header, unless it is a lone title cell (e.g. "2024年行政处罚案卷目录") directly above a real
 * header row. Trailing columns with neither a header nor data are dropped.
 */
export function tableFromRecords(records: readonly string[][], rowNumbers?: readonly number[]): RegisterTable {
  const rowNo = (i: number) => (rowNumbers ? rowNumbers[i] : i + 1);
  const filled = (r: readonly string[]) => {
    let n = 0;
    for (const c of r) if (cleanCell(c)) n++;
    return n;
  };
  let h = records.findIndex((r) => filled(r) > 0);
  if (h < 0) return { ...EMPTY_TABLE, headers: [] };
  if (filled(records[h]) === 1) {
    const next = records.findIndex((r, i) => i > h && filled(r) > 0);
    if (next > 0 && filled(records[next]) >= 3) h = next;
  }
  const rows: RegisterTable['rows'] = [];
  let width = 0;
  const header = records[h];
  for (let i = 0; i < header.length; i++) if (cleanCell(header[i])) width = i + 1;
  for (let i = h + 1; i < records.length; i++) {
    const r = records[i];
    let last = 0;
    for (let j = r.length - 1; j >= 0; j--) {
      if (cleanCell(r[j])) {
        last = j + 1;
        break;
      }
    }
    if (last === 0) continue;
    if (last > width) width = last;
    rows.push({ row: rowNo(i), cells: r as string[] });
  }
  const headers: string[] = [];
  for (let i = 0; i < width; i++) headers.push(cleanCell(header[i]).replace(/^\uFEFF/, ''));
  return { headers, headerRow: rowNo(h), rows };
}

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

/** Parses decoded CSV text (delimiter detected among , TAB ;). Synchronous; no I/O. */
export function parseCsvText(text: string, file: string): { table: RegisterTable; errors: RegisterIssue[] } {
  if (!text.trim()) return { table: { ...EMPTY_TABLE, headers: [] }, errors: [] };
  const parsed = Papa.parse<string[]>(text, { delimiter: guessDelimiter(text), skipEmptyLines: false });
  const errors: RegisterIssue[] = [];
  for (const e of parsed.errors) {
    if (e.code === 'MissingQuotes' || e.code === 'InvalidQuotes') {
      const row = typeof e.row === 'number' ? e.row + 1 : 0;
      errors.push(fileIssue(file, `第 ${row} 行的引号不成对（"），该行之后的内容无法正确分列。请检查该行是否有未闭合的引号。`, row));
    }
  }
  const data = parsed.data;
  // Papa yields a trailing [""] for a final newline; tableFromRecords skips empty records anyway.
  return { table: tableFromRecords(data), errors };
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

type XlsxRead = { table: RegisterTable; sheet: string; sheets: string[]; moreRows: number } | { error: string; sheets: string[] };

async function readXlsx(name: string, bytes: Uint8Array, sheetName: string | null | undefined, maxRecords: number | undefined): Promise<XlsxRead> {
  // Streamed (xlsx-stream.ts): the in-memory exceljs model of a 50,000-row workbook took seconds and ~0.9 GB.
  const { readXlsxSheet, XlsxReadError } = await import('./xlsx-stream');
  try {
    const r = await readXlsxSheet(bytes, { sheet: sheetName, maxRecords });
    return { table: tableFromRecords(r.records, r.rowNumbers), sheet: r.sheet, sheets: r.sheets, moreRows: r.remainingRows };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (err instanceof XlsxReadError && !err.corrupt) return { error: `Excel 文件“${name}”中${why}。`, sheets: err.sheets };
    return { error: `无法读取 Excel 文件“${name}”：文件不完整或已损坏（${why}）。请在 Excel 中打开确认后另存为 .xlsx 再导入。`, sheets: err instanceof XlsxReadError ? err.sheets : [] };
  }
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isCfb = (b: Uint8Array) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** Reads a register from a path (CLI, Electron) or from bytes (browser upload). */
export async function readRegisterFile(source: RegisterSource, opts: ReadOptions = {}): Promise<RegisterFile> {
  let name: string;
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    name = basename(source);
    try {
      bytes = await readFile(source);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? '文件不存在' : code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : code === 'EISDIR' ? '这是一个文件夹' : String((err as Error).message);
      return blank(name, 'csv', new Uint8Array(), [fileIssue(name, `无法读取文件“${source}”：${why}。`)]);
    }
  } else {
    name = source.name;
    bytes = source.bytes;
  }
  const ext = extname(name).toLowerCase();

  if (isCfb(bytes) || ext === '.xls' || ext === '.et') {
    return blank(name, 'xlsx', bytes, [
      fileIssue(name, `文件“${name}”是旧版 Excel（.xls）或加密的工作簿，无法直接导入。请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）后再导入。`),
    ]);
  }
  if (isZip(bytes) || ext === '.xlsx' || ext === '.xlsm') {
    if (bytes.length === 0) return blank(name, 'xlsx', bytes, []);
    const r = await readXlsx(name, bytes, opts.sheet, opts.firstRows);
    if ('error' in r) return { ...blank(name, 'xlsx', bytes, [fileIssue(name, r.error)]), sheets: r.sheets };
    return withinLimits({ ...r.table, name, format: 'xlsx', encoding: null, sheet: r.sheet, sheets: r.sheets, sha256: sha(bytes), size: bytes.length, errors: [], warnings: [], moreRows: r.moreRows });
  }

  const decoded = decodeCsv(bytes);
  const { table, errors } = parseCsvText(decoded.text, name);
  if (decoded.suspicious) errors.unshift(fileIssue(name, `文件“${name}”：${decoded.suspicious}`));
  return withinLimits({ ...table, name, format: 'csv', encoding: decoded.encoding, sheet: null, sheets: [], sha256: sha(bytes), size: bytes.length, errors, warnings: [], moreRows: 0 });
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Longest cell and longest row accepted: far above any real register, far below a file that would stall the app. */
export const MAX_CELL_CHARS = 10_000;
export const MAX_ROW_CHARS = 100_000;
const MAX_LENGTH_ISSUES = 20;

/** Cells and rows over the limits, each named by row and column; the file is then unusable. */
function lengthIssues(file: RegisterFile): RegisterIssue[] {
  const issues: RegisterIssue[] = [];
  const columnName = (i: number) => file.headers[i] || `第 ${i + 1} 列`;
  const check = (row: number, cells: readonly string[]) => {
    let total = 0;
    cells.forEach((cell, i) => {
      total += cell.length;
      if (cell.length > MAX_CELL_CHARS && issues.length < MAX_LENGTH_ISSUES) {
        const column = columnName(i);
        issues.push({
          file: file.name,
          row,
          column,
          value: `${cell.slice(0, 50)}…`,
          message: `第 ${row} 行“${column}”列的内容过长（${cell.length.toLocaleString('zh-CN')} 个字符，每格上限 ${MAX_CELL_CHARS.toLocaleString('zh-CN')}）。请检查该格是否误粘贴了其他内容。`,
        });
      }
    });
    if (total > MAX_ROW_CHARS && issues.length < MAX_LENGTH_ISSUES) {
      issues.push({ file: file.name, row, column: '', value: '', message: `第 ${row} 行过长（共 ${total.toLocaleString('zh-CN')} 个字符，每行上限 ${MAX_ROW_CHARS.toLocaleString('zh-CN')}）。` });
    }
  };
  check(file.headerRow, file.headers);
  for (const r of file.rows) check(r.row, r.cells);
  return issues;
}

/** A file with over-long cells or rows is refused as a whole, like any other unusable file. */
function withinLimits(file: RegisterFile): RegisterFile {
  const issues = lengthIssues(file);
  return issues.length ? { ...file, ...EMPTY_TABLE, headers: [], errors: [...file.errors, ...issues] } : file;
}

function blank(name: string, format: RegisterFormat, bytes: Uint8Array, errors: RegisterIssue[]): RegisterFile {
  return { ...EMPTY_TABLE, headers: [], name, format, encoding: null, sheet: null, sheets: [], sha256: sha(bytes), size: bytes.length, errors, warnings: [], moreRows: 0 };
}
