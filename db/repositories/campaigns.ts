import type { Campaign, CampaignPhase } from '../../shared/api/namespaces/campaigns';
import { notFound } from '../../shared/errors';
import type { ReadableDB, WritableDB } from '../handles';

interface CampaignRow {
  id: string;
  name: string;
  year: number;
  organiser: string;
  scope_notes: string;
  phase: CampaignPhase;
  created_at: string;
  updated_at: string;
  dossier_count: number;
}

const SELECT = `
  SELECT c.*, (SELECT COUNT(*) FROM dossiers d WHERE d.campaign_id = c.id) AS dossier_count
  FROM campaigns c`;

const toCampaign = (r: CampaignRow): Campaign => ({
  id: r.id,
  name: r.name,
  year: r.year,
  organiser: r.organiser,
  scopeNotes: r.scope_notes,
  phase: r.phase,
  dossierCount: r.dossier_count,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface CampaignRecord {
  id: string;
  name: string;
  year: number;
  organiser: string;
  scopeNotes: string;
  phase: CampaignPhase;
  createdAt: string;
  updatedAt: string;
}

/** What a report or a check needs to know of a campaign it was asked about. */
export interface CampaignInfo {
  id: string;
  name: string;
  year: number;
  organiser: string;
}

export function campaignReads(db: ReadableDB) {
  const list = db.prepare(`${SELECT} ORDER BY c.year DESC, c.created_at DESC`);
  const get = db.prepare(`${SELECT} WHERE c.id = ?`);
  const info = db.prepare('SELECT id, name, year, organiser FROM campaigns WHERE id = ?');
  return {
    list: (): Campaign[] => (list.all() as CampaignRow[]).map(toCampaign),
    get: (id: string): Campaign | undefined => {
      const r = get.get(id) as CampaignRow | undefined;
      return r && toCampaign(r);
    },
    /** The campaign's name and year; throws not_found (评查活动不存在) when there is no such campaign. */
    mustExist: (id: string): CampaignInfo => {
      const r = info.get(id) as CampaignInfo | undefined;
      if (!r) throw notFound('评查活动', id);
      return r;
    },
  };
}

export function campaignRepository(db: WritableDB) {
  const insert = db.prepare(
    `INSERT INTO campaigns (id, name, year, organiser, scope_notes, phase, created_at, updated_at)
     VALUES (@id, @name, @year, @organiser, @scopeNotes, @phase, @createdAt, @updatedAt)`,
  );
  const update = db.prepare(
    `UPDATE campaigns SET name = @name, year = @year, organiser = @organiser, scope_notes = @scopeNotes,
       phase = @phase, updated_at = @updatedAt WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM campaigns WHERE id = ?');
  return {
    ...campaignReads(db),
    insert: (c: CampaignRecord): void => void insert.run(c),
    update: (c: CampaignRecord): void => void update.run(c),
    remove: (id: string): boolean => remove.run(id).changes > 0,
  };
}
