import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseNoSortKey, compareCaseNos, TEMPLATE_HEADERS } from '../../shared/domain/register';
import { encodeCsv, FICTIONAL_UNITS, generateRegisterRows, registerToCsv, registerToXlsx, restyleDates } from '../fixtures/registers';
import { caseNoSortKeyMigration } from '../../db/migrations/0006-case-no-sort-key';
import { useTempDir } from '../foundation/temp';
import { edit, openHarness, upload } from './helpers';

const rows30 = () => generateRegisterRows({ seed: 42, count: 30 });
const csv = (rows: Parameters<typeof registerToCsv>[0], enc: Parameters<typeof encodeCsv>[1] = 'utf-8', opts = {}) =>
  encodeCsv(registerToCsv(rows, opts), enc);

describe('registers.import: formats', () => {
  const tempDir = useTempDir();

  it('imports a GBK CSV without mojibake and stores every field normalised', async () => {
    const h = await openHarness(tempDir());
    const rows = rows30();
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('目录-GBK.csv', csv(rows, 'gbk'))] });
    expect(res.errors).toEqual([]);
    expect(res).toMatchObject({ imported: 30, unchanged: 0, changed: [], applied: false });
    expect(res.files[0]).toMatchObject({ fileName: '目录-GBK.csv', format: 'csv', encoding: 'gb18030', rowCount: 30, imported: 30 });
    expect(h.dossierCount()).toBe(30);

    const withFine = rows.find((r) => r.罚款金额 && r.程序类型 === '一般程序')!;
    const page = await h.api.dossiers.list({ campaignId: h.campaignId, search: withFine.案卷编号, offset: 0, limit: 10 });
    expect(page.total).toBe(1);
    const d = await h.api.dossiers.get({ id: page.items[0].id });
    expect(d.caseNo).toBe(withFine.案卷编号);
    expect(d.unitName).toBe(withFine.执法单位);
    expect(d.party).toBe(withFine.当事人);
    expect(d.cause).toBe(withFine.案由);
    expect(d.fineFen).toBe(Math.round(Number(withFine.罚款金额) * 100));
    expect(d.dateClosed).toBe(withFine.结案日期);
    expect(d.dateFiled).toBe(withFine.立案日期);
    expect(d.legalReview).toBe(true);
    expect(d.penaltyKinds).toEqual(withFine.处罚种类.split('、'));
    const names = withFine.承办人.split('、');
    const certs = withFine.执法证号.split('、');
    expect(d.officers).toEqual(names.map((name, i) => ({ name, certNo: certs[i] })));
    expect(d.raw.案卷编号).toBe(withFine.案卷编号);
    expect(d.importId).toBe(res.files[0].importId);

    const units = await h.api.units.list({ campaignId: h.campaignId });
    expect(units.map((u) => u.name).sort()).toEqual([...new Set(rows.map((r) => r.执法单位))].sort());
    expect(units.reduce((n, u) => n + u.dossierCount, 0)).toBe(30);
    h.core.close();
  });

  it.each([
    ['utf-8', 'iso'],
    ['utf-8-bom', 'slash'],
    ['utf-8', 'chinese'],
    ['gb18030', 'dot'],
  ] as const)('imports %s CSV with %s dates', async (enc, style) => {
    const h = await openHarness(tempDir());
    const rows = rows30();
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('a.csv', csv(restyleDates(rows, style), enc))] });
    expect(res.errors).toEqual([]);
    expect(res.imported).toBe(30);
    expect(res.files[0].encoding).toBe(enc === 'gb18030' ? 'gb18030' : enc);
    const stored = h.core.store.db.prepare('SELECT case_no, date_closed, party FROM dossiers ORDER BY case_no').all() as {
      case_no: string;
      date_closed: string;
      party: string;
    }[];
    const expected = [...rows].sort((a, b) => (a.案卷编号 < b.案卷编号 ? -1 : 1));
    expect(stored.map((s) => [s.case_no, s.date_closed, s.party])).toEqual(expected.map((r) => [r.案卷编号, r.结案日期, r.当事人]));
    h.core.close();
  });

  it('imports an XLSX with real date and number cells, from the chosen sheet', async () => {
    const h = await openHarness(tempDir());
    const rows = rows30();
    const bytes = await registerToXlsx(rows, { sheetName: '案卷目录', sheetsBefore: [{ name: '填表说明', rows: [['请按模板填写'], ['日期格式：2024-03-05']] }] });

    // The first sheet is the instructions: its "header" lacks every required column.
    const first = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('目录.xlsx', bytes)] });
    expect(first.errors.length).toBeGreaterThan(0);
    expect(first.errors[0]).toMatchObject({ file: '目录.xlsx', row: 1, column: '案卷编号' });
    expect(h.dossierCount()).toBe(0);

    const preview = await h.api.registers.preview({ campaignId: h.campaignId, file: upload('目录.xlsx', bytes), sheet: '案卷目录' });
    expect(preview.sheets).toEqual(['填表说明', '案卷目录']);
    expect(preview.rowCount).toBe(30);
    expect(preview.rows[0][TEMPLATE_HEADERS.indexOf('结案日期')]).toBe(rows[0].结案日期);

    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [{ ...upload('目录.xlsx', bytes), sheet: '案卷目录' }] });
    expect(res.errors).toEqual([]);
    expect(res.imported).toBe(30);
    expect(res.files[0]).toMatchObject({ format: 'xlsx', sheet: '案卷目录', encoding: null });
    const stored = h.core.store.db.prepare('SELECT case_no, date_closed, fine_fen FROM dossiers').all() as { case_no: string; date_closed: string; fine_fen: number | null }[];
    const byNo = new Map(stored.map((s) => [s.case_no, s]));
    for (const r of rows) {
      expect(byNo.get(r.案卷编号)?.date_closed).toBe(r.结案日期);
      expect(byNo.get(r.案卷编号)?.fine_fen).toBe(r.罚款金额 ? Math.round(Number(r.罚款金额) * 100) : null);
    }
    h.core.close();
  });

  it('names the sheets that exist when the chosen sheet does not', async () => {
    const h = await openHarness(tempDir());
    const bytes = await registerToXlsx(rows30(), { sheetName: '案卷目录' });
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [{ ...upload('目录.xlsx', bytes), sheet: '第二季度' }] });
    expect(res.errors).toEqual([expect.objectContaining({ file: '目录.xlsx', row: 0 })]);
    expect(res.errors[0].message).toContain('“第二季度”');
    expect(res.errors[0].message).toContain('案卷目录');
    expect(h.dossierCount()).toBe(0);
    h.core.close();
  });

  it('reads a file by path from a trusted transport, and refuses paths over HTTP', async () => {
    const dir = tempDir();
    const h = await openHarness(dir);
    const path = join(dir, '目录.csv');
    writeFileSync(path, csv(rows30(), 'gbk'));
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [{ path }] });
    expect(res.imported).toBe(30);
    const http = await h.core.dispatch('registers.import', { campaignId: h.campaignId, files: [{ path }] }, { actor: 'x', transport: 'http' });
    expect(http.ok).toBe(false);
    if (!http.ok) expect(http.error.message).toContain('不能按路径读取');
    const missing = await h.api.registers.import({ campaignId: h.campaignId, files: [{ path: join(dir, '没有这个文件.csv') }] });
    expect(missing.errors[0]).toMatchObject({ file: '没有这个文件.csv', row: 0 });
    expect(missing.errors[0].message).toContain('文件不存在');
    h.core.close();
  });
});

