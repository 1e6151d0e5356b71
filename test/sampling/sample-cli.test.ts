/** `sample` warns about dossiers that cannot be reviewed and leaves them out when asked. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';
import { runCli as cli } from '../fixtures/run-cli';

const tempDir = useTempDir();

describe('sample command and the pre-check', () => {
  it('warns about 其他 cases, and --exclude-no-template leaves them out of the draw', { timeout: 120_000 }, async () => {
    const db = join(tempDir(), 'cli.sqlite');
    const core = await openCore(db);
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: 't', transport: 'test' }));
    const campaign = await api.campaigns.create({ name: '抽样', year: 2025 });
    const rows = generateRegisterRows({ seed: 5, count: 30 });
    for (const r of rows.slice(0, 4)) Object.assign(r, { 案件类型: '其他', 程序类型: '' });
    await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: encodeCsv(registerToCsv(rows), 'utf-8').toString('base64') }] });
    core.close();
    const others = new Set(rows.slice(0, 4).map((r) => r.案卷编号));

    const warned = cli('sample', '--db', db, '--campaign', campaign.id, '--ratio', '1', '--seed', 's', '--json');
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toContain('4 件案卷没有评查标准（其他 4 件）');
    expect((JSON.parse(warned.stdout) as { caseNos: string[] }).caseNos.filter((c) => others.has(c))).toHaveLength(4);

    const left = cli('sample', '--db', db, '--campaign', campaign.id, '--ratio', '1', '--seed', 's', '--exclude-no-template', '--redraw', '--json');
    expect(left.code, left.stderr).toBe(0);
    expect(left.stderr).not.toContain('没有评查标准');
    const out = JSON.parse(left.stdout) as { caseNos: string[]; settings: { excludeCaseNos?: string[] } };
    expect(out.caseNos.filter((c) => others.has(c))).toEqual([]);
    expect(new Set(out.settings.excludeCaseNos)).toEqual(others);
  });
});
