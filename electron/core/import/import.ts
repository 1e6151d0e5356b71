/**
 * Register import: read every file → validate → classify each row against the campaign (new,
 * unchanged, changed) → write everything in one transaction, or nothing when any file has an error.
 */
import { createHash } from 'node:crypto';
import { dossierInputFromRow, dossierRepository, registerImportRepository } from '../../../db/repositories/dossiers';
import { importMappingRepository, unitRepository, type SavedMapping } from '../../../db/repositories/units';
import { newId, nowIso } from '../../../db/util';
import type { RegisterImportResult, RegisterPreview } from '../../../shared/api/namespaces/registers';
import {
  cleanCell,
  contentKey,
  diffDossierInputs,
  isTemplateHeader,
  matchTemplateHeader,
  REQUIRED_HEADERS,
  resolveMapping,
  validateRegisterTable,
  type ColumnMapping,
  type FieldChange,
  type RegisterIssue,
  type RegisterTable,
  type ValidatedRow,
} from '../../../shared/domain/register';
import { notFound, type CoreContext } from '../context';
import { readRegisterFile, type RegisterFile, type RegisterSource } from './read';

/** At most this many errors / warnings travel back in one result (the totals are always exact). */
export const MAX_LISTED_ISSUES = 1000;

export interface ImportFile {
  source: RegisterSource;
  sheet?: string | null;
}

export interface ImportRegistersOptions {
  campaignId: string;
  files: ImportFile[];
  /** Explicit source header → template column; overrides saved and suggested mappings. */
  mapping?: ColumnMapping | null;
  /** Write rows whose content differs from the stored dossier (otherwise they are only reported). */
  applyChanges?: boolean;
  actor: string;
  /** The import date (YYYY-MM-DD) used for "date in the future" warnings; default today, local time. */
  today?: string;
}

export interface UnitImportCount {
  unitName: string;
  imported: number;
  unchanged: number;
  changed: number;
}

const sortUnitCounts = (xs: UnitImportCount[]) => xs.sort((a, b) => (a.unitName < b.unitName ? -1 : a.unitName > b.unitName ? 1 : 0));

/** Per-unit counts summed over files (a unit's rows may be spread over several registers). */
export function mergeUnitCounts(lists: readonly (readonly UnitImportCount[])[]): UnitImportCount[] {
  const byUnit = new Map<string, UnitImportCount>();
  for (const list of lists) {
    for (const u of list) {
      const t = byUnit.get(u.unitName) ?? { unitName: u.unitName, imported: 0, unchanged: 0, changed: 0 };
      t.imported += u.imported;
      t.unchanged += u.unchanged;
      t.changed += u.changed;
      byUnit.set(u.unitName, t);
    }
  }
  return sortUnitCounts([...byUnit.values()]);
}

export function localToday(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// createHash, not the one-shot crypto.hash: in Node 22 the latter re-normalises the algorithm name
// on every call, which costs more than the hashing itself over 50,000 rows.
const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * The saved mapping that fits a file: the one saved for the unit named in its 执法单位 column, or
 * else the one whose source headers all appear in the file (most headers wins).
 */
export function pickSavedMapping(
  table: RegisterTable,
  saved: readonly SavedMapping[],
  explicit?: ColumnMapping | null,
): SavedMapping | null {
  if (saved.length === 0) return null;
  const base = resolveMapping(table.headers, { explicit });
  const unitIdx = table.headers.findIndex((h) => base[h] === '执法单位');
  if (unitIdx >= 0) {
    const byName = new Map(saved.map((s) => [s.unitName, s]));
    for (const r of table.rows.slice(0, 50)) {
      const hit = byName.get(cleanCell(r.cells[unitIdx]));
      if (hit) return hit;
    }
  }
  const headerSet = new Set(table.headers);
  let best: SavedMapping | null = null;
  let bestN = 0;
  for (const s of saved) {
    const keys = Object.keys(s.mapping);
    if (keys.length === 0 || !keys.every((k) => headerSet.has(k))) continue;
    if (keys.length > bestN) {
      best = s;
      bestN = keys.length;
    }
  }
  return best;
}

/** Extras of a stored row as seen under the current mapping (raw cells no template column claims). */
function storedExtras(raw: Record<string, string>, mapping: ColumnMapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (mapping[k] || (!(k in mapping) && (isTemplateHeader(k) || matchTemplateHeader(k)))) continue;
    out[k] = v;
  }
  return out;
}