describe('registers.import: column mapping', () => {
  const tempDir = useTempDir();

  it('suggests synonyms in the preview and imports with them', async () => {
    const h = await openHarness(tempDir());
    const rename = { 案卷编号: '案号', 执法单位: '办案单位', 当事人: '当事人名称', 结案日期: '结案时间' };
    const bytes = csv(rows30(), 'utf-8', { rename });
    const p = await h.api.registers.preview({ campaignId: h.campaignId, file: upload('其他系统.csv', bytes) });
    expect(p.suggestedMapping).toMatchObject({ 案号: '案卷编号', 办案单位: '执法单位', 当事人名称: '当事人', 结案时间: '结案日期' });
    expect(p.missingRequired).toEqual([]);
    expect(p.rows).toHaveLength(20);
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('其他系统.csv', bytes)] });
    expect(res.errors).toEqual([]);
    expect(res.imported).toBe(30);
    h.core.close();
  });

  it('uses an explicit mapping, and a mapping saved for the unit on later imports', async () => {
    const h = await openHarness(tempDir());
    const unit = FICTIONAL_UNITS[1];
    const rows = generateRegisterRows({ seed: 5, count: 12, units: [unit] });
    const rename = { 案卷编号: '卷号', 执法单位: '主办机关', 案件类型: '类别', 案由: '事由', 当事人: '对方', 结案日期: '办结日' };
    const mapping = { 卷号: '案卷编号', 主办机关: '执法单位', 类别: '案件类型', 事由: '案由', 对方: '当事人', 办结日: '结案日期' };
    const first = rows.slice(0, 6);
    const bytes = csv(first, 'utf-8', { rename });

    const p = await h.api.registers.preview({ campaignId: h.campaignId, file: upload('a.csv', bytes) });
    expect(p.missingRequired).toEqual(['案卷编号', '执法单位', '案件类型', '案由', '当事人', '结案日期']);
    const without = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('a.csv', bytes)] });
    expect(without.errors.map((e) => [e.row, e.column])).toEqual([
      [1, '案卷编号'], [1, '执法单位'], [1, '案件类型'], [1, '案由'], [1, '当事人'], [1, '结案日期'],
    ]);
    expect(h.dossierCount()).toBe(0);

    const explicit = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('a.csv', bytes)], mapping });
    expect(explicit.errors).toEqual([]);
    expect(explicit.imported).toBe(6);

    const saved = await h.api.registers.saveMapping({ unitName: unit, mapping });
    expect(saved).toMatchObject({ unitName: unit, mapping });
    expect((await h.api.registers.mappings({})).map((m) => m.unitName)).toEqual([unit]);

    const second = csv(rows.slice(6), 'utf-8', { rename });
    const p2 = await h.api.registers.preview({ campaignId: h.campaignId, file: upload('b.csv', second) });
    expect(p2.savedMappingUnit).toBe(unit);
    expect(p2.missingRequired).toEqual([]);
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('b.csv', second)] });
    expect(res.errors).toEqual([]);
    expect(res.imported).toBe(6);
    expect(res.files[0].savedMappingUnit).toBe(unit);
    expect(h.dossierCount()).toBe(12);
    h.core.close();
  });

  it('reports two source columns mapped to one template column on the header row', async () => {
    const h = await openHarness(tempDir());
    const bytes = csv(rows30(), 'utf-8', { rename: { 执法领域: '案号' } });
    const res = await h.api.registers.import({
      campaignId: h.campaignId,
      files: [upload('a.csv', bytes)],
      mapping: { 案卷编号: '案卷编号', 案号: '案卷编号' },
    });
    expect(res.errors).toEqual([expect.objectContaining({ file: 'a.csv', row: 1, column: '案号' })]);
    expect(res.errors[0].message).toContain('案卷编号');
    expect(h.dossierCount()).toBe(0);
    h.core.close();
  });
});

