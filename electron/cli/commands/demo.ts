/** `demo`: load the fictional demo campaign (registers of three units, dossier PDFs, reviewers). */
import type { Command, CommandTable } from '../command';
import { formatFields } from '../format';
import { requireDb, withApi } from '../session';
import { campaignFields } from './campaign';
import { DB_HELP } from './options';

const USAGE = 'demo --db 文件 [--json]';

const demo: Command = {
  summary: '载入示例评查活动（虚构数据，可试用全部流程）',
  usage: USAGE,
  options: { db: { type: 'string' } },
  optionHelp: [DB_HELP],
  async run(args, env) {
    const db = requireDb(args, USAGE);
    const { campaign, loaded } = await withApi(db, env, async (api) => {
      const loaded = await api.demo.load({});
      return { campaign: await api.campaigns.get({ id: loaded.campaignId }), loaded };
    });
    for (const w of loaded.warnings) env.warn(w);
    const counts = { dossiers: loaded.dossiers, pdfs: loaded.pdfs, reviewers: loaded.reviewers };
    const text = [
      `已载入示例评查活动（全部为虚构数据）：案卷 ${loaded.dossiers} 卷，卷宗 PDF ${loaded.pdfs} 份，评查人员 ${loaded.reviewers} 名。`,
      formatFields(campaignFields(campaign)),
      '',
      `下一步可试：dossier-review sample --db ${db} --campaign ${campaign.id} --per-unit 5 --seed 示例种子`,
    ].join('\n');
    return { json: { ...campaign, ...counts, warnings: loaded.warnings }, text };
  },
};

export const demoCommands: CommandTable = { demo };