interface PreparedFile {
  read: RegisterFile;
  /** Data rows in the file (the parsed cells themselves are dropped once validated). */
  rowCount: number;
  mapping: ColumnMapping;
  saved: SavedMapping | null;
}

export async function previewRegister(
  ctx: CoreContext,
  input: { source: RegisterSource; sheet?: string | null; limit?: number },
): Promise<RegisterPreview> {
  const read = await readRegisterFile(input.source, { sheet: input.sheet });
  const saved = pickSavedMapping(read, importMappingRepository(ctx.db).list());
  const mapping = resolveMapping(read.headers, { saved: saved?.mapping });
  const mapped = new Set(Object.values(mapping).filter(Boolean));
  const width = read.headers.length;
  return {
    file: read.name,
    format: read.format,
    encoding: read.encoding,
    sheet: read.sheet,
    sheets: read.sheets,
    headerRow: read.headerRow,
    headers: read.headers,
    rows: read.rows.slice(0, input.limit ?? 20).map((r) => Array.from({ length: width }, (_, i) => cleanCell(r.cells[i]))),
    rowCount: read.rows.length,
    suggestedMapping: mapping,
    savedMappingUnit: saved?.unitName ?? null,
    missingRequired: read.errors.length ? [] : REQUIRED_HEADERS.filter((h) => !mapped.has(h)),
    errors: read.errors,
  };
}

/** Thrown inside the write transaction to undo it when any row turned out to have an error. */
class RollbackImport extends Error {}

