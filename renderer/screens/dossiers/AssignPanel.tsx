/** 评查人员 and 分配: reviewers with an add form; random assignment; the assignment table with 声明回避. */
import { useState, type FormEvent } from 'react';
import type { Assignment } from '../../../shared/api/namespaces/assignments';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import { REVIEWER_ROLES, type Reviewer, type ReviewerRole } from '../../../shared/api/namespaces/reviewers';
import { ASSIGNMENT_ROLE_LABELS, REVIEWER_ROLE_LABELS } from '../../../shared/labels';
import { errorMessage, getApi } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner, ProgressBar, useDialogSubmit } from '../../components/ui';
import { useAppStore } from '../../stores/app';
import { randomSeed } from './SamplingPanel';
import { useLoad } from '../../hooks/useLoad';
import { RosterImport } from './RosterImport';
import { PinCell, useIsOffice, usePinHolders } from './PinReset';
import { LockoutPolicyPanel } from './LockoutPolicyPanel';

type Problem = { caseNo: string; message: string };
type Reassigned = { caseNo: string; from: string; to: string | null; problem: string | null };

export function AssignPanel({ campaign }: { campaign: Campaign }) {
  const toast = useAppStore((s) => s.toast);
  const [reviewers, setReviewers] = useState<Reviewer[]>([]);
  const [assignments, setAssignments] = useState<Assignment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [assignError, setAssignError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [unitName, setUnitName] = useState('');
  const [role, setRole] = useState<ReviewerRole>('reviewer');
  const [certNo, setCertNo] = useState('');
  const [team, setTeam] = useState('');
  const [perDossier, setPerDossier] = useState('2');
  const [seed, setSeed] = useState('');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [conflictFor, setConflictFor] = useState<Assignment | null>(null);
  const [reassigned, setReassigned] = useState<Reassigned[] | null>(null);

  // The 法制机构 chosen in 我是谁 sees who has a PIN and may reset it.
  const office = useIsOffice(campaign.id);
  const pins = usePinHolders(campaign.id, office, reviewers);

  const load = useLoad(async () => {
    const [rs, as] = await Promise.all([
      getApi().reviewers.list({ campaignId: campaign.id }),
      getApi()
        .assignments.list({ campaignId: campaign.id })
        .catch((err: unknown) => {
          setAssignError(errorMessage(err));
          return [] as Assignment[];
        }),
    ]);
    setReviewers(rs);
    setAssignments(as);
  }, [campaign.id], setError);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await getApi().reviewers.add({ campaignId: campaign.id, name, unitName, role, certNo: certNo.trim() || null, phone: null, team });
      toast('success', `已添加评查人员 ${r.name}`);
      setName('');
      setCertNo('');
      await load();
      document.getElementById('reviewer-name')?.focus();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const assign = async (e: FormEvent) => {
    e.preventDefault();
    if (!seed.trim()) {
      setAssignError('请填写随机种子，或点击“生成”。');
      return;
    }
    setBusy(true);
    setAssignError(null);
    try {
      const res = await getApi().assignments.assign({ campaignId: campaign.id, perDossier: Number(perDossier), seed, replace: false });
      setProblems(res.problems);
      toast('success', `已分配 ${res.assignments.length} 条`);
      await load();
    } catch (err) {
      setAssignError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const active = assignments.filter((a) => a.status === 'active');

  return (
    <div className="assign">
      <section className="panel wide" aria-labelledby="reviewers-title">
        <h2 id="reviewers-title" className="panel-title">
          评查人员（{reviewers.length}）
        </h2>
        <ErrorBanner message={error ?? pins.error} />
        <RosterImport campaign={campaign} onImported={load} />
        <form className="form-grid" onSubmit={add} aria-label="添加评查人员">
          <label>
            姓名＊
            <input id="reviewer-name" value={name} onChange={(e) => setName(e.target.value)} aria-label="姓名" style={{ width: 120 }} />
          </label>
          <label>
            单位
            <input value={unitName} onChange={(e) => setUnitName(e.target.value)} aria-label="单位" style={{ width: 220 }} />
          </label>
          <label>
            角色
            <select value={role} onChange={(e) => setRole(e.target.value as ReviewerRole)} aria-label="角色">
              {REVIEWER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {REVIEWER_ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <label>
            证书编号
            <input value={certNo} onChange={(e) => setCertNo(e.target.value)} aria-label="证书编号" style={{ width: 160 }} />
          </label>
          <label>
            评查组
            <input value={team} onChange={(e) => setTeam(e.target.value)} aria-label="评查组" style={{ width: 90 }} />
          </label>
          <button type="submit" className="button primary" disabled={!name.trim()}>
            添加
          </button>
        </form>
        {reviewers.length > 0 ? (
          <div className="table-wrap" style={{ marginTop: 12 }}>
            <table className="data-table compact" aria-label="评查人员">
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">单位</th>
                  <th scope="col">角色</th>
                  <th scope="col">评查组</th>
                  <th scope="col">证书编号</th>
                  <th scope="col" className="num">任务数</th>
                  {office ? <th scope="col">PIN</th> : null}
                </tr>
              </thead>
              <tbody>
                {reviewers.map((r) => (
                  <tr key={r.id}>
                    <td>{r.name}</td>
                    <td>{r.unitName || <span className="muted">—</span>}</td>
                    <td>{REVIEWER_ROLE_LABELS[r.role]}</td>
                    <td>{r.team || <span className="muted">—</span>}</td>
                    <td className="mono">{r.certNo ?? ''}</td>
                    <td className="num">{r.load}</td>
                    {office ? (
                      <td>
                        <PinCell member={pins.holders.get(r.id)} onReset={() => void pins.reload()} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      {office ? <LockoutPolicyPanel campaignId={campaign.id} /> : null}

      <section className="panel wide" aria-labelledby="assign-title">
        <h2 id="assign-title" className="panel-title">
          分配
        </h2>
        <ErrorBanner message={assignError} />
        <form className="form-grid" onSubmit={assign} aria-label="随机分配">
          <label>
            每卷人数
            <input type="number" min={1} max={5} value={perDossier} onChange={(e) => setPerDossier(e.target.value)} aria-label="每卷人数" style={{ width: 80 }} />
          </label>
          <label>
            随机种子
            <span className="seed-row">
              <input value={seed} onChange={(e) => setSeed(e.target.value)} aria-label="分配随机种子" style={{ width: 200 }} />
              <button type="button" className="button small" onClick={() => setSeed(randomSeed())}>
                生成
              </button>
            </span>
          </label>
          <button type="submit" className="button primary" disabled={busy || reviewers.length === 0}>
            随机分配
          </button>
          <span className="muted small-text">评查人员不评查本单位的案卷，也不评查已声明回避的案卷。</span>
        </form>
        {busy ? <ProgressBar label="正在分配…" /> : null}
        {problems.length > 0 ? (
          <div className="banner banner-warning" role="alert" data-testid="assign-problems">
            <strong>有 {problems.length} 件案卷未能按要求分配：</strong>
            <ul className="plain-list">
              {problems.slice(0, 50).map((p, i) => (
                <li key={i}>
                  {p.caseNo}：{p.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {reassigned ? (
          <div className="banner banner-success" role="status" data-testid="reassigned">
            回避已登记。
            {reassigned.length === 0
              ? '没有需要重新分配的案卷。'
              : reassigned.map((r) => `${r.caseNo}：${r.from} → ${r.to ?? `未能重新分配（${r.problem ?? ''}）`}`).join('；')}
          </div>
        ) : null}
        {active.length > 0 ? (
          <div className="table-wrap" style={{ marginTop: 12 }}>
            <table className="data-table compact" aria-label="分配表">
              <thead>
                <tr>
                  <th scope="col">案卷编号</th>
                  <th scope="col">被评查单位</th>
                  <th scope="col">评查人员</th>
                  <th scope="col">评查人员单位</th>
                  <th scope="col">角色</th>
                  <th scope="col" className="actions-col">
                    <span className="visually-hidden">操作</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {active.map((a) => (
                  <tr key={a.id}>
                    <td className="mono nowrap">{a.caseNo}</td>
                    <td>{a.dossierUnit}</td>
                    <td>{a.reviewerName}</td>
                    <td>{a.reviewerUnit}</td>
                    <td>{ASSIGNMENT_ROLE_LABELS[a.role]}</td>
                    <td className="actions-col">
                      <button type="button" className="button small" onClick={() => setConflictFor(a)} aria-label={`声明回避：${a.reviewerName} ${a.caseNo}`}>
                        声明回避
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">尚未分配。</p>
        )}
      </section>

      {conflictFor ? (
        <ConflictDialog
          assignment={conflictFor}
          onClose={() => setConflictFor(null)}
          onDone={(r) => {
            setReassigned(r);
            void load();
          }}
        />
      ) : null}
    </div>
  );
}

function ConflictDialog({ assignment, onClose, onDone }: { assignment: Assignment; onClose(): void; onDone(r: Reassigned[]): void }) {
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useDialogSubmit(async () => {
    const res = await getApi().assignments.declareConflict({ reviewerId: assignment.reviewerId, dossierId: assignment.dossierId, reason, seed: 'conflict' });
    onDone(res.reassigned);
  }, onClose);
  return (
    <Dialog title="声明回避" onClose={onClose} size="small" busy={busy}>
      <form onSubmit={submit}>
        <div className="dialog-body">
          <ErrorBanner message={error} />
          <p>
            {assignment.reviewerName}（{assignment.reviewerUnit}）对案卷 <span className="mono">{assignment.caseNo}</span> 声明回避。该分配将撤回，并随机改派其他评查人员。
          </p>
          <div className="field">
            <label htmlFor="conflict-reason">
              回避理由<span className="required">＊</span>
            </label>
            <textarea id="conflict-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus placeholder="例如：与当事人有亲属关系" />
          </div>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            取消
          </button>
          <button type="submit" className="button primary" disabled={busy || !reason.trim()}>
            {busy ? '正在提交…' : '确定回避'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
