/**
 * 评查: the reviewer's queue (#/review) and the workspace for one assignment (#/review/a/<assignmentId>).
 * The assignment lives in the address so a reload (or a crash) comes back to the same dossier.
 */
import { useEffect, useState } from 'react';
import { EmptyState } from '../components/EmptyState';
import { navigate } from '../router';
import { selectCurrentCampaign, useCampaignsStore } from '../stores/campaigns';
import { ReviewQueue } from './review/ReviewQueue';
import { Workspace } from './review/Workspace';

const assignmentFromHash = (hash: string): string | null => /^#\/review\/a\/([^/?#]+)/.exec(hash)?.[1] ?? null;

export const workspaceHref = (assignmentId: string) => `#/review/a/${assignmentId}`;

export function ReviewScreen() {
  const campaign = useCampaignsStore(selectCurrentCampaign);
  const loaded = useCampaignsStore((s) => s.loaded);
  const [assignmentId, setAssignmentId] = useState(() => assignmentFromHash(window.location.hash));

  useEffect(() => {
    const sync = () => setAssignmentId(assignmentFromHash(window.location.hash));
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, []);

  if (!loaded) return <p className="muted">正在加载…</p>;
  if (!campaign) {
    return (
      <section className="screen" aria-labelledby="review-title">
        <div className="screen-header">
          <h1 id="review-title">评查</h1>
        </div>
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
      </section>
    );
  }
  if (assignmentId) return <Workspace key={assignmentId} campaign={campaign} assignmentId={assignmentId} />;
  return <ReviewQueue campaign={campaign} />;
}
