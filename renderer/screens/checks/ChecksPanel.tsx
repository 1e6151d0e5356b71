/**
 * 自动检查 (campaign level): run the rule engine over the sampled dossiers (a job with progress),
 * the stored findings counted by rule and by unit with their decision status, drill-down to a rule's
 * or unit's findings and to one dossier's findings with the computation; the discretion benchmark
 * library (裁量基准) the DISC-RANGE rule uses. Findings are only proposals here: reviewers confirm or
 * dismiss them in the review workspace.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { BenchmarkDoc } from '../../../shared/api/namespaces/benchmarks';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import type { CheckSummary, StoredFinding } from '../../../shared/api/namespaces/checks';
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from '../../../shared/labels';
import { errorMessage, getApi } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner, ProgressBar } from '../../components/ui';
import { useJob } from '../../hooks/useJob';
import { formatDateTime } from '../../format';
import { useAppStore } from '../../stores/app';
import { BenchmarkImportDialog } from './BenchmarkImportDialog';
import './checks.css';
import { useLoad } from '../../hooks/useLoad';
import { articleZhOrEmpty } from '../../../shared/domain/chinese-numerals';

const SCOPE_LABEL: Record<string, string> = { sample: '抽中案卷', campaign: '全部案卷', dossier: '单件案卷' };
const DRILL_LIMIT = 500;

type Drill = { by: 'rule'; id: string; title: string } | { by: 'unit'; id: string; title: string };

type DecisionCounts = CheckSummary['totals'];

/**
 * One summary table of findings by decision status (按规则 / 按单位): the caller's leading columns
 * (name with its drill-down button, …), then 待确认 / 已确认 / 已驳回 / 无法检查.
 */
function DecisionCountsTable<R extends DecisionCounts>({
  titleId,
  title,
  leading,
  rows,
  rowKey,
  isCurrent,
  leadingCells,
}: {
  titleId: string;
  title: string;
  leading: (string | { label: string; num: true })[];
  rows: R[];
  rowKey(row: R): string;
  isCurrent(row: R): boolean;
  leadingCells(row: R): ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h3 id={titleId} className="panel-title">
        {title}
      </h3>
      <table className="data-table compact" aria-label={`${title}汇总`}>
        <thead>
          <tr>
            {leading.map((c) =>
              typeof c === 'string' ? (
                <th key={c} scope="col">
                  {c}
                </th>
              ) : (
                <th key={c.label} scope="col" className="num">
                  {c.label}
                </th>
              ),
            )}
            <th scope="col" className="num">待确认</th>
            <th scope="col" className="num">已确认</th>
            <th scope="col" className="num">已驳回</th>
            <th scope="col" className="num">无法检查</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)} className={isCurrent(r) ? 'is-current' : ''}>
              {leadingCells(r)}
              <td className="num">{r.proposed}</td>
              <td className="num">{r.confirmed}</td>
              <td className="num">{r.dismissed}</td>
              <td className="num muted">{r.cannotCheck}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const basis = (law: string | null, article: number | null) => (law ? `${law}${article !== null ? ` ${articleZhOrEmpty(article)}` : ''}` : '—');

