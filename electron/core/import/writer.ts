/**
 * The storing half of a register import: classifies each produced row against the campaign (new,
 * unchanged, changed), inserts new rows as they arrive, and at the end reports changed rows field by
 * field, applies them when asked, fills in the register_imports rows and writes the audit entry.
 *
 * It runs inside a transaction its caller owns (ctx.tx in the importing thread, or BEGIN IMMEDIATE on
 * the writer thread's own connection): finish() says whether to commit or roll back. Any error in any
 * file means nothing is stored.
 */
import type Database from 'better-sqlite3';
import type { AuditInput } from '../../../db/audit';
import { DOSSIER_ROW, dossierInputFromParams, dossierInputFromRow, dossierRepository, registerImportRepository } from '../../../db/repositories/dossiers';
import { unitRepository } from '../../../db/repositories/units';
import type { RegisterImportResult } from '../../../shared/api/namespaces/registers';
import { diffDossierInputs, isTemplateHeader, matchTemplateHeader, type ColumnMapping, type RegisterIssue } from '../../../shared/domain/register';
import type { FileEnd, FileStart, RowBatch, RowSink } from './rows';

/** At most this many errors / warnings travel back in one result (the totals are always exact). */
export const MAX_LISTED_ISSUES = 1000;

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

/** Extras of a stored row as seen under the current mapping (raw cells no template column claims). */
function storedExtras(raw: Record<string, string>, mapping: ColumnMapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (mapping[k] || (!(k in mapping) && (isTemplateHeader(k) || matchTemplateHeader(k)))) continue;
    out[k] = v;
  }
  return out;
}

export interface WriterOptions {
  campaignId: string;
  actor: string;
  /** Write rows whose content differs from the stored dossier (otherwise they are only reported). */
  applyChanges: boolean;
  now: string;
  audit(entry: AuditInput): void;
  /** Rows handled so far and the rows announced so far (for job progress). */
  onProgress?(done: number, total: number, step: string): void;
}

type FileSummary = RegisterImportResult['files'][number];

interface Differing {
  file: number;
  caseNo: string;
  row: number;
  unitName: string;
  params: unknown[];
  extras: string | null;
  existingId: string;
}

export interface WriterOutcome {
  /** Commit when true; roll back (nothing stored) when false. */
  commit: boolean;
  result: RegisterImportResult;
}

export class RegisterImportWriter implements RowSink {
  private readonly dossiers;
  private readonly imports;
  private readonly units;
  private readonly stored: Map<string, { id: string; contentHash: string }>;
  private readonly unitIds: Map<string, string>;
  private readonly files: FileSummary[] = [];
  private readonly starts: FileStart[] = [];
  private readonly unitTallies: Map<string, UnitImportCount>[] = [];
  private readonly fileErrors: RegisterIssue[][] = [];
  private readonly fileWarnings: RegisterIssue[][] = [];
  private readonly crossFileErrors: RegisterIssue[] = [];
  private readonly fileCaseRows: { caseNo: string; row: number }[][] = [];
  private readonly firstSeen = new Map<string, { file: string; row: number }>();
  private readonly differing: Differing[] = [];
  private errorCount = 0;
  private crossFileDuplicate = false;
  private imported = 0;
  private unchanged = 0;
  private handled = 0;
  private announced = 0;

  constructor(
    db: Database.Database,
    private readonly opts: WriterOptions,
  ) {
    this.dossiers = dossierRepository(db);
    this.imports = registerImportRepository(db);
    this.units = unitRepository(db);
    this.stored = this.dossiers.hashesForCampaign(opts.campaignId);
    this.unitIds = this.units.idsByName();
  }

  private unitId(name: string): string {
    let id = this.unitIds.get(name);
    if (!id) {
      id = this.units.insert(name, this.opts.now);
      this.unitIds.set(name, id);
    }
    return id;
  }

  private tally(file: number, unitName: string, kind: 'imported' | 'unchanged' | 'changed'): void {
    const m = this.unitTallies[file];
    let t = m.get(unitName);
    if (!t) m.set(unitName, (t = { unitName, imported: 0, unchanged: 0, changed: 0 }));
    t[kind]++;
  }

