/**
 * The rows of a campaign package (issue #18, docs/packages.md): one team's slice of a campaign, read
 * at the legal office, and written into a team laptop's empty store.
 *
 * Rows travel as they are stored (column name → value), table by table, parents before children, so
 * the laptop gets the office's ids and a results package can refer to them. The export chooses the
 * rows; the import accepts only the tables listed in PACKAGE_TABLES and only columns its own schema
 * has. Secrets never travel: reviewer columns that look like a PIN or key are dropped on export.
 */
import type Database from 'better-sqlite3';
import type { ReadableDB, WritableDB } from '../handles';
import { openWriterConnection } from '../store';

export type Row = Record<string, string | number | null>;

/**
 * What to do when a row's key is already in the store:
 * - `replace`: the office's copy wins (holiday calendar, settings, the campaign's rule settings: the ones in force);
 * - `keep`: the same row, already there (content-addressed or shared libraries, seeded templates);
 * - `insert`: campaign data; a second import of the same campaign keeps what the laptop has.
 */
type Conflict = 'replace' | 'keep' | 'insert';

/** Tables a campaign package may write, in the order they are written (parents first). */
export const PACKAGE_TABLES: Readonly<Record<string, Conflict>> = {
  calendar_years: 'replace',
  calendar_days: 'replace',
  settings: 'replace',
  benchmark_docs: 'keep',
  benchmark_items: 'keep',
  benchmark_tiers: 'keep',
  checklist_templates: 'keep',
  campaigns: 'insert',
  campaign_templates: 'insert',
  campaign_rule_settings: 'replace',
  units: 'keep',
  register_imports: 'insert',
  reviewers: 'insert',
  sample_draws: 'insert',
  dossiers: 'insert',
  samples: 'insert',
  assignments: 'insert',
  dossier_files: 'insert',
  dossier_pages: 'insert',
  document_tags: 'insert',
  ocr_cache: 'keep',
  ocr_queue: 'insert',
  findings: 'insert',
  check_runs: 'insert',
};

/** Reviewer columns that must never leave the office (PIN hashes and salts, keys, secrets). */
const SECRET_COLUMN = /pin|secret|private|password|salt|key/i;

export interface TeamSummary {
  team: string;
  reviewers: number;
  /** Sampled dossiers with an active assignment to one of the team's reviewers. */
  dossiers: number;
  pdfs: number;
  pdfBytes: number;
}

export interface PackageFile {
  sha256: string;
  sizeBytes: number;
  caseNo: string;
  originalName: string;
}

export interface CampaignOrigin {
  campaignId: string;
  team: string;
  officePublicKey: string;
  officeFingerprint: string;
  packageCreatedAt: string;
  importedAt: string;
  importedBy: string;
}

const ids = (list: readonly string[]) => JSON.stringify(list);
const IN_IDS = 'IN (SELECT value FROM json_each(?))';

