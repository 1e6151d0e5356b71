import { z } from 'zod';
import { mutation, query } from '../define';
import { Id } from './common';
import { JobRef } from './jobs';

export const DocumentMapEntry = z.object({
  tagId: z.string(),
  fileId: z.string(),
  title: z.string(),
  docType: z.string(),
  startPage: z.number().int(),
  endPage: z.number().int(),
  source: z.enum(['auto', 'ocr', 'manual']),
  confidence: z.number().nullable(),
});

export const DossierFile = z.object({
  id: z.string(),
  dossierId: z.string(),
  sha256: z.string(),
  originalName: z.string(),
  sizeBytes: z.number().int(),
  pageCount: z.number().int(),
  attachedAt: z.string(),
  actor: z.string(),
});

export const AttachResult = z.object({
  matched: z.array(
    z.object({
      caseNo: z.string(),
      dossierId: z.string(),
      file: z.string(),
      fileId: z.string(),
      sha256: z.string(),
      pages: z.number().int(),
      pagesWithoutText: z.number().int(),
      documents: z.array(DocumentMapEntry),
      matchedBy: z.enum(['file_ref', 'case_no']),
      alreadyAttached: z.boolean(),
    }),
  ),
  missing: z.array(z.string()),
  unmatched: z.array(z.string()),
  failed: z.array(z.object({ file: z.string(), message: z.string() })),
});
export type AttachResult = z.infer<typeof AttachResult>;

/** A file sent by a browser (bytes) rather than named by path (CLI, Electron dialogs). */
export const Upload = z.object({ name: z.string().min(1).max(500), dataBase64: z.string() });

export const files = {
  attach: mutation(
    '导入卷宗 PDF（按卷宗文件列或案卷编号匹配）；返回任务，结果为匹配情况',
    z
      .object({
        campaignId: Id,
        dir: z.string().min(1).optional(),
        files: z.array(z.object({ name: z.string().min(1), path: z.string().min(1) })).optional(),
        uploads: z.array(Upload).optional(),
      })
      .refine((i) => i.dir || i.files?.length || i.uploads?.length, { message: '请选择要导入的卷宗 PDF 文件或所在文件夹' }),
    JobRef,
  ),
  list: query('案卷的 PDF 文件', z.object({ dossierId: Id }), z.array(DossierFile)),
  documentMap: query('案卷文书目录（起止页）', z.object({ dossierId: Id }), z.array(DocumentMapEntry)),
  setDocumentStart: mutation(
    '标记某页为文书首页（人工更正）',
    z.object({ fileId: z.string(), pageNo: z.number().int().min(1), docType: z.string().min(1), title: z.string().optional() }),
    z.array(DocumentMapEntry),
  ),
  correctTag: mutation(
    '更正文书标记',
    z.object({ tagId: z.string(), pageNo: z.number().int().min(1).optional(), docType: z.string().optional(), title: z.string().optional() }),
    z.array(DocumentMapEntry),
  ),
  removeTag: mutation('删除文书标记', z.object({ tagId: z.string() }), z.array(DocumentMapEntry)),
};
