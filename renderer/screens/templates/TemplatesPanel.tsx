/**
 * 评查标准模板库 (section of 设置): list every stored template version, view one, import JSON/XLSX
 * (errors listed per item), copy a version and edit it in place with the shared validator's
 * messages next to the fields, and pin a version to the current campaign.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TemplateDetail, TemplateSummary } from '../../../shared/api/namespaces/templates';
import {
  formatLegalBasis,
  parseLegalBasis,
  parseTemplate,
  type ChecklistItem,
  type ChecklistTemplate,
  type DeductionKind,
  type DeductionRule,
  type TemplateIssue,
} from '../../../shared/domain/scoring';
import { AppError } from '../../../shared/errors';
import { errorMessage, getApi } from '../../api';
import { readFileBase64 } from '../../components/ui';
import { useCampaignsStore } from '../../stores/campaigns';
import './templates.css';

const SOURCE_LABELS: Record<TemplateSummary['source'], string> = { builtin: '内置', imported: '导入', edited: '编辑' };
const KIND_LABELS: Record<DeductionKind, string> = { none: '不扣分（仅否决）', fixed: '扣全分', per_occurrence: '按处扣分', range: '区间扣分' };
const VETO_RULE_LABELS: Record<ChecklistTemplate['vetoRule'], string> = { zero_total: '否决即总分计零', fail_keep_points: '否决判不合格，保留得分' };
const NA_LABELS: Record<ChecklistTemplate['naPolicy'], string> = { full_marks: '不适用项按满分计', reweight: '不适用项不计，按比例折算' };

/** "每处扣 1 分，上限 5 分" etc. */
export function describeDeduction(rule: DeductionRule, maxPoints: number): string {
  switch (rule.kind) {
    case 'none':
      return '不扣分（仅否决）';
    case 'fixed':
      return `扣全分（${maxPoints} 分）`;
    case 'per_occurrence':
      return `每处扣 ${rule.pointsPerOccurrence} 分，上限 ${rule.cap} 分`;
    case 'range':
      return `扣 ${rule.min}–${rule.max} 分（步长 ${rule.step}）`;
  }
}

const joinList = (xs: readonly string[]) => xs.join('、');
const splitList = (s: string) =>
  s
    .split(/[、,，;；]/)
    .map((x) => x.trim())
    .filter(Boolean);
const applicability = (it: ChecklistItem) =>
  it.caseTypes.length || it.procedures.length ? [joinList(it.caseTypes), joinList(it.procedures)].filter(Boolean).join('；') : '全部';

/** Issues sent by the API in AppError.details.errors (import/save validation). */
function issuesOf(err: unknown): TemplateIssue[] | null {
  if (!(err instanceof AppError)) return null;
  const d = err.details as { errors?: unknown } | undefined;
  return Array.isArray(d?.errors) ? (d.errors as TemplateIssue[]) : null;
}

function defaultRule(kind: DeductionKind, maxPoints: number): DeductionRule {
  const top = maxPoints > 0 ? maxPoints : 1;
  switch (kind) {
    case 'none':
      return { kind };
    case 'fixed':
      return { kind };
    case 'per_occurrence':
      return { kind, pointsPerOccurrence: 1, cap: top };
    case 'range':
      return { kind, min: Math.min(1, top), max: top, step: 0.5 };
  }
}

/** A number input's value as a number (NaN when empty, so the validator reports it). */
const numberOf = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
const numberText = (n: number) => (Number.isFinite(n) ? String(n) : '');

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
  const fileRef = useRef<HTMLInputElement>(null);
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
    const out: Record<string, TemplateSummary[]> = {};
    for (const c of useCampaignsStore.getState().items) {
      try {
        out[c.id] = await getApi().templates.pinned({ campaignId: c.id });
      } catch {
        out[c.id] = [];
      }
    }
    setPinnedByCampaign(out);
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

  const importFile = (file: File) =>
    run(`正在导入“${file.name}”…`, async () => {
      const api = getApi();
      const d = /\.json$/i.test(file.name)
        ? await api.templates.import({ json: await file.text() })
        : await api.templates.importXlsx({ name: file.name, dataBase64: await readFileBase64(file) });
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
        <label className="button primary file-button">
          导入模板（JSON / Excel）…
          <input
            ref={fileRef}
            className="visually-hidden"
            type="file"
            accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="template-file-input"
            aria-label="选择评查标准模板文件（JSON 或 XLSX）"
            disabled={busy !== null}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void importFile(f);
            }}
          />
        </label>
        <span className="muted small-text">
          当前评查活动：{currentCampaign ? `${currentCampaign.name}` : '未选择（在“评查活动”中选择后可指定模板版本）'}
        </span>
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