describe('registers.import: bad input stores nothing', () => {
  const tempDir = useTempDir();

  /** Imports a good file first, so "nothing stored" is checked against a non-empty store. */
  async function harnessWithData() {
    const h = await openHarness(tempDir());
    const base = generateRegisterRows({ seed: 99, count: 5, units: ['示例市城市管理综合行政执法局'] });
    const ok = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('已有.csv', csv(base))] });
    expect(ok.imported).toBe(5);
    return h;
  }

  it('a missing required column is reported on row 1', async () => {
    const h = await harnessWithData();
    const before = h.snapshot();
    const headers = TEMPLATE_HEADERS.filter((x) => x !== '案由');
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('缺列.csv', csv(rows30(), 'utf-8', { headers }))] });
    expect(res.errors).toEqual([{ file: '缺列.csv', row: 1, column: '案由', value: '', message: '缺少必填列“案由”。' }]);
    expect(res.imported).toBe(0);
    expect(h.snapshot()).toEqual(before);
    h.core.close();
  });

  // [description, edits (row index → spreadsheet row index + 2), expected error (row, column, value), message pattern]
  const cases: [string, [number, string, string][], { row: number; column: string; value: string }, RegExp][] = [
    ['an empty required cell', [[1, '当事人', '']], { row: 3, column: '当事人', value: '' }, /必填项“当事人”为空/],
    ['an empty required date', [[0, '结案日期', ' ']], { row: 2, column: '结案日期', value: '' }, /必填项“结案日期”为空/],
    ['an impossible date', [[2, '结案日期', '2024-02-30']], { row: 4, column: '结案日期', value: '2024-02-30' }, /2024年2月没有第 30 日/],
    ['an unreadable date', [[2, '立案日期', '三月五日']], { row: 4, column: '立案日期', value: '三月五日' }, /无法识别的日期/],
    ['a negative amount', [[5, '罚款金额', '-500']], { row: 7, column: '罚款金额', value: '-500' }, /不能为负数/],
    ['a non-numeric amount', [[6, '没收金额', '五百元']], { row: 8, column: '没收金额', value: '五百元' }, /不是数字金额/],
    ['an unknown 案件类型', [[3, '案件类型', '行政奖励']], { row: 5, column: '案件类型', value: '行政奖励' }, /不是有效的案件类型/],
    ['an unknown 当事人类型', [[3, '当事人类型', '法人']], { row: 5, column: '当事人类型', value: '法人' }, /应为：个人、单位/],
    ['an unknown 情节', [[4, '情节', '很严重']], { row: 6, column: '情节', value: '很严重' }, /应为：轻微、一般、较重、严重/],
    ['an unknown 是否 value', [[4, '法制审核', '可能']], { row: 6, column: '法制审核', value: '可能' }, /应填写“是”或“否”/],
    ['an unknown 延期批准 value', [[9, '延期批准', '待定']], { row: 11, column: '延期批准', value: '待定' }, /应填写“是”或“否”/],
  ];

  it.each(cases)('%s', async (_name, edits, where, message) => {
    const h = await harnessWithData();
    const before = h.snapshot();
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('错误.csv', csv(edit(rows30(), ...edits)))] });
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatchObject({ file: '错误.csv', ...where });
    expect(res.errors[0].message).toMatch(message);
    expect(res).toMatchObject({ imported: 0, unchanged: 0, changed: [], applied: false, errorTotal: 1 });
    expect(h.snapshot()).toEqual(before);
    h.core.close();
  });

  it('a duplicate 案卷编号 names both rows', async () => {
    const h = await harnessWithData();
    const before = h.snapshot();
    const rows = rows30();
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('重复.csv', csv(edit(rows, [3, '案卷编号', rows[0].案卷编号])))] });
    expect(res.errors).toEqual([
      { file: '重复.csv', row: 5, column: '案卷编号', value: rows[0].案卷编号, message: `案卷编号“${rows[0].案卷编号}”重复：第 2 行和第 5 行。` },
    ]);
    expect(h.snapshot()).toEqual(before);
    h.core.close();
  });

  it('one bad file keeps the good files of the same import out too, and every error is listed', async () => {
    const h = await harnessWithData();
    const before = h.snapshot();
    const good = generateRegisterRows({ seed: 1, count: 10 });
    const bad = edit(generateRegisterRows({ seed: 2, count: 10, units: ['示例市生态环境局（二）'] }), [0, '案件类型', '未知'], [7, '罚款金额', 'abc']);
    const res = await h.api.registers.import({
      campaignId: h.campaignId,
      files: [upload('好.csv', csv(good)), { ...upload('坏.xlsx', await registerToXlsx(bad)) }],
    });
    expect(res.errors.map((e) => [e.file, e.row, e.column])).toEqual([
      ['坏.xlsx', 2, '案件类型'],
      ['坏.xlsx', 9, '罚款金额'],
    ]);
    expect(res.imported).toBe(0);
    expect(h.snapshot()).toEqual(before);
    h.core.close();
  });

  it('a case number in two files of one import is an error naming both', async () => {
    const h = await harnessWithData();
    const before = h.snapshot();
    const a = generateRegisterRows({ seed: 1, count: 4 });
    const b = edit(generateRegisterRows({ seed: 1, count: 8 }).slice(4), [2, '案卷编号', a[1].案卷编号]);
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('一.csv', csv(a)), upload('二.csv', csv(b))] });
    expect(res.errors).toEqual([expect.objectContaining({ file: '二.csv', row: 4, column: '案卷编号', value: a[1].案卷编号 })]);
    expect(res.errors[0].message).toContain('文件“一.csv”第 3 行');
    expect(h.snapshot()).toEqual(before);
    h.core.close();
  });

  it('an empty file says 文件为空; a header-only file is 0 cases with a warning', async () => {
    const h = await harnessWithData();
    const before = h.snapshot();
    const empty = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('空.csv', new Uint8Array())] });
    expect(empty.errors).toEqual([expect.objectContaining({ file: '空.csv', row: 0 })]);
    expect(empty.errors[0].message).toContain('文件为空');
    const blank = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('空白.csv', Buffer.from('\r\n \r\n'))] });
    expect(blank.errors[0].message).toContain('文件为空');
    expect(h.snapshot()).toEqual(before);
    // A unit with no cases sends the header alone: accepted as 0 cases (the UI and the CLI use this call).
    for (const [name, bytes] of [
      ['表头.csv', csv([], 'utf-8-bom')],
      ['表头.xlsx', await registerToXlsx([])],
    ] as const) {
      const headerOnly = await h.api.registers.import({ campaignId: h.campaignId, files: [upload(name, bytes)] });
      expect(headerOnly.errors, name).toEqual([]);
      expect(headerOnly.imported, name).toBe(0);
      expect(headerOnly.warnings, name).toEqual([expect.objectContaining({ file: name, row: 0, message: expect.stringContaining('只有表头') })]);
    }
    expect(h.dossierCount()).toBe(before.dossiers);
    h.core.close();
  });

  it('refuses a cell or a row over the length limits, naming the row and the column', async () => {
    const h = await harnessWithData();
    const before = h.snapshot();
    const rows = rows30();
    // A 5 MB 当事人 on the third data row (spreadsheet row 4), as an outside test imported.
    const huge = edit(rows, [2, '当事人', 'x'.repeat(5 * 1024 * 1024)]);
    for (const [name, bytes] of [
      ['长字段.csv', csv(huge)],
      ['长字段.xlsx', await registerToXlsx(huge)],
    ] as const) {
      const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload(name, bytes)] });
      expect(res.imported, name).toBe(0);
      expect(res.errors, name).toEqual(expect.arrayContaining([expect.objectContaining({ file: name, row: 4, column: '当事人', message: expect.stringMatching(/^第 4 行“当事人”列的内容过长/) })]));
    }
    // Many ordinary cells adding up to an over-long row.
    const wide = edit(rows, ...TEMPLATE_HEADERS.slice(0, 12).map((header) => [0, header, 'w'.repeat(9_000)] as [number, string, string]));
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('长行.csv', csv(wide))] });
    expect(res.errors).toEqual([expect.objectContaining({ file: '长行.csv', row: 2, message: expect.stringMatching(/^第 2 行过长/) })]);
    expect(h.snapshot()).toEqual(before);
    h.core.close();
  });

  it('warns about 卷宗文件 values that leave the folder or hold control characters', async () => {
    const h = await openHarness(tempDir());
    const rows = edit(rows30(), [0, '卷宗文件', '../../etc/passwd'], [1, '卷宗文件', '/etc/shadow.pdf'], [2, '卷宗文件', 'A\u001b[2J.pdf'], [3, '卷宗文件', '2024/正常-001.pdf']);
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('卷宗.csv', csv(rows))] });
    expect(res.imported).toBe(30);
    const refWarnings = res.warnings.filter((w) => w.column === '卷宗文件');
    expect(refWarnings.map((w) => [w.row, w.message.match(/”(指向上级目录（\.\.）|是绝对路径|含有控制字符)/)?.[1]])).toEqual([
      [2, '指向上级目录（..）'],
      [3, '是绝对路径'],
      [4, '含有控制字符'],
    ]);
    h.core.close();
  });

  it('a truncated or corrupt XLSX gives a clear error naming the file', async () => {
    const h = await harnessWithData();
    const before = h.snapshot();
    const bytes = await registerToXlsx(rows30());
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('截断.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2)))] });
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatchObject({ file: '截断.xlsx', row: 0 });
    expect(res.errors[0].message).toMatch(/无法读取 Excel 文件“截断\.xlsx”：文件不完整或已损坏/);
    const junk = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('乱码.xlsx', Buffer.from('not a zip at all'))] });
    expect(junk.errors[0]).toMatchObject({ file: '乱码.xlsx', row: 0 });
    expect(junk.errors[0].message).toContain('已损坏');
    const preview = await h.api.registers.preview({ campaignId: h.campaignId, file: upload('截断.xlsx', bytes.subarray(0, 2000)) });
    expect(preview.errors[0].message).toContain('截断.xlsx');
    const xls = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('旧.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))] });
    expect(xls.errors[0].message).toContain('.xls');
    expect(h.snapshot()).toEqual(before);
    h.core.close();
  });
});