/** The office side: which rows make a team's slice. */
export function campaignPackageReads(db: ReadableDB) {
  const sliceDossiers = `
    SELECT DISTINCT a.dossier_id FROM assignments a
      JOIN reviewers r ON r.id = a.reviewer_id
      JOIN samples s ON s.dossier_id = a.dossier_id AND s.withdrawn = 0
      JOIN sample_draws sd ON sd.id = s.draw_id AND sd.is_current = 1 AND sd.campaign_id = r.campaign_id
     WHERE a.status = 'active' AND r.campaign_id = ? AND r.team = ?`;
  const q = {
    teams: db.prepare(
      `SELECT r.team, COUNT(*) AS reviewers FROM reviewers r WHERE r.campaign_id = ? GROUP BY r.team ORDER BY r.team`,
    ),
    dossierIds: db.prepare(`${sliceDossiers} ORDER BY a.dossier_id`).pluck(),
    reviewerIds: db.prepare('SELECT id FROM reviewers WHERE campaign_id = ? AND team = ? ORDER BY name, id').pluck(),
    files: db.prepare(
      `SELECT f.sha256, MAX(f.size_bytes) AS sizeBytes, MIN(d.case_no) AS caseNo, MIN(f.original_name) AS originalName
         FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id
        WHERE f.dossier_id ${IN_IDS} GROUP BY f.sha256 ORDER BY f.sha256`,
    ),
    fileIds: db.prepare(`SELECT id FROM dossier_files WHERE dossier_id ${IN_IDS} ORDER BY id`).pluck(),
    calendarYears: db.prepare('SELECT * FROM calendar_years ORDER BY year'),
    calendarDays: db.prepare('SELECT * FROM calendar_days ORDER BY date'),
    settings: db.prepare('SELECT * FROM settings ORDER BY key'),
    benchmarkDocs: db.prepare('SELECT * FROM benchmark_docs ORDER BY id'),
    benchmarkItems: db.prepare('SELECT * FROM benchmark_items ORDER BY id'),
    benchmarkTiers: db.prepare('SELECT * FROM benchmark_tiers ORDER BY id'),
    // Pinned versions, and the newest version of every template: what a review opened on the laptop
    // would resolve to if the campaign pins nothing for that kind of case.
    templates: db.prepare(
      `SELECT * FROM checklist_templates t
        WHERE t.id IN (SELECT template_id FROM campaign_templates WHERE campaign_id = ?)
           OR t.version = (SELECT MAX(version) FROM checklist_templates x WHERE x.template_key = t.template_key)
        ORDER BY t.template_key, t.version`,
    ),
    campaign: db.prepare('SELECT * FROM campaigns WHERE id = ?'),
    campaignTemplates: db.prepare('SELECT * FROM campaign_templates WHERE campaign_id = ? ORDER BY template_id'),
    ruleSettings: db.prepare('SELECT * FROM campaign_rule_settings WHERE campaign_id = ? ORDER BY sector, key'),
    units: db.prepare(
      `SELECT * FROM units WHERE id IN (SELECT unit_id FROM dossiers WHERE id ${IN_IDS})
          OR id IN (SELECT unit_id FROM reviewers WHERE id ${IN_IDS}) ORDER BY id`,
    ),
    registerImports: db.prepare(`SELECT * FROM register_imports WHERE id IN (SELECT import_id FROM dossiers WHERE id ${IN_IDS}) ORDER BY imported_at, id`),
    reviewers: db.prepare(`SELECT * FROM reviewers WHERE id ${IN_IDS} ORDER BY name, id`),
    currentDraw: db.prepare('SELECT * FROM sample_draws WHERE campaign_id = ? AND is_current = 1'),
    dossiers: db.prepare(`SELECT * FROM dossiers WHERE id ${IN_IDS} ORDER BY case_no_sort, case_no`),
    samples: db.prepare(`SELECT * FROM samples WHERE draw_id = ? AND dossier_id ${IN_IDS} ORDER BY draw_order`),
    assignments: db.prepare(
      `SELECT * FROM assignments WHERE status = 'active' AND dossier_id ${IN_IDS} AND reviewer_id ${IN_IDS} ORDER BY assigned_at, id`,
    ),
    filesOf: db.prepare(`SELECT * FROM dossier_files WHERE dossier_id ${IN_IDS} ORDER BY id`),
    pages: db.prepare('SELECT * FROM dossier_pages WHERE file_id = ? ORDER BY page_no'),
    tags: db.prepare(`SELECT * FROM document_tags WHERE file_id ${IN_IDS} ORDER BY file_id, page_no, doc_type`),
    ocrCache: db.prepare(
      `SELECT * FROM ocr_cache WHERE image_sha256 IN (SELECT image_sha256 FROM dossier_pages WHERE file_id = ? AND image_sha256 IS NOT NULL)
        ORDER BY image_sha256, pass`,
    ),
    ocrQueue: db.prepare(`SELECT * FROM ocr_queue WHERE file_id ${IN_IDS} ORDER BY file_id, page_no, pass`),
    // Automatic proposals and decisions not tied to a review: a review's decisions travel with it (results package).
    findings: db.prepare(`SELECT * FROM findings WHERE dossier_id ${IN_IDS} AND review_id IS NULL ORDER BY created_at, id`),
    checkRuns: db.prepare('SELECT * FROM check_runs WHERE campaign_id = ? ORDER BY seq'),
  };
  const all = (stmt: Database.Statement, ...params: unknown[]) => stmt.all(...params) as Row[];
  return {
    /** The campaign's teams (named in the roster's 评查组 column) with what a package for each would hold. */
    teams(campaignId: string): TeamSummary[] {
      return (q.teams.all(campaignId) as { team: string; reviewers: number }[]).map((t) => {
        const dossierIds = q.dossierIds.all(campaignId, t.team) as string[];
        const files = q.files.all(ids(dossierIds)) as PackageFile[];
        return { ...t, dossiers: dossierIds.length, pdfs: files.length, pdfBytes: files.reduce((s, f) => s + f.sizeBytes, 0) };
      });
    },
    sliceIds(campaignId: string, team: string) {
      const dossierIds = q.dossierIds.all(campaignId, team) as string[];
      const reviewerIds = q.reviewerIds.all(campaignId, team) as string[];
      return { dossierIds, reviewerIds, fileIds: q.fileIds.all(ids(dossierIds)) as string[] };
    },
    /** The distinct PDFs of the dossiers (one blob per content, however many dossiers share it). */
    files: (dossierIds: readonly string[]): PackageFile[] => q.files.all(ids(dossierIds)) as PackageFile[],
    calendar: () => ({ calendar_years: all(q.calendarYears), calendar_days: all(q.calendarDays) }),
    settings: () => all(q.settings),
    benchmarks: () => ({ benchmark_docs: all(q.benchmarkDocs), benchmark_items: all(q.benchmarkItems), benchmark_tiers: all(q.benchmarkTiers) }),
    templates: (campaignId: string) => all(q.templates, campaignId),
    campaign: (campaignId: string) => ({
      campaigns: all(q.campaign, campaignId),
      campaign_templates: all(q.campaignTemplates, campaignId),
      campaign_rule_settings: all(q.ruleSettings, campaignId),
    }),
    units: (dossierIds: readonly string[], reviewerIds: readonly string[]) => all(q.units, ids(dossierIds), ids(reviewerIds)),
    registerImports: (dossierIds: readonly string[]) => all(q.registerImports, ids(dossierIds)),
    /** The team's roster, without any column that could hold a secret. */
    reviewers: (reviewerIds: readonly string[]) =>
      all(q.reviewers, ids(reviewerIds)).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !SECRET_COLUMN.test(k)))),
    currentDraw: (campaignId: string) => all(q.currentDraw, campaignId),
    dossiers: (dossierIds: readonly string[]) => all(q.dossiers, ids(dossierIds)),
    /** The draw's rows for these dossiers; a replaced dossier outside the slice is not named. */
    samples(drawId: string, dossierIds: readonly string[]): Row[] {
      const inSlice = new Set(dossierIds);
      return all(q.samples, drawId, ids(dossierIds)).map((s) =>
        s.replaces_dossier_id && !inSlice.has(String(s.replaces_dossier_id)) ? { ...s, replaces_dossier_id: null } : s,
      );
    },
    assignments: (dossierIds: readonly string[], reviewerIds: readonly string[]) => all(q.assignments, ids(dossierIds), ids(reviewerIds)),
    dossierFiles: (dossierIds: readonly string[]) => all(q.filesOf, ids(dossierIds)),
    pages: (fileId: string) => all(q.pages, fileId),
    ocrCache: (fileId: string) => all(q.ocrCache, fileId),
    tags: (fileIds: readonly string[]) => all(q.tags, ids(fileIds)),
    ocrQueue: (fileIds: readonly string[]) => all(q.ocrQueue, ids(fileIds)),
    findings: (dossierIds: readonly string[]) => all(q.findings, ids(dossierIds)),
    checkRuns: (campaignId: string) => all(q.checkRuns, campaignId),
  };
}

