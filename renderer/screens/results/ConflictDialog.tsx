/**
 * One merge conflict side by side, line by line. A review conflict is taken item by item: each
 * differing item (and the status and comment fields) from the office's version or the incoming one,
 * with 全部采用本库 / 全部采用送来的 shortcuts; the core rescores the mix with the template's scoring
 * engine and audits every choice. Keyboard: ↑/↓ move between items, ←/→ or 1/2 choose, Ctrl+Enter saves.
 * Other conflicts (facts, document maps, findings) are kept or taken whole.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { ConflictDetail } from '../../../shared/api/namespaces/results';
import { errorMessage, getApi } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ui';
import { useLoad } from '../../hooks/useLoad';
import { useAppStore } from '../../stores/app';

type Side = 'ours' | 'theirs';

export function ConflictDialog({ id, onClose, onResolved }: { id: string; onClose(): void; onResolved(): void }) {
  const toast = useAppStore((s) => s.toast);
  const [detail, setDetail] = useState<ConflictDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [onlyDiffering, setOnlyDiffering] = useState(true);
  const [busy, setBusy] = useState(false);
  const [picks, setPicks] = useState<Record<string, Side>>({});
  const [current, setCurrent] = useState(0);
  const tableRef = useRef<HTMLDivElement>(null);
  useLoad(async () => setDetail(await getApi().results.conflict({ id })), [id], setError);

  const lines = detail ? detail.lines.filter((l) => !onlyDiffering || l.differs) : [];
  const choosable = detail?.kind === 'review' ? (detail?.lines ?? []).filter((l) => l.differs && l.choosable) : [];
  const chosen = choosable.filter((l) => picks[l.key]).length;

  const resolve = async (choice: Side | 'items') => {
    if (choice === 'items' && chosen < choosable.length) {
      setError(`还有 ${choosable.length - chosen} 项未选择：请逐项选择，或用“全部采用本库”“全部采用送来的”。`);
      return;
    }
    setBusy(true);
    try {
      await getApi().results.resolveConflict({
        id,
        choice,
        ...(choice === 'items' ? { items: choosable.map((l) => ({ key: l.key, take: picks[l.key] })) } : {}),
        reason: reason.trim() || undefined,
      });
      toast('success', choice === 'items' ? '已按逐项选择保存，并重新计算总分和等级' : choice === 'theirs' ? '已采用送来的版本' : '已保留本库版本');
      onResolved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const focusRow = (index: number) => {
    const key = choosable[index]?.key;
    if (key === undefined) return;
    setCurrent(index);
    const row = tableRef.current?.querySelector<HTMLElement>(`[data-line="${CSS.escape(key)}"]`);
    row?.scrollIntoView({ block: 'nearest' });
    row?.querySelector<HTMLInputElement>(`input[value="${picks[key] ?? 'ours'}"]`)?.focus();
  };
  const pick = (key: string, side: Side) => setPicks((p) => ({ ...p, [key]: side }));
  const pickAll = (side: Side) => setPicks(Object.fromEntries(choosable.map((l) => [l.key, side])));

  // Native radio groups move the choice with every arrow key; here ↑/↓ move between items instead.
  const onKeyDown = (e: KeyboardEvent) => {
    if (!choosable.length) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void resolve('items');
      return;
    }
    if ((e.target as HTMLElement).tagName === 'INPUT' && (e.target as HTMLInputElement).type === 'text') return;
    const key = choosable[current]?.key;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      focusRow(Math.max(0, Math.min(choosable.length - 1, current + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (key && (e.key === 'ArrowLeft' || e.key === '1' || e.key === 'ArrowRight' || e.key === '2')) {
      e.preventDefault();
      const side: Side = e.key === 'ArrowLeft' || e.key === '1' ? 'ours' : 'theirs';
      pick(key, side);
      tableRef.current?.querySelector<HTMLInputElement>(`[data-line="${CSS.escape(key)}"] input[value="${side}"]`)?.focus();
    }
  };

  const cell = (key: string, side: Side, text: string | null, selectable: boolean, label: string) =>
    selectable ? (
      <td className={picks[key] === side ? 'is-chosen' : undefined}>
        <label className="conflict-pick">
          <input
            type="radio"
            name={`pick-${key}`}
            value={side}
            checked={picks[key] === side}
            onChange={() => pick(key, side)}
            onFocus={() => setCurrent(choosable.findIndex((l) => l.key === key))}
            aria-label={`${label}：${side === 'ours' ? '采用本库' : '采用送来的'}`}
          />
          <span>{text ?? '—'}</span>
        </label>
      </td>
    ) : (
      <td>{text ?? '—'}</td>
    );

  return (
    <Dialog title={detail ? `冲突：${detail.title}` : '冲突'} onClose={onClose} size="wide" busy={busy}>
      <ErrorBanner message={error} />
      {!detail ? (
        <p className="muted dialog-body">正在加载…</p>
      ) : (
        <div className="dialog-body" onKeyDown={onKeyDown}>
          {detail.changedSinceSignOff ? <p className="banner banner-warning">签批后有改动：这份评查此前以提交或锁定的内容收到，送来的版本与签批时的内容不同。</p> : null}
          <div className="toolbar conflict-toolbar">
            <label className="check-line">
              <input type="checkbox" checked={onlyDiffering} onChange={(e) => setOnlyDiffering(e.target.checked)} /> 只看不同的项（{detail.lines.filter((l) => l.differs).length} / {detail.lines.length}）
            </label>
            {choosable.length ? (
              <>
                <span className="muted" role="status">
                  已选择 {chosen} / {choosable.length} 项 · ↑↓ 换项，←→ 或 1/2 选择，Ctrl+Enter 保存
                </span>
                <button type="button" className="button small" onClick={() => pickAll('ours')} disabled={busy}>
                  全部采用本库
                </button>
                <button type="button" className="button small" onClick={() => pickAll('theirs')} disabled={busy}>
                  全部采用送来的
                </button>
              </>
            ) : null}
          </div>
          <div className="table-wrap conflict-wrap" ref={tableRef}>
            <table className="data-table compact conflict-table" aria-label="逐项对照">
              <thead>
                <tr>
                  <th scope="col">项目</th>
                  <th scope="col">本库版本（{detail.oursFrom}）</th>
                  <th scope="col">送来的版本（{detail.theirsFrom}）</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => {
                  const selectable = detail.kind === 'review' && l.differs && l.choosable;
                  const isCurrent = selectable && choosable[current]?.key === l.key;
                  return (
                    <tr key={l.key} data-line={l.key} className={[l.differs ? 'is-different' : '', isCurrent ? 'is-current' : ''].join(' ').trim() || undefined}>
                      <th scope="row">
                        {l.label}
                        {!l.choosable && l.differs && detail.kind === 'review' ? <span className="muted">（按所选重新计算）</span> : null}
                      </th>
                      {cell(l.key, 'ours', l.ours, selectable, l.label)}
                      {cell(l.key, 'theirs', l.theirs, selectable, l.label)}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <label className="toolbar-field">
            理由（记入审计日志）
            <input className="inline-input" value={reason} onChange={(e) => setReason(e.target.value)} aria-label="处理理由" placeholder="如：经组长核实" />
          </label>
          <footer className="dialog-footer">
            <button type="button" className="button" onClick={onClose} disabled={busy}>
              稍后处理
            </button>
            <button type="button" className="button" onClick={() => void resolve('ours')} disabled={busy}>
              整份保留本库版本
            </button>
            <button type="button" className="button" onClick={() => void resolve('theirs')} disabled={busy}>
              整份采用送来的版本
            </button>
            {choosable.length ? (
              <button type="button" className="button primary" onClick={() => void resolve('items')} disabled={busy || chosen < choosable.length}>
                按所选保存并重新计分
              </button>
            ) : null}
          </footer>
        </div>
      )}
    </Dialog>
  );
}
