/**
 * 我是谁: the header's "who is at the keyboard" for this window or tab. Choosing a name from the
 * current campaign's roster (with the PIN, if that person set one) makes the audit log record that
 * person and lets a 组长 or the 法制机构 lock and send back reviews. Nobody chosen = the app works
 * as before, only 组长锁定 and 退回 are refused.
 */
import { useEffect, useState } from 'react';
import type { RosterMember } from '../../shared/api/namespaces/session';
import { REVIEWER_ROLE_LABELS } from '../../shared/labels';
import { AppError } from '../../shared/errors';
import { errorMessage, getApi } from '../api';
import { useAppStore } from '../stores/app';
import { selectCurrentCampaign, useCampaignsStore } from '../stores/campaigns';
import { useSessionStore } from '../stores/session';
import { Dialog } from './Dialog';
import { ErrorBanner } from './ui';

export const memberLabel = (m: Pick<RosterMember, 'name' | 'role' | 'team'>) => `${m.name}（${REVIEWER_ROLE_LABELS[m.role]}${m.team ? `·${m.team}` : ''}）`;

export function WhoAmI() {
  const state = useSessionStore((s) => s.state);
  const load = useSessionStore((s) => s.load);
  const [open, setOpen] = useState(false);
  useEffect(() => void load(), [load]);
  if (!state?.available) return null;
  const me = state.reviewer;
  return (
    <div className="who-am-i">
      <span className="current-label">我是</span>
      <button type="button" className="who-button" data-testid="who-am-i" onClick={() => setOpen(true)} title="选择本窗口的使用者（审计日志记录此人；锁定、退回须组长或法制机构）">
        {me ? memberLabel(me) : '未选择'}
      </button>
      {open ? <WhoAmIDialog onClose={() => setOpen(false)} /> : null}
    </div>
  );
}

function WhoAmIDialog({ onClose }: { onClose(): void }) {
  const campaign = useCampaignsStore(selectCurrentCampaign);
  const me = useSessionStore((s) => s.state?.reviewer ?? null);
  const toast = useAppStore((s) => s.toast);
  const [roster, setRoster] = useState<RosterMember[] | null>(null);
  const [chosen, setChosen] = useState(me?.id ?? '');
  const [pin, setPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!campaign) return;
    getApi()
      .session.roster({ campaignId: campaign.id })
      .then(setRoster)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [campaign]);

  const member = roster?.find((m) => m.id === chosen) ?? null;
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof AppError || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const choose = () =>
    run(async () => {
      await useSessionStore.getState().choose(chosen, pin || undefined);
      toast('success', `本窗口的使用者：${member ? memberLabel(member) : ''}`);
      onClose();
    });
  const leave = () =>
    run(async () => {
      await useSessionStore.getState().leave();
      toast('info', '已退出；本窗口不再以任何人的身份操作。');
      onClose();
    });
  const savePin = (value: string | null) =>
    run(async () => {
      await getApi().session.setPin({ reviewerId: me!.id, pin: value });
      await useSessionStore.getState().load();
      setNewPin('');
      toast('success', value ? '已设置 PIN：下次选择本人时须输入。' : '已清除 PIN。');
    });

  return (
    <Dialog title="我是谁" onClose={onClose} size="small" busy={busy}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void choose();
        }}
      >
        <div className="dialog-body">
          {!campaign ? (
            <p>请先在“评查活动”中选择当前评查活动：使用者从该活动的评查人员名单中选择。</p>
          ) : roster && roster.length === 0 ? (
            <p>本活动还没有评查人员名单：请在“案卷 → 评查人员与分配”中添加或导入。</p>
          ) : (
            <>
              <p className="muted">选择本人姓名。审计日志记录此人；组长锁定与退回须由本组组长或法制机构办理。本选择只对本窗口有效，程序重启后须重新选择。</p>
              <div className="field">
                <label htmlFor="who-member">姓名</label>
                <select id="who-member" value={chosen} onChange={(e) => (setChosen(e.target.value), setPin(''))} required autoFocus>
                  <option value="" disabled>
                    请选择
                  </option>
                  {roster?.map((m) => (
                    <option key={m.id} value={m.id}>
                      {memberLabel(m)}
                      {m.unitName ? ` ${m.unitName}` : ''}
                    </option>
                  ))}
                </select>
              </div>
              {member?.hasPin && member.id !== me?.id ? (
                <div className="field">
                  <label htmlFor="who-pin">PIN</label>
                  <input id="who-pin" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} required maxLength={12} />
                </div>
              ) : null}
            </>
          )}
          {me ? (
            <fieldset className="who-pin-box">
              <legend>本人的 PIN（{me.hasPin ? '已设置' : '未设置'}）</legend>
              <p className="muted">共用电脑时设置 PIN，以免他人以你的名义操作。4–12 位数字，只保存其散列值。</p>
              <div className="button-row">
                <label htmlFor="who-new-pin" className="visually-hidden">
                  新 PIN
                </label>
                <input id="who-new-pin" type="password" inputMode="numeric" autoComplete="new-password" placeholder="新 PIN" value={newPin} onChange={(e) => setNewPin(e.target.value)} maxLength={12} />
                <button type="button" className="button small" disabled={busy || !/^\d{4,12}$/.test(newPin)} onClick={() => void savePin(newPin)}>
                  {me.hasPin ? '修改 PIN' : '设置 PIN'}
                </button>
                {me.hasPin ? (
                  <button type="button" className="button small" disabled={busy} onClick={() => void savePin(null)}>
                    清除 PIN
                  </button>
                ) : null}
              </div>
            </fieldset>
          ) : null}
          <ErrorBanner message={error} />
        </div>
        <footer className="dialog-footer">
          {me ? (
            <button type="button" className="button" onClick={() => void leave()} disabled={busy}>
              退出（不以任何人身份）
            </button>
          ) : null}
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            取消
          </button>
          <button type="submit" className="button primary" disabled={busy || !chosen || !campaign}>
            确定
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
