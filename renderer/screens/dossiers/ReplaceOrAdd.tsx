/**
 * A second PDF arrived for a dossier that already had one: replace the earlier file(s) (files.detach,
 * audited; the bytes stay in the store folder) or keep both, e.g. a supplementary volume.
 */
import { useState } from 'react';
import { errorMessage, getApi } from '../../api';

export function ReplaceOrAdd({ caseNo, otherFiles, onChanged }: { caseNo: string; otherFiles: { fileId: string; name: string; pages: number }[]; onChanged(): void }) {
  const [state, setState] = useState<'ask' | 'busy' | 'replaced' | 'kept'>('ask');
  const [error, setError] = useState<string | null>(null);
  const names = otherFiles.map((f) => `${f.name}（${f.pages} 页）`).join('、');
  if (state === 'replaced') return <span className="muted">已替换原文件 {names}</span>;
  if (state === 'kept') return <span className="muted">已保留原文件，两份并存</span>;
  const replace = async () => {
    setState('busy');
    setError(null);
    try {
      await getApi().files.detach({ fileIds: otherFiles.map((f) => f.fileId) });
      setState('replaced');
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
      setState('ask');
    }
  };
  return (
    <span className="replace-or-add" data-testid="replace-or-add">
      <span>案卷 {caseNo} 已有 PDF：{names}。</span>
      <button type="button" className="button small" onClick={() => void replace()} disabled={state === 'busy'}>
        替换原文件
      </button>
      <button type="button" className="button small" onClick={() => setState('kept')} disabled={state === 'busy'}>
        保留两份
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
