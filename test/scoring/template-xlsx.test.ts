/**
 * XLSX import of checklist templates: the workbook is turned into the same JSON shape and checked by
 * the same validator as a JSON import; every error names the file, sheet, row, column and item.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { readTemplateXlsx, templateToXlsx } from '../../electron/core/handlers/templates';
import { createApiClient } from '../../shared/api/contract';
import { parseTemplateJson, templateToJson, type ChecklistTemplate, type TemplateResult } from '../../shared/domain/scoring';
import { builtinTemplateList, builtinTemplate } from '../../shared/domain/templates';
import { AppError } from '../../shared/errors';
import { useTempDir } from '../foundation/temp';

const FILE = '某省标准.xlsx';
const pg = builtinTemplate('PG')!;

const ok = (r: TemplateResult): ChecklistTemplate => {
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.template;
};
const messages = (r: TemplateResult): string[] => (r.ok ? [] : r.errors.map((e) => e.message));

/** Loads a workbook, lets `edit` change it, and writes it back. */
async function editXlsx(bytes: Buffer, edit: (items: ExcelJS.Worksheet, settings: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  edit(wb.getWorksheet('评查项')!, wb.getWorksheet('设置')!, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Spreadsheet row of an item and the column number of a header. */
function rowOf(ws: ExcelJS.Worksheet, code: string): number {
  let found = 0;
  ws.eachRow((row, n) => {
    if (row.getCell(1).text === code) found = n;
  });
  if (!found) throw new Error(`no row for ${code}`);
  return found;
}
function colOf(ws: ExcelJS.Worksheet, header: string): number {
  const values = ws.getRow(1).values as unknown[];
  const c = values.indexOf(header);
  if (c < 1) throw new Error(`no column ${header}`);
  return c;
}
const setCell = (ws: ExcelJS.Worksheet, code: string, header: string, value: ExcelJS.CellValue) => {
  ws.getCell(rowOf(ws, code), colOf(ws, header)).value = value;
};

describe('template workbook round trip', () => {
  for (const t of builtinTemplateList()) {
    it(`built-in ${t.key}: XLSX reads back to the same template as its JSON`, async () => {
      const fromXlsx = ok(await readTemplateXlsx(`${t.key}.xlsx`, await templateToXlsx(t)));
      const fromJson = ok(parseTemplateJson(templateToJson(t)));
      expect(fromXlsx).toEqual(fromJson);
      expect(fromXlsx).toEqual(t);
    });
  }

  it('the shipped docs/template-example.xlsx is the built-in PG template', async () => {
    const bytes = readFileSync(join(__dirname, '..', '..', 'docs', 'template-example.xlsx'));
    expect(ok(await readTemplateXlsx('template-example.xlsx', bytes))).toEqual(pg);
  });

  it('accepts numeric cells, a settings sheet named 模板信息 and alternative column headers', async () => {
    const bytes = await editXlsx(await templateToXlsx(pg), (items, settings) => {
      settings.name = '模板信息';
      const renames: Record<string, string> = { 编码: '编号', 评查项: '标题', 扣分上限: '上限', 最低扣分: '区间下限', 最高扣分: '区间上限' };
      items.getRow(1).eachCell((cell) => {
        const to = renames[cell.text];
        if (to) cell.value = to;
      });
      // Organisers type numbers, not text.
      items.eachRow((row, n) => {
        if (n === 1) return;
        const cell = row.getCell(colOf(items, '分值'));
        cell.value = Number(cell.text);
      });
      setCell(items, 'PG-SUB-05', '扣分方式', '按处计扣');
    });
    expect(ok(await readTemplateXlsx(FILE, bytes))).toEqual(pg);
  });
});

describe('bad template workbooks are rejected with the row, column and item named', () => {
  it('duplicate item codes name both rows', async () => {
    const bytes = await editXlsx(await templateToXlsx(pg), (items) => {
      items.getCell(rowOf(items, 'PG-SUB-02'), 1).value = 'PG-SUB-01';
    });
    const r = await readTemplateXlsx(FILE, bytes);
    expect(r.ok).toBe(false);
    expect(messages(r)).toEqual([`${FILE}：工作表“评查项”第 3 行 A 列“编码”：模板 PG v2 的评查项 PG-SUB-01：编码重复（与第 2 行重复）`]);
    if (!r.ok) expect(r.errors[0]!.itemCode).toBe('PG-SUB-01');
  });

  it('a cap below the per-occurrence deduction', async () => {
    const bytes = await editXlsx(await templateToXlsx(pg), (items) => setCell(items, 'PG-SUB-06', '扣分上限', '1'));
    const r = await readTemplateXlsx(FILE, bytes);
    expect(messages(r)).toEqual([`${FILE}：工作表“评查项”第 7 行 H 列“扣分上限”：模板 PG v2 的评查项 PG-SUB-06：扣分上限 1 小于每处扣分 2`]);
  });

  it('an unknown dimension', async () => {
    const bytes = await editXlsx(await templateToXlsx(pg), (items) => setCell(items, 'PG-SUB-13', '维度', '合理性'));
    const r = await readTemplateXlsx(FILE, bytes);
    expect(r.ok).toBe(false);
    expect(messages(r)).toEqual([
      `${FILE}：工作表“评查项”第 14 行 B 列“维度”：模板 PG v2 的评查项 PG-SUB-13：维度：未知维度（应为 SUB、PROC、DISC、EVID、DOC 之一）`,
    ]);
  });

  it('non-numeric points', async () => {
    const bytes = await editXlsx(await templateToXlsx(pg), (items) => setCell(items, 'PG-SUB-14', '分值', '三分'));
    const r = await readTemplateXlsx(FILE, bytes);
    expect(messages(r)).toEqual([`${FILE}：工作表“评查项”第 15 行 E 列“分值”（PG-SUB-14）：分值“三分”不是数字`]);
  });

  it('item points that do not add up to the dimension maximum name the settings row of the dimension', async () => {
    const bytes = await editXlsx(await templateToXlsx(pg), (items) => setCell(items, 'PG-SUB-14', '分值', '4'));
    const r = await readTemplateXlsx(FILE, bytes);
    const sub = pg.dimensions.find((d) => d.code === 'SUB')!;
    let dimRow = 0;
    (await templateToXlsx(pg).then(async (b) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(b as unknown as ExcelJS.Buffer);
      return wb.getWorksheet('设置')!;
    })).eachRow((row, n) => {
      if (row.getCell(1).text === '维度' && row.getCell(2).text === 'SUB') dimRow = n;
    });
    expect(dimRow).toBeGreaterThan(1);
    expect(messages(r)).toEqual([
      `${FILE}：工作表“设置”第 ${dimRow} 行：模板 PG v2 的维度 SUB（${sub.name}）：评查项分值之和 ${sub.maxPoints + 1} 与维度满分 ${sub.maxPoints} 不一致`,
    ]);
  });

  it('settings problems name the settings row: a total that does not match, tiers out of order', async () => {
    let totalRow = 0;
    let tierRow = 0;
    const bytes = await editXlsx(await templateToXlsx(pg), (_items, settings) => {
      settings.eachRow((row, n) => {
        if (row.getCell(1).text === '总分') totalRow = n;
        if (row.getCell(1).text === '等次' && row.getCell(2).text === '良好') tierRow = n;
      });
      settings.getCell(totalRow, 2).value = 99;
      settings.getCell(tierRow, 3).value = 95;
    });
    expect(totalRow * tierRow).toBeGreaterThan(0);
    expect(messages(await readTemplateXlsx(FILE, bytes))).toEqual([
      `${FILE}：工作表“设置”第 ${totalRow} 行：模板 PG v2：各维度满分之和 100 与总分 99 不一致`,
      `${FILE}：工作表“设置”第 ${tierRow} 行：模板 PG v2：等次“良好”的分数线 95 应低于上一等次`,
    ]);
  });

  it('several problems are all reported, each with its own row', async () => {
    const bytes = await editXlsx(await templateToXlsx(pg), (items) => {
      setCell(items, 'PG-SUB-05', '否决项', '也许');
      setCell(items, 'PG-PROC-01', '最低扣分', '一分');
    });
    const r = await readTemplateXlsx(FILE, bytes);
    expect(messages(r)).toEqual([
      `${FILE}：工作表“评查项”第 6 行 K 列“否决项”（PG-SUB-05）：否决项“也许”应为 是 或 否`,
      `${FILE}：工作表“评查项”第 18 行 I 列“最低扣分”（PG-PROC-01）：最低扣分“一分”不是数字`,
    ]);
  });

  it('a truncated file gives a clear error', async () => {
    const bytes = await templateToXlsx(pg);
    const r = await readTemplateXlsx(FILE, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(r.ok).toBe(false);
    expect(messages(r)[0]).toMatch(new RegExp(`^无法读取 Excel 文件“${FILE}”：文件不完整或已损坏`));
  });

  it('a file that is not a workbook, or an old .xls, is named as such', async () => {
    expect(messages(await readTemplateXlsx('说明.txt', Buffer.from('编码,维度\n', 'utf8')))).toEqual(['“说明.txt”不是 Excel（.xlsx）文件，无法读取。']);
    const cfb = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(messages(await readTemplateXlsx('旧.xls', cfb))[0]).toContain('旧版 Excel（.xls）');
  });

  it('a workbook without the settings sheet says which sheet is missing', async () => {
    const bytes = await editXlsx(await templateToXlsx(pg), (_items, settings, wb) => {
      wb.removeWorksheet(settings.id);
      wb.removeWorksheet(wb.getWorksheet('说明')?.id ?? -1);
    });
    expect(messages(await readTemplateXlsx(FILE, bytes))[0]).toContain('缺少工作表“设置”');
  });
});

describe('templates.importXlsx', () => {
  const tempDir = useTempDir();

  it('stores the workbook as the next version, identical to importing the same template as JSON', async () => {
    const core = await openCore(join(tempDir(), 't.sqlite'));
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: '法制科', transport: 'test' }));
    const viaXlsx = await api.templates.importXlsx({ name: FILE, dataBase64: (await templateToXlsx(pg)).toString('base64') });
    const viaJson = await api.templates.import({ json: templateToJson(pg) });
    // Built-in PG versions 1 and 2 exist, so the imports are versions 3 and 4.
    expect(viaXlsx).toMatchObject({ key: 'PG', version: 3, source: 'imported', itemCount: pg.items.length });
    expect(viaJson.version).toBe(4);
    expect({ ...viaXlsx.template, version: 0 }).toEqual({ ...viaJson.template, version: 0 });
    const audit = await api.audit.list({ entityId: viaXlsx.id });
    expect(audit.map((e) => [e.action, e.actor])).toEqual([['import', '法制科']]);
    expect(audit[0]!.after).toMatchObject({ key: 'PG', version: 3, file: FILE });
    core.close();
  });

  it('a bad workbook is refused with every problem in the details and nothing stored', async () => {
    const core = await openCore(join(tempDir(), 't.sqlite'));
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: '法制科', transport: 'test' }));
    const before = await api.templates.list({});
    const bytes = await editXlsx(await templateToXlsx(pg), (items) => {
      setCell(items, 'PG-SUB-06', '扣分上限', '1');
      items.getCell(rowOf(items, 'PG-SUB-02'), 1).value = 'PG-SUB-01';
    });
    const err = await api.templates.importXlsx({ name: FILE, dataBase64: bytes.toString('base64') }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    const appErr = err as AppError;
    expect(appErr.code).toBe('bad_input');
    expect(appErr.message).toContain(`模板表格“${FILE}”未通过校验，未导入`);
    const details = appErr.details as { errors: { itemCode?: string; message: string }[] };
    expect(details.errors.map((e) => e.itemCode)).toEqual(['PG-SUB-01', 'PG-SUB-06']);
    expect(await api.templates.list({})).toEqual(before);
    core.close();
  });
});
