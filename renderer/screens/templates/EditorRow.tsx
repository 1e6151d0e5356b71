/** One item's row in the template editor (and its issues below it). */
import type { ChecklistItem, DeductionKind, DeductionRule, TemplateIssue } from '../../../shared/domain/scoring';
import { joinList, numberOf, numberText, splitList } from './fields';
import { KIND_LABELS } from './labels';
import { LegalBasisInput } from './LegalBasisInput';

/** The rule an item gets when its deduction kind is switched: plausible values the validator accepts. */
function defaultRule(kind: DeductionKind, maxPoints: number): DeductionRule {
  const top = maxPoints > 0 ? maxPoints : 1;
  switch (kind) {
    case 'none':
      return { kind };
    case 'fixed':
      return { kind };
    case 'per_occurrence':
      return { kind, pointsPerOccurrence: 1, cap: top };
    case 'range':
      return { kind, min: Math.min(1, top), max: top, step: 0.5 };
  }
}

export function EditorRow({
  it,
  index,
  issues,
  setItem,
  setRule,
}: {
  it: ChecklistItem;
  index: number;
  issues: TemplateIssue[];
  setItem(index: number, patch: Partial<ChecklistItem>): void;
  setRule(index: number, patch: Partial<Record<string, number>>): void;
}) {
  const r = it.deduction;
  const label = (what: string) => `${it.code} ${what}`;
  const num = (what: string, value: number, onValue: (n: number) => void) => (
    <input
      type="number"
      step="0.1"
      min="0"
      className="num-input"
      aria-label={label(what)}
      value={numberText(value)}
      onChange={(e) => onValue(numberOf(e.target.value))}
    />
  );
  const invalid = issues.length > 0;
  return (
    <>
      <tr data-testid={`edit-item-${it.code}`} className={invalid ? 'has-issue' : undefined}>
        <td className="mono nowrap">{it.code}</td>
        <td>
          <input className="item-title-input" aria-label={label('评查项名称')} value={it.title} onChange={(e) => setItem(index, { title: e.target.value })} />
          <textarea aria-label={label('评查要点')} rows={2} value={it.guidance} onChange={(e) => setItem(index, { guidance: e.target.value })} />
        </td>
        <td>{num('分值', it.maxPoints, (n) => setItem(index, { maxPoints: n }))}</td>
        <td className="rule-cell">
          <select
            aria-label={label('扣分方式')}
            value={r.kind}
            onChange={(e) => setItem(index, { deduction: defaultRule(e.target.value as DeductionKind, it.maxPoints) })}
          >
            {Object.entries(KIND_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
          {r.kind === 'per_occurrence' ? (
            <span className="rule-params">
              每处 {num('每处扣分', r.pointsPerOccurrence, (n) => setRule(index, { pointsPerOccurrence: n }))} 上限{' '}
              {num('扣分上限', r.cap, (n) => setRule(index, { cap: n }))}
            </span>
          ) : null}
          {r.kind === 'range' ? (
            <span className="rule-params">
              {num('最低扣分', r.min, (n) => setRule(index, { min: n }))}–{num('最高扣分', r.max, (n) => setRule(index, { max: n }))} 步长{' '}
              {num('扣分步长', r.step, (n) => setRule(index, { step: n }))}
            </span>
          ) : null}
        </td>
        <td>
          <label className="veto-check">
            <input type="checkbox" aria-label={label('否决项')} checked={it.veto} onChange={(e) => setItem(index, { veto: e.target.checked })} />
            否决项
          </label>
          {it.veto ? (
            <input
              aria-label={label('否决情形')}
              placeholder="否决情形"
              value={it.vetoCondition}
              onChange={(e) => setItem(index, { vetoCondition: e.target.value })}
            />
          ) : null}
        </td>
        <td>
          <input
            aria-label={label('适用案件类型')}
            placeholder="全部案件类型"
            value={joinList(it.caseTypes)}
            onChange={(e) => setItem(index, { caseTypes: splitList(e.target.value) })}
          />
          <input
            aria-label={label('适用程序')}
            placeholder="全部程序"
            value={joinList(it.procedures)}
            onChange={(e) => setItem(index, { procedures: splitList(e.target.value) })}
          />
        </td>
        <td>
          <LegalBasisInput value={it.legalBasis} label={label('法律依据')} onChange={(legalBasis) => setItem(index, { legalBasis })} />
        </td>
      </tr>
      {invalid ? (
        <tr className="issue-row">
          <td colSpan={7} role="alert" data-testid={`issues-${it.code}`}>
            {issues.map((e, i) => (
              <div key={i} className="field-error">
                {e.message}
              </div>
            ))}
          </td>
        </tr>
      ) : null}
    </>
  );
}
