/** The results branch of `package export` / `package import` (team laptop → legal office; docs/packages.md). */
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Api } from '../../../shared/api/contract';
import { receiptFileName } from '../../../shared/api/namespaces/results';
import { AppError } from '../../../shared/errors';
import type { Core } from '../../core';
import { inspectPackage } from '../../core/packages';
import { exportResults } from '../../core/packages/results';
import type { CommandEnv, CommandOutput, CommandTable, Invocation } from '../command';
import { formatFields } from '../format';
import { requireDb, stringOption, withApi } from '../session';
import { DB_HELP, requireString } from './options';
import { readPassphrase } from './package-passphrase';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

export async function exportResultsPackage(args: Invocation, env: CommandEnv, usage: string): Promise<CommandOutput> {
  const db = requireDb(args, usage);
  const campaignId = requireString(args, 'campaign', '评查活动 ID', usage);
  const out = resolve(requireString(args, 'out', '数据包文件', usage));
  const passphrase = readPassphrase(args, usage);
  const result = await withApi(db, env, (_api, core) =>
    exportResults(core.context, { campaignId, out, passphrase, sinceLast: args.values['since-last'] === true, actor: env.actor }),
  );
  const text = formatFields([
    ['成果包', result.files.join('\n')],
    ['方式', result.mode === 'full' ? '完整' : `增量（自已确认的导出 ${result.sinceExportId} 之后）`],
    ['评查', `${result.reviews} 份（${result.answers} 项评查结论）`],
    ['问题处理', String(result.findings)],
    ['事实更正', String(result.facts)],
    ['文书目录更正', String(result.documentMaps)],
    ['审计记录', `${result.auditEntries} 条（第 ${result.auditFrom}–${result.auditTo} 条）`],
    ['大小', mb(result.totalBytes)],
    ['本机签名指纹', result.signerFingerprint],
  ]);
  return { json: result, text };
}

type ImportResult = Awaited<ReturnType<typeof importOne>>;
type Counts = { added: number; changed: number; unchanged: number; conflict: number };

const normaliseFingerprint = (s: string) => s.replace(/[^0-9a-f]/gi, '').toUpperCase();

async function importOne(api: Api, core: Core, file: string, passphrase: string, confirmed: string[], receiptOut: string | undefined) {
  // Several laptops' fingerprints may be confirmed at once: give each package the one that is its own.
  const fp = normaliseFingerprint((await inspectPackage(file)).signerFingerprint);
  const confirmFingerprint = confirmed.find((c) => normaliseFingerprint(c) === fp) ?? confirmed[0];
  const { jobId } = await api.results.startImport({ source: { kind: 'path', path: file }, passphrase, confirmFingerprint });
  const done = await core.context.jobs.wait(jobId);
  if (done.status !== 'done') throw new AppError((done.error?.code as 'bad_input') ?? 'internal', done.error?.message ?? '导入失败。', done.error?.details);
  // The same function as 成果汇总's 保存回执: the file, and the record that it was issued.
  if (receiptOut) await api.results.saveReceipt({ importId: done.result!.importId, out: receiptOut });
  return done.result!;
}

const countsText = (x: Counts) => `新增 ${x.added}，更新 ${x.changed}，未变 ${x.unchanged}，冲突 ${x.conflict}`;

function resultText(result: ImportResult, receiptOut: string | undefined): string {
  return formatFields([
    ['成果包', result.file],
    ['来自电脑', `${result.laptop.fingerprint}${result.laptop.firstImport ? '（首次导入，已登记）' : ''}${result.laptop.label ? ` ${result.laptop.label}` : ''}`],
    ['评查', countsText(result.reviews)],
    ['问题处理', countsText(result.findings)],
    ['事实更正', countsText(result.facts)],
    ['文书目录更正', countsText(result.documentMaps)],
    ['审计记录', `收到 ${result.auditEntries.received} 条，新增 ${result.auditEntries.new} 条`],
    ['待处理冲突', String(result.openConflicts)],
    ...(receiptOut ? [['回执', `${receiptOut}（交评查组电脑 package ack）`] as [string, string]] : []),
  ]);
}

