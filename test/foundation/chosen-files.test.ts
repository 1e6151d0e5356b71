/**
 * Files chosen in the app's system dialog travel as paths (the main process reads them): roster,
 * 裁量基准, 节假日, template (JSON and XLSX) and objection attachments. Over IPC a path is read and
 * imported exactly as the uploaded bytes are; over HTTP it is refused before anything is read, with the
 * same answer whether or not the path exists.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { PATH_OVER_HTTP_MESSAGE } from '../../electron/core/chosen-file';
import { REPO_ROOT } from '../../electron/host/paths';
import { createApiClient, type Api } from '../../shared/api/contract';
import { templateToJson } from '../../shared/domain/scoring';
import { builtinTemplate } from '../../shared/domain/templates';
import { useTempDir } from './temp';

const DOCS = join(REPO_ROOT, 'docs');

describe('chosen files by path', () => {
  const tempDir = useTempDir();
  let core: Core;
  let dir: string;
  let ipc: Api;
  let http: Api;
  beforeEach(async () => {
    dir = tempDir();
    core = await openCore(join(dir, 'store.sqlite'));
    ipc = createApiClient((m, i) => core.dispatch(m, i, { actor: '法制科', transport: 'ipc' }));
    http = createApiClient((m, i) => core.dispatch(m, i, { actor: '法制科', transport: 'http' }));
  });
  afterEach(() => core?.close());

  /** Over HTTP: refused with the one message, for a real file and a made-up path alike. */
  async function refusedOverHttp(call: (path: string) => Promise<unknown>, realPath: string): Promise<void> {
    for (const path of [realPath, join(dir, 'no-such-file.csv')]) {
      await expect(call(path)).rejects.toMatchObject({ code: 'invalid_argument', message: PATH_OVER_HTTP_MESSAGE });
    }
  }

  it('reviewers.importRoster', async () => {
    const campaign = await ipc.campaigns.create({ name: '名单', year: 2025 });
    const path = join(dir, '名单.csv');
    writeFileSync(path, ['姓名,单位,角色,证书编号,评查组', '甲评查,示例律师事务所,评查员,A001,一组', '王组长,示例市司法局,组长,,一组'].join('\r\n'));
    await refusedOverHttp((p) => http.reviewers.importRoster({ campaignId: campaign.id, file: { path: p } }), path);
    const res = await ipc.reviewers.importRoster({ campaignId: campaign.id, file: { path } });
    expect(res.added.map((r) => [r.name, r.role, r.team])).toEqual([
      ['甲评查', 'reviewer', '一组'],
      ['王组长', 'leader', '一组'],
    ]);
  });

  it('benchmarks.import', async () => {
    const path = join(dir, 'benchmark-example.csv');
    copyFileSync(join(DOCS, 'benchmark-example.csv'), path);
    const meta = { issuer: '示例市司法局', title: '示例裁量基准' };
    await refusedOverHttp((p) => http.benchmarks.import({ path: p, ...meta }), path);
    const res = await ipc.benchmarks.import({ path, ...meta });
    expect(res.errors).toEqual([]);
    expect(res.doc).toMatchObject({ title: '示例裁量基准', isExample: true, items: 3, tiers: 12 });
    // A path and bytes together is ambiguous: refused by the contract.
    await expect(ipc.benchmarks.import({ path, name: 'x.csv', dataBase64: 'eA==', ...meta })).rejects.toMatchObject({ code: 'invalid_argument' });
    // A missing file says so, naming it.
    await expect(ipc.benchmarks.import({ path: join(dir, '没有.csv'), ...meta })).rejects.toThrow(/无法读取裁量基准表“.*没有\.csv”：文件不存在/);
  });

  it('checks.importCalendar (UTF-8 only)', async () => {
    const path = join(dir, '节假日.txt');
    writeFileSync(path, '\ufeff' + ['2027,,source,国务院办公厅关于2027年部分节假日安排的通知', '2027,2027-01-01,holiday,元旦', '2027,2027-02-14,workday,春节调休上班'].join('\n'));
    await refusedOverHttp((p) => http.checks.importCalendar({ path: p }), path);
    const res = await ipc.checks.importCalendar({ path });
    expect(res.years.map((y) => [y.year, y.holidays, y.workdays])).toEqual([[2027, 1, 1]]);
    const gbk = join(dir, 'gbk.txt');
    writeFileSync(gbk, Buffer.from([0x32, 0x30, 0x32, 0x37, 0x2c, 0xd4, 0xaa, 0xb5, 0xa9]));
    await expect(ipc.checks.importCalendar({ path: gbk })).rejects.toThrow('节假日文件“gbk.txt”不是 UTF-8 编码的文本');
  });

  it('templates.import (JSON) and templates.importXlsx', async () => {
    const json = join(dir, '模板.json');
    writeFileSync(json, templateToJson({ ...builtinTemplate('PG', 2)!, name: '某省行政处罚案卷评查标准' }));
    await refusedOverHttp((p) => http.templates.import({ path: p }), json);
    expect(await ipc.templates.import({ path: json })).toMatchObject({ key: 'PG', name: '某省行政处罚案卷评查标准' });

    const xlsx = join(dir, 'template-example.xlsx');
    copyFileSync(join(DOCS, 'template-example.xlsx'), xlsx);
    await refusedOverHttp((p) => http.templates.importXlsx({ path: p }), xlsx);
    const fromXlsx = await ipc.templates.importXlsx({ path: xlsx });
    expect(fromXlsx.itemCount).toBeGreaterThan(0);
    expect(fromXlsx.source).toBe('imported');
  });

  it('consensus.lodgeObjection attachments', async () => {
    const path = join(dir, '异议书.txt');
    writeFileSync(path, '补充说明');
    const input = (p: string) => ({ dossierId: '00000000-0000-7000-8000-000000000000', itemCodes: ['A1'], objector: '某局', lodgedOn: '2025-09-04', grounds: '理由', files: [{ path: p }] });
    await refusedOverHttp((p) => http.consensus.lodgeObjection(input(p)), path);
    // Over IPC the path is read (a missing one is named) before the objection itself is checked.
    await expect(ipc.consensus.lodgeObjection(input(join(dir, '没有.txt')))).rejects.toThrow(/无法读取异议附件“.*没有\.txt”：文件不存在/);
    await expect(ipc.consensus.lodgeObjection(input(path))).rejects.toMatchObject({ code: 'not_found' });
  });
});