/** What a laptop's store holds that decides whether a campaign package may go in. */
export function campaignOriginReads(db: ReadableDB) {
  const campaigns = db.prepare('SELECT id, name FROM campaigns ORDER BY created_at, id');
  const origin = db.prepare(
    `SELECT campaign_id AS campaignId, team, office_public_key AS officePublicKey, office_fingerprint AS officeFingerprint,
            package_created_at AS packageCreatedAt, imported_at AS importedAt, imported_by AS importedBy
       FROM campaign_origins WHERE campaign_id = ?`,
  );
  const origins = db.prepare(
    `SELECT campaign_id AS campaignId, team, office_public_key AS officePublicKey, office_fingerprint AS officeFingerprint,
            package_created_at AS packageCreatedAt, imported_at AS importedAt, imported_by AS importedBy
       FROM campaign_origins ORDER BY imported_at`,
  );
  return {
    campaigns: () => campaigns.all() as { id: string; name: string }[],
    origin: (campaignId: string) => origin.get(campaignId) as CampaignOrigin | undefined,
    origins: () => origins.all() as CampaignOrigin[],
  };
}

export interface InsertCounts {
  added: number;
  /** Only the tables where the office's copy wins (calendar, settings). */
  changed: number;
  unchanged: number;
}

/**
 * One import: its own connection to the store file (a second one, so the import's long transaction
 * never captures other calls' writes; WAL lets the app keep reading), one IMMEDIATE transaction from
 * begin() to commit(). An in-memory store has no file to reopen: the store's own connection is used.
 */
