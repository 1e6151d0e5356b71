/**
 * Dossiers and the register imports that fill them. Built for registers of 50,000 rows: prepared
 * statements reused for every row, one bulk load of the campaign's case_no → content_hash map, and
 * chunked loads of full rows only for the rows that changed.
 */
import type { WritableDB } from '../handles';
import type { Dossier, DossierListQuery, DossierPage, DossierSummary } from '../../shared/api/namespaces/dossiers';
import { caseNoSortKey, type CaseType, type Circumstance, type DossierInput, type Officer, type PartyType, type RegisterIssue } from '../../shared/domain/register';

/** The dossiers columns a register row fills, in insert order (unit_id is resolved from unitName). */
const FIELD_COLUMNS = [
  ['caseNo', 'case_no'],
  ['caseType', 'case_type'],
  ['procedure', 'procedure'],
  ['field', 'field'],
  ['cause', 'cause'],
  ['party', 'party'],
  ['partyType', 'party_type'],
  ['partyIdNo', 'party_id_no'],
  ['partyPhone', 'party_phone'],
  ['officers', 'officers'],
  ['dateApplied', 'date_applied'],
  ['dateAccepted', 'date_accepted'],
  ['dateDiscovered', 'date_discovered'],
  ['dateFiled', 'date_filed'],
  ['dateNotice', 'date_notice'],
  ['dateNoticeServed', 'date_notice_served'],
  ['dateHearingRequested', 'date_hearing_requested'],
  ['dateHearingNotice', 'date_hearing_notice'],
  ['dateHearing', 'date_hearing'],
  ['extensionApproved', 'extension_approved'],
  ['dateDecision', 'date_decision'],
  ['dateDecisionServed', 'date_decision_served'],
  ['datePaid', 'date_paid'],
  ['dateSeized', 'date_seized'],
  ['dateSeizureExtended', 'date_seizure_extended'],
  ['dateReleased', 'date_released'],
  ['dateReminder', 'date_reminder'],
  ['dateEnforced', 'date_enforced'],
  ['dateClosed', 'date_closed'],
  ['penaltyKinds', 'penalty_kinds'],
  ['fineFen', 'fine_fen'],
  ['confiscationFen', 'confiscation_fen'],
  ['violationCode', 'violation_code'],
  ['circumstance', 'circumstance'],
  ['legalReview', 'legal_review'],
  ['collectiveDiscussion', 'collective_discussion'],
  ['fileRef', 'file_ref'],
] as const satisfies readonly (readonly [Exclude<keyof DossierInput, 'extra' | 'unitName'>, string])[];

const JSON_FIELDS = new Set<string>(['officers', 'penaltyKinds']);
const BOOL_FIELDS = new Set<string>(['extensionApproved', 'legalReview', 'collectiveDiscussion']);

/** A dossier row as stored (snake_case columns). */
interface DbDossier {
  id: string;
  campaign_id: string;
  unit_id: string;
  unit_name: string;
  case_no: string;
  case_type: CaseType;
  procedure: string | null;
  field: string | null;
  cause: string;
  party: string;
  party_type: PartyType | null;
  party_id_no: string | null;
  party_phone: string | null;
  officers: string;
  date_applied: string | null;
  date_accepted: string | null;
  date_discovered: string | null;
  date_filed: string | null;
  date_notice: string | null;
  date_notice_served: string | null;
  date_hearing_requested: string | null;
  date_hearing_notice: string | null;
  date_hearing: string | null;
  extension_approved: number | null;
  date_decision: string | null;
  date_decision_served: string | null;
  date_paid: string | null;
  date_seized: string | null;
  date_seizure_extended: string | null;
  date_released: string | null;
  date_reminder: string | null;
  date_enforced: string | null;
  date_closed: string;
  penalty_kinds: string;
  fine_fen: number | null;
  confiscation_fen: number | null;
  violation_code: string | null;
  circumstance: Circumstance | null;
  legal_review: number | null;
  collective_discussion: number | null;
  file_ref: string | null;
  facts_override: string;
  raw: string;
  content_hash: string;
  import_id: string | null;
  created_at: string;
  updated_at: string;
}

const bool = (v: number | null): boolean | null => (v === null ? null : v === 1);

/** The normalised register record a stored row was built from (extras supplied by the caller). */
export function dossierInputFromRow(r: DbDossier, extra: Record<string, string> = {}): DossierInput {
  const out: Record<string, unknown> = { unitName: r.unit_name };
  for (const [f, c] of FIELD_COLUMNS) {
    const v = (r as unknown as Record<string, unknown>)[c];
    out[f] = JSON_FIELDS.has(f) ? JSON.parse(v as string) : BOOL_FIELDS.has(f) ? bool(v as number | null) : v;
  }
  out.officers = (out.officers as Officer[]).map((o) => ({ name: o.name, certNo: o.certNo ?? null }));
  out.extra = extra;
  return out as unknown as DossierInput;
}

