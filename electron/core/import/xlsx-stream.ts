/**
 * Streaming XLSX register reader: each row of the chosen sheet becomes an array of register text as
 * it is scanned and goes to the caller at once (streamXlsxSheet), so a 50,000-row workbook never
 * exists as a cell object model (exceljs's WorkbookReader still builds one per cell: half its time
 * went into that model and its garbage). The zip is read with yauzl (random access through the
 * central directory, so the sheet can be read after sharedStrings.xml and styles.xml whatever their
 * order in the archive); the small parts' XML with saxes, the parser exceljs itself uses, and the
 * sheet's rows with the hand-written scanner below (a third of saxes's time). The cell semantics follow exceljs's reader, which
 * this replaces: shared and inline strings, rich text, booleans 是/否, errors as their text, formulas by
 * their cached result, numbers in date formats as ISO dates (1900 and 1904 systems), merged ranges
 * carrying the top-left value into every cell.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createInflateRaw, inflateRaw } from 'node:zlib';
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

const inflateRawAsync = promisify(inflateRaw);

type SaxesCtor = typeof SaxesParser;
let saxesCtor: SaxesCtor | undefined;
async function newParser(): Promise<SaxesParser> {
  saxesCtor ??= (await import('saxes')).SaxesParser;
  // No line/column tracking: it costs a fifth of the parse and errors name the file, not a position.
  return new saxesCtor({ position: false } as ConstructorParameters<SaxesCtor>[0]);
}

/** Streams one zip entry (a workbook part other than the sheet) through a fresh parser. */
async function parseEntry(zip: ZipFile, entry: Entry, setup: (parser: SaxesParser) => void): Promise<void> {
  const parser = await newParser();
  let failure: unknown = null;
  parser.on('error', (e) => {
    failure ??= e;
  });
  setup(parser);
  const stream = await entryStream(zip, entry);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    parser.write(decoder.decode(chunk, { stream: true }));
    if (failure) {
      stream.destroy();
      throw failure;
    }
  }
  parser.write(decoder.decode()).close();
  if (failure) throw failure;
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
  const label = '共享字符串表（sharedStrings.xml）';
  const scanner = new SheetScanner(null);
  scanPart(await inflateEntry(zip, entry, label), scanner, {
    label,
    container: 'sst',
    readItem: scanner.readSharedString,
    itemWhere: () => `第 ${strings.length + 1} 项附近`,
    onItem: () => strings.push(scanner.value),
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
// The sheet: a hand-written scanner for SpreadsheetML rows
//
// A general XML parser spent most of a 50,000-row read on what a worksheet never needs (a callback
// and an attribute object per tag, a string per text node). The sheet's XML is scanned here with
// indexOf over the decoded text instead, one <row> at a time, building the row's register text
// directly. It is still strict XML: tags must pair up, entities must be known, anything cut off is
// an error, so a damaged sheet is refused rather than read as something else.

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const AMP = 38;
const EQUALS = 61;
const DQUOTE = 34;
const SQUOTE = 39;
const COLON = 58;

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** Malformed sheet XML at `at` in the scanned text, or (before the last chunk) text merely cut off there. */
class XmlFault {
  constructor(
    readonly at: number,
    readonly why: string,
  ) {}
}

const TEXT_CUT = '内容不完整';

/** Which attributes an open tag's scan keeps (by index, so the hot path makes no strings). */
const ATTRS_NONE = 0;
const ATTRS_ROW = 1;
const ATTRS_CELL = 2;
const ATTRS_REF = 3;

/** Cell types (the t attribute): what the cell's text is made from. */
const T_NUMBER = 0;
const T_SHARED = 1;
const T_TEXT = 2;
const T_INLINE = 3;
const T_BOOL = 4;
const T_DATE = 5;

const XML_ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

const isXmlChar = (c: number) => c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

/** Reads rows out of the sheet text in `s`, from `pos`; a fault near the end of `s` may just need more text. */
class SheetScanner {
  s = '';
  pos = 0;
  /**
   * The next '&', '<' and '<!' at or after the positions last asked about (Infinity: none): attribute
   * values are checked for them without a scan of their own, and entity checks stay linear.
   */
  private amp = -1;
  private lt = -1;
  private bang = -1;

  // The last open tag: its name (qualified and local) and whether it closed itself.
  private nameStart = 0;
  private nameEnd = 0;
  private localStart = 0;
  private selfClosing = false;
  // Its kept attributes (r, t, s; ref as r): value bounds in `s`, or -1; the *Text one when the value held entities.
  private rStart = -1;
  private rEnd = -1;
  private rText: string | null = null;
  private tStart = -1;
  private tEnd = -1;
  private tText: string | null = null;
  private sStart = -1;
  private sEnd = -1;
  private sText: string | null = null;

  /**
   * Set when the caller only counts the rows from here on: a row's cells then stop at its first
   * value, except in rows `keepCells` names (the top rows of merged ranges, whose values spread).
   */
  countOnly = false;
  keepCells: (rowNumber: number) => boolean = () => false;
  /** In a counted row, its end tag (else null). */
  private rowEndTag: string | null = null;

  // The row being read, and the last one read whole.
  rowNumber = 0;
  private lastRow = 0;
  cells: string[] = [];
  rowHasValue = false;
  private col = -1;
  value = '';

  /** `ctx` is what cells need; null where the scanner reads no cells (the shared string table). */
  constructor(private ctx: SheetContext | null) {}

  /** The text to scan next: what was left from `pos`, and more; positions restart at 0. */
  feed(text: string): void {
    this.s = text;
    this.pos = 0;
    this.amp = -1;
    this.lt = -1;
    this.bang = -1;
  }

  /** Throws the fault at `at`; past the end of the text it is the text being cut off. */
  fail(at: number, why: string): never {
    throw new XmlFault(at, at >= this.s.length ? TEXT_CUT : why);
  }

  private ltFrom(i: number): number {
    if (this.lt < i) {
      const k = this.s.indexOf('<', i);
      this.lt = k < 0 ? Number.POSITIVE_INFINITY : k;
    }
    return this.lt;
  }

  /** The next '<!' (a comment or CDATA section), as ltFrom. */
  private bangFrom(i: number): number {
    if (this.bang < i) {
      const k = this.s.indexOf('<!', i);
      this.bang = k < 0 ? Number.POSITIVE_INFINITY : k;
    }
    return this.bang;
  }

  private ampFrom(i: number): number {
    if (this.amp < i) {
      const k = this.s.indexOf('&', i);
      this.amp = k < 0 ? Number.POSITIVE_INFINITY : k;
    }
    return this.amp;
  }

  /** Text in [a, b) with its entities decoded (text that has none is returned as a slice). */
  private textOf(a: number, b: number): string {
    let amp = this.ampFrom(a);
    if (amp >= b) return this.s.slice(a, b);
    const s = this.s;
    let out = '';
    let from = a;
    while (amp < b) {
      const semi = s.indexOf(';', amp + 1);
      if (semi < 0 || semi > b || semi - amp > 10) this.fail(amp, '“&”后不是有效的实体引用');
      const name = s.slice(amp + 1, semi);
      let ch = XML_ENTITIES.get(name);
      if (ch === undefined) {
        const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : name.startsWith('#') ? parseInt(name.slice(1), 10) : NaN;
        if (!/^#(x[0-9a-fA-F]+|[0-9]+)$/.test(name) || !isXmlChar(code)) this.fail(amp, `无效的实体引用“&${name};”`);
        ch = String.fromCodePoint(code);
      }
      out += s.slice(from, amp) + ch;
      from = semi + 1;
      amp = this.ampFrom(from);
    }
    return out + s.slice(from, b);
  }

  /** Skips character data from i (checking its entities); returns the index of the next '<'. */
  private skipText(i: number): number {
    const j = this.s.indexOf('<', i);
    if (j < 0) this.fail(this.s.length, TEXT_CUT);
    if (this.ampFrom(i) < j) this.textOf(i, j);
    return j;
  }

  /** A comment, CDATA section or processing instruction at i; returns the index after it. `cdata` gets a CDATA's text. */
  private skipMarkup(i: number, cdata?: (text: string) => void): number {
    const s = this.s;
    let end: number;
    if (s.startsWith('<!--', i)) {
      end = s.indexOf('-->', i + 4);
      if (end >= 0) return end + 3;
    } else if (s.startsWith('<![CDATA[', i)) {
      end = s.indexOf(']]>', i + 9);
      if (end >= 0) {
        cdata?.(s.slice(i + 9, end));
        return end + 3;
      }
    } else if (s.charCodeAt(i + 1) === QUESTION) {
      end = s.indexOf('?>', i + 2);
      if (end >= 0) return end + 2;
    } else this.fail(i, '无法识别的标记（XLSX 中不应有 DTD）');
    return this.fail(s.length, TEXT_CUT);
  }

  /** The open tag at i ('<' there): its name, self-closing flag and the wanted attributes; returns the index after it. */
  private openTag(i: number, wanted: number): number {
    const s = this.s;
    let k = i + 1;
    this.localStart = k;
    for (let c = s.charCodeAt(k); ; c = s.charCodeAt(++k)) {
      if (c === GT || c === SLASH || isSpace(c)) break;
      if (c === COLON) this.localStart = k + 1;
      else if (c === LT || c === EQUALS || c === DQUOTE || c === SQUOTE || c === AMP || Number.isNaN(c)) this.fail(k, '标签格式错误');
    }
    if (k === i + 1 || this.localStart === k) this.fail(k, '标签缺少名称');
    this.nameStart = i + 1;
    this.nameEnd = k;
    this.rStart = this.tStart = this.sStart = -1;
    this.rText = this.tText = this.sText = null;
    for (;;) {
      const before = k;
      let c = s.charCodeAt(k);
      while (isSpace(c)) c = s.charCodeAt(++k);
      if (c === GT) {
        this.selfClosing = false;
        return k + 1;
      }
      if (c === SLASH) {
        if (s.charCodeAt(k + 1) !== GT) this.fail(k, '标签格式错误');
        this.selfClosing = true;
        return k + 2;
      }
      if (k === before) this.fail(k, '属性之间缺少空格');
      const nameStart = k;
      while (!(c === EQUALS || isSpace(c))) {
        if (c === LT || c === GT || c === SLASH || c === DQUOTE || c === SQUOTE || Number.isNaN(c)) this.fail(k, '属性格式错误');
        c = s.charCodeAt(++k);
      }
      const nameEnd = k;
      while (isSpace(c)) c = s.charCodeAt(++k);
      if (c !== EQUALS || nameEnd === nameStart) this.fail(k, '属性格式错误');
      c = s.charCodeAt(++k);
      while (isSpace(c)) c = s.charCodeAt(++k);
      if (c !== DQUOTE && c !== SQUOTE) this.fail(k, '属性值缺少引号');
      const valueStart = k + 1;
      const valueEnd = s.indexOf(c === DQUOTE ? '"' : "'", valueStart);
      if (valueEnd < 0) this.fail(s.length, TEXT_CUT);
      if (this.ltFrom(valueStart) < valueEnd) this.fail(this.lt, '属性值中不能有“<”');
      const hasAmp = this.ampFrom(valueStart) < valueEnd;
      k = valueEnd + 1;
      if (wanted === ATTRS_NONE) {
        if (hasAmp) this.textOf(valueStart, valueEnd);
        continue;
      }
      const text = hasAmp ? this.textOf(valueStart, valueEnd) : null;
      const nameLength = nameEnd - nameStart;
      const n = s.charCodeAt(nameStart);
      if (nameLength === 1 && n === 114 /* r */) {
        this.rStart = valueStart;
        this.rEnd = valueEnd;
        this.rText = text;
      } else if (wanted === ATTRS_CELL && nameLength === 1 && n === 116 /* t */) {
        this.tStart = valueStart;
        this.tEnd = valueEnd;
        this.tText = text;
      } else if (wanted === ATTRS_CELL && nameLength === 1 && n === 115 /* s */) {
        this.sStart = valueStart;
        this.sEnd = valueEnd;
        this.sText = text;
      } else if (wanted === ATTRS_REF && nameLength === 3 && s.startsWith('ref', nameStart)) {
        this.rStart = valueStart;
        this.rEnd = valueEnd;
        this.rText = text;
      }
    }
  }

  /** The end tag at i must close the element named at [qs, qe); returns the index after it. */
  private closeTag(i: number, qs: number, qe: number): number {
    const s = this.s;
    let k = i + 2;
    for (let j = qs; j < qe; j++, k++) if (s.charCodeAt(k) !== s.charCodeAt(j)) this.mismatch(i, s.slice(qs, qe));
    let c = s.charCodeAt(k);
    while (isSpace(c)) c = s.charCodeAt(++k);
    if (c !== GT) this.mismatch(i, s.slice(qs, qe));
    return k + 1;
  }

  private mismatch(i: number, open: string): never {
    const end = this.s.indexOf('>', i);
    if (end < 0) this.fail(this.s.length, TEXT_CUT);
    return this.fail(i, `<${open}> 的结束标签不匹配（遇到 ${this.s.slice(i, Math.min(end + 1, i + 40))}）`);
  }

  private isLocal(name: string): boolean {
    return this.nameEnd - this.localStart === name.length && this.s.startsWith(name, this.localStart);
  }

  /** Skips the content and end tag of the element just opened (not self-closing); returns the index after it. */
  private skipElement(i: number): number {
    const s = this.s;
    const open: number[] = [this.nameStart, this.nameEnd];
    while (open.length) {
      if (s.charCodeAt(i) !== LT) i = this.skipText(i);
      const c = s.charCodeAt(i + 1);
      if (c === SLASH) {
        const qe = open.pop()!;
        i = this.closeTag(i, open.pop()!, qe);
      } else if (c === BANG || c === QUESTION) i = this.skipMarkup(i);
      else {
        i = this.openTag(i, ATTRS_NONE);
        if (!this.selfClosing) open.push(this.nameStart, this.nameEnd);
      }
    }
    return i;
  }

  /** The character content of the element just opened (<v>, <t>), appended to `value`; returns the index after its end tag. */
  private readText(i: number): number {
    const qs = this.nameStart;
    const qe = this.nameEnd;
    const s = this.s;
    for (;;) {
      const j = s.indexOf('<', i);
      if (j < 0) this.fail(s.length, TEXT_CUT);
      if (j > i) this.value += this.textOf(i, j);
      const c = s.charCodeAt(j + 1);
      if (c === SLASH) return this.closeTag(j, qs, qe);
      if (c === BANG || c === QUESTION) {
        i = this.skipMarkup(j, (text) => {
          this.value += text;
        });
      } else {
        // Markup inside a value is not SpreadsheetML; its text is not the cell's.
        i = this.openTag(j, ATTRS_NONE);
        if (!this.selfClosing) i = this.skipElement(i);
      }
    }
  }

  /**
   * Children of the element just opened, in a loop: `child` handles each child's open tag (just
   * read, at the index it returns) and returns the index after the child. Returns the index after
   * the end tag.
   */
  private children(i: number, child: (i: number) => number): number {
    const qs = this.nameStart;
    const qe = this.nameEnd;
    const s = this.s;
    for (;;) {
      if (s.charCodeAt(i) !== LT) i = this.skipText(i);
      const c = s.charCodeAt(i + 1);
      if (c === SLASH) return this.closeTag(i, qs, qe);
      if (c === BANG || c === QUESTION) i = this.skipMarkup(i);
      else i = child(i);
    }
  }

  /** An inline string (<is>) or rich-text run (<r>): its <t> texts, phonetic guides and run properties left out. */
  private readonly inlineChild = (i: number): number => {
    i = this.openTag(i, ATTRS_NONE);
    if (this.selfClosing) return i;
    if (this.isLocal('t')) return this.readText(i);
    if (this.isLocal('r')) return this.children(i, this.inlineChild);
    return this.skipElement(i);
  };

  private readonly cellChild = (i: number): number => {
    i = this.openTag(i, ATTRS_NONE);
    if (this.isLocal('v')) {
      this.hasV = true;
      return this.selfClosing ? i : this.readText(i);
    }
    if (this.selfClosing) return i;
    if (this.isLocal('is')) return this.children(i, this.inlineChild);
    return this.skipElement(i);
  };
  private hasV = false;

  private readonly rowChild = (i: number): number => {
    i = this.cell(i);
    return this.rowEndTag !== null && this.rowHasValue ? this.skipToRowEnd(i) : i;
  };

  /** A child of a row: a cell, read into `cells`, or anything else, skipped. Returns the index after it. */
  private cell(i: number): number {
    const plain = this.plainCell(i);
    if (plain >= 0) return plain;
    i = this.openTag(i, ATTRS_CELL);
    if (!this.isLocal('c')) return this.selfClosing ? i : this.skipElement(i);
    const s = this.s;
    const at = this.rText !== null ? columnIndex(this.rText) : this.rStart >= 0 ? columnIndexAt(s, this.rStart, this.rEnd) : -1;
    const type = this.tText !== null ? cellType(this.tText, 0, this.tText.length) : this.tStart >= 0 ? cellType(s, this.tStart, this.tEnd) : T_NUMBER;
    const style = this.sText !== null ? Number(this.sText) : this.sStart >= 0 ? Number(s.slice(this.sStart, this.sEnd)) : 0;
    this.value = '';
    this.hasV = false;
    if (!this.selfClosing) i = this.children(i, this.cellChild);
    this.place(at, type, style);
    return i;
  }

  /**
   * Rows past what the caller keeps are only counted (see countOnly): once a row has a value, its
   * other cells are passed over up to its end tag, unless comments or CDATA could hide one.
   */
  private skipToRowEnd(i: number): number {
    const end = this.s.indexOf(this.rowEndTag!, i);
    if (end < 0) this.fail(this.s.length, TEXT_CUT);
    return this.bangFrom(i) < end ? i : end;
  }

  /**
   * The cell at i if it has the shape Excel, WPS and exceljs write (<c r="AB12" s="3" t="s">, s and
   * t optional, in that order; a <v> without markup or entities, or none): the index after it, or
   * -1 for the general path. Read character by character here at a fraction of the tag-by-tag cost
   * (a regular expression's match objects cost as much again in garbage).
   */
  private plainCell(i: number): number {
    const s = this.s;
    // Cells near the text's end go the general way: a charCodeAt past the end would cost this function
    // its optimised code. What it reads by character lies within 64 of i; the value is found by indexOf.
    if (i + 64 > s.length) return -1;
    // <c r="
    if (s.charCodeAt(i + 1) !== 99 || s.charCodeAt(i + 2) !== 32 || s.charCodeAt(i + 3) !== 114 || s.charCodeAt(i + 4) !== EQUALS || s.charCodeAt(i + 5) !== DQUOTE) return -1;
    let k = i + 6;
    let c = s.charCodeAt(k);
    let col = 0;
    for (; c >= 65 && c <= 90; c = s.charCodeAt(++k)) col = col * 26 + (c - 64);
    const digits = k;
    while (c >= 48 && c <= 57) c = s.charCodeAt(++k);
    if (col === 0 || k === digits || c !== DQUOTE) return -1;
    c = s.charCodeAt(++k);
    let style = 0;
    if (c === 32 && s.charCodeAt(k + 1) === 115 && s.charCodeAt(k + 2) === EQUALS && s.charCodeAt(k + 3) === DQUOTE) {
      k += 4;
      const from = k;
      for (c = s.charCodeAt(k); c >= 48 && c <= 57; c = s.charCodeAt(++k)) style = style * 10 + (c - 48);
      if (k === from || c !== DQUOTE) return -1;
      c = s.charCodeAt(++k);
    }
    let type = T_NUMBER;
    if (c === 32 && s.charCodeAt(k + 1) === 116 && s.charCodeAt(k + 2) === EQUALS && s.charCodeAt(k + 3) === DQUOTE) {
      const from = k + 4;
      for (k = from, c = s.charCodeAt(k); c >= 97 && c <= 122; c = s.charCodeAt(++k));
      type = cellType(s, from, k);
      // Inline strings, and types the general path reads as numbers, take that path.
      if (c !== DQUOTE || type === T_INLINE || (type === T_NUMBER && !(k - from === 1 && s.charCodeAt(from) === 110))) return -1;
      c = s.charCodeAt(++k);
    }
    let value = '';
    let hasV = false;
    if (c === SLASH) {
      if (s.charCodeAt(k + 1) !== GT) return -1;
      k += 2;
    } else if (c === GT) {
      k++;
      if (s.startsWith('<v>', k)) {
        const from = k + 3;
        const to = s.indexOf('<', from);
        if (to < 0 || this.ampFrom(from) < to || !s.startsWith('</v>', to)) return -1;
        value = s.slice(from, to);
        hasV = true;
        k = to + 4;
      }
      if (!s.startsWith('</c>', k)) return -1;
      k += 4;
    } else return -1;
    this.value = value;
    this.hasV = hasV;
    this.place(col - 1, type, style);
    return k;
  }

  /** Puts the cell just read (column `at`, or the next when -1) into the row, if it holds text. */
  private place(at: number, type: number, style: number): void {
    this.col = at >= 0 ? at : this.col + 1;
    if (type !== T_INLINE && !this.hasV) return;
    const text = cellText(this.ctx!, type, this.value, style);
    if (text === '') return;
    this.rowHasValue = true;
    const cells = this.cells;
    while (cells.length < this.col) cells.push('');
    cells[this.col] = text;
  }

  /** Whether a root element was seen, and whether the container (see outside) has content; from <dimension ref>, the rows it spans. */
  rootSeen = false;
  containerHasItems = false;
  estimatedRows: number | null = null;

  /**
   * Markup outside the rows, from pos: tags must pair up (`open` holds the names open around pos).
   * Returns true just after the start tag of the element named `container` (<sheetData>, <sst>),
   * false at the end of the text.
   */
  outside(open: string[], container: string | null): boolean {
    const s = this.s;
    for (let i = this.pos; i < s.length; i = this.pos) {
      if (s.charCodeAt(i) !== LT) {
        const j = s.indexOf('<', i);
        const end = j < 0 ? s.length : j;
        if (open.length === 0) {
          for (let k = i; k < end; k++) if (!isSpace(s.charCodeAt(k))) this.fail(k, '根元素之外有多余的内容');
        } else if (this.ampFrom(i) < end) this.textOf(i, end);
        this.pos = end;
        continue;
      }
      const c = s.charCodeAt(i + 1);
      if (c === SLASH) {
        const name = open[open.length - 1];
        if (name === undefined) this.fail(i, '多余的结束标签');
        let k = i + 2 + name.length;
        if (!s.startsWith(name, i + 2)) this.mismatch(i, name);
        while (isSpace(s.charCodeAt(k))) k++;
        if (s.charCodeAt(k) !== GT) this.mismatch(i, name);
        open.pop();
        this.pos = k + 1;
      } else if (c === BANG || c === QUESTION) this.pos = this.skipMarkup(i);
      else {
        if (open.length === 0 && this.rootSeen) this.fail(i, '根元素之外有多余的内容');
        i = this.openTag(i, ATTRS_REF);
        this.rootSeen = true;
        if (this.isLocal('dimension') && this.rStart >= 0) {
          const range = parseRange(this.rText ?? s.slice(this.rStart, this.rEnd));
          this.estimatedRows = range && range.bottom - range.top + 1;
        }
        if (!this.selfClosing) open.push(s.slice(this.nameStart, this.nameEnd));
        this.pos = i;
        if (container !== null && this.isLocal(container)) {
          this.containerHasItems = !this.selfClosing;
          return true;
        }
      }
    }
    return false;
  }

  /**
   * From pos inside the container: the next child element, given to `read` (ITEM_READ when it took
   * it), or a stop at the container's end tag (ITEMS_END) or at the end of the text (TEXT_END).
   */
  nextItem(read: (i: number) => number): number {
    const s = this.s;
    for (let i = this.pos; i < s.length; i = this.pos) {
      if (s.charCodeAt(i) !== LT) {
        this.pos = this.skipText(i);
        continue;
      }
      const c = s.charCodeAt(i + 1);
      if (c === SLASH) return ITEMS_END;
      if (c === BANG || c === QUESTION) {
        this.pos = this.skipMarkup(i);
        continue;
      }
      this.pos = read(i);
      if (this.itemRead) return ITEM_READ;
    }
    return TEXT_END;
  }

  /** Whether the last element given to an item reader was its kind (else it was skipped). */
  private itemRead = false;

  /** A <row> (see nextItem): fills rowNumber, cells, rowHasValue. */
  readonly readRow = (i: number): number => {
    this.rowNumber = this.lastRow + 1; // what an error names until the row's own number is read
    i = this.openTag(i, ATTRS_ROW);
    this.itemRead = this.isLocal('row');
    if (!this.itemRead) return this.selfClosing ? i : this.skipElement(i);
    const r = this.rText !== null ? Number(this.rText) : this.rStart >= 0 ? Number(this.s.slice(this.rStart, this.rEnd)) : 0;
    if (r > 0) this.rowNumber = r;
    this.rowEndTag = this.countOnly && !this.keepCells(this.rowNumber) ? `</${this.s.slice(this.nameStart, this.nameEnd)}>` : null;
    this.cells = [];
    this.rowHasValue = false;
    this.col = -1;
    const end = this.selfClosing ? i : this.children(i, this.rowChild);
    this.lastRow = this.rowNumber;
    return end;
  };

  /** A shared string table's <si> (see nextItem): its text in `value`, read as an inline string. */
  readonly readSharedString = (i: number): number => {
    i = this.openTag(i, ATTRS_NONE);
    this.itemRead = this.isLocal('si');
    if (!this.itemRead) return this.selfClosing ? i : this.skipElement(i);
    this.value = '';
    return this.selfClosing ? i : this.children(i, this.inlineChild);
  };
}

/** "AB12" → 27 over s[a, b) (0-based); -1 when the reference does not start with letters. */
function columnIndexAt(s: string, a: number, b: number): number {
  let col = 0;
  let i = a;
  for (; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return i === a ? -1 : col - 1;
}

const columnIndex = (ref: string) => columnIndexAt(ref, 0, ref.length);

const rowOfRef = (ref: string) => Number(/\d+/.exec(ref)?.[0] ?? 0);

/** The t attribute in s[a, b) as a T_ code; unknown types read as numbers, as exceljs did. */
function cellType(s: string, a: number, b: number): number {
  const n = b - a;
  const c = s.charCodeAt(a);
  if (n === 1) return c === 115 ? T_SHARED : c === 98 ? T_BOOL : c === 101 ? T_TEXT : c === 100 ? T_DATE : T_NUMBER;
  if (n === 3 && s.startsWith('str', a)) return T_TEXT;
  if (n === 9 && s.startsWith('inlineStr', a)) return T_INLINE;
  return T_NUMBER;
}

interface SheetContext {
  shared: string[];
  dateStyles: boolean[];
  date1904: boolean;
  /** Serial → ISO date already worked out: a register's dates repeat, and a Date per cell was a tenth of a read. */
  dates: Map<number, string>;
}

/** A cell's register text from its type, raw value (the <v> or inline text) and style. */
function cellText(ctx: SheetContext, type: number, value: string, style: number): string {
  switch (type) {
    case T_SHARED:
      return ctx.shared[Number(value)] ?? '';
    case T_TEXT:
    case T_INLINE:
      return value;
    case T_BOOL:
      return value === '' ? '' : value === '1' || value === 'true' ? '是' : '否';
    case T_DATE:
      return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : value;
    default: {
      if (value === '') return '';
      const n = Number(value);
      if (Number.isNaN(n)) return value;
      if (!ctx.dateStyles[style]) return numberText(n);
      let date = ctx.dates.get(n);
      if (date === undefined) {
        date = serialToIsoDate(n, ctx.date1904);
        ctx.dates.set(n, date);
      }
      return date;
    }
  }
}

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

const MERGE_REF = /<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\sref\s*=\s*(["'])([^"']*)\1/g;

/** The merged ranges' references: <mergeCells> follows <sheetData>, so they are looked for after its end. */
function mergeRefs(xml: Buffer): string[] {
  const tail = xml.subarray(Math.max(0, xml.lastIndexOf('sheetData'))).toString('utf8');
  return Array.from(tail.matchAll(MERGE_REF), (m) => m[2]);
}

interface LiveMerge extends MergeRange {
  /** Position in the sheet's list: ranges apply in that order, as they did over the finished rows. */
  order: number;
  /** The top-left cell's text, once its row was read. */
  master: string | null;
}

/**
 * Merged ranges applied as the rows stream by: every cell of a range reads as its top-left cell, as
 * with exceljs's in-memory model (a 执法单位 merged down a block of rows belongs to each of them).
 * The top-left cell comes first in row order; rows only a merge fills are added in their place.
 */
class MergeFill {
  private readonly pending: LiveMerge[];
  private readonly tops: Set<number>;
  private next = 0;
  private live: LiveMerge[] = [];
  private last = 0;

  constructor(refs: string[]) {
    this.pending = refs
      .flatMap((ref, order): LiveMerge[] => {
        const range = parseRange(ref);
        return range ? [{ ...range, order, master: null }] : [];
      })
      .sort((a, b) => a.top - b.top || a.order - b.order);
    this.tops = new Set(this.pending.map((m) => m.top));
  }

  /** A row as read (`hasValue`: a cell of its own holds text); calls `emit` for it and any merge-only rows before it. */
  row(rowNumber: number, cells: string[], hasValue: boolean, emit: (cells: string[], rowNumber: number) => void): void {
    this.fillUpTo(rowNumber, emit);
    let started = false;
    while (this.next < this.pending.length && this.pending[this.next].top <= rowNumber) {
      const m = this.pending[this.next++];
      // A range whose top row had no row element has no value to spread.
      if (m.top === rowNumber) {
        this.live.push(m);
        started = true;
      }
    }
    if (started) this.live.sort((a, b) => a.order - b.order);
    const filled = this.live.length > 0 && this.apply(rowNumber, cells);
    if (hasValue || filled) emit(cells, rowNumber);
    this.last = rowNumber;
  }

  /** Whether a range starts on this row (its cells then matter even where the row is only counted). */
  startsOn(rowNumber: number): boolean {
    return this.tops.has(rowNumber);
  }

  /** After the last row: rows the merges still cover. */
  end(emit: (cells: string[], rowNumber: number) => void): void {
    this.fillUpTo(Number.POSITIVE_INFINITY, emit);
  }

  /** Rows between the last one read and `rowNumber` (exclusive) that only merges fill. */
  private fillUpTo(rowNumber: number, emit: (cells: string[], rowNumber: number) => void): void {
    for (let r = this.last + 1; r < rowNumber && this.live.length; r++) {
      const cells: string[] = [];
      if (this.apply(r, cells)) emit(cells, r);
    }
  }

  /** Applies the live ranges to row r (reading masters on their top row); whether any covered it. */
  private apply(r: number, cells: string[]): boolean {
    let filled = false;
    for (const m of this.live) {
      if (m.master === null) m.master = cells[m.left] ?? '';
      if (!m.master) continue;
      for (let c = m.left; c <= m.right; c++) {
        while (cells.length < c) cells.push('');
        cells[c] = m.master;
      }
      filled = true;
    }
    this.live = this.live.filter((m) => m.bottom > r && m.master !== '');
    return filled;
  }
}

/** How much of a part's XML is decoded at a time: under ~1 MB, where Node makes strings external ones. */
const CHUNK_BYTES = 1 << 19;
/** A fault this close to the end of the decoded text may be the text being cut off: decode more and retry. */
const NEAR_END = 1024;
/** zlib's output chunks: its 16 KB default costs a callback and a copy each, ~a tenth of a preview. */
const INFLATE_CHUNK_BYTES = 1 << 20;
/** A sheet (or shared string table) is inflated whole (the sheet to find its merged ranges first); larger ones are refused. */
const MAX_PART_BYTES = 512 * 1024 * 1024;

/** The zip entry's inflated bytes, which must be the size the central directory records. */
async function inflateEntry(zip: ZipFile, entry: Entry, label: string): Promise<Buffer> {
  if (entry.uncompressedSize > MAX_PART_BYTES) throw new XlsxReadError(`${label}解压后超过 ${MAX_PART_BYTES / 1024 / 1024} MB，无法读取`, [], true);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw new Error(`不支持的压缩方式 ${entry.compressionMethod}`);
  const raw: Readable = await new Promise((resolve, reject) =>
    zip.openReadStream(entry, { decompress: false }, (err, stream) => (err || !stream ? reject(err ?? new Error('stream')) : resolve(stream))),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of raw as AsyncIterable<Buffer>) chunks.push(chunk);
  const stored = Buffer.concat(chunks);
  const xml = entry.compressionMethod === 0 ? stored : await inflateRawAsync(stored, { maxOutputLength: Math.max(1, entry.uncompressedSize), chunkSize: INFLATE_CHUNK_BYTES });
  if (xml.length !== entry.uncompressedSize) throw new Error(`${label}解压后的大小与目录记录不符`);
  return xml;
}

const ITEMS_END = 0;
const TEXT_END = 1;
const ITEM_READ = 2;

/** How a part is scanned: its items are the children of one container element. */
interface PartScan {
  /** Names the part in errors: 工作表“案卷目录”. */
  label: string;
  /** The container's local name (sheetData, sst), and the reader of its children (see nextItem). */
  container: string;
  readItem: (i: number) => number;
  /** Where in the items a fault lies: 第 12 行附近. */
  itemWhere(): string;
  /** After the markup before the container (also when it has none), after each item, after the last. */
  beforeItems?(): void;
  onItem(): void;
  afterItems?(): void;
}

/** Scans an XML part held in memory, as texts of about CHUNK_BYTES. Throws XlsxReadError. */
function scanPart(xml: Buffer, scanner: SheetScanner, part: PartScan): void {
  // Each text is decoded afresh from the bytes (the rest of the last one included) rather than
  // joined to what was left: a joined string is scanned at half the speed of a flat one. The bytes
  // are checked to be UTF-8 first, so the characters scanned map back to bytes one to one; a part
  // that is all ASCII (a sheet of shared strings) is decoded as Latin-1, the same text, 5× faster.
  const ascii = isAscii(xml);
  if (!ascii && !isUtf8(xml)) throw new XlsxReadError(`${part.label}不是有效的 UTF-8 文本`, [], true);
  let start = xml[0] === 0xef && xml[1] === 0xbb && xml[2] === 0xbf ? 3 : 0; // a byte order mark
  let end = start;
  const more = (): boolean => {
    if (end >= xml.length) return false;
    start += ascii ? scanner.pos : Buffer.byteLength(scanner.s.slice(0, scanner.pos));
    end = Math.min(Math.max(end, start) + CHUNK_BYTES, xml.length);
    while (end < xml.length && (xml[end] & 0xc0) === 0x80) end++; // not inside a character
    scanner.feed(xml.toString(ascii ? 'latin1' : 'utf8', start, end));
    return true;
  };
  let phase: 'head' | 'items' | 'tail' = 'head';
  const corrupt = (why: string) => {
    const where = phase === 'head' ? '开头' : phase === 'tail' ? '末尾' : part.itemWhere();
    return new XlsxReadError(`${part.label}${where}的 XML 有误：${why}`, [], true);
  };
  /** Runs a scanning step, with more text while its fault may just be the text being cut off. */
  const attempt = <T>(step: () => T): T => {
    for (;;) {
      try {
        return step();
      } catch (err) {
        if (!(err instanceof XmlFault)) throw err;
        if (err.at < scanner.s.length - NEAR_END || !more()) throw corrupt(err.why);
      }
    }
  };

  const open: string[] = [];
  let hasItems = false;
  for (;;) {
    if (attempt(() => scanner.outside(open, part.container))) {
      hasItems = scanner.containerHasItems;
      break;
    }
    if (!more()) break;
  }
  part.beforeItems?.();
  phase = 'items';
  while (hasItems) {
    const step = attempt(() => scanner.nextItem(part.readItem));
    if (step === ITEM_READ) part.onItem();
    else if (step === ITEMS_END) break;
    else if (!more()) throw corrupt(TEXT_CUT);
  }
  part.afterItems?.();
  phase = 'tail';
  do attempt(() => scanner.outside(open, null));
  while (more());
  if (open.length || !scanner.rootSeen) throw corrupt(TEXT_CUT);
}

const sheetLabel = (name: string) => `工作表“${name}”`;

/**
 * Scans the sheet part: calls onStart once the rows are about to begin, then onRow per non-empty
 * row; after `fullRows` rows, the rows onRow gets are only to be counted (their cells are partial).
 */
function scanSheet(
  xml: Buffer,
  ctx: SheetContext,
  sheetName: string,
  onStart: (estimatedRows: number | null) => void,
  onRow: (cells: string[], rowNumber: number) => void,
  fullRows: number,
): void {
  const label = sheetLabel(sheetName);
  const merges = new MergeFill(mergeRefs(xml));
  const scanner = new SheetScanner(ctx);
  scanner.keepCells = (rowNumber) => merges.startsOn(rowNumber);
  let rows = 0;
  const emit = (cells: string[], rowNumber: number) => {
    if (++rows >= fullRows) scanner.countOnly = true;
    onRow(cells, rowNumber);
  };
  scanPart(xml, scanner, {
    label,
    container: 'sheetData',
    readItem: scanner.readRow,
    itemWhere: () => `第 ${scanner.rowNumber} 行附近`,
    beforeItems: () => onStart(scanner.estimatedRows),
    onItem: () => merges.row(scanner.rowNumber, scanner.cells, scanner.rowHasValue, emit),
    afterItems: () => merges.end(emit),
  });
}

// ---------------------------------------------------------------------------------------------------
// Entry points

export interface XlsxStreamInfo {
  sheet: string;
  sheets: string[];
  /** From <dimension ref>, or null. */
  estimatedRows: number | null;
}

export interface XlsxStreamOptions {
  /** The sheet by name; default the first visible sheet. */
  sheet?: string | null;
  onStart?(info: XlsxStreamInfo): void;
  onRow(cells: string[], rowNumber: number): void;
}

/** Opens the workbook and reads what the chosen sheet's rows need; the caller closes `zip`. */
async function openSheet(zip: ZipFile, entries: Map<string, Entry>, sheetName: string | null | undefined) {
  const rootRels = await readRelationships(zip, entries, '_rels/.rels');
  const officeDoc = [...rootRels.values()].find((t) => /workbook\.xml$/i.test(t));
  const workbookPath = officeDoc ? resolvePart('', officeDoc) : 'xl/workbook.xml';
  const { sheets, date1904 } = await readWorkbook(zip, entries, workbookPath);
  const names = sheets.map((s) => s.name);
  if (sheets.length === 0) throw new XlsxReadError('没有工作表，可能已损坏', names);
  let chosen: SheetRef | undefined;
  if (sheetName) {
    chosen = sheets.find((s) => s.name === sheetName) ?? sheets.find((s) => s.name.trim() === sheetName.trim());
    if (!chosen) throw new XlsxReadError(`没有名为“${sheetName}”的工作表（现有：${names.join('、')}）`, names);
  } else {
    chosen = sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? sheets[0];
  }
  const folder = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
  const rels = await readRelationships(zip, entries, `${folder}_rels/${workbookPath.slice(folder.length)}.rels`);
  const target = rels.get(chosen.relId);
  const sheetEntry = target ? entries.get(resolvePart(workbookPath, target)) : undefined;
  if (!sheetEntry) throw new XlsxReadError(`${sheetLabel(chosen.name)}的内容缺失`, names, true);
  // Inflated on zlib's threads while the shared strings are read here (a failure before it is
  // awaited must not count as unhandled).
  const sheetXml = inflateEntry(zip, sheetEntry, sheetLabel(chosen.name));
  sheetXml.catch(() => {});
  const findPart = (suffix: string) => {
    const hit = [...rels.values()].find((t) => t.toLowerCase().endsWith(suffix));
    return entries.get(hit ? resolvePart(workbookPath, hit) : `${folder}${suffix}`.toLowerCase());
  };
  const [shared, dateStyles] = await Promise.all([readSharedStrings(zip, findPart('sharedstrings.xml')), readDateStyles(zip, findPart('styles.xml'))]);
  return { sheet: chosen.name, sheets: names, sheetXml, ctx: { shared, dateStyles, date1904, dates: new Map() } };
}

/**
 * Streams one sheet's non-empty rows in sheet order, merged ranges applied (rows only a merge fills
 * included, in their place). onStart runs once before the first row. `onRow` may keep the array it
 * is given. Throws XlsxReadError, possibly after some rows were already given to onRow; what onStart
 * or onRow throw propagates unchanged.
 */
export function streamXlsxSheet(bytes: Uint8Array, opts: XlsxStreamOptions): Promise<XlsxStreamInfo & { rows: number }> {
  return streamRows(bytes, opts, Number.POSITIVE_INFINITY);
}

/** streamXlsxSheet, with the rows after the first `fullRows` given to onRow only to be counted (partial cells). */
async function streamRows(bytes: Uint8Array, opts: XlsxStreamOptions, fullRows: number): Promise<XlsxStreamInfo & { rows: number }> {
  let zip: ZipFile;
  let entries: Map<string, Entry>;
  try {
    ({ zip, entries } = await openZip(bytes));
  } catch (err) {
    throw new XlsxReadError(err instanceof Error ? err.message : String(err), [], true);
  }
  let callerError: { error: unknown } | null = null;
  const guarded = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => {
    try {
      fn(...args);
    } catch (error) {
      callerError = { error };
      throw error;
    }
  };
  let sheets: string[] = [];
  try {
    const opened = await openSheet(zip, entries, opts.sheet);
    sheets = opened.sheets;
    let info: XlsxStreamInfo = { sheet: opened.sheet, sheets, estimatedRows: null };
    let rows = 0;
    const onStart = guarded((estimatedRows: number | null) => {
      info = { ...info, estimatedRows };
      opts.onStart?.(info);
    });
    const onRow = guarded((cells: string[], rowNumber: number) => {
      rows++;
      opts.onRow(cells, rowNumber);
    });
    scanSheet(await opened.sheetXml, opened.ctx, opened.sheet, onStart, onRow, fullRows);
    return { ...info, rows };
  } catch (err) {
    if (callerError) throw (callerError as { error: unknown }).error;
    if (err instanceof XlsxReadError) throw err.sheets.length || !sheets.length ? err : new XlsxReadError(err.message, sheets, err.corrupt);
    throw new XlsxReadError(err instanceof Error ? err.message : String(err), sheets, true);
  } finally {
    zip.close();
  }
}

/** Reads one sheet of an XLSX workbook into register text rows. Throws XlsxReadError. */
export async function readXlsxSheet(bytes: Uint8Array, opts: XlsxReadOptions = {}): Promise<XlsxSheetRecords> {
  const maxRecords = opts.maxRecords ?? Number.POSITIVE_INFINITY;
  const records: string[][] = [];
  const rowNumbers: number[] = [];
  let remainingRows = 0;
  const read = await streamRows(
    bytes,
    {
      sheet: opts.sheet,
      onRow(cells, rowNumber) {
        if (records.length < maxRecords) {
          records.push(cells);
          rowNumbers.push(rowNumber);
        } else remainingRows++;
      },
    },
    maxRecords,
  );
  return { records, rowNumbers, sheet: read.sheet, sheets: read.sheets, truncated: remainingRows > 0, remainingRows };
}
