/**
 * 导入登记表: choose files → preview and column mapping → import → result (errors / changes / confirm update).
 * In the app the system dialog picks the files and their paths are sent (the main process reads them); in the browser they are uploaded.
 */
import { useMemo, useState } from 'react';
import type { RegisterImportResult, RegisterPreview } from '../../../shared/api/namespaces/registers';
import { REQUIRED_HEADERS, TEMPLATE_HEADERS } from '../../../shared/domain/register/columns';
import { errorMessage, getApi } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ChooseFiles, uploadOf, type Chosen } from '../../components/ChooseFiles';
import { IssueTable } from '../../components/FileImport';
import { ErrorBanner, ProgressBar } from '../../components/ui';
import { useJob } from '../../hooks/useJob';

/** A chosen register: its bytes (browser) or its path on this computer (the app's system dialog). */
type Upload = { name: string; dataBase64: string } | { name: string; path: string };
/** What registers.* take: a path entry carries no name (the file's own name is used). */
const fileRef = (u: Upload, sheet?: string) => ({ ...('path' in u ? { path: u.path } : u), ...(sheet ? { sheet } : {}) });
type Mapping = Record<string, string | null>;

export function ImportDialog({ campaignId, onClose, onImported }: { campaignId: string; onClose(): void; onImported(): void }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [preview, setPreview] = useState<RegisterPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [result, setResult] = useState<RegisterImportResult | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sheet, setSheet] = useState<string | null>(null);
  const [mappingUnit, setMappingUnit] = useState('');
  const [savedNote, setSavedNote] = useState<string | null>(null);
  /** Said after 取消导入: the user's own choice, so a notice rather than an error. */
  const [cancelled, setCancelled] = useState<string | null>(null);
  // The import runs as a job (a 50,000-row register takes seconds): progress, and 取消 stores nothing.
  const importJob = useJob<'registers.startImport'>({
    onDone: (r) => {
      setResult(r);
      if (r.errors.length === 0) onImported();
    },
    onEnd: (j) => {
      if (j.status === 'cancelled') setCancelled(j.error?.message ?? '导入已取消，未保存任何数据。');
    },
  });
  const importing = importJob.running;
  const blocked = busy !== null || importing;

  const showPreview = (p: RegisterPreview) => {
    setPreview(p);
    setMapping({ ...p.suggestedMapping });
    setSheet(p.sheet);
    setMappingUnit(p.savedMappingUnit ?? unitNameIn(p, p.suggestedMapping));
    setSavedNote(null);
  };

  // A path (the app's system dialog) is sent as it is; a browser's file is read and uploaded.
  const pick = (list: Chosen[]) => choose(() => Promise.all(list.map(async (c) => ('path' in c ? c : { name: c.name, ...(await uploadOf(c)) } as Upload))));

  const choose = async (read: () => Promise<Upload[]>) => {
    setError(null);
    setResult(null);
    setPreview(null);
    setBusy('正在读取文件…');
    try {
      const ups = await read();
      setUploads(ups);
      setBusy('正在预览…');
      showPreview(await getApi().registers.preview({ campaignId, file: fileRef(ups[0]!), limit: 5 }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const missing = useMemo(() => {
    const mapped = new Set(Object.values(mapping).filter(Boolean));
    return REQUIRED_HEADERS.filter((h) => !mapped.has(h));
  }, [mapping]);

  // Another sheet of the (first) workbook: preview it again; the same sheet is read from every XLSX file.
  const pickSheet = async (name: string) => {
    setError(null);
    setBusy('正在读取工作表…');
    try {
      showPreview(await getApi().registers.preview({ campaignId, file: fileRef(uploads[0]!), sheet: name, limit: 5 }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const saveMapping = async () => {
    const unitName = mappingUnit.trim();
    if (!unitName) {
      setError('请填写要保存映射的执法单位名称。');
      return;
    }
    setError(null);
    setBusy('正在保存映射…');
    try {
      const saved = await getApi().registers.saveMapping({ unitName, mapping });
      setSavedNote(`已保存“${saved.unitName}”的列映射：以后导入该单位的登记表时自动套用。`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const runImport = async (applyChanges: boolean) => {
    setError(null);
    setCancelled(null);
    importJob.reset();
    try {
      const files = uploads.map((u) => fileRef(u, sheet && /\.xlsx$|\.xlsm$/i.test(u.name) ? sheet : undefined));
      const { jobId } = await getApi().registers.startImport({ campaignId, files, mapping, applyChanges });
      importJob.start(jobId, { label: applyChanges ? '更新有变化的案卷' : '导入登记表' });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const progress = importJob.job;
  const progressLabel = progress
    ? `${progress.step || (progress.label ?? '正在导入…')}${progress.total > 0 ? `：${progress.done.toLocaleString('zh-CN')} / ${progress.total.toLocaleString('zh-CN')} 行` : ''}`
    : '';

  return (
    <Dialog title="导入登记表" onClose={onClose} busy={blocked} size="wide">
      <div className="dialog-body">
        <ErrorBanner message={error} />
        <ChooseFiles
          label="选择登记表文件…"
          id="register-files"
          testId="register-file-input"
          multiple
          dialogTitle="选择案卷登记表"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          filters={[{ name: '登记表（CSV / XLSX）', extensions: ['csv', 'xlsx', 'xlsm'] }]}
          disabled={blocked}
          ariaLabel="选择案卷登记表文件（CSV / XLSX，可多选）"
          chosen={uploads.length === 0 ? 'CSV 或 XLSX，可一次选择多个文件' : uploads.map((u) => u.name).join('、')}
          onChoose={(list) => void pick(list)}
        />
        {uploads.length > 1 ? <div className="field-hint">已选择 {uploads.length} 个文件；按第一个文件的表头设置列映射，全部文件使用同一映射。</div> : null}

        {busy ? <ProgressBar label={busy} /> : null}
        {importing && progress ? (
          <div className="import-progress">
            <ProgressBar label={progressLabel} done={progress.done} total={progress.total} />
            <button type="button" className="button" onClick={() => void importJob.cancel()}>
              取消导入
            </button>
          </div>
        ) : null}
        {cancelled ? (
          <div className="banner banner-warning" role="status" data-testid="import-cancelled">
            {cancelled}
          </div>
        ) : null}
        <ErrorBanner message={importJob.error} />

        {preview && !result ? (
          <>
            <h3 className="section-title">
              预览：{preview.file}
              <span className="muted small-text">
                （{preview.format.toUpperCase()}
                {preview.sheet ? `，工作表“${preview.sheet}”` : ''}
                {preview.encoding ? `，${preview.encoding}` : ''}，共 {preview.rowCount} 行{preview.savedMappingUnit ? `，已套用“${preview.savedMappingUnit}”保存的映射` : ''}）
              </span>
            </h3>
            {preview.sheets.length > 1 ? (
              <div className="toolbar">
                <label className="toolbar-field">
                  <span>工作表</span>
                  <select
                    value={sheet ?? ''}
                    onChange={(e) => void pickSheet(e.target.value)}
                    disabled={blocked}
                    aria-label="选择案卷目录所在的工作表"
                    data-testid="sheet-select"
                  >
                    {preview.sheets.map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                </label>
                <span className="muted small-text">该工作簿有 {preview.sheets.length} 个工作表，请选择案卷目录所在的一个{uploads.length > 1 ? '（其他 Excel 文件读取同名工作表）' : ''}。</span>
              </div>
            ) : null}
            {preview.errors.length > 0 ? <IssueTable title="读取文件时的问题" issues={preview.errors} /> : null}
            <div className="table-wrap preview-wrap">
              <table className="data-table compact" aria-label="列映射与前几行">
                <thead>
                  <tr>
                    <th scope="col">源列</th>
                    <th scope="col">对应模板列</th>
                    {preview.rows.map((_, i) => (
                      <th scope="col" key={i}>
                        第 {preview.headerRow + 1 + i} 行
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.headers.map((h, col) => {
                    const target = mapping[h] ?? '';
                    const required = target !== '' && REQUIRED_HEADERS.includes(target);
                    return (
                      <tr key={h + col} className={required ? 'is-required' : undefined}>
                        <th scope="row" className="nowrap">
                          {h}
                        </th>
                        <td>
                          <select aria-label={`“${h}”对应的模板列`} value={target} onChange={(e) => setMapping((m) => ({ ...m, [h]: e.target.value || null }))}>
                            <option value="">（不导入）</option>
                            {TEMPLATE_HEADERS.map((t) => (
                              <option key={t} value={t}>
                                {t}
                                {REQUIRED_HEADERS.includes(t) ? '（必填）' : ''}
                              </option>
                            ))}
                          </select>
                        </td>
                        {preview.rows.map((r, i) => (
                          <td key={i} className="cell-clip" title={r[col]}>
                            {r[col]}
                          </td>
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {missing.length > 0 ? (
              <div className="banner banner-warning" role="alert" data-testid="missing-required">
                以下必填列尚未对应：{missing.join('、')}
              </div>
            ) : null}
            <div className="toolbar" aria-label="保存列映射">
              <label className="toolbar-field toolbar-grow">
                <span>为单位保存此映射</span>
                <input
                  type="text"
                  value={mappingUnit}
                  onChange={(e) => {
                    setMappingUnit(e.target.value);
                    setSavedNote(null);
                  }}
                  placeholder="执法单位名称"
                  aria-label="保存映射的执法单位"
                  data-testid="mapping-unit"
                />
              </label>
              <button type="button" className="button" onClick={() => void saveMapping()} disabled={blocked || !mappingUnit.trim() || preview.headers.length === 0}>
                保存映射
              </button>
            </div>
            {savedNote ? (
              <div className="banner banner-success" role="status" data-testid="mapping-saved">
                {savedNote}
              </div>
            ) : null}
          </>
        ) : null}

        {result ? <ImportResultView result={result} onApply={() => void runImport(true)} busy={blocked} /> : null}
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button" onClick={onClose} disabled={blocked}>
          {result && result.errors.length === 0 ? (result.changed.length > 0 && !result.applied ? '暂不更新，关闭' : '完成') : '取消'}
        </button>
        {!result || result.errors.length > 0 ? (
          <button type="button" className="button primary" disabled={blocked || uploads.length === 0 || missing.length > 0} onClick={() => void runImport(false)}>
            {result ? '重新导入' : '导入'}
          </button>
        ) : null}
      </footer>
    </Dialog>
  );
}

/** The 执法单位 named in the preview rows under the current mapping (the usual owner of a register). */
function unitNameIn(p: RegisterPreview, mapping: Mapping): string {
  const col = p.headers.findIndex((h) => mapping[h] === '执法单位');
  if (col < 0) return '';
  return p.rows.map((r) => (r[col] ?? '').trim()).find(Boolean) ?? '';
}

/** Per 执法单位: rows new, unchanged and changed (an import's result, or one file in the history). */
export function UnitCountsTable({ units, label = '各执法单位导入情况', testId }: { units: RegisterImportResult['units']; label?: string; testId?: string }) {
  return (
    <table className="data-table compact" aria-label={label} data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">执法单位</th>
          <th scope="col" className="num">新增</th>
          <th scope="col" className="num">未变化</th>
          <th scope="col" className="num">有变化</th>
        </tr>
      </thead>
      <tbody>
        {units.map((u) => (
          <tr key={u.unitName}>
            <td>{u.unitName}</td>
            <td className="num">{u.imported}</td>
            <td className="num">{u.unchanged}</td>
            <td className="num">{u.changed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ImportResultView({ result, onApply, busy }: { result: RegisterImportResult; onApply(): void; busy: boolean }) {
  const failed = result.errors.length > 0;
  return (
    <div className="import-result" data-testid="import-result">
      {failed ? (
        <div className="banner banner-error" role="alert">
          <strong>导入未完成，没有保存任何数据。</strong>共发现 {result.errorTotal} 处错误{result.errorTotal > result.errors.length ? `（下表列出前 ${result.errors.length} 处）` : ''}
          。请在登记表中更正后重新导入。
        </div>
      ) : (
        <div className="banner banner-success" role="status">
          导入完成：新增 <strong>{result.imported}</strong> 件，未变化 <strong>{result.unchanged}</strong> 件，内容有变化 <strong>{result.changed.length}</strong> 件
          {result.applied ? '（已更新）' : ''}。
        </div>
      )}
      <dl className="result-counts">
        <div>
          <dt>新增</dt>
          <dd data-testid="count-imported">{result.imported}</dd>
        </div>
        <div>
          <dt>未变化</dt>
          <dd data-testid="count-unchanged">{result.unchanged}</dd>
        </div>
        <div>
          <dt>有变化</dt>
          <dd data-testid="count-changed">{result.changed.length}</dd>
        </div>
      </dl>
      {!failed && result.units.length > 0 ? (
        <div className="table-wrap issue-wrap">
          <UnitCountsTable units={result.units} testId="unit-counts" />
        </div>
      ) : null}
      {failed ? <IssueTable title="错误" issues={result.errors} /> : null}
      {result.warningTotal > 0 ? (
        <details className="warnings">
          <summary>提示 {result.warningTotal} 条（不影响导入，点击展开）</summary>
          <IssueTable title="提示" issues={result.warnings} />
        </details>
      ) : null}
      {!failed && result.changed.length > 0 ? (
        <div className="changed">
          <h3 className="section-title">{result.applied ? '已更新的案卷' : '以下案卷已导入过，本次内容不同（尚未更新）'}</h3>
          <div className="table-wrap issue-wrap">
            <table className="data-table compact" aria-label="有变化的案卷">
              <thead>
                <tr>
                  <th scope="col">案卷编号</th>
                  <th scope="col">文件 / 行</th>
                  <th scope="col">字段</th>
                  <th scope="col">原值</th>
                  <th scope="col">新值</th>
                </tr>
              </thead>
              <tbody>
                {result.changed.flatMap((c) =>
                  c.changes.map((ch, i) => (
                    <tr key={`${c.caseNo}-${ch.field}`}>
                      <td className="mono">{i === 0 ? c.caseNo : ''}</td>
                      <td>{i === 0 ? `${c.file} 第 ${c.row} 行` : ''}</td>
                      <td>{ch.label}</td>
                      <td className="muted">{ch.before ?? '（空）'}</td>
                      <td>{ch.after ?? '（空）'}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
          {!result.applied ? (
            <button type="button" className="button primary" onClick={onApply} disabled={busy}>
              确认更新
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
