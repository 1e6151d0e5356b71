/** One checklist item: compact row when not current, full editor (verdict, deduction, note, page refs, proposals) when current. */
import { memo, useEffect, useRef, useState } from 'react';
import type { StoredFinding } from '../../../shared/api/namespaces/checks';
import type { PageRef } from '../../../shared/api/namespaces/reviews';
import { describeRule, effectiveDeduction, itemPointsLabel, ruleDeduction, verdictAllowed } from '../../../shared/domain/scoring/deduction';
import { VerdictSchema, type ChecklistItem, type Verdict } from '../../../shared/domain/scoring/schema';
import { FINDING_STATUS_LABELS, ITEM_STATUS_LABELS, SEVERITY_LABELS } from '../../../shared/labels';
import { draftForVerdict, type Draft } from '../../stores/review';
import { articleZhOrEmpty } from '../../../shared/domain/chinese-numerals';

/** The verdict buttons, keyed 1–4 in the contract's order (符合、扣分、不适用、否决). */
export const VERDICTS: { verdict: Verdict; label: string; key: string }[] = VerdictSchema.options.map((verdict, i) => ({ verdict, label: ITEM_STATUS_LABELS[verdict], key: String(i + 1) }));

/** The verdict buttons' rule (shared with the engine), also what the workspace's verdict keys check. */
export { verdictAllowed };

const refLabel = (r: PageRef) => `第 ${r.page} 页`;

export interface ItemCardProps {
  item: ChecklistItem;
  draft: Draft | undefined;
  current: boolean;
  readOnly: boolean;
  findings: StoredFinding[];
  missingReason: boolean;
  /** The maximum of the item's dimension when that dimension is capped as a whole (扣完为止, PG v3). */
  poolMax?: number;
  onSelect(code: string): void;
  onChange(code: string, next: Draft | null, group?: string): void;
  onCitePage(code: string): void;
  onCiteSelection(code: string): void;
  onJump(page: number): void;
  onConfirmFinding(f: StoredFinding): void;
  onDismissFinding(f: StoredFinding): void;
  onRevertFinding(f: StoredFinding): void;
}

export const ChecklistItemCard = memo(function ChecklistItemCard(p: ItemCardProps) {
  const { item, draft, current } = p;
  const deducted = effectiveDeduction(item, draft);
  const proposed = p.findings.filter((f) => f.status === 'proposed');
  return (
    <li
      className={`ws-item ${current ? 'ws-item-current' : ''} ${draft ? `ws-item-${draft.verdict}` : 'ws-item-open'}`}
      data-code={item.code}
      data-testid={`item-${item.code}`}
      aria-current={current ? 'true' : undefined}
    >
      <button type="button" className="ws-item-head" onClick={() => p.onSelect(item.code)} aria-expanded={current} id={`ws-item-${item.code}`}>
        <span className="ws-item-code mono">{item.code}</span>
        <span className="ws-item-title">
          {item.title}
          {item.veto ? <span className="ws-veto-mark" title="否决项">否</span> : null}
        </span>
        {proposed.length ? (
          <span className="ws-proposal-count" title={`${proposed.length} 条自动检查提示待确认`}>
            提示 {proposed.length}
          </span>
        ) : null}
        <span className="ws-item-verdict" data-testid={`verdict-${item.code}`}>
          {draft ? (
            <span className={`ws-verdict-badge ws-verdict-${draft.verdict}`}>
              {ITEM_STATUS_LABELS[draft.verdict]}
              {draft.verdict === 'deduct' ? ` −${deducted}` : ''}
            </span>
          ) : (
            <span className="ws-verdict-badge ws-verdict-open">未评</span>
          )}
        </span>
        <span className="ws-item-max muted">{itemPointsLabel(item.maxPoints, p.poolMax !== undefined)}</span>
      </button>
      {current ? <ItemEditor {...p} deducted={deducted} /> : null}
    </li>
  );
});

