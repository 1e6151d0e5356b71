/** 异议: an agency's objection recorded (dossier, items, who, when, grounds, files) and the office's ruling with its score change. */
import { useState, type FormEvent } from 'react';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import type { Comparison, Objection, Ruling } from '../../../shared/api/namespaces/consensus';
import type { ExportDossierRow } from '../../../shared/api/namespaces/exports';
import type { Actor } from './common';
import { ITEM_STATUS_LABELS } from '../../../shared/labels';
import { errorMessage, getApi } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ui';
import { ChooseFiles, uploadOf, type Chosen } from '../../components/ChooseFiles';
import { useLoad } from '../../hooks/useLoad';
import { pts, RULING_LABELS } from './common';

type Verdict = 'conform' | 'deduct' | 'na' | 'veto';
const today = () => new Date().toISOString().slice(0, 10);

export function ObjectionsPanel({ campaign, actor, onChanged }: { campaign: Campaign; actor: Actor | null; onChanged(): void }) {
  const [list, setList] = useState<Objection[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lodging, setLodging] = useState(false);
  const [ruling, setRuling] = useState<Objection | null>(null);
  const load = useLoad(async () => setList(await getApi().consensus.objections({ campaignId: campaign.id })), [campaign.id], setError);
  const changed = async () => {
    await load();
    onChanged();
  };

  return (
    <div>
      <ErrorBanner message={error} />
      <div className="toolbar">
        <button type="button" className="button primary" onClick={() => setLodging(true)} disabled={!actor}>
          登记异议
        </button>
        <span className="muted">执法单位在告知结果后的异议期限内提出的异议，经裁定采纳或部分采纳的，按裁定结论重新计分，并在通报中列出。</span>
      </div>
      {lodging && actor ? <LodgeForm campaign={campaign} onDone={() => (setLodging(false), void changed())} /> : null}
      {ruling && actor ? <RuleForm objection={ruling} onDone={() => (setRuling(null), void changed())} /> : null}
      {list === null ? (
        <p className="muted">正在加载…</p>
      ) : list.length === 0 ? (
        <EmptyState title="暂无异议" />
      ) : (
        <table className="data-table" aria-label="异议">
          <thead>
            <tr>
              <th scope="col">案卷</th>
              <th scope="col">异议人 / 日期</th>
              <th scope="col">异议事项与理由</th>
              <th scope="col">附件</th>
              <th scope="col">裁定</th>
              <th scope="col">得分变化</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {list.map((o) => (
              <tr key={o.id}>
                <td>
                  {o.caseNo}
                  <div className="muted">{o.unitName}</div>
                </td>
                <td>
                  {o.objector}
                  <div className="muted">
                    {o.lodgedOn}
                    {o.daysLate ? <span className="cs-diff">（逾期 {o.daysLate} 个工作日）</span> : null}
                  </div>
                </td>
                <td>
                  <div>{o.itemCodes.join('、')}</div>
                  <div className="cs-note">{o.grounds}</div>
                </td>
                <td>
                  {o.files.map((f) => (
                    <div key={f.id}>
                      <button type="button" className="link-button" onClick={() => void download(f.id)}>
                        {f.name}
                      </button>
                    </div>
                  ))}
                </td>
                <td>
                  {o.ruling ? (
                    <>
                      <strong>{RULING_LABELS[o.ruling]}</strong>
                      <div className="cs-note">{o.rulingReason}</div>
                      <div className="muted">
                        {o.ruledBy} {o.ruledAt?.slice(0, 10)}
                      </div>
                    </>
                  ) : (
                    <span className="cs-open">待裁定</span>
                  )}
                </td>
                <td>{o.ruling ? `${pts(o.totalBefore)} → ${pts(o.totalAfter)}（${o.gradeBefore} → ${o.gradeAfter}）` : '—'}</td>
                <td>
                  {!o.ruling ? (
                    <button type="button" className="button small" disabled={!actor || actor.role === 'reviewer'} onClick={() => setRuling(o)}>
                      裁定
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

async function download(fileId: string) {
  const f = await getApi().consensus.objectionFile({ fileId });
  const bytes = Uint8Array.from(atob(f.dataBase64), (ch) => ch.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes]));
  const a = document.createElement('a');
  a.href = url;
  a.download = f.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function LodgeForm({ campaign, onDone }: { campaign: Campaign; onDone(): void }) {
  // Any dossier with a submitted result can be objected to, not only the cross-reviewed ones.
  const [dossiers, setDossiers] = useState<ExportDossierRow[]>([]);
  const [dossierId, setDossierId] = useState('');
  const [items, setItems] = useState<Comparison['items'] | null>(null);
  const [codes, setCodes] = useState<string[]>([]);
  const [objector, setObjector] = useState('');
  const [notifiedOn, setNotifiedOn] = useState('');
  const [lodgedOn, setLodgedOn] = useState(today());
  const [grounds, setGrounds] = useState('');
  const [files, setFiles] = useState<Chosen[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const loadItems = async (id: string) => {
    setItems(null);
    setCodes([]);
    if (!id) return;
    try {
      const c = await getApi().consensus.compare({ dossierId: id });
      setItems(c.items.filter((i) => i.final && (i.final.verdict === 'deduct' || i.final.verdict === 'veto')));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  useLoad(
    async () => {
      const rows = (await getApi().exports.dossiers({ campaignId: campaign.id })).filter((r) => r.reviewStatus === 'submitted' || r.reviewStatus === 'locked');
      setDossiers(rows);
      setDossierId((cur) => cur || rows[0]?.dossierId || '');
    },
    [campaign.id],
    setError,
  );
  useLoad(() => loadItems(dossierId), [dossierId], setError);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const payload = await Promise.all(files.map(uploadOf));
      await getApi().consensus.lodgeObjection({ dossierId, itemCodes: codes, objector, notifiedOn: notifiedOn || null, lodgedOn, grounds, files: payload });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel cs-form" onSubmit={(e) => void submit(e)} aria-label="登记异议">
      <h2 className="panel-title">登记异议</h2>
      <ErrorBanner message={error} />
      <label>
        案卷
        <select value={dossierId} onChange={(e) => setDossierId(e.target.value)}>
          {dossiers.map((d) => (
            <option key={d.dossierId} value={d.dossierId}>
              {d.caseNo}（{d.unitName}）
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>有异议的评查项（本卷扣分或否决的项）</legend>
        {items === null ? <span className="muted">—</span> : items.length === 0 ? <span className="muted">本卷没有扣分或否决的评查项。</span> : null}
        {items?.map((i) => (
          <label key={i.code} className="checkbox">
            <input type="checkbox" checked={codes.includes(i.code)} onChange={(e) => setCodes(e.target.checked ? [...codes, i.code] : codes.filter((c) => c !== i.code))} /> {i.code} {i.title}（
            {ITEM_STATUS_LABELS[i.final!.verdict]}
            {i.final!.verdict === 'deduct' ? ` ${pts(i.final!.deduction)} 分` : ''}）
          </label>
        ))}
      </fieldset>
      <label>
        异议人（单位及联系人）
        <input className="inline-input cs-wide" value={objector} onChange={(e) => setObjector(e.target.value)} required />
      </label>
      <label>
        结果告知日期
        <input type="date" value={notifiedOn} onChange={(e) => setNotifiedOn(e.target.value)} />
      </label>
      <label>
        异议提出日期
        <input type="date" value={lodgedOn} onChange={(e) => setLodgedOn(e.target.value)} required />
      </label>
      <label className="cs-field">
        异议理由
        <textarea rows={3} value={grounds} onChange={(e) => setGrounds(e.target.value)} required />
      </label>
      <div className="cs-field">
        <span>附件</span>
        <ChooseFiles
          label="选择附件…"
          ariaLabel="选择异议附件（可多选）"
          dialogTitle="选择异议附件"
          accept=""
          filters={[{ name: '所有文件', extensions: ['*'] }]}
          multiple
          testId="objection-files"
          chosen={files.length ? files.map((f) => f.name).join('、') : '异议书、证据材料等（可多选，单个不超过 20 MB）'}
          onChoose={setFiles}
        />
      </div>
      <div>
        <button type="submit" className="button primary" disabled={busy || codes.length === 0}>
          登记
        </button>{' '}
        <button type="button" className="button" onClick={onDone}>
          取消
        </button>
      </div>
    </form>
  );
}

function RuleForm({ objection, onDone }: { objection: Objection; onDone(): void }) {
  const [ruling, setRuling] = useState<Ruling>('upheld');
  const [reason, setReason] = useState('');
  const [changes, setChanges] = useState<Record<string, { verdict: Verdict; note: string; deduction: string }>>(() =>
    Object.fromEntries(objection.itemCodes.map((c) => [c, { verdict: 'conform' as Verdict, note: '', deduction: '' }])),
  );
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const list =
        ruling === 'rejected'
          ? []
          : Object.entries(changes).map(([itemCode, c]) => ({
              itemCode,
              verdict: c.verdict,
              note: c.note,
              ...(c.verdict === 'deduct' && c.deduction.trim() ? { deduction: Number(c.deduction) } : {}),
            }));
      await getApi().consensus.ruleObjection({ objectionId: objection.id, ruling, reason, changes: list });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form className="panel cs-form" onSubmit={(e) => void submit(e)} aria-label="异议裁定">
      <h2 className="panel-title">
        裁定异议：{objection.caseNo}（{objection.objector}）
      </h2>
      <ErrorBanner message={error} />
      <span role="radiogroup" aria-label="裁定">
        {(Object.keys(RULING_LABELS) as Ruling[]).map((r) => (
          <label key={r} className="radio">
            <input type="radio" name="ruling" checked={ruling === r} onChange={() => setRuling(r)} /> {RULING_LABELS[r]}
          </label>
        ))}
      </span>
      {ruling !== 'rejected'
        ? objection.itemCodes.map((code) => (
            <div key={code} className="cs-editor-row">
              <strong>{code}</strong> 改为
              <select value={changes[code].verdict} onChange={(e) => setChanges({ ...changes, [code]: { ...changes[code], verdict: e.target.value as Verdict } })}>
                {(['conform', 'deduct', 'na', 'veto'] as Verdict[]).map((v) => (
                  <option key={v} value={v}>
                    {ITEM_STATUS_LABELS[v]}
                  </option>
                ))}
              </select>
              {changes[code].verdict === 'deduct' ? (
                <input
                  className="inline-input cs-num"
                  placeholder="扣分"
                  value={changes[code].deduction}
                  onChange={(e) => setChanges({ ...changes, [code]: { ...changes[code], deduction: e.target.value } })}
                />
              ) : null}
              <input className="inline-input cs-wide" placeholder="问题说明（扣分、否决必填）" value={changes[code].note} onChange={(e) => setChanges({ ...changes, [code]: { ...changes[code], note: e.target.value } })} />
            </div>
          ))
        : null}
      <label className="cs-field">
        裁定理由
        <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required />
      </label>
      <div>
        <button type="submit" className="button primary">
          裁定
        </button>{' '}
        <button type="button" className="button" onClick={onDone}>
          取消
        </button>
      </div>
    </form>
  );
}
