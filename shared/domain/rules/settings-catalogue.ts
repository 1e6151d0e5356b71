/**
 * The catalogue of the rule values a legal office may set for its campaign (评查规则参数): what each
 * value means, its unit, the built-in default and where that default comes from (published law or
 * the sector rule it was taken from). Values the statutes leave to ministries and provinces
 * (较大数额, 立案期限, 陈述申辩期, 检查频次上限 …) are stored per campaign, optionally per 执法领域,
 * and every finding names the value it used and whether it is the campaign's or the default.
 */

import { DEFAULT_RULE_SETTINGS, type PeriodOverride, type RuleOverride, type RuleSettings } from './settings';
import { CHECK_RULES } from './checks';
import { MORE_CHECK_RULES } from './more-checks';
import { DOC_RULES } from './doc-rules';
import type { RuleDescriptor } from './kit';
import { PERIOD_RULES, type PeriodRule } from './period-table';
import { articleZh } from '../chinese-numerals';
import type { PartyType, Severity } from './types';
import type { PeriodUnit } from '../calendar/work-calendar';

export type SettingValue = number | string | boolean | null;

export type SettingKind =
  | { type: 'integer'; min: number; max: number; nullable?: boolean }
  | { type: 'money'; min: number; max: number }
  | { type: 'choice'; choices: readonly { value: string; label: string }[] }
  | { type: 'boolean' }
  | { type: 'time' };

export interface SettingDef {
  /** Stable key used by the store, the API and the CLI (e.g. "largeFine.单位", "period.D-PEN-02.length"). */
  key: string;
  /** Group heading in the settings page. */
  group: string;
  label: string;
  /** Unit shown after the value ("元", "个工作日"…); empty for choices. */
  unit: string;
  /** When the unit itself is a setting (a period counted in working or calendar days). */
  unitOf?: (s: RuleSettings) => string;
  kind: SettingKind;
  /** Where the default comes from: published law, or the sector rule it was taken from. */
  basis: string;
  /** true = the law leaves the value to ministries/provinces: the office must confirm it (verify). */
  variesBySector: boolean;
  /** Rules whose results this value changes. */
  rules: readonly string[];
  /** The name the rule descriptors list in `configurable` (several keys may share one). */
  configurable: string;
  read(s: RuleSettings): SettingValue;
  /** Writes the value into a settings object being built (mutates `into`). */
  write(into: RuleSettings, value: SettingValue): void;
}

/** 执法领域 a campaign can set values for; a dossier's 执法领域 text is matched by these names/aliases. */
export const SECTORS: readonly { name: string; aliases: readonly string[] }[] = [
  { name: '市场监管', aliases: ['市场监督管理', '市场监管', '工商', '质监', '食品药品'] },
  { name: '生态环境', aliases: ['生态环境', '环境保护', '环保'] },
  { name: '城管', aliases: ['城管', '城市管理', '综合行政执法', '综合执法'] },
  { name: '应急管理', aliases: ['应急管理', '安全生产', '安监'] },
  { name: '公安', aliases: ['公安', '治安', '交警', '交通管理'] },
  { name: '交通运输', aliases: ['交通运输', '运输', '路政', '运政'] },
  { name: '文化市场', aliases: ['文化市场', '文化', '旅游', '文旅'] },
  { name: '自然资源', aliases: ['自然资源', '国土', '规划'] },
  { name: '住房城乡建设', aliases: ['住房城乡建设', '住建', '建设'] },
  { name: '农业农村', aliases: ['农业农村', '农业', '渔政'] },
  { name: '卫生健康', aliases: ['卫生健康', '卫健', '卫生'] },
  { name: '水利', aliases: ['水利', '水务', '水政'] },
];

/** The canonical 执法领域 of a dossier's field text, or null when none matches. */
export function sectorOf(field: string | null | undefined): string | null {
  const t = (field ?? '').trim();
  if (!t) return null;
  const exact = SECTORS.find((s) => s.name === t);
  if (exact) return exact.name;
  // Longest alias first, so "交通管理" (公安) is not taken for "交通运输".
  let best: { name: string; len: number } | null = null;
  for (const s of SECTORS) for (const a of s.aliases) if (t.includes(a) && (!best || a.length > best.len)) best = { name: s.name, len: a.length };
  return best?.name ?? null;
}

