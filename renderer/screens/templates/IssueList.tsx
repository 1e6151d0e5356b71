/** A failed import or save: the API's message, and its per-item issues as a table. */
import type { TemplateIssue } from '../../../shared/domain/scoring';
import { AppError } from '../../../shared/errors';

/** Issues sent by the API in AppError.details.errors (import/save validation). */
export function issuesOf(err: unknown): TemplateIssue[] | null {
  if (!(err instanceof AppError)) return null;
  const d = err.details as { errors?: unknown } | undefined;
  return Array.isArray(d?.errors) ? (d.errors as TemplateIssue[]) : null;
}

export function IssueList({ message, issues }: { message: string; issues: TemplateIssue[] }) {
  const head = issues.length ? message.split('\n')[0] : message;
  return (
    <div className="banner banner-error" role="alert" data-testid="template-issues">
      <div>{head}</div>
      {issues.length ? (
        <table className="data-table compact issue-table" aria-label="模板问题">
          <thead>
            <tr>
              <th scope="col">评查项</th>
              <th scope="col">问题</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((e, i) => (
              <tr key={i}>
                <td className="mono nowrap">{e.itemCode ?? e.dimension ?? '—'}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
