/**
 * `settings …`: a campaign's 评查规则参数 (values the law leaves to ministries and provinces) and
 * `calendar …`: the holiday schedules the working-day counts use.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import type { Command, CommandTable, Invocation } from '../command';
import { UsageError } from '../errors';
import { formatTable, truncate } from '../format';
import { requireDb, stringOption, withApi } from '../session';

const SHOW_USAGE = 'settings show --db 文件 --campaign ID [--sector 执法领域] [--json]';
const SET_USAGE = 'settings set --db 文件 --campaign ID --key 参数 --value 值 [--sector 执法领域] [--json]';
const RESET_USAGE = 'settings reset --db 文件 --campaign ID --key 参数 [--sector 执法领域] [--json]';
const GRADE_USAGE = 'settings grade-model --db 文件 --campaign ID [--model three|four|template] [--json]';
const CAL_LIST_USAGE = 'calendar list --db 文件 [--campaign ID] [--json]';
const CAL_IMPORT_USAGE = 'calendar import --db 文件 节假日文件 [--json]';
const CAL_SHOW_USAGE = 'calendar show --db 文件 --year 年份 [--json]';

const DB_HELP = { flag: '--db 文件', description: '评查数据库文件（须已由 init 创建）' };
const CAMPAIGN_HELP = { flag: '--campaign ID', description: '评查活动 ID（必填）' };
const SECTOR_HELP = { flag: '--sector 执法领域', description: '只对这一执法领域（如 生态环境、公安）；不填为整个评查活动' };

function required(args: Invocation, name: string, what: string, usage: string): string {
  const v = stringOption(args, name)?.trim();
  if (!v) throw new UsageError(`缺少必需的选项 --${name}（${what}）`, usage);
  return v;
}

const show: Command = {
  summary: '显示评查规则参数：每项的取值、来源（本活动设置／默认）、默认值和法律依据',
  usage: SHOW_USAGE,
  options: { db: { type: 'string' }, campaign: { type: 'string' }, sector: { type: 'string' } },
  optionHelp: [DB_HELP, CAMPAIGN_HELP, { flag: '--sector 执法领域', description: '显示这一执法领域的案卷所用的取值' }],
  async run(args, env) {
    const db = requireDb(args, SHOW_USAGE);
    const campaignId = required(args, 'campaign', '评查活动 ID', SHOW_USAGE);
    const sector = stringOption(args, 'sector')?.trim() ?? '';
    const { catalogue, current } = await withApi(db, env, async (api) => ({
      catalogue: await api.ruleSettings.catalogue({}),
      current: await api.ruleSettings.get({ campaignId }),
    }));
    const known = current.sectors.map((s) => s.name);
    if (sector && !known.includes(sector)) throw new AppError('invalid_argument', `未知的执法领域“${sector}”：可选 ${known.join('、')}`);
    const json = catalogue.map((c) => {
      const own = sector ? current.stored.find((s) => s.key === c.key && s.sector === sector) : undefined;
      const campaign = current.stored.find((s) => s.key === c.key && s.sector === '');
      const used = own ?? campaign;
      return {
        key: c.key,
        label: c.label,
        value: used ? used.value : c.defaultValue,
        valueText: used ? used.valueText : c.defaultText,
        origin: own ? `本活动设置（${sector}）` : campaign ? '本活动设置' : '默认',
        defaultText: c.defaultText,
        basis: c.basis,
        sectorValues: current.stored.filter((s) => s.key === c.key && s.sector !== '').map((s) => ({ sector: s.sector, value: s.value, valueText: s.valueText })),
      };
    });
    const table = formatTable(
      ['参数', '名称', '取值', '来源', '默认', '各领域另设', '依据'],
      json.map((r) => [r.key, r.label, r.valueText, r.origin, r.defaultText, r.sectorValues.map((s) => `${s.sector} ${s.valueText}`).join('；') || '—', truncate(r.basis, 40)]),
    );
    const unmatched = current.unmatchedFields.length
      ? `\n执法领域未能识别、按整个活动的取值检查的案卷：${current.unmatchedFields.map((u) => `${u.field} ${u.dossiers} 件`).join('，')}`
      : '';
    return { json, text: `${table}${unmatched}` };
  },
};

const set: Command = {
  summary: '设置一项评查规则参数（可只对一个执法领域），记入审计日志',
  usage: SET_USAGE,
  options: { db: { type: 'string' }, campaign: { type: 'string' }, sector: { type: 'string' }, key: { type: 'string' }, value: { type: 'string' } },
  optionHelp: [DB_HELP, CAMPAIGN_HELP, { flag: '--key 参数', description: '参数名，见 settings show 第一列（如 largeFine.单位）' }, { flag: '--value 值', description: '新取值（数字、是/否、选项名；留空表示不设置）' }, SECTOR_HELP],
  async run(args, env) {
    const db = requireDb(args, SET_USAGE);
    const campaignId = required(args, 'campaign', '评查活动 ID', SET_USAGE);
    const key = required(args, 'key', '参数名', SET_USAGE);
    const value = stringOption(args, 'value');
    if (value === undefined) throw new UsageError('缺少必需的选项 --value（新取值）', SET_USAGE);
    const sector = stringOption(args, 'sector')?.trim() ?? '';
    const { setting } = await withApi(db, env, (api) => api.ruleSettings.set({ campaignId, sector, key, value }));
    return { json: setting, text: `已设置 ${setting.key}${setting.sector ? `（${setting.sector}）` : ''} = ${setting.valueText}；重新运行 check 后生效。` };
  },
};

const reset: Command = {
  summary: '恢复一项评查规则参数为默认值（或整个活动的取值），记入审计日志',
  usage: RESET_USAGE,
  options: { db: { type: 'string' }, campaign: { type: 'string' }, sector: { type: 'string' }, key: { type: 'string' } },
  optionHelp: [DB_HELP, CAMPAIGN_HELP, { flag: '--key 参数', description: '参数名' }, SECTOR_HELP],
  async run(args, env) {
    const db = requireDb(args, RESET_USAGE);
    const campaignId = required(args, 'campaign', '评查活动 ID', RESET_USAGE);
    const key = required(args, 'key', '参数名', RESET_USAGE);
    const sector = stringOption(args, 'sector')?.trim() ?? '';
    const res = await withApi(db, env, (api) => api.ruleSettings.reset({ campaignId, sector, key }));
    return { json: res, text: res.removed ? `已恢复 ${key}${sector ? `（${sector}）` : ''}。` : `${key}${sector ? `（${sector}）` : ''} 本来就未设置，未作修改。` };
  },
};

const gradeModelCmd: Command = {
  summary: '显示或选择评查活动的等次模型（三档 three／四档 four／按模板 template；已有评查表后不能再改）',
  usage: GRADE_USAGE,
  options: { db: { type: 'string' }, campaign: { type: 'string' }, model: { type: 'string' } },
  optionHelp: [DB_HELP, CAMPAIGN_HELP, { flag: '--model 模型', description: 'three：优秀/合格/不合格；four：另设良好；template：按模板。不填则只显示' }],
  async run(args, env) {
    const db = requireDb(args, GRADE_USAGE);
    const campaignId = required(args, 'campaign', '评查活动 ID', GRADE_USAGE);
    const model = stringOption(args, 'model')?.trim();
    const { models, current, changed } = await withApi(db, env, async (api) => {
      const changed = model ? (await api.ruleSettings.setGradeModel({ campaignId, model })).changed : null;
      return { models: await api.ruleSettings.gradeModels({}), current: (await api.ruleSettings.get({ campaignId })).gradeModel, changed };
    });
    const m = models.find((x) => x.id === current.id);
    const text = `${changed ? '已选择' : '当前'}等次模型：${m?.label ?? current.id}${current.locked ? '（已有评查表，不能再改）' : ''}\n依据：${m?.source ?? ''}`;
    return { json: { ...current, label: m?.label ?? '', changed }, text };
  },
};

const calendarList: Command = {
  summary: '列出已载入节假日安排的年份；给出评查活动时指出其案卷涉及而尚未载入的年份',
  usage: CAL_LIST_USAGE,
  options: { db: { type: 'string' }, campaign: { type: 'string' } },
  optionHelp: [DB_HELP, { flag: '--campaign ID', description: '检查这一评查活动的案卷日期涉及的年份是否都已载入' }],
  async run(args, env) {
    const db = requireDb(args, CAL_LIST_USAGE);
    const campaignId = stringOption(args, 'campaign')?.trim();
    const { years, coverage } = await withApi(db, env, async (api) => ({
      years: await api.checks.calendarYears({}),
      coverage: campaignId ? await api.ruleSettings.calendarCoverage({ campaignId }) : null,
    }));
    const table = formatTable(
      ['年份', '放假日', '调休上班日', '来源', '载入时间'],
      years.map((y) => [String(y.year), String(y.holidays), String(y.workdays), truncate(y.source, 50), y.loadedAt]),
    );
    const warn = coverage?.missing.length
      ? `\n警告：本评查活动的案卷涉及 ${coverage.missing.join('、')} 年，尚未载入其节假日安排，按工作日计算的期限将显示“无法检查”。请用 calendar import 载入。`
      : coverage
        ? `\n本评查活动的案卷涉及的年份（${coverage.years.join('、') || '无'}）均已载入。`
        : '';
    if (coverage?.missing.length) env.warn(warn.trim());
    return { json: coverage ? { years, coverage } : years, text: `${table}${warn}` };
  },
};

const calendarImport: Command = {
  summary: '导入节假日安排文件（按年整体替换；有错误时逐行列出，不作任何修改）',
  usage: CAL_IMPORT_USAGE,
  options: { db: { type: 'string' } },
  optionHelp: [DB_HELP, { flag: '节假日文件', description: 'UTF-8 文本文件，格式见 docs/holidays.md' }],
  maxPositionals: 1,
  async run(args, env) {
    const db = requireDb(args, CAL_IMPORT_USAGE);
    const file = args.positionals[0];
    if (!file) throw new UsageError('缺少节假日文件', CAL_IMPORT_USAGE);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new AppError('not_found', `无法读取节假日文件 ${file}：${err instanceof Error ? err.message : String(err)}`);
    }
    const res = await withApi(db, env, (api) => api.checks.importCalendar({ text }));
    return {
      json: res,
      text: `已从 ${file} 载入 ${res.years.map((y) => `${y.year} 年（放假 ${y.holidays} 日，调休上班 ${y.workdays} 日）`).join('、')}。`,
    };
  },
};

const calendarShow: Command = {
  summary: '显示一年的节假日安排：放假日和调休上班日',
  usage: CAL_SHOW_USAGE,
  options: { db: { type: 'string' }, year: { type: 'string' } },
  optionHelp: [DB_HELP, { flag: '--year 年份', description: '如 2026' }],
  async run(args, env) {
    const db = requireDb(args, CAL_SHOW_USAGE);
    const raw = required(args, 'year', '年份', CAL_SHOW_USAGE);
    if (!/^\d{4}$/.test(raw)) throw new UsageError(`年份应为四位数字（收到“${raw}”）`, CAL_SHOW_USAGE);
    const y = await withApi(db, env, (api) => api.ruleSettings.calendarYear({ year: Number(raw) }));
    const table = formatTable(
      ['日期', '类别', '名称'],
      y.days.map((d) => [d.date, d.kind === 'holiday' ? '放假' : '调休上班', d.name]),
    );
    return { json: y, text: `${y.year} 年节假日安排（来源：${y.source}）\n${table}` };
  },
};

export const settingsCommands: CommandTable = {
  'settings show': show,
  'settings set': set,
  'settings reset': reset,
  'settings grade-model': gradeModelCmd,
  'calendar list': calendarList,
  'calendar import': calendarImport,
  'calendar show': calendarShow,
};
