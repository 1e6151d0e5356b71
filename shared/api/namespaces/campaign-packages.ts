import { z } from 'zod';
import { job, query } from '../define';
import { Id } from './common';

/**
 * The campaign package (法制机构 → 评查组, docs/packages.md): the office writes one team's slice of a
 * campaign to a file (a USB stick), a team laptop with an empty store imports it. Files are named by
 * path: packages run to gigabytes, which no upload or download should carry; the loopback host and
 * IPC only ever serve this machine's own window.
 */

export const PASSPHRASE_MIN = 8;

export const PackageTeam = z.object({
  /** As in the roster's 评查组 column ('' = reviewers without a team). */
  team: z.string(),
  reviewers: z.number().int(),
  dossiers: z.number().int(),
  pdfs: z.number().int(),
  pdfBytes: z.number().int(),
});
export type PackageTeam = z.infer<typeof PackageTeam>;

export const CampaignPackageExportInput = z.object({
  campaignId: Id,
  team: z.string().trim().max(50),
  out: z.string().trim().min(1, '请填写活动包的保存位置（文件路径）'),
  passphrase: z.string().min(PASSPHRASE_MIN, `活动口令至少 ${PASSPHRASE_MIN} 个字符`).max(1024),
  /** Split into parts of this many MiB (default: just under 4 GiB, for FAT32 USB sticks). */
  partSizeMb: z.number().int().min(1).max(4095).optional(),
});

export const CampaignPackageExportResult = z.object({
  campaignId: Id,
  team: z.string(),
  /** The files written: one, or numbered parts (.001, .002, …). */
  files: z.array(z.string()),
  totalBytes: z.number().int(),
  reviewers: z.number().int(),
  dossiers: z.number().int(),
  assignments: z.number().int(),
  pdfs: z.number().int(),
  pdfBytes: z.number().int(),
  signerFingerprint: z.string(),
});
export type CampaignPackageExportResult = z.infer<typeof CampaignPackageExportResult>;

export const TableCounts = z.object({ table: z.string(), added: z.number().int(), changed: z.number().int(), unchanged: z.number().int() });

export const CampaignPackageImportResult = z.object({
  campaignId: Id,
  campaignName: z.string(),
  team: z.string(),
  officeFingerprint: z.string(),
  /** false: this campaign was already here, from the same office (nothing of the laptop's is replaced). */
  firstImport: z.boolean(),
  added: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  tables: z.array(TableCounts),
  pdfsAdded: z.number().int(),
  pdfsUnchanged: z.number().int(),
  reviewers: z.number().int(),
  dossiers: z.number().int(),
  assignments: z.number().int(),
});
export type CampaignPackageImportResult = z.infer<typeof CampaignPackageImportResult>;

/** A package's header, read without the passphrase. */
export const PackageHeader = z.object({
  file: z.string(),
  parts: z.array(z.object({ path: z.string(), bytes: z.number().int() })),
  formatVersion: z.number().int(),
  kind: z.enum(['campaign', 'results']),
  campaignId: z.string(),
  createdAt: z.string(),
  signerFingerprint: z.string(),
  totalBytes: z.number().int(),
  plainBytes: z.number().int(),
});
export type PackageHeader = z.infer<typeof PackageHeader>;

export const CampaignOriginDto = z.object({
  campaignId: Id,
  team: z.string(),
  officeFingerprint: z.string(),
  packageCreatedAt: z.string(),
  importedAt: z.string(),
  importedBy: z.string(),
});
export type CampaignOriginDto = z.infer<typeof CampaignOriginDto>;

export const campaignPackages = {
  teams: query('本活动各评查组及其活动包将包含的人员、案卷与 PDF', z.object({ campaignId: Id }), z.array(PackageTeam)),
  export: job('为一个评查组生成活动包（加密、签名；大包分卷）', CampaignPackageExportInput, CampaignPackageExportResult),
  inspect: query('查看数据包的包头（类型、评查活动、签名电脑指纹、大小；无需口令）', z.object({ file: z.string().trim().min(1, '请填写数据包文件的路径') }), PackageHeader),
  import: job(
    '把活动包导入本机（只能导入到没有评查活动的数据库，或再次导入同一活动）',
    z.object({ file: z.string().trim().min(1, '请填写活动包文件的路径'), passphrase: z.string().min(1, '请填写活动口令').max(1024) }),
    CampaignPackageImportResult,
  ),
  origins: query('本机评查活动的来源（导入的活动包及法制机构签名指纹）', z.object({}), z.array(CampaignOriginDto)),
};
