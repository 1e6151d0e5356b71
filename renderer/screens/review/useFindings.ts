/**
 * The automatic-check findings of the dossier under review: loaded with the dossier, run again on
 * request, and confirmed (the deduction goes into the item), dismissed with a reason or reverted.
 * The actions throw on failure; the workspace reports it.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { StoredFinding } from '../../../shared/api/namespaces/checks';
import { errorMessage, getApi } from '../../api';
import { useAppStore } from '../../stores/app';
import { useReviewStore } from '../../stores/review';

export function useFindings(campaignId: string, dossierId: string | null) {
  const toast = useAppStore((st) => st.toast);
  const [findings, setFindings] = useState<StoredFinding[]>([]);
  const [checking, setChecking] = useState(false);

  const load = useCallback(async () => {
    if (!dossierId) return;
    try {
      setFindings(await getApi().checks.list({ campaignId, dossierId }));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  }, [campaignId, dossierId, toast]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Violations by the item they concern. */
  const byItem = useMemo(() => {
    const m = new Map<string, StoredFinding[]>();
    for (const f of findings) if (f.item && f.kind === 'violation') m.set(f.item, [...(m.get(f.item) ?? []), f]);
    return m;
  }, [findings]);
  const proposedCount = findings.filter((f) => f.status === 'proposed' && f.kind === 'violation').length;

  const run = async () => {
    if (!dossierId) return;
    setChecking(true);
    try {
      const r = await getApi().checks.run({ campaignId, dossierId });
      await load();
      toast('success', `自动检查完成：新提示 ${r.proposed} 条${r.alreadyDecided ? `，已处理过的 ${r.alreadyDecided} 条未重复提示` : ''}。`);
    } finally {
      setChecking(false);
    }
  };
  const confirm = async (f: StoredFinding, reviewId: string) => {
    await useReviewStore.getState().flush();
    await getApi().checks.confirm({ findingId: f.id, reviewId });
    await useReviewStore.getState().reload();
    await load();
    if (f.item) useReviewStore.getState().setCurrent(f.item);
    toast('success', '已确认，扣分已写入评查项。');
  };
  const revert = async (f: StoredFinding) => {
    const r = await getApi().checks.revert({ findingId: f.id });
    await load();
    toast('info', r.message);
  };
  const dismiss = async (f: StoredFinding, reason: string) => {
    await getApi().checks.dismiss({ findingId: f.id, reason });
    await load();
  };

  return { findings, byItem, proposedCount, checking, run, confirm, revert, dismiss };
}
