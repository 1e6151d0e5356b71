/**
 * 设置 → 节假日安排: the years whose State Council holiday schedule is loaded (the working-day
 * counts need one per year), what a year contains, and the import of a new year's holiday file
 * (all or nothing; errors listed by line).
 */
import './settings.css';
import { useCallback, useEffect, useState } from 'react';
import type { CalendarYear } from '../../../shared/api/namespaces/checks';
import { AppError } from '../../../shared/errors';
import { errorMessage, getApi } from '../../api';
import { ChooseFiles, textOf, type Chosen } from '../../components/ChooseFiles';
import { formatDateTime } from '../../format';
import { useAppStore } from '../../stores/app';
import { selectCurrentCampaign, useCampaignsStore } from '../../stores/campaigns';

type YearDays = Awaited<ReturnType<ReturnType<typeof getApi>['ruleSettings']['calendarYear']>>;

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const weekday = (iso: string) => WEEKDAYS[new Date(`${iso}T00:00:00Z`).getUTCDay()];

export function CalendarPanel() {
  const readOnly = useAppStore((s) => s.info?.health.ok === false);
  const toast = useAppStore((s) => s.toast);
  const campaign = useCampaignsStore(selectCurrentCampaign);
  const [years, setYears] = useState<CalendarYear[] | null>(null);
  const [missing, setMissing] = useState<number[]>([]);
  const [shown, setShown] = useState<YearDays | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [issues, setIssues] = useState<{ line: number; message: string }[]>([]);
  const [importError, setImportError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setYears(await getApi().checks.calendarYears({}));
      setMissing(campaign ? (await getApi().ruleSettings.calendarCoverage({ campaignId: campaign.id })).missing : []);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [campaign]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const show = async (year: number) => {
    try {
      setShown(shown?.year === year ? null : await getApi().ruleSettings.calendarYear({ year }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const importFile = async ([file]: Chosen[]) => {
    if (!file) return;
    setFileName(file.name);
    setIssues([]);
    setImportError(null);
    setImporting(true);
    try {
      const res = await getApi().checks.importCalendar(await textOf(file));
      toast('success', `已导入 ${file.name}：${res.years.map((y) => `${y.year} 年（放假 ${y.holidays} 日，调休上班 ${y.workdays} 日）`).join('、')}`);
      await reload();
      if (res.years[0]) setShown(await getApi().ruleSettings.calendarYear({ year: res.years[0].year }));
    } catch (e) {
      const details = e instanceof AppError ? (e.details as { errors?: { line: number; message: string }[] } | undefined) : undefined;
      if (details?.errors?.length) setIssues(details.errors);
      else setImportError(errorMessage(e));
    } finally {
      setImporting(false);
    }
  };

  return (
    <div className="panel wide" id="holiday-calendar">
      <h2 className="panel-title">节假日安排</h2>
      <p className="panel-text">
        按工作日计算的期限需要当年国务院办公厅发布的节假日安排（放假日和调休上班日）。缺少某一年的安排时，涉及该年的期限显示“无法检查”，不作推测。国务院发布新一年的安排后，在此导入节假日文件即可，无需更新程序（格式见
        docs/rules.md 第 2 节）。
      </p>
      {missing.length > 0 ? (
        <div className="banner banner-warning" role="status" data-testid="calendar-missing">
          当前评查活动“{campaign?.name}”的案卷涉及 {missing.join('、')} 年，尚未载入其节假日安排。
        </div>
      ) : null}
      {error ? (
        <div className="banner banner-error" role="alert">
          读取节假日安排失败：{error}
        </div>
      ) : null}
      <div className="table-wrap">
        <table className="data-table compact" aria-label="已载入的节假日安排">
          <thead>
            <tr>
              <th scope="col" className="num">年份</th>
              <th scope="col" className="num">放假日</th>
              <th scope="col" className="num">调休上班日</th>
              <th scope="col">来源</th>
              <th scope="col">载入时间</th>
              <th scope="col" className="actions-col">
                <span className="visually-hidden">操作</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(years ?? []).map((y) => (
              <tr key={y.year} data-year={y.year}>
                <td className="num">{y.year}</td>
                <td className="num">{y.holidays}</td>
                <td className="num">{y.workdays}</td>
                <td>{y.source}</td>
                <td className="nowrap">{formatDateTime(y.loadedAt)}</td>
                <td className="actions-col">
                  <button type="button" className="button small" onClick={() => void show(y.year)} aria-expanded={shown?.year === y.year} aria-label={`查看 ${y.year} 年安排`}>
                    {shown?.year === y.year ? '收起' : '查看'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown ? (
        <div className="calendar-days" data-testid="calendar-days">
          <h3 className="section-title">
            {shown.year} 年：放假 {shown.holidays} 日，调休上班 {shown.workdays} 日
          </h3>
          <table className="data-table compact" aria-label={`${shown.year} 年节假日安排`}>
            <thead>
              <tr>
                <th scope="col">日期</th>
                <th scope="col">星期</th>
                <th scope="col">类别</th>
                <th scope="col">名称</th>
              </tr>
            </thead>
            <tbody>
              {shown.days.map((d) => (
                <tr key={d.date} className={d.kind === 'workday' ? 'is-workday' : undefined}>
                  <td className="mono nowrap">{d.date}</td>
                  <td>{weekday(d.date)}</td>
                  <td>{d.kind === 'holiday' ? '放假' : '调休上班'}</td>
                  <td>{d.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="panel-actions">
        <ChooseFiles
          label={importing ? '正在导入…' : '导入节假日文件…'}
          ariaLabel="导入节假日文件"
          dialogTitle="选择节假日安排文件"
          accept=".txt,.csv,text/plain,text/csv"
          filters={[{ name: '节假日文件（UTF-8 文本）', extensions: ['txt', 'csv'] }]}
          testId="calendar-file"
          disabled={readOnly || importing}
          chosen={fileName ?? 'UTF-8 文本：年份,日期,类型,名称（按年整体替换）'}
          onChoose={(f) => void importFile(f)}
        />
      </div>
      {importError ? (
        <div className="banner banner-error" role="alert">
          导入失败：{importError}
        </div>
      ) : null}
      {issues.length > 0 ? (
        <div className="banner banner-error" role="alert" data-testid="calendar-issues">
          <p>节假日文件有误，未作任何修改：</p>
          <ul>
            {issues.map((i, n) => (
              <li key={n}>{i.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
