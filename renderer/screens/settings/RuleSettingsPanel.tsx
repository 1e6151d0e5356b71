/**
 * 设置 → 评查规则参数: the current campaign's values for the rules (较大数额, 立案期限, 陈述申辩期 …),
 * campaign-wide or for one 执法领域, each with its unit, default, origin and legal source.
 * Enter saves a row; 恢复默认 removes the campaign's (or the sector's) value. Every change is audited.
 */
import './settings.css';
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { matchesSetting } from './settingFilter';
import type { CampaignSettings, SettingInfo } from '../../../shared/api/namespaces/rule-settings';

type GradeModelInfo = Awaited<ReturnType<ReturnType<typeof getApi>['ruleSettings']['gradeModels']>>[number];
import { errorMessage, getApi } from '../../api';
import { useAppStore } from '../../stores/app';
import { selectCurrentCampaign, useCampaignsStore } from '../../stores/campaigns';

type Drafts = Record<string, string>;

const asText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));

export function RuleSettingsPanel() {
  const campaign = useCampaignsStore(selectCurrentCampaign);
  const loadCampaigns = useCampaignsStore((s) => s.load);
  const readOnly = useAppStore((s) => s.info?.health.ok === false);
  const toast = useAppStore((s) => s.toast);
  const [catalogue, setCatalogue] = useState<SettingInfo[] | null>(null);
  const [current, setCurrent] = useState<CampaignSettings | null>(null);
  const [sector, setSector] = useState('');
  const [drafts, setDrafts] = useState<Drafts>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [models, setModels] = useState<GradeModelInfo[]>([]);
  const [modelError, setModelError] = useState<string | null>(null);

  useEffect(() => {
    void loadCampaigns();
    getApi()
      .ruleSettings.catalogue({})
      .then(setCatalogue)
      .catch((e: unknown) => setLoadError(errorMessage(e)));
    getApi()
      .ruleSettings.gradeModels({})
      .then(setModels)
      .catch((e: unknown) => setLoadError(errorMessage(e)));
  }, [loadCampaigns]);

  const reload = useCallback(async () => {
    if (!campaign) return;
    try {
      setCurrent(await getApi().ruleSettings.get({ campaignId: campaign.id }));
      setLoadError(null);
    } catch (e) {
      setLoadError(errorMessage(e));
    }
  }, [campaign]);

  useEffect(() => {
    setDrafts({});
    setErrors({});
    void reload();
  }, [reload, sector]);

  const rows = useMemo(() => {
    if (!catalogue || !current) return [];
    return catalogue.map((c) => {
      const own = sector ? current.stored.find((s) => s.key === c.key && s.sector === sector) : undefined;
      const camp = current.stored.find((s) => s.key === c.key && s.sector === '');
      const used = own ?? camp;
      const origin = own ? `本活动设置（${sector}）` : camp ? (sector ? '本活动设置（整个活动）' : '本活动设置') : '默认';
      return { c, value: used ? used.value : c.defaultValue, valueText: used ? used.valueText : c.defaultText, origin, ownHere: sector ? own !== undefined : camp !== undefined };
    });
  }, [catalogue, current, sector]);
  const shown = useMemo(() => rows.filter((r) => matchesSetting(r.c, filter)), [rows, filter]);

  const save = async (c: SettingInfo, raw: string) => {
    if (!campaign) return;
    setBusyKey(c.key);
    try {
      const value = c.type === 'boolean' ? raw === '是' : c.type === 'integer' && c.nullable && raw.trim() === '' ? null : raw;
      const { setting } = await getApi().ruleSettings.set({ campaignId: campaign.id, sector, key: c.key, value });
      setErrors((e) => ({ ...e, [c.key]: '' }));
      setDrafts((d) => {
        const { [c.key]: _gone, ...rest } = d;
        return rest;
      });
      toast('success', `已保存：${c.label} = ${setting.valueText}${sector ? `（${sector}）` : ''}。重新运行自动检查后生效。`);
      await reload();
    } catch (e) {
      setErrors((x) => ({ ...x, [c.key]: errorMessage(e) }));
    } finally {
      setBusyKey(null);
    }
  };

  const reset = async (c: SettingInfo) => {
    if (!campaign) return;
    setBusyKey(c.key);
    try {
      await getApi().ruleSettings.reset({ campaignId: campaign.id, sector, key: c.key });
      setErrors((e) => ({ ...e, [c.key]: '' }));
      toast('info', `已恢复：${c.label}${sector ? `（${sector}）` : ''}`);
      await reload();
    } catch (e) {
      setErrors((x) => ({ ...x, [c.key]: errorMessage(e) }));
    } finally {
      setBusyKey(null);
    }
  };

  const chooseModel = async (model: string) => {
    if (!campaign) return;
    setModelError(null);
    try {
      const r = await getApi().ruleSettings.setGradeModel({ campaignId: campaign.id, model });
      if (r.changed) toast('success', `等次模型已改为：${models.find((m) => m.id === r.model)?.label.split('：')[0] ?? r.model}`);
      await reload();
    } catch (e) {
      setModelError(errorMessage(e));
    }
  };
  const model = current ? models.find((m) => m.id === current.gradeModel.id) : undefined;

  let lastGroup = '';
  return (
    <div className="panel wide" id="rule-settings">
      <h2 className="panel-title">评查规则参数</h2>
      <p className="panel-text">
        法律授权部门或地方规定的数额和期限（较大数额罚款、立案期限、陈述申辩期、检查频次上限等）按本评查活动设置，可对个别执法领域另设。每条检查发现的计算说明都写明所用的取值及其来源（默认／本活动设置）。修改记入审计日志，重新运行自动检查后生效。
      </p>
      {!campaign ? (
        <p className="muted">请先在“评查活动”中选定当前评查活动。</p>
      ) : (
        <>
          <div className="toolbar">
            <span className="toolbar-field">
              评查活动：<strong>{campaign.name}</strong>
            </span>
            <label className="toolbar-field">
              适用范围
              <select value={sector} onChange={(e) => setSector(e.target.value)} aria-label="适用范围（执法领域）">
                <option value="">整个评查活动</option>
                {current?.sectors.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name}（{s.dossiers} 件案卷）
                  </option>
                ))}
              </select>
            </label>
            <label className="toolbar-field">
              筛选
              <input
                type="search"
                className="setting-filter"
                value={filter}
                placeholder="规则编号或文字，如 D-PEN-11、送达"
                onChange={(e) => setFilter(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape' && filter) {
                    e.preventDefault();
                    setFilter('');
                  }
                }}
                aria-label="筛选参数（规则编号或文字）"
                aria-controls="rule-settings-table"
              />
            </label>
            {filter ? (
              <span className="toolbar-field muted" role="status" data-testid="setting-filter-count">
                显示 {shown.length}/{rows.length} 项
              </span>
            ) : null}
          </div>
          {current ? (
            <div className="grade-model" data-testid="grade-model">
              <label className="toolbar-field">
                等次模型
                <select
                  value={current.gradeModel.id}
                  disabled={readOnly || current.gradeModel.locked}
                  onChange={(e) => void chooseModel(e.target.value)}
                  aria-label="等次模型"
                  title={current.gradeModel.locked ? '本活动已有评查表，等次模型随评查标准固定' : undefined}
                >
                  {models.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </label>
              <span className="muted small-text">
                {current.gradeModel.locked ? '本活动已有评查表，等次模型已固定。' : '开始评查（生成评查表）后不能再改。'}
                {model ? `依据：${model.source}` : ''}
              </span>
              {modelError ? (
                <div className="field-error" role="alert">
                  {modelError}
                </div>
              ) : null}
            </div>
          ) : null}
          {current && current.unmatchedFields.length > 0 ? (
            <div className="banner banner-warning" role="status">
              以下执法领域未能识别，这些案卷按整个活动的取值检查：{current.unmatchedFields.map((u) => `${u.field}（${u.dossiers} 件）`).join('、')}
            </div>
          ) : null}
          {loadError ? (
            <div className="banner banner-error" role="alert">
              读取评查规则参数失败：{loadError}
            </div>
          ) : null}
          <div className="table-wrap">
            <table className="data-table compact rule-settings-table" aria-label="评查规则参数" id="rule-settings-table">
              <colgroup>
                <col style={{ width: '20%' }} />
                <col style={{ width: '15%' }} />
                <col style={{ width: '12%' }} />
                <col style={{ width: '9%' }} />
                <col style={{ width: '32%' }} />
                <col style={{ width: '12%' }} />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">参数</th>
                  <th scope="col">取值</th>
                  <th scope="col">来源</th>
                  <th scope="col">默认</th>
                  <th scope="col">依据</th>
                  <th scope="col" className="actions-col">
                    <span className="visually-hidden">操作</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.length === 0 && rows.length > 0 ? (
                  <tr>
                    <td colSpan={6} className="muted" role="status">
                      没有与“{filter}”相符的参数或规则。
                    </td>
                  </tr>
                ) : null}
                {shown.map(({ c, value, origin, ownHere }) => {
                  const head =
                    c.group !== lastGroup ? (
                      <tr key={`g-${c.group}`} className="group-row">
                        <th colSpan={6} scope="colgroup">
                          {c.group}
                        </th>
                      </tr>
                    ) : null;
                  lastGroup = c.group;
                  const draft = drafts[c.key] ?? asText(value);
                  const dirty = drafts[c.key] !== undefined && drafts[c.key] !== asText(value);
                  const err = errors[c.key];
                  const inputId = `setting-${c.key}`;
                  const onKey = (e: KeyboardEvent) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      void save(c, draft);
                    }
                  };
                  const input =
                    c.type === 'choice' || c.type === 'boolean' ? (
                      <select
                        id={inputId}
                        value={draft}
                        disabled={readOnly || busyKey === c.key}
                        onChange={(e) => setDrafts((d) => ({ ...d, [c.key]: e.target.value }))}
                        onKeyDown={onKey}
                        aria-label={c.label}
                      >
                        {(c.type === 'boolean' ? [{ value: '是', label: '是' }, { value: '否', label: '否' }] : (c.choices ?? [])).map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        id={inputId}
                        className="setting-input"
                        inputMode="decimal"
                        value={draft}
                        placeholder={c.nullable ? '不设置' : undefined}
                        disabled={readOnly || busyKey === c.key}
                        onChange={(e) => setDrafts((d) => ({ ...d, [c.key]: e.target.value }))}
                        onKeyDown={onKey}
                        aria-label={c.label}
                        aria-invalid={err ? true : undefined}
                        aria-describedby={err ? `${inputId}-err` : undefined}
                      />
                    );
                  return [
                    head,
                    <tr key={c.key} data-setting={c.key} className={ownHere ? 'is-set' : undefined}>
                      <td>
                        <label htmlFor={inputId}>{c.label}</label>
                        {c.variesBySector ? <span className="badge" title="法律授权部门或地方规定，请按本地区、本系统的规定核对">由部门或地方规定</span> : null}
                      </td>
                      <td className="nowrap">
                        {input} <span className="muted">{c.type === 'integer' || c.type === 'money' ? (unitFor(c, rows) ?? c.unit) : ''}</span>
                        {err ? (
                          <div className="field-error" id={`${inputId}-err`} role="alert">
                            {err}
                          </div>
                        ) : null}
                      </td>
                      <td data-testid="origin">
                        {origin}
                      </td>
                      <td>{c.defaultText}</td>
                      <td className="small-text basis-cell">{c.basis}</td>
                      <td className="actions-col">
                        <div className="row-actions">
                          <button type="button" className="button small primary" disabled={readOnly || !dirty || busyKey === c.key} onClick={() => void save(c, draft)} aria-label={`保存：${c.label}`}>
                            保存
                          </button>
                          <button type="button" className="button small" disabled={readOnly || !ownHere || busyKey === c.key} onClick={() => void reset(c)} aria-label={`恢复：${c.label}`}>
                            {sector ? '取消另设' : '恢复默认'}
                          </button>
                        </div>
                      </td>
                    </tr>,
                  ];
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

/** A period length's unit follows the unit row of the same rule ("period.D-PEN-06a.unit"). */
function unitFor(c: SettingInfo, rows: { c: SettingInfo; value: unknown }[]): string | null {
  const m = /^period\.([^.]+)\.(length|extraLength)$/.exec(c.key);
  if (!m) return null;
  const u = rows.find((r) => r.c.key === `period.${m[1]}.unit`);
  if (!u) return null;
  return u.value === 'calendar' ? '日' : '个工作日';
}
