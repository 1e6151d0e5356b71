/**
 * 成果汇总 on a team laptop (its campaign came from a campaign package): the laptop side of results
 * packages (issue #18, docs/packages.md).
 * - 导出成果包: full, or only what changed since the office's last receipt; what it will hold before it
 *   is written; where (a path: a USB stick); the campaign passphrase twice; progress; cancel.
 * - 已发送的成果包: each package this laptop wrote, 已发送 or 法制机构已回执 with the date.
 * - 登记回执: the office's receipt file; one for another laptop, campaign or office is refused by name.
 */
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { CampaignOriginDto } from '../../../shared/api/namespaces/campaign-packages';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import type { ResultsExportPreview, results } from '../../../shared/api/namespaces/results';
import { errorMessage, getApi } from '../../api';
import { Dialog } from '../../components/Dialog';
import { FilePick } from '../../components/FileImport';
import { ErrorBanner } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useJob } from '../../hooks/useJob';
import { useLoad } from '../../hooks/useLoad';
import { useAppStore } from '../../stores/app';
import { fat32Name, PackageDialogFooter, PackageJobProgress, PackagePathField, PackageWritten, PassphrasePair, packageSize, packageWriteSubmit, useStoreFolder } from '../campaign-packages/PackageFormParts';
import '../campaign-packages/packages.css';
import './results.css';

type SentPackage = z.infer<typeof results.exports.output>[number];

const teamLabel = (team: string) => team || '（未分组）';
const mb = packageSize;
const stamp = (d: Date) => `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}-${String(d.getHours()).padStart(2, '0')}${String(d.getMinutes()).padStart(2, '0')}`;

/**
 * Where the current campaign came from: undefined while asked, null when it was made here (the
 * office), else the campaign package's origin (a team laptop).
 */
export function useCampaignOrigin(campaignId: string | null): CampaignOriginDto | null | undefined {
  const [origin, setOrigin] = useState<{ id: string | null; value: CampaignOriginDto | null } | null>(null);
  useEffect(() => {
    let live = true;
    if (!campaignId) return;
    getApi()
      .campaignPackages.origins({})
      .then((list) => live && setOrigin({ id: campaignId, value: list.find((o) => o.campaignId === campaignId) ?? null }))
      .catch(() => live && setOrigin({ id: campaignId, value: null }));
    return () => {
      live = false;
    };
  }, [campaignId]);
  return origin && origin.id === campaignId ? origin.value : undefined;
}

/**
 * `origin` null: a campaign made by hand on this computer that has reviews of its own (`ownReviews`):
 * it may be a team laptop set up without a campaign package, so it sends results as one would.
 */
