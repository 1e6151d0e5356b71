/**
 * Streaming XLSX register reader: the chosen sheet's XML is inflated and parsed chunk by chunk, and
 * each row becomes an array of register text at once, so a 50,000-row workbook never exists as a
 * cell object model (exceljs's WorkbookReader still builds one per cell: half its time went into that
 * model and its garbage). The zip is read with yauzl (random access through the central directory, so
 * the sheet can be read after sharedStrings.xml and styles.xml whatever their order in the archive) and
 * the XML with saxes, the parser exceljs itself uses. The cell semantics follow exceljs's reader, which
 * this replaces: shared and inline strings, rich text, booleans 是/否, errors as their text, formulas by
 * their cached result, numbers in date formats as ISO dates (1900 and 1904 systems), merged ranges
 * carrying the top-left value into every cell.
 */
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import type { SaxesParser, SaxesTagPlain } from 'saxes';

export interface XlsxSheetRecords {
  /** Non-empty rows, in sheet order, cells as register text (index 0 = column A). */
  records: string[][];
  /** The spreadsheet row number of each record. */
  rowNumbers: number[];
  sheet: string;
  /** Every sheet name, in tab order. */
  sheets: string[];
  /** Stopped after `maxRecords`: `remainingRows` then counts the non-empty rows not read. */
  truncated: boolean;
  remainingRows: number;
}

export interface XlsxReadOptions {
  /** The sheet by name; default the first visible sheet (as the in-memory reader did). */
  sheet?: string | null;
  /** Stop building rows after this many non-empty rows (the import dialog's preview). */
  maxRecords?: number;
}

/** A problem that makes the workbook unusable, worded for the user; `sheets` when they were read. */
export class XlsxReadError extends Error {
  constructor(
    message: string,
    readonly sheets: string[] = [],
    /** The file itself is damaged (as opposed to a missing sheet). */
    readonly corrupt = false,
  ) {
    super(message);
  }
}

const localName = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/** Attribute by local name (producers differ in prefixes, e.g. r:id). */
function attr(tag: SaxesTagPlain, name: string): string | undefined {
  const direct = tag.attributes[name];
  if (direct !== undefined) return direct;
  for (const k in tag.attributes) if (localName(k) === name) return tag.attributes[k];
  return undefined;
}

/** Built-in number formats that are dates or times (ECMA-376 18.8.30, plus the CJK ids 27–36, 50–58). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** exceljs's test: date/time letters outside quoted text and [..] sections. */
export function isDateFormat(code: string): boolean {
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** An Excel serial day number as YYYY-MM-DD (rounded to the minute first, as the exceljs path did). */
export function serialToIsoDate(serial: number, date1904: boolean): string {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  const d = new Date(Math.round(ms / 60_000) * 60_000);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

export function numberText(n: number): string {
  if (Number.isNaN(n)) return '';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  return String(Number(n.toPrecision(15)));
}

/** "AB12" → column index 27 (0-based); -1 when the reference has no letters. */
function columnIndex(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : col - 1;
}

const rowOfRef = (ref: string) => Number(/\d+/.exec(ref)?.[0] ?? 0);

// ---------------------------------------------------------------------------------------------------
// Zip access

function openZip(bytes: Uint8Array): Promise<{ zip: ZipFile; entries: Map<string, Entry> }> {
  return import('yauzl').then(
    ({ default: yauzl }) =>
      new Promise((resolve, reject) => {
        const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
        yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
          if (err || !zip) return reject(err ?? new Error('zip'));
          const entries = new Map<string, Entry>();
          zip.on('entry', (e: Entry) => {
            // Part names are case-insensitive (OPC); some producers write xl/SharedStrings.xml.
            entries.set(e.fileName.replace(/^\/+/, '').toLowerCase(), e);
            zip.readEntry();
          });
          zip.once('end', () => resolve({ zip, entries }));
          zip.once('error', reject);
          zip.readEntry();
        });
      }),
  );
}

/**
 * An entry's inflated bytes. Inflated here rather than by yauzl: its 16 KB output chunks cost a
 * callback and a parser write each, a sixth of a 50,000-row read; 256 KB chunks make that noise.
 */
function entryStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, { decompress: false }, (err, raw) => {
      if (err || !raw) return reject(err ?? new Error('stream'));
      if (entry.compressionMethod === 0) return resolve(raw);
      if (entry.compressionMethod !== 8) return reject(new Error(`不支持的压缩方式 ${entry.compressionMethod}`));
      const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
      raw.once('error', (e) => inflate.destroy(e));
      resolve(raw.pipe(inflate));
    }),
  );
}

type SaxesCtor = typeof SaxesParser;
let saxesCtor: SaxesCtor | undefined;
async function newParser(): Promise<SaxesParser> {
  saxesCtor ??= (await import('saxes')).SaxesParser;
  // No line/column tracking: it costs a fifth of the parse and errors name the file, not a position.
  return new saxesCtor({ position: false } as ConstructorParameters<SaxesCtor>[0]);
}

/**
 * Streams one zip entry through a fresh parser. `stop()` (from a handler) ends the parse early; the
 * rest of the entry's text then goes to `onRest` (if given) without being parsed.
 */
async function parseEntry(
  zip: ZipFile,
  entry: Entry,
  setup: (parser: SaxesParser, stop: () => void) => void,
  onRest?: (text: string) => void,
): Promise<void> {
  const parser = await newParser();
  let stopped = false;
  let failure: unknown = null;
  parser.on('error', (e) => {
    failure ??= e;
  });
  setup(parser, () => {
    stopped = true;
  });
  const stream = await entryStream(zip, entry);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = decoder.decode(chunk, { stream: true });
    if (stopped) {
      if (!onRest) {
        stream.destroy();
        break;
      }
      onRest(text);
      continue;
    }
    parser.write(text);
    if (failure) {
      stream.destroy();
      throw failure;
    }
  }
  if (!stopped) {
    parser.write(decoder.decode()).close();
    if (failure) throw failure;
  } else if (onRest) onRest(decoder.decode());
}

// ---------------------------------------------------------------------------------------------------
// Workbook parts

interface SheetRef {
  name: string;
  state: string;
  relId: string;
}

async function readWorkbook(zip: ZipFile, entries: Map<string, Entry>, path: string) {
  const entry = entries.get(path);
  if (!entry) throw new XlsxReadError('缺少 workbook.xml', [], true);
  const sheets: SheetRef[] = [];
  let date1904 = false;
  await parseEntry(zip, entry, (p) =>
    p.on('opentag', (tag) => {
      const n = localName(tag.name);
      if (n === 'sheet') sheets.push({ name: attr(tag, 'name') ?? '', state: attr(tag, 'state') ?? 'visible', relId: attr(tag, 'id') ?? '' });
      else if (n === 'workbookPr') {
        const v = attr(tag, 'date1904');
        date1904 = v === '1' || v === 'true';
      }
    }),
  );
  return { sheets, date1904 };
}

async function readRelationships(zip: ZipFile, entries: Map<string, Entry>, path: string): Promise<Map<string, string>> {
  const rels = new Map<string, string>();
  const entry = entries.get(path);
  if (!entry) return rels;
  await parseEntry(zip, entry, (p) =>
    p.on('opentag', (tag) => {
      if (localName(tag.name) === 'Relationship') rels.set(attr(tag, 'Id') ?? '', attr(tag, 'Target') ?? '');
    }),
  );
  return rels;
}

/** Which cell style indexes (cellXfs) carry a date or time number format. */
async function readDateStyles(zip: ZipFile, entry: Entry | undefined): Promise<boolean[]> {
  const dateStyles: boolean[] = [];
  if (!entry) return dateStyles;
  const customFormats = new Map<number, string>();
  let inCellXfs = false;
  await parseEntry(zip, entry, (p) => {
    p.on('opentag', (tag) => {
      const n = localName(tag.name);
      if (n === 'numFmt') customFormats.set(Number(attr(tag, 'numFmtId')), attr(tag, 'formatCode') ?? '');
      else if (n === 'cellXfs') inCellXfs = true;
      else if (n === 'xf' && inCellXfs) {
        const id = Number(attr(tag, 'numFmtId') ?? 0);
        const custom = customFormats.get(id);
        dateStyles.push(custom !== undefined ? isDateFormat(custom) : BUILTIN_DATE_FORMATS.has(id));
      }
    });
    p.on('closetag', (tag) => {
      if (localName(tag.name) === 'cellXfs') inCellXfs = false;
    });
  });
  return dateStyles;
}

