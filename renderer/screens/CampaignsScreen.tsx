/** 评查活动: list, create, edit, delete and choose the current campaign. */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { CAMPAIGN_PHASES, type Campaign, type CampaignPhase } from '../../shared/api/namespaces/campaigns';
import { AppError } from '../../shared/errors';
import { CAMPAIGN_PHASE_LABELS } from '../../shared/labels';
import { errorMessage } from '../api';
import { Dialog } from '../components/Dialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorBanner, useDialogSubmit } from '../components/ui';
import { formatDateTime } from '../format';
import { useAppStore } from '../stores/app';
import { useCampaignsStore } from '../stores/campaigns';
import { CampaignSettingsNotice } from './settings/CampaignSettingsNotice';
import { ExportPackageDialog, ImportPackageDialog, OriginNote, usePackageOrigins } from './campaign-packages/PackageDialogs';

type Editing = { mode: 'create' } | { mode: 'edit'; campaign: Campaign };

export function CampaignsScreen() {
  const { items, loaded, loading, error, selectedId, load, select } = useCampaignsStore();
  const readOnly = useAppStore((s) => s.info?.health.ok === false);
  const toast = useAppStore((s) => s.toast);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [removing, setRemoving] = useState<Campaign | null>(null);
  const [packaging, setPackaging] = useState<Campaign | null>(null);
  const [importing, setImporting] = useState(false);
  const origins = usePackageOrigins(items);

  useEffect(() => {
    void load();
  }, [load]);

  const choose = (c: Campaign) => {
    select(c.id);
    toast('info', `当前评查活动：${c.name}`);
  };

  const [loadingDemo, setLoadingDemo] = useState(false);
  const loadDemo = async () => {
    setLoadingDemo(true);
    try {
      const demo = await useCampaignsStore.getState().loadDemo();
      toast('success', `已加载示例活动（虚构数据）：${demo.dossiers} 件案卷、${demo.pdfs} 份卷宗 PDF、${demo.reviewers} 名评查人员`);
      for (const w of demo.warnings) toast('info', w);
    } catch (err) {
      toast('error', `加载示例活动失败：${errorMessage(err)}`);
    } finally {
      setLoadingDemo(false);
    }
  };

  const newButton = (
    <button type="button" className="button primary" onClick={() => setEditing({ mode: 'create' })} disabled={readOnly}>
      新建评查活动
    </button>
  );
  const demoButton = (
    <button type="button" className="button" onClick={() => void loadDemo()} disabled={readOnly || loadingDemo} aria-busy={loadingDemo}>
      {loadingDemo ? '正在生成示例数据…' : '加载示例活动'}
    </button>
  );

  return (
    <section className="screen" aria-labelledby="campaigns-title">
      <div className="screen-header">
        <div>
          <h1 id="campaigns-title">评查活动</h1>
          <p className="screen-subtitle">一次评查活动对应一轮案卷评查工作（如“2026 年度行政执法案卷评查”）。选中的活动即为当前活动，其他页面都针对当前活动。</p>
        </div>
        {items.length > 0 ? (
          <div className="button-row">
            {demoButton}
            {newButton}
          </div>
        ) : null}
      </div>

      {error ? (
        <div className="banner banner-error" role="alert">
          加载评查活动失败：{error}
          <button type="button" className="button small" onClick={() => void load()}>
            重试
          </button>
        </div>
      ) : null}

      {!loaded && loading ? <p className="muted">正在加载…</p> : null}
      <OriginNote origins={origins} campaigns={items} />

      {loaded && !error && items.length === 0 ? (
        <EmptyState
          title="还没有评查活动"
          action={
            <div className="button-row">
              {newButton}
              <button type="button" className="button" onClick={() => setImporting(true)} disabled={readOnly}>
                导入活动包
              </button>
              {demoButton}
            </div>
          }
        >
          新建一个评查活动，然后导入案卷登记表、抽取案卷并开始评查。也可以先加载示例活动（三个虚构单位约 200 件案卷、12 份卷宗
          PDF 和评查人员），完整体验抽样、分配和评查流程。评查组的电脑：导入法制机构发来的活动包即可开始评查。
        </EmptyState>
      ) : null}

      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table campaigns-table" aria-label="评查活动列表">
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col" className="num">年度</th>
                <th scope="col">组织单位</th>
                <th scope="col">阶段</th>
                <th scope="col" className="num">案卷数</th>
                <th scope="col">更新时间</th>
                <th scope="col" className="actions-col">
                  <span className="visually-hidden">操作</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => {
                const current = c.id === selectedId;
                return (
                  <tr key={c.id} className={current ? 'is-current' : undefined} aria-current={current ? 'true' : undefined} data-campaign-id={c.id} onDoubleClick={() => choose(c)}>
                    <td className="name-cell">
                      <div className="name-wrap">
                        <span className="cell-title">{c.name}</span>
                        {current ? <span className="badge badge-current">当前</span> : null}
                      </div>
                    </td>
                    <td className="num">{c.year}</td>
                    <td>
                      <div className="organiser-wrap">{c.organiser || <span className="muted">—</span>}</div>
                    </td>
                    <td>
                      <span className={`phase phase-${c.phase}`}>{CAMPAIGN_PHASE_LABELS[c.phase]}</span>
                    </td>
                    <td className="num">{c.dossierCount}</td>
                    <td className="nowrap">{formatDateTime(c.updatedAt)}</td>
                    <td className="actions-col">
                      <div className="row-actions">
                        {current ? null : (
                          <button type="button" className="button small" onClick={() => choose(c)} aria-label={`设为当前：${c.name}`}>
                            设为当前
                          </button>
                        )}
                        {origins.some((o) => o.campaignId === c.id) ? null : (
                          <button type="button" className="button small" onClick={() => setPackaging(c)} aria-label={`生成活动包：${c.name}`} title="为一个评查组生成加密、签名的活动包（U 盘带到评查组的电脑）">
                            生成活动包
                          </button>
                        )}
                        <button type="button" className="button small" onClick={() => setEditing({ mode: 'edit', campaign: c })} disabled={readOnly} aria-label={`编辑：${c.name}`}>
                          编辑
                        </button>
                        <button type="button" className="button small danger-text" onClick={() => setRemoving(c)} disabled={readOnly} aria-label={`删除：${c.name}`}>
                          删除
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}

      {(() => {
        const current = items.find((c) => c.id === selectedId);
        return current ? <CampaignSettingsNotice campaign={current} /> : null;
      })()}

      {editing ? <CampaignDialog editing={editing} onClose={() => setEditing(null)} /> : null}
      {removing ? <DeleteCampaignDialog campaign={removing} onClose={() => setRemoving(null)} /> : null}
      {packaging ? <ExportPackageDialog campaign={packaging} onClose={() => setPackaging(null)} /> : null}
      {importing ? (
        <ImportPackageDialog
          onClose={() => setImporting(false)}
          onImported={(id) => {
            void load().then(() => select(id));
          }}
        />
      ) : null}
    </section>
  );
}

type FieldName = 'name' | 'year' | 'organiser' | 'scopeNotes' | 'phase';
type FieldErrors = Partial<Record<FieldName, string>>;

/** Zod issues (AppError.details for invalid_argument) → messages per form field. */
function fieldErrorsOf(err: unknown): FieldErrors {
  if (!(err instanceof AppError) || err.code !== 'invalid_argument' || !Array.isArray(err.details)) return {};
  const out: FieldErrors = {};
  for (const issue of err.details as { path?: unknown[]; message?: string }[]) {
    const key = issue?.path?.[0];
    if (typeof key === 'string' && ['name', 'year', 'organiser', 'scopeNotes', 'phase'].includes(key) && typeof issue.message === 'string') {
      out[key as FieldName] ??= issue.message;
    }
  }
  return out;
}

const FIELD_IDS: Record<FieldName, string> = {
  name: 'campaign-name',
  year: 'campaign-year',
  organiser: 'campaign-organiser',
  phase: 'campaign-phase',
  scopeNotes: 'campaign-scope',
};

/** After a failed save, put the cursor in the first field that needs correcting (in form order). */
function focusFirstInvalid(errors: FieldErrors): void {
  const first = (Object.keys(FIELD_IDS) as FieldName[]).find((f) => errors[f]);
  if (!first) return;
  // After React has rendered the error state (the field is not disabled any more).
  setTimeout(() => document.getElementById(FIELD_IDS[first])?.focus(), 0);
}

function CampaignDialog({ editing, onClose }: { editing: Editing; onClose(): void }) {
  const create = useCampaignsStore((s) => s.create);
  const update = useCampaignsStore((s) => s.update);
  const toast = useAppStore((s) => s.toast);
  const initial = editing.mode === 'edit' ? editing.campaign : null;
  const [name, setName] = useState(initial?.name ?? '');
  const [year, setYear] = useState(String(initial?.year ?? new Date().getFullYear()));
  const [organiser, setOrganiser] = useState(initial?.organiser ?? '');
  const [scopeNotes, setScopeNotes] = useState(initial?.scopeNotes ?? '');
  const [phase, setPhase] = useState<CampaignPhase>(initial?.phase ?? 'planned');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    nameRef.current?.focus();
    nameRef.current?.select();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    // Only the shape of the year is checked here; ranges and everything else are the server's job.
    const yearText = year.trim();
    if (!/^\d{1,4}$/.test(yearText)) {
      setFieldErrors({ year: '年度应为四位数字，例如 2026' });
      setFormError('请更正标出的内容后再保存。');
      focusFirstInvalid({ year: 'x' });
      return;
    }
    setFieldErrors({});
    setBusy(true);
    const fields = { name, year: Number(yearText), organiser, scopeNotes };
    try {
      if (editing.mode === 'create') {
        const c = await create(fields);
        toast('success', `已新建评查活动“${c.name}”`);
      } else {
        const c = await update({ id: editing.campaign.id, ...fields, phase });
        toast('success', `已保存“${c.name}”`);
      }
      onClose();
    } catch (err) {
      const perField = fieldErrorsOf(err);
      setFieldErrors(perField);
      setFormError(Object.keys(perField).length > 0 ? '请更正标出的内容后再保存。' : errorMessage(err));
      setBusy(false);
      focusFirstInvalid(perField);
    }
  };

  const title = editing.mode === 'create' ? '新建评查活动' : '编辑评查活动';
  return (
    <Dialog title={title} onClose={onClose} busy={busy}>
      <form className="form" onSubmit={submit} noValidate>
        <div className="dialog-body">
          {formError ? (
            <div className="banner banner-error" role="alert" id="campaign-form-error">
              {formError}
            </div>
          ) : null}
          <Field label="名称" required error={fieldErrors.name} id="campaign-name">
            <input
              ref={nameRef}
              id="campaign-name"
              name="name"
              type="text"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="例如：2026 年度行政执法案卷评查"
              autoComplete="off"
              aria-invalid={fieldErrors.name ? true : undefined}
              aria-describedby={fieldErrors.name ? 'campaign-name-error' : undefined}
            />
          </Field>
          <div className="field-row">
            <Field label="年度" required error={fieldErrors.year} id="campaign-year" className="field-year">
              <input
                id="campaign-year"
                name="year"
                type="text"
                inputMode="numeric"
                value={year}
                onChange={(e) => setYear(e.target.value)}
                autoComplete="off"
                aria-invalid={fieldErrors.year ? true : undefined}
                aria-describedby={fieldErrors.year ? 'campaign-year-error' : undefined}
              />
            </Field>
            <Field label="组织单位" error={fieldErrors.organiser} id="campaign-organiser" className="field-grow">
              <input
                id="campaign-organiser"
                name="organiser"
                type="text"
                value={organiser}
                onChange={(e) => setOrganiser(e.target.value)}
                placeholder="例如：某市司法局"
                autoComplete="off"
                aria-invalid={fieldErrors.organiser ? true : undefined}
              />
            </Field>
          </div>
          {editing.mode === 'edit' ? (
            <Field label="阶段" error={fieldErrors.phase} id="campaign-phase">
              <select id="campaign-phase" name="phase" value={phase} onChange={(e) => setPhase(e.target.value as CampaignPhase)}>
                {CAMPAIGN_PHASES.map((p) => (
                  <option key={p} value={p}>
                    {CAMPAIGN_PHASE_LABELS[p]}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
          <Field label="范围说明" error={fieldErrors.scopeNotes} id="campaign-scope" hint="评查范围、抽查比例、参加人员等，可留空。">
            <textarea
              id="campaign-scope"
              name="scopeNotes"
              rows={4}
              value={scopeNotes}
              onChange={(e) => setScopeNotes(e.target.value)}
              aria-invalid={fieldErrors.scopeNotes ? true : undefined}
            />
          </Field>
        </div>
        <footer className="dialog-footer">
          <span className="muted small-text">Enter 保存 · Esc 取消</span>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            取消
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? '正在保存…' : editing.mode === 'create' ? '新建' : '保存'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

function Field({
  label,
  id,
  error,
  hint,
  required,
  className,
  children,
}: {
  label: string;
  id: string;
  error?: string;
  hint?: string;
  required?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="required" aria-hidden="true">
            ＊
          </span>
        ) : null}
      </label>
      {children}
      {error ? (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : hint ? (
        <div className="field-hint">{hint}</div>
      ) : null}
    </div>
  );
}

function DeleteCampaignDialog({ campaign, onClose }: { campaign: Campaign; onClose(): void }) {
  const remove = useCampaignsStore((s) => s.remove);
  const toast = useAppStore((s) => s.toast);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    // Destructive: the safe choice has the focus.
    cancelRef.current?.focus();
  }, []);

  const { busy, error, submit: confirm } = useDialogSubmit(async () => {
    await remove(campaign.id);
    toast('success', `已删除评查活动“${campaign.name}”`);
  }, onClose);

  return (
    <Dialog title="删除评查活动" onClose={onClose} size="small" alert busy={busy}>
      <form onSubmit={confirm}>
        <div className="dialog-body">
          <ErrorBanner message={error} />
          <p>确定要删除以下评查活动吗？</p>
          <p className="delete-target">
            <strong>“{campaign.name}”</strong>
            <span className="muted">（{campaign.year} 年度{campaign.organiser ? `，${campaign.organiser}` : ''}）</span>
          </p>
          <div className="banner banner-warning">
            该活动的全部数据（案卷登记、抽取结果、评查记录和评分、导出记录）都将被删除，且无法恢复。
            {campaign.dossierCount > 0 ? `其中包括 ${campaign.dossierCount} 份案卷。` : ''}
          </div>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose} disabled={busy} ref={cancelRef}>
            取消
          </button>
          <button type="submit" className="button danger" disabled={busy}>
            {busy ? '正在删除…' : '删除'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
