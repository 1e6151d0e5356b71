/** Registers the campaign-level generators (loaded by electron/core/export/index.ts). */
import { registerGenerator } from '../registry';
import { bulletinPdf, bulletinWord } from './bulletin';
import { noticePdf, noticeWord } from './notice';
import { summaryPdf, summaryWord } from './summary';
import { workbookXlsx } from './workbook';

registerGenerator('summary', 'pdf', summaryPdf);
registerGenerator('summary', 'docx', summaryWord);
registerGenerator('bulletin', 'pdf', bulletinPdf);
registerGenerator('bulletin', 'docx', bulletinWord);
registerGenerator('workbook', 'xlsx', workbookXlsx);
registerGenerator('notice', 'pdf', noticePdf);
registerGenerator('notice', 'docx', noticeWord);
