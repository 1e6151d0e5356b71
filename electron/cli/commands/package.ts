/** `package …`: signed, encrypted packages between laptops (docs/packages.md). */
import { resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import { inspectPackage, type PackageKind } from '../../core/packages';
import type { CommandEnv, CommandOutput, CommandTable, Invocation } from '../command';
import { UsageError } from '../errors';
import { formatFields } from '../format';
import { CAMPAIGN_HELP, DB_HELP, requireString } from './options';
import { exportCampaignPackageCommand, importCampaignPackageCommand } from './package-campaign';
import { exportResultsPackage, importResultsPackage, resultsAckCommands } from './package-results';

const EXPORT_USAGE =
  'package export --db 文件 --campaign ID --kind campaign|results [--team 评查组] --out 文件 --passphrase-file 口令文件 [--since-last] [--part-size-mb N] [--json]';
const IMPORT_USAGE = 'package import --db 文件 --in 文件 [更多成果包文件 …] --passphrase-file 口令文件 [--confirm-fingerprint 指纹[,指纹 …]] [--receipt-out 文件] [--json]';

type KindBranch = (args: Invocation, env: CommandEnv, usage: string) => Promise<CommandOutput>;

/**
 * One branch per package kind. The kind of an import is read from the package's own header, so a
 * clerk never has to say which one it is. Kinds without a branch yet are refused by name.
 */
const EXPORT_BY_KIND: Partial<Record<PackageKind, KindBranch>> = {
  campaign: exportCampaignPackageCommand,
  results: exportResultsPackage,
};
const IMPORT_BY_KIND: Partial<Record<PackageKind, KindBranch>> = {
  campaign: importCampaignPackageCommand,
  results: importResultsPackage,
};

const INSPECT_USAGE = 'package inspect --in 文件 [--verify] [--json]';
const KIND_LABELS = { campaign: '活动包（法制机构 → 评查组）', results: '成果包（评查组 → 法制机构）' } as const;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const packageCommands: CommandTable = {
  'package export': {
    summary: '生成数据包：活动包（法制机构 → 评查组）或成果包（评查组 → 法制机构）',
    usage: EXPORT_USAGE,
    options: {
      db: { type: 'string' }, campaign: { type: 'string' }, kind: { type: 'string' }, team: { type: 'string' },
      out: { type: 'string' }, 'passphrase-file': { type: 'string' }, 'part-size-mb': { type: 'string' }, 'since-last': { type: 'boolean' },
    },
    optionHelp: [
      DB_HELP,
      CAMPAIGN_HELP,
      { flag: '--kind campaign|results', description: '数据包类型：campaign = 活动包（发给一个评查组）；results = 成果包（评查组电脑交回法制机构）' },
      { flag: '--team 评查组', description: '活动包发给哪个评查组（评查人员名单的“评查组”列）' },
      { flag: '--out 文件', description: '数据包文件（超过分卷大小时写成 文件.001、文件.002 …）' },
      { flag: '--passphrase-file 口令文件', description: '存放活动口令的文本文件（至少 8 个字符；评查组导入时需要同一口令）' },
      { flag: '--part-size-mb N', description: '分卷大小，MB（默认略小于 4 GB，适合 FAT32 U 盘）' },
      { flag: '--since-last', description: '成果包：只含法制机构回执确认的上一个成果包之后的改动' },
    ],
    async run(args, env) {
      const kind = requireString(args, 'kind', '数据包类型', EXPORT_USAGE) as PackageKind;
      const branch = Object.hasOwn(EXPORT_BY_KIND, kind) ? EXPORT_BY_KIND[kind] : undefined;
      if (!branch) throw new UsageError(`数据包类型应为 ${Object.keys(EXPORT_BY_KIND).join('、')}（收到“${kind}”）`, EXPORT_USAGE);
      return branch(args, env, EXPORT_USAGE);
    },
  },
  'package import': {
    summary: '导入数据包（类型由包头决定）：活动包导入评查组的空白电脑；成果包在法制机构合并',
    usage: IMPORT_USAGE,
    // Further results packages after --in's (a stack from the USB stick: one session, one key derivation).
    maxPositionals: 999,
    options: {
      db: { type: 'string' }, in: { type: 'string' }, 'passphrase-file': { type: 'string' },
      'confirm-fingerprint': { type: 'string' }, 'receipt-out': { type: 'string' },
    },
    optionHelp: [
      { flag: '--db 文件', description: '评查数据库文件（活动包：不存在时新建）' },
      { flag: '--in 文件 [更多文件 …]', description: '数据包文件（分卷包给出不带编号的名称或 .001）；成果包可一次给出多个，依次合并' },
      { flag: '--passphrase-file 口令文件', description: '存放活动口令的文本文件' },
      { flag: '--confirm-fingerprint 指纹[,指纹 …]', description: '成果包：首次导入某台电脑的成果包时，与评查组核对过的签名指纹（多台电脑用逗号分隔）' },
      { flag: '--receipt-out 文件', description: '成果包：写出法制机构签名的回执，交评查组电脑 package ack' },
    ],
    async run(args, env) {
      const file = resolve(requireString(args, 'in', '数据包文件', IMPORT_USAGE));
      const { kind } = await inspectPackage(file);
      if (kind !== 'results' && args.positionals.length) throw new UsageError('一次只能导入一个活动包（多个文件只适用于成果包）', IMPORT_USAGE);
      const branch = IMPORT_BY_KIND[kind];
      if (!branch) throw new AppError('bad_input', `数据包“${file}”是${KIND_LABELS[kind]}，本程序暂不能导入这类数据包，未导入任何内容。`, { reason: 'other_kind', file });
      return branch(args, env, IMPORT_USAGE);
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
