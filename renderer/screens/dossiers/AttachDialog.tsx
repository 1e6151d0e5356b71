/**
 * 导入卷宗 PDF: files or a folder → files.attach (a job) → progress polling → matched / missing / unmatched / failed.
 * In the app the system dialog picks them and only their paths travel (attach-source.ts); in the browser they are uploaded.
 */
import { useState } from 'react';
import type { AttachResult } from '../../../shared/api/namespaces/files';
import { errorMessage, getApi } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner, ProgressBar, readFileBase64 } from '../../components/ui';
import { useJob } from '../../hooks/useJob';
import { AssignUnmatched } from './AssignUnmatched';
import { ReplaceOrAdd } from './ReplaceOrAdd';
import { nativeDialogs } from '../../native-dialogs';
import { pickedByName, pickPdfsNatively, startAttach, type PickedSource } from './attach-source';

export function AttachDialog({ campaignId, onClose, onDone }: { campaignId: string; onClose(): void; onDone(): void }) {
  const attach = useJob<'files.attach'>({ onDone, failMessage: '导入失败' });
  const { job, result, error, setError } = attach;
  const [reading, setReading] = useState(false);
  // What was picked, so a file listed as 未能匹配 can be sent again to the dossier the user picks.
  const [picked, setPicked] = useState<PickedSource>({ pdfs: [] });
  const running = reading || attach.running;
  const dialogs = nativeDialogs();

  const run = async (source: PickedSource) => {
    attach.reset();
    setPicked(source);
    setReading(true);
    try {
      const { jobId } = await startAttach(getApi(), { campaignId }, source, readFileBase64);
      attach.start(jobId, { kind: 'attach', total: source.pdfs.length });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setReading(false);
    }
  };

  const pick = async (list: FileList | null) => {
    const pdfs = Array.from(list ?? []).filter((f) => /\.pdf$/i.test(f.name));
    if (pdfs.length === 0) {
      setError('所选内容中没有 PDF 文件。');
      return;
    }
    await run({ pdfs: pdfs.map((file) => ({ name: file.name, file })) });
  };

  const pickNative = async (what: 'files' | 'folder') => {
    if (!dialogs) return;
    try {
      const source = await pickPdfsNatively(dialogs, what);
      if (source) await run(source);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Dialog title="导入卷宗 PDF" onClose={onClose} busy={running} size="wide">
      <div className="dialog-body">
        <ErrorBanner message={error} />
        <p className="muted">PDF 文件名应为案卷编号（或与登记表“卷宗文件”列一致），程序据此自动匹配案卷并识别其中的文书。</p>
        {dialogs ? (
          <div className="file-pick">
            <button type="button" className="button" disabled={running} onClick={() => void pickNative('files')}>
              选择 PDF 文件…
            </button>
            <button type="button" className="button" disabled={running} onClick={() => void pickNative('folder')}>
              选择文件夹…
            </button>
          </div>
        ) : (
          <div className="file-pick">
            <label className="button file-button">
              选择 PDF 文件…
              <input id="pdf-files" className="visually-hidden" data-testid="pdf-file-input" type="file" multiple accept=".pdf,application/pdf" disabled={running} onChange={(e) => void pick(e.target.files)} aria-label="选择卷宗 PDF 文件" />
            </label>
            <label className="button file-button">
              选择文件夹…
              <input
                id="pdf-folder"
                className="visually-hidden"
                type="file"
                multiple
                disabled={running}
                aria-label="选择存放卷宗 PDF 的文件夹"
                ref={(el) => {
                  if (el) el.setAttribute('webkitdirectory', '');
                }}
                onChange={(e) => void pick(e.target.files)}
              />
            </label>
          </div>
        )}
        {reading ? <ProgressBar label={dialogs ? '正在开始导入…' : '正在读取文件…'} /> : null}
        {job && job.status === 'running' ? (
          <div className="job-progress">
            <ProgressBar done={job.done} total={job.total} label={`已读取 ${job.done}/${job.total || '?'}${job.step ? ` · ${job.step}` : ''}`} />
            <button type="button" className="button small" onClick={() => void attach.cancel()}>
              取消
            </button>
          </div>
        ) : null}
        {job?.status === 'cancelled' ? <div className="banner banner-warning">已取消导入。</div> : null}
        {result ? <AttachResultView result={result} campaignId={campaignId} picked={picked} onAttached={onDone} /> : null}
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button" onClick={onClose} disabled={running}>
          {result ? '完成' : '关闭'}
        </button>
      </footer>
    </Dialog>
  );
}

function AttachResultView({ result, campaignId, picked, onAttached }: { result: AttachResult; campaignId: string; picked: PickedSource; onAttached(): void }) {
  return (
    <div data-testid="attach-result">
      <div className="banner banner-success" role="status">
        已匹配 <strong>{result.matched.length}</strong> 份；登记表中尚无 PDF 的案卷 {result.missing.length} 件；未能匹配的文件 {result.unmatched.length} 个；读取失败 {result.failed.length} 个。
      </div>
      {result.matched.length > 0 ? (
        <div className="table-wrap issue-wrap">
          <table className="data-table compact" aria-label="已匹配的卷宗">
            <thead>
              <tr>
                <th scope="col">案卷编号 ← 文件</th>
                <th scope="col" className="num">页数</th>
                <th scope="col" className="num">识别出的文书</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              {result.matched.map((m) => (
                <tr key={m.fileId}>
                  <td>
                    <span className="mono">{m.caseNo}</span> ← {m.file}
                  </td>
                  <td className="num">{m.pages}</td>
                  <td className="num">{m.documents.length}</td>
                  <td className="muted">
                    {m.alreadyAttached ? '已导入过，未重复保存' : ''}
                    {m.pagesWithoutText > 0 ? ` ${m.pagesWithoutText} 页无文字层（扫描件）` : ''}
                    {!m.alreadyAttached && m.otherFiles.length > 0 ? <ReplaceOrAdd caseNo={m.caseNo} otherFiles={m.otherFiles} onChanged={onAttached} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {result.failed.length > 0 ? (
        <div className="banner banner-error">
          <strong>读取失败：</strong>
          <ul className="plain-list">
            {result.failed.map((f) => (
              <li key={f.file}>
                {f.file}：{f.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {result.unmatched.length > 0 ? (
        <details className="warnings" open>
          <summary>未能匹配到案卷的文件（{result.unmatched.length}）</summary>
          <p className="muted">文件名不是案卷编号（例如扫描仪自动命名的文件）：查找并选择它所属的案卷后导入。</p>
          <ul className="plain-list assign-list">
            {result.unmatched.map((name) => (
              <AssignUnmatched key={name} campaignId={campaignId} name={name} file={pickedByName(picked, name)} onAttached={onAttached} />
            ))}
          </ul>
        </details>
      ) : null}
      {result.missing.length > 0 ? (
        <details className="warnings">
          <summary>尚无 PDF 的案卷（{result.missing.length}）</summary>
          <p className="mono">{result.missing.slice(0, 500).join('、')}{result.missing.length > 500 ? ' …' : ''}</p>
        </details>
      ) : null}
    </div>
  );
}