const MARKET_HEARING = '市场监督管理行政处罚听证办法第五条：对自然人处一万元以上、对法人或者其他组织处十万元以上罚款';

function perParty(base: 'largeFine' | 'largeConfiscation' | 'legalReviewFine' | 'collectiveDiscussionFine' | 'simpleProcedureMaxFine', party: PartyType, d: Omit<SettingDef, 'key' | 'read' | 'write' | 'configurable' | 'kind' | 'unit'> & { max?: number }): SettingDef {
  return {
    key: `${base}.${party}`,
    unit: '元',
    kind: { type: 'money', min: 0, max: d.max ?? 100_000_000 },
    configurable: base,
    ...d,
    read: (s) => s[base][party],
    write: (into, v) => {
      into[base] = { ...into[base], [party]: v as number };
    },
  };
}

function period(ruleId: string, field: 'length' | 'extraLength', d: Omit<SettingDef, 'key' | 'read' | 'write' | 'configurable' | 'rules'> & { fallback: number; fallbackUnit?: PeriodUnit }): SettingDef {
  const { fallback, fallbackUnit, ...rest } = d;
  return {
    key: `period.${ruleId}.${field}`,
    configurable: `periodOverrides.${ruleId}`,
    rules: [ruleId],
    ...(fallbackUnit ? { unitOf: (s: RuleSettings) => ((s.periodOverrides[ruleId]?.unit ?? fallbackUnit) === 'working' ? '个工作日' : '日') } : {}),
    ...rest,
    read: (s) => s.periodOverrides[ruleId]?.[field] ?? fallback,
    write: (into, v) => {
      const o: PeriodOverride = { ...(into.periodOverrides[ruleId] ?? {}), [field]: v as number };
      into.periodOverrides = { ...into.periodOverrides, [ruleId]: o };
    },
  };
}

/** The unit of a sector-defined period (working or calendar days). */
function periodUnit(ruleId: string, label: string, fallback: PeriodUnit, basis: string): SettingDef {
  return {
    key: `period.${ruleId}.unit`,
    group: PERIODS,
    label,
    unit: '',
    kind: { type: 'choice', choices: [{ value: 'working', label: '工作日' }, { value: 'calendar', label: '自然日' }] },
    basis,
    variesBySector: true,
    rules: [ruleId],
    configurable: `periodOverrides.${ruleId}`,
    read: (s) => s.periodOverrides[ruleId]?.unit ?? fallback,
    write: (into, v) => {
      into.periodOverrides = { ...into.periodOverrides, [ruleId]: { ...(into.periodOverrides[ruleId] ?? {}), unit: v as PeriodUnit } };
    },
  };
}

function scalar<K extends keyof RuleSettings>(key: K, d: Omit<SettingDef, 'key' | 'read' | 'write' | 'configurable'>): SettingDef {
  return {
    key,
    configurable: key,
    ...d,
    read: (s) => s[key] as SettingValue,
    write: (into, v) => {
      (into as unknown as Record<string, unknown>)[key] = v;
    },
  };
}

const HEARING = '听证（行政处罚法第六十三条）';
const LEGAL_REVIEW = '法制审核（行政处罚法第五十八条）';
const DISCUSSION = '集体讨论（行政处罚法第五十七条第二款）';
const PERIODS = '办案期限';
const SIMPLE = '简易程序与当场收缴';
const OTHER = '其他';

