/** A copied template version in edit: settings, grade thresholds and every item, validated as you type. */
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { TemplateDetail } from '../../../shared/api/namespaces/templates';
import { parseTemplate, type ChecklistItem, type ChecklistTemplate, type DeductionRule, type TemplateIssue } from '../../../shared/domain/scoring';
import { EditorRow } from './EditorRow';
import { numberOf, numberText } from './fields';
import { NA_LABELS, VETO_RULE_LABELS } from './labels';

interface EditorProps {
  detail: TemplateDetail;
  draft: ChecklistTemplate;
  onChange(t: ChecklistTemplate): void;
  onSave(): void;
  onCancel(): void;
  saving: boolean;
}

/** Edits a copy in place; the shared validator runs on every change and its messages sit next to the item. */
export function TemplateEditor({ detail, draft, onChange, onSave, onCancel, saving }: EditorProps) {
  const [filter, setFilter] = useState('');
  const check = useMemo(() => parseTemplate(draft), [draft]);
  const issues = useMemo(() => (check.ok ? [] : check.errors), [check]);
  const byItem = useMemo(() => {
    const m = new Map<number, TemplateIssue[]>();
    for (const e of issues) {
      if (e.itemIndex === undefined) continue;
      m.set(e.itemIndex, [...(m.get(e.itemIndex) ?? []), e]);
    }
    return m;
  }, [issues]);
  const general = issues.filter((e) => e.itemIndex === undefined);

  const setItem = (index: number, patch: Partial<ChecklistItem>) => {
    const items = draft.items.map((it, i) => (i === index ? { ...it, ...patch } : it));
    onChange({ ...draft, items });
  };
  const setRule = (index: number, patch: Partial<Record<string, number>>) => {
    const it = draft.items[index]!;
    setItem(index, { deduction: { ...it.deduction, ...patch } as DeductionRule });
  };
  const setTier = (index: number, patch: Partial<ChecklistTemplate['grading']['tiers'][number]>) => {
    const tiers = draft.grading.tiers.map((g, i) => (i === index ? { ...g, ...patch } : g));
    onChange({ ...draft, grading: { ...draft.grading, tiers } });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      if (check.ok && !saving) onSave();
    }
  };

  const q = filter.trim();
  const shown = draft.items
    .map((it, index) => ({ it, index }))
    .filter(({ it, index }) => !q || it.code.includes(q.toUpperCase()) || it.title.includes(q) || (q === '有问题' && byItem.has(index)));

  return (
    <div className="template-editor" onKeyDown={onKeyDown}>
      <div className="template-detail-header">
        <h3 className="section-title">
          编辑 {draft.key} v{detail.version}
          <span className="muted small-text">（保存后即为该版本的内容；Ctrl+S 保存）</span>
        </h3>
        <div className="button-row">
          <button type="button" className="button" onClick={onCancel} disabled={saving}>
            放弃修改
          </button>
          <button type="button" className="button primary" onClick={onSave} disabled={!check.ok || saving}>
            {saving ? '正在保存…' : '保存此版本'}
          </button>
        </div>
      </div>

      <div className={`banner ${check.ok ? 'banner-success' : 'banner-warning'}`} role="status" data-testid="editor-validation">
        {check.ok ? '校验通过，可以保存。' : `有 ${issues.length} 处问题需要修正后才能保存（在“筛选”中输入“有问题”只看有问题的评查项）。`}
      </div>
      {general.length ? (
        <ul className="plain-list editor-general-issues" role="alert">
          {general.map((e, i) => (
            <li key={i} className="field-error">
              {e.message}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="form-grid editor-settings">
        <label className="field field-grow">
          <span>模板名称</span>
          <input value={draft.name} onChange={(e) => onChange({ ...draft, name: e.target.value })} />
        </label>
        <label className="field">
          <span>否决规则</span>
          <select value={draft.vetoRule} onChange={(e) => onChange({ ...draft, vetoRule: e.target.value as ChecklistTemplate['vetoRule'] })}>
            {Object.entries(VETO_RULE_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>不适用项</span>
          <select value={draft.naPolicy} onChange={(e) => onChange({ ...draft, naPolicy: e.target.value as ChecklistTemplate['naPolicy'] })}>
            {Object.entries(NA_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="tier-editor">
        <legend>等次分数线（总分 {draft.totalPoints}，达到分数线即为该等次）</legend>
        {draft.grading.tiers.map((g, i) => (
          <label key={i} className="tier-field">
            <input className="tier-name" aria-label={`第 ${i + 1} 个等次名称`} value={g.grade} onChange={(e) => setTier(i, { grade: e.target.value })} />
            <span>≥</span>
            <input
              type="number"
              step="0.5"
              min="0"
              aria-label={`${g.grade} 分数线`}
              value={numberText(g.minScore)}
              onChange={(e) => setTier(i, { minScore: numberOf(e.target.value) })}
            />
          </label>
        ))}
        <span className="muted">其余：{draft.grading.failGrade}</span>
      </fieldset>

      <div className="toolbar">
        <label className="toolbar-field">
          筛选
          <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="编码、名称，或“有问题”" aria-label="筛选评查项" />
        </label>
        <span className="toolbar-count muted">
          显示 {shown.length} / {draft.items.length} 项
        </span>
      </div>

      <table className="data-table compact template-items editing" aria-label="编辑评查项">
        <colgroup>
          <col style={{ width: '7.5em' }} />
          <col />
          <col style={{ width: '5.5em' }} />
          <col style={{ width: '17em' }} />
          <col style={{ width: '9em' }} />
          <col style={{ width: '10em' }} />
          <col style={{ width: '15em' }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">编码</th>
            <th scope="col">评查项与评查要点</th>
            <th scope="col">分值</th>
            <th scope="col">扣分方式</th>
            <th scope="col">否决</th>
            <th scope="col">适用案件类型 / 程序</th>
            <th scope="col">法律依据</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(({ it, index }) => (
            <EditorRow key={index} it={it} index={index} issues={byItem.get(index) ?? []} setItem={setItem} setRule={setRule} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
