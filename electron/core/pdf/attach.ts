/**
 * Attaching dossier PDFs to a campaign's dossiers.
 *
 * Each PDF is matched to a dossier by the register's 卷宗文件 column (file_ref, a relative path:
 * slashes either way, extension case-insensitive; a path relative to a sub-folder also matches) or
 * by a file name equal to the 案卷编号 + ".pdf". Matched files are read (inspectPdf), copied into the
 * store folder under their SHA-256, and recorded with their page texts and the detected document
 * starts — one transaction per dossier, one audit entry per attached file. A bad file is reported
 * in `failed` and never stops the others; attaching the same file again changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { campaignReads } from '../../../db/repositories/campaigns';
import { ocrRepository } from '../../../db/repositories/ocr';
import { filesRepository, type AttachCandidate, type DocumentMapEntry, type DossierFileRecord } from '../../../db/repositories/files';
import type { Store } from '../../../db/store';
import { newId, nowIso, sha256 } from '../../../db/util';
import { detectDocumentStarts } from '../../../shared/domain/documents';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { inspectPdf, type PdfInspection } from './inspect';

export interface AttachFileRef {
  /** Name used for matching: a path relative to the register's folder, or just the file name. */
  name: string;
  /** Where to read the file. */
  path: string;
}

export interface AttachFilesInput {
  campaignId: string;
  /** A folder: every *.pdf below it, named by its path relative to the folder. */
  dir?: string;
  files?: AttachFileRef[];
  /**
   * The dossier the user chose for these files (a scan whose name is not a case number, listed as
   * 未能匹配): every file goes to it, whatever its name.
   */
  dossierId?: string;
}

export interface AttachedFile {
  caseNo: string;
  dossierId: string;
  /** The file's name as given (relative path). */
  file: string;
  fileId: string;
  sha256: string;
  pages: number;
  /** Pages without a usable text layer (candidates for OCR). */
  pagesWithoutText: number;
  documents: DocumentMapEntry[];
  matchedBy: 'file_ref' | 'case_no' | 'chosen';
  /** Files the dossier already had before this one (the dialog asks whether to replace them or keep both). */
  otherFiles: { fileId: string; name: string; pages: number }[];
  /** The same content was already attached to this dossier: nothing was written. */
  alreadyAttached: boolean;
}

export interface AttachFilesResult {
  matched: AttachedFile[];
  /** Case numbers without any attached file: the current sample if one was drawn, else every dossier. */
  missing: string[];
  /** Files that match no dossier. */
  unmatched: string[];
  failed: { file: string; message: string }[];
}

export interface AttachOptions {
  /** Per-file parse time limit (default: inspectPdf's). */
  timeoutMs?: number;
  /** Called after each file is read: files done, files in total, the file's name. */
  onProgress?: (done: number, total: number, file: string) => void;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Relative path key: NFC, "/" separators, no leading "./" or "/", extension lower-cased. */
export function pathKey(p: string): string {
  return p
    .normalize('NFC')
    .trim()
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/\.([^./]+)$/, (_, ext: string) => `.${ext.toLowerCase()}`);
}

/** Case-number key: NFKC, no spaces, 〔〕【】[] and () unified, ASCII upper-cased. */
export function caseNoKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[〔【[［]/g, '(')
    .replace(/[〕】\]］]/g, ')')
    .toUpperCase();
}

const isPdfName = (name: string): boolean => /\.pdf$/i.test(name);

interface Match {
  dossier: AttachCandidate;
  by: 'file_ref' | 'case_no' | 'chosen';
}

type MatchOutcome = { ok: true; match: Match } | { ok: false; reason: 'none' } | { ok: false; reason: 'ambiguous'; caseNos: string[] };

export function createMatcher(dossiers: readonly AttachCandidate[]) {
  const byRef = new Map<string, AttachCandidate[]>();
  const byCase = new Map<string, AttachCandidate[]>();
  const add = (m: Map<string, AttachCandidate[]>, k: string, d: AttachCandidate) => m.set(k, [...(m.get(k) ?? []), d]);
  for (const d of dossiers) {
    if (d.fileRef && d.fileRef.trim()) add(byRef, pathKey(d.fileRef), d);
    add(byCase, caseNoKey(d.caseNo), d);
  }
  const refs = [...byRef.entries()];
  const pick = (list: AttachCandidate[], by: Match['by']): MatchOutcome => {
    const unique = [...new Map(list.map((d) => [d.id, d])).values()];
    return unique.length === 1 ? { ok: true, match: { dossier: unique[0]!, by } } : { ok: false, reason: 'ambiguous', caseNos: unique.map((d) => d.caseNo) };
  };
  return (name: string): MatchOutcome => {
    const key = pathKey(name);
    const exact = byRef.get(key);
    if (exact) return pick(exact, 'file_ref');
    // The register may give paths from a parent folder, or the user may pick a parent folder.
    const partial = refs.filter(([ref]) => ref.endsWith(`/${key}`) || key.endsWith(`/${ref}`)).flatMap(([, ds]) => ds);
    if (partial.length) return pick(partial, 'file_ref');
    const base = basename(key);
    if (isPdfName(base)) {
      const byNo = byCase.get(caseNoKey(base.slice(0, -4)));
      if (byNo) return pick(byNo, 'case_no');
    }
    return { ok: false, reason: 'none' };
  };
}