function IssueList({ message, issues }: { message: string; issues: TemplateIssue[] }) {
  const head = issues.length ? message.split('\n')[0] : message;
  return (
    <div className="banner banner-error" role="alert" data-testid="template-issues">
      <div>{head}</div>
      {issues.length ? (
        <table className="data-table compact issue-table" aria-label="模板问题">
          <thead>
            <tr>
              <th scope="col">评查项</th>
              <th scope="col">问题</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((e, i) => (
              <tr key={i}>
                <td className="mono nowrap">{e.itemCode ?? e.dimension ?? '—'}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function Settings({ t }: { t: ChecklistTemplate }) {
  return (
    <dl className="info-list template-settings">
      <dt>名称</dt>
      <dd>{t.name}</dd>
      <dt>适用</dt>
      <dd>
        {t.caseType}
        {t.procedures.length ? ` · ${joinList(t.procedures)}` : ''}
      </dd>
      {t.source ? (
        <>
          <dt>依据</dt>
          <dd>{t.source}</dd>
        </>
      ) : null}
      <dt>总分</dt>
      <dd>
        {t.totalPoints} 分（{t.dimensions.map((d) => `${d.name} ${d.maxPoints}`).join('，')}）
      </dd>
      <dt>等次</dt>
      <dd data-testid="grade-thresholds">
        {t.grading.tiers
          .map((g) => `${g.grade} ≥ ${g.minScore}${g.requireNoDeductionIn.length ? `（且${g.requireNoDeductionIn.map((c) => t.dimensions.find((d) => d.code === c)?.name ?? c).join('、')}不扣分）` : ''}`)
          .join('；')}
        ；其余为{t.grading.failGrade}
      </dd>
      <dt>否决规则</dt>
      <dd>{VETO_RULE_LABELS[t.vetoRule]}</dd>
      <dt>不适用项</dt>
      <dd>{NA_LABELS[t.naPolicy]}</dd>
    </dl>
  );
}

function TemplateView({ detail, onClose }: { detail: TemplateDetail; onClose(): void }) {
  const t = detail.template;
  return (
    <>
      <div className="template-detail-header">
        <h3 className="section-title">
          {t.key} v{detail.version} · {t.name}
          <span className="muted small-text">（{SOURCE_LABELS[detail.source]}，{t.items.length} 个评查项）</span>
        </h3>
        <button type="button" className="button" onClick={onClose}>
          收起
        </button>
      </div>
      <Settings t={t} />
      {t.dimensions.map((d) => {
        const items = t.items.filter((it) => it.dimension === d.code);
        return (
          <section key={d.code} aria-label={`${d.name}（${d.maxPoints} 分）`}>
            <h4 className="dimension-title">
              {d.name}（{d.code}，{d.maxPoints} 分，{items.length} 项）
            </h4>
            <table className="data-table compact template-items">
              <thead>
                <tr>
                  <th scope="col">编码</th>
                  <th scope="col">评查项与评查要点</th>
                  <th scope="col" className="num">
                    分值
                  </th>
                  <th scope="col">扣分方式</th>
                  <th scope="col">否决</th>
                  <th scope="col">适用</th>
                  <th scope="col">法律依据</th>
                </tr>
              </thead>
              <tbody>
                {items.map((it) => (
                  <tr key={it.code} data-testid={`item-${it.code}`}>
                    <td className="mono nowrap">{it.code}</td>
                    <td>
                      <div className="item-title">{it.title}</div>
                      <div className="item-guidance">{it.guidance}</div>
                      {it.deductionNote ? <div className="item-guidance">扣分说明：{it.deductionNote}</div> : null}
                    </td>
                    <td className="num">{it.maxPoints}</td>
                    <td>{describeDeduction(it.deduction, it.maxPoints)}</td>
                    <td>
                      {it.veto ? (
                        <>
                          <span className="badge badge-veto">否决项</span>
                          {it.vetoCondition ? <div className="item-guidance">{it.vetoCondition}</div> : null}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{applicability(it)}</td>
                    <td className="item-basis">{formatLegalBasis(it.legalBasis) || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </>
  );
}

interface EditorProps {
  detail: TemplateDetail;
  draft: ChecklistTemplate;
  onChange(t: ChecklistTemplate): void;
  onSave(): void;
  onCancel(): void;
  saving: boolean;
}

/** Edits a copy in place; the shared validator runs on every change and its messages sit next to the item. */
function TemplateEditor({ detail, draft, onChange, onSave, onCancel, saving }: EditorProps) {
  const [filter, setFilter] = useState('');
  const check = useMemo(() => parseTemplate(draft), [draft]);
  const issues = useMemo(() => (check.ok ? [] : check.errors), [check]);
  const byItem = useMemo(() => {
    const m = new Map<number, TemplateIssue[]>();
    for (const e of issues) {
      if (e.itemIndex === undefined) continue;
      m.set(e.itemIndex, [...(m.get(e.itemIndex) ?? []), e]);
    }
    return m;
  }, [issues]);
  const general = issues.filter((e) => e.itemIndex === undefined);

  const setItem = (index: number, patch: Partial<ChecklistItem>) => {
    const items = draft.items.map((it, i) => (i === index ? { ...it, ...patch } : it));
    onChange({ ...draft, items });
  };
  const setRule = (index: number, patch: Partial<Record<string, number>>) => {
    const it = draft.items[index]!;
    setItem(index, { deduction: { ...it.deduction, ...patch } as DeductionRule });
  };
  const setTier = (index: number, patch: Partial<ChecklistTemplate['grading']['tiers'][number]>) => {
    const tiers = draft.grading.tiers.map((g, i) => (i === index ? { ...g, ...patch } : g));
    onChange({ ...draft, grading: { ...draft.grading, tiers } });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      if (check.ok && !saving) onSave();
    }
  };

  const q = filter.trim();
  const shown = draft.items
    .map((it, index) => ({ it, index }))
    .filter(({ it, index }) => !q || it.code.includes(q.toUpperCase()) || it.title.includes(q) || (q === '有问题' && byItem.has(index)));

  return (
    <div className="template-editor" onKeyDown={onKeyDown}>
      <div className="template-detail-header">
        <h3 className="section-title">
          编辑 {draft.key} v{detail.version}
          <span className="muted small-text">（保存后即为该版本的内容；Ctrl+S 保存）</span>
        </h3>
        <div className="button-row">
          <button type="button" className="button" onClick={onCancel} disabled={saving}>
            放弃修改
          </button>
          <button type="button" className="button primary" onClick={onSave} disabled={!check.ok || saving}>
            {saving ? '正在保存…' : '保存此版本'}
          </button>
        </div>
      </div>

      <div className={`banner ${check.ok ? 'banner-success' : 'banner-warning'}`} role="status" data-testid="editor-validation">
        {check.ok ? '校验通过，可以保存。' : `有 ${issues.length} 处问题需要修正后才能保存（在“筛选”中输入“有问题”只看有问题的评查项）。`}
      </div>
      {general.length ? (
        <ul className="plain-list editor-general-issues" role="alert">
          {general.map((e, i) => (
            <li key={i} className="field-error">
              {e.message}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="form-grid editor-settings">
        <label className="field field-grow">
          <span>模板名称</span>
          <input value={draft.name} onChange={(e) => onChange({ ...draft, name: e.target.value })} />
        </label>
        <label className="field">
          <span>否决规则</span>
          <select value={draft.vetoRule} onChange={(e) => onChange({ ...draft, vetoRule: e.target.value as ChecklistTemplate['vetoRule'] })}>
            {Object.entries(VETO_RULE_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>不适用项</span>
          <select value={draft.naPolicy} onChange={(e) => onChange({ ...draft, naPolicy: e.target.value as ChecklistTemplate['naPolicy'] })}>
            {Object.entries(NA_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="tier-editor">
        <legend>等次分数线（总分 {draft.totalPoints}，达到分数线即为该等次）</legend>
        {draft.grading.tiers.map((g, i) => (
          <label key={i} className="tier-field">
            <input className="tier-name" aria-label={`第 ${i + 1} 个等次名称`} value={g.grade} onChange={(e) => setTier(i, { grade: e.target.value })} />
            <span>≥</span>
            <input
              type="number"
              step="0.5"
              min="0"
              aria-label={`${g.grade} 分数线`}
              value={numberText(g.minScore)}
              onChange={(e) => setTier(i, { minScore: numberOf(e.target.value) })}
            />
          </label>
        ))}
        <span className="muted">其余：{draft.grading.failGrade}</span>
      </fieldset>

      <div className="toolbar">
        <label className="toolbar-field">
          筛选
          <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="编码、名称，或“有问题”" aria-label="筛选评查项" />
        </label>
        <span className="toolbar-count muted">
          显示 {shown.length} / {draft.items.length} 项
        </span>
      </div>

      <table className="data-table compact template-items editing" aria-label="编辑评查项">
        <colgroup>
          <col style={{ width: '7.5em' }} />
          <col />
          <col style={{ width: '5.5em' }} />
          <col style={{ width: '17em' }} />
          <col style={{ width: '9em' }} />
          <col style={{ width: '10em' }} />
          <col style={{ width: '15em' }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">编码</th>
            <th scope="col">评查项与评查要点</th>
            <th scope="col">分值</th>
            <th scope="col">扣分方式</th>
            <th scope="col">否决</th>
            <th scope="col">适用案件类型 / 程序</th>
            <th scope="col">法律依据</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(({ it, index }) => (
            <EditorRow key={index} it={it} index={index} issues={byItem.get(index) ?? []} setItem={setItem} setRule={setRule} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EditorRow({
  it,
  index,
  issues,
  setItem,
  setRule,
}: {
  it: ChecklistItem;
  index: number;
  issues: TemplateIssue[];
  setItem(index: number, patch: Partial<ChecklistItem>): void;
  setRule(index: number, patch: Partial<Record<string, number>>): void;
}) {
  const r = it.deduction;
  const label = (what: string) => `${it.code} ${what}`;
  const num = (what: string, value: number, onValue: (n: number) => void) => (
    <input
      type="number"
      step="0.1"
      min="0"
      className="num-input"
      aria-label={label(what)}
      value={numberText(value)}
      onChange={(e) => onValue(numberOf(e.target.value))}
    />
  );
  const invalid = issues.length > 0;
  return (
    <>
      <tr data-testid={`edit-item-${it.code}`} className={invalid ? 'has-issue' : undefined}>
        <td className="mono nowrap">{it.code}</td>
        <td>
          <input className="item-title-input" aria-label={label('评查项名称')} value={it.title} onChange={(e) => setItem(index, { title: e.target.value })} />
          <textarea aria-label={label('评查要点')} rows={2} value={it.guidance} onChange={(e) => setItem(index, { guidance: e.target.value })} />
        </td>
        <td>{num('分值', it.maxPoints, (n) => setItem(index, { maxPoints: n }))}</td>
        <td className="rule-cell">
          <select
            aria-label={label('扣分方式')}
            value={r.kind}
            onChange={(e) => setItem(index, { deduction: defaultRule(e.target.value as DeductionKind, it.maxPoints) })}
          >
            {Object.entries(KIND_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
          {r.kind === 'per_occurrence' ? (
            <span className="rule-params">
              每处 {num('每处扣分', r.pointsPerOccurrence, (n) => setRule(index, { pointsPerOccurrence: n }))} 上限{' '}
              {num('扣分上限', r.cap, (n) => setRule(index, { cap: n }))}
            </span>
          ) : null}
          {r.kind === 'range' ? (
            <span className="rule-params">
              {num('最低扣分', r.min, (n) => setRule(index, { min: n }))}–{num('最高扣分', r.max, (n) => setRule(index, { max: n }))} 步长{' '}
              {num('扣分步长', r.step, (n) => setRule(index, { step: n }))}
            </span>
          ) : null}
        </td>
        <td>
          <label className="veto-check">
            <input type="checkbox" aria-label={label('否决项')} checked={it.veto} onChange={(e) => setItem(index, { veto: e.target.checked })} />
            否决项
          </label>
          {it.veto ? (
            <input
              aria-label={label('否决情形')}
              placeholder="否决情形"
              value={it.vetoCondition}
              onChange={(e) => setItem(index, { vetoCondition: e.target.value })}
            />
          ) : null}
        </td>
        <td>
          <input
            aria-label={label('适用案件类型')}
            placeholder="全部案件类型"
            value={joinList(it.caseTypes)}
            onChange={(e) => setItem(index, { caseTypes: splitList(e.target.value) })}
          />
          <input
            aria-label={label('适用程序')}
            placeholder="全部程序"
            value={joinList(it.procedures)}
            onChange={(e) => setItem(index, { procedures: splitList(e.target.value) })}
          />
        </td>
        <td>
          <LegalBasisInput value={it.legalBasis} label={label('法律依据')} onChange={(legalBasis) => setItem(index, { legalBasis })} />
        </td>
      </tr>
      {invalid ? (
        <tr className="issue-row">
          <td colSpan={7} role="alert" data-testid={`issues-${it.code}`}>
            {issues.map((e, i) => (
              <div key={i} className="field-error">
                {e.message}
              </div>
            ))}
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** Edits the legal basis as the spreadsheet text ("行政处罚法 第六十一条；民事诉讼法"), parsed on blur. */
function LegalBasisInput({ value, label, onChange }: { value: ChecklistItem['legalBasis']; label: string; onChange(v: ChecklistItem['legalBasis']): void }) {
  const formatted = formatLegalBasis(value);
  const [text, setText] = useState(formatted);
  useEffect(() => setText(formatted), [formatted]);
  return (
    <textarea
      rows={2}
      aria-label={label}
      title="法律简称 条文、条文；法律简称 条文"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        if (text !== formatted) onChange(parseLegalBasis(text));
      }}
    />
  );
}

