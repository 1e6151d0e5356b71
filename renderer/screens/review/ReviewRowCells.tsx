/**
 * The cells the 评查 queue and the 待锁定 list share, written once so the two lists cannot drift
 * apart: the case number and unit, the review's marks (已退回, 签批后有改动), and score / grade with
 * the actions column's header.
 */
import type { ReactNode } from 'react';

/** The first two headers, over CaseCells. */
export function CaseHeaders() {
  return (
    <>
      <th>案卷编号</th>
      <th>执法单位</th>
    </>
  );
}

/** 案卷编号 and 执法单位, the first two cells of a row. */
export function CaseCells({ caseNo, unitName }: { caseNo: string; unitName: string }) {
  return (
    <>
      <td className="mono">{caseNo}</td>
      <td>{unitName}</td>
    </>
  );
}

/** The last three headers: 得分, 等次 and the (visually hidden) 操作 over the row buttons. */
export function ScoreHeaders() {
  return (
    <>
      <th className="num">得分</th>
      <th>等次</th>
      <th className="actions-col">
        <span className="visually-hidden">操作</span>
      </th>
    </>
  );
}

/** 得分 and 等次; `grade` may carry its qualifier (暂定, 否决) already. */
export function ScoreCells({ total, grade }: { total: number | null; grade: ReactNode }) {
  return (
    <>
      <td className="num">{total ?? '—'}</td>
      <td>{grade ?? '—'}</td>
    </>
  );
}

const CHANGED_TITLE = '此评查表签批（提交或组长锁定）后内容有改动，改动记录见审计日志：锁定前请查看改动';

/** 已退回 (with the reason on hover) and 签批后有改动, as every list of reviews shows them. */
export function ReviewMarks({ returnedReason = null, changedSinceSignOff }: { returnedReason?: string | null; changedSinceSignOff: boolean }) {
  return (
    <>
      {returnedReason ? (
        <span className="badge queue-returned" title={`退回理由：${returnedReason}`}>
          已退回
        </span>
      ) : null}
      {changedSinceSignOff ? (
        <span className="badge signoff-changed" title={CHANGED_TITLE}>
          签批后有改动
        </span>
      ) : null}
    </>
  );
}
