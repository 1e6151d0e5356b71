/** `sample`: draw the dossiers to review, reproducibly from a public seed. */
import type { Draw } from '../../../shared/api/namespaces/sampling';
import { AppError } from '../../../shared/errors';
import type { Command, CommandTable } from '../command';
import { UsageError } from '../errors';
import { formatTable, truncate } from '../format';
import { requireDb, stringOption, withApi } from '../session';
import { CAMPAIGN_HELP, DB_HELP, intOption, numberOption, requireString } from './options';

const USAGE =
  'sample --db 文件 --campaign ID (--per-unit N | --ratio 比例 [--min N]) [--stratify 案件类型] [--from 日期 --to 日期] [--exclude-no-template] [--exclude-no-pdf] --seed 种子 [--redraw] [--json]';

const sample: Command = {
  summary: '随机抽取案卷（同一目录、设置和种子得到相同结果）',
  usage: USAGE,
  options: {
    db: { type: 'string' },
    campaign: { type: 'string' },
    'per-unit': { type: 'string' },
    ratio: { type: 'string' },
    min: { type: 'string' },
    stratify: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    seed: { type: 'string' },
    redraw: { type: 'boolean' },
    'exclude-no-template': { type: 'boolean' },
    'exclude-no-pdf': { type: 'boolean' },
  },
  optionHelp: [
    DB_HELP,
    CAMPAIGN_HELP,
    { flag: '--per-unit N', description: '每个单位抽取 N 卷' },
    { flag: '--ratio 比例', description: '按比例抽取，如 0.1 或 10%' },
    { flag: '--min N', description: '按比例抽取时每单位至少抽取的卷数' },
    { flag: '--stratify 案件类型', description: '在每个单位内按案件类型分层抽取' },
    { flag: '--from 日期 --to 日期', description: '只从结案日期在此范围内（含两端）的案卷中抽取，YYYY-MM-DD' },
    { flag: '--seed 种子', description: '随机种子（公开记录，任何人可据此复核抽样结果）' },
    { flag: '--redraw', description: '已抽样时重新抽取（原结果保留在抽样记录中）' },
    { flag: '--exclude-no-template', description: '不抽取没有评查标准的案卷（如“其他”类案件，抽中也无法评分）' },
    { flag: '--exclude-no-pdf', description: '不抽取未附卷宗 PDF 的案卷；排除的案卷编号记入抽样记录' },
  ],
  async run(args, env) {
    const db = requireDb(args, USAGE);
    const campaignId = requireString(args, 'campaign', '评查活动 ID', USAGE);
    const seed = requireString(args, 'seed', '随机种子', USAGE);
    const perUnit = intOption(args, 'per-unit', '每单位抽取数');
    const ratio = numberOption(args, 'ratio', '抽取比例');
    const min = intOption(args, 'min', '每单位最少抽取数');
    if ((perUnit === undefined) === (ratio === undefined)) throw new UsageError('请用 --per-unit 或 --ratio 二选一指定抽取数量', USAGE);
    if (min !== undefined && ratio === undefined) throw new UsageError('--min 只能与 --ratio 一起使用', USAGE);
    const stratify = stringOption(args, 'stratify');
    if (stratify !== undefined && stratify.trim() !== '案件类型') {
      throw new AppError('invalid_argument', `只能按“案件类型”分层（收到“${stratify}”）`);
    }
    const from = stringOption(args, 'from')?.trim() || null;
    const to = stringOption(args, 'to')?.trim() || null;
    const skipNoTemplate = args.values['exclude-no-template'] === true;
    const skipNoPdf = args.values['exclude-no-pdf'] === true;
    const draw: Draw = await withApi(db, env, async (api) => {
      // Warn (or leave out, when asked) what could not be reviewed if drawn.
      const check = await api.sampling.precheck({ campaignId });
      const noTemplate = check.noTemplate.flatMap((g) => g.caseNos);
      if (noTemplate.length && !skipNoTemplate) {
        env.warn(`警告：${noTemplate.length} 件案卷没有评查标准（${check.noTemplate.map((g) => `${g.caseType} ${g.count} 件`).join('、')}），抽中也无法评分；可加 --exclude-no-template 排除。`);
      }
      if (check.noPdf.count && !skipNoPdf) env.warn(`提示：${check.noPdf.count} 件案卷未附卷宗 PDF；可加 --exclude-no-pdf 排除。`);
      const excludeCaseNos = [...new Set([...(skipNoTemplate ? noTemplate : []), ...(skipNoPdf ? check.noPdf.caseNos : [])])];
      return api.sampling.draw({
        campaignId,
        seed,
        redraw: args.values.redraw === true,
        settings: {
          mode: perUnit !== undefined ? 'per_unit' : 'ratio',
          ...(perUnit !== undefined ? { perUnit } : {}),
          ...(ratio !== undefined ? { ratio } : {}),
          min: min ?? 0,
          stratify: stratify !== undefined,
          from,
          to,
          caseTypes: [],
          ...(excludeCaseNos.length ? { excludeCaseNos } : {}),
        },
      });
    });
    const items = [...draw.items].sort((a, b) => a.drawOrder - b.drawOrder);
    const caseNos = items.map((i) => i.caseNo);
    const strata = formatTable(
      ['单位', '层', '总数', '抽取'],
      draw.strata.map((s) => [truncate(s.unitName, 30), s.caseType ?? '—', String(s.population), String(s.drawn)]),
    );
    const list = formatTable(
      ['序号', '案卷编号', '单位', '案件类型', '当事人', '结案日期'],
      items.map((i) => [String(i.drawOrder), i.caseNo, truncate(i.unitName, 24), i.caseType, truncate(i.party, 20), i.closedDate]),
    );
    const left = (draw.settings as { excludeCaseNos?: string[] }).excludeCaseNos?.length ?? 0;
    const text = [`已抽取 ${items.length} 卷（种子“${draw.seed}”，抽样记录 ${draw.id}）${left ? `，抽取前排除 ${left} 卷` : ''}。`, '', strata, '', list].join('\n');
    return { json: { ...draw, items, caseNos }, text };
  },
};

export const sampleCommands: CommandTable = { sample };
