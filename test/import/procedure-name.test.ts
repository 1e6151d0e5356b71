import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { canonicalProcedure, sameProcedure } from '../../shared/domain/procedures';
import { resolveMapping, validateRegisterTable, type RegisterTable } from '../../shared/domain/register';
import { normaliseProcedure } from '../../shared/domain/facts/engine-input';
import { resolveScope } from '../../shared/domain/rules/engine';
import type { DossierFacts } from '../../shared/domain/rules/types';
import { useTempDir } from '../foundation/temp';

const headers = ['案卷编号', '执法单位', '案件类型', '案由', '当事人', '结案日期', '程序类型'];
const rows = [
  ['A1', '示例市市场监督管理局', '行政处罚', '销售过期食品', '张某某', '2024-05-01', '一般程序'],
  ['A2', '示例市市场监督管理局', '行政处罚', '销售过期食品', '李某某', '2024-05-02', ' 普通程序 '],
  ['A3', '示例市市场监督管理局', '行政处罚', '占道经营', '王某某', '2024-05-03', '简易程序'],
  ['A4', '示例市市场监督管理局', '行政强制', '查封', '赵某某', '2024-05-04', '强制措施'],
];

describe('程序类型 on register import: 一般程序 is stored as 普通程序 (行政处罚法 2021 第五章第三节)', () => {
  it('validateRegisterTable accepts both names and stores the statute’s name; other procedures are unchanged', () => {
    const table: RegisterTable = { headers, headerRow: 1, rows: rows.map((cells, i) => ({ row: i + 2, cells })) };
    const r = validateRegisterTable(table, { file: 'a.csv', mapping: resolveMapping(headers), today: '2025-01-10' });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.rows.map((x) => x.record.procedure)).toEqual(['普通程序', '普通程序', '简易程序', '强制措施']);
    // The raw cell keeps what the file said, for the import report.
    expect(r.rows[0].raw.程序类型).toBe('一般程序');
  });

  it('canonicalProcedure and sameProcedure', () => {
    expect(canonicalProcedure('一般程序')).toBe('普通程序');
    expect(canonicalProcedure(' 简易程序')).toBe('简易程序');
    expect(sameProcedure('一般程序', '普通程序')).toBe(true);
    expect(sameProcedure('一般程序', '简易程序')).toBe(false);
  });

  const tempDir = useTempDir();
  it('registers.import stores 普通程序, and the rules treat it as the 行政处罚 普通程序 scope', async () => {
    const core = await openCore(join(tempDir(), 's.sqlite'));
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: '法制科', transport: 'test' }));
    const campaign = await api.campaigns.create({ name: '程序名称', year: 2025 });
    const csv = [headers, ...rows].map((r) => r.map((c) => c.trim()).join(',')).join('\r\n');
    const result = await api.registers.import({ campaignId: campaign.id, files: [{ name: '登记表.csv', dataBase64: Buffer.from(csv, 'utf8').toString('base64') }] });
    expect(result.errors).toEqual([]);
    const list = (await api.dossiers.list({ campaignId: campaign.id, offset: 0, limit: 10 })).items;
    const byCase = Object.fromEntries(list.map((d) => [d.caseNo, d.procedure]));
    expect(byCase).toEqual({ A1: '普通程序', A2: '普通程序', A3: '简易程序', A4: '强制措施' });
    // Stores from before keep 一般程序: both names resolve to the same rule scope.
    for (const p of ['普通程序', '一般程序']) {
      const facts = { caseType: '行政处罚', procedure: normaliseProcedure(p) } as unknown as DossierFacts;
      expect(resolveScope(facts)).toEqual({ scope: 'PG' });
    }
    core.close();
  });
});