function toDossier(r: DbDossier & { file_count: number; page_count: number | null }): Dossier {
  const rec = dossierInputFromRow(r);
  const { extra: _extra, ...fields } = rec;
  return {
    ...fields,
    id: r.id,
    campaignId: r.campaign_id,
    unitId: r.unit_id,
    raw: JSON.parse(r.raw) as Record<string, string>,
    factsOverride: JSON.parse(r.facts_override) as Record<string, unknown>,
    contentHash: r.content_hash,
    importId: r.import_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    fileCount: r.file_count,
    pageCount: r.page_count ?? 0,
  };
}

type SummaryRow = Pick<
  DbDossier,
  'id' | 'campaign_id' | 'unit_id' | 'unit_name' | 'case_no' | 'case_type' | 'procedure' | 'field' | 'cause' | 'party' | 'party_type' | 'date_filed' | 'date_decision' | 'date_closed' | 'fine_fen' | 'file_ref' | 'updated_at'
> & { file_count: number; page_count: number | null };

const toSummary = (r: SummaryRow): DossierSummary => ({
  id: r.id,
  campaignId: r.campaign_id,
  unitId: r.unit_id,
  unitName: r.unit_name,
  caseNo: r.case_no,
  caseType: r.case_type,
  procedure: r.procedure,
  field: r.field,
  cause: r.cause,
  party: r.party,
  partyType: r.party_type,
  dateFiled: r.date_filed,
  dateDecision: r.date_decision,
  dateClosed: r.date_closed,
  fineFen: r.fine_fen,
  fileRef: r.file_ref,
  updatedAt: r.updated_at,
  fileCount: r.file_count,
  pageCount: r.page_count ?? 0,
});

const SORT_SQL: Record<string, string> = {
  caseNo: 'd.case_no_sort',
  dateClosed: 'd.date_closed',
  unit: 'u.name',
  party: 'd.party',
  fine: 'd.fine_fen',
  updatedAt: 'd.updated_at',
};

// How each field column is converted for SQLite, decided once (not two Set lookups per cell).
const FIELD_CONVERSIONS = FIELD_COLUMNS.map(([f]) => [f, JSON_FIELDS.has(f) ? 1 : BOOL_FIELDS.has(f) ? 2 : 0] as const);

/** The field columns' values in FIELD_COLUMNS order, converted for SQLite (appended to `out` when given). */
function fieldValues(record: DossierInput, out: unknown[] = []): unknown[] {
  const rec = record as unknown as Record<string, unknown>;
  for (const [f, conversion] of FIELD_CONVERSIONS) {
    const v = rec[f];
    out.push(conversion === 1 ? JSON.stringify(v) : conversion === 2 ? (v === null ? null : v ? 1 : 0) : v);
  }
  return out;
}

/**
 * One imported register row as the dossiers INSERT binds it, positionally:
 * id, campaign_id, unit_id, the FIELD_COLUMNS, raw, content_hash, import_id, created_at, updated_at,
 * case_no_sort. Built wherever the row is validated (a worker thread for large registers) and sent to
 * the writer as a plain array: the writer only fills in unit_id and binds it. DOSSIER_ROW says where
 * each value sits.
 */
export type DossierRowParams = unknown[];

const FIRST_FIELD = 3;
export const DOSSIER_ROW = {
  id: 0,
  campaignId: 1,
  unitId: 2,
  caseNo: FIRST_FIELD,
  raw: FIRST_FIELD + FIELD_COLUMNS.length,
  contentHash: FIRST_FIELD + FIELD_COLUMNS.length + 1,
  importId: FIRST_FIELD + FIELD_COLUMNS.length + 2,
  createdAt: FIRST_FIELD + FIELD_COLUMNS.length + 3,
  updatedAt: FIRST_FIELD + FIELD_COLUMNS.length + 4,
  caseNoSort: FIRST_FIELD + FIELD_COLUMNS.length + 5,
} as const;

export interface DossierRowInput {
  id: string;
  campaignId: string;
  /** Null when the writer resolves it later from the unit name. */
  unitId: string | null;
  record: DossierInput;
  rawJson: string;
  contentHash: string;
  importId: string;
  now: string;
}

export function dossierRowParams(w: DossierRowInput): DossierRowParams {
  // One flat array (no spread into a 46-argument call): this runs 50,000 times per register.
  const params = fieldValues(w.record, [w.id, w.campaignId, w.unitId]);
  params.push(w.rawJson, w.contentHash, w.importId, w.now, w.now, caseNoSortKey(w.record.caseNo));
  return params;
}

