import { z } from 'zod';
import { ChosenPath } from './chosen-file';
import { ChecklistTemplateSchema } from '../../domain/scoring/schema';
import { mutation, query } from '../define';
import { Id } from './common';

export const TemplateSource = z.enum(['builtin', 'imported', 'edited']);
export type TemplateSource = z.infer<typeof TemplateSource>;

/** One stored template version (list row). */
export const TemplateSummary = z.object({
  id: Id,
  key: z.string(),
  version: z.number().int(),
  name: z.string(),
  caseType: z.string(),
  procedures: z.array(z.string()),
  source: TemplateSource,
  itemCount: z.number().int(),
  /** Some review scores with this version: it can no longer be saved, only copied. */
  inUse: z.boolean(),
  createdAt: z.string(),
});
export type TemplateSummary = z.infer<typeof TemplateSummary>;

/** A template version with its full body. */
export const TemplateDetail = TemplateSummary.extend({
  bodySha256: z.string(),
  template: ChecklistTemplateSchema,
});
export type TemplateDetail = z.infer<typeof TemplateDetail>;

/** The template versions pinned to one campaign. */
export const CampaignPins = z.object({ campaignId: Id, templates: z.array(TemplateSummary) });
export type CampaignPins = z.infer<typeof CampaignPins>;

export const templates = {
  list: query('评查标准模板列表（全部版本）', z.object({}), z.array(TemplateSummary)),
  get: query('一个模板版本（含全部评查项）', z.object({ id: Id }), TemplateDetail),
  import: mutation(
    '导入评查标准模板（JSON），保存为该编码的下一个版本',
    // The JSON text (browser), or the chosen file's path (app, CLI; refused over HTTP).
    z.union([z.object({ json: z.string().min(1, '模板内容不能为空').max(5_000_000, '模板文件过大') }), ChosenPath]),
    TemplateDetail,
  ),
  importXlsx: mutation(
    '导入评查标准模板（Excel 表格，格式见 docs/template-format.md），保存为该编码的下一个版本',
    z.union([
      z.object({
        name: z.string().trim().min(1, '文件名不能为空').max(500),
        dataBase64: z.string().min(1, '文件内容为空').max(20_000_000, '模板文件过大'),
      }),
      ChosenPath,
    ]),
    TemplateDetail,
  ),
  copy: mutation(
    '复制模板为新版本（可编辑）',
    z.object({ id: Id, name: z.string().trim().min(1).max(200).optional() }),
    TemplateDetail,
  ),
  save: mutation(
    '保存编辑后的模板版本（仅限尚无评查使用的非内置版本）',
    z.object({ id: Id, body: z.unknown() }),
    TemplateDetail,
  ),
  pin: mutation(
    '为评查活动指定模板版本（同一编码只保留一个版本）',
    z.object({ campaignId: Id, templateIds: z.array(Id).min(1, '请至少选择一个模板') }),
    z.array(TemplateSummary),
  ),
  pinned: query('评查活动指定的模板版本', z.object({ campaignId: Id }), z.array(TemplateSummary)),
  pinnedAll: query('各评查活动指定的模板版本（一次读取；未指定模板的活动不列出）', z.object({}), z.array(CampaignPins)),
};
