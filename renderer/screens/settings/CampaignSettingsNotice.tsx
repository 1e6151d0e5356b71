/**
 * On the 评查活动 page, for the current campaign: a warning when its dossiers reach a year with no
 * holiday schedule (every working-day count there would say 无法检查), and the way to its 评查规则参数.
 */
import './settings.css';
import { useEffect, useState } from 'react';
import { errorMessage, getApi } from '../../api';
import { navigate } from '../../router';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';

export function CampaignSettingsNotice({ campaign }: { campaign: Campaign }) {
  const [missing, setMissing] = useState<number[]>([]);
  const [setCount, setSetCount] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const api = getApi();
    Promise.all([api.ruleSettings.calendarCoverage({ campaignId: campaign.id }), api.ruleSettings.get({ campaignId: campaign.id })])
      .then(([cov, s]) => {
        if (!live) return;
        setMissing(cov.missing);
        setSetCount(s.stored.length);
        setError(null);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [campaign.id, campaign.dossierCount]);

  const open = (anchor: string) => {
    navigate('settings');
    // After the settings screen has rendered.
    setTimeout(() => document.getElementById(anchor)?.scrollIntoView({ block: 'start' }), 50);
  };

  return (
    <div className="campaign-settings-notice">
      {missing.length > 0 ? (
        <div className="banner banner-warning" role="status" data-testid="campaign-calendar-warning">
          当前活动的案卷涉及 {missing.join('、')} 年，尚未载入其节假日安排：涉及这些年份的工作日期限将显示“无法检查”。
          <button type="button" className="button small" onClick={() => open('holiday-calendar')}>
            导入节假日安排…
          </button>
        </div>
      ) : null}
      {error ? (
        <div className="banner banner-error" role="alert">
          读取评查规则参数失败：{error}
        </div>
      ) : null}
      <p className="muted small-text">
        评查规则参数：{setCount === null ? '…' : setCount === 0 ? '全部使用默认值' : `本活动已设置 ${setCount} 项`}{' '}
        <button type="button" className="link-button" onClick={() => open('rule-settings')}>
          查看或修改评查规则参数
        </button>
      </p>
    </div>
  );
}
