/**
 * benchmarks.*: importing discretion benchmark tables (CSV in UTF-8 or GBK, XLSX), refusing bad
 * files whole with file/row/column, and the DISC-RANGE rule of checks.run using what was imported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BENCHMARK_TEMPLATE_HEADERS } from '../../shared/domain/benchmarks';
import { useTempDir } from '../foundation/temp';
import { openCheckHarness, type CheckHarness } from './helpers';

const tempDir = useTempDir();
const DOCS = join(__dirname, '../../docs');
const exampleCsv = () => readFileSync(join(DOCS, 'benchmark-example.csv'));
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const META = { issuer: '示例市司法局', title: '示例裁量基准' };

const tableCount = (h: CheckHarness, t: string) => h.core.store.db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number;

describe('benchmarks.import', () => {
  it('imports the shipped example (UTF-8 with BOM, title row above the header) marked as an example', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const res = await h.api.benchmarks.import({ name: 'benchmark-example.csv', dataBase64: b64(exampleCsv()), ...META });
      expect(res.errors).toEqual([]);
      expect(res.doc).toMatchObject({ title: '示例裁量基准', isExample: true, items: 3, tiers: 12 });
      const items = await h.api.benchmarks.items({ docId: res.doc!.id });
      const sj = items.find((i) => i.code === 'SJ-0101')!;
      expect(sj).toMatchObject({ violationName: '销售超过保质期的食品', rangeUnit: 'yuan' });
      expect(sj.tiers.find((t) => t.circumstance === '一般')).toMatchObject({ tier: 'GENERAL', tierLabel: '一般', fineMin: 1000, fineMax: 8000, penaltyKinds: ['罚款', '没收违法所得'] });
      expect(await h.api.benchmarks.list({})).toHaveLength(1);
      const audit = h.core.store.db.prepare(`SELECT action FROM audit_log WHERE entity = 'benchmark_doc'`).pluck().all();
      expect(audit).toEqual(['import_benchmarks']);
    } finally {
      h.core.close();
    }
  });

  it('reads the same table saved as GBK, and as XLSX with the template headers', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const gbk = iconv.encode(exampleCsv().toString('utf8').replace(/^\uFEFF/, ''), 'gbk');
      const a = await h.api.benchmarks.import({ name: '裁量基准.csv', dataBase64: b64(gbk), ...META });
      expect(a.errors).toEqual([]);
      expect(a.doc).toMatchObject({ items: 3, tiers: 12 });

      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('裁量基准');
      ws.addRow(BENCHMARK_TEMPLATE_HEADERS);
      ws.addRow(['XX-01', '未按规定公示', '某条例第十条', '某条例第三十条', '一般', '一般', '罚款', 1000, '5,000', '', '一般情形']);
      ws.addRow(['XX-01', '未按规定公示', '某条例第十条', '某条例第三十条', '较重', '从重', '罚款', '0.5万', '1万', '元', '']);
      const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
      const b = await h.api.benchmarks.import({ name: '基准.xlsx', dataBase64: b64(bytes), ...META, title: '某条例裁量基准' });
      expect(b.errors).toEqual([]);
      expect(b.doc).toMatchObject({ isExample: false, items: 1, tiers: 2 });
      const [item] = await h.api.benchmarks.items({ docId: b.doc!.id });
      expect(item.tiers.map((t) => [t.fineMin, t.fineMax])).toEqual([
        [1000, 5000],
        [5000, 10000],
      ]);
    } finally {
      h.core.close();
    }
  });

  it('refuses a bad file whole, naming file, row and column; nothing is stored', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const csv = [
        '违法行为代码,违法行为,情节档次,裁量阶次,罚款下限,罚款上限',
        'A-1,行为一,一般,一般,100,200',
        'A-2,行为二,很重,一般,100,200',
        'A-3,行为三,一般,从宽,abc,200',
        'A-4,行为四,较重,从重,500,100',
      ].join('\n');
      const res = await h.api.benchmarks.import({ name: '坏表.csv', dataBase64: b64(Buffer.from(csv)), ...META });
      expect(res.doc).toBeNull();
      expect(res.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: '坏表.csv', row: 3, column: '情节档次', value: '很重' }),
          expect.objectContaining({ file: '坏表.csv', row: 4, column: '裁量阶次', value: '从宽' }),
          expect.objectContaining({ file: '坏表.csv', row: 4, column: '罚款下限', value: 'abc' }),
          expect.objectContaining({ file: '坏表.csv', row: 5, column: '罚款下限' }),
        ]),
      );
      expect(tableCount(h, 'benchmark_docs')).toBe(0);
      expect(tableCount(h, 'benchmark_items')).toBe(0);

      const noCode = await h.api.benchmarks.import({ name: '缺列.csv', dataBase64: b64(Buffer.from('违法行为,情节档次,裁量阶次\n甲,一般,一般\n')), ...META });
      expect(noCode.errors[0]).toMatchObject({ file: '缺列.csv', row: 1, column: '违法行为代码' });
      expect(noCode.errors[0].message).toContain('缺少必填列');

      await expect(h.api.benchmarks.import({ name: 'x.csv', dataBase64: b64(exampleCsv()), issuer: '', title: 'x' })).rejects.toMatchObject({ code: 'invalid_argument' });
    } finally {
      h.core.close();
    }
  });

  it('the shipped templates carry every column the reader expects (and no data rows)', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      for (const name of ['benchmark-template.csv', 'benchmark-template.xlsx']) {
        const res = await h.api.benchmarks.import({ name, dataBase64: b64(readFileSync(join(DOCS, name))), ...META });
        expect(res.doc).toBeNull();
        // Only "no data rows": no missing required column.
        expect(res.errors.map((e) => e.message)).toEqual([`文件“${name}”没有数据行`]);
      }
    } finally {
      h.core.close();
    }
  });

  it('removes a document with its items and tiers', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const res = await h.api.benchmarks.import({ name: 'benchmark-example.csv', dataBase64: b64(exampleCsv()), ...META });
      await h.api.benchmarks.remove({ docId: res.doc!.id });
      expect(await h.api.benchmarks.list({})).toEqual([]);
      expect(tableCount(h, 'benchmark_tiers')).toBe(0);
      await expect(h.api.benchmarks.remove({ docId: res.doc!.id })).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      h.core.close();
    }
  });
});

describe('DISC-RANGE with an imported table', () => {
  const discOf = async (h: CheckHarness, override: Record<string, unknown>) => {
    h.core.store.db.prepare('UPDATE dossiers SET facts_override = ? WHERE case_no = ?').run(JSON.stringify(override), h.late);
    const res = await h.api.checks.run({ campaignId: h.campaignId, caseNo: h.late });
    return res.findings.filter((f) => f.ruleId === 'DISC-RANGE');
  };

  it('shows the tier range; a fine outside it without a reason is a finding, with a reason it is not', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const base = { violationCode: 'SJ-0101', circumstance: '一般', penaltyKinds: ['罚款'] };
      const none = await discOf(h, { ...base, fineYuan: 5000 });
      expect(none.filter((f) => f.kind === 'cannot_check')[0]?.message).toContain('缺少 裁量基准');

      await h.api.benchmarks.import({ name: 'benchmark-example.csv', dataBase64: b64(exampleCsv()), ...META });
      expect(await discOf(h, { ...base, fineYuan: 8000 })).toEqual([]);
      const over = await discOf(h, { ...base, fineYuan: 8001 });
      expect(over).toHaveLength(1);
      expect(over[0]).toMatchObject({ kind: 'violation', severity: 'deduction', law: '行政处罚法', item: 'PG-DISC-01' });
      expect(over[0].computation).toContain('基准罚款幅度 1000 元～8000 元');
      expect(over[0].computation).toContain('实际罚款 8001 元');
      expect(await discOf(h, { ...base, fineYuan: 999 })).toHaveLength(1);
      expect(await discOf(h, { ...base, fineYuan: 8001, discretionReason: '当事人拒不配合调查，依第二十条从重' })).toEqual([]);

      const kinds = await discOf(h, { ...base, fineYuan: 3000, penaltyKinds: ['罚款', '吊销许可证件'] });
      expect(kinds).toHaveLength(1);
      expect(kinds[0].message).toContain('处罚种类 吊销许可证件');
    } finally {
      h.core.close();
    }
  });
});
