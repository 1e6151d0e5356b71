import { z } from 'zod';
import { job, mutation, query } from '../define';
import { Id } from './common';

/**
 * Results packages and the merge at the legal office (issue #18, docs/packages.md). A team laptop
 * exports its results (`export`); the office imports them (`startImport`, a job with progress), sees
 * the laptops it knows with their fingerprints, the merged reviews (with the "changed since sign-off"
 * mark) and the conflicts side by side, and chooses (`resolveConflict`, recorded in the audit log).
 */
const Counts = z.object({ added: z.number().int(), changed: z.number().int(), unchanged: z.number().int(), conflict: z.number().int() });
export type MergeCounts = z.infer<typeof Counts>;

export const MergeKindSchema = z.enum(['review', 'facts', 'document_map', 'finding']);
export type MergeKind = z.infer<typeof MergeKindSchema>;

export const ResultsImportResult = z.object({
  importId: z.string(),
  exportId: z.string(),
  campaignId: z.string(),
  file: z.string(),
  mode: z.enum(['full', 'incremental']),
  laptop: z.object({ storeId: z.string(), fingerprint: z.string(), firstImport: z.boolean(), label: z.string() }),
  reviews: Counts,
  findings: Counts,
  facts: Counts,
  documentMaps: Counts,
  totals: Counts,
  auditEntries: z.object({ received: z.number().int(), new: z.number().int(), headSeq: z.number().int() }),
  openConflicts: z.number().int(),
  stale: z.boolean(),
  /** The laptop's signed audit chain head the package carried (the chain was checked to end there); null for packages from before it travelled. */
  signedHead: z.object({ seq: z.number().int(), signedAt: z.string() }).nullable().optional(),
});
export type ResultsImportResult = z.infer<typeof ResultsImportResult>;

export const ResultsImportInput = z.object({
  /** The package file: uploaded (the UI) or a path (the app's system dialog, the CLI, tests; refused over HTTP). */
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('upload'), name: z.string().trim().min(1), dataBase64: z.string().min(1, '数据包为空') }),
    z.object({ kind: z.literal('path'), path: z.string().trim().min(1, '请给出数据包路径') }),
  ]),
  passphrase: z.string().min(1, '请输入活动口令'),
  /** The signer's fingerprint as confirmed with the team: needed the first time a laptop's package is imported. */
  confirmFingerprint: z.string().optional(),
});

export const PackageSigner = z.object({
  file: z.string(),
  kind: z.enum(['campaign', 'results']),
  campaignId: z.string(),
  createdAt: z.string(),
  fingerprint: z.string(),
  /** This key is a laptop the office already recorded (then no confirmation is needed). */
  knownLaptop: z.object({ label: z.string(), firstImportAt: z.string() }).nullable(),
  /** The key is unknown here: the clerk must compare the fingerprint with the team before importing. */
  needsConfirmation: z.boolean(),
  totalBytes: z.number(),
});

export const Laptop = z.object({
  storeId: z.string(),
  fingerprint: z.string(),
  label: z.string(),
  confirmedBy: z.string(),
  firstImportAt: z.string(),
  lastImportAt: z.string(),
  auditHeadSeq: z.number().int(),
  /** The newest signed chain head received from this laptop (null: only packages from before heads travelled). */
  signedHead: z.object({ seq: z.number().int(), signedAt: z.string() }).nullable().optional(),
  receivedAuditEntries: z.number().int(),
  packages: z.number().int(),
});

export const ConflictSummary = z.object({
  id: z.string(),
  kind: MergeKindSchema,
  entityId: z.string(),
  /** What the item is, in Chinese: "案卷 2024-001（甲评查）的评查" … */
  title: z.string(),
  fingerprint: z.string(),
  laptopLabel: z.string(),
  status: z.enum(['open', 'kept_ours', 'took_theirs', 'mixed', 'superseded']),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  changedSinceSignOff: z.boolean(),
});
export type ConflictSummary = z.infer<typeof ConflictSummary>;

