/** 导入裁量基准: a CSV/XLSX table + the document's details → benchmarks.import; errors listed by file, row, column. */
import { useState, type FormEvent } from 'react';
import type { BenchmarkDoc, BenchmarkIssue } from '../../../shared/api/namespaces/benchmarks';
import { errorMessage, getApi } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ChooseFiles, uploadOf, type Chosen } from '../../components/ChooseFiles';
import { IssueTable } from '../../components/FileImport';
import { ErrorBanner, SimpleField } from '../../components/ui';
import { TABLE_FILTER } from '../../native-dialogs';

export function BenchmarkImportDialog({ onClose, onImported }: { onClose(): void; onImported(doc: BenchmarkDoc): void }) {
  const [file, setFile] = useState<Chosen | null>(null);
  const [issuer, setIssuer] = useState('');
  const [title, setTitle] = useState('');
  const [docNo, setDocNo] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [effectiveTo, setEffectiveTo] = useState('');
  const [isExample, setIsExample] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<BenchmarkIssue[]>([]);

  const pick = (f: Chosen | null) => {
    setFile(f);
    setIssues([]);
    if (f) {
      if (!title) setTitle(f.name.replace(/\.(csv|xlsx)$/i, ''));
      if (/示例|example/i.test(f.name)) setIsExample(true);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setError('请选择裁量基准表文件（CSV 或 XLSX）。');
      return;
    }
    setBusy(true);
    setError(null);
    setIssues([]);
    try {
      const res = await getApi().benchmarks.import({
        ...(await uploadOf(file)),
        issuer,
        title,
        ...(docNo.trim() ? { docNo } : {}),
        ...(effectiveFrom ? { effectiveFrom } : {}),
        ...(effectiveTo ? { effectiveTo } : {}),
        isExample,
      });
      if (res.doc) {
        onImported(res.doc);
        onClose();
        return;
      }
      setIssues(res.errors);
      setError(`导入未完成，没有保存任何数据：发现 ${res.errors.length} 处错误，请在表格中更正后重新导入。`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="导入裁量基准" onClose={onClose} busy={busy} size="wide">
      <form onSubmit={(e) => void submit(e)}>
        <div className="dialog-body">
          <ErrorBanner message={error} />
          <p className="muted">
            每行一个违法行为的一个裁量阶次：违法行为代码、违法行为、情节档次（轻微/一般/较重/严重）、裁量阶次（不予处罚/减轻/从轻/一般/从重）为必填，另可填处罚种类、罚款下限和上限。模板见 docs/benchmark-template.xlsx，说明见 docs/benchmarks.md。
          </p>
          <ChooseFiles
            label="选择文件…"
            ariaLabel="选择裁量基准表"
            dialogTitle="选择裁量基准表"
            accept=".csv,.xlsx,text/csv"
            filters={[TABLE_FILTER]}
            testId="benchmark-file-input"
            chosen={file ? file.name : '未选择文件'}
            onChoose={(list) => pick(list[0] ?? null)}
          />
          <div className="form-grid">
            <SimpleField label="制定机关" id="bm-issuer" required>
              <input id="bm-issuer" value={issuer} onChange={(e) => setIssuer(e.target.value)} required placeholder="如：某省市场监督管理局" />
            </SimpleField>
            <SimpleField label="文件名称" id="bm-title" required>
              <input id="bm-title" value={title} onChange={(e) => setTitle(e.target.value)} required />
            </SimpleField>
            <SimpleField label="文号" id="bm-docno">
              <input id="bm-docno" value={docNo} onChange={(e) => setDocNo(e.target.value)} placeholder="如：某市监法〔2024〕1号" />
            </SimpleField>
            <SimpleField label="生效日期" id="bm-from" hint="按决定日期选择有效的基准；留空表示不限">
              <input id="bm-from" type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
            </SimpleField>
            <SimpleField label="失效日期" id="bm-to">
              <input id="bm-to" type="date" value={effectiveTo} onChange={(e) => setEffectiveTo(e.target.value)} />
            </SimpleField>
            <label className="check">
              <input type="checkbox" checked={isExample} onChange={(e) => setIsExample(e.target.checked)} /> 这是示例表（非正式发布的标准）
            </label>
          </div>
          {issues.length ? <IssueTable title="裁量基准表中的错误" issues={issues} /> : null}
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            取消
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? '正在导入…' : '导入'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
