/**
 * 评查情况概览 and the bulletin draft: key figures, the four charts (the same SVG the PDF and Word
 * documents carry), the unit ranking, the most frequent problems, and the editable 通报 draft with
 * its 导出 buttons. Exports go through the screen's export runner (mask switch, progress, cancel).
 */
import { useMemo, useState } from 'react';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import type { BulletinDraftInput, BulletinDraftState, ReportOverview } from '../../../shared/api/namespaces/reports';
import type { Unit } from '../../../shared/api/namespaces/units';
import { percent } from '../../../shared/domain/reports/aggregate';
import { BULLETIN_MARKERS } from '../../../shared/domain/reports/bulletin';
import { bulletinCharts, type Chart } from '../../../shared/domain/reports/charts';
import { errorMessage, getApi } from '../../api';
import { ActionDialog } from '../../components/ActionDialog';
import { EmptyState } from '../../components/EmptyState';
import { useAppStore } from '../../stores/app';
import { useExportRunner } from './ExportPanel';
import './reports.css';
import { useLoad } from '../../hooks/useLoad';
import { ErrorBanner } from '../../components/ui';

const score = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function ChartView({ chart }: { chart: Chart }) {
  // The SVG is built by shared/domain/reports/charts.ts, which escapes every label.
  return <figure className="report-chart" aria-label={chart.title} dangerouslySetInnerHTML={{ __html: chart.svg }} />;
}

