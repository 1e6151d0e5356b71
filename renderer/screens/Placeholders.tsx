/**
 * 案卷 / 评查 / 统计与导出: honest empty states until those features land. Each screen already
 * depends on the current campaign, so later work fills in the body and keeps the guard.
 */
import type { ReactNode } from 'react';
import { EmptyState } from '../components/EmptyState';
import { navigate } from '../router';
import { selectCurrentCampaign, useCampaignsStore } from '../stores/campaigns';
import type { Campaign } from '../../shared/api/namespaces/campaigns';

function NeedsCampaign({ title, subtitle, children }: { title: string; subtitle: string; children: (c: Campaign) => ReactNode }) {
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
      )}
    </section>
  );
}

export function ReviewScreen() {
  return (
    <NeedsCampaign title="评查" subtitle="按评查标准逐卷打分，记录问题和扣分理由。">
      {(c) => (
        <EmptyState title="暂无待评查的案卷">
          {c.dossierCount === 0 ? '请先在“案卷”页面导入案卷登记表并抽取案卷。' : '逐卷评查功能即将提供。'}
        </EmptyState>
      )}
    </NeedsCampaign>
  );
}

export function StatsScreen() {
  return (
    <NeedsCampaign title="统计与导出" subtitle="按单位、案件类型汇总评查结果，导出评查报告和通报。">
      {() => <EmptyState title="暂无评查结果">完成评查后，这里将显示统计结果并可导出报告。</EmptyState>}
    </NeedsCampaign>
  );
}