function listPdfs(dir: string): AttachFileRef[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new AppError('bad_input', `文件夹“${dir}”不存在或无法访问。`);
  }
  if (!st.isDirectory()) throw new AppError('bad_input', `“${dir}”不是文件夹。`);
  const out: AttachFileRef[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.')) continue; // hidden files, macOS "._" resource forks
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && isPdfName(e.name)) out.push({ name: relative(dir, full).split(sep).join('/'), path: full });
    }
  };
  walk(dir);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Store folder

/** Where an attached file with this SHA-256 lives. */
export const storedFilePath = (store: Pick<Store, 'filesDir'>, sha: string): string => join(store.filesDir, `${sha}.pdf`);

/** Copies the bytes to <filesDir>/<sha256>.pdf through a temporary file; skips it when already there. */
export function storeFileCopy(store: Pick<Store, 'filesDir'>, sha: string, bytes: Uint8Array): string {
  const target = storedFilePath(store, sha);
  if (existsSync(target) && statSync(target).size === bytes.length) return target;
  mkdirSync(store.filesDir, { recursive: true });
  const tmp = join(store.filesDir, `.${sha}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return target;
}

// ---------------------------------------------------------------------------------------------

interface Prepared {
  ref: AttachFileRef;
  match: Match;
  sha: string;
  size: number;
  inspection: PdfInspection | null;
  existing: DossierFileRecord | null;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function attachFiles(
  ctx: CoreContext,
  input: AttachFilesInput,
  call: { actor: string } = { actor: 'system' },
  options: AttachOptions = {},
): Promise<AttachFilesResult> {
  const repo = filesRepository(ctx.db);
  const queue = ocrRepository(ctx.db);
  campaignReads(ctx.read).mustExist(input.campaignId);
  if (!input.dir && !input.files?.length) throw new AppError('invalid_argument', '请选择要导入的卷宗 PDF 文件或所在文件夹。');

  const refs = [...(input.dir ? listPdfs(input.dir) : []), ...(input.files ?? [])];
  const candidates = repo.attachCandidates(input.campaignId);
  const chosen = input.dossierId === undefined ? null : candidates.find((d) => d.id === input.dossierId);
  if (chosen === undefined) throw new AppError('not_found', `评查活动中没有所选的案卷（${input.dossierId}），可能已被删除。`);
  const matcher = chosen ? (): MatchOutcome => ({ ok: true, match: { dossier: chosen, by: 'chosen' } }) : createMatcher(candidates);
  const result: AttachFilesResult = { matched: [], missing: [], unmatched: [], failed: [] };

  // Group matched files by dossier, keeping the order in which they were given.
  const groups = new Map<string, { ref: AttachFileRef; match: Match }[]>();
  for (const ref of refs) {
    const m = matcher(ref.name);
    if (m.ok) groups.set(m.match.dossier.id, [...(groups.get(m.match.dossier.id) ?? []), { ref, match: m.match }]);
    else if (m.reason === 'ambiguous') result.failed.push({ file: ref.name, message: `文件“${ref.name}”同时对应多个案卷（${m.caseNos.join('、')}），请在登记表中核对卷宗文件列。` });
    else result.unmatched.push(ref.name);
  }

  const total = [...groups.values()].reduce((n, g) => n + g.length, 0);
  let done = 0;
  for (const entries of groups.values()) {
    const prepared: Prepared[] = [];
    const seen = new Map<string, Prepared>(); // same content twice in one batch
    for (const { ref, match } of entries) {
      try {
        const bytes = new Uint8Array(await readFile(ref.path));
        const sha = sha256(bytes);
        const twin = seen.get(sha);
        const existing = repo.findFile(match.dossier.id, sha) ?? null;
        if (twin || existing) {
          if (existing) storeFileCopy(ctx.store, sha, bytes); // restore a copy deleted from the folder
          prepared.push({ ref, match, sha, size: bytes.length, inspection: null, existing: existing ?? null });
          continue;
        }
        const inspection = await inspectPdf(bytes, { name: ref.name, timeoutMs: options.timeoutMs });
        storeFileCopy(ctx.store, sha, bytes);
        const p: Prepared = { ref, match, sha, size: bytes.length, inspection, existing: null };
        seen.set(sha, p);
        prepared.push(p);
      } catch (err) {
        const msg = err instanceof AppError ? err.message : `文件“${ref.name}”无法读取：${message(err)}`;
        result.failed.push({ file: ref.name, message: msg });
      }
      options.onProgress?.(++done, total, ref.name);
    }
    if (!prepared.length) continue;

    try {
      const attached = ctx.tx(() => {
        const out: AttachedFile[] = [];
        const idsBySha = new Map<string, string>();
        for (const p of prepared) {
          const dossier = p.match.dossier;
          let fileId = p.existing?.id ?? idsBySha.get(p.sha);
          const alreadyAttached = fileId !== undefined;
          let pages = p.existing?.pageCount ?? 0;
          if (!fileId && p.inspection) {
            const now = nowIso();
            fileId = newId();
            pages = p.inspection.pageCount;
            repo.insertFile({ id: fileId, dossierId: dossier.id, sha256: p.sha, originalName: p.ref.name, sizeBytes: p.size, pageCount: pages, attachedAt: now, actor: call.actor });
            for (const page of p.inspection.pages) {
              repo.insertPage({ fileId, pageNo: page.pageNo, textSource: page.hasTextLayer ? 'text' : 'none', text: page.hasTextLayer ? page.text : '', lines: page.hasTextLayer ? page.lines : null });
              // Pages without a text layer are queued for OCR with the file, so a crash cannot lose them.
              if (!page.hasTextLayer) for (const pass of ['title', 'full'] as const) queue.enqueue(fileId, page.pageNo, pass, now);
            }
            const starts = detectDocumentStarts(p.inspection.pages.filter((pg) => pg.hasTextLayer));
            for (const s of starts) {
              repo.insertTag({ id: newId(), fileId, pageNo: s.pageNo, docType: s.docType, title: s.title, source: 'auto', confidence: s.confidence, createdAt: now });
            }
            ctx.audit({
              actor: call.actor,
              action: 'attach',
              entity: 'dossier_file',
              entityId: fileId,
              after: {
                dossierId: dossier.id,
                caseNo: dossier.caseNo,
                originalName: p.ref.name,
                sha256: p.sha,
                sizeBytes: p.size,
                pageCount: pages,
                pagesWithoutText: p.inspection.pages.filter((pg) => !pg.hasTextLayer).length,
                documents: starts.length,
                matchedBy: p.match.by,
              },
            });
            idsBySha.set(p.sha, fileId);
          }
          if (!fileId) continue;
          const record = repo.getFile(fileId)!;
          const batch = new Set([...idsBySha.values(), fileId]);
          const otherFiles = repo
            .listFiles(dossier.id)
            .filter((f) => !batch.has(f.id))
            .map((f) => ({ fileId: f.id, name: f.originalName, pages: f.pageCount }));
          pages = record.pageCount;
          out.push({
            caseNo: dossier.caseNo,
            dossierId: dossier.id,
            file: p.ref.name,
            fileId,
            sha256: p.sha,
            pages,
            pagesWithoutText: repo.listPages(fileId).filter((pg) => pg.textSource === 'none').length,
            documents: repo.getFileDocumentMap(fileId),
            matchedBy: p.match.by,
            alreadyAttached,
            otherFiles,
          });
        }
        return out;
      });
      result.matched.push(...attached);
    } catch (err) {
      for (const p of prepared) result.failed.push({ file: p.ref.name, message: `文件“${p.ref.name}”保存失败：${message(err)}` });
    }
  }

  const scope = repo.sampledDossiers(input.campaignId) ?? repo.attachCandidates(input.campaignId);
  const withFiles = repo.dossiersWithFiles(input.campaignId);
  result.missing = scope.filter((d) => !withFiles.has(d.id)).map((d) => d.caseNo);
  return result;
}

/**
 * Detaches files from their dossier (the user chose 替换 when a second file arrived): one
 * transaction, each audited with what it was; the bytes stay in the store folder under their SHA-256,
 * so attaching the same file again restores it.
 */
export function detachFiles(ctx: CoreContext, input: { fileIds: string[] }, call: { actor: string }): { detached: number } {
  const repo = filesRepository(ctx.db);
  return ctx.tx(() => {
    let detached = 0;
    for (const id of input.fileIds) {
      const file = repo.getFile(id);
      if (!file) throw new AppError('not_found', `卷宗文件不存在（${id}），可能已被移除。`);
      repo.deleteFile(id);
      ctx.audit({
        actor: call.actor,
        action: 'detach',
        entity: 'dossier_file',
        entityId: id,
        before: { dossierId: file.dossierId, originalName: file.originalName, sha256: file.sha256, sizeBytes: file.sizeBytes, pageCount: file.pageCount, attachedAt: file.attachedAt },
      });
      detached += 1;
    }
    return { detached };
  });
}
