/**
 * The register (案卷目录) template: every column a unit's register may carry, which field of the
 * normalised record it fills, which `dossiers` table column stores it, and how its cells are parsed.
 * Pure: shared by the import pipeline (Node) and the renderer (mapping editor, previews).
 */

export const CASE_TYPES = ['行政处罚', '行政许可', '行政强制', '行政检查', '行政征收', '行政确认', '其他'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const PARTY_TYPES = ['个人', '单位'] as const;
export type PartyType = (typeof PARTY_TYPES)[number];

export const CIRCUMSTANCES = ['轻微', '一般', '较重', '严重'] as const;
export type Circumstance = (typeof CIRCUMSTANCES)[number];

export type ColumnKind = 'text' | 'date' | 'amount' | 'enum' | 'bool' | 'list';

export interface Officer {
  name: string;
  certNo: string | null;
}

/** One register row after parsing and normalisation: what is hashed, diffed and stored. */
export interface DossierInput {
  caseNo: string;
  unitName: string;
  caseType: CaseType;
  procedure: string | null;
  field: string | null;
  cause: string;
  party: string;
  partyType: PartyType | null;
  partyIdNo: string | null;
  partyPhone: string | null;
  officers: Officer[];
  dateApplied: string | null;
  dateAccepted: string | null;
  dateDiscovered: string | null;
  dateFiled: string | null;
  dateNotice: string | null;
  dateNoticeServed: string | null;
  dateHearingRequested: string | null;
  dateHearingNotice: string | null;
  dateHearing: string | null;
  extensionApproved: boolean | null;
  dateDecision: string | null;
  dateDecisionServed: string | null;
  datePaid: string | null;
  dateSeized: string | null;
  dateSeizureExtended: string | null;
  dateReleased: string | null;
  dateReminder: string | null;
  dateEnforced: string | null;
  dateClosed: string;
  penaltyKinds: string[];
  fineFen: number | null;
  confiscationFen: number | null;
  violationCode: string | null;
  circumstance: Circumstance | null;
  legalReview: boolean | null;
  collectiveDiscussion: boolean | null;
  fileRef: string | null;
  /** Columns the template does not know (source header → cell), empty cells left out. */
  extra: Record<string, string>;
}

/** Every field of DossierInput except the free-form `extra`. */
export type DossierField = Exclude<keyof DossierInput, 'extra'>;

export interface RegisterColumn {
  /** The template column name, as it appears in the register's header row. */
  header: string;
  /** The DossierInput field it fills (承办人 and 执法证号 both fill `officers`). */
  field: DossierField;
  /** The `dossiers` table column that stores the field. */
  dbColumn: string;
  kind: ColumnKind;
  required: boolean;
  /** Allowed values for kind 'enum'. */
  values?: readonly string[];
  /** For the two officer columns: which half of the pair this column carries. */
  officerPart?: 'name' | 'certNo';
}

const col = (
  header: string,
  field: DossierField,
  dbColumn: string,
  kind: ColumnKind,
  required = false,
  extra: Partial<RegisterColumn> = {},
): RegisterColumn => ({ header, field, dbColumn, kind, required, ...extra });

export const REGISTER_COLUMNS: readonly RegisterColumn[] = Object.freeze([
  col('案卷编号', 'caseNo', 'case_no', 'text', true),
  col('执法单位', 'unitName', 'unit_id', 'text', true),
  col('案件类型', 'caseType', 'case_type', 'enum', true, { values: CASE_TYPES }),
  col('案由', 'cause', 'cause', 'text', true),
  col('当事人', 'party', 'party', 'text', true),
  col('结案日期', 'dateClosed', 'date_closed', 'date', true),
  col('执法领域', 'field', 'field', 'text'),
  col('程序类型', 'procedure', 'procedure', 'text'),
  col('当事人类型', 'partyType', 'party_type', 'enum', false, { values: PARTY_TYPES }),
  col('证件号码', 'partyIdNo', 'party_id_no', 'text'),
  col('联系电话', 'partyPhone', 'party_phone', 'text'),
  col('承办人', 'officers', 'officers', 'list', false, { officerPart: 'name' }),
  col('执法证号', 'officers', 'officers', 'list', false, { officerPart: 'certNo' }),
  col('申请日期', 'dateApplied', 'date_applied', 'date'),
  col('受理日期', 'dateAccepted', 'date_accepted', 'date'),
  col('发现日期', 'dateDiscovered', 'date_discovered', 'date'),
  col('立案日期', 'dateFiled', 'date_filed', 'date'),
  col('告知日期', 'dateNotice', 'date_notice', 'date'),
  col('告知送达日期', 'dateNoticeServed', 'date_notice_served', 'date'),
  col('听证申请日期', 'dateHearingRequested', 'date_hearing_requested', 'date'),
  col('听证通知日期', 'dateHearingNotice', 'date_hearing_notice', 'date'),
  col('听证日期', 'dateHearing', 'date_hearing', 'date'),
  col('延期批准', 'extensionApproved', 'extension_approved', 'bool'),
  col('决定日期', 'dateDecision', 'date_decision', 'date'),
  col('决定送达日期', 'dateDecisionServed', 'date_decision_served', 'date'),
  col('缴款日期', 'datePaid', 'date_paid', 'date'),
  col('查封扣押日期', 'dateSeized', 'date_seized', 'date'),
  col('查封扣押延长日期', 'dateSeizureExtended', 'date_seizure_extended', 'date'),
  col('解除日期', 'dateReleased', 'date_released', 'date'),
  col('催告日期', 'dateReminder', 'date_reminder', 'date'),
  col('强制执行日期', 'dateEnforced', 'date_enforced', 'date'),
  col('处罚种类', 'penaltyKinds', 'penalty_kinds', 'list'),
  col('罚款金额', 'fineFen', 'fine_fen', 'amount'),
  col('没收金额', 'confiscationFen', 'confiscation_fen', 'amount'),
  col('违法行为代码', 'violationCode', 'violation_code', 'text'),
  col('情节', 'circumstance', 'circumstance', 'enum', false, { values: CIRCUMSTANCES }),
  col('法制审核', 'legalReview', 'legal_review', 'bool'),
  col('集体讨论', 'collectiveDiscussion', 'collective_discussion', 'bool'),
  col('卷宗文件', 'fileRef', 'file_ref', 'text'),
]);

/** The template column names in template order (the order of a freshly exported template). */
export const TEMPLATE_HEADERS: readonly string[] = Object.freeze(REGISTER_COLUMNS.map((c) => c.header));
export const REQUIRED_HEADERS: readonly string[] = Object.freeze(REGISTER_COLUMNS.filter((c) => c.required).map((c) => c.header));

const BY_HEADER = new Map(REGISTER_COLUMNS.map((c) => [c.header, c]));
export const registerColumn = (header: string): RegisterColumn | undefined => BY_HEADER.get(header);
export const isTemplateHeader = (header: string): boolean => BY_HEADER.has(header);

/** Human label of each normalised field, for diffs and messages. */
export const FIELD_LABELS: Readonly<Record<DossierField, string>> = Object.freeze(
  Object.fromEntries(
    REGISTER_COLUMNS.map((c) => [c.field, c.field === 'officers' ? '承办人/执法证号' : c.header]),
  ) as Record<DossierField, string>,
);

/** The order fields are hashed and diffed in (template order, each field once). */
export const DOSSIER_FIELDS: readonly DossierField[] = Object.freeze([...new Set(REGISTER_COLUMNS.map((c) => c.field))]);

/**
 * Header names other systems use for template columns. Used only to *suggest* a mapping; the user
 * confirms it in the preview (or it is applied as-is when no mapping is given).
 */
export const HEADER_SYNONYMS: Readonly<Record<string, string>> = Object.freeze({
  案号: '案卷编号',
  案件编号: '案卷编号',
  卷宗编号: '案卷编号',
  编号: '案卷编号',
  文书编号: '案卷编号',
  决定书文号: '案卷编号',
  办案单位: '执法单位',
  执法机关: '执法单位',
  执法部门: '执法单位',
  实施机关: '执法单位',
  单位名称: '执法单位',
  案件类别: '案件类型',
  案卷类型: '案件类型',
  案卷类别: '案件类型',
  执法类别: '案件类型',
  案件名称: '案由',
  违法行为: '案由',
  当事人名称: '当事人',
  当事人姓名: '当事人',
  行政相对人: '当事人',
  相对人名称: '当事人',
  相对人: '当事人',
  结案时间: '结案日期',
  办结日期: '结案日期',
  办结时间: '结案日期',
  归档日期: '结案日期',
  立案时间: '立案日期',
  决定时间: '决定日期',
  处罚决定日期: '决定日期',
  作出决定日期: '决定日期',
  送达日期: '决定送达日期',
  申请时间: '申请日期',
  受理时间: '受理日期',
  执法人员: '承办人',
  办案人员: '承办人',
  办案人: '承办人',
  承办人员: '承办人',
  执法证件号: '执法证号',
  执法证件号码: '执法证号',
  执法证编号: '执法证号',
  身份证号: '证件号码',
  身份证号码: '证件号码',
  统一社会信用代码或身份证号: '证件号码',
  相对人类型: '当事人类型',
  当事人类别: '当事人类型',
  罚款: '罚款金额',
  罚款数额: '罚款金额',
  罚没金额: '罚款金额',
  没收违法所得: '没收金额',
  没收违法所得金额: '没收金额',
  处罚类型: '处罚种类',
  处罚种类及幅度: '处罚种类',
  违法情节: '情节',
  情节轻重: '情节',
  是否法制审核: '法制审核',
  是否集体讨论: '集体讨论',
  是否延期: '延期批准',
  卷宗: '卷宗文件',
  文件路径: '卷宗文件',
  电话: '联系电话',
  联系方式: '联系电话',
});

/**
 * Canonical form of a header for matching: no BOM or whitespace (full-width included), no required
 * markers (*), no unit suffix in brackets (罚款金额（元） → 罚款金额).
 */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/[\s\u3000\u00A0]+/g, '')
    .replace(/[*＊]/g, '')
    .replace(/[（(](元|人民币元|万元|yyyy-mm-dd|年-月-日|是\/否|是或否)[)）]$/i, '')
    .trim();
}

/** Template column a source header matches by name or synonym, or null. */
export function matchTemplateHeader(sourceHeader: string): string | null {
  const h = normaliseHeader(sourceHeader);
  if (BY_HEADER.has(h)) return h;
  return HEADER_SYNONYMS[h] ?? null;
}

/** A mapping: source header → template column, or null for "keep only in the raw row". */
export type ColumnMapping = Record<string, string | null>;

/**
 * Suggested mapping for a header row: exact names first, then synonyms; a template column is
 * suggested for at most one source header (the first exact match wins over a synonym).
 */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const out: ColumnMapping = {};
  const taken = new Set<string>();
  // Exact matches claim their column before synonyms do.
  for (const h of headers) {
    const n = normaliseHeader(h);
    if (BY_HEADER.has(n) && !taken.has(n)) {
      out[h] = n;
      taken.add(n);
    }
  }
  for (const h of headers) {
    if (h in out) continue;
    const m = matchTemplateHeader(h);
    if (m && !taken.has(m)) {
      out[h] = m;
      taken.add(m);
    } else {
      out[h] = null;
    }
  }
  return out;
}
