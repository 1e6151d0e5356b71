/** `documents`: a dossier's document map — titles and page ranges, and whether OCR or a reviewer set them. */
import { AppError } from '../../../shared/errors';
import { DOCUMENT_SOURCE_LABELS } from '../../../shared/labels';
import type { Command, CommandTable } from '../command';
import { formatTable } from '../format';
import { requireDb, withApi } from '../session';
import { CAMPAIGN_HELP, DB_HELP, requireString } from './options';

const USAGE = 'documents --db 文件 --campaign ID --dossier 案卷编号 [--json]';


const documents: Command = {
  summary: '案卷文书目录（文书名称、起止页、来源）',
  usage: USAGE,
  options: { db: { type: 'string' }, campaign: { type: 'string' }, dossier: { type: 'string' } },
  optionHelp: [DB_HELP, CAMPAIGN_HELP, { flag: '--dossier 案卷编号', description: '案卷编号（与登记表一致）' }],
  async run(args, env) {
    const db = requireDb(args, USAGE);
    const campaignId = requireString(args, 'campaign', '评查活动 ID', USAGE);
    const caseNo = requireString(args, 'dossier', '案卷编号', USAGE);
    const { map, files } = await withApi(db, env, async (api) => {
      const found = await api.dossiers.list({ campaignId, search: caseNo, limit: 1000 });
      const dossier = found.items.find((d) => d.caseNo === caseNo);
      if (!dossier) throw new AppError('not_found', `评查活动中没有案卷编号为“${caseNo}”的案卷。`);
      return { map: await api.files.documentMap({ dossierId: dossier.id }), files: await api.files.list({ dossierId: dossier.id }) };
    });
    const json = map.map((d) => ({ title: d.title, startPage: d.startPage, endPage: d.endPage, source: d.source, fileId: d.fileId, confidence: d.confidence }));
    if (!files.length) return { json, text: `案卷“${caseNo}”尚未导入 PDF。` };
    const name = new Map(files.map((f) => [f.id, f.originalName]));
    const text = map.length
      ? formatTable(
          ['文书', '起止页', '来源', '文件'],
          map.map((d) => [d.title, d.startPage === d.endPage ? `${d.startPage}` : `${d.startPage}–${d.endPage}`, DOCUMENT_SOURCE_LABELS[d.source], name.get(d.fileId) ?? '']),
        )
      : `案卷“${caseNo}”的 PDF 中尚未识别出文书（扫描页可能仍在识别中）。`;
    return { json, text };
  },
};

export const documentCommands: CommandTable = { documents };
