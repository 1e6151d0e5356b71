/**
 * The side-by-side 合议 screen: the dossier PDF on the left, the independent reviews item by item on
 * the right with every disagreement highlighted (verdict, deduction, cited pages, notes), and the
 * agreed (合议) or re-check (复核) answer recorded per item with its reason.
 *
 * Keyboard: ↑/↓ or J/K move between items, Enter records the item, 1–9 take that reviewer's answer
 * into the form; in the form Ctrl+Enter saves and Esc closes. A cited page jumps the PDF.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CompareItem, Comparison } from '../../../shared/api/namespaces/consensus';
import type { z } from 'zod';
import type { DossierFile as DossierFileSchema } from '../../../shared/api/namespaces/files';

type DossierFile = z.infer<typeof DossierFileSchema>;
import type { Actor } from './common';
import { ITEM_STATUS_LABELS } from '../../../shared/labels';
import { errorMessage, getApi } from '../../api';
import { PdfViewer, type PdfViewerHandle } from '../../components/pdf/PdfViewer';
import { ErrorBanner } from '../../components/ui';
import { ExportButton, ExportProgress, ExportProvider } from '../stats/ExportPanel';
import { useAppStore } from '../../stores/app';
import { pts, sourceLabel, TRIGGER_LABELS } from './common';

type Verdict = 'conform' | 'deduct' | 'na' | 'veto';
const VERDICTS: Verdict[] = ['conform', 'deduct', 'na', 'veto'];
type Stage = 'agreed' | 'recheck';

interface Draft {
  stage: Stage;
  verdict: Verdict;
  deduction: string;
  note: string;
  pages: string;
  reason: string;
}

const isTyping = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

function draftFrom(item: CompareItem, stage: Stage): Draft {
  const own = stage === 'recheck' ? (item.recheck ?? item.agreed) : item.agreed;
  const base = own ?? item.final ?? item.answers.find((a) => a) ?? null;
  return {
    stage,
    verdict: (base?.verdict ?? 'conform') as Verdict,
    deduction: base && base.verdict === 'deduct' ? String(base.deduction) : '',
    note: base?.note ?? '',
    pages: base?.pages.join('，') ?? '',
    reason: (stage === 'recheck' ? item.recheck?.reason : item.agreed?.reason) ?? '',
  };
}

export function CompareView(props: { dossierId: string; actor: Actor; onBack(): void }) {
  return (
    <ExportProvider>
      <CompareBody {...props} />
      <ExportProgress />
    </ExportProvider>
  );
}

function CompareBody({ dossierId, actor, onBack }: { dossierId: string; actor: Actor; onBack(): void }) {
  const [c, setC] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [onlyDisputed, setOnlyDisputed] = useState(true);
  const [current, setCurrent] = useState(0);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<DossierFile[] | null>(null);
  const [conclusion, setConclusion] = useState('');
  const viewer = useRef<PdfViewerHandle>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const toast = useAppStore((s) => s.toast);
  const canDecide = actor.role !== 'reviewer';

  useEffect(() => {
    const api = getApi();
    api.consensus
      .compare({ dossierId })
      .then(setC)
      .catch((e: unknown) => setError(errorMessage(e)));
    api.files
      .list({ dossierId })
      .then(setFiles)
      .catch(() => setFiles([]));
  }, [dossierId, actor.id]);

  const items = useMemo(() => (c ? c.items.filter((i) => !onlyDisputed || i.scoreDiffers || i.differs.pages || i.differs.note || i.agreed || i.recheck) : []), [c, onlyDisputed]);
  const item = items[Math.min(current, items.length - 1)] ?? null;
  const stageDefault: Stage = c && c.triggers.length > 0 && !c.recheck ? 'recheck' : 'agreed';

  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-index="${current}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const openEditor = useCallback(
    (it: CompareItem, stage: Stage = stageDefault) => {
      if (!canDecide) return;
      setDraft(draftFrom(it, stage));
      setTimeout(() => document.getElementById('cs-reason')?.focus(), 0);
    },
    [canDecide, stageDefault],
  );

  const adopt = (n: number) => {
    if (!item || !canDecide) return;
    const a = item.answers[n];
    if (!a) return;
    setDraft((d) => ({
      ...(d ?? draftFrom(item, stageDefault)),
      verdict: a.verdict as Verdict,
      deduction: a.verdict === 'deduct' ? String(a.deduction) : '',
      note: a.note,
      pages: a.pages.join('，'),
    }));
  };

  const save = async () => {
    if (!c || !item || !draft) return;
    const pages = draft.pages
      .split(/[,，、\s]+/)
      .filter(Boolean)
      .map(Number);
    if (pages.some((p) => !Number.isInteger(p) || p < 1)) {
      setError('卷内页码应为正整数，多个页码用逗号分隔。');
      return;
    }
    setBusy(true);
    try {
      const next = await getApi().consensus.decide({
        dossierId,
        stage: draft.stage,
        itemCode: item.code,
        verdict: draft.verdict,
        ...(draft.verdict === 'deduct' && draft.deduction.trim() ? { deduction: Number(draft.deduction) } : {}),
        note: draft.note,
        pageRefs: pages.map((page) => ({ page })),
        reason: draft.reason,
      });
      setC(next);
      setDraft(null);
      setError(null);
      toast('success', `${item.code} 的${draft.stage === 'agreed' ? '合议' : '复核'}结论已记录`);
      listRef.current?.focus();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const closeRecheck = async () => {
    setBusy(true);
    try {
      setC(await getApi().consensus.closeRecheck({ dossierId, conclusion }));
      toast('success', '复核已完成');
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const onListKey = (e: KeyboardEvent) => {
    if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'ArrowDown' || e.key === 'j') setCurrent((n) => Math.min(n + 1, items.length - 1));
    else if (e.key === 'ArrowUp' || e.key === 'k') setCurrent((n) => Math.max(n - 1, 0));
    else if (e.key === 'Enter' && item) openEditor(item);
    else if (/^[1-9]$/.test(e.key)) adopt(Number(e.key) - 1);
    else return;
    e.preventDefault();
  };

  const onEditorKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setDraft(null);
      listRef.current?.focus();
    }
  };

  if (!c) {
    return (
      <section className="cs-compare">
        <button type="button" className="button" onClick={onBack}>
          ← 返回列表
        </button>
        {error ? <ErrorBanner message={error} /> : <p className="muted">正在加载…</p>}
      </section>
    );
  }

  const disputed = c.items.filter((i) => i.scoreDiffers);
  const settled = disputed.filter((i) => i.agreed || i.recheck).length;

  return (
    <section className="cs-compare" aria-label={`逐项对照 ${c.dossier.caseNo}`}>
      <header className="cs-head">
        <button type="button" className="button" onClick={onBack}>
          ← 返回列表
        </button>
        <div className="cs-title">
          <h2>
            {c.dossier.caseNo} <span className="muted">{c.dossier.unitName}</span>
          </h2>
          <div className="cs-sub">
            {c.reviews.map((r, n) => (
              <span key={r.reviewId} className="cs-chip">
                {n + 1}. {r.reviewer} {pts(r.total)} 分 {r.grade}
                {r.veto ? '（否决）' : ''}
              </span>
            ))}
            {c.final ? (
              <span className="cs-chip cs-final" data-testid="final-result">
                最终：{pts(c.final.total)} 分 {c.final.grade}（{sourceLabel(c.final.source)}）
              </span>
            ) : null}
            <span className="muted">
              分歧 {disputed.length} 项，已定 {settled} 项
            </span>
          </div>
          <div className="cs-sub">
            导出评查表：
            <ExportButton input={{ campaignId: c.dossier.campaignId, dossierId, kind: 'sheet', format: 'pdf' }} what={`评查表 ${c.dossier.caseNo}`} title="按最终结果（合议、复核、异议裁定）导出">
              最终结果
            </ExportButton>
            {c.reviews.map((r) => (
              <ExportButton
                key={r.reviewId}
                input={{ campaignId: c.dossier.campaignId, dossierId, reviewId: r.reviewId, kind: 'sheet', format: 'pdf' }}
                what={`${r.reviewer}的评查表 ${c.dossier.caseNo}`}
                title={`导出 ${r.reviewer} 本人提交的评查表`}
              >
                {r.reviewer}
              </ExportButton>
            ))}
          </div>
          {c.triggers.length ? (
            <div className="cs-triggers" role="note">
              触发复核：
              {c.triggers.map((t) => (
                <span key={t.kind} title={t.detail}>
                  <strong>{TRIGGER_LABELS[t.kind]}</strong>（{t.detail}）
                </span>
              ))}
              {c.recheck ? <span className="cs-done">已复核：{c.recheck.conclusion}</span> : null}
            </div>
          ) : null}
        </div>
      </header>
      <ErrorBanner message={error} />
      <div className="cs-split">
        <section className="cs-pdf" aria-label="卷宗">
          {files === null ? (
            <p className="muted">正在查找卷宗文件…</p>
          ) : files.length === 0 ? (
            <p className="muted cs-nopdf">本案卷没有附卷宗 PDF，请对照纸质卷宗。</p>
          ) : (
            <PdfViewer ref={viewer} fileId={files[0].id} showThumbnails={false} showDocumentMap={false} />
          )}
        </section>
        <section className="cs-items" aria-label="逐项对照">
          <div className="toolbar">
            <label className="checkbox">
              <input type="checkbox" checked={onlyDisputed} onChange={(e) => (setOnlyDisputed(e.target.checked), setCurrent(0))} /> 只看有分歧或已定的评查项
            </label>
            <span className="muted">↑↓ 选择　Enter 记录结论　1–{c.reviews.length} 采用该评查人员的结论　Ctrl+Enter 保存</span>
          </div>
          <div className="cs-list" ref={listRef} tabIndex={0} onKeyDown={onListKey} aria-label="评查项列表（↑↓ 选择，Enter 记录结论）">
            <table className="data-table cs-table">
              <thead>
                <tr>
                  <th scope="col">评查项</th>
                  {c.reviews.map((r, n) => (
                    <th scope="col" key={r.reviewId}>
                      {n + 1}. {r.reviewer}
                    </th>
                  ))}
                  <th scope="col">合议 / 复核</th>
                </tr>
              </thead>
              <tbody>
                {items.map((it, idx) => (
                  <tr
                    key={it.code}
                    data-index={idx}
                    data-code={it.code}
                    className={`${idx === current ? 'is-current' : ''} ${it.scoreDiffers ? 'cs-disputed' : ''}`}
                    onClick={() => setCurrent(idx)}
                    onDoubleClick={() => openEditor(it)}
                  >
                    <th scope="row" className="cs-item">
                      <div className="cs-code">
                        {it.code}
                        {it.veto ? <span className="cs-v">否决项</span> : null}
                      </div>
                      <div>{it.title}</div>
                      <div className="muted">满分 {pts(it.maxPoints)}</div>
                    </th>
                    {it.answers.map((a, n) => (
                      <td key={n} className="cs-answer">
                        {a ? (
                          <>
                            <div className={`cs-verdict v-${a.verdict} ${it.differs.verdict ? 'cs-diff' : ''}`}>{ITEM_STATUS_LABELS[a.verdict]}</div>
                            {a.verdict === 'deduct' ? <div className={it.differs.deduction ? 'cs-diff' : ''}>扣 {pts(a.deduction)} 分</div> : null}
                            {a.pages.length ? (
                              <div className={it.differs.pages ? 'cs-diff' : ''}>
                                页码：
                                {a.pages.map((p) => (
                                  <button key={p} type="button" className="link-button" onClick={() => viewer.current?.goToPage(p)} title={`在卷宗中打开第 ${p} 页`}>
                                    {p}
                                  </button>
                                ))}
                              </div>
                            ) : null}
                            {a.note ? <div className={`cs-note ${it.differs.note ? 'cs-diff' : ''}`}>{a.note}</div> : null}
                          </>
                        ) : (
                          <span className="cs-diff">未评</span>
                        )}
                      </td>
                    ))}
                    <td className="cs-decided">
                      {it.recheck ? <Decided label="复核" d={it.recheck} /> : null}
                      {it.agreed ? <Decided label="合议" d={it.agreed} superseded={Boolean(it.recheck)} /> : null}
                      {!it.agreed && !it.recheck ? (it.scoreDiffers ? <span className="cs-open">待合议</span> : <span className="muted">一致</span>) : null}
                      {canDecide ? (
                        <button type="button" className="button small" onClick={() => (setCurrent(idx), openEditor(it))}>
                          记录结论
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {items.length === 0 ? <p className="muted cs-empty">各评查人员对全部评查项的结论一致。</p> : null}
          </div>
          {draft && item ? (
            <form
              className="cs-editor"
              aria-label={`记录 ${item.code} 的结论`}
              onKeyDown={onEditorKey}
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <div className="cs-editor-head">
                <strong>
                  {item.code} {item.title}
                </strong>
                <span role="radiogroup" aria-label="结论类别">
                  {(['agreed', 'recheck'] as Stage[]).map((s) => (
                    <label key={s} className="radio">
                      <input type="radio" name="cs-stage" checked={draft.stage === s} onChange={() => setDraft({ ...draft, stage: s })} /> {s === 'agreed' ? '合议' : '复核'}
                    </label>
                  ))}
                </span>
                {c.reviews.map((r, n) =>
                  item.answers[n] ? (
                    <button key={r.reviewId} type="button" className="button small" onClick={() => adopt(n)}>
                      采用 {r.reviewer} 的结论
                    </button>
                  ) : null,
                )}
              </div>
              <div className="cs-editor-row">
                <span role="radiogroup" aria-label="结论">
                  {VERDICTS.map((v) => (
                    <label key={v} className="radio">
                      <input type="radio" name="cs-verdict" checked={draft.verdict === v} onChange={() => setDraft({ ...draft, verdict: v })} /> {ITEM_STATUS_LABELS[v]}
                    </label>
                  ))}
                </span>
                {draft.verdict === 'deduct' ? (
                  <label>
                    扣分
                    <input className="inline-input cs-num" inputMode="decimal" value={draft.deduction} onChange={(e) => setDraft({ ...draft, deduction: e.target.value })} placeholder="按评查标准" />
                  </label>
                ) : null}
                <label>
                  卷内页码
                  <input className="inline-input" value={draft.pages} onChange={(e) => setDraft({ ...draft, pages: e.target.value })} placeholder="如 12，13" />
                </label>
              </div>
              <label className="cs-field">
                问题说明（扣分、否决必填）
                <textarea rows={2} value={draft.note} onChange={(e) => setDraft({ ...draft, note: e.target.value })} />
              </label>
              <label className="cs-field">
                {draft.stage === 'agreed' ? '合议理由' : '复核理由'}（必填）
                <textarea id="cs-reason" rows={2} value={draft.reason} onChange={(e) => setDraft({ ...draft, reason: e.target.value })} />
              </label>
              <div className="cs-editor-actions">
                <button type="submit" className="button primary" disabled={busy}>
                  保存（Ctrl+Enter）
                </button>
                <button type="button" className="button" onClick={() => setDraft(null)}>
                  取消（Esc）
                </button>
              </div>
            </form>
          ) : null}
          {canDecide && c.triggers.length > 0 && !c.recheck ? (
            <div className="cs-close">
              <label className="cs-field">
                复核结论
                <input className="inline-input" value={conclusion} onChange={(e) => setConclusion(e.target.value)} placeholder="如：复核完毕，按复核意见定分" />
              </label>
              <button type="button" className="button" disabled={busy || !conclusion.trim()} onClick={() => void closeRecheck()}>
                完成复核
              </button>
            </div>
          ) : null}
        </section>
      </div>
    </section>
  );
}

function Decided({ label, d, superseded }: { label: string; d: NonNullable<CompareItem['agreed']>; superseded?: boolean }) {
  return (
    <div className={`cs-decision ${superseded ? 'cs-superseded' : ''}`} title={`${d.decidedBy} ${d.decidedAt.slice(0, 16).replace('T', ' ')}`}>
      <div>
        <strong>{label}</strong>：{ITEM_STATUS_LABELS[d.verdict]}
        {d.verdict === 'deduct' ? ` 扣 ${pts(d.deduction)} 分` : ''}
      </div>
      <div className="muted">理由：{d.reason}</div>
    </div>
  );
}