/** One line of the side-by-side view: a checklist item, a comment field, a fact or a page. */
export const ConflictLine = z.object({
  key: z.string(),
  label: z.string(),
  ours: z.string().nullable(),
  theirs: z.string().nullable(),
  differs: z.boolean(),
  /** A review line the office may take from either side (an item, the status, a comment field); total and grade follow by rescoring. */
  choosable: z.boolean(),
});

export const ConflictDetail = ConflictSummary.extend({
  oursFrom: z.string(),
  theirsFrom: z.string(),
  lines: z.array(ConflictLine),
});
export type ConflictDetail = z.infer<typeof ConflictDetail>;

export const MergedReview = z.object({
  reviewId: z.string(),
  caseNo: z.string(),
  unitName: z.string(),
  reviewerName: z.string(),
  team: z.string(),
  status: z.enum(['draft', 'submitted', 'locked']),
  total: z.number().nullable(),
  grade: z.string().nullable(),
  fromFingerprint: z.string().nullable(),
  changedSinceSignOff: z.boolean(),
  openConflicts: z.number().int(),
});

export const ImportRecord = z.object({
  id: z.string(),
  exportId: z.string(),
  fileName: z.string(),
  fingerprint: z.string(),
  mode: z.string(),
  importedAt: z.string(),
  actor: z.string(),
  summary: z.unknown(),
});

export const ResultsReceipt = z.object({
  format: z.literal(1),
  kind: z.literal('results-receipt'),
  campaignId: z.string(),
  exportId: z.string(),
  laptopStoreId: z.string(),
  importedAt: z.string(),
  officePublicKey: z.string(),
  officeFingerprint: z.string(),
  signature: z.string(),
});