/** The values proper (amounts, periods, units…); SETTINGS_CATALOGUE adds the per-rule switches. */
const VALUE_SETTINGS: readonly SettingDef[] = [
  perParty('largeFine', '个人', { group: HEARING, label: '较大数额罚款（个人）', basis: `行政处罚法第六十三条第一款第一项“较大数额罚款”，数额由部门或地方规定；默认取${MARKET_HEARING}`, variesBySector: true, rules: ['D-PEN-09'] }),
  perParty('largeFine', '单位', { group: HEARING, label: '较大数额罚款（单位）', basis: `行政处罚法第六十三条第一款第一项“较大数额罚款”，数额由部门或地方规定；默认取${MARKET_HEARING}`, variesBySector: true, rules: ['D-PEN-09'] }),
  perParty('largeConfiscation', '个人', { group: HEARING, label: '没收较大数额违法所得、较大价值非法财物（个人）', basis: '行政处罚法第六十三条第一款第二项，数额由部门或地方规定；默认同较大数额罚款（市场监督管理行政处罚听证办法第五条）', variesBySector: true, rules: ['D-PEN-09'] }),
  perParty('largeConfiscation', '单位', { group: HEARING, label: '没收较大数额违法所得、较大价值非法财物（单位）', basis: '行政处罚法第六十三条第一款第二项，数额由部门或地方规定；默认同较大数额罚款（市场监督管理行政处罚听证办法第五条）', variesBySector: true, rules: ['D-PEN-09'] }),
  perParty('legalReviewFine', '个人', { group: LEGAL_REVIEW, label: '须法制审核的罚款数额（个人）', basis: '行政处罚法第五十八条第一款第四项“法律、法规规定应当进行法制审核的其他情形”及本地区重大执法决定法制审核目录；默认同较大数额罚款', variesBySector: true, rules: ['D-PEN-10a'] }),
  perParty('legalReviewFine', '单位', { group: LEGAL_REVIEW, label: '须法制审核的罚款数额（单位）', basis: '行政处罚法第五十八条第一款第四项“法律、法规规定应当进行法制审核的其他情形”及本地区重大执法决定法制审核目录；默认同较大数额罚款', variesBySector: true, rules: ['D-PEN-10a'] }),
  scalar('legalReviewIfHearingHeld', {
    group: LEGAL_REVIEW,
    label: '经听证且直接关系重大权益的决定须法制审核',
    unit: '',
    kind: { type: 'boolean' },
    basis: '行政处罚法第五十八条第一款第二项：“直接关系当事人或者第三人重大权益，经过听证程序的”（两项条件同时具备）',
    variesBySector: false,
    rules: ['D-PEN-10a'],
  }),
  perParty('collectiveDiscussionFine', '个人', { group: DISCUSSION, label: '须集体讨论的罚款数额（个人）', basis: '行政处罚法第五十七条第二款“情节复杂或者重大违法行为给予行政处罚”，标准由部门或地方规定；默认同较大数额罚款', variesBySector: true, rules: ['D-PEN-10b'] }),
  perParty('collectiveDiscussionFine', '单位', { group: DISCUSSION, label: '须集体讨论的罚款数额（单位）', basis: '行政处罚法第五十七条第二款“情节复杂或者重大违法行为给予行政处罚”，标准由部门或地方规定；默认同较大数额罚款', variesBySector: true, rules: ['D-PEN-10b'] }),
  period('D-PEN-02', 'length', {
    group: PERIODS,
    label: '立案期限（自发现线索起）',
    unit: '个工作日',
    fallbackUnit: 'working',
    kind: { type: 'integer', min: 1, max: 365 },
    basis: '行政处罚法第五十四条第二款（“及时立案”），期限由部门办案程序规定；默认取市场监督管理行政处罚程序规定：自发现线索或者收到材料之日起十五个工作日内',
    variesBySector: true,
    fallback: 15,
  }),
  period('D-PEN-02', 'extraLength', {
    group: PERIODS,
    label: '立案期限经批准可延长',
    unit: '个工作日',
    fallbackUnit: 'working',
    kind: { type: 'integer', min: 0, max: 365 },
    basis: '部门办案程序规定；默认取市场监督管理行政处罚程序规定：经市场监督管理部门负责人批准可延长十五个工作日',
    variesBySector: true,
    fallback: 15,
  }),
  periodUnit('D-PEN-02', '立案期限的计算单位', 'working', '部门办案程序规定；默认工作日（市场监督管理行政处罚程序规定）'),
  period('D-PEN-06a', 'length', {
    group: PERIODS,
    label: '陈述、申辩期限（告知书送达后）',
    unit: '个工作日',
    fallbackUnit: 'working',
    kind: { type: 'integer', min: 1, max: 60 },
    basis: '行政处罚法第四十五条、第六十二条未定期限，由部门办案程序规定；默认取市场监督管理行政处罚程序规定：自告知书送达之日起五个工作日',
    variesBySector: true,
    fallback: 5,
  }),
  periodUnit('D-PEN-06a', '陈述、申辩期限的计算单位', 'working', '部门办案程序规定；默认工作日（市场监督管理行政处罚程序规定）；有的部门规定为三日（自然日）'),
  period('D-PEN-04', 'extraLength', {
    group: PERIODS,
    label: '九十日办案期限经批准可延长',
    unit: '日',
    kind: { type: 'integer', min: 0, max: 365 },
    basis: '行政处罚法第六十条本身不设延长（“法律、法规、规章另有规定的，从其规定”）；默认取市场监督管理行政处罚程序规定：经市场监督管理部门负责人批准可延长三十日',
    variesBySector: true,
    fallback: 30,
  }),
  scalar('licensingApplicantUnit', {
    group: PERIODS,
    label: '行政许可申请人期限的计算单位',
    unit: '',
    kind: { type: 'choice', choices: [{ value: 'calendar', label: '自然日' }, { value: 'working', label: '工作日' }] },
    basis: '行政许可法第八十二条只规定“行政机关实施行政许可的期限以工作日计算”；申请人的期限（第四十七条五日、第五十条三十日）按自然日',
    variesBySector: false,
    rules: ['D-LIC-07a', 'D-LIC-08a'],
  }),
  scalar('noticeBeforeConvention', {
    group: PERIODS,
    label: '“……日前通知”的计算',
    unit: '',
    kind: { type: 'choice', choices: [{ value: 'exclusive', label: '期间须在后一行为前届满' }, { value: 'inclusive', label: '后一行为可在第 N 日' }] },
    basis: '民法典第二百零一条（开始当日不计入）；行政处罚法第六十四条第二项（听证七日前通知）等',
    variesBySector: false,
    rules: ['D-PEN-08', 'D-LIC-07c', 'D-ENF-06'],
  }),
  perParty('simpleProcedureMaxFine', '个人', { group: SIMPLE, label: '简易程序罚款上限（个人）', basis: '行政处罚法第五十一条：对公民处二百元以下罚款（法律另有规定的除外）', variesBySector: false, rules: ['D-PEN-14'] }),
  perParty('simpleProcedureMaxFine', '单位', { group: SIMPLE, label: '简易程序罚款上限（单位）', basis: '行政处罚法第五十一条：对法人或者其他组织处三千元以下罚款（法律另有规定的除外）', variesBySector: false, rules: ['D-PEN-14'] }),
  scalar('simpleProcedureMinOfficers', {
    group: SIMPLE,
    label: '简易程序执法人员人数',
    unit: '人',
    kind: { type: 'integer', min: 1, max: 5 },
    basis: '行政处罚法第四十二条：执法人员不得少于两人，法律另有规定的除外（如道路交通安全法第一百零七条）',
    variesBySector: true,
    rules: ['D-PEN-19'],
  }),
  scalar('onSpotMaxFine', {
    group: SIMPLE,
    label: '当场收缴罚款上限',
    unit: '元',
    kind: { type: 'money', min: 0, max: 100_000 },
    basis: '行政处罚法第六十八条第一项：依法给予一百元以下罚款的',
    variesBySector: false,
    rules: ['D-PEN-15'],
  }),
  scalar('inspectionCapPerYear', {
    group: OTHER,
    label: '对同一企业年度检查次数上限',
    unit: '次',
    kind: { type: 'integer', min: 1, max: 366, nullable: true },
    basis: '国务院办公厅关于严格规范涉企行政检查的意见（国办发〔2024〕54号）：上限由各地区、各部门公布；未设置时不检查',
    variesBySector: true,
    rules: ['D-IN-01'],
  }),
  scalar('limitationYears', {
    group: OTHER,
    label: '追责时效',
    unit: '年',
    kind: { type: 'integer', min: 1, max: 20 },
    basis: '行政处罚法第三十六条第一款：二年（法律另有规定的除外，如税收征收管理法第八十六条五年）',
    variesBySector: false,
    rules: ['D-PEN-01'],
  }),
  scalar('limitationYearsSerious', {
    group: OTHER,
    label: '追责时效（涉及生命健康安全、金融安全且有危害后果）',
    unit: '年',
    kind: { type: 'integer', min: 1, max: 20 },
    basis: '行政处罚法第三十六条第一款：延长至五年',
    variesBySector: false,
    rules: ['D-PEN-01'],
  }),
  scalar('surchargeRatePercent', {
    group: OTHER,
    label: '加处罚款每日比例',
    unit: '%',
    kind: { type: 'integer', min: 1, max: 3 },
    basis: '行政处罚法第七十二条第一款第一项：每日按罚款数额的百分之三加处罚款',
    variesBySector: false,
    rules: ['D-PEN-13'],
  }),
  scalar('minOfficers', {
    group: OTHER,
    label: '调查、检查执法人员人数',
    unit: '人',
    kind: { type: 'integer', min: 2, max: 5 },
    basis: '行政处罚法第四十二条、行政强制法第十八条：不得少于两人',
    variesBySector: false,
    rules: ['D-PEN-19', 'X-ENF-18'],
  }),
  scalar('enforcementRestDays', {
    group: OTHER,
    label: '不得实施强制执行的“法定节假日”',
    unit: '',
    kind: { type: 'choice', choices: [{ value: 'restDays', label: '周末和法定节假日（调休上班日除外）' }, { value: 'holidays', label: '仅国务院通知的放假日' }] },
    basis: '行政强制法第四十三条第一款',
    variesBySector: false,
    rules: ['D-ENF-04'],
  }),
  scalar('decisionFirstFiling', {
    group: OTHER,
    label: '处罚决定书排在卷内目录之后（决定书在前的立卷方式）',
    unit: '',
    kind: { type: 'boolean' },
    basis: '各地立卷规范（如江苏 DB32/T 4181—2021）',
    variesBySector: false,
    rules: ['DOC-ORDER'],
  }),
];

