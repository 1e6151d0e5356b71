/**
 * 评查: the reviewer's queue (#/review) and the workspace for one assignment (#/review/a/<assignmentId>).
 * The assignment lives in the address so a reload (or a crash) comes back to the same dossier.
 */
import { useEffect, useState } from 'react';
import { selectCurrentCampaign, useCampaignsStore } from '../stores/campaigns';
import { ChooseCampaignFirst } from './Placeholders';
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
        <ChooseCampaignFirst />
      </section>
    );
  }
  if (assignmentId) return <Workspace key={assignmentId} campaign={campaign} assignmentId={assignmentId} />;
  return <ReviewQueue campaign={campaign} />;
}
