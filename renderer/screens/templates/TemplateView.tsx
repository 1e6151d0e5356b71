/** One template version, read-only: its settings, then its items by dimension. */
import type { TemplateDetail } from '../../../shared/api/namespaces/templates';
import { describeRule, formatLegalBasis, itemPointsLabel, type ChecklistItem, type ChecklistTemplate } from '../../../shared/domain/scoring';
import { joinList } from './fields';
import { NA_LABELS, SOURCE_LABELS, VETO_RULE_LABELS } from './labels';

/**
 * The source text without its own leading "依据" (the built-ins write "依据《…》…编制"), since the row's
 * label already says 依据 — otherwise it reads "依据 依据《…》".
 */
export const sourceWithoutLabel = (source: string): string => source.replace(/^\s*依据[：:\s]*/, '');

const applicability = (it: ChecklistItem) =>
  it.caseTypes.length || it.procedures.length ? [joinList(it.caseTypes), joinList(it.procedures)].filter(Boolean).join('；') : '全部';

export function TemplateView({ detail, onClose }: { detail: TemplateDetail; onClose(): void }) {
  const t = detail.template;
  return (
    <>
      <div className="template-detail-header">
        <h3 className="section-title">
          {t.key} v{detail.version} · {t.name}
          <span className="muted small-text">（{SOURCE_LABELS[detail.source]}，{t.items.length} 个评查项）</span>
        </h3>
        <button type="button" className="button" onClick={onClose}>
          收起
        </button>
      </div>
      <Settings t={t} />
      {t.dimensions.map((d) => {
        const items = t.items.filter((it) => it.dimension === d.code);
        const poolMax = d.deductionCap === 'dimension' ? d.maxPoints : undefined;
        return (
          <section key={d.code} aria-label={`${d.name}（${d.maxPoints} 分）`}>
            <h4 className="dimension-title">
              {d.name}（{d.code}，{d.maxPoints} 分，{items.length} 项{poolMax !== undefined ? '，本维度扣完为止' : ''}）
            </h4>
            <table className="data-table compact template-items">
              <thead>
                <tr>
                  <th scope="col">编码</th>
                  <th scope="col">评查项与评查要点</th>
                  <th scope="col" className="num">
                    {poolMax !== undefined ? '最多扣分' : '分值'}
                  </th>
                  <th scope="col">扣分方式</th>
                  <th scope="col">否决</th>
                  <th scope="col">适用</th>
                  <th scope="col">法律依据</th>
                </tr>
              </thead>
              <tbody>
                {items.map((it) => (
                  <tr key={it.code} data-testid={`item-${it.code}`}>
                    <td className="mono nowrap">{it.code}</td>
                    <td>
                      <div className="item-title">{it.title}</div>
                      <div className="item-guidance">{it.guidance}</div>
                      {it.deductionNote ? <div className="item-guidance">扣分说明：{it.deductionNote}</div> : null}
                    </td>
                    <td className="num" title={itemPointsLabel(it.maxPoints, poolMax !== undefined)}>{it.maxPoints}</td>
                    <td>{describeRule(it.deduction, it.maxPoints, poolMax)}</td>
                    <td>
                      {it.veto ? (
                        <>
                          <span className="badge badge-veto">否决项</span>
                          {it.vetoCondition ? <div className="item-guidance">{it.vetoCondition}</div> : null}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{applicability(it)}</td>
                    <td className="item-basis">{formatLegalBasis(it.legalBasis) || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </>
  );
}

function Settings({ t }: { t: ChecklistTemplate }) {
  return (
    <dl className="info-list template-settings">
      <dt>名称</dt>
      <dd>{t.name}</dd>
      <dt>适用</dt>
      <dd>
        {t.caseType}
        {t.procedures.length ? ` · ${joinList(t.procedures)}` : ''}
      </dd>
      {t.source ? (
        <>
          <dt>依据</dt>
          <dd data-testid="template-source">{sourceWithoutLabel(t.source)}</dd>
        </>
      ) : null}
      <dt>总分</dt>
      <dd>
        {t.totalPoints} 分（{t.dimensions.map((d) => `${d.name} ${d.maxPoints}`).join('，')}）
        {t.dimensions.some((d) => d.deductionCap === 'dimension') ? '；各维度内扣完为止，不计负分' : ''}
      </dd>
      <dt>等次</dt>
      <dd data-testid="grade-thresholds">
        {t.grading.tiers
          .map((g) => `${g.grade} ≥ ${g.minScore}${g.requireNoDeductionIn.length ? `（且${g.requireNoDeductionIn.map((c) => t.dimensions.find((d) => d.code === c)?.name ?? c).join('、')}不扣分）` : ''}`)
          .join('；')}
        ；其余为{t.grading.failGrade}
      </dd>
      <dt>否决规则</dt>
      <dd>{VETO_RULE_LABELS[t.vetoRule]}</dd>
      <dt>不适用项</dt>
      <dd>{NA_LABELS[t.naPolicy]}</dd>
    </dl>
  );
}
