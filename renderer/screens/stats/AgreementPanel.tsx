/**
 * 评查一致性: how alike reviewers answer the same dossiers. Items with the lowest kappa come first,
 * in a bar chart and a table, flagged 需统一尺度 (the ambiguous items the office should rule on);
 * then each reviewer pair's kappa and each reviewer's mean score difference against the reference
 * result (who is harsher, who is more lenient). Figures from `agreement.campaign`.
 */
import { useState } from 'react';
import type { AgreementReport, ItemAgreement, KappaFigure } from '../../../shared/api/namespaces/agreement';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import { getApi } from '../../api';
import { ErrorBanner } from '../../components/ui';
import { useLoad } from '../../hooks/useLoad';
import './agreement.css';

const kappaText = (f: KappaFigure) => (f.kappa === null ? '—' : f.kappa.toFixed(2));
const share = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const signed = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(2)}`);
const METHOD = { cohen: 'Cohen', fleiss: 'Fleiss' } as const;
const CHART_ITEMS = 15;

/** Horizontal bars from −1 to 1 around a zero line, lowest agreement on top; undefined kappas show '—'. */
function KappaChart({ items, ruling }: { items: ItemAgreement[]; ruling: number }) {
  const shown = items.slice(0, CHART_ITEMS);
  const labelW = 230;
  const plotW = 420;
  const rowH = 22;
  const top = 26;
  const width = labelW + plotW + 60;
  const height = top + shown.length * rowH + 26;
  const x = (k: number) => labelW + ((k + 1) / 2) * plotW;
  const ticks = [-1, -0.5, 0, 0.5, 1];
  return (
    <figure className="agreement-chart" aria-label="评查项一致性（kappa，由低到高）">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`评查项一致性：kappa 最低的 ${shown.length} 项`}>
        <text x={labelW} y={14} fontSize={12} fill="#595959">
          kappa（−1 至 1；虚线为“需统一尺度”阈值 {ruling}）
        </text>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={top - 4} y2={height - 22} stroke={t === 0 ? '#595959' : '#d9d9d9'} />
            <text x={x(t)} y={height - 8} fontSize={11} textAnchor="middle" fill="#595959">
              {t}
            </text>
          </g>
        ))}
        <line x1={x(ruling)} x2={x(ruling)} y1={top - 4} y2={height - 22} stroke="#b7791f" strokeDasharray="4 3" />
        {shown.map((it, i) => {
          const y = top + i * rowH;
          const k = it.figure.kappa;
          const label = `${it.itemCode} ${it.title}`;
          return (
            <g key={it.itemCode}>
              <text x={labelW - 8} y={y + 15} fontSize={12} textAnchor="end" fill="#262626">
                {label.length > 18 ? `${label.slice(0, 17)}…` : label}
              </text>
              {k === null ? (
                <text x={x(0) + 6} y={y + 15} fontSize={12} fill="#7f7f7f">
                  —（{it.figure.undefinedReason === 'one_category' ? '结论全部相同' : '无共同案卷'}）
                </text>
              ) : (
                <>
                  <rect x={Math.min(x(0), x(k))} y={y + 4} width={Math.max(1, Math.abs(x(k) - x(0)))} height={rowH - 8} fill={it.needsRuling ? '#d69e2e' : '#2f5d8a'} />
                  <text x={k >= 0 ? x(k) + 4 : x(k) - 4} y={y + 15} fontSize={11} textAnchor={k >= 0 ? 'start' : 'end'} fill="#262626">
                    {k.toFixed(2)}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
      {items.length > shown.length ? <figcaption className="small-text muted">图中为一致性最低的 {shown.length} 项，全部 {items.length} 项见下表。</figcaption> : null}
    </figure>
  );
}

function ItemsTable({ r }: { r: AgreementReport }) {
  return (
    <div className="table-wrap">
      <table className="data-table compact" aria-label="评查项一致性">
        <thead>
          <tr>
            <th scope="col">评查项</th>
            <th scope="col" className="num">kappa</th>
            <th scope="col">程度</th>
            <th scope="col">方法</th>
            <th scope="col" className="num">观察一致</th>
            <th scope="col" className="num">案卷数</th>
            <th scope="col" className="num">不一致</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {r.items.map((i) => (
            <tr key={i.itemCode} className={i.needsRuling ? 'agreement-row-ruling' : undefined}>
              <td>
                {i.title} <span className="muted">{i.itemCode}</span>
              </td>
              <td className="num">{kappaText(i.figure)}</td>
              <td>{i.figure.strength}</td>
              <td>{METHOD[i.figure.method]}</td>
              <td className="num">{share(i.figure.observed)}</td>
              <td className="num">{i.dossiers}</td>
              <td className="num">{i.disagreements}</td>
              <td>{i.needsRuling ? <span className="agreement-ruling">需统一尺度</span> : <span className="muted">{i.figure.reasonText ?? ''}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PairsTable({ r }: { r: AgreementReport }) {
  return (
    <div className="table-wrap">
      <table className="data-table compact" aria-label="评查人两两一致性">
        <thead>
          <tr>
            <th scope="col">评查人</th>
            <th scope="col" className="num">kappa</th>
            <th scope="col">程度</th>
            <th scope="col" className="num">共同案卷</th>
            <th scope="col" className="num">比较项次</th>
          </tr>
        </thead>
        <tbody>
          {r.pairs.map((p) => (
            <tr key={`${p.reviewerA}-${p.reviewerB}`}>
              <td>
                {p.nameA} — {p.nameB}
              </td>
              <td className="num" title={p.figure.reasonText ?? undefined}>
                {kappaText(p.figure)}
              </td>
              <td>{p.figure.strength}</td>
              <td className="num">{p.dossiers}</td>
              <td className="num">{p.figure.subjects}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReviewersTable({ r }: { r: AgreementReport }) {
  return (
    <div className="table-wrap">
      <table className="data-table compact" aria-label="评查人评分尺度">
        <thead>
          <tr>
            <th scope="col">评查人</th>
            <th scope="col" className="num">评查卷数</th>
            <th scope="col" className="num">共同案卷</th>
            <th scope="col" className="num">平均分差</th>
            <th scope="col" className="num">标准差</th>
            <th scope="col">判断</th>
          </tr>
        </thead>
        <tbody>
          {r.reviewers.map((v) => (
            <tr key={v.reviewerId}>
              <td>{v.name}</td>
              <td className="num">{v.reviews}</td>
              <td className="num">{v.sharedDossiers}</td>
              <td className="num">{signed(v.meanDifference)}</td>
              <td className="num">{v.sdDifference === null ? '—' : v.sdDifference.toFixed(2)}</td>
              <td className={v.tendency === 'harsher' ? 'agreement-harsher' : v.tendency === 'lenient' ? 'agreement-lenient' : 'muted'}>{v.tendencyText}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AgreementPanel({ campaign }: { campaign: Campaign }) {
  const [report, setReport] = useState<AgreementReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useLoad(async () => setReport(await getApi().agreement.campaign({ campaignId: campaign.id })), [campaign.id], setError);

  const ruling = report?.items.filter((i) => i.needsRuling) ?? [];
  return (
    <section className="panel" aria-labelledby="agreement-title">
      <h2 className="panel-title" id="agreement-title">
        评查一致性
      </h2>
      <ErrorBanner message={error} />
      {!report && !error ? <p className="muted">正在计算…</p> : null}
      {report && report.sharedDossiers === 0 ? (
        <p className="panel-text muted">
          还没有两名以上评查人独立评查的同一案卷（已计入评查表 {report.reviewsCounted} 份）。分配时每卷指定两名评查人（交叉评查），提交后这里显示各评查项和各评查人的一致性。
        </p>
      ) : null}
      {report && report.sharedDossiers > 0 ? (
        <>
          <p className="panel-text">
            {report.sharedDossiers} 件案卷由两名以上评查人独立评查。总体 kappa {kappaText(report.overall)}（{METHOD[report.overall.method]}，{report.overall.strength}）。
            {ruling.length > 0 ? (
              <>
                {' '}
                <strong>{ruling.length} 个评查项</strong> kappa ≤ {report.rulingAtOrBelow}，各评查人理解不一，需作统一尺度说明：{ruling.slice(0, 5).map((i) => i.title).join('、')}
                {ruling.length > 5 ? ' 等' : ''}。
              </>
            ) : (
              ' 没有一致性过低、需统一尺度的评查项。'
            )}
          </p>
          <h3 className="report-subtitle">评查项一致性（由低到高）</h3>
          <KappaChart items={report.items} ruling={report.rulingAtOrBelow} />
          <ItemsTable r={report} />
          <div className="agreement-grid">
            <div>
              <h3 className="report-subtitle">评查人两两一致性</h3>
              <PairsTable r={report} />
            </div>
            <div>
              <h3 className="report-subtitle">评查人评分尺度（与{report.referenceText}相比）</h3>
              <ReviewersTable r={report} />
              <p className="small-text muted">平均分差为负表示打分偏严；仅当偏差超过两倍标准误时才判断为偏严或偏宽。</p>
            </div>
          </div>
        </>
      ) : null}
    </section>
  );
}
