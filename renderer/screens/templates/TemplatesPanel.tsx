/**
 * 评查标准模板库 (section of 设置): list every stored template version, view one, import JSON/XLSX
 * (errors listed per item), copy a version and edit it in place with the shared validator's
 * messages next to the fields, and pin a version to the current campaign.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TemplateDetail, TemplateSummary } from '../../../shared/api/namespaces/templates';
import type { ChecklistTemplate, TemplateIssue } from '../../../shared/domain/scoring';
import { errorMessage, getApi } from '../../api';
import { ChooseFiles, jsonOf, uploadOf, type Chosen } from '../../components/ChooseFiles';
import { useCampaignsStore } from '../../stores/campaigns';
import { joinList } from './fields';
import { IssueList, issuesOf } from './IssueList';
import { SOURCE_LABELS } from './labels';
import { TemplateEditor } from './TemplateEditor';
import { TemplateView } from './TemplateView';
import './templates.css';

export function TemplatesPanel() {
  const campaigns = useCampaignsStore((s) => s.items);
  const currentCampaignId = useCampaignsStore((s) => s.selectedId);
  const loadCampaigns = useCampaignsStore((s) => s.load);
  const currentCampaign = campaigns.find((c) => c.id === currentCampaignId) ?? null;

  const [list, setList] = useState<TemplateSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [pinnedByCampaign, setPinnedByCampaign] = useState<Record<string, TemplateSummary[]>>({});
  const [detail, setDetail] = useState<TemplateDetail | null>(null);
  const [draft, setDraft] = useState<ChecklistTemplate | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ message: string; issues: TemplateIssue[] } | null>(null);
  const detailRef = useRef<HTMLDivElement>(null);

  const refresh = useCallback(async () => {
    try {
      setList(await getApi().templates.list({}));
      setListError(null);
    } catch (err) {
      setListError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void refresh();
    void loadCampaigns();
  }, [refresh, loadCampaigns]);

  const campaignIds = campaigns.map((c) => c.id).join(',');
  const refreshPinned = useCallback(async () => {
    try {
      const all = await getApi().templates.pinnedAll({});
      setPinnedByCampaign(Object.fromEntries(all.map((p) => [p.campaignId, p.templates])));
    } catch {
      setPinnedByCampaign({});
    }
  }, []);
  useEffect(() => {
    void refreshPinned();
  }, [campaignIds, refreshPinned]);

  const run = async (label: string, action: () => Promise<void>) => {
    setBusy(label);
    setNotice(null);
    setActionError(null);
    try {
      await action();
    } catch (err) {
      setActionError({ message: errorMessage(err), issues: issuesOf(err) ?? [] });
    } finally {
      setBusy(null);
    }
  };

  const open = (id: string, edit = false) =>
    run('正在读取模板…', async () => {
      const d = await getApi().templates.get({ id });
      setDetail(d);
      setDraft(edit ? structuredClone(d.template) : null);
      requestAnimationFrame(() => detailRef.current?.focus());
    });

  const importFile = (file: Chosen) =>
    run(`正在导入“${file.name}”…`, async () => {
      const api = getApi();
      const d = /\.json$/i.test(file.name)
        ? await api.templates.import(await jsonOf(file))
        : await api.templates.importXlsx(await uploadOf(file));
      await refresh();
      setDetail(d);
      setDraft(null);
      setNotice(`已导入“${file.name}”：${d.name}（${d.key} v${d.version}，${d.itemCount} 个评查项）`);
    });

  const copy = (id: string) =>
    run('正在复制…', async () => {
      const d = await getApi().templates.copy({ id });
      await refresh();
      setDetail(d);
      setDraft(structuredClone(d.template));
      setNotice(`已复制为 ${d.key} v${d.version}，可在下方编辑后保存`);
      requestAnimationFrame(() => detailRef.current?.focus());
    });

  const pin = (t: TemplateSummary) =>
    run('正在指定…', async () => {
      if (!currentCampaign) return;
      await getApi().templates.pin({ campaignId: currentCampaign.id, templateIds: [t.id] });
      await refreshPinned();
      setNotice(`评查活动“${currentCampaign.name}”今后使用 ${t.key} v${t.version}（已评分的案卷仍按原版本计分）`);
    });

  const save = () =>
    run('正在保存…', async () => {
      if (!detail || !draft) return;
      const saved = await getApi().templates.save({ id: detail.id, body: draft });
      await refresh();
      setDetail(saved);
      setDraft(null);
      setNotice(`已保存 ${saved.key} v${saved.version}：${saved.name}`);
    });

  const currentPins = currentCampaign ? (pinnedByCampaign[currentCampaign.id] ?? []) : [];
  const pinnedIds = new Set(currentPins.map((p) => p.id));

  return (
    <div className="panel templates-panel" aria-labelledby="templates-title">
      <h2 className="panel-title" id="templates-title">
        评查标准模板
      </h2>
      <p className="panel-text">
        评查标准是带版本的数据：内置五套标准，也可导入本单位的标准（JSON 或 Excel，格式见 docs/template-format.md，示例
        docs/template-example.xlsx）。内置版本和已用于评分的版本不能修改，只能复制为新版本后编辑；修改模板不会改变已给出的分数。
      </p>
      <div className="panel-actions">
        <ChooseFiles
          label="导入模板（JSON / Excel）…"
          ariaLabel="选择评查标准模板文件（JSON 或 XLSX）"
          dialogTitle="选择评查标准模板文件"
          accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          filters={[{ name: '评查标准模板（JSON / XLSX）', extensions: ['json', 'xlsx'] }]}
          testId="template-file-input"
          className="primary"
          disabled={busy !== null}
          chosen={
            <span className="small-text">
              当前评查活动：{currentCampaign ? `${currentCampaign.name}` : '未选择（在“评查活动”中选择后可指定模板版本）'}
            </span>
          }
          onChoose={([f]) => f && void importFile(f)}
        />
      </div>

      {busy ? (
        <p className="muted" role="status">
          {busy}
        </p>
      ) : null}
      {notice ? (
        <div className="banner banner-success" role="status" data-testid="templates-notice">
          {notice}
        </div>
      ) : null}
      {actionError ? <IssueList message={actionError.message} issues={actionError.issues} /> : null}
      {listError ? (
        <div className="banner banner-error" role="alert">
          读取模板列表失败：{listError}
        </div>
      ) : null}

      <div className="table-wrap">
        <table className="data-table" aria-label="评查标准模板版本">
          <thead>
            <tr>
              <th scope="col">编码</th>
              <th scope="col">版本</th>
              <th scope="col">名称</th>
              <th scope="col">适用</th>
              <th scope="col">来源</th>
              <th scope="col" className="num">
                评查项
              </th>
              <th scope="col">状态</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {(list ?? []).map((t) => (
              <tr key={t.id} className={detail?.id === t.id ? 'is-current' : undefined} data-testid={`template-row-${t.key}-v${t.version}`}>
                <td className="mono">{t.key}</td>
                <td className="nowrap">v{t.version}</td>
                <td>{t.name}</td>
                <td>
                  <div className="nowrap">{t.caseType}</div>
                  {t.procedures.length ? <div className="muted small-text procedures-cell">{joinList(t.procedures)}</div> : null}
                </td>
                <td className="nowrap">{SOURCE_LABELS[t.source]}</td>
                <td className="num">{t.itemCount}</td>
                <td className="nowrap">
                  {pinnedIds.has(t.id) ? <span className="badge badge-current">当前活动使用</span> : null}
                  {t.inUse ? <span className="badge">已用于评分</span> : null}
                </td>
                <td>
                  <div className="row-actions nowrap">
                    <button type="button" className="button" onClick={() => void open(t.id)} aria-label={`查看 ${t.key} v${t.version}`}>
                      查看
                    </button>
                    <button type="button" className="button" onClick={() => void copy(t.id)} disabled={busy !== null} aria-label={`复制 ${t.key} v${t.version}`}>
                      复制
                    </button>
                    {t.source !== 'builtin' && !t.inUse ? (
                      <button type="button" className="button" onClick={() => void open(t.id, true)} aria-label={`编辑 ${t.key} v${t.version}`}>
                        编辑
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="button"
                      onClick={() => void pin(t)}
                      disabled={!currentCampaign || pinnedIds.has(t.id) || busy !== null}
                      aria-label={`将 ${t.key} v${t.version} 指定给当前评查活动`}
                      title={currentCampaign ? `指定给“${currentCampaign.name}”` : '请先选择评查活动'}
                    >
                      指定给当前活动
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {campaigns.length > 0 ? (
        <>
          <h3 className="section-title">各评查活动使用的模板版本</h3>
          <table className="data-table compact" aria-label="各评查活动使用的模板版本" data-testid="campaign-pins">
            <thead>
              <tr>
                <th scope="col">评查活动</th>
                <th scope="col">模板版本</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id} className={c.id === currentCampaignId ? 'is-current' : undefined}>
                  <td>
                    {c.name}
                    {c.id === currentCampaignId ? <span className="muted small-text">（当前）</span> : null}
                  </td>
                  <td>
                    {(pinnedByCampaign[c.id] ?? []).length
                      ? (pinnedByCampaign[c.id] ?? []).map((p) => `${p.key} v${p.version}（${SOURCE_LABELS[p.source]}）`).join('、')
                      : '尚未指定（开始评查时自动使用最新内置版本）'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}

      {detail ? (
        <div ref={detailRef} tabIndex={-1} className="template-detail" aria-label={`${detail.key} v${detail.version} 详情`}>
          {draft ? (
            <TemplateEditor
              detail={detail}
              draft={draft}
              onChange={setDraft}
              onSave={() => void save()}
              onCancel={() => setDraft(null)}
              saving={busy === '正在保存…'}
            />
          ) : (
            <TemplateView detail={detail} onClose={() => setDetail(null)} />
          )}
        </div>
      ) : null}
    </div>
  );
}
