/** 抽样: draw form, result and population tables, printable 抽样记录, manual additions and replacements. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { SamplingPrecheck } from './SamplingPrecheck';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import type { Draw } from '../../../shared/api/namespaces/sampling';
import { errorMessage, getApi } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner, ProgressBar, useDialogSubmit } from '../../components/ui';
import { formatDateTime } from '../../format';
import { useAppStore } from '../../stores/app';

const SEED_WORDS = ['青山', '松柏', '长河', '明月', '春风', '秋实', '白鹭', '云杉', '晨光', '海棠', '银杏', '雪松'];

/** A readable random seed, e.g. "松柏-长河-4821". */
export function randomSeed(): string {
  const a = new Uint32Array(3);
  crypto.getRandomValues(a);
  return `${SEED_WORDS[a[0] % SEED_WORDS.length]}-${SEED_WORDS[a[1] % SEED_WORDS.length]}-${1000 + (a[2] % 9000)}`;
}

type Mode = 'per_unit' | 'ratio';

const ORIGIN_LABELS = { random: '随机抽取', manual_add: '手工增补', manual_replace: '手工替换' } as const;

export function SamplingPanel({ campaign }: { campaign: Campaign }) {
  const toast = useAppStore((s) => s.toast);
  const [draw, setDraw] = useState<Draw | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('per_unit');
  const [perUnit, setPerUnit] = useState('5');
  const [ratio, setRatio] = useState('10');
  const [min, setMin] = useState('3');
  const [stratify, setStratify] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [seed, setSeed] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmRedraw, setConfirmRedraw] = useState(false);
  const [manual, setManual] = useState<'add' | 'replace' | null>(null);
  const [showRecord, setShowRecord] = useState(false);
  const [excludeCaseNos, setExcludeCaseNos] = useState<string[]>([]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setDraw(await getApi().sampling.current({ campaignId: campaign.id }));
      setLoadError(null);
    } catch (err) {
      setLoadError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [campaign.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const doDraw = async (redraw: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const settings =
        mode === 'per_unit'
          ? { mode, perUnit: Number(perUnit), min: 0, stratify, from: from || null, to: to || null, caseTypes: [], excludeCaseNos }
          : { mode, ratio: Number(ratio) / 100, min: Number(min) || 0, stratify, from: from || null, to: to || null, caseTypes: [], excludeCaseNos };
      const d = await getApi().sampling.draw({ campaignId: campaign.id, settings, seed, redraw });
      setDraw(d);
      setConfirmRedraw(false);
      toast('success', `已抽取 ${d.items.length} 件案卷`);
    } catch (err) {
      setError(errorMessage(err));
      setConfirmRedraw(false);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!seed.trim()) {
      setError('请填写随机种子，或点击“生成”。种子会写入抽样记录，用于复核。');
      return;
    }
    if (draw) setConfirmRedraw(true);
    else void doDraw(false);
  };

  const print = () => {
    setShowRecord(true);
    setTimeout(() => {
      document.body.classList.add('printing-record');
      window.print();
      document.body.classList.remove('printing-record');
    }, 50);
  };

  const active = draw?.items.filter((i) => !i.withdrawn) ?? [];

  return (
    <div className="sampling">
      <form className="panel wide no-print" onSubmit={submit} aria-labelledby="draw-title">
        <h2 id="draw-title" className="panel-title">
          随机抽取
        </h2>
        <ErrorBanner message={error} />
        <div className="form-grid">
          <label>
            抽取方式
            <select value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
              <option value="per_unit">每单位固定数量</option>
              <option value="ratio">按比例 + 最少</option>
            </select>
          </label>
          {mode === 'per_unit' ? (
            <label>
              每单位件数
              <input type="number" min={1} value={perUnit} onChange={(e) => setPerUnit(e.target.value)} style={{ width: 100 }} />
            </label>
          ) : (
            <>
              <label>
                比例（%）
                <input type="number" min={1} max={100} value={ratio} onChange={(e) => setRatio(e.target.value)} style={{ width: 90 }} />
              </label>
              <label>
                每单位最少
                <input type="number" min={0} value={min} onChange={(e) => setMin(e.target.value)} style={{ width: 90 }} />
              </label>
            </>
          )}
          <label>
            结案日期 自
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            至
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <label className="check">
            <input type="checkbox" checked={stratify} onChange={(e) => setStratify(e.target.checked)} />
            按案件类型分层
          </label>
          <label>
            随机种子
            <span className="seed-row">
              <input type="text" value={seed} onChange={(e) => setSeed(e.target.value)} placeholder="公开记录，用于复核" aria-label="随机种子" style={{ width: 200 }} />
              <button type="button" className="button small" onClick={() => setSeed(randomSeed())}>
                生成
              </button>
            </span>
          </label>
          <button type="submit" className="button primary" disabled={busy}>
            {draw ? '重新抽取…' : '抽取'}
          </button>
        </div>
        <SamplingPrecheck campaignId={campaign.id} onChange={setExcludeCaseNos} />
        {busy ? <ProgressBar label="正在抽取…" /> : null}
      </form>

      {loading ? <p className="muted">正在加载抽样结果…</p> : null}
      {loadError ? (
        <div className="banner banner-warning" role="alert">
          无法读取抽样结果：{loadError}
        </div>
      ) : null}

      {draw ? (
        <>
          <div className="panel wide no-print sample-summary">
            <div className="row-actions">
              <span>
                当前抽样：<strong data-testid="sample-count">{active.length}</strong> 件 · 种子 <code>{draw.seed}</code> · {formatDateTime(draw.drawnAt)} · {draw.actor}
              </span>
              <button type="button" className="button small" onClick={() => setManual('add')}>
                手工增补
              </button>
              <button type="button" className="button small" onClick={() => setManual('replace')}>
                手工替换
              </button>
              <button type="button" className="button small" onClick={() => setShowRecord((v) => !v)} aria-expanded={showRecord}>
                {showRecord ? '返回抽样结果' : '抽样记录'}
              </button>
              <button type="button" className="button small" onClick={print}>
                打印抽样记录
              </button>
            </div>
          </div>
          {showRecord ? <DrawRecord draw={draw} campaign={campaign} /> : <DrawTables draw={draw} />}
        </>
      ) : !loading && !loadError ? (
        <p className="muted">尚未抽样。填写上面的设置并点击“抽取”。</p>
      ) : null}
      {draw ? <DrawHistory campaignId={campaign.id} refreshKey={`${draw.id}:${draw.items.length}`} /> : null}

      {confirmRedraw ? (
        <Dialog title="重新抽取" onClose={() => setConfirmRedraw(false)} size="small" alert busy={busy}>
          <div className="dialog-body">
            <p>本活动已有一次抽样（种子 {draw?.seed}）。确定按新的设置和种子重新抽取吗？</p>
            <div className="banner banner-warning">之前的抽样结果不会删除，仍保留在抽样记录中，可随时查阅和复核；新的抽样将成为当前结果。</div>
          </div>
          <footer className="dialog-footer">
            <button type="button" className="button" onClick={() => setConfirmRedraw(false)} disabled={busy} autoFocus>
              取消
            </button>
            <button type="button" className="button primary" onClick={() => void doDraw(true)} disabled={busy}>
              {busy ? '正在抽取…' : '重新抽取'}
            </button>
          </footer>
        </Dialog>
      ) : null}
      {manual ? <ManualDialog kind={manual} campaignId={campaign.id} onClose={() => setManual(null)} onDone={setDraw} /> : null}
    </div>
  );
}