function ItemEditor(p: ItemCardProps & { deducted: number }) {
  const { item, draft, readOnly } = p;
  const rule = item.deduction;
  const set = (next: Draft | null, group?: string) => p.onChange(item.code, next, group);
  const [pageInput, setPageInput] = useState('');
  const basis = item.legalBasis.map((b) => `《${b.law}》${b.articles.join('、')}`).join('；');

  return (
    <div className="ws-editor">
      <p className="ws-guidance">{item.guidance}</p>
      <div className="ws-rule muted">
        {describeRule(rule, item.maxPoints, p.poolMax)}
        {item.deductionNote ? `；${item.deductionNote}` : ''}
        {item.veto && item.vetoCondition ? <div className="ws-veto-cond">否决情形：{item.vetoCondition}</div> : null}
        {basis ? <div>依据：{basis}</div> : null}
      </div>

      <div className="ws-verdicts" role="group" aria-label={`${item.code} 评查结论`}>
        {VERDICTS.filter((v) => v.verdict !== 'veto' || item.veto).map((v) => (
          <button
            key={v.verdict}
            type="button"
            className={`ws-verdict-button ws-vb-${v.verdict}`}
            aria-pressed={draft?.verdict === v.verdict}
            disabled={readOnly || !verdictAllowed(item, v.verdict)}
            onClick={() => set(draftForVerdict(item, v.verdict, draft))}
          >
            {v.label}
            <kbd>{v.key}</kbd>
          </button>
        ))}
        {draft && !readOnly ? (
          <button type="button" className="button small ws-clear" onClick={() => set(null)} title="清除本项结论">
            清除
          </button>
        ) : null}
      </div>

      {draft?.verdict === 'deduct' && rule.kind === 'per_occurrence' ? (
        <div className="ws-deduction">
          <label htmlFor={`occ-${item.code}`}>问题处数</label>
          <input
            id={`occ-${item.code}`}
            type="number"
            min={1}
            step={1}
            value={draft.occurrences ?? 1}
            disabled={readOnly}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (e.target.value !== '' && Number.isInteger(n) && n >= 0) set({ ...draft, occurrences: n }, 'deduction');
            }}
          />
          <span className="muted">
            × {rule.pointsPerOccurrence} 分 = 扣 <strong>{p.deducted}</strong> 分{ruleDeduction(item, draft).cappedByRule ? `（已达上限 ${rule.cap} 分）` : ''}
          </span>
        </div>
      ) : null}
      {draft?.verdict === 'deduct' && rule.kind === 'range' ? (
        <div className="ws-deduction">
          <label htmlFor={`ded-${item.code}`}>扣分</label>
          <input
            id={`ded-${item.code}`}
            type="number"
            min={rule.min}
            max={rule.max}
            step={rule.step}
            value={draft.deduction ?? rule.min}
            disabled={readOnly}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (e.target.value !== '' && Number.isFinite(n)) set({ ...draft, deduction: n }, 'deduction');
            }}
          />
          <span className="muted">
            可扣 {rule.min}–{rule.max} 分
          </span>
        </div>
      ) : null}
      {draft?.verdict === 'deduct' && rule.kind === 'fixed' ? (
        <div className="ws-deduction muted">
          扣 <strong>{item.maxPoints}</strong> 分{p.poolMax === undefined ? '（扣全分）' : ''}
        </div>
      ) : null}

      <NoteField code={item.code} draft={draft} readOnly={readOnly} missingReason={p.missingReason} onSave={(note) => draft && set({ ...draft, note }, 'note')} />

      <div className="ws-refs">
        <span className="ws-refs-label">卷内页码</span>
        {draft?.pageRefs.length ? (
          <ul className="ws-ref-list" aria-label="引用的页码">
            {draft.pageRefs.map((r, i) => (
              <li key={`${r.page}-${i}`} className="ws-ref">
                <button type="button" className="ws-ref-jump" onClick={() => p.onJump(r.page)} title={r.text ? `“${r.text}”` : '跳到此页'}>
                  {refLabel(r)}
                  {r.text ? <span className="ws-ref-text">“{r.text.length > 24 ? `${r.text.slice(0, 24)}…` : r.text}”</span> : null}
                </button>
                {!readOnly ? (
                  <button
                    type="button"
                    className="ws-ref-remove"
                    aria-label={`删除引用${refLabel(r)}`}
                    onClick={() => set({ ...draft, pageRefs: draft.pageRefs.filter((_, j) => j !== i) })}
                  >
                    ×
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">{draft ? '尚未引用' : '先选择结论，再引用页码'}</span>
        )}
        {!readOnly ? (
          <div className="ws-ref-actions">
            <button type="button" className="button small" disabled={!draft} onClick={() => p.onCitePage(item.code)} title="引用阅卷区当前页（C）">
              引用本页 <kbd>C</kbd>
            </button>
            <button type="button" className="button small" disabled={!draft} onClick={() => p.onCiteSelection(item.code)} title="引用在阅卷区选中的文字（S）">
              引用选中文字 <kbd>S</kbd>
            </button>
            <form
              className="ws-ref-manual"
              onSubmit={(e) => {
                e.preventDefault();
                const n = Number(pageInput);
                if (!draft || !Number.isInteger(n) || n < 1) return;
                set({ ...draft, pageRefs: [...draft.pageRefs, { page: n }] });
                setPageInput('');
              }}
            >
              <input
                aria-label="手工输入页码"
                placeholder="页码"
                inputMode="numeric"
                value={pageInput}
                disabled={!draft}
                onChange={(e) => setPageInput(e.target.value.replace(/\D/g, ''))}
              />
              <button type="submit" className="button small" disabled={!draft || !pageInput}>
                添加
              </button>
            </form>
          </div>
        ) : null}
      </div>

      {p.findings.length ? (
        <div className="ws-findings">
          <div className="ws-findings-title">自动检查提示</div>
          {p.findings.map((f) => (
            <FindingCard key={f.id} f={f} readOnly={readOnly} onConfirm={p.onConfirmFinding} onDismiss={p.onDismissFinding} onRevert={p.onRevertFinding} />
          ))}
        </div>
      ) : null}
    </div>
  );
}

export function FindingCard({
  f,
  readOnly,
  onConfirm,
  onDismiss,
  onRevert,
}: {
  f: StoredFinding;
  readOnly: boolean;
  onConfirm(f: StoredFinding): void;
  onDismiss(f: StoredFinding): void;
  onRevert(f: StoredFinding): void;
}) {
  return (
    <div className={`ws-finding ws-finding-${f.status}`} data-testid={`finding-${f.ruleId ?? f.id}`}>
      <div className="ws-finding-head">
        <span className={`ws-sev ws-sev-${f.severity}`}>{SEVERITY_LABELS[f.severity]}</span>
        <span className="mono">{f.ruleId}</span>
        {f.law ? (
          <span className="muted">
            《{f.law}》{articleZhOrEmpty(f.article)}
          </span>
        ) : null}
        <span className="ws-finding-status">{FINDING_STATUS_LABELS[f.status]}</span>
      </div>
      <div className="ws-finding-msg">{f.message}</div>
      {f.computation ? <pre className="ws-computation">{f.computation}</pre> : null}
      {f.decisionReason ? <div className="muted">理由：{f.decisionReason}</div> : null}
      {!readOnly ? (
        <div className="ws-finding-actions">
          {f.status === 'proposed' ? (
            <>
              <button type="button" className="button small primary" onClick={() => onConfirm(f)}>
                确认
              </button>
              <button type="button" className="button small" onClick={() => onDismiss(f)}>
                驳回
              </button>
            </>
          ) : (
            <button type="button" className="button small" onClick={() => onRevert(f)}>
              撤销{f.status === 'confirmed' ? '确认' : '驳回'}
            </button>
          )}
        </div>
      ) : null}
    </div>
  );
}

/** The note saves 400 ms after typing stops (and on leaving the field); one undo step per burst of typing. */
function NoteField({ code, draft, readOnly, missingReason, onSave }: { code: string; draft: Draft | undefined; readOnly: boolean; missingReason: boolean; onSave(note: string): void }) {
  const stored = draft?.note ?? '';
  const [text, setText] = useState(stored);
  const sent = useRef(stored);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onSaveRef = useRef(onSave);
  onSaveRef.current = onSave;

  useEffect(() => {
    // Undo/redo or a confirmed finding changed the stored note: show it.
    if (stored !== sent.current) {
      sent.current = stored;
      setText(stored);
    }
  }, [stored]);
  const commit = (value: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (value === sent.current) return;
    sent.current = value;
    onSaveRef.current(value);
  };
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const needsReason = draft && (draft.verdict === 'deduct' || draft.verdict === 'veto');
  return (
    <div className={`ws-note field ${missingReason ? 'has-error' : ''}`}>
      <label htmlFor="ws-note">
        {needsReason ? '扣分/否决理由' : '说明'} <kbd>N</kbd>
      </label>
      <textarea
        id="ws-note"
        data-code={code}
        rows={3}
        value={text}
        disabled={readOnly || !draft}
        placeholder={draft ? (needsReason ? '写明发现的问题（提交前必填）' : '可选') : '先选择结论（1–4）'}
        onChange={(e) => {
          const v = e.target.value;
          setText(v);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(v), 400);
        }}
        onBlur={(e) => commit(e.target.value)}
      />
      {missingReason ? <div className="field-error">扣分或否决须写明理由</div> : null}
    </div>
  );
}
