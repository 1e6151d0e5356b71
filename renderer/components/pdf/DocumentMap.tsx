/**
 * The dossier's document map (文书目录) as a table of contents: where each 文书 starts and ends,
 * whether the import detected it, OCR read it or a reviewer set it. The reviewer corrects it here:
 * move a start to the page in view, change the type, remove a wrong entry, add a missing one.
 */
import { useState } from 'react';
import type { z } from 'zod';
import { DOCUMENT_TYPES, OTHER_DOCUMENT_CODE } from '../../../shared/domain/documents/catalogue';
import { catalogueTypeBeside } from '../../../shared/domain/documents/printed';
import type { DocumentMapEntry as DocumentMapEntrySchema } from '../../../shared/api/namespaces/files';
import { DOCUMENT_SOURCE_LABELS } from '../../../shared/labels';
import { errorMessage, getApi } from '../../api';

export type DocumentMapEntry = z.infer<typeof DocumentMapEntrySchema>;


function TypePicker({ initialType, initialTitle, busy, onSubmit, onCancel, submitLabel }: { initialType: string; initialTitle: string; busy: boolean; submitLabel: string; onSubmit(docType: string, title?: string): void; onCancel(): void }) {
  const [docType, setDocType] = useState(initialType);
  const [title, setTitle] = useState(initialTitle);
  const custom = docType === OTHER_DOCUMENT_CODE;
  return (
    <form
      className="pdfv-map-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(docType, custom ? title.trim() : undefined);
      }}
    >
      <select aria-label="文书类型" value={docType} onChange={(e) => setDocType(e.target.value)} autoFocus>
        {DOCUMENT_TYPES.map((t) => (
          <option key={t.code} value={t.code}>
            {t.title}
          </option>
        ))}
        <option value={OTHER_DOCUMENT_CODE}>其他（自填名称）</option>
      </select>
      {custom && <input aria-label="文书名称" placeholder="文书名称" value={title} onChange={(e) => setTitle(e.target.value)} required />}
      <div className="pdfv-map-form-actions">
        <button type="submit" className="button small primary" disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" className="button small" onClick={onCancel} disabled={busy}>
          取消
        </button>
      </div>
    </form>
  );
}

export function DocumentMap(props: {
  fileId: string;
  documents: readonly DocumentMapEntry[];
  currentPage: number;
  /** Shown without its correction buttons: the map is the dossier's reviewers' to correct (docs/roles.md). */
  readOnly?: boolean;
  onGoTo(page: number): void;
  onChanged(map: DocumentMapEntry[]): void;
}) {
  const { documents, currentPage } = props;
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<DocumentMapEntry[]>) => {
    setBusy(true);
    setError(null);
    try {
      props.onChanged(await action());
      setEditing(null);
      setAdding(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const api = () => getApi().files;

  return (
    <aside className="pdfv-map" aria-label="文书目录">
      <div className="pdfv-map-head">
        <h3>文书目录</h3>
        {!props.readOnly && (
          <button type="button" className="button small" onClick={() => setAdding((v) => !v)} disabled={busy} title={`把第 ${currentPage} 页标记为一份文书的首页`}>
            在第 {currentPage} 页添加
          </button>
        )}
      </div>
      {adding && (
        <TypePicker
          initialType="EVIDENCE"
          initialTitle=""
          busy={busy}
          submitLabel="添加"
          onCancel={() => setAdding(false)}
          onSubmit={(docType, title) => void run(() => api().setDocumentStart({ fileId: props.fileId, pageNo: currentPage, docType, title }))}
        />
      )}
      {error && (
        <div className="pdfv-map-error" role="alert">
          {error}
        </div>
      )}
      {documents.length === 0 ? (
        <p className="pdfv-map-empty">{props.readOnly ? '尚未识别出文书。' : '尚未识别出文书。翻到某份文书的首页，点“添加”即可标记。'}</p>
      ) : (
        <ol className="pdfv-map-list">
          {documents.map((d) => {
            const active = currentPage >= d.startPage && currentPage <= d.endPage;
            const type = catalogueTypeBeside(d.docType, d.title);
            return (
              <li key={d.tagId} className={`pdfv-map-item${active ? ' active' : ''}`} data-testid="document-map-item">
                <button type="button" className="pdfv-map-title" onClick={() => props.onGoTo(d.startPage)} aria-current={active ? 'true' : undefined}>
                  <span className="pdfv-map-name">
                    {d.title}
                    {type ? (
                      <span className="pdfv-map-type" data-testid="document-map-type" title="按文书目录匹配的类型">
                        {type}
                      </span>
                    ) : null}
                  </span>
                  <span className="pdfv-map-pages">{d.startPage === d.endPage ? `第 ${d.startPage} 页` : `第 ${d.startPage}–${d.endPage} 页`}</span>
                </button>
                <div className="pdfv-map-meta">
                  <span className={`pdfv-map-source source-${d.source}`} title={d.confidence !== null ? `可信度 ${Math.round(d.confidence * 100)}%` : undefined}>
                    {DOCUMENT_SOURCE_LABELS[d.source]}
                  </span>
                  {!props.readOnly && (
                    <span className="pdfv-map-actions">
                      {d.startPage !== currentPage && (
                        <button type="button" className="linklike" disabled={busy} onClick={() => void run(() => api().correctTag({ tagId: d.tagId, pageNo: currentPage }))} title={`把“${d.title}”的首页改为第 ${currentPage} 页`}>
                          首页改为第 {currentPage} 页
                        </button>
                      )}
                      <button type="button" className="linklike" disabled={busy} onClick={() => setEditing(editing === d.tagId ? null : d.tagId)}>
                        更改类型
                      </button>
                      <button type="button" className="linklike danger" disabled={busy} onClick={() => void run(() => api().removeTag({ tagId: d.tagId }))} aria-label={`删除“${d.title}”`}>
                        删除
                      </button>
                    </span>
                  )}
                </div>
                {editing === d.tagId && (
                  <TypePicker
                    initialType={d.docType}
                    initialTitle={d.title}
                    busy={busy}
                    submitLabel="保存"
                    onCancel={() => setEditing(null)}
                    onSubmit={(docType, title) => void run(() => api().correctTag({ tagId: d.tagId, docType, title }))}
                  />
                )}
              </li>
            );
          })}
        </ol>
      )}
    </aside>
  );
}