describe('registers.import: warnings', () => {
  const tempDir = useTempDir();

  it('a wrong ID check digit, a future date and 结案 before 立案 are warnings; the rows are stored', async () => {
    const h = await openHarness(tempDir());
    const rows = rows30();
    const person = rows.findIndex((r) => r.当事人类型 === '个人');
    const id = rows[person].证件号码;
    const badId = id.slice(0, 17) + (id[17] === '3' ? '4' : '3');
    const filed = rows.findIndex((r) => r.立案日期);
    const edited = edit(rows, [person, '证件号码', badId], [filed, '结案日期', '2024-01-01'], [filed, '立案日期', '2024-01-05'], [0, '决定送达日期', '2099-01-01']);
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('w.csv', csv(edited))] });
    expect(res.errors).toEqual([]);
    expect(res.imported).toBe(30);
    expect(res.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'w.csv', row: person + 2, column: '证件号码', value: badId, message: expect.stringContaining('校验位错误') }),
        expect.objectContaining({ file: 'w.csv', row: filed + 2, column: '结案日期', message: expect.stringContaining('早于立案日期') }),
        expect.objectContaining({ file: 'w.csv', row: 2, column: '决定送达日期', value: '2099-01-01', message: expect.stringContaining('晚于导入日期') }),
      ]),
    );
    expect(res.warningTotal).toBe(res.warnings.length);
    const history = await h.api.registers.history({ campaignId: h.campaignId });
    expect(history[0].warnings).toHaveLength(res.warnings.length);
    // Correct check digits raise nothing.
    expect(res.warnings.filter((w) => w.column === '证件号码')).toHaveLength(1);
    h.core.close();
  });
});

