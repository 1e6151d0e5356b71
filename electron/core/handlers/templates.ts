import { templateRepository, newVersionBody, type TemplateRepository } from '../../../db/repositories/templates';
import { newId, nowIso } from '../../../db/util';
import type { Handlers } from '../../../shared/api/contract';
import { templateApplies, type CaseContext } from '../../../shared/domain/scoring/applicability';
import { parseTemplate, type TemplateIssue } from '../../../shared/domain/scoring/validate';
import { parseTemplateJson } from '../../../shared/domain/scoring/import';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';

/** Built-in template key for a dossier (行政处罚+简易程序 → PS, 行政处罚 → PG, 行政许可 LI, 行政强制 CE, 行政检查 IN). */
export function builtinKeyFor(caseType: string, procedure: string | null): string | null {
  switch (caseType) {
    case '行政处罚':
      return procedure === '简易程序' ? 'PS' : 'PG';
    case '行政许可':
      return 'LI';
    case '行政强制':
      return 'CE';
    case '行政检查':
      return 'IN';
    default:
      return null;
  }
}

/**
 * The template a dossier of a campaign is scored with: the campaign's pinned version of the expected
 * built-in key, else another pinned template covering the case; else (pin = true) the newest
 * built-in of the key, pinned now. Returns undefined when nothing applies.
 */
export function resolveTemplate(
  repo: TemplateRepository,
  campaignId: string,
  dossier: CaseContext,
  pin: boolean,
): { id: string; pinnedNow: boolean } | undefined {
  const key = builtinKeyFor(dossier.caseType, dossier.procedure ?? null);
  const pinned = repo.pinned(campaignId);
  const sameKey = pinned.filter((p) => p.key === key).sort((a, b) => b.version - a.version)[0];
  if (sameKey) return { id: sameKey.id, pinnedNow: false };
  const other = pinned.find((p) => {
    const t = repo.cached(p.id)?.template;
    return t !== undefined && templateApplies(t, dossier);
  });
  if (other) return { id: other.id, pinnedNow: false };
  if (!key) return undefined;
  const builtin = repo.newestBuiltin(key);
  if (!builtin) return undefined;
  if (pin) repo.pin(campaignId, builtin, key);
  return { id: builtin, pinnedNow: pin };
}

const issuesMessage = (head: string, errors: TemplateIssue[]): string =>
  `${head}\n${errors.slice(0, 20).map((e) => `- ${e.message}`).join('\n')}${errors.length > 20 ? `\n……共 ${errors.length} 处问题` : ''}`;

export function templateHandlers(ctx: CoreContext): Handlers['templates'] {
  const repo = templateRepository(ctx.db);
  const campaignExists = ctx.db.prepare('SELECT 1 FROM campaigns WHERE id = ?').pluck();
  const mustDetail = (id: string) => {
    const d = repo.detail(id);
    if (!d) throw notFound('评查标准模板', id);
    return d;
  };
  const mustCampaign = (id: string) => {
    if (!campaignExists.get(id)) throw notFound('评查活动', id);
  };

  return {
    list: () => repo.list(),
    get: ({ id }) => mustDetail(id),
    import: ({ json }, call) => {
      const parsed = parseTemplateJson(json);
      if (!parsed.ok) throw new AppError('bad_input', issuesMessage('模板未通过校验，未导入：', parsed.errors), { errors: parsed.errors });
      return ctx.tx(() => {
        const version = repo.nextVersion(parsed.template.key);
        const template = newVersionBody(parsed.template, version);
        const id = newId();
        repo.insert(id, template, 'imported', nowIso());
        ctx.audit({
          actor: call.actor,
          action: 'import',
          entity: 'template',
          entityId: id,
          after: { key: template.key, version, name: template.name, declaredVersion: parsed.template.version, items: template.items.length },
        });
        return mustDetail(id);
      });
    },
    copy: ({ id, name }, call) =>
      ctx.tx(() => {
        const from = mustDetail(id);
        const version = repo.nextVersion(from.key);
        const template = newVersionBody(from.template, version, name);
        const newTemplateId = newId();
        repo.insert(newTemplateId, template, 'edited', nowIso());
        ctx.audit({
          actor: call.actor,
          action: 'copy',
          entity: 'template',
          entityId: newTemplateId,
          after: { key: template.key, version, name: template.name, from: { id, version: from.version } },
        });
        return mustDetail(newTemplateId);
      }),
    save: ({ id, body }, call) =>
      ctx.tx(() => {
        const before = mustDetail(id);
        if (before.source === 'builtin') throw new AppError('conflict', '内置模板不能修改，请先复制为新版本再编辑。');
        if (repo.inUse(id)) throw new AppError('conflict', '已有评查使用此版本，请另存为新版本');
        const raw = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>), version: before.version } : body;
        const parsed = parseTemplate(raw);
        if (!parsed.ok) throw new AppError('bad_input', issuesMessage('模板未通过校验，未保存：', parsed.errors), { errors: parsed.errors });
        if (parsed.template.key !== before.key) {
          throw new AppError('bad_input', `模板编码不能从 ${before.key} 改为 ${parsed.template.key}；不同编码请作为新模板导入。`);
        }
        repo.updateBody(id, parsed.template);
        const after = mustDetail(id);
        ctx.audit({
          actor: call.actor,
          action: 'save',
          entity: 'template',
          entityId: id,
          before: { name: before.name, bodySha256: before.bodySha256, items: before.itemCount },
          after: { name: after.name, bodySha256: after.bodySha256, items: after.itemCount },
        });
        return after;
      }),
    pin: ({ campaignId, templateIds }, call) =>
      ctx.tx(() => {
        mustCampaign(campaignId);
        const before = repo.pinned(campaignId).map((p) => ({ key: p.key, version: p.version }));
        const chosen = templateIds.map((tid) => {
          const s = repo.summary(tid);
          if (!s) throw notFound('评查标准模板', tid);
          return s;
        });
        const keys = chosen.map((s) => s.key);
        const dup = keys.find((k, i) => keys.indexOf(k) !== i);
        if (dup) throw new AppError('invalid_argument', `同一模板编码 ${dup} 只能指定一个版本。`);
        for (const s of chosen) repo.pin(campaignId, s.id, s.key);
        const after = repo.pinned(campaignId);
        ctx.audit({
          actor: call.actor,
          action: 'pin_templates',
          entity: 'campaign',
          entityId: campaignId,
          before,
          after: after.map((p) => ({ key: p.key, version: p.version })),
        });
        return after;
      }),
    pinned: ({ campaignId }) => {
      mustCampaign(campaignId);
      return repo.pinned(campaignId);
    },
  };
}
