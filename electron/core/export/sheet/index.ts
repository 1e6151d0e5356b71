/** Registers the 评查表 generators: a reviewed dossier's sheet and the blank sheet, as PDF and DOCX. */
import { AppError } from '../../../../shared/errors';
import { exportFileName } from '../../../../shared/domain/export/mask';
import { MIME_TYPES, registerGenerator } from '../registry';
import type { ExportGenerator, ExportRequest } from '../types';
import { loadBlankSheet, loadReviewedSheet, type SheetModel } from './data';
import { renderSheetDocx } from './render-docx';
import { renderSheetHtml } from './render-html';

const dossierOf = (r: ExportRequest): string => {
  if (!r.dossierId) throw new AppError('invalid_argument', '导出评查表须指定案卷。');
  return r.dossierId;
};

/** e.g. 评查表_XX市场监管局_X市监罚〔2024〕12号_张*.pdf — masked like the document. */
export function sheetFileName(m: SheetModel, request: ExportRequest): string {
  const h = m.header;
  // One reviewer's own sheet names the reviewer, so several of one dossier do not overwrite each other.
  const who = request.reviewId ? m.reviewers.slice(0, 1) : [];
  return exportFileName([m.blank ? '空白评查表' : '评查表', h.unitName, h.caseNo, h.party, ...who], request.format, request.mask);
}

const generator =
  (blank: boolean): ExportGenerator =>
  async (request, { ctx, printer, control }) => {
    control.progress(0, 2, '读取评查数据');
    const model = blank ? loadBlankSheet(ctx, request.campaignId, dossierOf(request), request.mask) : loadReviewedSheet(ctx, request.campaignId, dossierOf(request), request.mask, request.reviewId);
    await control.yieldToLoop();
    control.progress(1, 2, request.format === 'pdf' ? '排版并生成 PDF' : '生成 Word 文档');
    const bytes = request.format === 'pdf' ? await printer.print(renderSheetHtml(model)) : await renderSheetDocx(model);
    control.progress(2, 2, '完成');
    return { bytes, fileName: sheetFileName(model, request), mime: MIME_TYPES[request.format] };
  };

registerGenerator('sheet', 'pdf', generator(false));
registerGenerator('sheet', 'docx', generator(false));
registerGenerator('blank', 'pdf', generator(true));
registerGenerator('blank', 'docx', generator(true));
