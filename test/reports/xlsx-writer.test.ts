import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnLetter, XlsxStreamWriter } from '../../electron/core/export/reports/xlsx-writer';

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
});