export function ChecksPanel({ campaign }: { campaign: Campaign }) {
  const toast = useAppStore((s) => s.toast);
  const readOnly = useAppStore((s) => s.info?.health.ok === false);
  const [summary, setSummary] = useState<CheckSummary | null>(null);
  const [docs, setDocs] = useState<BenchmarkDoc[]>([]);
  const checks = useJob<'checks.start'>({
    onDone: (r) => {
      toast('success', `自动检查完成：${r.dossiers} 件案卷，提出 ${r.proposed} 条发现（含“无法检查”提示）。`);
      void load();
    },
    failMessage: '自动检查失败',
  });
  const { job, running, error, setError, result: lastResult } = checks;
  const [drill, setDrill] = useState<Drill | null>(null);
  const [withAdvisories, setWithAdvisories] = useState(false);
  const [rows, setRows] = useState<StoredFinding[] | null>(null);
  const [dossier, setDossier] = useState<{ id: string; caseNo: string; findings: StoredFinding[] } | null>(null);
  const [importing, setImporting] = useState(false);

  const load = useLoad(async () => {
    const api = getApi();
    const [s, d] = await Promise.all([api.checks.summary({ campaignId: campaign.id }), api.benchmarks.list({})]);
    setSummary(s);
    setDocs(d);
  }, [campaign.id], setError);

  useEffect(() => {
    if (!drill) {
      setRows(null);
      return;
    }
    let live = true;
    const filter = drill.by === 'rule' ? { ruleId: drill.id } : { unitId: drill.id };
    getApi()
      .checks.list({ campaignId: campaign.id, ...filter, ...(withAdvisories ? {} : { kind: 'violation' as const }), limit: DRILL_LIMIT })
      .then((r) => live && setRows(r))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [campaign.id, drill, withAdvisories, summary, setError]);

  const run = async () => {
    setError(null);
    try {
      const { jobId } = await getApi().checks.start({ campaignId: campaign.id });
      checks.start(jobId, { kind: 'checks', label: '运行自动检查', step: '准备' });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const openDossier = async (f: StoredFinding) => {
    try {
      const findings = await getApi().checks.list({ campaignId: campaign.id, dossierId: f.dossierId });
      // Violations first (veto, deduction), advisories after: what needs a decision comes first.
      const rank = (x: StoredFinding) => (x.kind === 'cannot_check' ? 3 : x.severity === 'veto' ? 0 : x.severity === 'deduction' ? 1 : 2);
      setDossier({ id: f.dossierId, caseNo: f.dossierNo, findings: [...findings].sort((a, b) => rank(a) - rank(b)) });
      setTimeout(() => document.getElementById('checks-dossier')?.focus(), 0);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const removeDoc = async (d: BenchmarkDoc) => {
    if (!window.confirm(`删除裁量基准“${d.title}”？已保存的检查发现不受影响，下次运行检查时不再使用它。`)) return;
    try {
      await getApi().benchmarks.remove({ docId: d.id });
      toast('success', `已删除裁量基准“${d.title}”。`);
      void load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const totals = summary?.totals;
  const hasFindings = !!summary && (summary.byRule.length > 0 || summary.lastRun !== null);

  return (
    <div className="checks-panel">
      <section className="panel wide" aria-labelledby="checks-run-title">
        <div className="checks-head">
          <div>
            <h2 id="checks-run-title" className="panel-title">
              自动检查
            </h2>
            <p className="panel-text muted">
              按法定期限（工作日按国务院节假日安排计算）、程序要求、必备文书和裁量基准检查抽中的案卷（未抽样时检查全部案卷）。检查结果只是“待确认”的发现，由评查人员在评查表中确认扣分或驳回。
            </p>
          </div>
          <div className="panel-actions">
            <button type="button" className="button" onClick={() => setImporting(true)} disabled={readOnly || running}>
              导入裁量基准…
            </button>
            <button type="button" className="button primary" onClick={() => void run()} disabled={readOnly || running || campaign.dossierCount === 0}>
              运行自动检查
            </button>
          </div>
        </div>
        <ErrorBanner message={error} />
        {running && job ? (
          <div className="checks-progress">
            <ProgressBar done={job.done} total={job.total} label={`${job.step || '检查案卷'}：${job.done} / ${job.total || '…'}`} />
            <button type="button" className="button small" onClick={() => void checks.cancel()}>
              取消
            </button>
          </div>
        ) : null}
        {job?.status === 'cancelled' ? <p className="muted">已取消，之前的检查结果保持不变。</p> : null}
        {summary?.lastRun ? (
          <p className="muted checks-last" data-testid="checks-last-run">
            上次检查：{formatDateTime(summary.lastRun.at)}，{summary.lastRun.actor}，{SCOPE_LABEL[summary.lastRun.scope] ?? summary.lastRun.scope} {summary.lastRun.dossiers} 件
            {lastResult ? `；本次提出 ${lastResult.proposed} 条（含“无法检查”提示），评查人员已决定而未重复提出 ${lastResult.alreadyDecided} 条` : ''}
          </p>
        ) : null}
        {totals && hasFindings ? (
          <dl className="checks-totals" aria-label="检查发现合计">
            <div>
              <dt>待确认</dt>
              <dd>{totals.proposed}</dd>
            </div>
            <div>
              <dt>已确认</dt>
              <dd>{totals.confirmed}</dd>
            </div>
            <div>
              <dt>已驳回</dt>
              <dd>{totals.dismissed}</dd>
            </div>
            <div>
              <dt>无法检查（缺少事实）</dt>
              <dd>{totals.cannotCheck}</dd>
            </div>
            <div>
              <dt>有问题的案卷</dt>
              <dd>{totals.dossiers}</dd>
            </div>
          </dl>
        ) : null}
      </section>

      {summary && !hasFindings ? (
        <EmptyState title="尚未运行自动检查">点击“运行自动检查”，程序逐件检查案卷并列出可能的问题及计算过程。</EmptyState>
      ) : null}

      {summary && hasFindings ? (
        <div className="checks-grid">
          <DecisionCountsTable
            titleId="checks-by-rule"
            title="按规则"
            leading={['规则', '依据']}
            rows={summary.byRule}
            rowKey={(r) => r.ruleId}
            isCurrent={(r) => drill?.by === 'rule' && drill.id === r.ruleId}
            leadingCells={(r) => (
              <>
                <td>
                  <button type="button" className="link-button" onClick={() => setDrill({ by: 'rule', id: r.ruleId, title: `${r.ruleId} ${r.label}` })}>
                    <span className="rule-id">{r.ruleId}</span> {r.label}
                  </button>
                </td>
                <td className="nowrap">{basis(r.law, r.article)}</td>
              </>
            )}
          />
          <DecisionCountsTable
            titleId="checks-by-unit"
            title="按单位"
            leading={['单位', { label: '有问题案卷', num: true }]}
            rows={summary.byUnit}
            rowKey={(u) => u.unitId}
            isCurrent={(u) => drill?.by === 'unit' && drill.id === u.unitId}
            leadingCells={(u) => (
              <>
                <td>
                  <button type="button" className="link-button" onClick={() => setDrill({ by: 'unit', id: u.unitId, title: u.unitName })}>
                    {u.unitName}
                  </button>
                </td>
                <td className="num">{u.dossiers}</td>
              </>
            )}
          />
        </div>
      ) : null}

      {drill ? (
        <section className="panel wide" aria-labelledby="checks-drill-title">
          <div className="checks-head">
            <h3 id="checks-drill-title" className="panel-title">
              {drill.by === 'rule' ? '规则' : '单位'}：{drill.title}
            </h3>
            <div className="panel-actions">
              <label className="check">
                <input type="checkbox" checked={withAdvisories} onChange={(e) => setWithAdvisories(e.target.checked)} /> 含“无法检查”提示
              </label>
              <button type="button" className="button small" onClick={() => setDrill(null)}>
                收起
              </button>
            </div>
          </div>
          {rows === null ? (
            <p className="muted">正在加载…</p>
          ) : rows.length === 0 ? (
            <p className="muted">没有{withAdvisories ? '' : '违规'}发现。</p>
          ) : (
            <>
              <table className="data-table compact" aria-label="检查发现明细">
                <thead>
                  <tr>
                    <th scope="col">案卷编号</th>
                    {drill.by === 'rule' ? <th scope="col">单位</th> : <th scope="col">规则</th>}
                    <th scope="col">性质</th>
                    <th scope="col">评查项</th>
                    <th scope="col">问题</th>
                    <th scope="col">状态</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((f) => (
                    <tr key={f.id}>
                      <td className="nowrap">
                        <button type="button" className="link-button" onClick={() => void openDossier(f)}>
                          {f.dossierNo}
                        </button>
                      </td>
                      <td>{drill.by === 'rule' ? f.unitName : f.ruleId}</td>
                      <td>
                        <span className={`badge sev-${f.kind === 'cannot_check' ? 'advisory' : f.severity}`}>{f.kind === 'cannot_check' ? '无法检查' : SEVERITY_LABELS[f.severity]}</span>
                      </td>
                      <td className="nowrap">{f.item ?? '—'}</td>
                      <td>{f.message}</td>
                      <td className="nowrap">{FINDING_STATUS_LABELS[f.status]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {rows.length >= DRILL_LIMIT ? <p className="muted">只显示前 {DRILL_LIMIT} 条。</p> : null}
            </>
          )}
        </section>
      ) : null}

      {dossier ? (
        <section className="panel wide" aria-labelledby="checks-dossier-title" id="checks-dossier" tabIndex={-1}>
          <div className="checks-head">
            <h3 id="checks-dossier-title" className="panel-title">
              案卷 {dossier.caseNo} 的检查发现
            </h3>
            <button type="button" className="button small" onClick={() => setDossier(null)}>
              关闭
            </button>
          </div>
          <ol className="finding-list">
            {dossier.findings.map((f) => (
              <li key={f.id} className={`finding finding-${f.kind === 'cannot_check' ? 'advisory' : f.severity}`}>
                <div className="finding-head">
                  <span className={`badge sev-${f.kind === 'cannot_check' ? 'advisory' : f.severity}`}>{f.kind === 'cannot_check' ? '无法检查' : SEVERITY_LABELS[f.severity]}</span>
                  <strong>{f.message}</strong>
                  <span className="muted">
                    {f.ruleId ?? '人工'} · {basis(f.law, f.article)} · 评查项 {f.item ?? '—'} · {FINDING_STATUS_LABELS[f.status]}
                    {f.decisionReason ? `（理由：${f.decisionReason}）` : ''}
                  </span>
                </div>
                {f.computation ? <p className="finding-computation">{f.computation}</p> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section className="panel wide" aria-labelledby="benchmarks-title">
        <h3 id="benchmarks-title" className="panel-title">
          裁量基准库
        </h3>
        {docs.length === 0 ? (
          <p className="muted">尚未导入裁量基准，“罚款金额符合裁量基准档次”一项将显示为无法检查。可用 docs/benchmark-template.xlsx 模板整理本地区的裁量基准后导入。</p>
        ) : (
          <table className="data-table compact" aria-label="已导入的裁量基准">
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">制定机关</th>
                <th scope="col">文号</th>
                <th scope="col">有效期</th>
                <th scope="col" className="num">违法行为</th>
                <th scope="col" className="num">阶次</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {docs.map((d) => (
                <tr key={d.id}>
                  <td>
                    {d.title} {d.isExample ? <span className="badge">示例</span> : null}
                  </td>
                  <td>{d.issuer}</td>
                  <td>{d.docNo ?? '—'}</td>
                  <td className="nowrap">{d.effectiveFrom || d.effectiveTo ? `${d.effectiveFrom ?? '…'} 至 ${d.effectiveTo ?? '…'}` : '未限定'}</td>
                  <td className="num">{d.items}</td>
                  <td className="num">{d.tiers}</td>
                  <td>
                    <button type="button" className="button small" onClick={() => void removeDoc(d)} disabled={readOnly}>
                      删除
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {importing ? (
        <BenchmarkImportDialog
          onClose={() => setImporting(false)}
          onImported={(doc) => {
            toast('success', `已导入裁量基准“${doc.title}”：${doc.items} 个违法行为、${doc.tiers} 个阶次。重新运行自动检查后生效。`);
            void load();
          }}
        />
      ) : null}
    </div>
  );
}