/** Group of the per-rule switches in the settings page. */
export const RULE_SWITCHES = '期限规则开关与严重程度';

const SEVERITY_CHOICES: readonly { value: Severity; label: string }[] = [
  { value: 'veto', label: '否决' },
  { value: 'deduction', label: '扣分' },
  { value: 'advisory', label: '提示' },
];

/** Where a rule's two switches live: periodOverrides (period-evaluator.ts applies them) or ruleOverrides (engine.ts). */
type OverrideField = 'periodOverrides' | 'ruleOverrides';

/**
 * Switching a rule off, or changing how serious its finding is, per campaign (and 执法领域): a
 * province whose standard does not check something, or treats it as a veto, says so here instead of
 * in code. A finding names a switch in its "所用参数" text only when the campaign changed it (see
 * settingsUsedText). `cites`: the published source shown beside the switch.
 */
function switchesOf(rule: { id: string; label: string; severity: Severity }, cites: string, field: OverrideField, group: string): SettingDef[] {
  const write = (which: 'enabled' | 'severity') => (into: RuleSettings, v: SettingValue) => {
    const o: PeriodOverride & RuleOverride = { ...(into[field][rule.id] ?? {}), [which]: v };
    into[field] = { ...into[field], [rule.id]: o };
  };
  const common = { group, unit: '', variesBySector: false, rules: [rule.id], configurable: `${field}.${rule.id}` };
  return [
    {
      ...common,
      key: `rule.${rule.id}.enabled`,
      label: `${rule.id} ${rule.label}：启用`,
      kind: { type: 'boolean' },
      basis: `${cites}；组织单位的评查标准不检查此项时可停用（停用后报告“本单位已停用此项检查”）`,
      read: (s) => s[field][rule.id]?.enabled ?? true,
      write: write('enabled'),
    },
    {
      ...common,
      key: `rule.${rule.id}.severity`,
      label: `${rule.id} ${rule.label}：严重程度`,
      kind: { type: 'choice', choices: SEVERITY_CHOICES },
      basis: `${cites}；默认“${SEVERITY_CHOICES.find((c) => c.value === rule.severity)?.label ?? rule.severity}”，按组织单位的评查标准调整`,
      read: (s) => s[field][rule.id]?.severity ?? rule.severity,
      write: write('severity'),
    },
  ];
}