/** The normalised record a row of parameters was built from (for the changed-rows report). */
export function dossierInputFromParams(p: DossierRowParams, unitName: string, extra: Record<string, string>): DossierInput {
  const row: Record<string, unknown> = { unit_name: unitName };
  FIELD_COLUMNS.forEach(([, c], i) => (row[c] = p[FIRST_FIELD + i]));
  return dossierInputFromRow(row as unknown as DbDossier, extra);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function dossierRepository(db: WritableDB) {
  const cols = FIELD_COLUMNS.map(([, c]) => c);
  // Positional parameters: better-sqlite3 binds them faster than named ones.
  const insert = db.prepare(
    `INSERT INTO dossiers (id, campaign_id, unit_id, ${cols.join(', ')}, raw, content_hash, import_id, created_at, updated_at, case_no_sort)
     VALUES (?, ?, ?, ${cols.map(() => '?').join(', ')}, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE dossiers SET unit_id = ?, ${cols.map((c) => `${c} = ?`).join(', ')}, raw = ?, content_hash = ?, import_id = ?, updated_at = ?
     WHERE id = ? AND campaign_id = ?`,
  );
  const hashes = db.prepare('SELECT case_no, id, content_hash FROM dossiers WHERE campaign_id = ?').raw(true);
  const get = db.prepare(
    `SELECT d.*, u.name AS unit_name,
            (SELECT COUNT(*) FROM dossier_files f WHERE f.dossier_id = d.id) AS file_count,
            (SELECT SUM(f.page_count) FROM dossier_files f WHERE f.dossier_id = d.id) AS page_count
       FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.id = ?`,
  );
  const count = db.prepare('SELECT COUNT(*) AS n FROM dossiers WHERE campaign_id = ?').pluck();
  const CHUNK = 500;
  const byCaseNos = db.prepare(
    `SELECT d.*, u.name AS unit_name FROM dossiers d JOIN units u ON u.id = d.unit_id
      WHERE d.campaign_id = ? AND d.case_no IN (${Array(CHUNK).fill('?').join(',')})`,
  );

  return {
    /** case_no → {id, contentHash} for a whole campaign, in one query. */
    hashesForCampaign(campaignId: string): Map<string, { id: string; contentHash: string }> {
      const map = new Map<string, { id: string; contentHash: string }>();
      for (const [caseNo, id, hash] of hashes.iterate(campaignId) as IterableIterator<[string, string, string]>) {
        map.set(caseNo, { id, contentHash: hash });
      }
      return map;
    },
    /** Full stored rows for some case numbers (chunked IN queries), with their raw rows. */
    storedByCaseNo(campaignId: string, caseNos: readonly string[]): Map<string, { row: DbDossier; raw: Record<string, string> }> {
      const out = new Map<string, { row: DbDossier; raw: Record<string, string> }>();
      for (let i = 0; i < caseNos.length; i += CHUNK) {
        const chunk = caseNos.slice(i, i + CHUNK);
        const params = [...chunk, ...Array(CHUNK - chunk.length).fill(null)];
        for (const r of byCaseNos.all(campaignId, ...params) as DbDossier[]) out.set(r.case_no, { row: r, raw: JSON.parse(r.raw) });
      }
      return out;
    },
    /**
     * Binds a row built by dossierRowParams (unit_id filled in). Spread as arguments: given one array,
     * the addon fetches each of the 46 values through napi_get_element (~8% of the insert's CPU).
     */
    insertRow: (p: DossierRowParams): void => void insert.run(...p),
    /** Re-applies an imported row to an existing dossier (the one with this id in the campaign). */
    updateFromRow: (id: string, p: DossierRowParams): boolean =>
      update.run(
        p[DOSSIER_ROW.unitId],
        ...p.slice(FIRST_FIELD, DOSSIER_ROW.raw),
        p[DOSSIER_ROW.raw],
        p[DOSSIER_ROW.contentHash],
        p[DOSSIER_ROW.importId],
        p[DOSSIER_ROW.updatedAt],
        id,
        p[DOSSIER_ROW.campaignId],
      ).changes > 0,
    count: (campaignId: string): number => count.get(campaignId) as number,
    get(id: string): Dossier | undefined {
      const r = get.get(id) as (DbDossier & { file_count: number; page_count: number | null }) | undefined;
      return r && toDossier(r);
    },
    /** One page of a campaign's dossiers plus the total matching the filter. */
    list(q: DossierListQuery): DossierPage {
      const where = ['d.campaign_id = @campaignId'];
      const params: Record<string, unknown> = { campaignId: q.campaignId, limit: q.limit, offset: q.offset };
      if (q.unitId) {
        where.push('d.unit_id = @unitId');
        params.unitId = q.unitId;
      }
      if (q.caseType) {
        where.push('d.case_type = @caseType');
        params.caseType = q.caseType;
      }
      if (q.search) {
        where.push(`(d.case_no LIKE @search ESCAPE '\\' OR d.party LIKE @search ESCAPE '\\')`);
        params.search = `%${escapeLike(q.search)}%`;
      }
      const desc = q.sort.startsWith('-');
      const key = SORT_SQL[desc ? q.sort.slice(1) : q.sort] ?? 'd.case_no';
      const dir = desc ? 'DESC' : 'ASC';
      // Case numbers in natural order (〔2024〕2号 before 〔2024〕10号); the number itself breaks ties.
      const order = key === 'd.case_no_sort' ? `d.case_no_sort ${dir}, d.case_no ${dir}` : `${key} ${dir} NULLS LAST, d.case_no_sort ${dir}, d.case_no ${dir}`;
      const whereSql = where.join(' AND ');
      const total = db.prepare(`SELECT COUNT(*) FROM dossiers d WHERE ${whereSql}`).pluck().get(params) as number;
      const items = db
        .prepare(
          `SELECT d.id, d.campaign_id, d.unit_id, u.name AS unit_name, d.case_no, d.case_type, d.procedure, d.field, d.cause,
                  d.party, d.party_type, d.date_filed, d.date_decision, d.date_closed, d.fine_fen, d.file_ref, d.updated_at,
                  (SELECT COUNT(*) FROM dossier_files f WHERE f.dossier_id = d.id) AS file_count,
                  (SELECT SUM(f.page_count) FROM dossier_files f WHERE f.dossier_id = d.id) AS page_count
             FROM dossiers d JOIN units u ON u.id = d.unit_id
            WHERE ${whereSql}
            ORDER BY ${order}
            LIMIT @limit OFFSET @offset`,
        )
        .all(params) as SummaryRow[];
      return { items: items.map(toSummary), total, offset: q.offset, limit: q.limit };
    },
  };
}

export type DossierRepository = ReturnType<typeof dossierRepository>;
export type StoredDossierRow = DbDossier;

export interface RegisterImportRecord {
  id: string;
  campaignId: string;
  fileName: string;
  fileSha256: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  sheet: string | null;
  rowCount: number;
  imported: number;
  unchanged: number;
  changed: number;
  /** Per 执法单位 counts of this file (JSON column unit_counts, migration 6). */
  units: { unitName: string; imported: number; unchanged: number; changed: number }[];
  warnings: RegisterIssue[];
  importedAt: string;
  actor: string;
}

interface DbImport {
  id: string;
  campaign_id: string;
  file_name: string;
  file_sha256: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  sheet: string | null;
  row_count: number;
  imported: number;
  unchanged: number;
  changed: number;
  unit_counts: string;
  warnings: string;
  imported_at: string;
  actor: string;
}

export function registerImportRepository(db: WritableDB) {
  const insert = db.prepare(
    `INSERT INTO register_imports (id, campaign_id, file_name, file_sha256, format, encoding, sheet, row_count, imported, unchanged, changed, unit_counts, warnings, imported_at, actor)
     VALUES (@id, @campaignId, @fileName, @fileSha256, @format, @encoding, @sheet, @rowCount, @imported, @unchanged, @changed, @unitCounts, @warnings, @importedAt, @actor)`,
  );
  const finish = db.prepare('UPDATE register_imports SET row_count = ?, imported = ?, unchanged = ?, changed = ?, unit_counts = ?, warnings = ? WHERE id = ?');
  const list = db.prepare('SELECT * FROM register_imports WHERE campaign_id = ? ORDER BY imported_at DESC, id DESC');
  return {
    insert: (r: RegisterImportRecord): void => {
      const { units, ...rest } = r;
      insert.run({ ...rest, unitCounts: JSON.stringify(units), warnings: JSON.stringify(r.warnings) });
    },
    /**
     * The counts of an import row inserted before its dossiers (the importer writes rows as they
     * validate, and knows how many rows the file had only once it has read them all).
     */
    finish: (id: string, r: Pick<RegisterImportRecord, 'rowCount' | 'imported' | 'unchanged' | 'changed' | 'units' | 'warnings'>): void =>
      void finish.run(r.rowCount, r.imported, r.unchanged, r.changed, JSON.stringify(r.units), JSON.stringify(r.warnings), id),
    list: (campaignId: string): RegisterImportRecord[] =>
      (list.all(campaignId) as DbImport[]).map((r) => ({
        id: r.id,
        campaignId: r.campaign_id,
        fileName: r.file_name,
        fileSha256: r.file_sha256,
        format: r.format,
        encoding: r.encoding,
        sheet: r.sheet,
        rowCount: r.row_count,
        imported: r.imported,
        unchanged: r.unchanged,
        changed: r.changed,
        units: JSON.parse(r.unit_counts) as RegisterImportRecord['units'],
        warnings: JSON.parse(r.warnings) as RegisterIssue[],
        importedAt: r.imported_at,
        actor: r.actor,
      })),
  };
}