export function openCampaignImportSession(store: { path: string; db: WritableDB }) {
  const own = store.path !== ':memory:';
  const db: WritableDB = own ? openWriterConnection(store.path) : store.db;
  const columns = new Map<string, Set<string>>();
  const statements = new Map<string, Database.Statement>();
  const primaryKeys = new Map<string, string[]>();
  const columnsOf = (table: string): Set<string> => {
    let set = columns.get(table);
    if (!set) {
      const info = db.pragma(`table_info(${table})`) as { name: string; pk: number }[];
      set = new Set(info.map((c) => c.name));
      columns.set(table, set);
      primaryKeys.set(table, info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name));
    }
    return set;
  };
  const cached = (key: string, sql: () => string): Database.Statement => {
    let stmt = statements.get(key);
    if (!stmt) {
      stmt = db.prepare(sql());
      statements.set(key, stmt);
    }
    return stmt;
  };
  const quoted = (cols: readonly string[]) => cols.map((c) => `"${c}"`);
  const insertStatement = (table: string, cols: string[]) =>
    cached(`insert ${table}(${cols.join(',')})`, () => `INSERT OR IGNORE INTO ${table} (${quoted(cols).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  /** The office's values over the laptop's, only where they differ (so "changed" means changed). */
  const updateStatement = (table: string, cols: string[]) => {
    const pk = primaryKeys.get(table)!;
    const rest = cols.filter((c) => !pk.includes(c));
    return cached(
      `update ${table}(${cols.join(',')})`,
      () =>
        `UPDATE ${table} SET ${quoted(rest).map((c) => `${c} = ?`).join(', ')} WHERE ${quoted(pk).map((c) => `${c} = ?`).join(' AND ')}
           AND NOT (${quoted(rest).map((c) => `${c} IS ?`).join(' AND ')})`,
    );
  };
  const templateSha = db.prepare('SELECT body_sha256 FROM checklist_templates WHERE id = ?').pluck();
  const templateByVersion = db.prepare('SELECT id FROM checklist_templates WHERE template_key = ? AND version = ?').pluck();
  const insertOrigin = db.prepare(
    `INSERT OR IGNORE INTO campaign_origins (campaign_id, team, office_public_key, office_fingerprint, package_created_at, imported_at, imported_by)
     VALUES (@campaignId, @team, @officePublicKey, @officeFingerprint, @packageCreatedAt, @importedAt, @importedBy)`,
  );
  const fileShas = db.prepare(
    `SELECT DISTINCT f.sha256 FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE d.campaign_id = ? ORDER BY f.sha256`,
  ).pluck();
  let open = false;

  return {
    db,
    begin(): void {
      db.exec('BEGIN IMMEDIATE');
      open = true;
    },
    /**
     * Inserts rows of one table. Unknown tables or columns mean a package from a newer program (or
     * not from this program at all): refused, naming them.
     */
    insert(table: string, rows: readonly Row[], refuse: (what: string) => Error): InsertCounts {
      if (!Object.hasOwn(PACKAGE_TABLES, table)) throw refuse(`含有本程序不认识的数据表“${table}”`);
      const known = columnsOf(table);
      const counts: InsertCounts = { added: 0, changed: 0, unchanged: 0 };
      for (const row of rows) {
        const cols = Object.keys(row);
        const unknown = cols.find((c) => !known.has(c));
        if (unknown) throw refuse(`的数据表“${table}”含有本程序不认识的列“${unknown}”（可能来自更新版本的程序）`);
        if (table === 'checklist_templates') {
          const have = templateSha.get(row.id) as string | undefined;
          if (have !== undefined && have !== row.body_sha256)
            throw refuse(`中的评查标准模板 ${String(row.template_key)} v${String(row.version)} 与本机同编号的模板内容不同`);
          const sameVersion = templateByVersion.get(row.template_key, row.version) as string | undefined;
          if (have === undefined && sameVersion !== undefined)
            throw refuse(`中的评查标准模板 ${String(row.template_key)} v${String(row.version)} 与本机已有的同版本模板不是同一份`);
        }
        if (insertStatement(table, cols).run(...cols.map((c) => row[c])).changes > 0) {
          counts.added++;
          continue;
        }
        const pk = primaryKeys.get(table)!;
        const rest = cols.filter((c) => !pk.includes(c));
        if (PACKAGE_TABLES[table] === 'replace' && rest.length && pk.every((c) => cols.includes(c))) {
          const values = rest.map((c) => row[c]);
          if (updateStatement(table, cols).run(...values, ...pk.map((c) => row[c]), ...values).changes > 0) {
            counts.changed++;
            continue;
          }
        }
        counts.unchanged++;
      }
      return counts;
    },
    recordOrigin(origin: CampaignOrigin): void {
      insertOrigin.run(origin);
    },
    /** Content hashes of every PDF the campaign's dossiers name (to check each arrived). */
    fileShas: (campaignId: string) => fileShas.all(campaignId) as string[],
    commit(): void {
      db.exec('COMMIT');
      open = false;
    },
    rollback(): void {
      if (open && db.inTransaction) db.exec('ROLLBACK');
      open = false;
    },
    close(): void {
      if (open) this.rollback();
      if (own) db.close();
    },
  };
}

export type CampaignImportSession = ReturnType<typeof openCampaignImportSession>;
