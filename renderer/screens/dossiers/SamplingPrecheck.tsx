/**
 * Before drawing: warns about dossiers that could not be reviewed if drawn — case types with no
 * 评查标准 (a 其他 case drawn at random cannot be scored) and dossiers with no 卷宗 PDF — and lets
 * the office leave them out. What is left out is recorded with the draw (excludeCaseNos).
 */
import './sampling-precheck.css';
import { useEffect, useState } from 'react';
import { errorMessage, getApi } from '../../api';

type Precheck = Awaited<ReturnType<ReturnType<typeof getApi>['sampling']['precheck']>>;

export function SamplingPrecheck({ campaignId, onChange }: { campaignId: string; onChange(excludeCaseNos: string[]): void }) {
  const [check, setCheck] = useState<Precheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Dossiers without a template cannot be scored: left out unless the office says otherwise.
  const [skipNoTemplate, setSkipNoTemplate] = useState(true);
  // A dossier without a PDF may still be reviewed on paper: kept unless the office leaves it out.
  const [skipNoPdf, setSkipNoPdf] = useState(false);

  useEffect(() => {
    let live = true;
    getApi()
      .sampling.precheck({ campaignId })
      .then((c) => live && (setCheck(c), setError(null)))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [campaignId]);

  useEffect(() => {
    if (!check) return onChange([]);
    const out = new Set<string>();
    if (skipNoTemplate) for (const g of check.noTemplate) for (const c of g.caseNos) out.add(c);
    if (skipNoPdf) for (const c of check.noPdf.caseNos) out.add(c);
    onChange([...out]);
  }, [check, skipNoTemplate, skipNoPdf, onChange]);

  if (error) {
    return (
      <div className="banner banner-error" role="alert">
        抽样前检查失败：{error}
      </div>
    );
  }
  if (!check || (check.noTemplate.length === 0 && check.noPdf.count === 0)) return null;
  const noTemplateCount = check.noTemplate.reduce((n, g) => n + g.count, 0);
  return (
    <div className="banner banner-warning sampling-precheck" role="status" data-testid="sampling-precheck">
      <strong>抽样前检查</strong>
      {noTemplateCount > 0 ? (
        <label className="check">
          <input type="checkbox" checked={skipNoTemplate} onChange={(e) => setSkipNoTemplate(e.target.checked)} />
          不抽取没有评查标准的案卷 {noTemplateCount} 件（
          {check.noTemplate.map((g) => `${g.caseType}${g.procedure ? `·${g.procedure}` : ''} ${g.count} 件`).join('、')}
          ）：抽中也无法评分
        </label>
      ) : null}
      {check.noPdf.count > 0 ? (
        <label className="check">
          <input type="checkbox" checked={skipNoPdf} onChange={(e) => setSkipNoPdf(e.target.checked)} />
          不抽取未附卷宗 PDF 的案卷 {check.noPdf.count} 件（共 {check.dossiers} 件；如按纸质案卷评查可保留）
        </label>
      ) : null}
      <span className="muted small-text">排除的案卷编号记入抽样记录，复核抽样时按记录重现。</span>
    </div>
  );
}
