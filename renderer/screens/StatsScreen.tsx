/**
 * 统计与导出: the reviewed dossiers with their totals and grades, per-dossier 评查表 exports, and
 * per-unit / campaign exports (汇总、通报、工作簿、整改通知) with a mask switch, progress and cancel.
 */
import { useMemo, useState } from 'react';
import type { Campaign } from '../../shared/api/namespaces/campaigns';
import type { ExportDossierRow } from '../../shared/api/namespaces/exports';
import type { Unit } from '../../shared/api/namespaces/units';
import { REVIEW_STATUS_LABELS, REVIEWER_ROLE_LABELS } from '../../shared/labels';
import { EXPORT_FORMAT_NAMES, EXPORT_FORMATS, EXPORT_KIND_NAMES, EXPORT_KINDS, type ExportFormat, type ExportKind } from '../../shared/domain/export/kinds';
import { getApi } from '../api';
import { EmptyState } from '../components/EmptyState';
import { NeedsCampaign } from './Placeholders';
import { ExportButton, ExportProgress, ExportProvider, MaskToggle, type ExportInput } from './stats/ExportPanel';
import { ReportsPanel } from './stats/ReportsPanel';
import { NoticesPanel } from './stats/NoticesPanel';
import { AgreementPanel } from './stats/AgreementPanel';
import { useLoad } from '../hooks/useLoad';
import { selectSessionReviewer, useSessionStore } from '../stores/session';
// ── Reports slot ─────────────────────────────────────────────────────────────────────────────
// The reports helper mounts its panels here (they run exports through useExportRunner() from
// ./stats/ExportPanel, so they share the mask switch and the progress bar):
//   import { ReportsPanel } from './stats/ReportsPanel';
//   import { NoticesPanel } from './stats/NoticesPanel';
// and renders <ReportsPanel campaign={campaign} units={units} /> and <NoticesPanel campaign={campaign} units={units} />
// where <ReportsSlot> stands below.
// ─────────────────────────────────────────────────────────────────────────────────────────────

/** The unit exports, then the campaign ones; dossier exports sit on each dossier's row below. */
const CAMPAIGN_EXPORTS = (['unit', 'campaign'] as const).flatMap((scope) =>
  EXPORT_KIND_NAMES.filter((kind) => EXPORT_KINDS[kind].scope === scope).map((kind) => ({ kind, label: EXPORT_KINDS[kind].label, scope })),
);

const pts = (n: number | null) => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(1));

