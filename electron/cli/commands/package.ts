/** `package …`: signed, encrypted packages between laptops (docs/packages.md). Only `inspect` so far. */
import { resolve } from 'node:path';
import { inspectPackage } from '../../core/packages';
import type { CommandTable } from '../command';
import { formatFields } from '../format';
import { requireString } from './options';

const INSPECT_USAGE = 'package inspect --in 文件 [--verify] [--json]';
const KIND_LABELS = { campaign: '活动包（法制机构 → 评查组）', results: '成果包（评查组 → 法制机构）' } as const;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const packageCommands: CommandTable = {
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
};
