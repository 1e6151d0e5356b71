/**
 * 重置PIN in 评查人员与分配: the 法制机构 chosen in 我是谁 clears a member's forgotten PIN (which also ends
 * a lock-out after repeated wrong PINs) after a confirmation; the member then chooses themselves
 * without a PIN and sets a new one. Shown to the 法制机构 only; the core checks again and audits it
 * (`reset_pin`, docs/roles.md).
 */
import { useState } from 'react';
import type { RosterMember } from '../../../shared/api/namespaces/session';
import { getApi } from '../../api';
import { ActionDialog } from '../../components/ActionDialog';
import { useDialogSubmit } from '../../components/ui';
import { useLoad } from '../../hooks/useLoad';
import { useAppStore } from '../../stores/app';
import { selectSessionReviewer, useSessionStore } from '../../stores/session';

/** Whether the person in 我是谁 is this campaign's 法制机构 (who alone resets others' PINs). */
export function useIsOffice(campaignId: string): boolean {
  const me = useSessionStore(selectSessionReviewer);
  return Boolean(me && me.campaignId === campaignId && me.role === 'legal_office');
}

/**
 * Who has a PIN (the roster as 我是谁 sees it), for the 法制机构 only; reloaded after each reset and
 * whenever `roster` (the panel's list) changes. `error` is the load's message, if it failed.
 */
export function usePinHolders(campaignId: string, enabled: boolean, roster: unknown) {
  const [holders, setHolders] = useState<Map<string, RosterMember>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const reload = useLoad(
    async () => {
      if (!enabled) return setHolders(new Map());
      const members = await getApi().session.roster({ campaignId });
      setHolders(new Map(members.map((m) => [m.id, m])));
    },
    [campaignId, enabled, roster],
    setError,
  );
  return { holders, reload, error };
}

export function PinCell({ member, onReset }: { member: RosterMember | undefined; onReset(): void }) {
  const [confirming, setConfirming] = useState(false);
  if (!member) return <span className="muted">—</span>;
  if (!member.hasPin) return <span className="muted">未设</span>;
  return (
    <>
      已设{' '}
      <button type="button" className="button small" onClick={() => setConfirming(true)} aria-label={`重置PIN ${member.name}`}>
        重置PIN
      </button>
      {confirming ? <ResetPinDialog member={member} onClose={() => setConfirming(false)} onDone={onReset} /> : null}
    </>
  );
}

function ResetPinDialog({ member, onClose, onDone }: { member: RosterMember; onClose(): void; onDone(): void }) {
  const toast = useAppStore((s) => s.toast);
  const { busy, error, submit } = useDialogSubmit(async () => {
    await getApi().session.setPin({ reviewerId: member.id, pin: null });
    toast('success', `已重置 ${member.name} 的 PIN`);
    onDone();
  }, onClose);
  return (
    <ActionDialog title="确认重置PIN" action="重置PIN" busy={busy} error={error} onSubmit={(e) => void submit(e)} onClose={onClose}>
      <p>
        清除 <strong>{member.name}</strong> 的 PIN（同时解除连续输错后的暂停）。
      </p>
      <p className="muted">之后 {member.name} 在“我是谁”中选择本人时无须 PIN，请其随即设置新的 PIN。重置记入审计日志。</p>
    </ActionDialog>
  );
}
