/**
 * The campaign package in the 评查活动 screen (issue #18, docs/packages.md):
 * - 生成活动包 (legal office): choose the team, where to write (a USB stick), the passphrase twice;
 *   progress; then the files and this computer's fingerprint to read out to the team.
 * - 导入活动包 (team laptop, empty store): the package's path and passphrase; its header first
 *   (campaign, signer fingerprint, size), then progress, then what was added.
 * Files are named by path (packages run to gigabytes; nothing is uploaded); in the app 浏览… opens the system dialog.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import { PASSPHRASE_MIN, type CampaignOriginDto, type PackageHeader, type PackageTeam } from '../../../shared/api/namespaces/campaign-packages';
import { errorMessage, getApi } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner, SimpleField } from '../../components/ui';
import { fat32Name, PackageDialogFooter, PackageJobProgress, PackagePathField, PackageWritten, PassphrasePair, packageSize, packageWriteSubmit, useStoreFolder } from './PackageFormParts';
import { useJob } from '../../hooks/useJob';
import { PACKAGE_FILTER } from '../../native-dialogs';
import { formatDateTime } from '../../format';
import './packages.css';

const mb = packageSize;
const teamLabel = (team: string) => team || '（未分组）';

/** A file name that is safe on FAT32 and says what it is. */
function suggestedName(campaign: Campaign, team: string): string {
  return fat32Name(`${campaign.name}-${team || '评查组'}.drpkg`);
}