const periodRuleSwitches = (rule: PeriodRule) => switchesOf(rule, `${rule.law}${articleZh(rule.article)}`, 'periodOverrides', RULE_SWITCHES);

/** Group of the switches of the checks that are not periods (必备文书, 裁量基准, 简易程序限额 …). */
export const OTHER_RULE_SWITCHES = '其他检查规则开关与严重程度';

/** The non-period checks, as their descriptors read with the default settings (ids, labels, law, severity). */
export const OTHER_RULES: readonly RuleDescriptor[] = [...Object.values(CHECK_RULES), ...Object.values(MORE_CHECK_RULES), ...Object.values(DOC_RULES)].map((r) =>
  r.descriptor(DEFAULT_RULE_SETTINGS),
);

/** Users see published sources only: a check with no statute (必备文书, 立卷顺序) cites the published filing standards, not the rule's internal notes. */
const otherRuleSwitches = (rule: RuleDescriptor) =>
  switchesOf(rule, rule.law ? `${rule.law}${rule.article ? articleZh(rule.article) : ''}` : '各地行政执法案卷评查标准与立卷规范（如江苏 DB32/T 4181—2021）', 'ruleOverrides', OTHER_RULE_SWITCHES);

/** Every catalogue value: the values above, then the on/off and severity switch of each period rule, then of every other check. */
export const SETTINGS_CATALOGUE: readonly SettingDef[] = [...VALUE_SETTINGS, ...PERIOD_RULES.flatMap(periodRuleSwitches), ...OTHER_RULES.flatMap(otherRuleSwitches)];

