/** Reviewer roster import (#18): the one reader the CLI and the 评查人员与分配 panel share, CSV and XLSX. */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import { AppError } from '../../shared/errors';
import { encodeCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('roster import', () => {
  const tempDir = useTempDir();
  let core: Core;
  afterEach(() => core?.close());

  async function start(transport: 'test' | 'http' = 'test'): Promise<{ api: Api; campaignId: string }> {
    core = await openCore(join(tempDir(), 'roster.sqlite'));
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: '法制科', transport }));
    const campaign = await api.campaigns.create({ name: '名单导入', year: 2025 });
    return { api, campaignId: campaign.id };
  }

  it('reads a GBK CSV with 评查组 and roles; importing again changes nothing; a changed role or team is updated and audited', async () => {
    const { api, campaignId } = await start();
    const csv = ['姓名,单位,角色,证书编号,评查组', '甲评查,示例律师事务所,评查员,A001,一组', '王组长,示例市司法局,组长,,一组', '李组长,示例市司法局,评查组长,,二组', '赵法制,示例市司法局,法制机构,,'].join('\r\n');
    const file = { name: '名单.csv', dataBase64: b64(encodeCsv(csv, 'gbk')) };
    const first = await api.reviewers.importRoster({ campaignId, file });
    expect(first.added.map((r) => [r.name, r.role, r.team, r.certNo])).toEqual([
      ['甲评查', 'reviewer', '一组', 'A001'],
      ['王组长', 'leader', '一组', null],
      ['李组长', 'leader', '二组', null],
      ['赵法制', 'legal_office', '', null],
    ]);
    expect(await api.reviewers.importRoster({ campaignId, file })).toEqual({ added: [], updated: [], unchanged: 4 });

    const moved = csv.replace('李组长,示例市司法局,评查组长,,二组', '李组长,示例市司法局,评查员,,一组');
    const again = await api.reviewers.importRoster({ campaignId, file: { name: '名单2.csv', dataBase64: b64(encodeCsv(moved, 'utf-8')) } });
    expect(again.updated.map((r) => [r.name, r.role, r.team])).toEqual([['李组长', 'reviewer', '一组']]);
    expect(again.unchanged).toBe(3);
    const li = again.updated[0];
    const log = await api.audit.list({ entityId: li.id, limit: 10 });
    expect(log[0]).toMatchObject({ action: 'update', actor: '法制科', before: { role: 'leader', team: '二组' }, after: { role: 'reviewer', team: '一组' } });
  });

  it('reads an XLSX roster with the same columns', async () => {
    const { api, campaignId } = await start();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('评查人员');
    ws.addRow(['姓名', '所在单位', '职责', '联系电话', '组别']);
    ws.addRow(['钱评查', '示例市司法局', '评查员', '13800000000', '二组']);
    ws.addRow(['孙组长', '示例市司法局', '组长', '', '二组']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const res = await api.reviewers.importRoster({ campaignId, file: { name: '名单.xlsx', dataBase64: b64(bytes) } });
    expect(res.added.map((r) => [r.name, r.role, r.team, r.phone])).toEqual([
      ['钱评查', 'reviewer', '二组', '13800000000'],
      ['孙组长', 'leader', '二组', null],
    ]);
  });

  it('a bad row refuses the whole file, naming the file, the row and the field; nothing is stored', async () => {
    const { api, campaignId } = await start();
    const csv = ['姓名,单位,角色', '甲评查,示例律师事务所,评查员', ',示例市司法局,组长', '乙评查,示例市司法局,局长', '甲评查,示例律师事务所,组长'].join('\n');
    const err = await api.reviewers.importRoster({ campaignId, file: { name: '坏名单.csv', dataBase64: b64(Buffer.from(csv)) } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_argument');
    const msg = (err as AppError).message;
    expect(msg).toContain('坏名单.csv');
    expect(msg).toContain('第 3 行：姓名为空');
    expect(msg).toContain('第 4 行：角色“局长”无法识别');
    expect(msg).toContain('第 5 行：“甲评查”（示例律师事务所）与第 2 行重复');
    expect(await api.reviewers.list({ campaignId })).toEqual([]);
    const noUnit = await api.reviewers.importRoster({ campaignId, file: { name: '缺列.csv', dataBase64: b64(Buffer.from('姓名,角色\n甲,评查员')) } }).catch((e: unknown) => e);
    expect((noUnit as AppError).message).toContain('缺少“单位”列');
  });

  it('over HTTP a file must be uploaded, not named by path', async () => {
    const { api, campaignId } = await start('http');
    const err = await api.reviewers.importRoster({ campaignId, file: { path: '/etc/passwd' } }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('invalid_argument');
    expect((err as AppError).message).toContain('不能按路径读取');
  });
});
