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

export function localToday(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

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
  mapping: ColumnMapping;
  saved: SavedMapping | null;
  rows: ValidatedRow[];
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

export async function importRegisters(ctx: CoreContext, opts: ImportRegistersOptions): Promise<RegisterImportResult> {
  const campaign = ctx.db.prepare('SELECT id FROM campaigns WHERE id = ?').get(opts.campaignId);
  if (!campaign) throw notFound('评查活动', opts.campaignId);
  const today = opts.today ?? localToday();
  const savedMappings = importMappingRepository(ctx.db).list();

  // 1. Read and validate every file (no writes).
  const errors: RegisterIssue[] = [];
  const warnings: RegisterIssue[] = [];
  const prepared: PreparedFile[] = [];
  for (const f of opts.files) {
    const read = await readRegisterFile(f.source, { sheet: f.sheet });
    errors.push(...read.errors);
    warnings.push(...read.warnings);
    if (read.errors.length) {
      prepared.push({ read, mapping: {}, saved: null, rows: [] });
      continue;
    }
    const saved = pickSavedMapping(read, savedMappings, opts.mapping);
    const mapping = resolveMapping(read.headers, { saved: saved?.mapping, explicit: opts.mapping });
    const v = validateRegisterTable(read, { file: read.name, mapping, today });
    errors.push(...v.errors);
    warnings.push(...v.warnings);
    prepared.push({ read, mapping, saved, rows: v.rows });
  }

  // 2. A case number may appear only once across all files of one import.
  const firstSeen = new Map<string, { file: string; row: number }>();
  for (const p of prepared) {
    for (const r of p.rows) {
      const prev = firstSeen.get(r.record.caseNo);
      if (prev && prev.file !== r.file) {
        const column = Object.keys(p.mapping).find((h) => p.mapping[h] === '案卷编号') ?? '案卷编号';
        errors.push({
          file: r.file,
          row: r.row,
          column,
          value: r.record.caseNo,
          message: `案卷编号“${r.record.caseNo}”重复：文件“${prev.file}”第 ${prev.row} 行与文件“${r.file}”第 ${r.row} 行。`,
        });
      } else if (!prev) {
        firstSeen.set(r.record.caseNo, { file: r.file, row: r.row });
      }
    }
  }

  const fileSummaries = prepared.map((p) => ({
    file: p.read.name,
    format: p.read.format,
    encoding: p.read.encoding,
    sheet: p.read.sheet,
    rowCount: p.read.rows.length,
    imported: 0,
    unchanged: 0,
    changed: 0,
    mapping: p.mapping,
    savedMappingUnit: p.saved?.unitName ?? null,
    importId: null as string | null,
  }));
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
  });
  if (errors.length) return result(0, 0, [], false);

  // 3. Classify and write in one transaction.
  const dossiers = dossierRepository(ctx.db);
  const imports = registerImportRepository(ctx.db);
  const units = unitRepository(ctx.db);
  const applyChanges = opts.applyChanges ?? false;

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

    type Classified = { p: number; r: ValidatedRow; hash: string; existingId?: string };
    const fresh: Classified[] = [];
    const differing: Classified[] = [];
    let unchanged = 0;
    prepared.forEach((p, pi) => {
      for (const r of p.rows) {
        const hash = hashKey(contentKey(r.record));
        const existing = stored.get(r.record.caseNo);
        if (!existing) fresh.push({ p: pi, r, hash });
        else if (existing.contentHash === hash) {
          unchanged++;
          fileSummaries[pi].unchanged++;
        } else differing.push({ p: pi, r, hash, existingId: existing.id });
      }
    });

    // Field-level differences, loading full stored rows only for the rows whose hash differs.
    const changed: RegisterImportResult['changed'] = [];
    const toApply: Classified[] = [];
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
          continue;
        }
        changed.push({ caseNo: d.r.record.caseNo, file: d.r.file, row: d.r.row, changes });
        fileSummaries[d.p].changed++;
        toApply.push(d);
      }
    }
    for (const f of fresh) fileSummaries[f.p].imported++;
    const applied = applyChanges && toApply.length > 0;

    // One register_imports row per file, then the dossiers pointing at it.
    prepared.forEach((p, pi) => {
      const id = newId();
      fileSummaries[pi].importId = id;
      imports.insert({
        id,
        campaignId: opts.campaignId,
        fileName: p.read.name,
        fileSha256: p.read.sha256,
        format: p.read.format,
        encoding: p.read.encoding,
        sheet: p.read.sheet,
        rowCount: p.read.rows.length,
        imported: fileSummaries[pi].imported,
        unchanged: fileSummaries[pi].unchanged,
        changed: fileSummaries[pi].changed,
        warnings: warnings.filter((w) => w.file === p.read.name).slice(0, MAX_LISTED_ISSUES),
        importedAt: now,
        actor: opts.actor,
      });
    });
    for (const f of fresh) {
      dossiers.insert({
        id: newId(),
        campaignId: opts.campaignId,
        unitId: unitId(f.r.record.unitName),
        record: f.r.record,
        raw: f.r.raw,
        contentHash: f.hash,
        importId: fileSummaries[f.p].importId!,
        now,
      });
    }
    if (applied) {
      for (const d of toApply) {
        dossiers.updateFromImport({
          id: d.existingId!,
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
        })),
        imported: fresh.length,
        unchanged,
        changed: changed.length,
        applied,
        warnings: warnings.length,
      },
    });
    return result(fresh.length, unchanged, changed, applied);
  });
}