const BY_KEY = new Map(SETTINGS_CATALOGUE.map((d) => [d.key, d]));

export function settingDef(key: string): SettingDef | undefined {
  return BY_KEY.get(key);
}

export function defaultValue(def: SettingDef): SettingValue {
  return def.read(DEFAULT_RULE_SETTINGS);
}

/** Parses/validates a value for a setting; text input (CLI, form) is accepted. Error messages in Chinese. */
export function parseSettingValue(def: SettingDef, raw: unknown): { ok: true; value: SettingValue } | { ok: false; message: string } {
  const k = def.kind;
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (k.type) {
    case 'integer':
    case 'money': {
      if ((text === '' || text === null || text === '不设置' || text === 'null') && k.type === 'integer' && k.nullable) return { ok: true, value: null };
      const n = typeof text === 'number' ? text : typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text.replace(/[,，]/g, '')) ? Number(text.replace(/[,，]/g, '')) : NaN;
      if (!Number.isFinite(n)) return { ok: false, message: `“${def.label}”应为数字${k.type === 'integer' && k.nullable ? '（或留空表示不设置）' : ''}，收到“${String(raw)}”` };
      if (k.type === 'integer' && !Number.isInteger(n)) return { ok: false, message: `“${def.label}”应为整数，收到 ${n}` };
      if (k.type === 'money' && Math.round(n * 100) !== n * 100) return { ok: false, message: `“${def.label}”最多精确到分，收到 ${n}` };
      if (n < k.min || n > k.max) return { ok: false, message: `“${def.label}”应在 ${k.min}–${k.max} ${def.unit}之间，收到 ${n}` };
      return { ok: true, value: n };
    }
    case 'boolean': {
      if (typeof text === 'boolean') return { ok: true, value: text };
      if (text === '是' || text === 'true' || text === '1') return { ok: true, value: true };
      if (text === '否' || text === 'false' || text === '0') return { ok: true, value: false };
      return { ok: false, message: `“${def.label}”应为 是/否，收到“${String(raw)}”` };
    }
    case 'choice': {
      const c = k.choices.find((x) => x.value === text || x.label === text);
      if (!c) return { ok: false, message: `“${def.label}”应为 ${k.choices.map((x) => `${x.value}（${x.label}）`).join('、')} 之一，收到“${String(raw)}”` };
      return { ok: true, value: c.value };
    }
    case 'time': {
      if (typeof text === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(text)) return { ok: true, value: text };
      return { ok: false, message: `“${def.label}”应为 HH:MM，收到“${String(raw)}”` };
    }
  }
}