export function LaptopResultsBody({ campaign, origin, ownReviews }: { campaign: Campaign; origin: CampaignOriginDto | null; ownReviews?: number }) {
  const [sent, setSent] = useState<SentPackage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const load = useLoad(async () => setSent(await getApi().results.exports({ campaignId: campaign.id })), [campaign.id], setError);
  const receipted = sent?.find((e) => e.acknowledgedAt) ?? null;

  return (
    <>
      <ErrorBanner message={error} />
      <div className="panel" aria-labelledby="send-results-title">
        <h2 className="panel-title" id="send-results-title">
          送交法制机构
        </h2>
        {origin ? (
          <p className="panel-text">
            本机评查“{campaign.name}”的 <strong>{teamLabel(origin.team)}</strong>（活动包来自法制机构 <code className="fingerprint">{origin.officeFingerprint}</code>）。
            评查告一段落时导出成果包，用 U 盘交法制机构合并；法制机构合并后给回执，在下面登记，此后可以只导出回执之后的改动。
          </p>
        ) : (
          <p className="panel-text">
            “{campaign.name}”是在本机建立的（不是从法制机构的活动包导入），本机有 <strong>{ownReviews ?? 0}</strong> 份自己的评查表。
            如果本机是评查组电脑，评查告一段落时导出成果包，用 U 盘交法制机构合并，并在下面登记法制机构的回执；如果本机就是法制机构，在下面的“导入成果包”中合并各组送来的成果包。
          </p>
        )}
        <div className="toolbar">
          <button type="button" className="button primary" onClick={() => setExporting(true)}>
            导出成果包…
          </button>
          <span className="muted small-text">
            {receipted
              ? `最近一次回执：${formatDateTime(receipted.acknowledgedAt!)}（${receipted.fileName}）`
              : sent?.length
                ? `已发送 ${sent.length} 个成果包，尚未登记回执：收到法制机构的回执后在下面登记。`
                : '还没有发送过成果包：第一次请导出完整成果包。'}
          </span>
        </div>
      </div>

      <AcknowledgePanel campaignId={campaign.id} sent={sent ?? []} onRecorded={() => void load()} />

      <div className="panel" aria-labelledby="sent-title">
        <h2 className="panel-title" id="sent-title">
          已发送的成果包
        </h2>
        {sent && sent.length === 0 ? (
          <p className="panel-text muted">本机还没有导出过成果包。</p>
        ) : (
          <table className="data-table compact" aria-label="已发送的成果包">
            <thead>
              <tr>
                <th scope="col">生成时间</th>
                <th scope="col">文件</th>
                <th scope="col">方式</th>
                <th scope="col" className="num">
                  审计记录至
                </th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {(sent ?? []).map((e) => (
                <tr key={e.id} data-export-id={e.id}>
                  <td>{formatDateTime(e.createdAt)}</td>
                  <td className="mono">{e.fileName}</td>
                  <td>{e.mode === 'full' ? '完整' : '增量（上次回执之后的改动）'}</td>
                  <td className="num">第 {e.auditToSeq} 条</td>
                  <td>
                    {e.acknowledgedAt ? (
                      <span className="badge badge-receipted">法制机构已回执 {formatDateTime(e.acknowledgedAt)}</span>
                    ) : (
                      <span className="badge badge-pending">已发送，待回执</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      {exporting ? (
        <ResultsExportDialog
          campaign={campaign}
          origin={origin}
          canSinceLast={receipted !== null}
          onClose={() => {
            setExporting(false);
            void load();
          }}
        />
      ) : null}
    </>
  );
}

/** 登记回执: the office's receipt file (JSON), checked and recorded for the campaign on screen. */
function AcknowledgePanel({ campaignId, sent, onRecorded }: { campaignId: string; sent: SentPackage[]; onRecorded(): void }) {
  const toast = useAppStore((s) => s.toast);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const record = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      let receipt: unknown;
      try {
        receipt = JSON.parse(await file.text());
      } catch {
        throw new Error(`回执文件“${file.name}”无法读取：不是法制机构给出的回执（.receipt.json）。未登记。`);
      }
      const r = await getApi().results.acknowledge({ receipt, campaignId });
      const pkg = sent.find((e) => e.id === r.exportId);
      const what = pkg ? `成果包 ${pkg.fileName}（${formatDateTime(pkg.createdAt)} 生成）` : `成果包 ${r.exportId}`;
      const text = r.alreadyAcknowledged ? `这份回执此前已登记：${what}。` : `已登记回执：${what} 已由法制机构合并（指纹 ${r.officeFingerprint}）。`;
      setDone(text);
      toast('success', text);
      setFile(null);
      onRecorded();
    } catch (err) {
      setError(`${file.name}：${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel" aria-labelledby="ack-title">
      <h2 className="panel-title" id="ack-title">
        登记回执
      </h2>
      <p className="panel-text">法制机构合并成果包后给出的回执文件（.receipt.json）。登记后，“仅导出上次回执之后的改动”从这个成果包之后开始。</p>
      <div className="toolbar receipt-toolbar">
        <FilePick
          label="选择回执文件…"
          ariaLabel="回执文件"
          accept=".json,application/json"
          testId="receipt-file"
          disabled={busy}
          chosen={file ? file.name : '未选择文件'}
          onPick={(files) => {
            setFile(files?.[0] ?? null);
            setError(null);
            setDone(null);
          }}
        />
        <button type="button" className="button primary" disabled={!file || busy} onClick={() => void record()}>
          {busy ? '正在核对…' : '登记回执'}
        </button>
      </div>
      <ErrorBanner message={error} />
      {done ? (
        <div className="banner banner-success" role="status" data-testid="receipt-recorded">
          {done}
        </div>
      ) : null}
    </div>
  );
}

function PreviewList({ preview }: { preview: ResultsExportPreview }) {
  const r = preview.reviews;
  const reviews = r.draft + r.submitted + r.locked;
  return (
    <dl className="package-header results-preview" aria-label="成果包将包含">
      <dt>评查记录</dt>
      <dd>
        {reviews} 份（已锁定 {r.locked}，已提交 {r.submitted}，草稿 {r.draft}），含每项评查结论、扣分与页码引用
      </dd>
      <dt>问题处理</dt>
      <dd>对自动发现问题的确认或排除 {preview.findings} 项</dd>
      <dt>关键事实更正</dt>
      <dd>{preview.facts} 卷</dd>
      <dt>文书目录更正</dt>
      <dd>{preview.documentMaps} 份卷宗</dd>
      <dt>审计记录</dt>
      <dd>{preview.auditEntries} 条（法制机构据此核对本机的操作记录链）</dd>
    </dl>
  );
}

function ResultsExportDialog({ campaign, origin, canSinceLast, onClose }: { campaign: Campaign; origin: CampaignOriginDto | null; canSinceLast: boolean; onClose(): void }) {
  const [sinceLast, setSinceLast] = useState(canSinceLast);
  const [preview, setPreview] = useState<ResultsExportPreview | null>(null);
  const folder = useStoreFolder();
  const [out, setOut] = useState('');
  const [outTouched, setOutTouched] = useState(false);
  const [pass, setPass] = useState('');
  const [pass2, setPass2] = useState('');
  const [error, setError] = useState<string | null>(null);
  const job = useJob<'results.startExport'>();
  const [startedAt] = useState(() => new Date());

  useEffect(() => {
    let live = true;
    setPreview(null);
    getApi()
      .results.exportPreview({ campaignId: campaign.id, sinceLast })
      .then((p) => live && setPreview(p))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [campaign.id, sinceLast]);

  useEffect(() => {
    if (outTouched || !folder) return;
    setOut(`${folder}/${fat32Name(`${campaign.name}-${origin?.team || '评查组'}-成果${sinceLast ? '-增量' : ''}-${stamp(startedAt)}.drpkg`)}`);
  }, [folder, campaign.name, origin?.team, sinceLast, outTouched, startedAt]);

  const submit = packageWriteSubmit({
    running: job.running,
    pass,
    pass2,
    setError,
    start: async () => {
      const { jobId } = await getApi().results.startExport({ campaignId: campaign.id, out, passphrase: pass, sinceLast });
      job.start(jobId, { step: '正在准备…' });
    },
  });

  const result = job.result;
  return (
    <Dialog title={`导出成果包：${campaign.name}`} onClose={onClose} size="wide" busy={job.running}>
      <form className="form package-form" onSubmit={submit} noValidate>
        <div className="dialog-body">
          <p className="muted">成果包交法制机构合并：用活动口令加密（{origin ? '与导入活动包时的口令相同' : '与法制机构约定的口令'}）、用本机密钥签名。合并是幂等的，同一个包送两次不会重复计入。</p>
          <ErrorBanner message={error ?? job.error} />
          <fieldset className="results-mode" disabled={job.running}>
            <legend>导出方式</legend>
            <label className="check-line">
              <input type="radio" name="results-mode" checked={!sinceLast} onChange={() => setSinceLast(false)} /> 完整成果包（本机全部评查与审计记录）
            </label>
            <label className="check-line">
              <input type="radio" name="results-mode" checked={sinceLast} disabled={!canSinceLast} onChange={() => setSinceLast(true)} /> 仅导出上次回执之后的改动
            </label>
            {!canSinceLast ? <div className="field-hint">尚未登记法制机构的回执，只能导出完整成果包。</div> : null}
            {sinceLast && preview?.sinceFileName ? (
              <div className="field-hint">
                接续已回执的 {preview.sinceFileName}（回执 {preview.sinceAcknowledgedAt ? formatDateTime(preview.sinceAcknowledgedAt) : ''}）。
              </div>
            ) : null}
          </fieldset>
          <h3 className="results-preview-title">将包含</h3>
          {preview ? <PreviewList preview={preview} /> : <p className="muted">正在统计…</p>}
          <PackagePathField
            id="results-out"
            label="保存为"
            hint="U 盘上的文件路径。超过约 4 GB 时自动分卷保存为 .001、.002 …"
            value={out}
            onChange={(v) => {
              setOutTouched(true);
              setOut(v);
            }}
            disabled={job.running}
            browse={{ mode: 'save', title: '成果包保存到', filters: [{ name: '成果包', extensions: ['drpkg'] }], onError: setError }}
          />
          <PassphrasePair
            idPrefix="results"
            pass={pass}
            pass2={pass2}
            onPass={setPass}
            onPass2={setPass2}
            disabled={job.running}
            hint={origin ? '本活动的活动口令（法制机构发活动包时告知的那个）。' : '与法制机构约定的活动口令，合并时须输入同一口令。'}
          />
          <PackageJobProgress job={job} label="正在导出成果包…" />
          {result ? (
            <PackageWritten
              testId="results-export-done"
              summary={`已导出${result.mode === 'full' ? '完整' : '增量'}成果包：评查 ${result.reviews} 份（${result.answers} 项结论），问题处理 ${result.findings} 项，事实更正 ${result.facts} 卷，文书目录更正 ${result.documentMaps} 份，审计记录 ${result.auditEntries} 条，共 ${mb(result.totalBytes)}。`}
              files={result.files}
              fingerprint={result.signerFingerprint}
              checkedBy="法制机构首次导入时核对"
            />
          ) : null}
        </div>
        <PackageDialogFooter keys="Enter 导出 · Esc 关闭" running={job.running} verb="导出" done={!!result} onCancelJob={() => void job.cancel()} onClose={onClose}>
          {result ? null : (
            <button type="submit" className="button primary" disabled={job.running || !out.trim() || !preview}>
              {job.running ? '正在导出…' : '导出成果包'}
            </button>
          )}
        </PackageDialogFooter>
      </form>
    </Dialog>
  );
}

/**
 * How many reviews of the campaign were made on this computer (not merged from a results package):
 * undefined while asked. A campaign made by hand with reviews of its own offers 导出成果包 beside the
 * office's merge (docs/packages.md).
 */
export function useOwnReviewCount(campaignId: string, enabled: boolean): number | undefined {
  const [count, setCount] = useState<{ id: string; n: number } | null>(null);
  useEffect(() => {
    let live = true;
    if (!enabled) return;
    const api = getApi();
    Promise.all([api.results.exportPreview({ campaignId, sinceLast: false }), api.results.reviews({ campaignId })])
      .then(([p, merged]) => live && setCount({ id: campaignId, n: Math.max(0, p.reviews.draft + p.reviews.submitted + p.reviews.locked - merged.length) }))
      .catch(() => live && setCount({ id: campaignId, n: 0 }));
    return () => {
      live = false;
    };
  }, [campaignId, enabled]);
  return count && count.id === campaignId ? count.n : undefined;
}
