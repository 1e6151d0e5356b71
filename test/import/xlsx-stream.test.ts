/**
 * The streaming XLSX register reader (electron/core/import/xlsx-stream.ts): the same text as
 * exceljs's in-memory model it replaced, on workbooks exceljs writes and on hand-written package
 * parts that exercise what other producers (Excel, WPS, OpenXML SDK) write: the sheet stored before
 * the shared strings, namespace prefixes, inline strings, ISO date cells, the 1904 date system,
 * phonetic guides, hidden sheets; and its preview mode, which builds only the first rows. The row
 * streaming entry point (streamXlsxSheet) yields exactly what readXlsxSheet returns on every workbook
 * here; its hand-written sheet scanner is checked on the shapes of XML it must read (entities, CDATA,
 * comments, either quote, self-closing cells and rows, rich text) and on the malformed XML it must refuse.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readRegisterFile, xlsxCellText } from '../../electron/core/import';
import { readXlsxSheet, serialToIsoDate, streamXlsxSheet, XlsxReadError, type XlsxStreamInfo } from '../../electron/core/import/xlsx-stream';
import { TEMPLATE_HEADERS } from '../../shared/domain/register';
import { generateRegisterRows, registerToXlsx } from '../fixtures/registers';
import { openHarness, upload } from './helpers';

/** What the in-memory exceljs reader made of a sheet: non-empty rows and their numbers. */
async function inMemoryRecords(bytes: Uint8Array, sheet?: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const ws = sheet ? wb.getWorksheet(sheet)! : wb.worksheets[0];
  const records: string[][] = [];
  const rowNumbers: number[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: string[] = [];
    for (let c = 1; c < values.length; c++) cells.push(xlsxCellText(values[c]));
    if (cells.some((c) => c !== '')) {
      records.push(cells);
      rowNumbers.push(n);
    }
  });
  return { records, rowNumbers };
}

/** What streamXlsxSheet gives: the rows, the onStart info (and when it ran), and its result. */
async function streamed(bytes: Uint8Array, sheet?: string) {
  const records: string[][] = [];
  const rowNumbers: number[] = [];
  const starts: { info: XlsxStreamInfo; rowsBefore: number }[] = [];
  const result = await streamXlsxSheet(bytes, {
    sheet,
    onStart: (info) => starts.push({ info, rowsBefore: records.length }),
    onRow(cells, rowNumber) {
      records.push(cells);
      rowNumbers.push(rowNumber);
    },
  });
  return { records, rowNumbers, starts, result };
}

/** streamXlsxSheet yields exactly readXlsxSheet's records and row numbers; onStart ran once, first. */
async function expectStreamAsRead(bytes: Uint8Array, sheet?: string) {
  const read = await readXlsxSheet(bytes, { sheet });
  const stream = await streamed(bytes, sheet);
  expect(stream.records).toEqual(read.records);
  expect(stream.rowNumbers).toEqual(read.rowNumbers);
  expect(stream.starts).toEqual([{ info: { sheet: read.sheet, sheets: read.sheets, estimatedRows: stream.result.estimatedRows }, rowsBefore: 0 }]);
  expect(stream.result).toEqual({ sheet: read.sheet, sheets: read.sheets, estimatedRows: stream.result.estimatedRows, rows: read.records.length });
  return stream;
}

