/**
 * The pieces every table-import dialog shows (登记表, 裁量基准…): the file picker with the chosen
 * names beside it, and the all-or-nothing error list by file, row, column and value.
 */
import type { ReactNode } from 'react';

/** A button that opens the file chooser (the real input stays reachable by label and test id). */
export function FilePick({
  label,
  ariaLabel,
  accept,
  multiple = false,
  disabled = false,
  id,
  testId,
  chosen,
  onPick,
  clearAfterPick = false,
}: {
  /** Button text, e.g. "选择文件…". */
  label: string;
  ariaLabel: string;
  accept: string;
  multiple?: boolean;
  disabled?: boolean;
  id?: string;
  testId?: string;
  /** What stands beside the button: the chosen names, or a hint while none is chosen. */
  chosen: ReactNode;
  onPick(files: FileList | null): void;
  /** Empty the input after onPick (which must have read the list synchronously). */
  clearAfterPick?: boolean;
}) {
  return (
    <div className="file-pick">
      <label className="button file-button">
        {label}
        <input
          id={id}
          className="visually-hidden"
          data-testid={testId}
          type="file"
          multiple={multiple}
          accept={accept}
          onChange={(e) => {
            onPick(e.target.files);
            // The same file may be chosen again (after fixing it): only for callers that copied the list at once.
            if (clearAfterPick) e.target.value = '';
          }}
          disabled={disabled}
          aria-label={ariaLabel}
        />
      </label>
      <span className="muted">{chosen}</span>
    </div>
  );
}

export interface ImportIssue {
  file: string;
  /** 0 when the problem is not on one row (a missing column, an unreadable file). */
  row: number;
  column: string;
  value: string;
  message: string;
}

/** The problems found in imported files, one row each; long values are clipped with the full text on hover. */
export function IssueTable({ title, issues }: { title: string; issues: ImportIssue[] }) {
  return (
    <div className="table-wrap issue-wrap">
      <table className="data-table compact" aria-label={title}>
        <thead>
          <tr>
            <th scope="col">文件</th>
            <th scope="col" className="num">行</th>
            <th scope="col">列</th>
            <th scope="col">值</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((e, i) => (
            <tr key={i}>
              <td>{e.file}</td>
              <td className="num">{e.row || '—'}</td>
              <td>{e.column}</td>
              <td className="cell-clip" title={e.value}>
                {e.value}
              </td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