/**
 * One results package, or a stack of them (`--in a b c …`) merged one after another in one session:
 * packages of one campaign share their scrypt salt, so the key is derived once (docs/packages.md).
 * Each package is all or nothing; a refused one stops the stack, and the message says which were merged.
 */
export async function importResultsPackage(args: Invocation, env: CommandEnv, usage: string): Promise<CommandOutput> {
  const db = requireDb(args, usage);
  const files = [requireString(args, 'in', '数据包文件', usage), ...args.positionals].map((f) => resolve(f));
  const passphrase = readPassphrase(args, usage);
  const confirmed = (stringOption(args, 'confirm-fingerprint') ?? '').split(/[,，]/).map((s) => s.trim()).filter(Boolean);
  const receiptArg = stringOption(args, 'receipt-out');
  // Several packages: --receipt-out names a folder, one receipt per package beside its name.
  const receiptFor = (file: string) =>
    !receiptArg ? undefined : files.length === 1 ? resolve(receiptArg) : join(resolve(receiptArg), receiptFileName(basename(file)));
  if (receiptArg && files.length > 1) mkdirSync(resolve(receiptArg), { recursive: true });
  const results = await withApi(db, env, async (api, core) => {
    const merged: ImportResult[] = [];
    for (const file of files) {
      try {
        merged.push(await importOne(api, core, file, passphrase, confirmed, receiptFor(file)));
      } catch (err) {
        if (!merged.length || !(err instanceof AppError)) throw err;
        const rest = files.length - merged.length - 1;
        throw new AppError(err.code, `${err.message}此前的 ${merged.length} 个成果包已合并（${merged.map((r) => r.file).join('、')}）${rest ? `，其后的 ${rest} 个未处理` : ''}。`, err.details);
      }
    }
    return merged;
  });
  if (results.length === 1) {
    const [result] = results;
    return {
      json: { added: result.totals.added, changed: result.totals.changed, unchanged: result.totals.unchanged, conflict: result.totals.conflict, ...result },
      text: resultText(result, receiptFor(files[0])),
    };
  }
  const sum = (k: keyof Counts) => results.reduce((n, r) => n + r.totals[k], 0);
  const totals = { added: sum('added'), changed: sum('changed'), unchanged: sum('unchanged'), conflict: sum('conflict') };
  const text = [`共合并 ${results.length} 个成果包：${countsText(totals)}`, ...results.map((r, i) => resultText(r, receiptFor(files[i])))].join('\n\n');
  return { json: { ...totals, packages: results }, text };
}

const ACK_USAGE = 'package ack --db 文件 --in 回执文件 [--campaign 评查活动ID] [--json]';

/** On the team laptop: record the office's receipt, so `--since-last` starts after that package. */
export const resultsAckCommands: CommandTable = {
  'package ack': {
    summary: '记录法制机构的成果包回执（之后的 --since-last 只导出此后的改动）',
    usage: ACK_USAGE,
    options: { db: { type: 'string' }, in: { type: 'string' }, campaign: { type: 'string' } },
    optionHelp: [
      DB_HELP,
      { flag: '--in 回执文件', description: '法制机构导入成果包时生成的回执（package import --receipt-out）' },
      { flag: '--campaign 评查活动ID', description: '只接受这个评查活动的回执（可选）' },
    ],
    async run(args, env) {
      const db = requireDb(args, ACK_USAGE);
      const path = resolve(requireString(args, 'in', '回执文件', ACK_USAGE));
      let receipt: unknown;
      try {
        receipt = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        throw new AppError('bad_input', `无法读取回执文件（不是 JSON）：${path}`);
      }
      const campaignId = stringOption(args, 'campaign');
      const r = await withApi(db, env, (api) => api.results.acknowledge({ receipt, ...(campaignId ? { campaignId } : {}) }));
      return { json: r, text: `已记录回执：成果包 ${r.exportId}${r.alreadyAcknowledged ? '（此前已记录）' : ''}，法制机构指纹 ${r.officeFingerprint}` };
    },
  },
};
