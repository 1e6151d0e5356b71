/**
 * The review workspace: the dossier's PDF on the left, the checklist on the right, the live score on
 * top. Keyboard first (useWorkspaceKeys.ts); every change is saved at once (stores/review.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import type { StoredFinding } from '../../../shared/api/namespaces/checks';
import type { Api } from '../../../shared/api/contract';
import type { ChecklistItem, Verdict } from '../../../shared/domain/scoring/schema';
import { errorMessage, getApi } from '../../api';
import { PdfViewer, type PdfViewerHandle } from '../../components/pdf/PdfViewer';
import { useAppStore } from '../../stores/app';
import { draftForVerdict, useReviewStore, type Draft, type SaveState } from '../../stores/review';
import { ChecklistItemCard, FindingCard, verdictAllowed } from './ChecklistItemCard';
import { FactsPanel, type FactSourceLink } from './FactsPanel';
import { ReasonDialog } from './ReasonDialog';
import { nextUnfinished, openAssignment, rememberLastAssignment } from './ReviewQueue';
import { ShortcutSheet } from './ShortcutSheet';
import { ConfirmLockDialog, signsOff } from './SignOff';
import { selectSessionReviewer, useSessionStore } from '../../stores/session';
import { useFindings } from './useFindings';
import { useWorkspaceKeys } from './useWorkspaceKeys';
import { REVIEW_STATUS_LABELS as STATUS_LABEL } from '../../../shared/labels';

type DossierFile = Awaited<ReturnType<Api['files']['list']>>[number];

const pageKey = (fileId: string) => `dossier-review.page.${fileId}`;
const rememberedPage = (fileId: string): number => {
  try {
    return Number(localStorage.getItem(pageKey(fileId))) || 1;
  } catch {
    return 1;
  }
};
const pad = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

type Tab = 'checklist' | 'facts' | 'checks';
const NO_FINDINGS: StoredFinding[] = [];

export function Workspace({ campaign, assignmentId }: { campaign: Campaign; assignmentId: string }) {
  const s = useReviewStore();
  const toast = useAppStore((st) => st.toast);
  const viewer = useRef<PdfViewerHandle>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const [files, setFiles] = useState<DossierFile[] | null>(null);
  const [fileId, setFileId] = useState<string | null>(null);
  const [viewerError, setViewerError] = useState<string | null>(null);
  const [page, setPage] = useState<{ page: number; count: number } | null>(null);
  const [tab, setTab] = useState<Tab>('checklist');
  const [dialog, setDialog] = useState<null | { kind: 'shortcuts' } | { kind: 'reopen' } | { kind: 'lock' } | { kind: 'dismiss'; finding: StoredFinding }>(null);
  const me = useSessionStore(selectSessionReviewer);
  const [busy, setBusy] = useState<string | null>(null);
  const [showOpen, setShowOpen] = useState(false);

  const sheet = s.sheet;
  const review = s.review;
  // Someone else's review (我是谁 names another person): read only — the core refuses their edits anyway.
  const notMine = Boolean(me && review && me.id !== review.reviewerId);
  const readOnly = !review || review.status !== 'draft' || notMine;

  useEffect(() => {
    rememberLastAssignment(campaign.id, assignmentId);
    // Opened once per assignment (the screen is keyed by it); the store's functions never change.
    void useReviewStore.getState().open(assignmentId);
  }, [assignmentId, campaign.id]);

  const dossierId = sheet?.dossier.id ?? null;
  const checks = useFindings(campaign.id, dossierId);
  const findings = checks.findings;

  useEffect(() => {
    if (!dossierId) return;
    setFiles(null);
    setViewerError(null);
    getApi()
      .files.list({ dossierId })
      .then((list) => {
        setFiles(list);
        setFileId(list[0]?.id ?? null);
      })
      .catch((e: unknown) => {
        setFiles([]);
        setViewerError(errorMessage(e));
      });
  }, [dossierId]);

  const items = useMemo(() => {
    if (!sheet) return [] as ChecklistItem[];
    const applicable = new Set(sheet.applicable);
    return sheet.template.items.filter((i) => applicable.has(i.code));
  }, [sheet]);
  const itemByCode = useMemo(() => new Map(items.map((i) => [i.code, i])), [items]);
  const missing = useMemo(() => new Set(s.score?.missingReasons ?? []), [s.score]);

  const itemByCodeRef = useRef(itemByCode);
  itemByCodeRef.current = itemByCode;
  // Read from the store, not from the last render: keys can arrive faster than React renders.
  const currentItem = useCallback(() => itemByCodeRef.current.get(useReviewStore.getState().currentCode ?? ''), []);

  // Keep the current item in view.
  useEffect(() => {
    if (!s.currentCode) return;
    const el = listRef.current?.querySelector(`[data-code="${s.currentCode}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [s.currentCode, tab]);

  const move = useCallback(
    (delta: number) => {
      const i = items.findIndex((it) => it.code === useReviewStore.getState().currentCode);
      const next = items[Math.max(0, Math.min(items.length - 1, (i < 0 ? 0 : i) + delta))];
      if (next) {
        useReviewStore.getState().setCurrent(next.code);
        setTab('checklist');
        requestAnimationFrame(() => document.getElementById(`ws-item-${next.code}`)?.focus({ preventScroll: true }));
      }
    },
    [items],
  );
  const select = useCallback((code: string) => {
    useReviewStore.getState().setCurrent(code);
    setTab('checklist');
    requestAnimationFrame(() => document.getElementById(`ws-item-${code}`)?.focus({ preventScroll: false }));
  }, []);

  const change = useCallback((code: string, next: Draft | null, group?: string) => useReviewStore.getState().change(code, next, group), []);
  const cite = useCallback(
    (code: string, withSelection: boolean) => {
      const d = useReviewStore.getState().answers[code];
      if (!d) {
        toast('info', '先选择结论，再引用页码。');
        return;
      }
      if (!viewer.current) {
        toast('info', '没有可用的卷宗 PDF：请在“页码”框中手工输入纸质卷宗的页码。');
        return;
      }
      if (withSelection) {
        const sel = viewer.current.selectedText();
        if (!sel) {
          toast('info', '请先在阅卷区选中要引用的文字。');
          return;
        }
        change(code, { ...d, pageRefs: [...d.pageRefs, { page: sel.page, text: sel.text.trim().slice(0, 500) }] });
        return;
      }
      const p = viewer.current.currentPage();
      if (d.pageRefs.some((r) => r.page === p && !r.text)) return;
      change(code, { ...d, pageRefs: [...d.pageRefs, { page: p }] });
    },
    [change, toast],
  );
  const jump = useCallback((p: number) => viewer.current?.goToPage(p), []);
  // 关键事实 → 卷内值: open the file and page the fact was read from, its line outlined.
  const pendingSource = useRef<FactSourceLink | null>(null);
  const openFactSource = useCallback(
    (link: FactSourceLink) => {
      if (link.fileId !== fileId) {
        pendingSource.current = link;
        setFileId(link.fileId);
        return;
      }
      viewer.current?.showBox(link.filePage, link.box);
    },
    [fileId],
  );
  useEffect(() => {
    const link = pendingSource.current;
    if (link && link.fileId === fileId && viewer.current) {
      pendingSource.current = null;
      viewer.current.showBox(link.filePage, link.box);
    }
  }, [fileId]);

  const setVerdict = useCallback(
    (verdict: Verdict) => {
      const item = currentItem();
      if (!item) return;
      if (!verdictAllowed(item, verdict)) {
        toast('info', verdict === 'veto' ? `${item.code} 不是否决项。` : `${item.code} 不计分，只能判定符合、不适用或否决。`);
        return;
      }
      change(item.code, draftForVerdict(item, verdict, useReviewStore.getState().answers[item.code]));
    },
    [change, currentItem, toast],
  );

  /** Leaving the dossier while a save failed would drop it: say so instead. */
  const unsavedGuard = useCallback((): boolean => {
    if (useReviewStore.getState().save.kind !== 'error') return false;
    toast('error', '有修改尚未保存成功：请先点“重试”，保存后再离开本案卷。');
    return true;
  }, [toast]);

  const goNext = useCallback(async () => {
    if (!review || unsavedGuard()) return;
    await useReviewStore.getState().flush();
    if (unsavedGuard()) return;
    try {
      const queue = await getApi().reviews.queue({ campaignId: campaign.id, reviewerId: review.reviewerId });
      const next = nextUnfinished(queue, assignmentId);
      if (next) openAssignment(next.assignmentId);
      else toast('success', '队列中的案卷已全部完成。');
    } catch (e) {
      toast('error', errorMessage(e));
    }
  }, [assignmentId, campaign.id, review, toast, unsavedGuard]);

  const keymap = useWorkspaceKeys({
    viewer,
    move,
    select,
    setVerdict,
    cite: (withSelection) => {
      const item = currentItem();
      if (item) cite(item.code, withSelection);
    },
    showChecklist: () => setTab('checklist'),
    showShortcuts: () => setDialog({ kind: 'shortcuts' }),
    goNext: () => void goNext(),
  });

  // Leaving with unsaved changes: the browser asks first.
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (useReviewStore.getState().pendingSaves() > 0) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, []);

  const act = async (label: string, fn: () => Promise<void>) => {
    setBusy(label);
    try {
      await fn();
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const submit = () =>
    act('submit', async () => {
      await useReviewStore.getState().flush();
      const r = await getApi().reviews.submit({ reviewId: review!.id });
      useReviewStore.getState().setReview(r);
      toast('success', `已提交：${sheet!.dossier.caseNo}，${r.total} 分，${r.grade}。`);
    });
  const confirmFinding = (f: StoredFinding) => act('finding', () => checks.confirm(f, review!.id));
  const revertFinding = (f: StoredFinding) => act('finding', () => checks.revert(f));
  const runChecks = () => act('checks', checks.run);

  // Stable callbacks for the memoised item cards (68 of them re-rendering on every save would add up).
  const latest = useRef({ confirmFinding, revertFinding });
  latest.current = { confirmFinding, revertFinding };
  const itemHandlers = useMemo(
    () => ({
      onCitePage: (c: string) => cite(c, false),
      onCiteSelection: (c: string) => cite(c, true),
      onConfirmFinding: (f: StoredFinding) => void latest.current.confirmFinding(f),
      onDismissFinding: (f: StoredFinding) => setDialog({ kind: 'dismiss', finding: f }),
      onRevertFinding: (f: StoredFinding) => void latest.current.revertFinding(f),
    }),
    [cite],
  );

  if (s.loadError) {
    return (
      <section className="screen">
        <div className="banner banner-error" role="alert">
          <strong>无法打开评查表。</strong>
          {s.loadError}
        </div>
        <div className="button-row ws-error-actions">
          {s.assignmentId && s.assignmentId !== assignmentId ? (
            <button type="button" className="button primary" onClick={() => openAssignment(s.assignmentId!)}>
              返回上一件案卷
            </button>
          ) : null}
          <a className="button" href="#/review">
            返回评查队列
          </a>
        </div>
      </section>
    );
  }
  if (!sheet || !review || !s.score) return <p className="muted">正在打开评查表…</p>;

  const score = s.score;
  // Counted from the answers as shown (the server's score follows a few milliseconds later).
  const unanswered = sheet.applicable.filter((c) => !s.answers[c]);
  const answered = sheet.applicable.length - unanswered.length;
  const pending = s.save.kind === 'saving';
  const canSubmit = review.status === 'draft' && score.complete && unanswered.length === 0 && score.missingReasons.length === 0 && !pending && s.save.kind !== 'error';
  const submitHint = unanswered.length
    ? `还有 ${unanswered.length} 项未评`
    : score.missingReasons.length
      ? `${score.missingReasons.length} 项扣分/否决未写理由`
      : score.errors.length
        ? '有无效的结论'
        : '';
  const signer = signsOff(me, campaign.id);
  const otherFindings = findings.filter((f) => f.kind === 'cannot_check' || !f.item || !itemByCode.has(f.item));
  const dims = new Map(sheet.template.dimensions.map((d) => [d.code, d.name]));
  const poolMax = new Map(sheet.template.dimensions.filter((d) => d.deductionCap === 'dimension').map((d) => [d.code, d.maxPoints]));

  return (
    <div className="ws-workspace">
      <header className="ws-top">
        <a className="button small" href="#/review" title="返回评查队列" onClick={(e) => unsavedGuard() && e.preventDefault()}>
          ← 队列
        </a>
        <div className="ws-case">
          <h1 className="ws-case-no mono">{sheet.dossier.caseNo}</h1>
          <span className="ws-case-meta">
            {sheet.dossier.unitName} · {sheet.dossier.caseType}
            {sheet.dossier.procedure ? `（${sheet.dossier.procedure}）` : ''} · {sheet.dossier.cause}
          </span>
        </div>
        <span className={`ws-status ws-status-${review.status}`} data-testid="review-status">
          {STATUS_LABEL[review.status]}
        </span>
        <SaveIndicator state={s.save} onRetry={() => void useReviewStore.getState().retry()} />
        <div className="ws-top-actions">
          <button type="button" className="button small" onClick={() => setDialog({ kind: 'shortcuts' })} title="快捷键（?）">
            快捷键 <kbd>?</kbd>
          </button>
          {review.status === 'draft' && !notMine ? (
            <button type="button" className="button small primary" disabled={!canSubmit || busy !== null} onClick={() => void submit()} title={submitHint || '提交评查表'}>
              提交评查
            </button>
          ) : null}
          {review.status === 'submitted' && signer ? (
            <button type="button" className="button small primary" disabled={busy !== null} onClick={() => setDialog({ kind: 'lock' })}>
              组长锁定
            </button>
          ) : null}
          {review.status !== 'draft' && signer ? (
            <button type="button" className="button small" disabled={busy !== null} onClick={() => setDialog({ kind: 'reopen' })}>
              退回
            </button>
          ) : null}
          {review.status === 'submitted' && !signer ? (
            <span className="muted" data-testid="ws-awaiting-lock" title="组长锁定与退回须由本组组长或法制机构办理：在右上角“我是”中选择本人">
              待组长锁定
            </span>
          ) : null}
          <button type="button" className="button small" onClick={() => void goNext()} title="下一件未完成的案卷（Alt+N）">
            下一件
          </button>
        </div>
      </header>

      {review.status === 'draft' && review.returnedReason ? (
        <div className="banner banner-warning ws-returned" role="status" data-testid="ws-returned">
          <strong>本评查表已被退回，请修改后重新提交。</strong>退回理由：{review.returnedReason}
          <span className="muted">
            （{review.returnedBy}
            {review.returnedAt ? `，${new Date(review.returnedAt).toLocaleString('zh-CN', { hour12: false })}` : ''}）
          </span>
        </div>
      ) : null}
      <div className="ws-split">
        <section className="ws-viewer" aria-label="卷宗阅读">
          {files === null ? (
            <p className="muted ws-viewer-msg">正在查找卷宗文件…</p>
          ) : files.length === 0 || viewerError ? (
            <div className="ws-paper">
              <div className="banner banner-warning" role="alert" data-testid="no-pdf-banner">
                <strong>{files.length === 0 ? '本案卷没有附卷宗 PDF。' : '卷宗 PDF 无法打开。'}</strong>
                {viewerError ? `${viewerError} ` : ''}请对照纸质卷宗评查：评查表照常使用，页码可在各评查项中手工输入。
              </div>
            </div>
          ) : (
            <>
              {files.length > 1 ? (
                <div className="ws-file-pick">
                  <label htmlFor="ws-file">卷宗文件</label>
                  <select id="ws-file" value={fileId ?? ''} onChange={(e) => setFileId(e.target.value)}>
                    {files.map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.originalName}（{f.pageCount} 页）
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
              {fileId ? (
                <PdfViewer
                  key={fileId}
                  ref={viewer}
                  fileId={fileId}
                  className="ws-pdf"
                  // On a laptop screen the page needs the width; the strips stay one click away in the toolbar.
                  showThumbnails={window.innerWidth >= 1600}
                  showDocumentMap={window.innerWidth >= 1800}
                  documentMapReadOnly={notMine /* the map, like the facts, is the dossier's reviewers' to correct */}
                  initialPage={rememberedPage(fileId)}
                  onPageChange={(p, count) => {
                    setPage({ page: p, count });
                    try {
                      localStorage.setItem(pageKey(fileId), String(p));
                    } catch {
                      // not remembered
                    }
                  }}
                  onError={(m) => setViewerError(m)}
                />
              ) : null}
            </>
          )}
        </section>

        <section className="ws-side" aria-label="评查表">
          <div className="ws-score" data-testid="score-panel">
            <div className="ws-total">
              <span className="ws-total-value" data-testid="ws-total">
                {score.total}
              </span>
              <span className="ws-total-unit">/ {score.maxTotal} 分</span>
            </div>
            <span className={`ws-grade ${score.veto.hit ? 'ws-grade-veto' : ''}`} data-testid="ws-grade">
              {answered === 0 ? (
                // An untouched sheet has earned nothing yet: no grade, not "优秀".
                <span className="ws-provisional">—（尚未评定）</span>
              ) : (
                <>
                  {score.grade}
                  {score.complete ? '' : <span className="ws-provisional">（暂定）</span>}
                </>
              )}
            </span>
            {score.veto.hit ? (
              <span className="ws-veto-state" data-testid="ws-veto" title={score.veto.reasons.map((r) => `${r.itemCode} ${r.title}：${r.reason}`).join('\n')}>
                否决：{score.veto.items.join('、')}
              </span>
            ) : null}
            <button type="button" className="ws-progress-button" onClick={() => setShowOpen((v) => !v)} aria-expanded={showOpen} data-testid="ws-progress">
              已评 {answered}/{sheet.applicable.length}
              {unanswered.length ? `，未评 ${unanswered.length}` : ''}
              {score.missingReasons.length ? `，缺理由 ${score.missingReasons.length}` : ''}
            </button>
            <ul className="ws-dims" aria-label="各维度得分">
              {score.dimensions.map((d) => (
                <li key={d.code} title={dimensionTitle(d)} className={d.deducted > 0 ? 'ws-dim-deducted' : undefined}>
                  <span className="ws-dim-name">{dims.get(d.code) ?? d.name}</span>
                  <span className="ws-dim-score">
                    {d.score}/{d.max}
                  </span>
                </li>
              ))}
            </ul>
            {showOpen && (unanswered.length || score.missingReasons.length) ? (
              <div className="ws-open-list">
                {unanswered.length ? (
                  <div>
                    <span className="muted">未评：</span>
                    {unanswered.map((c) => (
                      <button key={c} type="button" className="ws-chip" onClick={() => select(c)}>
                        {c}
                      </button>
                    ))}
                  </div>
                ) : null}
                {score.missingReasons.length ? (
                  <div>
                    <span className="muted">缺理由：</span>
                    {score.missingReasons.map((c) => (
                      <button key={c} type="button" className="ws-chip ws-chip-warn" onClick={() => select(c)}>
                        {c}
                      </button>
                    ))}
                  </div>
                ) : null}
              </div>
            ) : null}
          </div>
          {readOnly ? (
            <div className={`banner ${notMine && review.status === 'draft' ? 'banner-warning' : 'banner-success'} ws-readonly`} role="status" data-testid="ws-readonly">
              {notMine && review.status === 'draft'
                ? `这份评查表分配给其他评查人员，只有本人可以填写和提交；${me?.name ?? ''}可以查看。`
                : review.status === 'locked'
                  ? '评查表已由组长锁定，只读。'
                  : '评查表已提交，只读；组长可锁定或退回。'}
            </div>
          ) : null}

          <div className="tabs ws-tabs" role="tablist" aria-label="评查表分区">
            {(
              [
                ['checklist', `评查表`],
                ['facts', '关键事实'],
                ['checks', `自动检查${checks.proposedCount ? `（${checks.proposedCount}）` : ''}`],
              ] as [Tab, string][]
            ).map(([id, label]) => (
              <button key={id} type="button" role="tab" aria-selected={tab === id} className={`tab ${tab === id ? 'active' : ''}`} onClick={() => setTab(id)}>
                {label}
              </button>
            ))}
            <span className="ws-tabs-spacer" />
            <button type="button" className="button small" disabled={busy !== null} onClick={() => void runChecks()}>
              {checks.checking ? '检查中…' : '运行自动检查'}
            </button>
          </div>

          <div className="ws-checklist" hidden={tab !== 'checklist'}>
            <ol className="ws-items" ref={listRef} aria-label="评查项">
              {items.map((item, i) => (
                <DimensionHeader key={`h-${item.code}`} show={i === 0 || items[i - 1].dimension !== item.dimension} name={dims.get(item.dimension) ?? item.dimension} score={score.dimensions.find((d) => d.code === item.dimension)} />
              )).flatMap((header, i) => [
                header,
                <ChecklistItemCard
                  key={items[i].code}
                  item={items[i]}
                  draft={s.answers[items[i].code]}
                  current={items[i].code === s.currentCode}
                  readOnly={readOnly}
                  findings={checks.byItem.get(items[i].code) ?? NO_FINDINGS}
                  missingReason={missing.has(items[i].code)}
                  poolMax={poolMax.get(items[i].dimension)}
                  onSelect={select}
                  onChange={change}
                  onJump={jump}
                  {...itemHandlers}
                />,
              ])}
            </ol>
          </div>
          {tab === 'facts' ? (
            <div className="ws-tabpanel">
              <FactsPanel
                dossierId={sheet.dossier.id}
                readOnly={notMine /* the dossier's facts are its reviewers' to correct (docs/roles.md) */}
                onChanged={() => toast('info', '事实已更正；点“运行自动检查”可按更正后的事实重新检查。')}
                onOpenSource={openFactSource}
              />
            </div>
          ) : null}
          {tab === 'checks' ? (
            <div className="ws-tabpanel">
              {findings.length === 0 ? (
                <p className="muted">尚无自动检查结果。点“运行自动检查”按登记的日期、金额等计算法定期限与程序要求。</p>
              ) : (
                <>
                  {findings
                    .filter((f) => f.kind === 'violation' && f.item && itemByCode.has(f.item))
                    .map((f) => (
                      <div key={f.id} className="ws-finding-wrap">
                        <button type="button" className="ws-chip" onClick={() => select(f.item!)}>
                          {f.item}
                        </button>
                        <FindingCard f={f} readOnly={readOnly} onConfirm={(x) => void confirmFinding(x)} onDismiss={(x) => setDialog({ kind: 'dismiss', finding: x })} onRevert={(x) => void revertFinding(x)} />
                      </div>
                    ))}
                  {otherFindings.length ? <h3 className="panel-subtitle">无法自动判断或不对应评查项</h3> : null}
                  {otherFindings.map((f) => (
                    <FindingCard key={f.id} f={f} readOnly onConfirm={() => undefined} onDismiss={() => undefined} onRevert={() => undefined} />
                  ))}
                </>
              )}
            </div>
          ) : null}
        </section>
      </div>
      <footer className="ws-foot muted">
        <span>
          模板：{sheet.template.name}（{sheet.template.key} v{sheet.template.version}）
        </span>
        {page ? (
          <span data-testid="ws-page">
            卷宗第 {page.page}/{page.count} 页
          </span>
        ) : null}
        <span>
          <kbd>J</kbd>/<kbd>K</kbd> 切换评查项 · <kbd>1</kbd>–<kbd>4</kbd> 结论 · <kbd>N</kbd> 理由 · <kbd>C</kbd> 引用本页 · <kbd>?</kbd> 全部快捷键
        </span>
      </footer>

      {dialog?.kind === 'shortcuts' ? <ShortcutSheet keymap={keymap} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'reopen' ? (
        <ReasonDialog
          title="退回评查表"
          label="退回理由"
          hint="退回后评查表回到草稿状态，评查人员可重新修改；理由记入审计日志。"
          confirm="退回"
          onClose={() => setDialog(null)}
          action={async (reason) => {
            const r = await getApi().reviews.reopen({ reviewId: review.id, reason });
            useReviewStore.getState().setReview(r);
            toast('success', '已退回，评查表回到草稿状态。');
          }}
        />
      ) : null}
      {dialog?.kind === 'lock' ? (
        <ConfirmLockDialog
          reviewId={review.id}
          caseNo={sheet.dossier.caseNo}
          total={review.total}
          grade={review.grade}
          onClose={() => setDialog(null)}
          onLocked={(r) => {
            useReviewStore.getState().setReview(r);
            toast('success', '评查表已锁定。');
          }}
        />
      ) : null}
      {dialog?.kind === 'dismiss' ? (
        <ReasonDialog
          title="驳回自动检查提示"
          label="驳回理由"
          hint={dialog.finding.message}
          confirm="驳回"
          onClose={() => setDialog(null)}
          action={(reason) => checks.dismiss(dialog.finding, reason)}
        />
      ) : null}
    </div>
  );
}

interface DimensionSubtotal {
  name: string;
  score: number;
  max: number;
  deducted: number;
  requested?: number;
  pooled?: boolean;
  capped?: boolean;
}

/** "程序：扣 3 分", or under a dimension cap "程序：各项扣分合计 31 分，本维度扣完为止，实扣 28 分". */
function dimensionTitle(d: DimensionSubtotal): string {
  if (d.pooled && d.capped) return `${d.name}：各项扣分合计 ${d.requested} 分，本维度扣完为止，实扣 ${d.deducted} 分`;
  return `${d.name}：扣 ${d.deducted} 分${d.pooled ? '（本维度扣完为止）' : ''}`;
}

function DimensionHeader({ show, name, score }: { show: boolean; name: string; score?: DimensionSubtotal }) {
  if (!show) return null;
  return (
    <li className="ws-dim-header" aria-hidden="true">
      <span>{name}</span>
      {score ? (
        <span className="muted" title={dimensionTitle(score)}>
          {score.score}/{score.max} 分
          {score.pooled ? (score.capped ? `（各项扣分 ${score.requested}，扣完为止）` : '（扣完为止）') : ''}
        </span>
      ) : null}
    </li>
  );
}

function SaveIndicator({ state, onRetry }: { state: SaveState; onRetry(): void }) {
  if (state.kind === 'error') {
    return (
      <span className="ws-save ws-save-error" role="alert" data-testid="ws-save-state">
        保存失败{state.itemCode ? `（${state.itemCode}）` : ''}：{state.message}
        <button type="button" className="button small" onClick={onRetry}>
          重试
        </button>
      </span>
    );
  }
  return (
    <span className={`ws-save ws-save-${state.kind}`} role="status" aria-live="polite" data-testid="ws-save-state">
      {state.kind === 'saving' ? '保存中…' : state.kind === 'saved' ? `已保存 ${clock(state.at)}` : '所有修改自动保存'}
    </span>
  );
}
