/**
 * The workbook's 评查一致性 sheet: one table with the agreement per checklist item (lowest first,
 * flagged 需统一尺度), per reviewer pair, and each reviewer's mean score difference against the
 * reference result. Same figures as the 统计与导出 panel and the `agreement` CLI command.
 */
import type { ReadableDB } from '../../../../db/handles';
import type { KappaFigure } from '../../../../shared/api/namespaces/agreement';
import { agreementForCampaign } from '../../agreement/campaign';
import type { CellValue, XlsxStreamWriter } from './xlsx-writer';

export const AGREEMENT_SHEET = '评查一致性';

const METHOD = { cohen: 'Cohen kappa', fleiss: 'Fleiss kappa' } as const;

const figureCells = (f: KappaFigure): CellValue[] => [METHOD[f.method], f.kappa, f.strength, f.observed, f.expected];

export async function writeAgreementSheet(wb: XlsxStreamWriter, db: ReadableDB, campaignId: string): Promise<void> {
  const r = agreementForCampaign(db, campaignId);
  const sheet = await wb.addSheet(AGREEMENT_SHEET, [
    { header: '类别', width: 12 },
    { header: '评查项编码 / 评查人', width: 16 },
    { header: '名称', width: 34 },
    { header: '方法', width: 13 },
    { header: 'kappa', width: 8, numFmt: '0.00' },
    { header: '一致程度', width: 12 },
    { header: '观察一致率', width: 11, numFmt: '0.0%' },
    { header: '偶然一致率', width: 11, numFmt: '0.0%' },
    { header: '案卷数', width: 8 },
    { header: '不一致案卷 / 比较项次', width: 12 },
    { header: '平均分差', width: 9, numFmt: '+0.00;-0.00;0.00' },
    { header: '说明', width: 44 },
  ]);
  await sheet.row(['总体', '', `${r.sharedDossiers} 件案卷由两名以上评查人独立评查`, ...figureCells(r.overall), r.sharedDossiers, r.overall.subjects, null, r.overall.reasonText ?? '']);
  for (const i of r.items) {
    const note = i.needsRuling ? `需统一尺度（kappa ≤ ${r.rulingAtOrBelow}）` : (i.figure.reasonText ?? '');
    await sheet.row(['评查项', i.itemCode, i.dimension ? `${i.title}（${i.dimension}）` : i.title, ...figureCells(i.figure), i.dossiers, i.disagreements, null, note]);
  }
  for (const p of r.pairs) {
    await sheet.row(['评查人组合', `${p.nameA} / ${p.nameB}`, '共同评查案卷中两人都作答的评查项', ...figureCells(p.figure), p.dossiers, p.figure.subjects, null, p.figure.reasonText ?? '']);
  }
  for (const v of r.reviewers) {
    await sheet.row(['评查人', v.name, `与${r.referenceText}相比（负数为偏严）`, '', null, '', null, null, v.sharedDossiers, null, v.meanDifference, v.tendencyText]);
  }
}