function StatsBody({ campaign }: { campaign: Campaign }) {
  const [rows, setRows] = useState<ExportDossierRow[] | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [formats, setFormats] = useState<{ kind: ExportKind; format: ExportFormat }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [unitId, setUnitId] = useState('');
  const [search, setSearch] = useState('');

  const load = useLoad(async () => {
    const api = getApi();
    const [r, u, f] = await Promise.all([api.exports.dossiers({ campaignId: campaign.id }), api.units.list({ campaignId: campaign.id }), api.exports.formats({})]);
    setRows(r);
    setUnits(u);
    setFormats(f);
  }, [campaign.id], setError);

  const formatsOf = (kind: ExportKind): ExportFormat[] => EXPORT_FORMAT_NAMES.filter((fm) => formats.some((x) => x.kind === kind && x.format === fm));

  const shown = useMemo(() => {
    const q = search.trim();
    return (rows ?? []).filter((r) => (!unitId || r.unitId === unitId) && (!q || r.caseNo.includes(q) || r.unitName.includes(q)));
  }, [rows, unitId, search]);

  const reviewed = (rows ?? []).filter((r) => r.reviewStatus === 'submitted' || r.reviewStatus === 'locked');
  const mean = reviewed.length ? reviewed.reduce((s, r) => s + (r.total ?? 0), 0) / reviewed.length : null;
  const unitName = units.find((u) => u.id === unitId)?.name;

  if (error) {
    return (
      <div className="banner banner-error" role="alert">
        {error}{' '}
        <button type="button" className="button small" onClick={() => void load()}>
          重试
        </button>
      </div>
    );
  }
  if (!rows) return <p className="muted">正在加载…</p>;

  return (
    <>
      <div className="panel" aria-labelledby="export-settings-title">
        <h2 className="panel-title" id="export-settings-title">
          导出设置
        </h2>
        <MaskToggle />
        <p className="panel-text">
          共 {rows.length} 件已分配评查的案卷，已提交 {reviewed.length} 件{mean !== null ? `，平均分 ${mean.toFixed(1)}` : ''}。
        </p>
      </div>

      <ExportProgress />

      <div className="panel" aria-labelledby="export-campaign-title">
        <h2 className="panel-title" id="export-campaign-title">
          单位与活动导出
        </h2>
        <div className="toolbar">
          <label className="toolbar-field">
            单位
            <select value={unitId} onChange={(e) => setUnitId(e.target.value)} aria-label="导出范围：单位">
              <option value="">全部单位（每个单位一节）</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <OfficeOnlyNote />
        <table className="data-table compact" aria-label="单位与活动导出">
          <tbody>
            {CAMPAIGN_EXPORTS.map((x) => {
              const fs = formatsOf(x.kind);
              const scopeText = x.scope === 'unit' ? (unitName ?? '全部单位') : '全活动';
              return (
                <tr key={x.kind}>
                  <th scope="row">{x.label}</th>
                  <td className="muted">{scopeText}</td>
                  <td className="row-actions">
                    {fs.length === 0 ? (
                      <span className="muted">尚未提供</span>
                    ) : (
                      fs.map((fm) => {
                        const input: ExportInput = { campaignId: campaign.id, kind: x.kind, format: fm, ...(x.scope === 'unit' && unitId ? { unitId } : {}) };
                        return (
                          <ExportButton key={fm} input={input} what={`${x.label}（${scopeText}）`}>
                            {EXPORT_FORMATS[fm].short}
                          </ExportButton>
                        );
                      })
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <ReportsPanel campaign={campaign} units={units} />
      <NoticesPanel campaign={campaign} units={units} />
      <AgreementPanel campaign={campaign} />

      <h2 className="section-title">案卷评查表</h2>
      <div className="toolbar">
        <label className="toolbar-field">
          查找
          <input type="search" className="inline-input" value={search} placeholder="案卷编号或单位" onChange={(e) => setSearch(e.target.value)} aria-label="按案卷编号或单位查找" />
        </label>
        <span className="toolbar-count muted">
          显示 {shown.length} / {rows.length} 件
        </span>
      </div>
      {rows.length === 0 ? (
        <EmptyState title="暂无已分配评查的案卷">抽样并分配评查人员后，这里列出每件案卷的得分，可导出评查表或空白评查表。</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data-table" aria-label="案卷评查结果">
            <thead>
              <tr>
                <th scope="col">单位</th>
                <th scope="col">案卷编号</th>
                <th scope="col">案件类型</th>
                <th scope="col">评查人员</th>
                <th scope="col">状态</th>
                <th scope="col" className="num">
                  总分
                </th>
                <th scope="col">等次</th>
                <th scope="col">导出</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => {
                const started = r.reviewStatus !== 'not_started';
                const base = { campaignId: campaign.id, dossierId: r.dossierId };
                return (
                  <tr key={r.dossierId} data-case-no={r.caseNo}>
                    <td>{r.unitName}</td>
                    <td>{r.caseNo}</td>
                    <td>
                      {r.caseType}
                      {r.procedure ? `（${r.procedure}）` : ''}
                    </td>
                    <td>{r.reviewers.join('、') || '—'}</td>
                    <td>{REVIEW_STATUS_LABELS[r.reviewStatus]}</td>
                    <td className="num">{started ? pts(r.total) : '—'}</td>
                    <td>{r.veto ? `${r.grade ?? ''}（否决）` : (r.grade ?? '—')}</td>
                    <td className="row-actions">
                      {started ? (
                        <>
                          <ExportButton input={{ ...base, kind: 'sheet', format: 'pdf' }} what={`评查表 ${r.caseNo}`} title={`导出 ${r.caseNo} 的评查表（PDF）`}>
                            评查表 PDF
                          </ExportButton>
                          <ExportButton input={{ ...base, kind: 'sheet', format: 'docx' }} what={`评查表 ${r.caseNo}`} title={`导出 ${r.caseNo} 的评查表（Word，可编辑）`}>
                            Word
                          </ExportButton>
                        </>
                      ) : null}
                      <ExportButton input={{ ...base, kind: 'blank', format: 'pdf' }} what={`空白评查表 ${r.caseNo}`} title={`导出 ${r.caseNo} 的空白评查表（PDF），供纸面评查`}>
                        空白表
                      </ExportButton>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function StatsScreen() {
  return (
    <NeedsCampaign title="统计与导出" subtitle="查看各案卷得分，导出评查表、单位汇总、评查通报、数据工作簿和整改通知。">
      {(campaign) => (
        <ExportProvider>
          <StatsBody campaign={campaign} />
        </ExportProvider>
      )}
    </NeedsCampaign>
  );
}

/** Says, beside the disabled buttons, why someone other than the 法制机构 cannot take these out (docs/roles.md). */
function OfficeOnlyNote() {
  const me = useSessionStore(selectSessionReviewer);
  if (!me || me.role === 'legal_office') return null;
  return (
    <p className="banner banner-warning" role="note" data-testid="office-only-exports">
      以下导出汇集各组的评查结果，由法制机构导出。当前使用者：{me.name}（{REVIEWER_ROLE_LABELS[me.role]}）；如需导出，请在“我是谁”中选择法制机构人员。
    </p>
  );
}
