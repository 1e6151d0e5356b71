import type { ColumnMapping } from '../../shared/domain/register';
import type { ReadableDB, WritableDB } from '../handles';
import { newId, nowIso } from '../util';

export interface UnitRow {
  id: string;
  name: string;
  shortCode: string | null;
  region: string | null;
  sector: string | null;
  createdAt: string;
  /** Dossiers of this unit (in the campaign when one was given, else in all campaigns). */
  dossierCount: number;
}

interface DbUnit {
  id: string;
  name: string;
  short_code: string | null;
  region: string | null;
  sector: string | null;
  created_at: string;
  dossier_count: number;
}

const toUnit = (r: DbUnit): UnitRow => ({
  id: r.id,
  name: r.name,
  shortCode: r.short_code,
  region: r.region,
  sector: r.sector,
  createdAt: r.created_at,
  dossierCount: r.dossier_count,
});

export function unitRepository(db: WritableDB) {
  const listAll = db.prepare(
    `SELECT u.*, (SELECT COUNT(*) FROM dossiers d WHERE d.unit_id = u.id) AS dossier_count FROM units u ORDER BY u.name`,
  );
  // Units that have dossiers in the campaign (via the dossiers_list index prefix).
  const listInCampaign = db.prepare(
    `SELECT u.*, c.n AS dossier_count
       FROM (SELECT unit_id, COUNT(*) AS n FROM dossiers WHERE campaign_id = ? GROUP BY unit_id) c
       JOIN units u ON u.id = c.unit_id
      ORDER BY u.name`,
  );
  const get = db.prepare(`SELECT u.*, (SELECT COUNT(*) FROM dossiers d WHERE d.unit_id = u.id) AS dossier_count FROM units u WHERE u.id = ?`);
  const allNames = db.prepare('SELECT id, name FROM units');
  const insert = db.prepare('INSERT INTO units (id, name, created_at) VALUES (?, ?, ?)');
  return {
    list: (campaignId?: string): UnitRow[] => ((campaignId ? listInCampaign.all(campaignId) : listAll.all()) as DbUnit[]).map(toUnit),
    get: (id: string): UnitRow | undefined => {
      const r = get.get(id) as DbUnit | undefined;
      return r && toUnit(r);
    },
    /** name → id for every unit: loaded once per import. */
    idsByName: (): Map<string, string> => new Map((allNames.all() as { id: string; name: string }[]).map((r) => [r.name, r.id])),
    insert: (name: string, createdAt = nowIso()): string => {
      const id = newId();
      insert.run(id, name, createdAt);
      return id;
    },
  };
}

export interface UnitRef {
  id: string;
  name: string;
}

/** A unit by id or by its exact name: what a request naming a unit is checked against. */
export function unitLookups(db: ReadableDB) {
  const byId = db.prepare('SELECT id, name FROM units WHERE id = ?');
  const byName = db.prepare('SELECT id, name FROM units WHERE name = ?');
  return {
    byId: (id: string): UnitRef | undefined => byId.get(id) as UnitRef | undefined,
    byName: (name: string): UnitRef | undefined => byName.get(name) as UnitRef | undefined,
  };
}

export type UnitLookups = ReturnType<typeof unitLookups>;

export interface SavedMapping {
  unitName: string;
  mapping: ColumnMapping;
  updatedAt: string;
}

/** Column mappings remembered per unit (import_mappings). */
export function importMappingRepository(db: WritableDB) {
  const list = db.prepare('SELECT unit_name, mapping, updated_at FROM import_mappings ORDER BY unit_name');
  const get = db.prepare('SELECT unit_name, mapping, updated_at FROM import_mappings WHERE unit_name = ?');
  const upsert = db.prepare(
    `INSERT INTO import_mappings (id, unit_name, mapping, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (unit_name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
  );
  const toSaved = (r: { unit_name: string; mapping: string; updated_at: string }): SavedMapping => ({
    unitName: r.unit_name,
    mapping: JSON.parse(r.mapping) as ColumnMapping,
    updatedAt: r.updated_at,
  });
  return {
    list: (): SavedMapping[] => (list.all() as { unit_name: string; mapping: string; updated_at: string }[]).map(toSaved),
    get: (unitName: string): SavedMapping | undefined => {
      const r = get.get(unitName) as { unit_name: string; mapping: string; updated_at: string } | undefined;
      return r && toSaved(r);
    },
    upsert: (unitName: string, mapping: ColumnMapping, updatedAt = nowIso()): void => void upsert.run(newId(), unitName, JSON.stringify(mapping), updatedAt),
  };
}
