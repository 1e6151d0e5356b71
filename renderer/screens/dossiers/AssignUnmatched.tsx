/**
 * A scan whose file name is not a case number (listed as 未能匹配): the user finds the dossier by case
 * number or party and attaches the file to it (files.attach with dossierId).
 */
import { useEffect, useId, useState } from 'react';
import type { DossierSummary } from '../../../shared/api/namespaces/dossiers';
import { errorMessage, getApi } from '../../api';
import { readFileBase64 } from '../../components/ui';
import { useJob } from '../../hooks/useJob';
import { ReplaceOrAdd } from './ReplaceOrAdd';
import { startAttach, type PickedPdf } from './attach-source';

export function AssignUnmatched({ campaignId, name, file, onAttached }: { campaignId: string; name: string; file: PickedPdf | undefined; onAttached(): void }) {
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<DossierSummary[]>([]);
  const [chosen, setChosen] = useState<string>('');
  const attach = useJob<'files.attach'>({ onDone: () => onAttached(), failMessage: '导入失败' });
  const [starting, setStarting] = useState(false);
  const listId = useId();

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setOptions([]);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      void getApi()
        .dossiers.list({ campaignId, search: q, limit: 20 })
        .then((page) => {
          if (!live) return;
          setOptions(page.items);
          setChosen((c) => (page.items.some((d) => d.id === c) ? c : (page.items[0]?.id ?? '')));
        })
        .catch((err: unknown) => live && attach.setError(errorMessage(err)));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [campaignId, query]);

  const done = attach.result?.matched[0];
  if (done) {
    return (
      <li className="assign-unmatched" data-testid="assign-unmatched">
        <span>{name}</span> → <span className="mono">{done.caseNo}</span> <span className="muted">已导入（{done.pages} 页）</span>
        {!done.alreadyAttached && done.otherFiles.length > 0 ? <ReplaceOrAdd caseNo={done.caseNo} otherFiles={done.otherFiles} onChanged={onAttached} /> : null}
      </li>
    );
  }
  const submit = async () => {
    if (!file || !chosen) return;
    setStarting(true);
    try {
      // A path (native dialog) is read by the main process; a browser File is sent as bytes.
      const { jobId } = await startAttach(getApi(), { campaignId, dossierId: chosen }, { pdfs: [{ ...file, name }] }, readFileBase64);
      attach.start(jobId, { kind: 'attach', total: 1 });
    } catch (err) {
      attach.setError(errorMessage(err));
    } finally {
      setStarting(false);
    }
  };
  const busy = starting || attach.running;
  return (
    <li className="assign-unmatched" data-testid="assign-unmatched">
      <span className="assign-name">{name}</span>
      {file ? (
        <span className="assign-controls">
          <label htmlFor={`${listId}-q`} className="visually-hidden">
            查找“{name}”所属的案卷
          </label>
          <input id={`${listId}-q`} type="search" placeholder="输入案卷编号或当事人查找" value={query} onChange={(e) => setQuery(e.target.value)} disabled={busy} />
          <label htmlFor={`${listId}-pick`} className="visually-hidden">
            选择案卷
          </label>
          <select id={`${listId}-pick`} value={chosen} onChange={(e) => setChosen(e.target.value)} disabled={busy || options.length === 0}>
            {options.length === 0 ? <option value="">{query.trim() ? '没有找到案卷' : '先输入查找条件'}</option> : null}
            {options.map((d) => (
              <option key={d.id} value={d.id}>
                {d.caseNo}（{d.party}，{d.unitName}）
              </option>
            ))}
          </select>
          <button type="button" className="button small primary" onClick={() => void submit()} disabled={busy || !chosen}>
            {busy ? '正在导入…' : '导入到此案卷'}
          </button>
        </span>
      ) : (
        <span className="muted">（请重新选择该文件后再指定案卷）</span>
      )}
      {attach.error ? (
        <span className="field-error" role="alert">
          {attach.error}
        </span>
      ) : null}
    </li>
  );
}
