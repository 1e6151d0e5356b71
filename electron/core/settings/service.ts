/**
 * 评查规则参数 of a campaign: read, set, reset (audited), and the settings each dossier is checked
 * with (defaults ← campaign ← the dossier's 执法领域). Also the holiday-calendar coverage of a campaign.
 */
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { campaignReads } from '../../../db/repositories/campaigns';
import { calendarRepository } from '../../../db/repositories/calendar';
import { ruleSettingReads, ruleSettingRepository, type RuleSettingRow } from '../../../db/repositories/rule-settings';
import { nowIso } from '../../../db/util';
import {
  defaultValue,
  formatSettingValue,
  parseSettingValue,
  resolveCampaignSettings,
  SECTORS,
  sectorOf,
  settingDef,
  SETTINGS_CATALOGUE,
  type ResolvedSettings,
  type SettingValue,
} from '../../../shared/domain/rules';
import { addDays, type IsoDate } from '../../../shared/domain/calendar';
import { AppError } from '../../../shared/errors';
import type { CallContext } from '../../../shared/api/define';
import { REVIEWER_ROLE_LABELS } from '../../../shared/labels';
import { GRADE_MODELS, gradeModel, type GradeModelId } from '../../../shared/domain/scoring/grade-models';
import type { CoreContext } from '../context';

export function settingsCatalogue() {
  return SETTINGS_CATALOGUE.map((d) => ({
    key: d.key,
    group: d.group,
    label: d.label,
    unit: d.unitOf ? d.unitOf(resolveCampaignSettings([], null).settings) : d.unit,
    type: d.kind.type,
    ...(d.kind.type === 'integer' || d.kind.type === 'money' ? { min: d.kind.min, max: d.kind.max, nullable: d.kind.type === 'integer' && d.kind.nullable === true } : {}),
    ...(d.kind.type === 'choice' ? { choices: d.kind.choices.map((c) => ({ ...c })) } : {}),
    defaultValue: defaultValue(d),
    defaultText: formatSettingValue(d, defaultValue(d)),
    basis: d.basis,
    variesBySector: d.variesBySector,
    rules: [...d.rules],
  }));
}

function checkSector(sector: string): string {
  const s = sector.trim();
  if (s === '') return '';
  const known = SECTORS.find((x) => x.name === s) ?? SECTORS.find((x) => x.aliases.includes(s));
  if (!known) throw new AppError('invalid_argument', `未知的执法领域“${sector}”：可选 ${SECTORS.map((x) => x.name).join('、')}（留空表示整个评查活动）`, { field: 'sector' });
  return known.name;
}

function mustKnow(key: string) {
  const def = settingDef(key);
  if (!def) throw new AppError('invalid_argument', `未知的评查规则参数“${key}”；可用 settings show 查看全部参数`, { field: 'key' });
  return def;
}

export function campaignSettings(db: ReadableDB, campaignId: string) {
  campaignReads(db).mustExist(campaignId);
  const reads = ruleSettingReads(db);
  const stored = reads.list(campaignId);
  const fields = reads.dossierFields(campaignId);
  const bySector = new Map<string, number>();
  const unmatched: { field: string; dossiers: number }[] = [];
  for (const f of fields) {
    const s = sectorOf(f.field);
    if (s) bySector.set(s, (bySector.get(s) ?? 0) + f.n);
    else unmatched.push({ field: f.field || '（未填写）', dossiers: f.n });
  }
  const model = gradeModelOf(db, campaignId);
  return {
    gradeModel: { id: model ?? 'template', chosen: model !== null, locked: reads.hasReviews(campaignId) },
    stored: stored.filter((r) => !r.key.startsWith(CAMPAIGN_KEY_PREFIX)).map((r) => {
      const def = settingDef(r.key);
      return { ...r, valueText: def ? formatSettingValue(def, r.value) : String(r.value), known: def !== undefined };
    }),
    sectors: SECTORS.map((s) => ({ name: s.name, dossiers: bySector.get(s.name) ?? 0 })),
    unmatchedFields: unmatched,
  };
}

/**
 * The campaign's legal settings are the legal office's: with a member chosen at the keyboard
 * (session), only the 法制机构 may change them; with nobody chosen (a single-user laptop) anyone may.
 */
export function mustBeLegalOffice(call: Pick<CallContext, 'reviewer'>, what: string, verb = '设置'): void {
  const r = call.reviewer;
  if (r && r.role !== 'legal_office') {
    throw new AppError('forbidden', `${what}由法制机构${verb}；当前操作人是${REVIEWER_ROLE_LABELS[r.role]}“${r.name}”。`, { role: r.role });
  }
}

export function setCampaignSetting(ctx: CoreContext, input: { campaignId: string; sector: string; key: string; value: SettingValue | undefined }, actor: string) {
  campaignReads(ctx.db).mustExist(input.campaignId);
  const def = mustKnow(input.key);
  const sector = checkSector(input.sector);
  const parsed = parseSettingValue(def, input.value);
  if (!parsed.ok) throw new AppError('invalid_argument', parsed.message, { field: 'value' });
  return ctx.tx(() => {
    const repo = ruleSettingRepository(ctx.db);
    const before = repo.get(input.campaignId, sector, def.key) ?? null;
    repo.set(input.campaignId, sector, def.key, parsed.value, nowIso(), actor);
    const after = repo.get(input.campaignId, sector, def.key)!;
    ctx.audit({ actor, action: 'set_rule_setting', entity: 'campaign', entityId: input.campaignId, before, after: { ...after, label: def.label } });
    return { setting: { ...after, valueText: formatSettingValue(def, after.value), known: true } };
  });
}

