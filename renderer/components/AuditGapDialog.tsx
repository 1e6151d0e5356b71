/**
 * Shown at start when the audit log ends before (or differs from) its signed chain head: saved
 * changes may have been lost (a damaged -wal file after a power cut, an older copy of the store).
 * It names what the head says is missing; nothing is written until the user acknowledges it, which
 * records the loss in the audit log itself (audit.acknowledgeGap).
 */
import type { AuditGap } from '../../shared/api/namespaces/audit';
import { getApi } from '../api';
import { Dialog } from './Dialog';
import { useDialogSubmit } from './ui';

const ACTION_LABELS: Record<string, string> = {
  save_answer: '保存评查答案',
  clear_answer: '清除评查答案',
  create: '新建',
  update: '修改',
  delete: '删除',
  import: '导入',
  attach: '导入卷宗文件',
  assign: '分配评查人员',
  correct_facts: '更正关键事实',
  confirm_finding: '确认自动检查问题',
  dismiss_finding: '驳回自动检查问题',
  submit: '提交评查',
  lock: '锁定评查',
  reopen: '退回评查',
};

const ENTITY_LABELS: Record<string, string> = {
  review: '评查',
  campaign: '评查活动',
  dossier: '案卷',
  dossier_file: '卷宗文件',
  finding: '自动检查问题',
  reviewer: '评查人员',
  register: '案卷登记表',
  template: '评查标准模板',
};

const TITLES: Record<AuditGap['kind'], string> = {
  shortened: '审计日志有缺失：部分已保存的修改可能已丢失',
  rewritten: '审计日志被改写',
  head_signature: '审计日志的签名链头无效',
  head_missing: '签名链头文件缺失：无法确认审计日志完整',
  head_older: '签名链头文件被换成了较早的版本：无法确认审计日志完整',
};

export function AuditGapDialog({ gap, onClose, onAcknowledged }: { gap: AuditGap; onClose(): void; onAcknowledged(): Promise<void> }) {
  const { busy, error, submit } = useDialogSubmit(async () => {
    await getApi().audit.acknowledgeGap({ headSeq: gap.headSeq });
    await onAcknowledged();
  }, onClose);
  return (
    <Dialog title={TITLES[gap.kind]} onClose={onClose} size="wide" alert busy={busy}>
      <form onSubmit={submit} data-testid="audit-gap-dialog">
        <div className="dialog-body">
          <p>{gap.message}</p>
          {gap.missing.length ? (
            <>
              <p className="muted">
                签名链头记录了以下 {gap.missing.length} 条{gap.missing.length < gap.missingCount ? `（共缺 ${gap.missingCount} 条，更早的未记录）` : ''}，数据库中已没有：
              </p>
              <div className="table-wrap audit-gap-table">
                <table className="data-table compact" aria-label="缺失的审计记录" data-testid="audit-gap-missing">
                  <thead>
                    <tr>
                      <th>条号</th>
                      <th>时间</th>
                      <th>操作人</th>
                      <th>操作</th>
                      <th>对象</th>
                    </tr>
                  </thead>
                  <tbody>
                    {gap.missing.map((m) => (
                      <tr key={m.seq}>
                        <td>{m.seq}</td>
                        <td>{new Date(m.at).toLocaleString('zh-CN', { hour12: false })}</td>
                        <td>{m.actor}</td>
                        <td>{ACTION_LABELS[m.action] ?? m.action}</td>
                        <td>
                          {ENTITY_LABELS[m.entity] ?? m.entity}
                          {m.entityId ? <span className="muted mono"> {m.entityId}</span> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="muted">请核对这些修改（例如重新录入丢失的评查答案）；如有备份，可先关闭程序，从备份恢复后再打开。</p>
            </>
          ) : null}
          <p className="muted">确认后，此事会记入审计日志，并重新签名链头，程序恢复可写。在此之前只能查看，不能修改。</p>
          {error ? (
            <div className="field-error" role="alert">
              {error}
            </div>
          ) : null}
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            暂不确认（只读查看）
          </button>
          <button type="submit" className="button danger" disabled={busy} autoFocus>
            我已知晓，记录并恢复写入
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
