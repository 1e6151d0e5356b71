/**
 * `package …`: signed, encrypted packages between laptops (docs/packages.md). `export` and `import`
 * dispatch on the package kind: each kind adds one line to EXPORTERS / IMPORTERS, its code lives in
 * its own module (package-results.ts, …).
 */
import { resolve } from 'node:path';
import type { PackageKind } from '../../core/packages';
import { inspectPackage } from '../../core/packages';
import type { CommandEnv, CommandOutput, CommandTable, Invocation } from '../command';
import { UsageError } from '../errors';
import { formatFields } from '../format';
import { DB_HELP, CAMPAIGN_HELP, requireString } from './options';
import { exportResultsPackage, importResultsPackage, resultsAckCommands } from './package-results';

type PackageStep = (args: Invocation, env: CommandEnv, usage: string) => Promise<CommandOutput>;
const EXPORTERS: Partial<Record<PackageKind, PackageStep>> = {
  results: exportResultsPackage,
};
const IMPORTERS: Partial<Record<PackageKind, PackageStep>> = {
  results: importResultsPackage,
};

const EXPORT_USAGE = 'package export --db 文件 --campaign ID --kind campaign|results [--team 评查组] --out 文件 --passphrase-file 文件 [--since-last] [--json]';
const IMPORT_USAGE = 'package import --db 文件 --in 文件 --passphrase-file 文件 [--confirm-fingerprint 指纹] [--receipt-out 文件] [--json]';

const INSPECT_USAGE = 'package inspect --in 文件 [--verify] [--json]';
const KIND_LABELS = { campaign: '活动包（法制机构 → 评查组）', results: '成果包（评查组 → 法制机构）' } as const;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const packageCommands: CommandTable = {
  'package export': {
    summary: '导出数据包：活动包（法制机构 → 评查组）或成果包（评查组 → 法制机构）',
    usage: EXPORT_USAGE,
    options: {
      db: { type: 'string' }, campaign: { type: 'string' }, kind: { type: 'string' }, team: { type: 'string' },
      out: { type: 'string' }, 'passphrase-file': { type: 'string' }, 'since-last': { type: 'boolean' },
    },
    optionHelp: [
      DB_HELP,
      CAMPAIGN_HELP,
      { flag: '--kind campaign|results', description: 'campaign 活动包；results 成果包' },
      { flag: '--team 评查组', description: '活动包：为哪个评查组制作' },
      { flag: '--out 文件', description: '数据包文件（超过分卷大小时写成 文件.001、文件.002 …）' },
      { flag: '--passphrase-file 文件', description: '活动口令所在的文本文件（口令不写在命令行上）' },
      { flag: '--since-last', description: '成果包：只含法制机构确认收到的上一个成果包之后的改动' },
    ],
    async run(args, env) {
      const kind = requireString(args, 'kind', '数据包类型 campaign 或 results', EXPORT_USAGE);
      const exporter = EXPORTERS[kind as PackageKind];
      if (!exporter) throw new UsageError(`数据包类型应为 ${Object.keys(EXPORTERS).join('、')}（收到“${kind}”）`, EXPORT_USAGE);
      return exporter(args, env, EXPORT_USAGE);
    },
  },
  'package import': {
    summary: '导入数据包（类型由包头决定；成果包在法制机构合并）',
    usage: IMPORT_USAGE,
    options: {
      db: { type: 'string' }, in: { type: 'string' }, 'passphrase-file': { type: 'string' }, 'confirm-fingerprint': { type: 'string' }, 'receipt-out': { type: 'string' },
    },
    optionHelp: [
      DB_HELP,
      { flag: '--in 文件', description: '数据包文件（分卷包给出不带编号的名称或 .001）' },
      { flag: '--passphrase-file 文件', description: '活动口令所在的文本文件' },
      { flag: '--confirm-fingerprint 指纹', description: '首次导入某台电脑的成果包时：与评查组核对过的签名指纹' },
      { flag: '--receipt-out 文件', description: '成果包：写出法制机构签名的回执，交评查组电脑 package ack' },
    ],
    async run(args, env) {
      const file = resolve(requireString(args, 'in', '数据包文件', IMPORT_USAGE));
      const info = await inspectPackage(file);
      const importer = IMPORTERS[info.kind];
      if (!importer) throw new UsageError(`尚不能导入这类数据包（${KIND_LABELS[info.kind]}）`, IMPORT_USAGE);
      return importer(args, env, IMPORT_USAGE);
    },
  },
  'package inspect': {
    summary: '查看数据包的包头、签名电脑指纹与大小（无需口令）',
    usage: INSPECT_USAGE,
    options: { in: { type: 'string' }, verify: { type: 'boolean' } },
    optionHelp: [
      { flag: '--in 文件', description: '数据包文件（分卷包给出不带编号的名称或 .001）' },
      { flag: '--verify', description: '同时通读全部分卷、核对签名（不解密）' },
    ],
    async run(args) {
      const file = resolve(requireString(args, 'in', '数据包文件', INSPECT_USAGE));
      const info = await inspectPackage(file, { verifySignature: args.values.verify === true });
      const fields: [string, string][] = [
        ['文件', info.parts.map((p) => `${p.path}（${mb(p.bytes)}）`).join('\n')],
        ['格式版本', String(info.formatVersion)],
        ['类型', KIND_LABELS[info.kind]],
        ['评查活动 ID', info.campaignId],
        ['生成时间', info.createdAt],
        ['签名电脑指纹', info.signerFingerprint],
        ['大小', `${mb(info.totalBytes)}（内容 ${mb(info.plainBytes)}，${info.chunkCount} 个数据块）`],
      ];
      if (info.signatureValid !== undefined) fields.push(['签名', info.signatureValid ? '有效' : '无效（数据包已被改动或损坏）']);
      return {
        json: info,
        text: formatFields(fields),
        failure: info.signatureValid === false ? `数据包“${info.file}”的签名无效：已被改动或损坏。` : undefined,
      };
    },
  },
  ...resultsAckCommands,
};
