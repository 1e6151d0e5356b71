/**
 * 成果汇总 (legal office): import the results packages the team laptops send (fingerprint check on
 * a laptop's first package, progress while it decrypts and merges), the laptops known here, the
 * conflicts — the same review changed on two laptops — side by side item by item with the office's
 * choice, and every merged review with its "changed since sign-off" mark.
 */
import { useState } from 'react';
import type { Campaign } from '../../shared/api/namespaces/campaigns';
import type { z } from 'zod';
import type { ConflictSummary, MergeCounts, ResultsImportResult, results } from '../../shared/api/namespaces/results';
import { REVIEW_STATUS_LABELS } from '../../shared/labels';
import { errorMessage, getApi } from '../api';
import { EmptyState } from '../components/EmptyState';
import { FilePick } from '../components/FileImport';
import { ErrorBanner, ProgressBar, readFileBase64 } from '../components/ui';
import { BrowseButton } from '../components/BrowseButton';
import { baseName, nativeDialogs, PACKAGE_FILTER } from '../native-dialogs';
import { formatDateTime } from '../format';
import { useJob } from '../hooks/useJob';
import { useLoad } from '../hooks/useLoad';
import { useAppStore } from '../stores/app';
import { selectCurrentCampaign, useCampaignsStore } from '../stores/campaigns';
import { NeedsCampaign } from './Placeholders';
import { ConflictDialog } from './results/ConflictDialog';
import { LaptopResultsBody, useCampaignOrigin, useOwnReviewCount } from './results/LaptopResults';
import { ReceiptsPanel, SaveReceiptDialog } from './results/OfficeReceipts';

type Laptop = z.infer<typeof results.laptops.output>[number];
type Merged = z.infer<typeof results.reviews.output>[number];
type Signer = z.infer<typeof results.inspect.output>;

const KIND_LABEL = { review: '评查', facts: '关键事实', document_map: '文书目录', finding: '问题处理' } as const;
const counts = (c: MergeCounts) => `新增 ${c.added}，更新 ${c.changed}，未变 ${c.unchanged}，冲突 ${c.conflict}`;
const pts = (n: number | null) => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(1));
const shortFp = (fp: string | null) => (fp ? `${fp.slice(0, 14)}…` : '本库');

export function ResultsScreen() {
  // A team laptop (its campaign came from a campaign package) sends results; the office merges them.
  const origin = useCampaignOrigin(useCampaignsStore(selectCurrentCampaign)?.id ?? null);
  return (
    <NeedsCampaign title="成果汇总" subtitle={origin ? '导出本机成果包交法制机构，登记法制机构的回执。' : '导入各评查组电脑送来的成果包，合并评查结果，处理冲突，出具回执。'}>
      {(c) => (origin === undefined ? <p className="muted">正在加载…</p> : origin ? <LaptopResultsBody campaign={c} origin={origin} /> : <HandMadeResults campaign={c} />)}
    </NeedsCampaign>
  );
}

/**
 * A campaign made here, not from a campaign package: the office's merge, and — when this computer has
 * reviews of its own (it may be a team laptop set up by hand) — 导出成果包 and 登记回执 above it.
 */
function HandMadeResults({ campaign }: { campaign: Campaign }) {
  const own = useOwnReviewCount(campaign.id, true);
  return (
    <>
      {own ? <LaptopResultsBody campaign={campaign} origin={null} ownReviews={own} /> : null}
      <ResultsBody campaign={campaign} />
    </>
  );
}

