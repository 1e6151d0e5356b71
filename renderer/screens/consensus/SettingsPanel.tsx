/** The campaign's 复核 triggers and objection period (stored as campaign settings, audited). */
import { useState, type FormEvent } from 'react';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import type { RecheckSettingsInput } from '../../../shared/api/namespaces/consensus';
import { errorMessage, getApi } from '../../api';
import { ErrorBanner } from '../../components/ui';
import { useLoad } from '../../hooks/useLoad';
import { useAppStore } from '../../stores/app';

export function SettingsPanel({ campaign, onSaved }: { campaign: Campaign; onSaved(): void }) {
  const [s, setS] = useState<RecheckSettingsInput | null>(null);
  const [margin, setMargin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const toast = useAppStore((x) => x.toast);
  useLoad(async () => {
    const got = await getApi().consensus.settings({ campaignId: campaign.id });
    setS(got);
    setMargin(got.totalMargin === null ? '' : String(got.totalMargin));
  }, [campaign.id], setError);

  if (!s) return error ? <ErrorBanner message={error} /> : <p className="muted">正在加载…</p>;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m = margin.trim() === '' ? null : Number(margin);
    if (m !== null && !(m >= 0)) {
      setError('分差应为不小于 0 的数字；留空表示不按分差触发复核。');
      return;
    }
    try {
      setS(await getApi().consensus.setSettings({ campaignId: campaign.id, settings: { ...s, totalMargin: m } }));
      setError(null);
      toast('success', '复核条件已保存');
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <form className="panel cs-settings" onSubmit={(e) => void submit(e)} aria-label="复核条件">
      <h2 className="panel-title">自动进入复核的条件</h2>
      <ErrorBanner message={error} />
      <label className="checkbox">
        <input type="checkbox" checked={s.onGradeDiffers} onChange={(e) => setS({ ...s, onGradeDiffers: e.target.checked })} /> 独立评查的等次不同
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={s.onAnyVeto} onChange={(e) => setS({ ...s, onAnyVeto: e.target.checked })} /> 任一评查人员认定否决项
      </label>
      <label>
        总分相差超过
        <input className="inline-input cs-num" inputMode="decimal" value={margin} onChange={(e) => setMargin(e.target.value)} aria-label="分差（分）" /> 分（留空则不按分差触发）
      </label>
      <label>
        异议期限：告知结果后
        <input
          className="inline-input cs-num"
          type="number"
          min={1}
          max={60}
          value={s.objectionDays}
          onChange={(e) => setS({ ...s, objectionDays: Number(e.target.value) })}
          aria-label="异议期限（工作日）"
        />{' '}
        个工作日内
      </label>
      <div>
        <button type="submit" className="button primary">
          保存
        </button>
      </div>
    </form>
  );
}