/** A value as shown to people: "100000 元", "是", "自然日", "不设置". */
export function formatSettingValue(def: SettingDef, v: SettingValue, settings: RuleSettings = DEFAULT_RULE_SETTINGS): string {
  if (v === null) return '不设置';
  if (def.kind.type === 'boolean') return v ? '是' : '否';
  if (def.kind.type === 'choice') return def.kind.choices.find((c) => c.value === v)?.label ?? String(v);
  const unit = def.unitOf ? def.unitOf(settings) : def.unit;
  return unit ? `${v} ${unit}` : String(v);
}

/** One stored value: sector '' = the whole campaign. */
export interface StoredSetting {
  key: string;
  sector: string;
  value: SettingValue;
}

export type SettingOrigin = { kind: 'default' } | { kind: 'campaign' } | { kind: 'sector'; sector: string };

export function originText(o: SettingOrigin): string {
  return o.kind === 'default' ? '默认' : o.kind === 'campaign' ? '本活动设置' : `本活动设置（${o.sector}）`;
}

export interface ResolvedSettings {
  settings: RuleSettings;
  /** Origin of every catalogue value. */
  origins: Map<string, SettingOrigin>;
}

/**
 * The settings a dossier of `sector` is checked with: defaults, then the campaign's values, then
 * the campaign's values for that 执法领域. Unknown keys (from an older or newer program) are ignored.
 */
export function resolveCampaignSettings(stored: readonly StoredSetting[], sector: string | null): ResolvedSettings {
  const settings: RuleSettings = { ...DEFAULT_RULE_SETTINGS, periodOverrides: { ...DEFAULT_RULE_SETTINGS.periodOverrides } };
  const origins = new Map<string, SettingOrigin>(SETTINGS_CATALOGUE.map((d) => [d.key, { kind: 'default' } as SettingOrigin]));
  const layers: [string, SettingOrigin][] = [['', { kind: 'campaign' }]];
  if (sector) layers.push([sector, { kind: 'sector', sector }]);
  for (const [layer, origin] of layers) {
    for (const s of stored) {
      if (s.sector !== layer) continue;
      const def = BY_KEY.get(s.key);
      if (!def) continue;
      const parsed = parseSettingValue(def, s.value);
      if (!parsed.ok) continue;
      def.write(settings, parsed.value);
      origins.set(def.key, origin);
    }
  }
  return { settings, origins };
}

/**
 * "所用参数：较大数额罚款（个人） 10000 元〔默认〕；较大数额罚款（单位） 50000 元〔本活动设置（生态环境）〕"
 * for the catalogue values behind a rule's `configurable` names; '' when the rule has none.
 */
export function settingsUsedText(configurable: readonly string[], resolved: ResolvedSettings): string {
  const names = new Set(configurable);
  const isDefault = (d: SettingDef) => (resolved.origins.get(d.key) ?? { kind: 'default' }).kind === 'default';
  // A rule's on/off and severity switches at their defaults would repeat on every finding: named only when set.
  const isSwitch = (d: SettingDef) => d.group === RULE_SWITCHES || d.group === OTHER_RULE_SWITCHES;
  const parts = SETTINGS_CATALOGUE.filter((d) => names.has(d.configurable) && !(isSwitch(d) && isDefault(d))).map(
    (d) => `${d.label} ${formatSettingValue(d, d.read(resolved.settings), resolved.settings)}〔${originText(resolved.origins.get(d.key) ?? { kind: 'default' })}〕`,
  );
  return parts.length ? `所用参数：${parts.join('；')}` : '';
}