function DrawTables({ draw, strata = true }: { draw: Draw; strata?: boolean }) {
  return (
    <div className="sample-tables">
      <div className="table-wrap">
        <table className="data-table compact" aria-label="抽样结果">
          <thead>
            <tr>
              <th scope="col" className="num">抽取顺序</th>
              <th scope="col">案卷编号</th>
              <th scope="col">执法单位</th>
              <th scope="col">案件类型</th>
              <th scope="col">当事人</th>
              <th scope="col">结案日期</th>
              <th scope="col">层</th>
              <th scope="col">来源</th>
            </tr>
          </thead>
          <tbody>
            {draw.items.map((i) => (
              <tr key={i.dossierId + i.drawOrder} className={i.withdrawn ? 'is-withdrawn' : undefined}>
                <td className="num">{i.drawOrder}</td>
                <td className="mono nowrap">{i.caseNo}</td>
                <td>{i.unitName}</td>
                <td>{i.caseType}</td>
                <td className="cell-clip" title={i.party}>
                  {i.party}
                </td>
                <td className="nowrap">{i.closedDate}</td>
                <td>{i.stratum}</td>
                <td title={i.reason ?? undefined}>
                  {ORIGIN_LABELS[i.origin]}
                  {i.replacesCaseNo ? `（替换 ${i.replacesCaseNo}）` : ''}
                  {i.withdrawn ? `（已撤出：${i.withdrawnReason ?? ''}）` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {strata ? <StrataTable draw={draw} /> : null}
    </div>
  );
}

function StrataTable({ draw }: { draw: Draw }) {
  return (
    <div className="table-wrap strata">
      <table className="data-table compact" aria-label="各层总体与抽取数">
        <thead>
          <tr>
            <th scope="col">层</th>
            <th scope="col">执法单位</th>
            <th scope="col">案件类型</th>
            <th scope="col" className="num">总体</th>
            <th scope="col" className="num">抽取</th>
          </tr>
        </thead>
        <tbody>
          {draw.strata.map((s) => (
            <tr key={s.stratum}>
              <td>{s.stratum}</td>
              <td>{s.unitName}</td>
              <td>{s.caseType ?? '全部'}</td>
              <td className="num">{s.population}</td>
              <td className="num">{s.drawn}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type DrawSummary = Awaited<ReturnType<ReturnType<typeof getApi>['sampling']['history']>>[number];
type Verdict = { ok: boolean; message: string } | 'running' | { error: string };

/**
 * 抽样记录（历次）: every draw of the campaign, the replaced ones included, each with a 验证 button
 * that re-runs the draw from the recorded register, settings and seed and says whether it reproduces.
 */
function DrawHistory({ campaignId, refreshKey }: { campaignId: string; refreshKey: string }) {
  const [draws, setDraws] = useState<DrawSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verdicts, setVerdicts] = useState<Record<string, Verdict>>({});

  useEffect(() => {
    let live = true;
    getApi()
      .sampling.history({ campaignId })
      .then((h) => live && (setDraws(h), setError(null)))
      .catch((err) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
    // refreshKey: a new draw, or a manual addition / replacement in the current one, refreshes the list.
  }, [campaignId, refreshKey]);

  const verify = async (drawId: string) => {
    setVerdicts((v) => ({ ...v, [drawId]: 'running' }));
    try {
      const r = await getApi().sampling.verify({ drawId });
      setVerdicts((v) => ({ ...v, [drawId]: r }));
    } catch (err) {
      setVerdicts((v) => ({ ...v, [drawId]: { error: errorMessage(err) } }));
    }
  };

  return (
    <section className="panel wide no-print" aria-labelledby="draw-history-title">
      <h2 id="draw-history-title" className="panel-title">
        历次抽样记录
      </h2>
      <p className="muted small-text">“验证”按记录的设置和种子，对当前登记表重新抽取一遍，核对结果是否与记录一致。</p>
      <ErrorBanner message={error} />
      {draws === null && !error ? <p className="muted">正在加载…</p> : null}
      {draws && draws.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table compact" aria-label="历次抽样记录" data-testid="draw-history">
            <thead>
              <tr>
                <th scope="col">抽样时间</th>
                <th scope="col">随机种子</th>
                <th scope="col">抽样设置</th>
                <th scope="col" className="num">案卷数</th>
                <th scope="col">操作人</th>
                <th scope="col">状态</th>
                <th scope="col">复核</th>
              </tr>
            </thead>
            <tbody>
              {draws.map((d) => {
                const v = verdicts[d.id];
                return (
                  <tr key={d.id}>
                    <td className="nowrap">{formatDateTime(d.drawnAt)}</td>
                    <td>
                      <code>{d.seed}</code>
                    </td>
                    <td className="small-text">{settingsText(d.settings)}</td>
                    <td className="num">{d.itemCount}</td>
                    <td>{d.actor}</td>
                    <td>{d.isCurrent ? <span className="badge badge-current">当前</span> : <span className="muted">已被替换</span>}</td>
                    <td>
                      <div className="row-actions" style={{ justifyContent: 'flex-start', alignItems: 'center' }}>
                        <button type="button" className="button small" onClick={() => void verify(d.id)} disabled={v === 'running'} aria-label={`验证 ${formatDateTime(d.drawnAt)} 种子“${d.seed}”的抽样`}>
                          {v === 'running' ? '正在验证…' : '验证'}
                        </button>
                        {v && v !== 'running' ? (
                          <span
                            role="status"
                            data-testid="verify-result"
                            className="small-text"
                            style={{ color: 'error' in v ? 'var(--danger)' : v.ok ? 'var(--success)' : 'var(--danger)' }}
                          >
                            {'error' in v ? `验证失败：${v.error}` : `${v.ok ? '✓ 可复现' : '✗ 不一致'}。${v.message}`}
                          </span>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function settingsText(settings: unknown): string {
  const s = (settings ?? {}) as { mode?: string; perUnit?: number; ratio?: number; min?: number; stratify?: boolean; from?: string | null; to?: string | null; excludeCaseNos?: string[] };
  const parts = [s.mode === 'ratio' ? `按比例 ${Math.round((s.ratio ?? 0) * 1000) / 10}%，每单位最少 ${s.min ?? 0} 件` : `每单位 ${s.perUnit ?? '?'} 件`];
  parts.push(s.stratify ? '按案件类型分层' : '不分层');
  if (s.from || s.to) parts.push(`结案日期 ${s.from ?? '不限'} 至 ${s.to ?? '不限'}`);
  if (s.excludeCaseNos?.length) parts.push(`抽取前排除 ${s.excludeCaseNos.length} 件（${s.excludeCaseNos.slice(0, 5).join('、')}${s.excludeCaseNos.length > 5 ? '等' : ''}）`);
  return parts.join('；');
}

function DrawRecord({ draw, campaign }: { draw: Draw; campaign: Campaign }) {
  return (
    <article className="panel wide print-area draw-record" aria-labelledby="record-title">
      <h2 id="record-title" className="record-title">
        案卷抽样记录
      </h2>
      <dl className="record-meta">
        <dt>评查活动</dt>
        <dd>
          {campaign.name}（{campaign.year} 年度）
        </dd>
        <dt>抽样设置</dt>
        <dd>{settingsText(draw.settings)}</dd>
        <dt>随机种子</dt>
        <dd>
          <code>{draw.seed}</code>
        </dd>
        <dt>算法</dt>
        <dd>{draw.algorithm}</dd>
        <dt>抽样时间</dt>
        <dd>{formatDateTime(draw.drawnAt)}</dd>
        <dt>操作人</dt>
        <dd>{draw.actor}</dd>
        <dt>抽取件数</dt>
        <dd>{draw.items.filter((i) => !i.withdrawn).length}</dd>
      </dl>
      <h3 className="section-title">各层总体</h3>
      <StrataTable draw={draw} />
      <h3 className="section-title">抽取清单</h3>
      <DrawTables draw={draw} strata={false} />
      <p className="muted small-text record-note">同一登记表、同一设置、同一种子在任何电脑上得到相同结果，可据此复核。</p>
      <div className="record-sign print-only">
        <span>抽样人：</span>
        <span>监督人：</span>
        <span>日期：</span>
      </div>
    </article>
  );
}

function ManualDialog({ kind, campaignId, onClose, onDone }: { kind: 'add' | 'replace'; campaignId: string; onClose(): void; onDone(d: Draw): void }) {
  const [caseNo, setCaseNo] = useState('');
  const [replacement, setReplacement] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useDialogSubmit(async () => {
    const api = getApi().sampling;
    onDone(kind === 'add' ? await api.addManual({ campaignId, caseNo, reason }) : await api.replace({ campaignId, caseNo, replacementCaseNo: replacement, reason }));
  }, onClose);
  return (
    <Dialog title={kind === 'add' ? '手工增补案卷' : '手工替换案卷'} onClose={onClose} size="small" busy={busy}>
      <form onSubmit={submit}>
        <div className="dialog-body">
          <ErrorBanner message={error} />
          <div className="field">
            <label htmlFor="manual-case">{kind === 'add' ? '增补的案卷编号' : '被替换的案卷编号'}</label>
            <input id="manual-case" value={caseNo} onChange={(e) => setCaseNo(e.target.value)} autoFocus />
          </div>
          {kind === 'replace' ? (
            <div className="field">
              <label htmlFor="manual-replacement">替换为案卷编号</label>
              <input id="manual-replacement" value={replacement} onChange={(e) => setReplacement(e.target.value)} />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="manual-reason">
              理由<span className="required">＊</span>
            </label>
            <textarea id="manual-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={kind === 'add' ? '例如：群众投诉较多，列入重点评查' : '例如：案卷已移送，无法调取'} />
          </div>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            取消
          </button>
          <button type="submit" className="button primary" disabled={busy || !caseNo.trim() || !reason.trim() || (kind === 'replace' && !replacement.trim())}>
            {busy ? '正在保存…' : '确定'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
