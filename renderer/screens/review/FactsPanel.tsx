/**
 * 关键事实: every fact the automatic checks read (shared/domain/facts), grouped, as registered and as
 * corrected by the reviewer. Facts that do not concern this dossier's case type are listed on request.
 */
import { useEffect, useMemo, useState } from 'react';
import { FACT_GROUPS, type FactEntry, type FactsView } from '../../../shared/api/namespaces/reviews';
import type { Officer } from '../../../shared/domain/register/columns';
import { catalogueTypeBeside } from '../../../shared/domain/documents/printed';
import { errorMessage, getApi } from '../../api';

/** The document as printed, with its catalogue type beside it when the two differ. */
function documentWithType(docType: string, printed: string): string {
  const type = catalogueTypeBeside(docType, printed);
  return type ? `${printed}〔${type}〕` : printed;
}

type OfficerValue = Officer & { certValid?: boolean };
/** Word after the certificate number marking it invalid on the date of the act (the rules read it). */
const INVALID_CERT = '失效';

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const toYuan = (f: FactEntry, v: number) => (f.unit === 'fen' ? v / 100 : v);

function display(f: FactEntry, v: unknown): string {
  if (isEmpty(v)) return '未记录';
  switch (f.kind) {
    case 'amount':
      return `${toYuan(f, v as number).toFixed(2)} 元`;
    case 'count':
      return `${String(v)} 次`;
    case 'flag':
      return v ? '是' : '否';
    case 'officers':
      return (v as OfficerValue[])
        .map((o) => (o.certNo ? `${o.name}（${o.certNo}${o.certValid === false ? `，${INVALID_CERT}` : ''}）` : o.name))
        .join('、');
    case 'list':
      return (v as string[]).join('、');
    default:
      return String(v);
  }
}

/** Field text as the reviewer edits it. */
function toText(f: FactEntry, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (f.kind === 'amount') return String(toYuan(f, v as number));
  if (f.kind === 'flag') return v ? 'yes' : 'no';
  if (f.kind === 'officers') {
    return (v as OfficerValue[]).map((o) => [o.name, o.certNo, o.certValid === false ? INVALID_CERT : null].filter(Boolean).join(' ')).join('\n');
  }
  if (f.kind === 'list') return (v as string[]).join('、');
  return String(v);
}

/** Parses the edited text back; throws a message naming the field. The server checks the value again. */
function fromText(f: FactEntry, text: string): unknown {
  const t = text.trim();
  switch (f.kind) {
    case 'amount': {
      if (t === '') return null;
      const n = Number(t.replace(/[,，元\s]/g, ''));
      if (!Number.isFinite(n)) throw new Error(`${f.label}：“${t}”不是有效金额`);
      if (n < 0) throw new Error(`${f.label}：金额不能为负数`);
      return f.unit === 'fen' ? Math.round(n * 100) : Math.round(n * 100) / 100;
    }
    case 'count': {
      if (t === '') return null;
      const n = Number(t.replace(/次$/, ''));
      if (!Number.isInteger(n) || n < 0) throw new Error(`${f.label}：“${t}”不是有效次数`);
      return n;
    }
    case 'flag':
      return t === '' ? null : t === 'yes';
    case 'officers':
      return t
        .split(/\n+/)
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const parts = line.split(/[\s,，、]+/);
          const invalid = parts.length > 1 && parts[parts.length - 1] === INVALID_CERT;
          const [name, ...rest] = invalid ? parts.slice(0, -1) : parts;
          const o: OfficerValue = { name, certNo: rest.join(' ') || null };
          if (invalid) o.certValid = false;
          return o;
        });
    case 'list':
      return t.split(/[、,，;；\s]+/).filter(Boolean);
    default:
      return t === '' ? null : t;
  }
}

/** Where a dossier value was read: the file, its page and the line's box. */
export interface FactSourceLink {
  fileId: string;
  filePage: number;
  box: { x: number; y: number; w: number; h: number } | null;
}

const SOURCE_LABEL: Record<string, string> = { correction: '评查人更正', dossier: '卷内', register: '登记表' };

