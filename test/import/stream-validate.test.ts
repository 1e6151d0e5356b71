/**
 * A register validated as it is read (TableBuilder → createRegisterValidator) must give what the
 * whole-table read gives, including for rows wider than the header that only turn up late.
 */
import { describe, expect, it } from 'vitest';
import { TableBuilder, tableFromRecords } from '../../electron/core/import/read';
import { createRegisterValidator, resolveMapping, validateRegisterTable, type ValidatedRow } from '../../shared/domain/register';

const records = [
  ['2024年行政处罚案卷目录', '', ''],
  ['案卷编号', '执法单位', '案件类型', '案由', '当事人', '结案日期', '备注', ''],
  ['A1', '示例市生态环境局', '行政处罚', '案由一', '张某某', '2024-05-01', '已归档'],
  ['', '', '', '', ''],
  ['A2', '示例市生态环境局', '行政处罚', '案由二', '李某某', '2024-05-02', '', '', '补充一'],
  ['A3', '示例市生态环境局', '行政处罚', '案由三', '王某某', '2024-05-03', '', '', '', '补充二', '  '],
  ['A1', '示例市生态环境局', '行政处罚', '案由四', '赵某某', '2024-13-01'],
];

function streamed() {
  const valid: ValidatedRow[] = [];
  let validator: ReturnType<typeof createRegisterValidator> | null = null;
  const builder = new TableBuilder('目录.csv', {
    header: (headers, headerRow) => {
      validator = createRegisterValidator(headers, headerRow, { file: '目录.csv', mapping: resolveMapping(headers), today: '2025-01-10', onRow: (r) => valid.push(r) });
    },
    row: (row, cells) => validator!.push(row, cells),
  });
  records.forEach((cells, i) => builder.push(cells, i + 1));
  builder.end();
  return { valid, ...validator!.finish(), headerRow: builder.headerRow };
}

describe('validating a register as it is read', () => {
  it('gives the whole-table result: title row skipped, empty rows skipped, late wide rows as unnamed columns', () => {
    const table = tableFromRecords(records);
    expect(table.headers).toEqual(['案卷编号', '执法单位', '案件类型', '案由', '当事人', '结案日期', '备注', '', '', '']);
    const whole = validateRegisterTable(table, { file: '目录.csv', mapping: resolveMapping(table.headers), today: '2025-01-10', onRow: () => {} });
    const s = streamed();
    expect(s.headerRow).toBe(2);
    expect(s.errors).toEqual(whole.errors);
    expect(s.warnings).toEqual(whole.warnings);
    expect(s.errors.map((e) => [e.row, e.column])).toEqual([
      [7, '结案日期'],
      [7, '案卷编号'],
    ]);
    expect(s.valid.map((r) => [r.row, r.raw])).toEqual([
      [3, { 案卷编号: 'A1', 执法单位: '示例市生态环境局', 案件类型: '行政处罚', 案由: '案由一', 当事人: '张某某', 结案日期: '2024-05-01', 备注: '已归档' }],
      [5, { 案卷编号: 'A2', 执法单位: '示例市生态环境局', 案件类型: '行政处罚', 案由: '案由二', 当事人: '李某某', 结案日期: '2024-05-02', 第9列: '补充一' }],
      [6, { 案卷编号: 'A3', 执法单位: '示例市生态环境局', 案件类型: '行政处罚', 案由: '案由三', 当事人: '王某某', 结案日期: '2024-05-03', 第10列: '补充二' }],
    ]);
    expect(s.valid[2].record.extra).toEqual({ 第10列: '补充二' });
  });

  it('stops passing rows on at the first over-long cell and names every one, up to the limit', () => {
    const rows: { row: number }[] = [];
    const builder = new TableBuilder('长.csv', { header: () => {}, row: (row) => rows.push({ row }) });
    builder.push(['案卷编号', '案由'], 1);
    builder.push(['A1', 'x'], 2);
    builder.push(['A2', 'y'.repeat(10_001)], 3);
    builder.push(['A3', 'z'], 4);
    builder.push(['A4', 'w'.repeat(20_000)], 5);
    builder.end();
    expect(rows).toEqual([{ row: 2 }]);
    expect(builder.refused).toBe(true);
    expect(builder.lengthIssues.map((i) => [i.file, i.row, i.column])).toEqual([
      ['长.csv', 3, '案由'],
      ['长.csv', 5, '案由'],
    ]);
  });
});
