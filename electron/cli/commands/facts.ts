/**
 * `facts`: a dossier's key facts — the register's value, the value read from the dossier's own
 * documents (with document and page), the value the checks use, and whether register and dossier agree.
 */
import type { FactEntry } from '../../../shared/api/namespaces/reviews';
import { AppError } from '../../../shared/errors';
import type { Command, CommandTable } from '../command';
import { formatTable } from '../format';
import { requireDb, withApi } from '../session';
import { CAMPAIGN_HELP, DB_HELP, requireString } from './options';

const USAGE = 'facts --db 文件 --campaign ID --dossier 案卷编号 [--json]';

const STATUS_LABEL: Record<string, string> = { match: '一致', differs: '不一致', 'register-only': '仅登记表', 'dossier-only': '仅卷内' };
const SOURCE_LABEL: Record<string, string> = { correction: '评查人更正', dossier: '卷内', register: '登记表' };

/** Amounts in yuan (register amounts are stored in fen), everything else as stored (dates YYYY-MM-DD). */
function plain(f: FactEntry, v: unknown): unknown {
  if (v === null || v === undefined || v === '') return null;
  if (f.kind === 'amount' && typeof v === 'number') return f.unit === 'fen' ? v / 100 : v;
  return v;
}

function text(f: FactEntry, v: unknown): string {
  const p = plain(f, v);
  if (p === null) return '—';
  if (f.kind === 'amount') return `${String(p)} 元`;
  if (f.kind === 'flag') return p ? '是' : '否';
  if (f.kind === 'officers') return (p as { name: string; certNo: string | null }[]).map((o) => (o.certNo ? `${o.name}（${o.certNo}）` : o.name)).join('、');
  if (Array.isArray(p)) return p.join('、');
  return String(p);
}

const facts: Command = {
  summary: '案卷关键事实：登记值、卷内值（文书与页码）、检查采用值及是否一致',
  usage: USAGE,
  options: { db: { type: 'string' }, campaign: { type: 'string' }, dossier: { type: 'string' } },
  optionHelp: [DB_HELP, CAMPAIGN_HELP, { flag: '--dossier 案卷编号', description: '案卷编号（与登记表一致）' }],
  async run(args, env) {
    const db = requireDb(args, USAGE);
    const campaignId = requireString(args, 'campaign', '评查活动 ID', USAGE);
    const caseNo = requireString(args, 'dossier', '案卷编号', USAGE);
    const view = await withApi(db, env, async (api) => {
      const found = await api.dossiers.list({ campaignId, search: caseNo, limit: 1000 });
      const dossier = found.items.find((d) => d.caseNo === caseNo);
      if (!dossier) throw new AppError('not_found', `评查活动中没有案卷编号为“${caseNo}”的案卷。`);
      return api.reviews.facts({ dossierId: dossier.id });
    });
    const rows = view.fields.filter((f) => f.status);
    const json = {
      dossierNo: view.caseNo,
      fields: rows.map((f) => ({
        key: f.key,
        label: f.label,
        register: plain(f, f.registerValue),
        dossier: f.dossier ? { value: plain(f, f.dossier.value), page: f.dossier.page, document: f.dossier.document } : null,
        used: plain(f, f.value),
        status: f.status,
      })),
      ...(view.procedureInferred ? { procedureInferred: view.procedureInferred } : {}),
      ...(view.dossierRead ? { pagesUnread: view.dossierRead.pagesUnread } : {}),
    };
    if (!view.dossierRead) return { json, text: `案卷“${caseNo}”尚未导入 PDF：只有登记值。` };
    const table = formatTable(
      ['事实', '登记值', '卷内值', '出处', '采用', '比对'],
      rows.map((f) => [
        f.label,
        text(f, f.registerValue),
        f.dossier ? text(f, f.dossier.value) : '—',
        f.dossier ? `${f.dossier.document} 第${f.dossier.page}页` : '',
        `${text(f, f.value)}（${f.source ? SOURCE_LABEL[f.source] : ''}）`,
        STATUS_LABEL[f.status!] ?? '',
      ]),
    );
    const notes = [
      view.dossierRead.pagesUnread ? `另有 ${view.dossierRead.pagesUnread} 页扫描件尚未完成文字识别，识别后可能读出更多事实。` : '',
      view.procedureInferred ? `程序类型：${view.procedureInferred.reason}。` : '',
    ].filter(Boolean);
    return { json, text: [table, ...notes].join('\n') };
  },
};

export const factCommands: CommandTable = { facts };