export function FactsPanel({
  dossierId,
  readOnly,
  onChanged,
  onOpenSource,
}: {
  dossierId: string;
  readOnly: boolean;
  onChanged(): void;
  /** Opens the dossier at the page a fact was read from, its line highlighted. */
  onOpenSource?(link: FactSourceLink): void;
}) {
  const [view, setView] = useState<FactsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const [filter, setFilter] = useState('');

  useEffect(() => {
    getApi()
      .reviews.facts({ dossierId })
      .then(setView)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [dossierId]);

  // A fact of another case type stays listed when it carries a value: the reviewer must see what the checks read.
  const shown = useMemo(() => {
    const q = filter.trim();
    return (view?.fields ?? []).filter((f) => (showAll || f.relevant || f.corrected || !isEmpty(f.value)) && (!q || f.label.includes(q)));
  }, [view, showAll, filter]);
  const hiddenCount = (view?.fields ?? []).filter((f) => !(f.relevant || f.corrected || !isEmpty(f.value))).length;
  const correctedCount = (view?.fields ?? []).filter((f) => f.corrected).length;
  const differing = (view?.fields ?? []).filter((f) => f.status === 'differs').length;

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
        : await getApi().reviews.correctFacts({ dossierId, changes: { [f.key]: fromText(f, text) as FactsView['fields'][number]['value'] } });
      setView(next);
      setEditing(null);
      onChanged();
    } catch (e) {
      setFieldError(errorMessage(e));
      if (reset) setEditing(f.key);
    } finally {
      setBusy(false);
    }
  };

  if (error) return <div className="banner banner-error">{error}</div>;
  if (!view) return <p className="muted">正在加载…</p>;
  return (
    <div className="ws-facts">
      <p className="muted ws-facts-hint">
        自动检查按这些事实计算期限与程序要求。与卷宗不符或登记表未记录的，在此更正或补录；原登记值保留，更正记入审计日志。
      </p>
      <div className="ws-facts-toolbar">
        <input type="search" aria-label="查找事实" placeholder="查找事实（如 送达、罚款）" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <label className="ws-facts-all">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          显示与{view.caseType}无关的事实{hiddenCount ? `（${hiddenCount} 项）` : ''}
        </label>
        {correctedCount ? <span className="muted">已更正 {correctedCount} 项</span> : null}
        {differing ? (
          <span className="ws-fact-differs" data-testid="facts-differing">
            登记与卷内不一致 {differing} 项
          </span>
        ) : null}
      </div>
      {view.dossierRead?.pagesUnread ? (
        <p className="muted" role="status">
          另有 {view.dossierRead.pagesUnread} 页扫描件尚在文字识别，识别完成后将读出其中的事实。
        </p>
      ) : null}
      {view.dossierRead === null ? <p className="muted">本案卷未附卷宗 PDF：只有登记值，无法与卷内文书核对。</p> : null}
      {view.procedureInferred ? (
        <p className="banner banner-warning" data-testid="procedure-inferred">
          {view.procedureInferred.reason}。
        </p>
      ) : null}
      {shown.length === 0 ? <p className="muted">没有符合条件的事实。</p> : null}
      {FACT_GROUPS.map((group) => {
        const rows = shown.filter((f) => f.group === group);
        if (rows.length === 0) return null;
        return (
          <section key={group} className="ws-facts-group" aria-label={group}>
            <h3 className="ws-facts-group-title">
              {group}
              <span className="muted">
                {' '}
                {rows.filter((f) => !isEmpty(f.value)).length}/{rows.length} 项已记录
              </span>
            </h3>
            <table className="data-table compact ws-facts-table" aria-label={`关键事实：${group}`}>
              <tbody>
                {rows.map((f) => (
                  <tr key={f.key} className={[f.corrected ? 'ws-fact-corrected' : '', f.status === 'differs' ? 'ws-fact-differs-row' : ''].join(' ').trim() || undefined}>
                    <th scope="row">{f.unit ? `${f.label}（元）` : f.label}</th>
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
                          <span data-testid={`fact-${f.key}`} className={isEmpty(f.value) ? 'muted' : undefined}>
                            {display(f, f.value)}
                          </span>
                          {f.source ? <span className="ws-fact-source muted">（采用{SOURCE_LABEL[f.source]}）</span> : null}
                          {f.status === 'differs' ? <span className="ws-fact-differs">不一致</span> : null}
                          {f.corrected || f.dossier ? (
                            <span className={`${f.corrected || f.status === 'differs' ? 'ws-fact-was' : 'ws-fact-register'} muted`} data-testid={`fact-register-${f.key}`}>
                              登记值：{display(f, f.registerValue)}
                            </span>
                          ) : null}
                          {f.dossier ? (
                            <span className="ws-fact-dossier">
                              卷内值：
                              <button
                                type="button"
                                className="link-button"
                                data-testid={`fact-dossier-${f.key}`}
                                title={`打开第 ${f.dossier.page} 页：${f.dossier.line}`}
                                onClick={() => onOpenSource?.({ fileId: f.dossier!.fileId, filePage: f.dossier!.filePage, box: f.dossier!.box })}
                              >
                                {display(f, f.dossier.value)}（{documentWithType(f.dossier.docType, f.dossier.document)} 第 {f.dossier.page} 页）
                              </button>
                            </span>
                          ) : null}
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
          </section>
        );
      })}
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
  if (f.kind === 'tier' || f.kind === 'choice') {
    return (
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} autoFocus>
        <option value="">未记录</option>
        {(f.options ?? []).map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  }
  if (f.kind === 'officers') {
    return <textarea aria-label={label} rows={3} value={value} placeholder={`每行一人：姓名 执法证号（证件失效的在后面写“${INVALID_CERT}”）`} onChange={(e) => onChange(e.target.value)} autoFocus />;
  }
  if (f.key === 'discretionReason') {
    return <textarea aria-label={label} rows={3} value={value} placeholder="决定书或审批表中记载的从重、从轻或减轻理由" onChange={(e) => onChange(e.target.value)} autoFocus />;
  }
  const placeholder = { date: 'YYYY-MM-DD', amount: '元', count: f.key === 'excludedDays' ? '天数' : '次数', list: '用顿号分隔' }[f.kind as string] ?? '';
  return (
    <input
      aria-label={label}
      value={value}
      inputMode={f.kind === 'amount' || f.kind === 'count' ? 'decimal' : undefined}
      placeholder={f.key === 'dateEnforced' || f.key === 'dates.enforced' ? 'YYYY-MM-DD 或 YYYY-MM-DD HH:mm' : placeholder}
      onChange={(e) => onChange(e.target.value)}
      autoFocus
    />
  );
}