function ResultsBody({ campaign }: { campaign: Campaign }) {
  const [laptops, setLaptops] = useState<Laptop[] | null>(null);
  const [conflicts, setConflicts] = useState<ConflictSummary[]>([]);
  const [merged, setMerged] = useState<Merged[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [openConflict, setOpenConflict] = useState<string | null>(null);

  const load = useLoad(async () => {
    const api = getApi();
    const [l, c, m] = await Promise.all([api.results.laptops({}), api.results.conflicts({ campaignId: campaign.id }), api.results.reviews({ campaignId: campaign.id })]);
    setLaptops(l);
    setConflicts(c);
    setMerged(m);
  }, [campaign.id], setError);

  return (
    <>
      <ErrorBanner message={error} />
      <ImportPanel onImported={() => void load()} />

      <div className="panel" aria-labelledby="conflicts-title">
        <h2 className="panel-title" id="conflicts-title">
          待处理的冲突 {conflicts.length ? <span className="badge badge-warning">{conflicts.length}</span> : null}
        </h2>
        {conflicts.length === 0 ? (
          <p className="panel-text muted">没有冲突：同一份评查只在一台电脑上改过。</p>
        ) : (
          <>
            <p className="panel-text">同一项内容在两处被改过。两个版本都已保留，请逐项对照后选择采用哪一个（记入审计日志）。</p>
            <table className="data-table compact" aria-label="待处理的冲突">
              <thead>
                <tr>
                  <th scope="col">内容</th>
                  <th scope="col">类型</th>
                  <th scope="col">送来的电脑</th>
                  <th scope="col">标记</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {conflicts.map((c) => (
                  <tr key={c.id}>
                    <td>{c.title}</td>
                    <td>{KIND_LABEL[c.kind]}</td>
                    <td className="mono" title={c.fingerprint}>
                      {shortFp(c.fingerprint)} {c.laptopLabel}
                    </td>
                    <td>{c.changedSinceSignOff ? <span className="badge badge-warning">签批后有改动</span> : null}</td>
                    <td className="row-actions">
                      <button type="button" className="button small primary" onClick={() => setOpenConflict(c.id)}>
                        对照并选择…
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>

      <div className="panel" aria-labelledby="laptops-title">
        <h2 className="panel-title" id="laptops-title">
          评查组电脑
        </h2>
        {laptops && laptops.length === 0 ? (
          <p className="panel-text muted">尚未导入任何成果包。首次导入某台电脑的成果包时，须与该组核对签名指纹。</p>
        ) : (
          <table className="data-table compact" aria-label="评查组电脑">
            <thead>
              <tr>
                <th scope="col">签名指纹</th>
                <th scope="col">评查人员</th>
                <th scope="col">首次导入</th>
                <th scope="col">最近导入</th>
                <th scope="col" className="num">成果包</th>
                <th scope="col" className="num">审计记录</th>
              </tr>
            </thead>
            <tbody>
              {(laptops ?? []).map((l) => (
                <tr key={l.storeId}>
                  <td className="mono fingerprint">{l.fingerprint}</td>
                  <td>{l.label || '—'}</td>
                  <td>
                    {formatDateTime(l.firstImportAt)}（{l.confirmedBy} 核对）
                  </td>
                  <td>{formatDateTime(l.lastImportAt)}</td>
                  <td className="num">{l.packages}</td>
                  <td className="num">{l.receivedAuditEntries}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <ReceiptsPanel campaignId={campaign.id} reloadKey={laptops} />

      <h2 className="section-title">已合并的评查（{merged.length} 份）</h2>
      {merged.length === 0 ? (
        <EmptyState title="暂无合并的评查">导入成果包后，这里列出每份评查及其来源；统计与导出已包含它们。</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data-table" aria-label="已合并的评查">
            <thead>
              <tr>
                <th scope="col">单位</th>
                <th scope="col">案卷编号</th>
                <th scope="col">评查人员</th>
                <th scope="col">评查组</th>
                <th scope="col">状态</th>
                <th scope="col" className="num">
                  总分
                </th>
                <th scope="col">等次</th>
                <th scope="col">来自电脑</th>
                <th scope="col">标记</th>
              </tr>
            </thead>
            <tbody>
              {merged.map((r) => (
                <tr key={r.reviewId} data-case-no={r.caseNo}>
                  <td>{r.unitName}</td>
                  <td>{r.caseNo}</td>
                  <td>{r.reviewerName}</td>
                  <td>{r.team || '—'}</td>
                  <td>{REVIEW_STATUS_LABELS[r.status]}</td>
                  <td className="num">{pts(r.total)}</td>
                  <td>{r.grade ?? '—'}</td>
                  <td className="mono" title={r.fromFingerprint ?? ''}>
                    {shortFp(r.fromFingerprint)}
                  </td>
                  <td>
                    {r.changedSinceSignOff ? <span className="badge badge-warning">签批后有改动</span> : null}
                    {r.openConflicts ? <span className="badge badge-danger">有冲突</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {openConflict ? (
        <ConflictDialog
          id={openConflict}
          onClose={() => setOpenConflict(null)}
          onResolved={() => {
            setOpenConflict(null);
            void load();
          }}
        />
      ) : null}
    </>
  );
}

function ImportPanel({ onImported }: { onImported(): void }) {
  const toast = useAppStore((s) => s.toast);
  const [file, setFile] = useState<File | null>(null);
  // In the app the system dialog gives a path, which the main process reads (no upload, split packages too).
  const [path, setPath] = useState<string | null>(null);
  const native = nativeDialogs() !== null;
  const [passphrase, setPassphrase] = useState('');
  const [signer, setSigner] = useState<Signer | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [savingReceipt, setSavingReceipt] = useState(false);
  const job = useJob<'results.startImport'>({
    onDone: (r) => {
      toast(r.reviews.conflict ? 'info' : 'success', `已导入成果包 ${r.file}：评查${counts(r.reviews)}`);
      setSigner(null);
      setConfirmed(false);
      onImported();
    },
  });

  const upload = async () => (path ? { kind: 'path' as const, path } : { kind: 'upload' as const, name: file!.name, dataBase64: await readFileBase64(file!) });
  const chosen = path ?? file;

  const check = async () => {
    if (!chosen) return;
    setBusy(true);
    job.reset();
    try {
      const s = await getApi().results.inspect({ source: await upload() });
      if (s.kind !== 'results') throw new Error('这是活动包，不是成果包：请在评查组电脑上导入。');
      setSigner(s);
      setConfirmed(!s.needsConfirmation);
      if (!s.needsConfirmation) await start(s);
    } catch (err) {
      job.setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const start = async (s: Signer) => {
    if (!chosen) return;
    try {
      const { jobId } = await getApi().results.startImport({ source: await upload(), passphrase, confirmFingerprint: s.needsConfirmation ? s.fingerprint : undefined });
      job.start(jobId, { step: '解密并校验' });
    } catch (err) {
      job.setError(errorMessage(err));
    }
  };

  const result: ResultsImportResult | null = job.result;
  return (
    <div className="panel" aria-labelledby="import-results-title">
      <h2 className="panel-title" id="import-results-title">
        导入成果包
      </h2>
      <p className="panel-text">选择评查组电脑导出的成果包（.drpkg），输入活动口令。同一个包导入两次与导入一次相同；任何一处校验不过，整个包都不导入。</p>
      <div className="toolbar">
        {native ? (
          <>
            <BrowseButton
              mode="open"
              label="选择成果包…"
              title="选择成果包"
              filters={[PACKAGE_FILTER]}
              disabled={busy || job.running}
              onError={job.setError}
              onChosen={(p) => {
                setPath(p);
                setSigner(null);
                job.reset();
              }}
            />
            <span className="muted" title={path ?? undefined}>
              {path ? baseName(path) : '未选择文件'}
            </span>
          </>
        ) : (
          <FilePick
            label="选择成果包…"
            ariaLabel="成果包文件"
            accept=".drpkg,.001,application/octet-stream"
            testId="results-file"
            disabled={busy || job.running}
            chosen={file ? file.name : '未选择文件'}
            onPick={(files) => {
              setFile(files?.[0] ?? null);
              setSigner(null);
              job.reset();
            }}
          />
        )}
        <label className="toolbar-field">
          活动口令
          <input type="password" className="inline-input" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} aria-label="活动口令" autoComplete="off" />
        </label>
        <button type="button" className="button primary" disabled={!chosen || !passphrase || busy || job.running} onClick={() => void check()}>
          导入
        </button>
      </div>

      {signer && signer.needsConfirmation && !job.running && !job.result ? (
        <div className="banner banner-warning" role="alertdialog" aria-labelledby="confirm-fp-title">
          <p id="confirm-fp-title">
            <strong>首次收到这台电脑的成果包。</strong>请打电话或当面与该评查组核对签名指纹（对方在“设置 → 本机签名指纹”中可见），一致才导入：
          </p>
          <p className="mono fingerprint fingerprint-large" data-testid="signer-fingerprint">
            {signer.fingerprint}
          </p>
          <label className="check-line">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> 已与评查组核对，指纹一致
          </label>{' '}
          <button type="button" className="button primary small" disabled={!confirmed} onClick={() => void start(signer)}>
            确认并导入
          </button>
        </div>
      ) : null}

      {job.running && job.job ? <ProgressBar done={job.job.done} total={job.job.total} label={job.job.step || '导入中'} /> : null}
      <ErrorBanner message={job.error} />
      {result ? (
        <div className="banner banner-success" role="status" data-testid="import-summary">
          <p>
            已导入 {result.file}（{result.mode === 'full' ? '完整' : '增量'}），来自电脑 <span className="mono">{shortFp(result.laptop.fingerprint)}</span>
            {result.laptop.label ? ` ${result.laptop.label}` : ''}
            {result.stale ? '（此包早于已收到的成果，未改变任何内容）' : ''}
          </p>
          <ul>
            <li>评查：{counts(result.reviews)}</li>
            <li>问题处理：{counts(result.findings)}</li>
            <li>关键事实更正：{counts(result.facts)}</li>
            <li>文书目录更正：{counts(result.documentMaps)}</li>
            <li>审计记录：收到 {result.auditEntries.received} 条，新增 {result.auditEntries.new} 条</li>
          </ul>
          <button type="button" className="button small" onClick={() => setSavingReceipt(true)}>
            保存回执…
          </button>{' '}
          <span className="muted small-text">交该评查组在其电脑上登记，此后它可以只导出之后的改动。</span>
        </div>
      ) : null}
      {result && savingReceipt ? (
        <SaveReceiptDialog
          importId={result.importId}
          packageFileName={result.file}
          onClose={() => {
            setSavingReceipt(false);
            onImported();
          }}
        />
      ) : null}
    </div>
  );
}
