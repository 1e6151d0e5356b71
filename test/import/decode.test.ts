import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsv } from '../../electron/core/import';
import { parseCsvText, tableFromRecords } from '../../electron/core/import/read';

const TEXT = '案卷编号,执法单位,当事人\r\n示市监罚〔2024〕1号,示例市市场监督管理局,“恒达”商贸有限公司\r\n';

describe('decodeCsv', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeCsv(Buffer.from(TEXT, 'utf8'))).toMatchObject({ text: TEXT, encoding: 'utf-8' });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    const r = decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]));
    expect(r).toMatchObject({ text: TEXT, encoding: 'utf-8-bom' });
  });

  it('reads GBK as Excel on Chinese Windows writes it', () => {
    const r = decodeCsv(iconv.encode(TEXT, 'gbk'));
    expect(r.encoding).toBe('gb18030');
    expect(r.text).toBe(TEXT);
    expect(r.suspicious).toBeUndefined();
  });

  it('reads characters only GB18030 has (beyond GBK)', () => {
    const rare = '当事人\r\n㐀某某\r\n'; // U+3400, CJK Extension A: four bytes in GB18030
    const r = decodeCsv(iconv.encode(rare, 'gb18030'));
    expect(r.text).toBe(rare);
  });

  it('reads UTF-16 with a BOM (Excel "Unicode text")', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, 'utf-16le')]);
    expect(decodeCsv(bytes)).toMatchObject({ text: TEXT, encoding: 'utf-16le' });
  });

  it('flags bytes that are neither UTF-8 nor GB18030 instead of passing mojibake on silently', () => {
    const r = decodeCsv(Buffer.from([0x41, 0x2c, 0x81, 0x20, 0xff, 0x0a]));
    expect(r.suspicious).toMatch(/乱码/);
  });
});

describe('CSV tables', () => {
  it('numbers rows as the spreadsheet does, skipping blank lines but not their numbers', () => {
    const { table, errors } = parseCsvText('a,b\n1,2\n\n3,"多\n行"\n4,5\n', 'x.csv');
    expect(errors).toEqual([]);
    expect(table.headers).toEqual(['a', 'b']);
    expect(table.rows.map((r) => r.row)).toEqual([2, 4, 5]);
    expect(table.rows[1].cells).toEqual(['3', '多\n行']);
  });

  it('detects tab-separated text', () => {
    const { table } = parseCsvText('案卷编号\t当事人\nA1\t张某某\n', 'x.txt');
    expect(table.headers).toEqual(['案卷编号', '当事人']);
    expect(table.rows[0].cells).toEqual(['A1', '张某某']);
  });

  it('skips a lone title row above the header', () => {
    const t = tableFromRecords([['2024年行政处罚案卷目录', '', ''], ['案卷编号', '当事人', '案由'], ['A1', '张某某', 'x']]);
    expect(t.headerRow).toBe(2);
    expect(t.headers).toEqual(['案卷编号', '当事人', '案由']);
    expect(t.rows).toEqual([{ row: 3, cells: ['A1', '张某某', 'x'] }]);
  });

  it('reports an unclosed quote with its row', () => {
    const { errors } = parseCsvText('a,b\n1,"2\n3,4\n', 'x.csv');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'x.csv', row: 2 });
    expect(errors[0].message).toContain('引号');
  });
});