export const ResultsExportInput = z.object({
  campaignId: Id,
  /** Where to write the package on this computer (the same as the campaign package dialog: a path). */
  out: z.string().trim().min(1, '请给出成果包文件路径'),
  passphrase: z.string().min(8, '活动口令至少 8 个字符'),
  sinceLast: z.boolean().default(false),
});
export const ResultsExportResult = z.object({
  exportId: z.string(),
  files: z.array(z.string()),
  totalBytes: z.number(),
  mode: z.enum(['full', 'incremental']),
  sinceExportId: z.string().nullable(),
  reviews: z.number().int(),
  answers: z.number().int(),
  findings: z.number().int(),
  facts: z.number().int(),
  documentMaps: z.number().int(),
  auditEntries: z.number().int(),
  auditFrom: z.number().int(),
  auditTo: z.number().int(),
  signerFingerprint: z.string(),
});
export const ResultsExportRecord = z.object({
  id: z.string(),
  mode: z.enum(['full', 'incremental']),
  sinceExportId: z.string().nullable(),
  auditToSeq: z.number().int(),
  fileName: z.string(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
});

export const ResultsExportPreview = z.object({
  mode: z.enum(['full', 'incremental']),
  sinceExportId: z.string().nullable(),
  sinceFileName: z.string().nullable(),
  sinceAcknowledgedAt: z.string().nullable(),
  reviews: z.object({ draft: z.number().int(), submitted: z.number().int(), locked: z.number().int() }),
  findings: z.number().int(),
  facts: z.number().int(),
  documentMaps: z.number().int(),
  auditEntries: z.number().int(),
});
export type ResultsExportPreview = z.infer<typeof ResultsExportPreview>;

/** A merged package and the receipts the office issued for it (the latest one named). */
export const ImportReceipt = z.object({
  importId: z.string(),
  exportId: z.string(),
  laptopStoreId: z.string(),
  fingerprint: z.string(),
  laptopLabel: z.string(),
  fileName: z.string(),
  mode: z.enum(['full', 'incremental']),
  importedAt: z.string(),
  receipts: z.number().int(),
  lastIssuedAt: z.string().nullable(),
  lastFilePath: z.string().nullable(),
  lastIssuedBy: z.string().nullable(),
});
export type ImportReceipt = z.infer<typeof ImportReceipt>;

/** The receipt file's name beside its package's: 甲组.drpkg (or its part 甲组.drpkg.001) → 甲组.drpkg.receipt.json. CLI and screen alike. */
export function receiptFileName(packageFileName: string): string {
  const base = packageFileName.replace(/^.*[\\/]/, '').replace(/\.\d{3}$/, '');
  return `${base || '成果包'}.receipt.json`;
}

export const results = {
  inspect: query(
    '查看待导入成果包的签名电脑指纹（导入前核对）',
    z.object({ source: ResultsImportInput.shape.source }),
    PackageSigner,
  ),
  startImport: job('导入成果包并合并（后台任务，可查看进度；全部合并或全部不导入）', ResultsImportInput, ResultsImportResult),
  receipt: query('一次成果包导入的回执（法制机构签名；评查组电脑据此只导出之后的改动）', z.object({ importId: Id }), ResultsReceipt),
  acknowledge: mutation(
    '评查组电脑记录法制机构的回执',
    // campaignId: the campaign the receipt is recorded for (the laptop's screen); a receipt for another is refused.
    z.object({ receipt: z.unknown(), campaignId: Id.optional() }),
    z.object({ exportId: z.string(), campaignId: z.string(), auditToSeq: z.number().int(), officeFingerprint: z.string(), alreadyAcknowledged: z.boolean() }),
  ),
  laptops: query('已登记的评查组电脑（公钥指纹）', z.object({}), z.array(Laptop)),
  imports: query('成果包导入记录', z.object({ campaignId: Id }), z.array(ImportRecord)),
  reviews: query('已合并的评查（含“签批后有改动”标记）', z.object({ campaignId: Id }), z.array(MergedReview)),
  conflicts: query(
    '合并冲突列表',
    z.object({ campaignId: Id, includeResolved: z.boolean().default(false) }),
    z.array(ConflictSummary),
  ),
  conflict: query('一条合并冲突的逐项对照', z.object({ id: Id }), ConflictDetail),
  resolveConflict: mutation(
    '处理合并冲突：保留本库版本、采用电脑送来的版本，或评查逐项选择后重新计分（记入审计日志）',
    z.object({
      id: Id,
      /** 'items': a review taken line by line (every differing choosable line named in `items`), then rescored. */
      choice: z.enum(['ours', 'theirs', 'items']),
      items: z.array(z.object({ key: z.string(), take: z.enum(['ours', 'theirs']) })).max(2000).optional(),
      reason: z.string().trim().max(500).optional(),
    }),
    ConflictSummary,
  ),
  // Team laptop: write a results package (a job with progress), and list what it sent and what the office acknowledged.
  startExport: job('生成成果包（评查组电脑 → 法制机构；完整或只含回执确认之后的改动；后台任务，可查看进度）', ResultsExportInput, ResultsExportResult),
  exports: query('本机生成过的成果包及法制机构回执', z.object({ campaignId: Id }), z.array(ResultsExportRecord)),
  // Legal office: write a merged package's receipt to a file (recorded), and list the receipts issued per laptop.
  saveReceipt: mutation(
    '保存一次成果包导入的回执文件（法制机构签名，交评查组电脑登记；记入审计日志）',
    z.object({ importId: Id, out: z.string().trim().min(1, '请给出回执文件路径') }),
    z.object({ file: z.string(), importId: z.string(), exportId: z.string(), laptopStoreId: z.string(), issuedAt: z.string() }),
  ),
  receipts: query('已合并的成果包及已出具的回执（按评查组电脑）', z.object({ campaignId: Id }), z.array(ImportReceipt)),
  // Team laptop: what a results package would hold, before it is written (full, or since the last receipt).
  exportPreview: query('成果包将包含的内容（导出前预览）', z.object({ campaignId: Id, sinceLast: z.boolean().default(false) }), ResultsExportPreview),
};
