import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { columnLetter, XlsxStreamWriter } from '../../electron/core/export/reports/xlsx-writer';
import { readXlsxSheet } from '../../electron/core/import/xlsx-stream';

describe('streaming XLSX writer', () => {
  it('names columns like Excel', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('writes typed cells that exceljs reads back, escaping markup and dropping control characters', async () => {
    const w = new XlsxStreamWriter({ title: '测试 <工作簿>', creator: '案卷评查' });
    const cols = Array.from({ length: 30 }, (_, i) => ({ header: `列${i + 1}`, width: 8 }));
    const a = await w.addSheet("甲'表", [{ header: '文本', width: 20 }, { header: '数', width: 8, numFmt: '0.0' }, { header: '日期', width: 12, numFmt: 'yyyy-mm-dd' }, { header: '率', width: 8, numFmt: '0.00%' }]);
    await a.row(['<b>&"引号"\u0001', 12.5, new Date(Date.UTC(2025, 5, 30)), 0.875]);
    await a.row(['', null, null, 0]);
    const b = await w.addSheet('宽表', cols);
    await b.row(cols.map((_, i) => i));
    const bytes = await w.finish();

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const s1 = wb.getWorksheet("甲'表")!;
    expect(s1.getCell('A2').value).toBe('<b>&"引号"');
    expect(s1.getCell('B2').value).toBe(12.5);
    expect(s1.getCell('B2').numFmt).toBe('0.0');
    expect((s1.getCell('C2').value as Date).toISOString()).toBe('2025-06-30T00:00:00.000Z');
    expect(s1.getCell('D2').value).toBe(0.875);
    expect(s1.getCell('D2').numFmt).toBe('0.00%');
    expect(s1.getCell('A3').value).toBeNull();
    expect(s1.getCell('D3').value).toBe(0);
    expect(s1.rowCount).toBe(3);
    expect(s1.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const s2 = wb.getWorksheet('宽表')!;
    expect(s2.getCell('AD2').value).toBe(29);
    expect(s2.getCell('AD1').value).toBe('列30');
    expect(wb.title).toBe('测试 <工作簿>');
  });

  it('writes the same workbook content with a shared string table as with inline strings, and a smaller file', async () => {
    const columns = [
      { header: '案卷编号', width: 22 },
      { header: '执法单位', width: 26 },
      { header: '扣分', width: 8, numFmt: '0.0' },
      { header: '结论', width: 8 },
      { header: '理由', width: 40 },
      { header: '日期', width: 12, numFmt: 'yyyy-mm-dd' },
    ];
    const long = '长'.repeat(500);
    const rows: (string | number | Date | null)[][] = [];
    for (let i = 0; i < 3000; i++) {
      rows.push([
        `示罚〔2024〕${i % 40}号`,
        ['示例市市场监督管理局', '示例市生态环境局', '  前后空格  '][i % 3],
        i % 7 === 0 ? 2.5 : 0,
        ['符合', '扣分', '否决', '<&"标记">'][i % 4],
        i % 50 === 0 ? `${long}${i}` : i % 5 === 0 ? `第${i}页：问题` : '',
        new Date(Date.UTC(2024, i % 12, 1 + (i % 28))),
      ]);
    }
    const write = async (sharedStrings: boolean) => {
      const w = new XlsxStreamWriter({ title: '对照', creator: '案卷评查' }, { sharedStrings });
      const a = await w.addSheet('评查项', columns);
      for (const r of rows) await a.row(r);
      const b = await w.addSheet('单位汇总', [{ header: '执法单位', width: 28 }, { header: '合格率', width: 9, numFmt: '0.00%' }]);
      await b.row(['示例市生态环境局', 0.5]);
      return w.finish();
    };
    const [inline, shared] = await Promise.all([write(false), write(true)]);
    const parts = async (bytes: Buffer) => Object.keys((await JSZip.loadAsync(bytes)).files);
    expect(await parts(inline)).not.toContain('xl/sharedStrings.xml');
    expect(await parts(shared)).toContain('xl/sharedStrings.xml');
    expect(shared.length).toBeLessThan(inline.length);

    const content = async (bytes: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      return wb.worksheets.map((ws) => ({
        name: ws.name,
        widths: ws.columns.map((c) => c.width),
        views: ws.views,
        autoFilter: ws.autoFilter,
        cells: ws.getRows(1, ws.rowCount)!.map((r) =>
          Array.from({ length: ws.columnCount }, (_, i) => {
            const cell = r.getCell(i + 1);
            const v = cell.value;
            return [v instanceof Date ? v.toISOString() : v, cell.numFmt ?? null];
          }),
        ),
      }));
    };
    const expected = await content(inline);
    expect(await content(shared)).toEqual(expected);
    // And the content is the rows written, so both cannot be wrong alike.
    expect(expected[0].cells.length).toBe(3001);
    expect(expected[0].cells[51][4][0]).toBe(`${long}50`);
    expect(expected[0].cells[2]).toEqual([['示罚〔2024〕1号', null], ['示例市生态环境局', null], [0, '0.0'], ['扣分', null], [null, null], ['2024-02-02T00:00:00.000Z', 'yyyy-mm-dd']]);
    expect(expected[0].cells[3][1][0]).toBe('  前后空格  ');
    expect(expected[0].cells[4][3][0]).toBe('<&"标记">');
    expect(expected[0].widths).toEqual([22, 26, 8, 8, 40, 12]);
  });

  it('names a cell only where its column cannot be inferred, and readers still place every cell in its column', async () => {
    const w = new XlsxStreamWriter({ title: '引用', creator: '案卷评查' });
    const sheet = await w.addSheet('表', ['甲', '乙', '丙', '丁', '戊'].map((header) => ({ header, width: 8 })));
    const rows: (string | number | null)[][] = [
      ['a', 'b', 'c', 'd', 'e'],
      [null, 'b', null, null, 5],
      ['a', '', 'c', null, null],
      [null, null, null, null, 'e'],
      ['a', null, 3, 'd', ''],
    ];
    for (const r of rows) await sheet.row(r);
    const bytes = await w.finish();

    const xml = (await (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string')).replace(/^[\s\S]*?<row r="2">/, '<row r="2">');
    const refs = [...xml.matchAll(/<c r="([A-Z]+\d+)"/g)].map((m) => m[1]);
    // First cell of each row, and the first cell after a gap.
    expect(refs).toEqual(['A2', 'B3', 'E3', 'A4', 'C4', 'E5', 'A6', 'C6']);
    expect((xml.match(/<c /g) ?? []).length + (xml.match(/<c>/g) ?? []).length).toBe(13);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('表')!;
    const grid = rows.map((_, r) => Array.from({ length: 5 }, (_, c) => ws.getRow(r + 2).getCell(c + 1).value));
    expect(grid).toEqual(rows.map((r) => r.map((v) => (v === '' ? null : v))));
    // Our own register reader (the import) reads it the same way (its rows end at the last value).
    const own = await readXlsxSheet(bytes);
    const asText = (r: (string | number | null)[]) => r.map((v) => (v === null ? '' : String(v))).join('\t').replace(/\t+$/, '').split('\t');
    expect(own.records.slice(1)).toEqual(rows.map(asText));
  });

  it('writes template rows (textCells / inlineCell / numberCell) as the value rows, counting shared references', async () => {
    const columns = [{ header: '编号', width: 10 }, { header: '项', width: 10 }, { header: '扣分', width: 8, numFmt: '0.0' }, { header: '理由', width: 20 }, { header: '页', width: 8 }];
    const values: (string | number | null)[][] = [
      ['罚1', '立案', 0.5, '第3页：<缺>', '3'],
      ['罚1', '立案', 0, null, '4、5'],
      ['罚2', '决定', 2, null, null],
    ];
    const byValues = new XlsxStreamWriter({ title: '对照', creator: '案卷评查' });
    const a = await byValues.addSheet('表', columns);
    for (const r of values) await a.row(r);

    const byTemplate = new XlsxStreamWriter({ title: '对照', creator: '案卷评查' });
    const b = await byTemplate.addSheet('表', columns);
    const items = new Map<string, ReturnType<XlsxStreamWriter['textCells']>>();
    for (const [caseNo, item, deduction, note, pages] of values as [string, string, number, string | null, string | null][]) {
      const row = b.rows + 1;
      if (!items.has(item)) items.set(item, byTemplate.textCells([item]));
      await b.rowXml(
        byTemplate.textCell(caseNo, `A${row}`) +
          byTemplate.use(items.get(item)!) +
          byTemplate.numberCell(deduction, 2) +
          (note ? byTemplate.inlineCell(note) : '') +
          (pages ? byTemplate.textCell(pages, note ? undefined : `E${row}`) : ''),
      );
    }
    const [x, y] = await Promise.all([byValues.finish(), byTemplate.finish()]);
    const cells = async (bytes: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('表')!;
      return ws.getRows(2, 3)!.map((r) => Array.from({ length: 5 }, (_, i) => [r.getCell(i + 1).value, r.getCell(i + 1).numFmt ?? null]));
    };
    expect(await cells(y)).toEqual(await cells(x));
    expect((await cells(y))[0][3][0]).toBe('第3页：<缺>');
    expect((await cells(y))[1][4][0]).toBe('4、5');
    // The table's count is every shared reference, the ones written from a reused run included.
    const sst = async (bytes: Buffer) => (await (await JSZip.loadAsync(bytes)).file('xl/sharedStrings.xml')!.async('string')).match(/count="(\d+)" uniqueCount="(\d+)"/)!.slice(1);
    const sheetXml = await (await JSZip.loadAsync(y)).file('xl/worksheets/sheet1.xml')!.async('string');
    const sharedCells = (sheetXml.match(/t="s"/g) ?? []).length;
    expect(await sst(y)).toEqual([String(sharedCells), '6']);
    // The value rows share the note as well (it is short); the template rows keep it inline.
    expect(await sst(x)).toEqual([String(sharedCells + 1), '7']);
  });
});

