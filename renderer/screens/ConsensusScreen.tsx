/**
 * 合议与复核: dossiers with two or more independent reviews and the 复核 queue (with why each is
 * there), the side-by-side 合议 screen, objections and their rulings, and the campaign's 复核 trigger
 * settings. Who acts is chosen at the top (组长 / 法制机构 decide; a reviewer sees other reviews only
 * after submitting their own) until sessions exist.
 */
import { useMemo, useState } from 'react';
import type { Campaign } from '../../shared/api/namespaces/campaigns';
import type { ConsensusDossierRow } from '../../shared/api/namespaces/consensus';
import { REVIEWER_ROLE_LABELS } from '../../shared/labels';
import { getApi } from '../api';
import { EmptyState } from '../components/EmptyState';
import { ErrorBanner, Tabs } from '../components/ui';
import { useLoad } from '../hooks/useLoad';
import { NeedsCampaign } from './Placeholders';
import { CompareView } from './consensus/CompareView';
import { ObjectionsPanel } from './consensus/ObjectionsPanel';
import { SettingsPanel } from './consensus/SettingsPanel';
import { selectSessionReviewer, useSessionStore } from '../stores/session';
import { pts, sourceLabel, TRIGGER_LABELS } from './consensus/common';
import './consensus/consensus.css';

type Tab = 'cross' | 'queue' | 'objections' | 'settings';
const TABS: { id: Tab; label: string }[] = [
  { id: 'cross', label: '交叉评查案卷' },
  { id: 'queue', label: '待复核' },
  { id: 'objections', label: '异议' },
  { id: 'settings', label: '复核条件' },
];

export function ConsensusScreen() {
  return (
    <NeedsCampaign title="合议与复核" subtitle="交叉评查逐项对照、合议、复核与异议裁定">
      {(campaign) => <ConsensusBody key={campaign.id} campaign={campaign} />}
    </NeedsCampaign>
  );
}

function ConsensusBody({ campaign }: { campaign: Campaign }) {
  const [tab, setTab] = useState<Tab>('cross');
  const [rows, setRows] = useState<ConsensusDossierRow[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Who acts is the session's reviewer (我是谁 in the header); the server takes it from the session too.
  const me = useSessionStore(selectSessionReviewer);
  const actor = me && me.campaignId === campaign.id ? me : null;

  const load = useLoad(async () => setRows(await getApi().consensus.dossiers({ campaignId: campaign.id })), [campaign.id], setError);

  const queue = useMemo(() => (rows ?? []).filter((r) => r.recheck === 'pending'), [rows]);

  if (open && actor) {
    return (
      <CompareView
        dossierId={open}
        actor={actor}
        onBack={() => {
          setOpen(null);
          void load();
        }}
      />
    );
  }

  return (
    <>
      <div className="toolbar cs-actor" data-testid="consensus-actor">
        {actor ? (
          <span>
            使用者：<strong>{actor.name}</strong>（{REVIEWER_ROLE_LABELS[actor.role]}）
          </span>
        ) : (
          <strong className="cs-open">请先在页面顶部“我是谁”中选择本活动的使用者。</strong>
        )}
        <span className="muted">组长、法制机构人员可记录合议、复核结论和异议裁定；评查员提交本人评查表后才能查看他人评查结果（盲评）。</span>
      </div>
      <ErrorBanner message={error} />
      <Tabs<Tab> tabs={TABS.map((t) => (t.id === 'queue' ? { ...t, label: `待复核（${queue.length}）` } : t))} value={tab} onChange={setTab} label="合议与复核" />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="cs-panel">
        {tab === 'cross' || tab === 'queue' ? (
          rows === null ? (
            <p className="muted">正在加载…</p>
          ) : (
            <DossierTable rows={tab === 'queue' ? queue : rows} queue={tab === 'queue'} onOpen={setOpen} canOpen={Boolean(actor)} />
          )
        ) : tab === 'objections' ? (
          <ObjectionsPanel campaign={campaign} actor={actor} onChanged={() => void load()} />
        ) : (
          <SettingsPanel campaign={campaign} onSaved={() => void load()} />
        )}
      </div>
    </>
  );
}

function DossierTable({ rows, queue, onOpen, canOpen }: { rows: ConsensusDossierRow[]; queue: boolean; onOpen(id: string): void; canOpen: boolean }) {
  if (rows.length === 0) {
    return queue ? (
      <EmptyState title="没有待复核的案卷">独立评查等次不同、任一评查人员认定否决项或总分相差超过设定分差的案卷会自动列在这里。</EmptyState>
    ) : (
      <EmptyState title="暂无交叉评查案卷">同一案卷有两份以上已提交的独立评查表时列在这里，可逐项对照并合议。</EmptyState>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label={queue ? '待复核案卷' : '交叉评查案卷'}>
        <thead>
          <tr>
            <th scope="col">案卷编号</th>
            <th scope="col">单位</th>
            <th scope="col">各评查人员得分</th>
            <th scope="col">分歧项</th>
            <th scope="col">{queue ? '复核原因' : '复核'}</th>
            <th scope="col">最终结果</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.dossierId} data-case-no={r.caseNo}>
              <td>{r.caseNo}</td>
              <td>{r.unitName}</td>
              <td>
                {r.reviews.map((v) => (
                  <div key={v.reviewId}>
                    {v.reviewer}：{pts(v.total)} 分 {v.grade ?? ''}
                    {v.veto ? '（否决）' : ''}
                  </div>
                ))}
              </td>
              <td className={r.disputedItems > r.decidedItems ? 'cs-open' : ''}>
                {r.disputedItems === 0 ? '无' : `${r.decidedItems}/${r.disputedItems} 已定`}
              </td>
              <td>
                {r.triggers.length === 0 ? (
                  <span className="muted">未触发</span>
                ) : (
                  <ul className="cs-reasons">
                    {r.triggers.map((t) => (
                      <li key={t.kind} title={t.detail}>
                        <strong>{TRIGGER_LABELS[t.kind]}</strong>
                        {queue ? `：${t.detail}` : ''}
                      </li>
                    ))}
                    {!queue ? <li className="muted">{r.recheck === 'closed' ? '已复核' : '待复核'}</li> : null}
                  </ul>
                )}
              </td>
              <td>{r.final ? `${pts(r.final.total)} 分 ${r.final.grade}（${sourceLabel(r.final.source)}）` : '—'}</td>
              <td>
                <button type="button" className="button small" disabled={!canOpen} onClick={() => onOpen(r.dossierId)}>
                  {queue ? '复核' : '逐项对照'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