export function ExportPackageDialog({ campaign, onClose }: { campaign: Campaign; onClose(): void }) {
  const [teams, setTeams] = useState<PackageTeam[] | null>(null);
  const [team, setTeam] = useState('');
  const folder = useStoreFolder();
  const [out, setOut] = useState('');
  const [pass, setPass] = useState('');
  const [pass2, setPass2] = useState('');
  const [error, setError] = useState<string | null>(null);
  const outTouched = useRef(false);
  const job = useJob<'campaignPackages.export'>();

  useEffect(() => {
    let live = true;
    getApi()
      .campaignPackages.teams({ campaignId: campaign.id })
      .then((list) => {
        if (!live) return;
        setTeams(list);
        const first = list.find((t) => t.dossiers > 0) ?? list[0];
        if (first) setTeam(first.team);
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [campaign.id]);

  useEffect(() => {
    if (!outTouched.current && folder) setOut(`${folder}/${suggestedName(campaign, team)}`);
  }, [folder, team, campaign]);

  const chosen = teams?.find((t) => t.team === team);
  const submit = packageWriteSubmit({
    running: job.running,
    pass,
    pass2,
    setError,
    start: async () => {
      const { jobId } = await getApi().campaignPackages.export({ campaignId: campaign.id, team, out, passphrase: pass });
      job.start(jobId, { step: '正在准备…' });
    },
  });

  const result = job.result;
  return (
    <Dialog title={`生成活动包：${campaign.name}`} onClose={onClose} size="wide" busy={job.running}>
      <form className="form package-form" onSubmit={submit} noValidate>
        <div className="dialog-body">
          <p className="muted">
            活动包发给一个评查组：包含本活动、该组评查人员、分配给他们的抽中案卷（登记信息、卷宗 PDF、文书目录与识别结果）、评查标准模板、节假日安排、规则参数和裁量基准。
            用活动口令加密、用本机密钥签名；评查组在空白电脑上导入即可开始评查。
          </p>
          <ErrorBanner message={error ?? job.error} />
          {teams === null && !error ? <p className="muted">正在读取评查组…</p> : null}
          {teams && teams.length === 0 ? <div className="banner banner-warning">本活动还没有评查人员：请先在“评查人员与分配”中导入名单（含“评查组”列）并分配案卷。</div> : null}
          {teams && teams.length > 0 ? (
            <fieldset className="package-teams" disabled={job.running}>
              <legend>评查组</legend>
              <table className="data-table compact" aria-label="评查组">
                <thead>
                  <tr>
                    <th scope="col">评查组</th>
                    <th scope="col" className="num">评查人员</th>
                    <th scope="col" className="num">案卷</th>
                    <th scope="col" className="num">卷宗 PDF</th>
                  </tr>
                </thead>
                <tbody>
                  {teams.map((t) => (
                    <tr key={t.team} className={t.team === team ? 'is-current' : undefined} onClick={() => setTeam(t.team)}>
                      <td>
                        <label className="package-team-choice">
                          <input type="radio" name="team" value={t.team} checked={t.team === team} onChange={() => setTeam(t.team)} />
                          {teamLabel(t.team)}
                        </label>
                      </td>
                      <td className="num">{t.reviewers}</td>
                      <td className="num">{t.dossiers}</td>
                      <td className="num">
                        {t.pdfs} 份{t.pdfs ? `（${mb(t.pdfBytes)}）` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {chosen && chosen.dossiers === 0 ? <div className="field-error">该组还没有分配到抽中的案卷。</div> : null}
            </fieldset>
          ) : null}
          <PackagePathField
            id="package-out"
            label="保存为"
            hint="U 盘上的文件路径。超过约 4 GB 时自动分卷保存为 .001、.002 …（FAT32 U 盘单个文件不能超过 4 GB）。"
            value={out}
            onChange={(v) => {
              outTouched.current = true;
              setOut(v);
            }}
            disabled={job.running}
            browse={{ mode: 'save', title: '活动包保存到', filters: [{ name: '活动包', extensions: ['drpkg'] }], onError: setError }}
          />
          <PassphrasePair idPrefix="package" pass={pass} pass2={pass2} onPass={setPass} onPass2={setPass2} disabled={job.running} hint={`至少 ${PASSPHRASE_MIN} 个字符；请当面或电话告诉评查组，不要与 U 盘放在一起。`} />
          <PackageJobProgress job={job} label="正在生成活动包…" />
          {result ? (
            <PackageWritten
              summary={`已生成“${teamLabel(result.team)}”的活动包：评查人员 ${result.reviewers} 名，案卷 ${result.dossiers} 卷，卷宗 PDF ${result.pdfs} 份，共 ${mb(result.totalBytes)}。`}
              files={result.files}
              fingerprint={result.signerFingerprint}
              checkedBy="评查组导入时核对"
            />
          ) : null}
        </div>
        <PackageDialogFooter keys="Enter 生成 · Esc 关闭" running={job.running} verb="生成" done={!!result} onCancelJob={() => void job.cancel()} onClose={onClose}>
          <button type="submit" className="button primary" disabled={job.running || !teams?.length || !chosen?.dossiers || !out.trim()}>
            {job.running ? '正在生成…' : result ? '再次生成' : '生成活动包'}
          </button>
        </PackageDialogFooter>
      </form>
    </Dialog>
  );
}

export function ImportPackageDialog({ onClose, onImported }: { onClose(): void; onImported(campaignId: string): void }) {
  const [file, setFile] = useState('');
  const [pass, setPass] = useState('');
  const [header, setHeader] = useState<PackageHeader | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const job = useJob<'campaignPackages.import'>({ onDone: (r) => onImported(r.campaignId) });
  const fileRef = useRef<HTMLInputElement>(null);
  useEffect(() => fileRef.current?.focus(), []);

  const inspect = async (path = file) => {
    if (!path.trim()) return;
    setChecking(true);
    setError(null);
    try {
      setHeader(await getApi().campaignPackages.inspect({ file: path }));
    } catch (err) {
      setHeader(null);
      setError(errorMessage(err));
    } finally {
      setChecking(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (job.running) return;
    if (!header) return void inspect();
    setError(null);
    try {
      const { jobId } = await getApi().campaignPackages.import({ file, passphrase: pass });
      job.start(jobId, { step: '正在核对口令…' });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const result = job.result;
  return (
    <Dialog title="导入活动包" onClose={onClose} busy={job.running}>
      <form className="form package-form" onSubmit={submit} noValidate>
        <div className="dialog-body">
          <p className="muted">法制机构发来的活动包（U 盘上的 .drpkg 文件，分卷包选 .001）。只能导入到还没有评查活动的电脑；导入后即可开始评查。</p>
          <ErrorBanner message={error ?? job.error} />
          <PackagePathField
            id="import-file"
            label="活动包文件"
            hint="文件路径，例如 E:\2026 年度评查-第一组.drpkg"
            value={file}
            onChange={(v) => {
              setFile(v);
              setHeader(null);
            }}
            onBlur={() => void (file.trim() && !header && inspect())}
            disabled={job.running}
            inputRef={fileRef}
            browse={{ mode: 'open', title: '选择活动包', filters: [PACKAGE_FILTER], onChosen: (path) => void inspect(path), onError: setError }}
            action={
              <button type="button" className="button" onClick={() => void inspect()} disabled={job.running || checking || !file.trim()}>
                {checking ? '正在读取…' : '查看包头'}
              </button>
            }
          />
          {header ? (
            <dl className="package-header" aria-label="活动包包头">
              <dt>类型</dt>
              <dd>{header.kind === 'campaign' ? '活动包（法制机构 → 评查组）' : '成果包（评查组 → 法制机构）：不能在这里导入'}</dd>
              <dt>生成时间</dt>
              <dd>{formatDateTime(header.createdAt)}</dd>
              <dt>法制机构指纹</dt>
              <dd>
                <code className="fingerprint">{header.signerFingerprint}</code>
                <div className="field-hint">请与法制机构告知的指纹逐组核对；不一致时不要导入。</div>
              </dd>
              <dt>大小</dt>
              <dd>
                {mb(header.totalBytes)}
                {header.parts.length > 1 ? `，${header.parts.length} 个分卷` : ''}
              </dd>
            </dl>
          ) : null}
          <SimpleField label="活动口令" id="import-pass" required>
            <input id="import-pass" type="password" value={pass} onChange={(e) => setPass(e.target.value)} disabled={job.running} autoComplete="off" />
          </SimpleField>
          <PackageJobProgress job={job} label="正在导入…" />
          {result ? (
            <div className="banner banner-success" role="status">
              已导入评查活动“{result.campaignName}”（{teamLabel(result.team)}）：评查人员 {result.reviewers} 名，案卷 {result.dossiers} 卷，卷宗 PDF {result.pdfsAdded} 份。
              {result.firstImport ? '可以开始评查了。' : '本活动此前已导入，只补入了新增内容，本机已有的评查记录不变。'}
            </div>
          ) : null}
        </div>
        <PackageDialogFooter keys="Enter 导入 · Esc 关闭" running={job.running} verb="导入" done={!!result} onCancelJob={() => void job.cancel()} onClose={onClose}>
          {result ? null : (
            <button type="submit" className="button primary" disabled={job.running || !file.trim() || (header !== null && header.kind !== 'campaign') || (header !== null && !pass)}>
              {job.running ? '正在导入…' : header ? '导入' : '查看包头'}
            </button>
          )}
        </PackageDialogFooter>
      </form>
    </Dialog>
  );
}

/** Campaigns on this computer that came from a campaign package (reloaded when the list changes). */
export function usePackageOrigins(reloadKey: unknown): CampaignOriginDto[] {
  const [origins, setOrigins] = useState<CampaignOriginDto[]>([]);
  useEffect(() => {
    let live = true;
    getApi()
      .campaignPackages.origins({})
      .then((o) => live && setOrigins(o))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [reloadKey]);
  return origins;
}

/** Where this laptop's campaign came from, so a reviewer knows which office and team it is. */
export function OriginNote({ origins, campaigns }: { origins: CampaignOriginDto[]; campaigns: Campaign[] }) {
  if (!origins.length) return null;
  return (
    <div className="banner banner-info package-origin" role="note">
      {origins.map((o) => (
        <div key={o.campaignId}>
          本机评查“{campaigns.find((c) => c.id === o.campaignId)?.name ?? o.campaignId}”的 <strong>{teamLabel(o.team)}</strong>：活动包于 {formatDateTime(o.importedAt)}
          导入，法制机构指纹 <code className="fingerprint">{o.officeFingerprint}</code>。评查告一段落时，在“成果汇总”中导出成果包交法制机构。
        </div>
      ))}
    </div>
  );
}