  private get writing(): boolean {
    return this.errorCount === 0 && !this.crossFileDuplicate;
  }

  startFile(index: number, f: FileStart): void {
    this.starts[index] = f;
    this.unitTallies[index] = new Map();
    this.fileErrors[index] = [...f.readErrors];
    this.fileWarnings[index] = [...f.readWarnings];
    this.fileCaseRows[index] = [];
    this.errorCount += f.readErrors.length;
    this.announced += f.rowCount;
    const usable = f.readErrors.length === 0;
    this.files[index] = {
      fileName: f.name,
      format: f.format,
      encoding: f.encoding,
      sheet: f.sheet,
      rowCount: f.rowCount,
      imported: 0,
      unchanged: 0,
      changed: 0,
      mapping: f.mapping,
      savedMappingUnit: f.savedMappingUnit,
      importId: usable ? f.importId : null,
      units: [],
    };
    if (!usable) return;
    // The register_imports row first (dossiers point at it); its counts are filled in at the end.
    this.imports.insert({
      id: f.importId,
      campaignId: this.opts.campaignId,
      fileName: f.name,
      fileSha256: f.sha256,
      format: f.format,
      encoding: f.encoding,
      sheet: f.sheet,
      rowCount: f.rowCount,
      imported: 0,
      unchanged: 0,
      changed: 0,
      units: [],
      warnings: [],
      importedAt: this.opts.now,
      actor: this.opts.actor,
    });
    this.opts.onProgress?.(this.handled, this.announced, `校验并写入“${f.name}”`);
  }

  rows(index: number, b: RowBatch): void {
    const summary = this.files[index];
    const caseRows = this.fileCaseRows[index];
    for (let i = 0; i < b.caseNos.length; i++) {
      const caseNo = b.caseNos[i];
      caseRows.push({ caseNo, row: b.rows[i] });
      // Already in an earlier file of this import: reported (and rolled back) after this file.
      if (this.firstSeen.has(caseNo)) this.crossFileDuplicate = true;
      const p = b.params[i];
      if (!p || !this.writing) continue;
      const unitName = b.unitNames[i];
      const existing = this.stored.get(caseNo);
      if (!existing) {
        p[DOSSIER_ROW.unitId] = this.unitId(unitName);
        this.dossiers.insertRow(p);
        this.imported++;
        summary.imported++;
        this.tally(index, unitName, 'imported');
      } else if (existing.contentHash === p[DOSSIER_ROW.contentHash]) {
        this.unchanged++;
        summary.unchanged++;
        this.tally(index, unitName, 'unchanged');
      } else {
        this.differing.push({ file: index, caseNo, row: b.rows[i], unitName, params: p, extras: b.extras[i], existingId: existing.id });
      }
    }
    this.handled += b.caseNos.length;
    this.opts.onProgress?.(this.handled, this.announced, `校验并写入“${summary.fileName}”`);
  }

  endFile(index: number, end: FileEnd): void {
    const start = this.starts[index];
    // The rows were estimated when the file was announced; now they are counted.
    this.announced += end.rowCount - start.rowCount;
    this.files[index].rowCount = end.rowCount;
    this.fileErrors[index].push(...end.readErrors, ...end.errors);
    this.fileWarnings[index].push(...end.warnings);
    this.errorCount += end.readErrors.length + end.errors.length;
    if (start.readErrors.length || end.readErrors.length || end.errors.length) return;
    // A case number may appear only once across all files of one import.
    const column = Object.keys(start.mapping).find((h) => start.mapping[h] === '案卷编号') ?? '案卷编号';
    for (const { caseNo, row } of this.fileCaseRows[index]) {
      const prev = this.firstSeen.get(caseNo);
      if (prev && prev.file !== start.name) {
        this.crossFileErrors.push({
          file: start.name,
          row,
          column,
          value: caseNo,
          message: `案卷编号“${caseNo}”重复：文件“${prev.file}”第 ${prev.row} 行与文件“${start.name}”第 ${row} 行。`,
        });
        this.errorCount++;
      } else if (!prev) {
        this.firstSeen.set(caseNo, { file: start.name, row });
      }
    }
    this.fileCaseRows[index] = [];
  }