describe('registers.import: re-import', () => {
  const tempDir = useTempDir();
  const updatedAt = (h: Awaited<ReturnType<typeof openHarness>>) =>
    new Map((h.core.store.db.prepare('SELECT case_no, updated_at FROM dossiers').all() as { case_no: string; updated_at: string }[]).map((r) => [r.case_no, r.updated_at]));

  it('is idempotent: the same register again stores nothing but the import record', async () => {
    const h = await openHarness(tempDir());
    const bytes = csv(rows30(), 'gbk');
    await h.api.registers.import({ campaignId: h.campaignId, files: [upload('a.csv', bytes)] });
    const stamps = updatedAt(h);
    await new Promise((r) => setTimeout(r, 5)); // a rewrite would get a later timestamp
    // Same content, other spelling: UTF-8 and 2024/3/5 dates.
    const again = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('a-utf8.csv', csv(restyleDates(rows30(), 'slash'), 'utf-8-bom'))] });
    expect(again).toMatchObject({ imported: 0, unchanged: 30, changed: [], applied: false, errors: [] });
    expect(updatedAt(h)).toEqual(stamps);
    expect(h.dossierCount()).toBe(30);
    const history = await h.api.registers.history({ campaignId: h.campaignId });
    expect(history.map((x) => [x.fileName, x.imported, x.unchanged, x.changed])).toEqual([
      ['a-utf8.csv', 0, 30, 0],
      ['a.csv', 30, 0, 0],
    ]);
    const audit = (await h.api.audit.list({ limit: 50 })).filter((e) => e.action === 'import');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actor: '王导入', entity: 'register', entityId: h.campaignId, after: { imported: 0, unchanged: 30, changed: 0 } });
    expect(audit[1].after).toMatchObject({ imported: 30, unchanged: 0 });
    expect((await h.api.audit.verify({})).ok).toBe(true);
    h.core.close();
  });

  it('reports changed rows field by field and applies them only with applyChanges', async () => {
    const h = await openHarness(tempDir());
    const rows = rows30();
    await h.api.registers.import({ campaignId: h.campaignId, files: [upload('a.csv', csv(rows))] });
    const stamps = updatedAt(h);
    const fined = rows.findIndex((r) => r.罚款金额 === '' && r.案件类型 === '行政许可');
    const changedRows = edit(rows, [0, '当事人', '改名某某'], [fined, '罚款金额', '1,200.50元']);
    const extra = generateRegisterRows({ seed: 43, count: 1, units: ['示例市应急管理局'] })[0];
    const next = [...changedRows, extra];
    await new Promise((r) => setTimeout(r, 5));

    const report = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('b.csv', csv(next))] });
    expect(report).toMatchObject({ imported: 1, unchanged: 28, applied: false, errors: [] });
    expect(report.changed).toEqual([
      { caseNo: rows[0].案卷编号, file: 'b.csv', row: 2, changes: [{ field: 'party', label: '当事人', before: rows[0].当事人, after: '改名某某' }] },
      { caseNo: rows[fined].案卷编号, file: 'b.csv', row: fined + 2, changes: [{ field: 'fineFen', label: '罚款金额', before: null, after: '1,200.50' }] },
    ]);
    // Per 执法单位: what each unit's rows did, summed over files, sorted by name; also in the history.
    const unitNames = [...new Set(next.map((r) => r.执法单位))].sort();
    const expectedUnits = unitNames.map((unitName) => ({
      unitName,
      imported: unitName === extra.执法单位 ? 1 : 0,
      changed: [rows[0], rows[fined]].filter((r) => r.执法单位 === unitName).length,
      unchanged: rows.filter((r, i) => r.执法单位 === unitName && i !== 0 && i !== fined).length,
    }));
    expect(report.units).toEqual(expectedUnits);
    expect(report.files[0].units).toEqual(expectedUnits);
    expect((await h.api.registers.history({ campaignId: h.campaignId }))[0].units).toEqual(expectedUnits);
    expect(report.units.reduce((n, u) => n + u.imported + u.unchanged + u.changed, 0)).toBe(next.length);
    const partyNow = () => h.core.store.db.prepare('SELECT party FROM dossiers WHERE case_no = ?').pluck().get(rows[0].案卷编号);
    expect(partyNow()).toBe(rows[0].当事人);
    const s1 = updatedAt(h);
    for (const [no, at] of stamps) expect(s1.get(no)).toBe(at);
    expect(h.dossierCount()).toBe(31);
    expect((await h.api.units.list({})).map((u) => u.name)).toContain('示例市应急管理局');

    const apply = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('b.csv', csv(next))], applyChanges: true });
    expect(apply).toMatchObject({ imported: 0, unchanged: 29, applied: true });
    expect(apply.changed.map((c) => c.caseNo)).toEqual([rows[0].案卷编号, rows[fined].案卷编号]);
    expect(partyNow()).toBe('改名某某');
    expect(h.core.store.db.prepare('SELECT fine_fen FROM dossiers WHERE case_no = ?').pluck().get(rows[fined].案卷编号)).toBe(120050);
    const s2 = updatedAt(h);
    const rewritten = [...stamps.keys()].filter((no) => s2.get(no) !== stamps.get(no));
    expect(rewritten.sort()).toEqual([rows[0].案卷编号, rows[fined].案卷编号].sort());

    const third = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('b.csv', csv(next))], applyChanges: true });
    expect(third).toMatchObject({ imported: 0, unchanged: 31, changed: [], applied: false });
    h.core.close();
  });

  it('treats a changed unknown column as a change', async () => {
    const h = await openHarness(tempDir());
    const headers = [...TEMPLATE_HEADERS, '备注'];
    const rows: Record<string, string>[] = rows30().map((r) => ({ ...r, 备注: '无' }));
    await h.api.registers.import({ campaignId: h.campaignId, files: [upload('a.csv', csv(rows, 'utf-8', { headers }))] });
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('a.csv', csv(edit(rows, [4, '备注', '已补正']), 'utf-8', { headers }))] });
    expect(res.changed).toEqual([{ caseNo: rows[4].案卷编号, file: 'a.csv', row: 6, changes: [{ field: 'extra:备注', label: '备注', before: '无', after: '已补正' }] }]);
    h.core.close();
  });
});

