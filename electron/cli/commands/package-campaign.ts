/**
 * The campaign-package branches of `package export` / `package import` (法制机构 → 评查组). They
 * run the same jobs the UI starts (campaignPackages.export / .import), so the CLI gets the same
 * checks, refusals and audit entries.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { JobId } from '../../../shared/api/define';
import type { CampaignPackageImportResult } from '../../../shared/api/namespaces/campaign-packages';
import { AppError } from '../../../shared/errors';
import type { Core } from '../../core';
import type { CommandEnv, CommandOutput, Invocation } from '../command';
import { UsageError } from '../errors';
import { formatFields, formatTable } from '../format';
import { requireDb, stringOption, withApi } from '../session';
import { intOption, requireString } from './options';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The passphrase from a file (never from the command line, where `ps` and the shell history see it). */
export function readPassphrase(args: Invocation, usage: string): string {
  const file = requireString(args, 'passphrase-file', '存放活动口令的文件', usage);
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch {
    throw new AppError('bad_input', `无法读取口令文件“${file}”。`, { file });
  }
  const passphrase = text.replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
  if (!passphrase) throw new AppError('bad_input', `口令文件“${file}”是空的。`, { file });
  return passphrase;
}

async function finished<R>(core: Core, jobId: JobId<R>, what: string): Promise<R> {
  const done = await core.context.jobs.wait(jobId);
  if (done.status !== 'done') throw new AppError((done.error?.code as 'internal') ?? 'internal', done.error?.message ?? `${what}失败。`, done.error?.details);
  return done.result as R;
}

export async function exportCampaignPackageCommand(args: Invocation, env: CommandEnv, usage: string): Promise<CommandOutput> {
  const db = requireDb(args, usage);
  const campaignId = requireString(args, 'campaign', '评查活动 ID', usage);
  const team = stringOption(args, 'team');
  if (team === undefined) throw new UsageError('缺少必需的选项 --team（评查组名称，与评查人员名单的“评查组”列一致）', usage);
  const out = requireString(args, 'out', '活动包文件的路径', usage);
  const passphrase = readPassphrase(args, usage);
  const partSizeMb = intOption(args, 'part-size-mb', '分卷大小（MB）');
  const result = await withApi(db, env, async (api, core) =>
    finished(core, (await api.campaignPackages.export({ campaignId, team, out, passphrase, partSizeMb })).jobId, '生成活动包'),
  );
  const text = formatFields([
    ['活动包', result.files.join('\n')],
    ['评查组', result.team || '（未分组）'],
    ['内容', `评查人员 ${result.reviewers} 名，案卷 ${result.dossiers} 卷（分配 ${result.assignments} 条），卷宗 PDF ${result.pdfs} 份（${mb(result.pdfBytes)}）`],
    ['大小', mb(result.totalBytes)],
    ['签名电脑指纹', result.signerFingerprint],
  ]);
  return { json: result, text };
}

export async function importCampaignPackageCommand(args: Invocation, env: CommandEnv, usage: string): Promise<CommandOutput> {
  const db = requireDb(args, usage);
  const file = requireString(args, 'in', '活动包文件', usage);
  const passphrase = readPassphrase(args, usage);
  // A new team laptop has no store yet: the import makes it.
  const r: CampaignPackageImportResult = await withApi(
    db,
    env,
    async (api, core) => finished(core, (await api.campaignPackages.import({ file, passphrase })).jobId, '导入活动包'),
    { mustExist: false },
  );
  const text = [
    formatFields([
      ['评查活动', `${r.campaignName}（${r.campaignId}）`],
      ['评查组', r.team || '（未分组）'],
      ['法制机构签名指纹', r.officeFingerprint],
      ['结果', r.firstImport ? '已导入，可以开始评查' : '本活动此前已导入：只补入新增的内容，本机已有的不变'],
      ['合计', `新增 ${r.added} 条，更新 ${r.changed} 条，不变 ${r.unchanged} 条；卷宗 PDF 新增 ${r.pdfsAdded} 份，已有 ${r.pdfsUnchanged} 份`],
    ]),
    formatTable(['数据表', '新增', '更新', '不变'], r.tables.map((t) => [t.table, String(t.added), String(t.changed), String(t.unchanged)])),
  ].join('\n\n');
  // What the issue asks every package import to print: added, changed, unchanged, in conflict (never for a campaign package).
  return { json: { kind: 'campaign', ...r, conflicts: 0 }, text };
}