  private result(changed: RegisterImportResult['changed'], applied: boolean): RegisterImportResult {
    const errors = [...this.fileErrors.flat(), ...this.crossFileErrors];
    const warnings = this.fileWarnings.flat();
    return {
      imported: this.imported,
      unchanged: this.unchanged,
      changed,
      applied,
      warnings: warnings.slice(0, MAX_LISTED_ISSUES),
      errors: errors.slice(0, MAX_LISTED_ISSUES),
      errorTotal: errors.length,
      warningTotal: warnings.length,
      files: this.files,
      units: mergeUnitCounts(this.files.map((f) => f.units)),
    };
  }

  /** The report when nothing was stored: every count zero, no import ids. */
  rolledBack(): RegisterImportResult {
    this.imported = 0;
    this.unchanged = 0;
    for (const f of this.files) Object.assign(f, { imported: 0, unchanged: 0, changed: 0, importId: null, units: [] });
    return this.result([], false);
  }

  /** After the last file: the changed-rows report, applying changes, counts and the audit entry. */
  finish(): WriterOutcome {
    if (this.errorCount > 0) return { commit: false, result: this.rolledBack() };
    this.opts.onProgress?.(this.handled, this.announced, '比对已有案卷');

    // Field-level differences, loading full stored rows only for the rows whose hash differs.
    const changed: RegisterImportResult['changed'] = [];
    const toApply: Differing[] = [];
    if (this.differing.length) {
      const before = this.dossiers.storedByCaseNo(this.opts.campaignId, this.differing.map((d) => d.caseNo));
      for (const d of this.differing) {
        const s = before.get(d.caseNo)!;
        const mapping = this.starts[d.file].mapping;
        const old = dossierInputFromRow(s.row, storedExtras(s.raw, mapping));
        const now = dossierInputFromParams(d.params, d.unitName, d.extras ? (JSON.parse(d.extras) as Record<string, string>) : {});
        const changes = diffDossierInputs(old, now);
        if (changes.length === 0) {
          // Same content under a different spelling or stored before a mapping change.
          this.unchanged++;
          this.files[d.file].unchanged++;
          this.tally(d.file, d.unitName, 'unchanged');
          continue;
        }
        changed.push({ caseNo: d.caseNo, file: this.starts[d.file].name, row: d.row, changes });
        this.files[d.file].changed++;
        this.tally(d.file, d.unitName, 'changed');
        toApply.push(d);
      }
    }
    const applied = this.opts.applyChanges && toApply.length > 0;
    if (applied) {
      for (const d of toApply) {
        d.params[DOSSIER_ROW.unitId] = this.unitId(d.unitName);
        this.dossiers.updateFromRow(d.existingId, d.params);
      }
    }

    this.files.forEach((f, i) => {
      f.units = sortUnitCounts([...this.unitTallies[i].values()]);
      this.imports.finish(f.importId!, {
        rowCount: f.rowCount,
        imported: f.imported,
        unchanged: f.unchanged,
        changed: f.changed,
        units: f.units,
        warnings: this.fileWarnings[i].slice(0, MAX_LISTED_ISSUES),
      });
    });

    const warningTotal = this.fileWarnings.reduce((n, w) => n + w.length, 0);
    this.opts.audit({
      actor: this.opts.actor,
      action: 'import',
      entity: 'register',
      entityId: this.opts.campaignId,
      after: {
        files: this.files.map((f, i) => ({
          file: f.fileName,
          sha256: this.starts[i].sha256,
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
        imported: this.imported,
        unchanged: this.unchanged,
        changed: changed.length,
        applied,
        warnings: warningTotal,
      },
    });
    this.opts.onProgress?.(this.handled, this.announced, '提交');
    return { commit: true, result: this.result(changed, applied) };
  }
}