export async function importRegisters(ctx: CoreContext, opts: ImportRegistersOptions): Promise<RegisterImportResult> {
  const campaign = ctx.db.prepare('SELECT id FROM campaigns WHERE id = ?').get(opts.campaignId);
  if (!campaign) throw notFound('评查活动', opts.campaignId);
  const today = opts.today ?? localToday();
  const savedMappings = importMappingRepository(ctx.db).list();

  // 1. Read every file (async I/O, no writes) and settle each file's mapping.
  const prepared: PreparedFile[] = [];
  for (const f of opts.files) {
    const read = await readRegisterFile(f.source, { sheet: f.sheet });
    if (read.errors.length) {
      prepared.push({ read, rowCount: read.rows.length, mapping: {}, saved: null });
      continue;
    }
    const saved = pickSavedMapping(read, savedMappings, opts.mapping);
    const mapping = resolveMapping(read.headers, { saved: saved?.mapping, explicit: opts.mapping });
    prepared.push({ read, rowCount: read.rows.length, mapping, saved });
  }

  const fileSummaries = prepared.map((p) => ({
    file: p.read.name,
    format: p.read.format,
    encoding: p.read.encoding,
    sheet: p.read.sheet,
    rowCount: p.rowCount,
    imported: 0,
    unchanged: 0,
    changed: 0,
    mapping: p.mapping,
    savedMappingUnit: p.saved?.unitName ?? null,
    importId: null as string | null,
    units: [] as UnitImportCount[],
  }));
  // 执法单位 → counts, per file (for its register_imports row) and over the whole import.
  const unitTallies = prepared.map(() => new Map<string, UnitImportCount>());
  const tally = (pi: number, unitName: string, kind: 'imported' | 'unchanged' | 'changed') => {
    const m = unitTallies[pi];
    let t = m.get(unitName);
    if (!t) m.set(unitName, (t = { unitName, imported: 0, unchanged: 0, changed: 0 }));
    t[kind]++;
  };
  // Issues per file in file order, then the cross-file duplicates: the order the report shows.
  const fileErrors: RegisterIssue[][] = prepared.map((p) => [...p.read.errors]);
  const fileWarnings: RegisterIssue[][] = prepared.map((p) => [...p.read.warnings]);
  const crossFileErrors: RegisterIssue[] = [];
  const errorCount = () => fileErrors.reduce((n, e) => n + e.length, crossFileErrors.length);
  let errors: RegisterIssue[] = [];
  let warnings: RegisterIssue[] = [];
  const collectIssues = () => {
    errors = [...fileErrors.flat(), ...crossFileErrors];
    warnings = fileWarnings.flat();
  };
  const result = (
    imported: number,
    unchanged: number,
    changed: RegisterImportResult['changed'],
    applied: boolean,
  ): RegisterImportResult => ({
    imported,
    unchanged,
    changed,
    applied,
    warnings: warnings.slice(0, MAX_LISTED_ISSUES),
    errors: errors.slice(0, MAX_LISTED_ISSUES),
    errorTotal: errors.length,
    warningTotal: warnings.length,
    files: fileSummaries,
    units: mergeUnitCounts(fileSummaries.map((f) => f.units)),
  });

  // 2. Validate, classify and write in one synchronous transaction. Rows are written as they
  // validate (no 50,000-row intermediate arrays kept alive); the first error stops the writing, the
  // scan goes on so every error is reported, and the transaction is rolled back: all or nothing.
  const dossiers = dossierRepository(ctx.db);
  const imports = registerImportRepository(ctx.db);
  const units = unitRepository(ctx.db);
  const applyChanges = opts.applyChanges ?? false;

  try {
    return ctx.tx(() => {
      const now = nowIso();
      const stored = dossiers.hashesForCampaign(opts.campaignId);
      const unitIds = units.idsByName();
      const unitId = (name: string) => {
        let id = unitIds.get(name);
        if (!id) {
          id = units.insert(name, now);
          unitIds.set(name, id);
        }
        return id;
      };

      type Differing = { p: number; r: ValidatedRow; hash: string; existingId: string };
      const differing: Differing[] = [];
      let imported = 0;
      let unchanged = 0;
      const firstSeen = new Map<string, { file: string; row: number }>();
      let crossFileDuplicate = false;

      prepared.forEach((p, pi) => {
        if (p.read.errors.length) return;
        const importId = newId();
        fileSummaries[pi].importId = importId;
        // The register_imports row first (dossiers point at it); its counts are filled in at the end.
        imports.insert({
          id: importId,
          campaignId: opts.campaignId,
          fileName: p.read.name,
          fileSha256: p.read.sha256,
          format: p.read.format,
          encoding: p.read.encoding,
          sheet: p.read.sheet,
          rowCount: p.rowCount,
          imported: 0,
          unchanged: 0,
          changed: 0,
          units: [],
          warnings: [],
          importedAt: now,
          actor: opts.actor,
        });
        const caseRows: { caseNo: string; row: number }[] = [];
        const v = validateRegisterTable(p.read, {
          file: p.read.name,
          mapping: p.mapping,
          today,
          onRow: (r, fileClean) => {
            caseRows.push({ caseNo: r.record.caseNo, row: r.row });
            // Already in an earlier file of this import: reported (and rolled back) after this file.
            if (firstSeen.has(r.record.caseNo)) crossFileDuplicate = true;
            if (!fileClean || crossFileDuplicate || errorCount() > 0) return;
            const hash = hashKey(contentKey(r.record));
            const existing = stored.get(r.record.caseNo);
            if (!existing) {
              dossiers.insert({ id: newId(), campaignId: opts.campaignId, unitId: unitId(r.record.unitName), record: r.record, raw: r.raw, contentHash: hash, importId, now });
              imported++;
              fileSummaries[pi].imported++;
              tally(pi, r.record.unitName, 'imported');
            } else if (existing.contentHash === hash) {
              unchanged++;
              fileSummaries[pi].unchanged++;
              tally(pi, r.record.unitName, 'unchanged');
            } else {
              differing.push({ p: pi, r, hash, existingId: existing.id });
            }
          },
        });
        fileErrors[pi].push(...v.errors);
        fileWarnings[pi].push(...v.warnings);
        // The parsed cells are no longer needed: let them go before the next file.
        p.read.rows = [];
        if (v.errors.length) return;
        // A case number may appear only once across all files of one import.
        const column = Object.keys(p.mapping).find((h) => p.mapping[h] === '案卷编号') ?? '案卷编号';
        for (const { caseNo, row } of caseRows) {
          const prev = firstSeen.get(caseNo);
          if (prev && prev.file !== p.read.name) {
            crossFileErrors.push({
              file: p.read.name,
              row,
              column,
              value: caseNo,
              message: `案卷编号“${caseNo}”重复：文件“${prev.file}”第 ${prev.row} 行与文件“${p.read.name}”第 ${row} 行。`,
            });
          } else if (!prev) {
            firstSeen.set(caseNo, { file: p.read.name, row });
          }
        }
      });
      collectIssues();
      if (errors.length) throw new RollbackImport();

      // Field-level differences, loading full stored rows only for the rows whose hash differs.
      const changed: RegisterImportResult['changed'] = [];
      const toApply: Differing[] = [];
      if (differing.length) {
        const before = dossiers.storedByCaseNo(opts.campaignId, differing.map((d) => d.r.record.caseNo));
        for (const d of differing) {
          const s = before.get(d.r.record.caseNo)!;
          const old = dossierInputFromRow(s.row, storedExtras(s.raw, prepared[d.p].mapping));
          const changes: FieldChange[] = diffDossierInputs(old, d.r.record);
          if (changes.length === 0) {
            // Same content under a different spelling or stored before a mapping change.
            unchanged++;
            fileSummaries[d.p].unchanged++;
            tally(d.p, d.r.record.unitName, 'unchanged');
            continue;
          }
          changed.push({ caseNo: d.r.record.caseNo, file: d.r.file, row: d.r.row, changes });
          fileSummaries[d.p].changed++;
          tally(d.p, d.r.record.unitName, 'changed');
          toApply.push(d);
        }
      }
      const applied = applyChanges && toApply.length > 0;
      if (applied) {
        for (const d of toApply) {
          dossiers.updateFromImport({
            id: d.existingId,
            campaignId: opts.campaignId,
            unitId: unitId(d.r.record.unitName),
            record: d.r.record,
            raw: d.r.raw,
            contentHash: d.hash,
            importId: fileSummaries[d.p].importId!,
            now,
          });
        }
      }

      fileSummaries.forEach((f, pi) => {
        f.units = sortUnitCounts([...unitTallies[pi].values()]);
        imports.finish(f.importId!, {
          imported: f.imported,
          unchanged: f.unchanged,
          changed: f.changed,
          units: f.units,
          warnings: fileWarnings[pi].slice(0, MAX_LISTED_ISSUES),
        });
      });

      ctx.audit({
        actor: opts.actor,
        action: 'import',
        entity: 'register',
        entityId: opts.campaignId,
        after: {
          files: fileSummaries.map((f, i) => ({
            file: f.file,
            sha256: prepared[i].read.sha256,
            format: f.format,
            encoding: f.encoding,
            sheet: f.sheet,
            rows: f.rowCount,
            imported: f.imported,
            unchanged: f.unchanged,
            changed: f.changed,
            importId: f.importId,
            units: f.units,
          })),
          imported,
          unchanged,
          changed: changed.length,
          applied,
          warnings: warnings.length,
        },
      });
      return result(imported, unchanged, changed, applied);
    });
  } catch (err) {
    if (!(err instanceof RollbackImport)) throw err;
    // Nothing was stored: the summaries say so.
    for (const f of fileSummaries) Object.assign(f, { imported: 0, unchanged: 0, changed: 0, importId: null, units: [] });
    return result(0, 0, [], false);
  }
}
