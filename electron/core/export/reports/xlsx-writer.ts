/**
 * A lean streaming XLSX writer for the campaign workbook. exceljs' streaming writer spends ~25 µs of
 * CPU per row building row and cell objects (measured: 16 s for 600,000 rows of 10 cells, over the
 * 10 s budget for the whole workbook), so the big sheets are written here as SpreadsheetML text
 * straight into native zlib: typed cells (numbers, Excel date serials, inline strings), column
 * widths and number formats, a frozen header row, an autofilter (with its _FilterDatabase name, as
 * Excel writes it). The files open in Excel, WPS, LibreOffice and exceljs' reader (tests use it).
 */
import { createDeflateRaw, crc32 as nativeCrc32, type DeflateRaw, type ZlibOptions } from 'node:zlib';

export type CellValue = string | number | Date | null | undefined;

export interface XlsxColumn {
  header: string;
  width: number;
  /** Excel number format for numbers and dates in the column (e.g. yyyy-mm-dd, 0.00%). */
  numFmt?: string;
}

const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

function esc(s: string): string {
  // Most cells need nothing: one test instead of five replaces (600,000 rows × 4 strings).
  if (!NEEDS_ESCAPE.test(s)) return s;
  // Control characters other than tab/newline are not allowed in XML 1.0.
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Excel's 1900 date system serial for a Date (UTC midnight = whole day). */
const excelSerial = (d: Date): number => d.getTime() / 86_400_000 + 25_569;

let crcTable: Int32Array | null = null;
function jsCrc32(buf: Uint8Array, prev: number): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = ~prev;
  for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
const crc32 = (buf: Uint8Array, prev: number): number => (typeof nativeCrc32 === 'function' ? nativeCrc32(buf, prev) : jsCrc32(buf, prev));

interface Entry {
  name: Buffer;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
}

/** ZIP container (deflate, data descriptors, UTF-8 names) collecting into memory. */
class ZipOut {
  private readonly chunks: Buffer[] = [];
  private offset = 0;
  private readonly entries: Entry[] = [];
  private readonly dosTime: number;
  private readonly dosDate: number;

  constructor(now = new Date()) {
    this.dosTime = (now.getHours() << 11) | (now.getMinutes() << 5) | Math.floor(now.getSeconds() / 2);
    this.dosDate = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  }

  private push(b: Buffer): void {
    this.chunks.push(b);
    this.offset += b.length;
  }

  /** Starts an entry; write() its data, then await end(). */
  open(name: string): { write(data: Buffer): Promise<void>; end(): Promise<void> } {
    const nameBuf = Buffer.from(name, 'utf8');
    const entry: Entry = { name: nameBuf, offset: this.offset, crc: 0, compressed: 0, size: 0 };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0808, 6); // data descriptor follows; UTF-8 name
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(this.dosTime, 10);
    header.writeUInt16LE(this.dosDate, 12);
    header.writeUInt16LE(nameBuf.length, 26);
    this.push(header);
    this.push(nameBuf);
    // A buffer of several flushes: the next chunk of XML is built while zlib (on the thread pool)
    // compresses this one, instead of the two taking turns at every 0.5 MB flush.
    // (zlib streams pass stream options on to Transform; its typings only list the zlib ones.)
    // Level 3: on the answer sheet's XML (130 MB) as fast as level 1 and a fifth smaller (9.2 → 7.5
    // MB); level 6 took three times the CPU for 7 % less.
    const deflate: DeflateRaw = createDeflateRaw({ level: 3, writableHighWaterMark: 4 * 1024 * 1024 } as ZlibOptions);
    deflate.on('data', (c: Buffer) => {
      entry.compressed += c.length;
      this.push(c);
    });
    const ended = new Promise<void>((resolve, reject) => {
      deflate.on('end', resolve);
      deflate.on('error', reject);
    });
    return {
      write: (data) => {
        entry.crc = crc32(data, entry.crc);
        entry.size += data.length;
        // Wait for the compressor when its buffer is full, so memory stays bounded.
        return deflate.write(data) ? Promise.resolve() : new Promise((r) => deflate.once('drain', () => r()));
      },
      end: async () => {
        deflate.end();
        await ended;
        const desc = Buffer.alloc(16);
        desc.writeUInt32LE(0x08074b50, 0);
        desc.writeUInt32LE(entry.crc >>> 0, 4);
        desc.writeUInt32LE(entry.compressed, 8);
        desc.writeUInt32LE(entry.size, 12);
        this.push(desc);
        this.entries.push(entry);
      },
    };
  }

  async file(name: string, text: string): Promise<void> {
    const e = this.open(name);
    await e.write(Buffer.from(text, 'utf8'));
    await e.end();
  }

  finish(): Buffer {
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.dosTime, 12);
      h.writeUInt16LE(this.dosDate, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      this.push(h);
      this.push(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.push(end);
    return Buffer.concat(this.chunks);
  }
}

/** Strings longer than this stay inline: free text rarely repeats, and the table would only grow. */
const SHARED_MAX_CHARS = 200;
/** Past this many distinct strings new ones go inline, which bounds the table's memory. */
const SHARED_MAX_COUNT = 1_000_000;

const BUILTIN_FORMATS: Record<string, number> = { '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10 };
/** Size of the buffers the sheet XML is encoded into: one checksum and one deflate call per buffer. */
const CHUNK_BYTES = 1024 * 1024;

export interface SheetWriter {
  /** Appends one row; resolves immediately unless the compressor needs to catch up. */
  row(values: readonly CellValue[]): Promise<void> | void;
  /**
   * Appends one row whose cells are already SpreadsheetML, built with the writer's textCell /
   * inlineCell / numberCell (the 600,000-row answer sheet: one template string per row instead of
   * a value array and a per-cell type switch). The first cell must carry its reference (`at`), as
   * must any cell after one left out.
   */
  rowXml(cells: string): Promise<void> | void;
  /** Rows written so far, the header included: the next row's number is rows + 1. */
  readonly rows: number;
}

/** Cells built once and written on many rows (XlsxStreamWriter.textCells / use). */
export interface CellRun {
  readonly xml: string;
  readonly sharedRefs: number;
}

/**
 * Sheet XML encoded straight into large buffers (no joined string of every row and no second copy),
 * handed to the compressor when full.
 */
class ChunkSink {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;

  constructor(private readonly entry: { write(data: Buffer): Promise<void> }) {}

  add(s: string): Promise<void> | void {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: the check never lets a write overflow.
    if (this.used + s.length * 3 <= CHUNK_BYTES) {
      this.used += this.buf.write(s, this.used, 'utf8');
      return;
    }
    return this.spill(s);
  }

  private async spill(s: string): Promise<void> {
    await this.flush();
    if (s.length * 3 > CHUNK_BYTES) await this.entry.write(Buffer.from(s, 'utf8'));
    else this.used += this.buf.write(s, this.used, 'utf8');
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.buf.subarray(0, this.used);
    // The compressor keeps the buffer until it has read it: start a new one.
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    await this.entry.write(full);
  }
}

/**
 * Sheets are written one after the other (addSheet → rows → the next addSheet or finish()).
 * The first row of every sheet is its header: bold, frozen, with an autofilter over all rows.
 *
 * Cells carry their reference (r="B7") only where a reader could not infer it: the first cell of a
 * row and a cell after an empty one left out. SpreadsheetML makes r optional (a cell without it is
 * in the column after the previous cell); Excel, WPS, LibreOffice, exceljs and our own register
 * reader read it so, and the references were a third of the answer sheet's XML.
 */
export class XlsxStreamWriter {
  private readonly zip = new ZipOut();
  private readonly sheets: { name: string; cols: number; rows: number }[] = [];
  private readonly numFmts = new Map<string, number>();
  /** cellXfs: 0 default, 1 header (bold, centred), then one per number format. */
  private readonly xfByFmt = new Map<number, number>();
  private current: { finish(): Promise<void> } | null = null;
  /**
   * The shared string table (xl/sharedStrings.xml), as Excel writes it: the text's index and its
   * cell XML. The 600,000-row answer sheet repeats a handful of case numbers, unit names, item
   * titles and verdicts: written inline they were ~60% of its XML, and building, encoding,
   * checksumming and deflating that text was most of the export's time. Off for a sheet written to
   * compare against the inline form (tests).
   */
  private readonly shared = new Map<string, { index: number; cell: string }>();
  private sharedRefs = 0;
  private readonly useShared: boolean;
  /** Per sheet: the style of each column's numbers and of its dates. */
  private numberStyles: number[] = [];
  private dateStyles: number[] = [];

  constructor(
    private readonly meta: { title: string; creator: string },
    opts: { sharedStrings?: boolean } = {},
  ) {
    this.useShared = opts.sharedStrings ?? true;
  }

  /**
   * A text cell: from the shared table when the text is short enough to be worth sharing (and the
   * table not full), inline otherwise. `at` is the cell reference, where one is needed.
   */
  textCell(s: string, at?: string): string {
    if (this.useShared && s.length <= SHARED_MAX_CHARS) {
      let e = this.shared.get(s);
      if (e === undefined && this.shared.size < SHARED_MAX_COUNT) {
        e = { index: this.shared.size, cell: `<c t="s"><v>${this.shared.size}</v></c>` };
        this.shared.set(s, e);
      }
      if (e !== undefined) {
        this.sharedRefs++;
        return at === undefined ? e.cell : `<c r="${at}" t="s"><v>${e.index}</v></c>`;
      }
    }
    return this.inlineCell(s, at);
  }

  /** Text cells that many rows repeat (an item's code and title), built once; write them with use(). */
  textCells(texts: readonly string[]): CellRun {
    const before = this.sharedRefs;
    const xml = texts.map((t) => this.textCell(t)).join('');
    const run = { xml, sharedRefs: this.sharedRefs - before };
    this.sharedRefs = before;
    return run;
  }

  /** The cells of a run, counted as used once more (the shared table records how often it is used). */
  use(run: CellRun): string {
    this.sharedRefs += run.sharedRefs;
    return run.xml;
  }

  /** A text cell written in place: free text (reviewers' notes) that rarely repeats. */
  inlineCell(s: string, at?: string): string {
    return `<c${at === undefined ? '' : ` r="${at}"`} t="inlineStr"><is><t xml:space="preserve">${esc(s)}</t></is></c>`;
  }

  /** A number cell in the current sheet's column (its number format applied). */
  numberCell(v: number, column: number, at?: string): string {
    if (!Number.isFinite(v)) return '';
    const s = this.numberStyles[column];
    return `<c${at === undefined ? '' : ` r="${at}"`}${s ? ` s="${s}"` : ''}><v>${v}</v></c>`;
  }

  private dateCell(d: Date, column: number, at?: string): string {
    return `<c${at === undefined ? '' : ` r="${at}"`} s="${this.dateStyles[column]}"><v>${excelSerial(d)}</v></c>`;
  }

  private styleFor(numFmt: string | undefined): number {
    if (!numFmt) return 0;
    let id = BUILTIN_FORMATS[numFmt] ?? this.numFmts.get(numFmt);
    if (id === undefined) {
      id = 164 + this.numFmts.size;
      this.numFmts.set(numFmt, id);
    }
    let xf = this.xfByFmt.get(id);
    if (xf === undefined) {
      xf = 2 + this.xfByFmt.size;
      this.xfByFmt.set(id, xf);
    }
    return xf;
  }

  async addSheet(name: string, columns: readonly XlsxColumn[]): Promise<SheetWriter> {
    await this.current?.finish();
    const index = this.sheets.length;
    const info = { name, cols: columns.length, rows: 0 };
    this.sheets.push(info);
    const entry = this.zip.open(`xl/worksheets/sheet${index + 1}.xml`);
    const sink = new ChunkSink(entry);
    const letters = columns.map((_, i) => columnLetter(i));
    const styles = columns.map((c) => this.styleFor(c.numFmt));
    this.numberStyles = styles;
    this.dateStyles = columns.map((c) => (c.numFmt ? this.styleFor(c.numFmt) : this.styleFor('yyyy-mm-dd')));
    sink.add(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<sheetViews><sheetView workbookViewId="0"' +
        (index === 0 ? ' tabSelected="1"' : '') +
        '><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
        '<sheetFormatPr defaultRowHeight="15"/><cols>' +
        columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"${styles[i] ? ` style="${styles[i]}"` : ''}/>`).join('') +
        '</cols><sheetData>' +
        `<row r="1">${columns.map((c, i) => `<c r="${letters[i]}1" s="1" t="inlineStr"><is><t>${esc(c.header)}</t></is></c>`).join('')}</row>`,
    );
    info.rows = 1;
    const writer: SheetWriter = {
      row: (values) => {
        const r = ++info.rows;
        let xml = `<row r="${r}">`;
        // The reference is written for the first cell and after a cell left out (see the class note).
        let placed = false;
        for (let i = 0; i < values.length; i++) {
          const v = values[i];
          let cell = '';
          if (v === null || v === undefined || v === '') cell = '';
          else {
            const at = placed ? undefined : `${letters[i]}${r}`;
            if (typeof v === 'number') cell = this.numberCell(v, i, at);
            else if (v instanceof Date) cell = this.dateCell(v, i, at);
            else cell = this.textCell(v, at);
          }
          placed = cell !== '';
          xml += cell;
        }
        return sink.add(`${xml}</row>`);
      },
      rowXml: (cells) => sink.add(`<row r="${++info.rows}">${cells}</row>`),
      get rows() {
        return info.rows;
      },
    };
    this.current = {
      finish: async () => {
        const ref = `A1:${columnLetter(info.cols - 1)}${info.rows}`;
        await sink.add(`</sheetData><autoFilter ref="${ref}"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`);
        await sink.flush();
        await entry.end();
        this.current = null;
      },
    };
    return writer;
  }

  async finish(): Promise<Buffer> {
    await this.current?.finish();
    const n = this.sheets.length;
    const hasShared = this.shared.size > 0;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await this.zip.file(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        this.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        (hasShared ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
    );
    await this.zip.file(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>',
    );
    await this.zip.file(
      'docProps/core.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        `<dc:title>${esc(this.meta.title)}</dc:title><dc:creator>${esc(this.meta.creator)}</dc:creator>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${now}</dcterms:modified></cp:coreProperties>`,
    );
    await this.zip.file(
      'docProps/app.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>',
    );
    await this.zip.file(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        this.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
        (hasShared ? `<Relationship Id="rId${n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` : '') +
        '</Relationships>',
    );
    if (hasShared) await this.writeSharedStrings();
    const quoted = (name: string) => `'${name.replace(/'/g, "''")}'`;
    await this.zip.file(
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<bookViews><workbookView activeTab="0"/></bookViews><sheets>' +
        this.sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets><definedNames>' +
        this.sheets
          .map((s, i) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${esc(quoted(s.name))}!$A$1:$${columnLetter(s.cols - 1)}$${s.rows}</definedName>`)
          .join('') +
        '</definedNames></workbook>',
    );
    const fmts = [...this.numFmts.entries()];
    const xfs = [...this.xfByFmt.entries()];
    await this.zip.file(
      'xl/styles.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        (fmts.length ? `<numFmts count="${fmts.length}">${fmts.map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`).join('')}</numFmts>` : '') +
        '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        `<cellXfs count="${2 + xfs.length}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>' +
        xfs.map(([fmtId]) => `<xf numFmtId="${fmtId}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('') +
        '</cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
    );
    return this.zip.finish();
  }

  private async writeSharedStrings(): Promise<void> {
    const entry = this.zip.open('xl/sharedStrings.xml');
    let parts = [
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.sharedRefs}" uniqueCount="${this.shared.size}">`,
    ];
    let pending = 0;
    // Map order is insertion order: the indexes the cells refer to.
    for (const s of this.shared.keys()) {
      const si = `<si><t xml:space="preserve">${esc(s)}</t></si>`;
      parts.push(si);
      pending += si.length;
      if (pending * 3 >= CHUNK_BYTES) {
        await entry.write(Buffer.from(parts.join(''), 'utf8'));
        parts = [];
        pending = 0;
      }
    }
    parts.push('</sst>');
    await entry.write(Buffer.from(parts.join(''), 'utf8'));
    await entry.end();
  }
}
