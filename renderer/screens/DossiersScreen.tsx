/** 案卷: dossier list + per-unit register summary, 导入登记表, 导入卷宗 PDF, 抽样, 评查人员与分配. */
import { Fragment, useState } from 'react';
import type { Campaign } from '../../shared/api/namespaces/campaigns';
import type { Unit } from '../../shared/api/namespaces/units';
import type { RegisterImportRecordSchema } from '../../shared/api/namespaces/registers';
import type { z } from 'zod';

type RegisterImportRecord = z.infer<typeof RegisterImportRecordSchema>;
import { getApi } from '../api';
import { EmptyState } from '../components/EmptyState';
import { ChooseCampaignFirst } from './Placeholders';
import { ErrorBanner, Tabs } from '../components/ui';
import { formatDateTime } from '../format';
import { useAppStore } from '../stores/app';
import { selectCurrentCampaign, useCampaignsStore } from '../stores/campaigns';
import { AssignPanel } from './dossiers/AssignPanel';
import { AttachDialog } from './dossiers/AttachDialog';
import { DossierList } from './dossiers/DossierList';
import { ImportDialog, UnitCountsTable } from './dossiers/ImportDialog';
import { SamplingPanel } from './dossiers/SamplingPanel';
import { ChecksPanel } from './checks/ChecksPanel';
import { useLoad } from '../hooks/useLoad';

type Tab = 'list' | 'sample' | 'assign' | 'checks';
const TABS: { id: Tab; label: string }[] = [
  { id: 'list', label: '案卷目录' },
  { id: 'sample', label: '抽样' },
  { id: 'assign', label: '评查人员与分配' },
  { id: 'checks', label: '自动检查' },
];

export function DossiersScreen() {
  const campaign = useCampaignsStore(selectCurrentCampaign);
  const loaded = useCampaignsStore((s) => s.loaded);
  return (
    <section className="screen screen-wide" aria-labelledby="dossiers-title">
      {!loaded ? (
        <p className="muted">正在加载…</p>
      ) : campaign ? (
        <CampaignDossiers key={campaign.id} campaign={campaign} />
      ) : (
        <>
          <div className="screen-header">
            <div>
              <h1 id="dossiers-title">案卷</h1>
              <p className="screen-subtitle">导入各单位报送的案卷登记表，按规则抽取待评查的案卷。</p>
            </div>
          </div>
          <ChooseCampaignFirst />
        </>
      )}
    </section>
  );
}

function CampaignDossiers({ campaign }: { campaign: Campaign }) {
  const loadCampaigns = useCampaignsStore((s) => s.load);
  const readOnly = useAppStore((s) => s.info?.health.ok === false);
  const [tab, setTab] = useState<Tab>('list');
  const [units, setUnits] = useState<Unit[]>([]);
  const [history, setHistory] = useState<RegisterImportRecord[]>([]);
  const [reloadKey, setReloadKey] = useState(0);
  const [dialog, setDialog] = useState<'import' | 'attach' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useLoad(async () => {
    const api = getApi();
    const [us, history] = await Promise.all([api.units.list({ campaignId: campaign.id }), api.registers.history({ campaignId: campaign.id })]);
    setUnits(us);
    setHistory(history);
  }, [campaign.id], setError);

  const changed = () => {
    void refresh();
    void loadCampaigns();
    setReloadKey((k) => k + 1);
  };

  return (
    <>
      <div className="screen-header">
        <div>
          <h1 id="dossiers-title">案卷</h1>
          <p className="screen-subtitle">“{campaign.name}”：导入各单位报送的案卷登记表和卷宗 PDF，按规则抽取案卷并分配评查人员。</p>
        </div>
        <div className="header-actions">
          <button type="button" className="button" onClick={() => setDialog('attach')} disabled={readOnly || campaign.dossierCount === 0}>
            导入卷宗 PDF
          </button>
          <button type="button" className="button primary" onClick={() => setDialog('import')} disabled={readOnly}>
            导入登记表
          </button>
        </div>
      </div>
      <ErrorBanner message={error} />

      {campaign.dossierCount === 0 && units.length === 0 ? (
        <EmptyState
          title="尚未导入案卷登记表"
          action={
            <button type="button" className="button primary" onClick={() => setDialog('import')} disabled={readOnly}>
              导入登记表
            </button>
          }
        >
          “{campaign.name}”还没有案卷。导入各单位报送的案卷登记表（Excel / CSV）。
        </EmptyState>
      ) : (
        <>
          <Tabs<Tab> label="案卷功能" tabs={TABS} value={tab} onChange={setTab} />
          <div role="tabpanel" aria-labelledby={`tab-${tab}`} className="tab-panel">
            {tab === 'list' ? (
              <div className="list-layout">
                <DossierList campaignId={campaign.id} units={units} reloadKey={reloadKey} />
                <aside className="panel unit-summary" aria-labelledby="unit-summary-title">
                  <h2 id="unit-summary-title" className="panel-title">
                    各单位登记表
                  </h2>
                  <table className="data-table compact" aria-label="各单位案卷数">
                    <thead>
                      <tr>
                        <th scope="col">执法单位</th>
                        <th scope="col" className="num">案卷</th>
                      </tr>
                    </thead>
                    <tbody>
                      {units.map((u) => (
                        <tr key={u.id}>
                          <td>{u.name}</td>
                          <td className="num">{u.dossierCount.toLocaleString('zh-CN')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <h3 className="panel-subtitle">导入记录</h3>
                  <table className="data-table compact" aria-label="登记表导入记录">
                    <thead>
                      <tr>
                        <th scope="col">文件</th>
                        <th scope="col" className="num">行数</th>
                        <th scope="col">导入时间</th>
                      </tr>
                    </thead>
                    <tbody>
                      {history.map((h, i) => (
                        <Fragment key={h.id}>
                          <tr>
                            <td className="cell-clip" title={`${h.fileName}（新增 ${h.imported}，未变化 ${h.unchanged}，有变化 ${h.changed}；${h.actor}）`}>
                              {h.fileName}
                            </td>
                            <td className="num">{h.rowCount}</td>
                            <td className="nowrap small-text">{formatDateTime(h.importedAt)}</td>
                          </tr>
                          {h.units.length > 0 ? (
                            <tr>
                              <td colSpan={3} style={{ borderTop: 'none', paddingTop: 0 }}>
                                <details className="small-text" open={i === 0} data-testid="history-units">
                                  <summary className="muted">按单位（{h.units.length}）</summary>
                                  <UnitCountsTable units={h.units} label={`${h.fileName} 各单位导入情况`} />
                                </details>
                              </td>
                            </tr>
                          ) : null}
                        </Fragment>
                      ))}
                    </tbody>
                  </table>
                </aside>
              </div>
            ) : tab === 'checks' ? (
              <ChecksPanel campaign={campaign} />
            ) : tab === 'sample' ? (
              <SamplingPanel campaign={campaign} />
            ) : (
              <AssignPanel campaign={campaign} />
            )}
          </div>
        </>
      )}

      {dialog === 'import' ? <ImportDialog campaignId={campaign.id} onClose={() => setDialog(null)} onImported={changed} /> : null}
      {dialog === 'attach' ? <AttachDialog campaignId={campaign.id} onClose={() => setDialog(null)} onDone={changed} /> : null}
    </>
  );
}