/** The shared string table: each <si> as plain text (rich-text runs joined, phonetic guides left out). */
async function readSharedStrings(zip: ZipFile, entry: Entry | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) return strings;
  let current = '';
  let inText = false;
  let phonetic = 0;
  await parseEntry(zip, entry, (p) => {
    p.on('opentag', (tag) => {
      const n = localName(tag.name);
      if (n === 't') inText = phonetic === 0;
      else if (n === 'si') current = '';
      else if (n === 'rPh') phonetic++;
    });
    p.on('text', (t) => {
      if (inText) current += t;
    });
    p.on('cdata', (t) => {
      if (inText) current += t;
    });
    p.on('closetag', (tag) => {
      const n = localName(tag.name);
      if (n === 't') inText = false;
      else if (n === 'si') strings.push(current);
      else if (n === 'rPh') phonetic--;
    });
  });
  return strings;
}

/** A relationship target resolved against the folder of the part that names it. */
function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1).toLowerCase();
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg && seg !== '.') parts.push(seg);
  }
  return parts.join('/').toLowerCase();
}

// ---------------------------------------------------------------------------------------------------
// The sheet

interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function parseRange(ref: string): MergeRange | null {
  const [a, b = a] = ref.split(':');
  const top = rowOfRef(a);
  const left = columnIndex(a);
  const bottom = rowOfRef(b);
  const right = columnIndex(b);
  if (!top || !bottom || left < 0 || right < 0) return null;
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

const MERGE_REF = /<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([^"]+)"/g;
const ROW_WITH_BODY = /<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?row>)/g;
const HAS_VALUE = /<(?:[A-Za-z_][\w.-]*:)?(?:v|t)\b[^>]*>[^<]/;

/**
 * After the preview's rows: counts the rows that hold a value and collects the merged ranges from
 * the rest of the sheet's text, without parsing it.
 */
class RestScanner {
  rows = 0;
  merges: string[] = [];
  private carry = '';

  /**
   * The parser stopped at a chunk's end, possibly inside a row (even inside its start tag):
   * `openRowHasValue` says whether the part it parsed held a value.
   */
  constructor(private openRowHasValue: boolean) {}
  private first = true;

  push(text: string): void {
    let s = this.carry + text;
    if (this.first) {
      // Text before the first </row> that no <row> precedes is the end of a row the parser began.
      const close = /<\/(?:[A-Za-z_][\w.-]*:)?row>/.exec(s);
      const open = s.search(/<(?:[A-Za-z_][\w.-]*:)?row\b/);
      if (!close && open < 0) {
        this.carry = s;
        return;
      }
      this.first = false;
      if (close && (open < 0 || open > close.index)) {
        if (this.openRowHasValue || HAS_VALUE.test(s.slice(0, close.index))) this.rows++;
        s = s.slice(close.index + close[0].length);
      }
    }
    let consumed = 0;
    ROW_WITH_BODY.lastIndex = 0;
    for (let m = ROW_WITH_BODY.exec(s); m; m = ROW_WITH_BODY.exec(s)) {
      if (m[1] !== undefined && HAS_VALUE.test(m[1])) this.rows++;
      consumed = ROW_WITH_BODY.lastIndex;
    }
    let rest = s.slice(consumed);
    // Whatever follows the last whole row may start the next one; keep it unless it is plainly past them.
    const open = rest.search(/<(?:[A-Za-z_][\w.-]*:)?row\b/);
    if (open < 0) {
      MERGE_REF.lastIndex = 0;
      let mergedUpTo = 0;
      for (let m = MERGE_REF.exec(rest); m; m = MERGE_REF.exec(rest)) {
        this.merges.push(m[1]);
        mergedUpTo = MERGE_REF.lastIndex;
      }
      rest = rest.slice(Math.max(mergedUpTo, rest.length - 64));
    } else rest = rest.slice(open);
    this.carry = rest;
  }

  end(): void {
    MERGE_REF.lastIndex = 0;
    for (let m = MERGE_REF.exec(this.carry); m; m = MERGE_REF.exec(this.carry)) this.merges.push(m[1]);
    this.carry = '';
  }
}

interface SheetContext {
  shared: string[];
  dateStyles: boolean[];
  date1904: boolean;
  maxRecords: number;
}

async function readSheetRows(zip: ZipFile, entry: Entry, ctx: SheetContext) {
  const byRow = new Map<number, string[]>();
  const order: number[] = [];
  const merges: string[] = [];
  let truncated = false;
  let rest: RestScanner | null = null;
  let inRow = false;
  let remainingRows = 0;

  let rowNumber = 0;
  let cells: string[] = [];
  let rowHasValue = false;
  let col = -1;
  let type = '';
  let style = 0;
  let value = '';
  let inValue = false;
  let inInline = false;
  let phonetic = 0;
  let hasV = false;

  const cellText = (): string => {
    switch (type) {
      case 's': {
        const s = ctx.shared[Number(value)];
        return s ?? '';
      }
      case 'inlineStr':
      case 'str':
      case 'e':
        return value;
      case 'b':
        return value === '' ? '' : value === '1' || value === 'true' ? '是' : '否';
      case 'd':
        return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : value;
      default: {
        if (value === '') return '';
        const n = Number(value);
        if (Number.isNaN(n)) return value;
        return ctx.dateStyles[style] ? serialToIsoDate(n, ctx.date1904) : numberText(n);
      }
    }
  };

  await parseEntry(
    zip,
    entry,
    (p, stop) => {
      p.on('opentag', (tag) => {
        switch (localName(tag.name)) {
          case 'row': {
            // SpreadsheetML's own attributes are never prefixed: read them directly on this hot path.
            const r = Number(tag.attributes.r);
            rowNumber = r > 0 ? r : rowNumber + 1;
            inRow = true;
            cells = [];
            rowHasValue = false;
            col = -1;
            break;
          }
          case 'c': {
            const a = tag.attributes;
            const at = a.r ? columnIndex(a.r) : -1;
            col = at >= 0 ? at : col + 1;
            type = a.t ?? '';
            style = a.s ? Number(a.s) : 0;
            value = '';
            hasV = false;
            break;
          }
          case 'v':
            inValue = true;
            hasV = true;
            break;
          case 'is':
            inInline = true;
            break;
          case 'rPh':
            phonetic++;
            break;
          case 't':
            if (inInline && phonetic === 0) inValue = true;
            break;
          case 'mergeCell': {
            const ref = attr(tag, 'ref');
            if (ref) merges.push(ref);
            break;
          }
        }
      });
      const onText = (t: string) => {
        if (inValue) value += t;
      };
      p.on('text', onText);
      p.on('cdata', onText);
      p.on('closetag', (tag) => {
        switch (localName(tag.name)) {
          case 'v':
          case 't':
            inValue = false;
            break;
          case 'is':
            inInline = false;
            break;
          case 'rPh':
            phonetic--;
            break;
          case 'c': {
            if (type === 'inlineStr' || hasV) {
              const text = cellText();
              if (text !== '') {
                rowHasValue = true;
                if (!truncated) {
                  while (cells.length < col) cells.push('');
                  cells[col] = text;
                }
              }
            }
            break;
          }
          case 'row':
            inRow = false;
            if (!rowHasValue) break;
            if (truncated) remainingRows++;
            else if (order.length >= ctx.maxRecords) {
              // The rest of this chunk is still parsed (only counted); later chunks are scanned.
              truncated = true;
              remainingRows++;
              stop();
            } else {
              byRow.set(rowNumber, cells);
              order.push(rowNumber);
            }
            break;
        }
      });
    },
    (text) => {
      // The first unparsed text continues where the parser stopped, possibly inside a row.
      if (!rest) {
        rest = new RestScanner(inRow && rowHasValue);
      }
      rest.push(text);
    },
  );
  if (rest) {
    const scanner: RestScanner = rest;
    scanner.end();
    merges.push(...scanner.merges);
    remainingRows += scanner.rows;
  }
  return { byRow, order, merges, truncated, remainingRows };
}

/**
 * Merged ranges: every cell of the range reads as its top-left cell, as with exceljs's in-memory
 * model (a 执法单位 merged down a block of rows belongs to each of them). Rows only a merge fills are
 * added, except past a preview's last row.
 */
function applyMerges(byRow: Map<number, string[]>, order: number[], merges: string[], lastRow: number): number[] {
  let added = false;
  for (const ref of merges) {
    const range = parseRange(ref);
    if (!range) continue;
    const master = byRow.get(range.top)?.[range.left] ?? '';
    if (!master) continue;
    for (let r = range.top; r <= Math.min(range.bottom, lastRow); r++) {
      let cells = byRow.get(r);
      if (!cells) {
        cells = [];
        byRow.set(r, cells);
        added = true;
      }
      for (let c = range.left; c <= range.right; c++) {
        while (cells.length < c) cells.push('');
        cells[c] = master;
      }
    }
  }
  return added ? [...byRow.keys()].sort((a, b) => a - b) : order;
}

/** Reads one sheet of an XLSX workbook into register text rows. Throws XlsxReadError. */
export async function readXlsxSheet(bytes: Uint8Array, opts: XlsxReadOptions = {}): Promise<XlsxSheetRecords> {
  let zip: ZipFile;
  let entries: Map<string, Entry>;
  try {
    ({ zip, entries } = await openZip(bytes));
  } catch (err) {
    throw new XlsxReadError(err instanceof Error ? err.message : String(err), [], true);
  }
  try {
    const rootRels = await readRelationships(zip, entries, '_rels/.rels');
    const officeDoc = [...rootRels.values()].find((t) => /workbook\.xml$/i.test(t));
    const workbookPath = officeDoc ? resolvePart('', officeDoc) : 'xl/workbook.xml';
    const { sheets, date1904 } = await readWorkbook(zip, entries, workbookPath);
    const names = sheets.map((s) => s.name);
    if (sheets.length === 0) throw new XlsxReadError('没有工作表，可能已损坏', names);
    let chosen: SheetRef | undefined;
    if (opts.sheet) {
      const wanted = opts.sheet;
      chosen = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.trim() === wanted.trim());
      if (!chosen) throw new XlsxReadError(`没有名为“${wanted}”的工作表（现有：${names.join('、')}）`, names);
    } else {
      chosen = sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? sheets[0];
    }
    const folder = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
    const rels = await readRelationships(zip, entries, `${folder}_rels/${workbookPath.slice(folder.length)}.rels`);
    const target = rels.get(chosen.relId);
    const sheetEntry = target ? entries.get(resolvePart(workbookPath, target)) : undefined;
    if (!sheetEntry) throw new XlsxReadError(`工作表“${chosen.name}”的内容缺失`, names, true);
    const findPart = (suffix: string) => {
      const hit = [...rels.values()].find((t) => t.toLowerCase().endsWith(suffix));
      return entries.get(hit ? resolvePart(workbookPath, hit) : `${folder}${suffix}`.toLowerCase());
    };
    const [shared, dateStyles] = await Promise.all([readSharedStrings(zip, findPart('sharedstrings.xml')), readDateStyles(zip, findPart('styles.xml'))]);
    const maxRecords = opts.maxRecords ?? Number.POSITIVE_INFINITY;
    const read = await readSheetRows(zip, sheetEntry, { shared, dateStyles, date1904, maxRecords });
    const lastRow = read.truncated ? read.order[read.order.length - 1] : Number.POSITIVE_INFINITY;
    const order = read.merges.length ? applyMerges(read.byRow, read.order, read.merges, lastRow) : read.order;
    return {
      records: order.map((r) => read.byRow.get(r)!),
      rowNumbers: order,
      sheet: chosen.name,
      sheets: names,
      truncated: read.truncated,
      remainingRows: read.remainingRows,
    };
  } catch (err) {
    if (err instanceof XlsxReadError) throw err;
    throw new XlsxReadError(err instanceof Error ? err.message : String(err), [], true);
  } finally {
    zip.close();
  }
}