function Figures({ o }: { o: ReportOverview }) {
  const items: [string, string][] = [
    ['评查案卷', `${o.reviewed} 卷`],
    ['被评查单位', `${o.unitCount} 个`],
    ['平均得分', `${o.meanScore.toFixed(2)} 分`],
    ['合格率', percent(o.passRate)],
    ['优秀率', percent(o.excellentRate)],
    ['否决案卷', `${o.vetoCount} 卷`],
  ];
  return (
    <dl className="report-figures">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function RankingTable({ o }: { o: ReportOverview }) {
  return (
    <div className="table-wrap">
      <table className="data-table compact" aria-label="单位排名">
        <thead>
          <tr>
            <th scope="col" className="num">名次</th>
            <th scope="col">单位</th>
            <th scope="col" className="num">评查卷数</th>
            <th scope="col" className="num">平均分</th>
            <th scope="col" className="num">最高 / 最低</th>
            {o.grades.map((g) => (
              <th key={g.grade} scope="col" className="num">
                {g.grade}
              </th>
            ))}
            <th scope="col" className="num">合格率</th>
            <th scope="col" className="num">否决</th>
          </tr>
        </thead>
        <tbody>
          {o.units.map((u) => (
            <tr key={u.unitId} className={u.passRate < 1 ? 'report-row-warn' : undefined}>
              <td className="num">{u.rank}</td>
              <td>{u.unitName}</td>
              <td className="num">{u.reviewed}</td>
              <td className="num">{score(u.meanScore)}</td>
              <td className="num">
                {score(u.maxScore)} / {score(u.minScore)}
              </td>
              {u.grades.map((g) => (
                <td key={g.grade} className="num">
                  {g.count}
                </td>
              ))}
              <td className="num">{percent(u.passRate)}</td>
              <td className="num">{u.vetoCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProblemsTable({ o }: { o: ReportOverview }) {
  if (o.problemsByItem.length === 0) return <p className="muted">未发现扣分问题。</p>;
  return (
    <div className="table-wrap">
      <table className="data-table compact" aria-label="常见问题">
        <thead>
          <tr>
            <th scope="col">评查项</th>
            <th scope="col" className="num">卷次</th>
            <th scope="col" className="num">扣分合计</th>
            <th scope="col">典型案卷</th>
          </tr>
        </thead>
        <tbody>
          {o.problemsByItem.map((p) => (
            <tr key={p.itemCode}>
              <td>
                {p.title} <span className="muted">{p.itemCode}</span>
              </td>
              <td className="num">{p.count}</td>
              <td className="num">{score(p.totalDeduction)}</td>
              <td className="report-examples">{p.examples.map((e) => `${e.unitName} ${e.caseNo}${e.note ? `：${e.note}` : ''}`).join('；')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const FIELDS: { key: keyof BulletinDraftInput; label: string; wide?: boolean }[] = [
  { key: 'title', label: '标题', wide: true },
  { key: 'docNo', label: '文号' },
  { key: 'addressee', label: '主送' },
  { key: 'issuer', label: '落款单位' },
  { key: 'date', label: '成文日期' },
];

function DraftEditor({ campaign }: { campaign: Campaign }) {
  const toast = useAppStore((s) => s.toast);
  const { run, running } = useExportRunner();
  const [state, setState] = useState<BulletinDraftState | null>(null);
  const [draft, setDraft] = useState<BulletinDraftInput | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);

  useLoad(async () => {
    const s = await getApi().reports.bulletinDraft({ campaignId: campaign.id });
    setState(s);
    setDraft(s.draft);
  }, [campaign.id], setError);

  const dirty = useMemo(() => !!state && !!draft && JSON.stringify(state.draft) !== JSON.stringify(draft), [state, draft]);

  const save = async (): Promise<boolean> => {
    if (!draft) return false;
    setBusy(true);
    try {
      const s = await getApi().reports.saveBulletinDraft({ campaignId: campaign.id, draft });
      setState(s);
      setDraft(s.draft);
      setError(null);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const reset = async () => {
    setConfirmReset(false);
    setBusy(true);
    try {
      const s = await getApi().reports.resetBulletinDraft({ campaignId: campaign.id });
      setState(s);
      setDraft(s.draft);
      toast('info', '已恢复为按当前数据生成的初稿。');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const exportAs = async (format: 'pdf' | 'docx') => {
    // The export reads the stored draft: save pending edits first.
    if (dirty && !(await save())) return;
    await run({ campaignId: campaign.id, kind: 'bulletin', format }, '评查情况通报');
  };

  if (error && !draft) return <div className="banner banner-error" role="alert">{error}</div>;
  if (!draft || !state) return <p className="muted">正在加载通报草稿…</p>;

  // The confirmation is a form of its own, so it stands beside the draft form, not inside it.
  return (
    <>
      <form
        className="report-draft"
        aria-label="评查情况通报草稿"
        onSubmit={(e) => {
          e.preventDefault();
          void save().then((ok) => ok && toast('success', '通报草稿已保存。'));
        }}
      >
        <p className="panel-text">
          {state.edited ? `已编辑的草稿（${state.updatedBy ?? ''} 保存于 ${state.updatedAt ? new Date(state.updatedAt).toLocaleString('zh-CN') : ''}）。` : '按当前评查数据生成的初稿，尚未编辑。'}
          正文中以“一、”等开头的行为标题；单独一行的 {Object.values(BULLETIN_MARKERS).slice(0, 2).join('、')} 等标记处插入图表或表格，删除标记即不插入。
        </p>
        <div className="report-draft-fields">
          {FIELDS.map((f) => (
            <div key={f.key} className={`field${f.wide ? ' report-wide' : ''}`}>
              <label htmlFor={`draft-${f.key}`}>{f.label}</label>
              <input id={`draft-${f.key}`} value={draft[f.key]} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })} />
            </div>
          ))}
        </div>
        <div className="field">
          <label htmlFor="draft-body">正文</label>
          <textarea id="draft-body" className="report-body" rows={18} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
        </div>
        <ErrorBanner message={error} />
        <div className="button-row">
          <button type="submit" className="button primary" disabled={busy || !dirty}>
            保存草稿
          </button>
          <button type="button" className="button" disabled={busy || !state.edited} onClick={() => setConfirmReset(true)}>
            恢复为生成稿
          </button>
          <span className="report-spacer" />
          <button type="button" className="button" disabled={busy || running} onClick={() => void exportAs('pdf')}>
            导出 PDF
          </button>
          <button type="button" className="button" disabled={busy || running} onClick={() => void exportAs('docx')}>
            导出 Word
          </button>
        </div>
      </form>
      {confirmReset ? (
        <ActionDialog
          title="恢复为生成稿"
          action="放弃编辑并恢复"
          tone="danger"
          alert
          onSubmit={(e) => {
            e.preventDefault();
            void reset();
          }}
          onClose={() => setConfirmReset(false)}
        >
          <p>放弃已编辑的通报草稿（含文号、正文的修改），按当前评查数据重新生成初稿？此操作不可撤销。</p>
        </ActionDialog>
      ) : null}
    </>
  );
}

export function ReportsPanel({ campaign }: { campaign: Campaign; units?: Unit[] }) {
  const [o, setO] = useState<ReportOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useLoad(async () => {
    setO(await getApi().reports.overview({ campaignId: campaign.id }));
  }, [campaign.id], setError);
  const charts = useMemo(() => (o ? bulletinCharts(o, o.failGrade) : null), [o]);

  return (
    <section className="panel report-panel" aria-labelledby="reports-title">
      <div className="report-head">
        <h2 className="panel-title" id="reports-title">
          评查情况概览
        </h2>
        <button type="button" className="button small" onClick={() => void load()}>
          刷新
        </button>
      </div>
      <ErrorBanner message={error} />
      {!o && !error ? <p className="muted">正在汇总…</p> : null}
      {o && o.reviewed === 0 ? <EmptyState title="还没有已提交的评查表">评查人员提交评查表后，这里显示等次分布、单位排名和常见问题。</EmptyState> : null}
      {o && charts && o.reviewed > 0 ? (
        <>
          <Figures o={o} />
          <div className="report-charts">
            <ChartView chart={charts.grades} />
            <ChartView chart={charts.histogram} />
            <ChartView chart={charts.units} />
            <ChartView chart={charts.problems} />
          </div>
          <h3 className="report-subtitle">单位排名</h3>
          <p className="muted small">按平均分排序，平均分相同的按总分；合格率 = 非不合格案卷 ÷ 评查案卷。</p>
          <RankingTable o={o} />
          <h3 className="report-subtitle">常见问题（按评查项）</h3>
          <ProblemsTable o={o} />
          {o.vetoCases.length ? (
            <>
              <h3 className="report-subtitle">否决案卷</h3>
              <ul className="report-veto">
                {o.vetoCases.map((v) => (
                  <li key={v.dossierId}>
                    {v.unitName} {v.caseNo}：{v.reasons.filter(Boolean).join('；') || v.itemCodes.join('、')}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h3 className="report-subtitle">评查情况通报（草稿）</h3>
          <DraftEditor campaign={campaign} />
        </>
      ) : null}
    </section>
  );
}
