/**
 * Receipts at the legal office (成果汇总): every merged results package, grouped by the laptop that sent
 * it, with the receipts issued for it; 保存回执 writes one (the same core function as the CLI's
 * `--receipt-out`). The team records it on its laptop, and its next "since last" package starts there.
 */
import { Fragment, useState, type FormEvent } from 'react';
import { receiptFileName, type ImportReceipt } from '../../../shared/api/namespaces/results';
import { errorMessage, getApi } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { useAppStore } from '../../stores/app';
import { PackageDialogFooter, PackagePathField, useStoreFolder } from '../campaign-packages/PackageFormParts';
import '../campaign-packages/packages.css';
import './results.css';

const shortFp = (fp: string) => `${fp.slice(0, 14)}…`;

export function ReceiptsPanel({ campaignId, reloadKey }: { campaignId: string; reloadKey: unknown }) {
  const [rows, setRows] = useState<ImportReceipt[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<{ importId: string; fileName: string } | null>(null);
  const load = useLoad(async () => setRows(await getApi().results.receipts({ campaignId })), [campaignId, reloadKey], setError);

  // Grouped by laptop, in the order the rows come (first import of each laptop first).
  const groups: { storeId: string; fingerprint: string; label: string; rows: ImportReceipt[] }[] = [];
  for (const r of rows ?? []) {
    const g = groups.find((x) => x.storeId === r.laptopStoreId);
    if (g) g.rows.push(r);
    else groups.push({ storeId: r.laptopStoreId, fingerprint: r.fingerprint, label: r.laptopLabel, rows: [r] });
  }
  const waiting = (rows ?? []).filter((r) => r.receipts === 0).length;

  return (
    <div className="panel" aria-labelledby="receipts-title">
      <h2 className="panel-title" id="receipts-title">
        成果包与回执 {waiting ? <span className="badge badge-pending">{waiting} 个未出具回执</span> : null}
      </h2>
      <ErrorBanner message={error} />
      {rows && rows.length === 0 ? (
        <p className="panel-text muted">尚未合并成果包。合并后在这里保存回执，交评查组在其电脑上登记；此后该组可以只导出回执之后的改动。</p>
      ) : (
        <table className="data-table compact receipts-table" aria-label="成果包与回执">
          <thead>
            <tr>
              <th scope="col">成果包</th>
              <th scope="col">方式</th>
              <th scope="col">合并时间</th>
              <th scope="col">回执</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <Fragment key={g.storeId}>
                <tr className="laptop-group">
                  <th scope="rowgroup" colSpan={5}>
                    电脑 <span className="mono" title={g.fingerprint}>{shortFp(g.fingerprint)}</span> {g.label}
                  </th>
                </tr>
                {g.rows.map((r) => (
                  <tr key={r.importId} data-import-id={r.importId}>
                    <td className="mono">{r.fileName}</td>
                    <td>{r.mode === 'full' ? '完整' : '增量'}</td>
                    <td>{formatDateTime(r.importedAt)}</td>
                    <td>
                      {r.lastIssuedAt ? (
                        <span title={r.lastFilePath ?? ''}>
                          <span className="badge badge-receipted">已出具</span> {formatDateTime(r.lastIssuedAt)}（{r.lastIssuedBy}）{r.receipts > 1 ? `，共 ${r.receipts} 次` : ''}
                        </span>
                      ) : (
                        <span className="badge badge-pending">未出具</span>
                      )}
                    </td>
                    <td className="row-actions">
                      <button type="button" className="button small" onClick={() => setSaving({ importId: r.importId, fileName: r.fileName })}>
                        保存回执…
                      </button>
                    </td>
                  </tr>
                ))}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      {saving ? (
        <SaveReceiptDialog
          importId={saving.importId}
          packageFileName={saving.fileName}
          onClose={() => {
            setSaving(null);
            void load();
          }}
        />
      ) : null}
    </div>
  );
}

/** 保存回执: where to write the receipt of one merged package (beside the store by default). */
export function SaveReceiptDialog({ importId, packageFileName, onClose }: { importId: string; packageFileName: string; onClose(): void }) {
  const toast = useAppStore((s) => s.toast);
  const folder = useStoreFolder();
  const [typed, setTyped] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const out = typed ?? (folder ? `${folder}/${receiptFileName(packageFileName)}` : '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || saved) return;
    setBusy(true);
    setError(null);
    try {
      const r = await getApi().results.saveReceipt({ importId, out });
      setSaved(r.file);
      toast('success', `回执已保存：${r.file}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`保存回执：${packageFileName}`} onClose={onClose} busy={busy}>
      <form className="form package-form" onSubmit={submit} noValidate>
        <div className="dialog-body">
          <p className="muted">回执由本机签名，证明法制机构已合并这个成果包。把它交给送包的评查组，在其电脑“成果汇总 → 登记回执”中登记。</p>
          <ErrorBanner message={error} />
          <PackagePathField id="receipt-out" label="保存为" hint="文件路径，例如 U 盘上的 E:\回执\甲组.drpkg.receipt.json" value={out} onChange={setTyped} disabled={busy || !!saved} browse={{ mode: 'save', title: '回执保存到', filters: [{ name: '回执', extensions: ['json'] }], onError: setError }} />
          {saved ? (
            <div className="banner banner-success package-result" role="status" data-testid="receipt-saved">
              回执已保存：<code>{saved}</code>
            </div>
          ) : null}
        </div>
        <PackageDialogFooter keys="Enter 保存 · Esc 关闭" running={false} verb="保存" done={!!saved} onCancelJob={onClose} onClose={onClose}>
          {saved ? null : (
            <button type="submit" className="button primary" disabled={busy || !out.trim()}>
              {busy ? '正在保存…' : '保存回执'}
            </button>
          )}
        </PackageDialogFooter>
      </form>
    </Dialog>
  );
}
