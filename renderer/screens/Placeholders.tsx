/**
 * The guard screens share: a screen that needs the current campaign shows how to pick one first.
 * (统计与导出 itself lives in ./StatsScreen.tsx.)
 */
import type { ReactNode } from 'react';
import { EmptyState } from '../components/EmptyState';
import { navigate } from '../router';
import { selectCurrentCampaign, useCampaignsStore } from '../stores/campaigns';
import type { Campaign } from '../../shared/api/namespaces/campaigns';

export function NeedsCampaign({ title, subtitle, children }: { title: string; subtitle: string; children: (c: Campaign) => ReactNode }) {
  const campaign = useCampaignsStore(selectCurrentCampaign);
  const loaded = useCampaignsStore((s) => s.loaded);
  const titleId = `screen-${title}`;
  return (
    <section className="screen" aria-labelledby={titleId}>
      <div className="screen-header">
        <div>
          <h1 id={titleId}>{title}</h1>
          <p className="screen-subtitle">{subtitle}</p>
        </div>
      </div>
      {!loaded ? (
        <p className="muted">正在加载…</p>
      ) : campaign ? (
        children(campaign)
      ) : (
        <ChooseCampaignFirst />
      )}
    </section>
  );
}

/** What a screen that needs the current campaign shows while none is chosen. */
export function ChooseCampaignFirst() {
  return (
    <EmptyState
      title="请先选择评查活动"
      action={
        <button type="button" className="button primary" onClick={() => navigate('campaigns')}>
          前往评查活动
        </button>
      }
    >
      在“评查活动”页面新建或选择一个活动，它就成为当前活动。
    </EmptyState>
  );
}
