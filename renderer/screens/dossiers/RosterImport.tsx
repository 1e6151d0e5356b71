/**
 * 导入名单: a reviewers roster (CSV or XLSX) with the columns the CLI's `assign --reviewers` reads —
 * 姓名、单位、角色、证书编号、电话、评查组. All or nothing: a bad row refuses the file and every
 * problem is listed by row.
 */
import { useState } from 'react';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import { errorMessage, getApi } from '../../api';
import { ChooseFiles, uploadOf, type Chosen } from '../../components/ChooseFiles';
import { ProgressBar } from '../../components/ui';
import { TABLE_FILTER } from '../../native-dialogs';
import { useAppStore } from '../../stores/app';

export function RosterImport({ campaign, onImported }: { campaign: Campaign; onImported(): Promise<void> }) {
  const toast = useAppStore((s) => s.toast);
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const pick = async ([file]: Chosen[]) => {
    if (!file) return;
    setChosen(file.name);
    setBusy(true);
    setError(null);
    try {
      const res = await getApi().reviewers.importRoster({ campaignId: campaign.id, file: await uploadOf(file) });
      const parts = [`新增 ${res.added.length} 名`, res.updated.length ? `更新 ${res.updated.length} 名（角色、评查组等）` : '', res.unchanged ? `${res.unchanged} 名无变化` : ''].filter(Boolean);
      toast('success', `已导入评查人员名单“${file.name}”：${parts.join('，')}。`);
      await onImported();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="roster-import">
      <ChooseFiles
        label="导入名单…"
        ariaLabel="导入评查人员名单（CSV 或 XLSX）"
        dialogTitle="选择评查人员名单"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        filters={[TABLE_FILTER]}
        disabled={busy}
        testId="roster-file"
        chosen={chosen ?? 'CSV 或 XLSX：姓名、单位、角色（评查员/组长/法制机构）、证书编号、电话、评查组'}
        onChoose={(f) => void pick(f)}
      />
      {busy ? <ProgressBar label="正在导入名单…" /> : null}
      {error ? (
        <div className="banner banner-error roster-import-error" role="alert" data-testid="roster-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}
