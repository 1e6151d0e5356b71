import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import { generateRegisterRows, registerToCsv, type RegisterRowData } from '../fixtures/registers';

export const callCtx = { actor: '李评查', transport: 'test' as const };

export const LATE_COMPUTATION =
  '决定日期 2024-05-06，送达日期 2024-05-16；期限 7 个工作日（第八十五条），5月11日为调休上班日，届满 2024-05-14；超期 2 个工作日';

/** Two 一般程序 penalty rows rewritten to a known date chain: one served late, one with no service date. */
export function plantedRows(): { rows: RegisterRowData[]; late: string; missing: string } {
  const rows = generateRegisterRows({ seed: 20240506, count: 40 });
  const pg = rows.filter((r) => r.案件类型 === '行政处罚' && r.程序类型 === '一般程序');
  if (pg.length < 2) throw new Error('fixture has too few 一般程序 rows');
  const chain = (r: RegisterRowData, served: string) =>
    Object.assign(r, {
      发现日期: '2024-03-01',
      立案日期: '2024-03-04',
      告知日期: '2024-04-10',
      告知送达日期: '2024-04-12',
      听证申请日期: '',
      听证通知日期: '',
      听证日期: '',
      决定日期: '2024-05-06',
      决定送达日期: served,
      缴款日期: '2024-05-20',
      结案日期: '2024-05-30',
    });
  chain(pg[0], '2024-05-16');
  chain(pg[1], '');
  return { rows, late: pg[0].案卷编号, missing: pg[1].案卷编号 };
}

export interface CheckHarness {
  core: Core;
  api: Api;
  campaignId: string;
  late: string;
  missing: string;
  dossierCount: number;
}

/** A store with one campaign whose register (with the two planted rows) was imported through the API. */
export async function openCheckHarness(dir: string, file = 'store.sqlite'): Promise<CheckHarness> {
  const core = await openCore(join(dir, file));
  const api = createApiClient(async (method, input) =>
    JSON.parse(JSON.stringify(await core.dispatch(method, JSON.parse(JSON.stringify(input)), callCtx))),
  );
  const campaign = await api.campaigns.create({ name: '2024年度行政执法案卷评查', year: 2024, organiser: '示例市司法局' });
  const { rows, late, missing } = plantedRows();
  const csv = Buffer.from(registerToCsv(rows), 'utf8').toString('base64');
  const res = await api.registers.import({ campaignId: campaign.id, files: [{ name: '案卷目录.csv', dataBase64: csv }] });
  if (res.errors.length) throw new Error(`import failed: ${JSON.stringify(res.errors.slice(0, 3))}`);
  return { core, api, campaignId: campaign.id, late, missing, dossierCount: res.imported };
}