export function resetCampaignSetting(ctx: CoreContext, input: { campaignId: string; sector: string; key: string }, actor: string) {
  campaignReads(ctx.db).mustExist(input.campaignId);
  const sector = checkSector(input.sector);
  return ctx.tx(() => {
    const repo = ruleSettingRepository(ctx.db);
    const before = repo.get(input.campaignId, sector, input.key);
    if (!before) return { removed: false };
    repo.remove(input.campaignId, sector, input.key);
    ctx.audit({ actor, action: 'reset_rule_setting', entity: 'campaign', entityId: input.campaignId, before, after: null });
    return { removed: true };
  });
}

/** settingsFor(field) → the resolved settings for a dossier of that 执法领域 text (one object per sector, cached). */
export function dossierSettingsResolver(db: ReadableDB, campaignId: string): (field: string | null) => ResolvedSettings {
  const stored: RuleSettingRow[] = ruleSettingReads(db).list(campaignId);
  const cache = new Map<string, ResolvedSettings>();
  return (field) => {
    const sector = sectorOf(field);
    const k = sector ?? '';
    let r = cache.get(k);
    if (!r) cache.set(k, (r = resolveCampaignSettings(stored, sector)));
    return r;
  };
}

/**
 * Years the campaign's dossiers reach (first register date to 65 days after the last one, which
 * covers every working-day period of the rules: at most 45 working days) and the ones with no
 * holiday schedule loaded, where every working-day count says "无法检查".
 */
export function calendarCoverage(db: WritableDB, campaignId: string) {
  campaignReads(db).mustExist(campaignId);
  const span = ruleSettingReads(db).dateSpan(campaignId);
  const known = new Set(calendarRepository(db).years().map((y) => y.year));
  if (!span.first || !span.last) return { years: [] as number[], missing: [] as number[], knownYears: [...known].sort() };
  const from = Number(span.first.slice(0, 4));
  const to = Number(addDays(span.last as IsoDate, 65).slice(0, 4));
  const years: number[] = [];
  for (let y = from; y <= to; y++) years.push(y);
  return { years, missing: years.filter((y) => !known.has(y)), knownYears: [...known].sort() };
}

export function calendarYearDays(db: WritableDB, year: number) {
  const repo = calendarRepository(db);
  const info = repo.yearInfo().find((y) => y.year === year);
  if (!info) throw new AppError('not_found', `尚未载入 ${year} 年的节假日安排`);
  const days = repo.days().filter((d) => (d.year ?? Number(d.date.slice(0, 4))) === year).map((d) => ({ date: d.date, kind: d.kind, name: d.name }));
  return { ...info, days };
}

/** Campaign-level choices kept in the same table, outside the rule catalogue. */
const CAMPAIGN_KEY_PREFIX = 'campaign.';
export const GRADE_MODEL_KEY = 'campaign.gradeModel';

/** The campaign's grade model, or null when it chose none (then the templates' own tiers apply). */
export function gradeModelOf(db: ReadableDB, campaignId: string): GradeModelId | null {
  const v = ruleSettingReads(db).get(campaignId, '', GRADE_MODEL_KEY)?.value;
  return typeof v === 'string' && gradeModel(v) ? (v as GradeModelId) : null;
}

export function gradeModels() {
  return GRADE_MODELS.map((m) => ({ id: m.id, label: m.label, source: m.source, tiers: m.grading ? m.grading.tiers.map((t) => ({ grade: t.grade, minScore: t.minScore })) : [] }));
}

/**
 * Chooses the campaign's grade model. Like a pinned template, it is fixed once the campaign has
 * 评查表: changing it then would regrade reviews already scored and reported.
 */
export function setGradeModel(ctx: CoreContext, input: { campaignId: string; model: string }, actor: string) {
  campaignReads(ctx.db).mustExist(input.campaignId);
  const m = gradeModel(input.model);
  if (!m) throw new AppError('invalid_argument', `未知的等次模型“${input.model}”：可选 ${GRADE_MODELS.map((x) => `${x.id}（${x.label.split('：')[0]}）`).join('、')}`, { field: 'model' });
  return ctx.tx(() => {
    const before = gradeModelOf(ctx.db, input.campaignId);
    if (before === m.id) return { model: m.id, changed: false };
    if (ruleSettingReads(ctx.db).hasReviews(input.campaignId)) {
      throw new AppError('conflict', '本评查活动已有评查表，等次模型随评查标准固定，不能再改（否则已评分数的等次会改变）。');
    }
    ruleSettingRepository(ctx.db).set(input.campaignId, '', GRADE_MODEL_KEY, m.id, nowIso(), actor);
    ctx.audit({ actor, action: 'set_grade_model', entity: 'campaign', entityId: input.campaignId, before: { model: before }, after: { model: m.id } });
    return { model: m.id, changed: true };
  });
}
