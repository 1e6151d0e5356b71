/** `campaign …`: create, list and show review campaigns (评查活动). */
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import { AppError } from '../../../shared/errors';
import { CAMPAIGN_PHASE_LABELS } from '../../../shared/labels';
import type { Command, CommandTable, Invocation } from '../command';
import { formatFields, formatTable, truncate } from '../format';
import { requireDb, stringOption, withApi } from '../session';
import { UsageError } from '../errors';

const CREATE_USAGE = 'campaign create --db 文件 --name 名称 --year 年度 [--organiser 组织单位] [--scope 范围说明] [--json]';
const LIST_USAGE = 'campaign list --db 文件 [--json]';
const SHOW_USAGE = 'campaign show --db 文件 (--campaign ID | ID) [--json]';

const DB_HELP = { flag: '--db 文件', description: '评查数据库文件（须已由 init 创建）' };

/**
 * The year as a number. Only the shape is checked here (it must be an integer literal); the range is
 * left to the API contract, so the CLI reports exactly what the UI would.
 */
function parseYear(raw: string): number {
  const s = raw.trim();
  if (!/^[+-]?\d{1,9}$/.test(s)) throw new AppError('invalid_argument', `年度必须是整数（收到“${raw}”）`);
  return Number(s);
}

export function campaignFields(c: Campaign): [string, string][] {
  return [
    ['ID', c.id],
    ['名称', c.name],
    ['年度', String(c.year)],
    ['组织单位', c.organiser || '（未填写）'],
    ['阶段', CAMPAIGN_PHASE_LABELS[c.phase] ?? c.phase],
    ['案卷数', String(c.dossierCount)],
    ['范围说明', c.scopeNotes || '（未填写）'],
    ['创建时间', c.createdAt],
    ['更新时间', c.updatedAt],
  ];
}

function campaignId(args: Invocation): string {
  const fromOption = stringOption(args, 'campaign');
  const fromPositional = args.positionals[0];
  if (fromOption !== undefined && fromPositional !== undefined && fromOption !== fromPositional) {
    throw new UsageError(`活动 ID 给了两个不同的值：“${fromOption}”和“${fromPositional}”`, SHOW_USAGE);
  }
  const id = fromOption ?? fromPositional;
  if (id === undefined || id.trim() === '') throw new UsageError('缺少活动 ID：请用 --campaign ID 或直接在命令后给出 ID', SHOW_USAGE);
  return id.trim();
}

const create: Command = {
  summary: '新建评查活动',
  usage: CREATE_USAGE,
  options: {
    db: { type: 'string' },
    name: { type: 'string' },
    year: { type: 'string' },
    organiser: { type: 'string' },
    scope: { type: 'string' },
  },
  optionHelp: [
    DB_HELP,
    { flag: '--name 名称', description: '活动名称（必填）' },
    { flag: '--year 年度', description: '评查年度，如 2025（必填）' },
    { flag: '--organiser 组织单位', description: '组织评查的单位' },
    { flag: '--scope 范围说明', description: '评查范围说明' },
  ],
  async run(args, env) {
    const db = requireDb(args, CREATE_USAGE);
    const name = stringOption(args, 'name');
    const yearRaw = stringOption(args, 'year');
    if (name === undefined) throw new UsageError('缺少必需的选项 --name（活动名称）', CREATE_USAGE);
    if (yearRaw === undefined) throw new UsageError('缺少必需的选项 --year（评查年度）', CREATE_USAGE);
    const year = parseYear(yearRaw);
    const organiser = stringOption(args, 'organiser');
    const scopeNotes = stringOption(args, 'scope');
    const campaign = await withApi(db, env, (api) =>
      api.campaigns.create({
        name,
        year,
        ...(organiser !== undefined ? { organiser } : {}),
        ...(scopeNotes !== undefined ? { scopeNotes } : {}),
      }),
    );
    return { json: campaign, text: `已新建评查活动“${campaign.name}”。\n${formatFields(campaignFields(campaign))}` };
  },
};

const list: Command = {
  summary: '列出全部评查活动（按年度倒序）',
  usage: LIST_USAGE,
  options: { db: { type: 'string' } },
  optionHelp: [DB_HELP],
  async run(args, env) {
    const db = requireDb(args, LIST_USAGE);
    const campaigns = await withApi(db, env, (api) => api.campaigns.list({}));
    if (campaigns.length === 0) {
      return { json: campaigns, text: '暂无评查活动。可用“dossier-review campaign create”新建。' };
    }
    const table = formatTable(
      ['ID', '年度', '名称', '组织单位', '阶段', '案卷数'],
      campaigns.map((c) => [
        c.id,
        String(c.year),
        truncate(c.name, 40),
        truncate(c.organiser, 24),
        CAMPAIGN_PHASE_LABELS[c.phase] ?? c.phase,
        String(c.dossierCount),
      ]),
    );
    return { json: campaigns, text: `${table}\n共 ${campaigns.length} 个评查活动。` };
  },
};

const show: Command = {
  summary: '查看一个评查活动',
  usage: SHOW_USAGE,
  options: { db: { type: 'string' }, campaign: { type: 'string' } },
  optionHelp: [DB_HELP, { flag: '--campaign ID', description: '活动 ID（也可直接写在命令后）' }],
  maxPositionals: 1,
  async run(args, env) {
    const db = requireDb(args, SHOW_USAGE);
    const id = campaignId(args);
    const campaign = await withApi(db, env, (api) => api.campaigns.get({ id }));
    return { json: campaign, text: formatFields(campaignFields(campaign)) };
  },
};

export const campaignCommands: CommandTable = {
  'campaign create': create,
  'campaign list': list,
  'campaign show': show,
};
