/** 关键事实: the dossier's facts as registered, corrected by the reviewer (the automatic checks read the corrections). */
import { useEffect, useState } from 'react';
import type { FactEntry, FactsView } from '../../../shared/api/namespaces/reviews';
import { CIRCUMSTANCES, type Officer } from '../../../shared/domain/register/columns';
import { errorMessage, getApi } from '../../api';

const yuan = (fen: unknown) => (typeof fen === 'number' ? (fen / 100).toFixed(2) : '');

function display(f: FactEntry, v: unknown): string {
  if (v === null || v === undefined || v === '') return '未记录';
  switch (f.kind) {
    case 'amount':
      return `${yuan(v)} 元`;
    case 'flag':
      return v ? '是' : '否';
    case 'officers':
      return (v as Officer[]).map((o) => (o.certNo ? `${o.name}（${o.certNo}）` : o.name)).join('、') || '未记录';
    case 'list':
      return (v as string[]).join('、') || '未记录';
    default:
      return String(v);
  }
}

/** Field text as the reviewer edits it. */
function toText(f: FactEntry, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (f.kind === 'amount') return yuan(v);
  if (f.kind === 'flag') return v ? 'yes' : 'no';
  if (f.kind === 'officers') return (v as Officer[]).map((o) => (o.certNo ? `${o.name} ${o.certNo}` : o.name)).join('\n');
  if (f.kind === 'list') return (v as string[]).join('、');
  return String(v);
}

/** Parses the edited text back; throws a message naming the field. */
function fromText(f: FactEntry, text: string): unknown {
  const t = text.trim();
  if (f.kind === 'amount') {
    if (t === '') return null;
    const n = Number(t.replace(/[,，元]/g, ''));
    if (!Number.isFinite(n) || n < 0) throw new Error(`${f.label}：“${t}”不是有效金额`);
    return Math.round(n * 100);
  }
  if (f.kind === 'flag') return t === '' ? null : t === 'yes';
  if (f.kind === 'officers') {
    return t
      .split(/\n+/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [name, ...rest] = line.split(/[\s,，、]+/);
        return { name, certNo: rest.join(' ') || null };
      });
  }
  if (f.kind === 'list') return t.split(/[、,，;；\s]+/).filter(Boolean);
  return t === '' ? null : t;
}

export function FactsPanel({ dossierId, readOnly, onChanged }: { dossierId: string; readOnly: boolean; onChanged(): void }) {
  const [view, setView] = useState<FactsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    getApi()
      .reviews.facts({ dossierId })
      .then(setView)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [dossierId]);

  const start = (f: FactEntry) => {
    setEditing(f.key);
    setText(toText(f, f.value));
    setFieldError(null);
  };
  const save = async (f: FactEntry, reset = false) => {
    setBusy(true);
    setFieldError(null);
    try {
      const next = reset
        ? await getApi().reviews.correctFacts({ dossierId, reset: [f.key] })
        : await getApi().reviews.correctFacts({ dossierId, changes: { [f.key]: fromText(f, text) } });
      setView(next);
      setEditing(null);
      onChanged();
    } catch (e) {
      setFieldError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <div className="banner banner-error">{error}</div>;
  if (!view) return <p className="muted">正在加载…</p>;
  return (
    <div className="ws-facts">
      <p className="muted ws-facts-hint">登记表中的事实供自动检查计算期限；与卷宗不符时在此更正，原登记值保留，更正记入审计日志。</p>
      <table className="data-table compact ws-facts-table" aria-label="关键事实">
        <tbody>
          {view.fields.map((f) => (
            <tr key={f.key} className={f.corrected ? 'ws-fact-corrected' : undefined}>
              <th scope="row">{f.label}</th>
              <td>
                {editing === f.key ? (
                  <form
                    className="ws-fact-form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void save(f);
                    }}
                    onKeyDown={(e) => {
                      if (e.key === 'Escape') {
                        e.stopPropagation();
                        setEditing(null);
                      }
                    }}
                  >
                    <FactInput f={f} value={text} onChange={setText} />
                    <button type="submit" className="button small primary" disabled={busy}>
                      保存
                    </button>
                    <button type="button" className="button small" onClick={() => setEditing(null)}>
                      取消
                    </button>
                    {fieldError ? (
                      <div className="field-error" role="alert">
                        {fieldError}
                      </div>
                    ) : null}
                  </form>
                ) : (
                  <div className="ws-fact-value">
                    <span data-testid={`fact-${f.key}`}>{display(f, f.value)}</span>
                    {f.corrected ? <span className="ws-fact-was muted">登记值：{display(f, f.registerValue)}</span> : null}
                    {!readOnly ? (
                      <span className="ws-fact-actions">
                        <button type="button" className="button small" onClick={() => start(f)} aria-label={`更正${f.label}`}>
                          更正
                        </button>
                        {f.corrected ? (
                          <button type="button" className="button small" disabled={busy} onClick={() => void save(f, true)} aria-label={`恢复${f.label}登记值`}>
                            恢复
                          </button>
                        ) : null}
                      </span>
                    ) : null}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FactInput({ f, value, onChange }: { f: FactEntry; value: string; onChange(v: string): void }) {
  const label = `${f.label}（更正）`;
  if (f.kind === 'flag') {
    return (
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} autoFocus>
        <option value="">未记录</option>
        <option value="yes">是</option>
        <option value="no">否</option>
      </select>
    );
  }
  if (f.kind === 'circumstance') {
    return (
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} autoFocus>
        <option value="">未记录</option>
        {CIRCUMSTANCES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  }
  if (f.kind === 'officers') {
    return <textarea aria-label={label} rows={3} value={value} placeholder="每行一人：姓名 执法证号" onChange={(e) => onChange(e.target.value)} autoFocus />;
  }
  return (
    <input
      aria-label={label}
      value={value}
      placeholder={f.kind === 'date' ? 'YYYY-MM-DD' : f.kind === 'amount' ? '元' : f.kind === 'list' ? '用顿号分隔' : ''}
      onChange={(e) => onChange(e.target.value)}
      autoFocus
    />
  );
}