describe('dossiers.list', () => {
  const tempDir = useTempDir();

  it('filters by unit, case type and search, sorts, and pages with a total', async () => {
    const h = await openHarness(tempDir());
    const rows = generateRegisterRows({ seed: 8, count: 200 });
    await h.api.registers.import({ campaignId: h.campaignId, files: [upload('a.csv', csv(rows))] });
    const all = await h.api.dossiers.list({ campaignId: h.campaignId, offset: 0, limit: 50 });
    expect(all.total).toBe(200);
    expect(all.items).toHaveLength(50);
    const sortedNos = rows.map((r) => r.案卷编号).sort(compareCaseNos);
    expect(all.items.map((d) => d.caseNo)).toEqual(sortedNos.slice(0, 50));
    expect(all.items.every((d) => d.fileCount === 0 && d.pageCount === 0)).toBe(true);
    const page4 = await h.api.dossiers.list({ campaignId: h.campaignId, offset: 150, limit: 100 });
    expect(page4.items.map((d) => d.caseNo)).toEqual(sortedNos.slice(150));

    const units = await h.api.units.list({ campaignId: h.campaignId });
    const env = units.find((u) => u.name === '示例市生态环境局')!;
    const byUnit = await h.api.dossiers.list({ campaignId: h.campaignId, unitId: env.id, caseType: '行政处罚', offset: 0, limit: 1000 });
    expect(byUnit.total).toBe(rows.filter((r) => r.执法单位 === env.name && r.案件类型 === '行政处罚').length);
    expect(byUnit.items.every((d) => d.unitName === env.name && d.caseType === '行政处罚')).toBe(true);

    const latest = await h.api.dossiers.list({ campaignId: h.campaignId, sort: '-dateClosed', offset: 0, limit: 5 });
    const closed = rows.map((r) => r.结案日期).sort().reverse();
    expect(latest.items.map((d) => d.dateClosed)).toEqual(closed.slice(0, 5));

    const party = rows.find((r) => r.当事人类型 === '单位')!.当事人;
    const found = await h.api.dossiers.list({ campaignId: h.campaignId, search: party.slice(3, 7), offset: 0, limit: 1000 });
    expect(found.total).toBe(rows.filter((r) => r.当事人.includes(party.slice(3, 7)) || r.案卷编号.includes(party.slice(3, 7))).length);
    expect(found.total).toBeGreaterThan(0);
    const pct = await h.api.dossiers.list({ campaignId: h.campaignId, search: '%', offset: 0, limit: 10 });
    expect(pct.total).toBe(0);
    h.core.close();
  });

  it('sorts case numbers naturally: 〔2024〕2号 before 〔2024〕10号, both directions, with a unit filter too', async () => {
    const h = await openHarness(tempDir());
    const base = rows30().slice(0, 6);
    const nos = ['罚字〔2024〕10号', '罚字〔2024〕2号', '罚字〔2023〕100号', '罚字[2024]3号', '罚字〔2024〕1号', '许字〔2024〕1号'];
    const rows = base.map((r, i) => ({ ...r, 案卷编号: nos[i], 执法单位: '示例市市场监督管理局' }));
    const res = await h.api.registers.import({ campaignId: h.campaignId, files: [upload('a.csv', csv(rows))] });
    expect(res.errors).toEqual([]);
    const expected = ['罚字〔2023〕100号', '罚字〔2024〕1号', '罚字〔2024〕2号', '罚字[2024]3号', '罚字〔2024〕10号', '许字〔2024〕1号'];
    const asc = await h.api.dossiers.list({ campaignId: h.campaignId, offset: 0, limit: 50 });
    expect(asc.items.map((d) => d.caseNo)).toEqual(expected);
    const desc = await h.api.dossiers.list({ campaignId: h.campaignId, sort: '-caseNo', offset: 0, limit: 50 });
    expect(desc.items.map((d) => d.caseNo)).toEqual([...expected].reverse());
    const unitId = (await h.api.units.list({ campaignId: h.campaignId }))[0].id;
    const page = await h.api.dossiers.list({ campaignId: h.campaignId, unitId, offset: 1, limit: 3 });
    expect(page.items.map((d) => d.caseNo)).toEqual(expected.slice(1, 4));
    expect(caseNoSortKey('罚字〔2024〕02号')).toBe(caseNoSortKey('罚字〔2024〕2号'));
    expect(caseNoSortKey('罚字〔２０２４〕2号')).toBe(caseNoSortKey('罚字〔2024〕2号'));
    h.core.close();
  });

  it('migration 6 fills the sort key of dossiers stored before it', async () => {
    const h = await openHarness(tempDir());
    const rows = rows30();
    await h.api.registers.import({ campaignId: h.campaignId, files: [upload('a.csv', csv(rows))] });
    const db = h.core.store.db;
    // Back to the version-5 shape, data kept.
    db.exec(`DROP INDEX dossiers_search; ALTER TABLE dossiers DROP COLUMN case_no_sort; ALTER TABLE register_imports DROP COLUMN unit_counts;
             CREATE INDEX dossiers_search ON dossiers (campaign_id, case_no, party, unit_id, case_type, date_closed, id)`);
    db.transaction(() => caseNoSortKeyMigration.up(db))();
    const stored = db.prepare('SELECT case_no, case_no_sort FROM dossiers').all() as { case_no: string; case_no_sort: string }[];
    expect(stored).toHaveLength(30);
    for (const r of stored) expect(r.case_no_sort).toBe(caseNoSortKey(r.case_no));
    const page = await h.api.dossiers.list({ campaignId: h.campaignId, offset: 0, limit: 50 });
    expect(page.items.map((d) => d.caseNo)).toEqual(rows.map((r) => r.案卷编号).sort(compareCaseNos));
    expect((await h.api.registers.history({ campaignId: h.campaignId }))[0].units).toEqual([]);
    h.core.close();
  });

  it('dossiers.get of an unknown id is not_found', async () => {
    const h = await openHarness(tempDir());
    await expect(h.api.dossiers.get({ id: '01900000-0000-7000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
    h.core.close();
  });
});

describe('registers.import: scale', () => {
  const tempDir = useTempDir();

  it('imports 50,000 rows in one call', { timeout: 180_000 }, async () => {
    const h = await openHarness(tempDir());
    const rows = generateRegisterRows({ seed: 2024, count: 50_000 });
    const res = await h.core.handlers.registers.import(
      { campaignId: h.campaignId, files: [{ name: '全市目录.csv', dataBase64: csv(rows, 'gbk').toString('base64') }], applyChanges: false },
      { actor: 'bench', transport: 'test' },
    );
    expect(res.errors).toEqual([]);
    expect(res.imported).toBe(50_000);
    expect(h.dossierCount()).toBe(50_000);
    const page = await h.api.dossiers.list({ campaignId: h.campaignId, sort: '-dateClosed', offset: 49_990, limit: 50 });
    expect(page.total).toBe(50_000);
    expect(page.items).toHaveLength(10);
    h.core.close();
  });
});
