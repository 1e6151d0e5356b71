/**
 * PIN 连续输错暂停 in 评查人员与分配 (issue #18, docs/roles.md): the 法制机构 chosen in 我是谁 sets how
 * many wrong PINs in a row (3–20) pause a member's tries, and for how long (1 minute to 24 hours).
 * Checked here with the contract's own schema (the message at the field), checked again and audited by
 * the core (`set_pin_lockout_policy`). Shown to the 法制机构 only, like 重置PIN.
 */
import { useState, type FormEvent } from 'react';
import { LockoutPolicy } from '../../../shared/api/namespaces/session';
import { errorMessage, getApi } from '../../api';
import { ErrorBanner } from '../../components/ui';
import { useLoad } from '../../hooks/useLoad';
import { useAppStore } from '../../stores/app';
import { minutesText } from '../../../shared/domain/minutes-text';

type Field = 'maxFailures' | 'minutes';
const NOT_A_NUMBER: Record<Field, string> = { maxFailures: '连续输错次数须为 3–20 之间的整数', minutes: '暂停时间须为 1–1440 之间的整数（分钟）' };

export function LockoutPolicyPanel({ campaignId }: { campaignId: string }) {
  const toast = useAppStore((s) => s.toast);
  const [saved, setSaved] = useState<LockoutPolicy | null>(null);
  const [tries, setTries] = useState('');
  const [minutes, setMinutes] = useState('');
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useLoad(
    async () => {
      const p = await getApi().session.lockoutPolicy({ campaignId });
      setSaved(p);
      setTries(String(p.maxFailures));
      setMinutes(String(p.minutes));
    },
    [campaignId],
    setError,
  );

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const whole = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN);
    const parsed = LockoutPolicy.safeParse({ maxFailures: whole(tries), minutes: whole(minutes) });
    if (!parsed.success) {
      // The schema's own messages for a number out of range; a blank or non-number gets what to type.
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        found[field] ??= issue.code === 'too_small' || issue.code === 'too_big' ? issue.message : NOT_A_NUMBER[field];
      }
      setProblems(found);
      return;
    }
    setProblems({});
    setError(null);
    setBusy(true);
    try {
      const p = await getApi().session.setLockoutPolicy({ campaignId, policy: parsed.data });
      setSaved(p);
      toast('success', `已保存：连续输错 ${p.maxFailures} 次，暂停 ${minutesText(p.minutes)}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const changed = saved !== null && (String(saved.maxFailures) !== tries.trim() || String(saved.minutes) !== minutes.trim());
  return (
    <section className="panel wide" aria-labelledby="lockout-title">
      <h2 id="lockout-title" className="panel-title">
        PIN 连续输错暂停
      </h2>
      <p className="panel-text muted">
        在“我是谁”中连续输错 PIN 达到次数后，该人员暂停选择，到时自动恢复；法制机构也可用“重置PIN”提前解除。本活动所有人员适用，修改记入审计日志。
        {saved ? (
          <>
            {' '}
            现行规则：连续输错 <strong>{saved.maxFailures}</strong> 次，暂停 <strong>{minutesText(saved.minutes)}</strong>。
          </>
        ) : null}
      </p>
      <ErrorBanner message={error} />
      <form className="form-grid lockout-form" onSubmit={(e) => void save(e)} aria-label="PIN 连续输错暂停规则" noValidate>
        <NumberField
          id="lockout-tries"
          label="连续输错次数"
          value={tries}
          onChange={setTries}
          error={problems.maxFailures}
          hint="3–20 次"
          width={70}
          disabled={busy || saved === null}
        />
        <NumberField
          id="lockout-minutes"
          label="暂停时间（分钟）"
          value={minutes}
          onChange={setMinutes}
          error={problems.minutes}
          hint={`1 分钟至 24 小时（1440 分钟）${/^\d+$/.test(minutes.trim()) && Number(minutes) >= 60 && Number(minutes) <= 1440 ? `，即 ${minutesText(Number(minutes))}` : ''}`}
          width={90}
          disabled={busy || saved === null}
        />
        <button type="submit" className="button primary" disabled={busy || !changed}>
          {busy ? '正在保存…' : '保存规则'}
        </button>
      </form>
    </section>
  );
}

/** A whole-number field with its hint and, when the value is refused, its message tied to it for screen readers. */
function NumberField(props: { id: string; label: string; value: string; onChange(v: string): void; error?: string; hint: string; width: number; disabled: boolean }) {
  const errorId = `${props.id}-error`;
  return (
    <label>
      {props.label}
      <input
        id={props.id}
        inputMode="numeric"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        style={{ width: props.width }}
        disabled={props.disabled}
      />
      <span className="field-hint">{props.hint}</span>
      {props.error ? (
        <span className="field-error" id={errorId}>
          {props.error}
        </span>
      ) : null}
    </label>
  );
}