/** The XlsxReadError a read of `bytes` fails with (the test fails if it does not). */
async function readError(bytes: Uint8Array): Promise<XlsxReadError> {
  const err = await readXlsxSheet(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(XlsxReadError);
  return err as XlsxReadError;
}

/** Trailing empty cells carry no meaning: compare rows without them. */
const trimmed = (records: string[][]) =>
  records.map((r) => {
    const out = [...r];
    while (out.length && !out[out.length - 1]) out.pop();
    return Array.from(out, (c) => c ?? '');
  });

interface PartsOptions {
  sheetXml: string | Uint8Array;
  sharedStrings?: string[];
  /** numFmtId per cellXfs entry. */
  styles?: number[];
  customFormats?: Record<number, string>;
  date1904?: boolean;
  sheets?: { name: string; state?: string }[];
  /** Stores the sheets before workbook.xml, sharedStrings.xml and styles.xml (as some producers do). */
  sheetFirst?: boolean;
}

/** A minimal SpreadsheetML package written part by part. */
async function parts(o: PartsOptions): Promise<Buffer> {
  const sheets = o.sheets ?? [{ name: '案卷目录' }];
  const zip = new JSZip();
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const addSheets = () => sheets.forEach((_, i) => zip.file(`xl/worksheets/sheet${i + 1}.xml`, i === sheets.length - 1 ? o.sheetXml : `<worksheet ${ns}><sheetData/></worksheet>`));
  if (o.sheetFirst) addSheets();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  zip.file(
    'xl/workbook.xml',
    `<workbook ${ns}>${o.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheets
      .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet${i + 1}.xml"/>`)
      .join('')}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  );
  const formats = Object.entries(o.customFormats ?? {});
  zip.file(
    'xl/styles.xml',
    `<styleSheet ${ns}>${formats.length ? `<numFmts count="${formats.length}">${formats.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code.replace(/"/g, '&quot;')}"/>`).join('')}</numFmts>` : ''}<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="${(o.styles ?? [0]).length}">${(o.styles ?? [0]).map((id) => `<xf numFmtId="${id}"/>`).join('')}</cellXfs></styleSheet>`,
  );
  zip.file('xl/sharedStrings.xml', `<sst ${ns}>${(o.sharedStrings ?? []).map((s) => (s.startsWith('<') ? `<si>${s}</si>` : `<si><t>${s}</t></si>`)).join('')}</sst>`);
  if (!o.sheetFirst) addSheets();
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('streaming XLSX reader', () => {
  it('reads what the in-memory exceljs model read: dates, numbers, numbers as text, booleans, formulas, rich text, merges, empty rows', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['请从第二个工作表填写']);
    const ws = wb.addWorksheet('案卷目录');
    ws.addRow(['2024年行政处罚案卷目录']);
    ws.mergeCells('A1:F1');
    ws.addRow(['案卷编号', '执法单位', '结案日期', '罚款金额', '是否重大', '备注']);
    ws.addRow(['示罚〔2024〕1号', '示例市市场监督管理局', new Date(Date.UTC(2024, 2, 5)), 1500.5, true, { richText: [{ text: '加粗', font: { bold: true } }, { text: '普通' }] }]);
    ws.getCell('C3').numFmt = 'yyyy"年"m"月"d"日"';
    ws.addRow([]);
    ws.addRow(['示罚〔2024〕2号', null, '2024/3/6', '001200', false, { formula: 'D3*2', result: 3001 }]);
    ws.addRow(['示罚〔2024〕3号', null, 45_000, 0.1 + 0.2, null, { formula: 'A1', result: undefined } as unknown as ExcelJS.CellValue]);
    ws.getCell('C6').numFmt = 'yyyy-mm-dd';
    // 执法单位 merged down rows 5–6: each row reads the top-left value.
    ws.mergeCells('B5:B6');
    ws.getCell('B5').value = '示例市生态环境局';
    ws.addRow(['示罚〔2024〕4号', '示例市交通运输局', new Date(Date.UTC(2024, 11, 31, 23, 59, 59, 999)), 123456789012, null, '#N/A']);
    ws.getCell('C7').numFmt = 'yyyy-mm-dd';
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());

    const streamed = await readXlsxSheet(bytes, { sheet: '案卷目录' });
    const reference = await inMemoryRecords(bytes, '案卷目录');
    expect(streamed.rowNumbers).toEqual(reference.rowNumbers);
    expect(trimmed(streamed.records)).toEqual(trimmed(reference.records));
    expect(streamed.sheets).toEqual(['说明', '案卷目录']);
    // The values themselves, so the comparison cannot pass by both readers going wrong alike.
    expect(streamed.rowNumbers).toEqual([1, 2, 3, 5, 6, 7]);
    expect(trimmed(streamed.records)).toEqual([
      ['2024年行政处罚案卷目录', '2024年行政处罚案卷目录', '2024年行政处罚案卷目录', '2024年行政处罚案卷目录', '2024年行政处罚案卷目录', '2024年行政处罚案卷目录'],
      ['案卷编号', '执法单位', '结案日期', '罚款金额', '是否重大', '备注'],
      ['示罚〔2024〕1号', '示例市市场监督管理局', '2024-03-05', '1500.5', '是', '加粗普通'],
      ['示罚〔2024〕2号', '示例市生态环境局', '2024/3/6', '001200', '否', '3001'],
      ['示罚〔2024〕3号', '示例市生态环境局', '2023-03-15', '0.3'],
      // A date a millisecond before midnight rounds to the minute, then the day, as the old reader did.
      ['示罚〔2024〕4号', '示例市交通运输局', '2025-01-01', '123456789012', '', '#N/A'],
    ]);
    // Without a sheet name: the first visible sheet, as before.
    expect((await readXlsxSheet(bytes)).sheet).toBe('说明');
    await expectStreamAsRead(bytes, '案卷目录');
    await expectStreamAsRead(bytes);
  });

  it('reads parts as other producers write them: sheet before shared strings, prefixes, inline strings, ISO and 1904 dates, phonetic guides, hidden sheets', async () => {
    const sheetXml = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
      <x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="B2" t="s"><x:v>1</x:v></x:c><x:c r="C2" t="s"><x:v>2</x:v></x:c><x:c r="D2" t="s"><x:v>3</x:v></x:c></x:row>
      <x:row r="3" spans="1:4"><x:c r="A3" t="inlineStr"><x:is><x:t xml:space="preserve"> 示罚〔2024〕1号 </x:t></x:is></x:c><x:c r="B3" t="s"><x:v>4</x:v></x:c><x:c r="C3" s="1"><x:v>45356</x:v></x:c><x:c r="D3" t="d"><x:v>2024-03-06T00:00:00</x:v></x:c></x:row>
      <x:row r="4"><x:c r="A4" s="2"/><x:c r="B4" s="2"/></x:row>
      <x:row><x:c t="inlineStr"><x:is><x:r><x:t>张</x:t></x:r><x:r><x:t>三&amp;李四</x:t></x:r></x:is></x:c><x:c r="C5" s="3"><x:v>43895</x:v></x:c><x:c r="D5" t="str"><x:v>公式文本</x:v></x:c></x:row>
    </x:sheetData></x:worksheet>`;
    const bytes = await parts({
      sheetXml,
      sharedStrings: ['案卷编号', '当事人', '立案日期', '结案日期', '<r><t>王</t></r><r><t>某</t></r><rPh sb="0" eb="1"><t>ワン</t></rPh>'],
      styles: [0, 14, 0, 164],
      customFormats: { 164: 'yyyy"年"m"月"d"日";@' },
      date1904: true,
      sheets: [{ name: '隐藏', state: 'hidden' }, { name: '案卷目录' }],
      sheetFirst: true,
    });
    const r = await readXlsxSheet(bytes);
    expect(r.sheet).toBe('案卷目录');
    expect(r.sheets).toEqual(['隐藏', '案卷目录']);
    expect(r.rowNumbers).toEqual([2, 3, 5]);
    // 1904 system: serials count from 1904-01-01 (45356 is 2028-03-06); ISO date cells are taken as written.
    expect(trimmed(r.records)).toEqual([
      ['案卷编号', '当事人', '立案日期', '结案日期'],
      [' 示罚〔2024〕1号 ', '王某', '2028-03-06', '2024-03-06'],
      ['张三&李四', '', '2024-03-06', '公式文本'],
    ]);
    expect(serialToIsoDate(45356, false)).toBe('2024-03-05');
    await expectStreamAsRead(bytes);
  });

  it('preview mode builds only the first rows and counts the rest exactly, merged ranges included', async () => {
    const rows = generateRegisterRows({ seed: 31, count: 2500 });
    const bytes = await registerToXlsx(rows);
    // Several 256 KB chunks of sheet XML: stops land at different places inside rows and tags.
    for (const first of [1, 2, 53, 700, 2400, 2501, 5000]) {
      const r = await readXlsxSheet(bytes, { maxRecords: first });
      expect(r.records.length, String(first)).toBe(Math.min(first, 2501));
      expect(r.records.length + r.remainingRows, String(first)).toBe(2501);
      expect(r.truncated, String(first)).toBe(first < 2501);
    }
    // A merge recorded after the sheet data still reaches the preview's rows.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('案卷目录');
    ws.addRow(['案卷编号', '执法单位', '当事人']);
    for (let i = 0; i < 400; i++) ws.addRow([`示罚〔2024〕${i + 1}号`, i < 10 ? null : '示例市交通运输局', `当事人${i}`]);
    ws.getCell('B2').value = '示例市市场监督管理局';
    ws.mergeCells('B2:B11');
    ws.addRow([]);
    ws.getCell('A420').numFmt = '@'; // a styled, empty row: not counted
    const merged = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = await readXlsxSheet(merged, { maxRecords: 5 });
    expect(preview.records.map((c) => c[1])).toEqual(['执法单位', '示例市市场监督管理局', '示例市市场监督管理局', '示例市市场监督管理局', '示例市市场监督管理局']);
    expect(preview.records.length + preview.remainingRows).toBe(401);
    const stream = await expectStreamAsRead(merged);
    expect(stream.result.rows).toBe(401);
    expect(stream.result.estimatedRows).toBe(420);
    expect((await expectStreamAsRead(bytes)).result.rows).toBe(2501);
  });

  it('refuses a corrupt or truncated workbook, an over-long cell and a missing sheet with the file, row and column named', async () => {
    const bytes = await registerToXlsx(generateRegisterRows({ seed: 32, count: 200 }));
    // Damage the compressed data in the middle (the central directory still lists every part).
    const damaged = Buffer.from(bytes);
    for (let i = Math.floor(damaged.length * 0.4); i < damaged.length * 0.6; i++) damaged[i] ^= 0x5a;
    const broken = await readRegisterFile({ name: '损坏.xlsx', bytes: damaged });
    expect(broken.rows).toEqual([]);
    expect(broken.errors).toEqual([expect.objectContaining({ file: '损坏.xlsx', row: 0 })]);
    expect(broken.errors[0].message).toMatch(/^无法读取 Excel 文件“损坏\.xlsx”：文件不完整或已损坏/);

    const truncated = await readRegisterFile({ name: '半个.xlsx', bytes: bytes.subarray(0, bytes.length - 200) });
    expect(truncated.errors[0].message).toMatch(/^无法读取 Excel 文件“半个\.xlsx”：文件不完整或已损坏/);

    const badXml = await parts({ sheetXml: '<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>案卷编号</t></is></c></row><row r="2"></sheetData>' });
    const xmlError = await readRegisterFile({ name: '坏表.xlsx', bytes: badXml });
    expect(xmlError.errors[0].message).toMatch(/^无法读取 Excel 文件“坏表\.xlsx”：文件不完整或已损坏/);

    const long = 'x'.repeat(20_000);
    const sheetXml = `<worksheet><sheetData><row r="1">${TEMPLATE_HEADERS.slice(0, 5)
      .map((h) => `<c t="inlineStr"><is><t>${h}</t></is></c>`)
      .join('')}</row><row r="7"><c r="A7" t="inlineStr"><is><t>示罚〔2024〕1号</t></is></c><c r="E7" t="inlineStr"><is><t>${long}</t></is></c></row></sheetData></worksheet>`;
    const tooLong = await readRegisterFile({ name: '长.xlsx', bytes: await parts({ sheetXml }) });
    expect(tooLong.errors).toEqual([expect.objectContaining({ file: '长.xlsx', row: 7, column: TEMPLATE_HEADERS[4], message: expect.stringMatching(/^第 7 行“当事人”列的内容过长（20,000 个字符/) })]);

    const missing = await readRegisterFile({ name: '目录.xlsx', bytes }, { sheet: '第三季度' });
    expect(missing.errors[0].message).toBe('Excel 文件“目录.xlsx”中没有名为“第三季度”的工作表（现有：案卷目录）。');
  });

  it('imports through the usual pipeline: empty rows keep the spreadsheet row numbers in errors, nothing is stored', async () => {
    const h = await openHarness(mkdtempSync(join(tmpdir(), 'xlsx-stream-')));
    const rows = generateRegisterRows({ seed: 33, count: 12 });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('案卷目录');
    ws.addRow([...TEMPLATE_HEADERS]);
    rows.forEach((r, i) => {
      // Two empty rows after the fourth case: later cases sit two rows further down.
      const at = i < 4 ? i + 2 : i + 4;
      ws.getRow(at).values = TEMPLATE_HEADERS.map((col) => (col === '结案日期' && i === 6 ? '2024-02-30' : r[col] ?? null));
    });
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const before = h.snapshot();
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('空行.xlsx', bytes)] });
    expect(res.imported).toBe(0);
    expect(res.errors).toEqual([expect.objectContaining({ file: '空行.xlsx', row: 10, column: '结案日期' })]);
    expect(h.snapshot()).toEqual(before);
    const preview = await h.api.registers.preview({ campaignId: h.campaignId, file: upload('空行.xlsx', bytes), limit: 3 });
    expect(preview.rows).toHaveLength(3);
    expect(preview.rowCount).toBe(12);
    h.core.close();
  });
  it('scans the XML shapes producers write: entities, CDATA, comments, either quote, any attribute order, formulas, rich text, self-closing cells and rows', async () => {
    const sheetXml = `<?xml version="1.0" encoding="UTF-8"?>
<!-- 由其他工具生成 -->
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref='A1:I6'/><sheetData>
<!-- 第一行 -->
<row r='1'><c t='inlineStr' r='A1'><is><t>&lt;案卷&gt; &amp; &quot;编号&quot; &apos;甲&apos; &#20013;&#x6587;</t></is></c><c s="0" t="s" r="B1"><v>0</v></c></row>
<row r="2" ><c r = "A2" t = "inlineStr" ><is><t><![CDATA[<原样> & 保留]]></t></is></c><c r="B2"><!-- 注释 --><v>1<!-- 中间 -->2<![CDATA[3]]></v></c><c r="C2" t="str"><f>A2&amp;"x"</f><v>公式&amp;结果</v></c><c r="D2"><f t="shared" si="0"/><v>7</v></c><c r="E2" t="inlineStr"><is><r><rPr><b/><sz val="11"/></rPr><t>加粗</t></r><r><t xml:space="preserve"> 普通</t></r><rPh sb="0" eb="2"><t>かな</t></rPh><phoneticPr fontId="1"/></is></c><c r="F2" t="n"><v>8</v></c><c r="G2" s="0" t="e"><v>#N/A</v></c><c r="H2" t="b"><v>1</v></c><c r="i2" t="zz"><v>9</v></c></row>
<row r="3"/>
<row r="4"><c r="A4"/><c r="B4" s="0"></c><?pi data?></row>
<row r="5" spans="1:3"><c r="&#67;5" t="inlineStr"><is><t>实体列</t></is></c></row>
<row><c><v>1</v></c><c t="b"><v>0</v></c></row>
</sheetData><mergeCells count="1"><mergeCell ref='B2:B3'/></mergeCells></worksheet>`;
    const bytes = await parts({ sheetXml, sharedStrings: ['共享串'] });
    const { records, rowNumbers, result } = await expectStreamAsRead(bytes);
    expect(rowNumbers).toEqual([1, 2, 3, 5, 6]);
    expect(records).toEqual([
      [`<案卷> & "编号" '甲' 中文`, '共享串'],
      ['<原样> & 保留', '123', '公式&结果', '7', '加粗 普通', '8', '#N/A', '是', '9'],
      ['', '123'],
      ['', '', '实体列'],
      ['1', '否'],
    ]);
    expect(result.estimatedRows).toBe(6);
  });

  it('applies merged ranges as the rows stream: merge-only rows in their place, ranges past the last row, empty masters ignored', async () => {
    const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const sheetXml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1">${inline('A1', '标题')}</row>
<row r="2">${inline('A2', '甲')}${inline('B2', '单位一')}</row>
<row r="5">${inline('A5', '乙')}</row>
<row r="6">${inline('A6', '丙')}${inline('C6', '单位二')}</row>
</sheetData><mergeCells count="4"><mergeCell ref="A1:C1"/><mergeCell ref="B2:B5"/><mergeCell ref="C6:D8"/><mergeCell ref="D2:D3"/></mergeCells></worksheet>`;
    const bytes = await parts({ sheetXml });
    const { records, rowNumbers } = await expectStreamAsRead(bytes);
    expect(rowNumbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(records).toEqual([
      ['标题', '标题', '标题'],
      ['甲', '单位一'],
      ['', '单位一'],
      ['', '单位一'],
      ['乙', '单位一'],
      ['丙', '', '单位二', '单位二'],
      ['', '', '单位二', '单位二'],
      ['', '', '单位二', '单位二'],
    ]);
    // The preview counts merge-only rows like the others.
    const preview = await readXlsxSheet(bytes, { maxRecords: 4 });
    expect(preview.rowNumbers).toEqual([1, 2, 3, 4]);
    expect(preview).toMatchObject({ truncated: true, remainingRows: 4 });
  });

  it('counts the rows past a preview exactly as a full read finds them: merges, empty first cells, comments and CDATA hiding an end tag', async () => {
    const sheetXml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>表头</t></is></c></row>
<row r="2"><c r="A2"><v>2</v></c><c r="B2" t="inlineStr"><is><t>合并</t></is></c></row>
<row r="4"><c r="A4" s="0"/></row>
<row r="5"><c r="A5"><v></v></c><c r="B5"><v>5</v></c></row>
<row r="6"><c r="A6"><v>6</v></c><!-- </row><row r="99"><c><v>1</v></c></row> --><c r="B6"><v>7</v></c></row>
<row r="7"><c r="A7" t="inlineStr"><is><t><![CDATA[</row><row r="98">]]></t></is></c><c r="B7"><v>1</v></c></row>
<row r="8"><c r="A8" t="s"><v>0</v></c></row>
<row r="9"><c r="C9"><v>9</v></c></row>
</sheetData><mergeCells count="2"><mergeCell ref="B2:B4"/><mergeCell ref="C9:C10"/></mergeCells></worksheet>`;
    const bytes = await parts({ sheetXml, sharedStrings: [''] });
    const full = await readXlsxSheet(bytes);
    expect(full.rowNumbers).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10]);
    expect(full.records[6]).toEqual(['</row><row r="98">', '1']);
    for (let first = 1; first <= 10; first++) {
      const preview = await readXlsxSheet(bytes, { maxRecords: first });
      expect(preview.records, String(first)).toEqual(full.records.slice(0, first));
      expect(preview.rowNumbers, String(first)).toEqual(full.rowNumbers.slice(0, first));
      expect(preview.remainingRows, String(first)).toBe(Math.max(0, 9 - first));
    }
  });

  it('reads rows whatever the decoding chunks cut: entities, CDATA and multi-byte text across megabytes of sheet XML', async () => {
    const expected: string[][] = [];
    const rows: string[] = [];
    for (let r = 1; r <= 16_000; r++) {
      const name = `${'案卷'.repeat(r % 7)}&${r}<${'x'.repeat(r % 13)}>`;
      const note = `备注${r % 5 === 0 ? ' "引号" ' : ''}${'𠀀'.repeat(r % 3)}`;
      expected.push([name, String(r * 3), note]);
      const escaped = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&#x3E;');
      rows.push(
        `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${escaped}</t></is></c><!-- ${r} --><c r="B${r}"><v>${r * 3}</v></c><c r="C${r}" t="inlineStr"><is><t><![CDATA[${note}]]></t></is></c></row>`,
      );
    }
    const sheetXml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('\n')}</sheetData></worksheet>`;
    expect(Buffer.byteLength(sheetXml)).toBeGreaterThan(3 * 1024 * 1024);
    const { records, rowNumbers } = await expectStreamAsRead(await parts({ sheetXml }));
    expect(rowNumbers).toEqual(expected.map((_, i) => i + 1));
    expect(records).toEqual(expected);
  });

  it('refuses malformed sheet XML as a corrupt workbook, naming the sheet and the row', async () => {
    const sheet = (rows: string, after = '</sheetData></worksheet>') =>
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>案卷编号</t></is></c></row>${rows}${after}`;
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['unclosed cell', sheet('<row r="2"><c r="A2"><v>1</v></row>'), /第 2 行附近的 XML 有误：<c> 的结束标签不匹配/],
      ['unknown entity', sheet('<row r="3"><c t="inlineStr"><is><t>甲&bogus;乙</t></is></c></row>'), /第 3 行附近的 XML 有误：无效的实体引用“&bogus;”/],
      ['bare ampersand', sheet('<row r="3"><c t="inlineStr"><is><t>甲 & 乙</t></is></c></row>'), /第 3 行附近的 XML 有误：“&”后不是有效的实体引用/],
      ['character reference to NUL', sheet('<row r="4"><c><v>&#0;</v></c></row>'), /第 4 行附近的 XML 有误：无效的实体引用“&#0;”/],
      ['unquoted attribute', sheet('<row r="5"><c r=A5><v>1</v></c></row>'), /第 5 行附近的 XML 有误：属性值缺少引号/],
      ['cut in the middle of a row', sheet('<row r="6"><c r="A6" t="inl', ''), /第 6 行附近的 XML 有误：内容不完整/],
      ['cut after a whole row', sheet('<row r="6"><c r="A6"><v>1</v></c></row>', ''), /第 6 行附近的 XML 有误：内容不完整/],
      ['cut after the rows', sheet('', '</sheetData>'), /末尾的 XML 有误：内容不完整/],
      ['mismatched sheetData end', sheet('', '</sheetDat></worksheet>'), /末尾的 XML 有误：<sheetData> 的结束标签不匹配/],
      ['content after the root', sheet('', '</sheetData></worksheet><extra/>'), /末尾的 XML 有误：根元素之外有多余的内容/],
      ['a DTD', `<!DOCTYPE worksheet [<!ENTITY x "y">]>${sheet('')}`, /开头的 XML 有误：无法识别的标记/],
      ['bytes that are not UTF-8', Buffer.concat([Buffer.from(sheet('<row r="2"><c t="inlineStr"><is><t>')), Buffer.from([0xe6, 0x28]), Buffer.from('</t></is></c></row>' + '</sheetData></worksheet>')]), /不是有效的 UTF-8 文本/],
    ];
    for (const [what, sheetXml, message] of cases) {
      const err = await readError(await parts({ sheetXml }));
      expect(err.corrupt, what).toBe(true);
      expect(err.message, what).toMatch(/^工作表“案卷目录”/);
      expect(err.message, what).toMatch(message);
    }
  });

  it('streams rows before a fault further on, then throws; what onRow throws propagates as it is', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>示罚〔2024〕${i + 1}号 ${'备注'.repeat(20)}</t></is></c></row>`);
    rows[9_000] = '<row r="9001"><c r="A9001" t="inlineStr"><is><t>坏</t></c></row>';
    const bytes = await parts({ sheetXml: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>` });
    const seen: number[] = [];
    const failure = await streamXlsxSheet(bytes, { onRow: (_, rowNumber) => seen.push(rowNumber) }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(XlsxReadError);
    expect((failure as XlsxReadError).corrupt).toBe(true);
    expect((failure as XlsxReadError).message).toMatch(/第 9001 行附近的 XML 有误：<is> 的结束标签不匹配/);
    expect(seen).toEqual(Array.from({ length: 9_000 }, (_, i) => i + 1));

    const stop = new Error('停止');
    const thrown = await streamXlsxSheet(bytes, {
      onRow(_, rowNumber) {
        if (rowNumber === 3) throw stop;
      },
    }).catch((e: unknown) => e);
    expect(thrown).toBe(stop);
  });
});
