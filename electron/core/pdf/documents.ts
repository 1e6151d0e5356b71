/**
 * Reading and correcting where documents start in a dossier's PDFs. Corrections are manual tags
 * (source 'manual'), written in one transaction with an audit entry.
 */
import { filesRepository, type DocumentMapEntry, type DossierFileRecord } from '../../../db/repositories/files';
import { newId, nowIso } from '../../../db/util';
import { documentTypeByCode, OTHER_DOCUMENT_CODE } from '../../../shared/domain/documents';
import type { SessionReviewer } from '../../../shared/api/define';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';
import { dossierWorkGuard } from '../session/dossier-access';

/** Who corrects: the OS user or `--actor`, and the reviewer chosen in 我是谁 when a session has one. */
type Caller = { actor: string; reviewer?: SessionReviewer };

/**
 * Where a dossier's documents start is what its reviewers found in it: once someone is chosen in 我是谁,
 * only the reviewers assigned to the dossier correct it, as with its key facts (docs/roles.md).
 */
function mustMayCorrectMap(ctx: CoreContext, dossierId: string, call: Caller): void {
  dossierWorkGuard(ctx.read)(dossierId, call.reviewer, '更正文书目录');
}

export function listDossierFiles(ctx: CoreContext, input: { dossierId: string }): DossierFileRecord[] {
  return filesRepository(ctx.db).listFiles(input.dossierId);
}

/** Documents of a dossier with their page ranges, file by file. */
export function getDocumentMap(ctx: CoreContext, input: { dossierId: string }): DocumentMapEntry[] {
  return filesRepository(ctx.db).getDocumentMap(input.dossierId);
}

function resolveTitle(docType: string, title: string | undefined): string {
  const known = documentTypeByCode(docType);
  if (known) return title?.trim() || known.title;
  if (docType === OTHER_DOCUMENT_CODE && title?.trim()) return title.trim();
  throw new AppError('invalid_argument', docType === OTHER_DOCUMENT_CODE ? '自定义文书须填写文书名称。' : `未知的文书类型“${docType}”。`);
}

/** A reviewer marks a page as the start of a document (replacing whatever was suggested there). */
export function setDocumentStart(
  ctx: CoreContext,
  input: { fileId: string; pageNo: number; docType: string; title?: string },
  call: Caller,
): DocumentMapEntry[] {
  const repo = filesRepository(ctx.db);
  const file = repo.getFile(input.fileId);
  if (!file) throw notFound('卷宗文件', input.fileId);
  mustMayCorrectMap(ctx, file.dossierId, call);
  if (!Number.isInteger(input.pageNo) || input.pageNo < 1 || input.pageNo > file.pageCount) {
    throw new AppError('invalid_argument', `页码须在 1 至 ${file.pageCount} 之间。`);
  }
  const title = resolveTitle(input.docType, input.title);
  return ctx.tx(() => {
    const before = repo.listTags(file.id).filter((t) => t.pageNo === input.pageNo);
    repo.setManualTag({ id: newId(), fileId: file.id, pageNo: input.pageNo, docType: input.docType, title, createdAt: nowIso() });
    ctx.audit({ actor: call.actor, action: 'set_document_start', entity: 'dossier_file', entityId: file.id, before, after: { pageNo: input.pageNo, docType: input.docType, title } });
    return repo.getFileDocumentMap(file.id);
  });
}

/** Corrects one tag's type, title or page. */
export function correctDocumentTag(
  ctx: CoreContext,
  input: { tagId: string; pageNo?: number; docType?: string; title?: string },
  call: Caller,
): DocumentMapEntry[] {
  const repo = filesRepository(ctx.db);
  const tag = repo.getTag(input.tagId);
  if (!tag) throw notFound('文书标记', input.tagId);
  const file = repo.getFile(tag.fileId)!;
  mustMayCorrectMap(ctx, file.dossierId, call);
  const pageNo = input.pageNo ?? tag.pageNo;
  if (!Number.isInteger(pageNo) || pageNo < 1 || pageNo > file.pageCount) throw new AppError('invalid_argument', `页码须在 1 至 ${file.pageCount} 之间。`);
  const docType = input.docType ?? tag.docType;
  const title = input.docType !== undefined || input.title !== undefined ? resolveTitle(docType, input.title) : tag.title;
  return ctx.tx(() => {
    repo.correctTag(tag.id, { pageNo, docType, title });
    ctx.audit({ actor: call.actor, action: 'correct_document_tag', entity: 'dossier_file', entityId: file.id, before: tag, after: { pageNo, docType, title } });
    return repo.getFileDocumentMap(file.id);
  });
}

/** Removes a tag: no document starts there. */
export function removeDocumentTag(ctx: CoreContext, input: { tagId: string }, call: Caller): DocumentMapEntry[] {
  const repo = filesRepository(ctx.db);
  const tag = repo.getTag(input.tagId);
  if (!tag) throw notFound('文书标记', input.tagId);
  mustMayCorrectMap(ctx, repo.getFile(tag.fileId)!.dossierId, call);
  return ctx.tx(() => {
    repo.removeTag(tag.id);
    ctx.audit({ actor: call.actor, action: 'remove_document_tag', entity: 'dossier_file', entityId: tag.fileId, before: tag });
    return repo.getFileDocumentMap(tag.fileId);
  });
}
