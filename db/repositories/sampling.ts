import type { WritableDB } from '../handles';

export interface DrawRow {
  id: string;
  campaign_id: string;
  seed: string;
  settings: string;
  population: string;
  algorithm: string;
  is_current: number;
  drawn_at: string;
  actor: string;
}

export interface SampleRow {
  id: string;
  dossier_id: string;
  case_no: string;
  unit_name: string;
  case_type: string;
  party: string;
  date_closed: string;
  draw_order: number;
  stratum: string;
  origin: 'random' | 'manual_add' | 'manual_replace';
  reason: string | null;
  replaces_case_no: string | null;
  withdrawn: number;
  withdrawn_reason: string | null;
}

export interface PopulationRow {
  id: string;
  caseNo: string;
  unitName: string;
  caseType: string;
  closedDate: string;
  party: string;
}

/** A dossier of the campaign found by its case number, as a manual sample change needs it. */
export interface SampleCandidate {
  id: string;
  caseType: string;
  unitName: string;
}

export function samplingRepository(db: WritableDB) {
  const population = db.prepare(
    `SELECT d.id, d.case_no AS caseNo, u.name AS unitName, d.case_type AS caseType, d.date_closed AS closedDate, d.party
     FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.campaign_id = ?`,
  );
  const current = db.prepare('SELECT * FROM sample_draws WHERE campaign_id = ? AND is_current = 1');
  const get = db.prepare('SELECT * FROM sample_draws WHERE id = ?');
  const history = db.prepare(
    `SELECT s.*, (SELECT COUNT(*) FROM samples x WHERE x.draw_id = s.id) AS item_count
     FROM sample_draws s WHERE campaign_id = ? ORDER BY drawn_at DESC`,
  );
  const retire = db.prepare('UPDATE sample_draws SET is_current = 0 WHERE campaign_id = ? AND is_current = 1');
  const insertDraw = db.prepare(
    `INSERT INTO sample_draws (id, campaign_id, seed, settings, population, algorithm, is_current, drawn_at, actor)
     VALUES (@id, @campaignId, @seed, @settings, @population, @algorithm, 1, @drawnAt, @actor)`,
  );
  const insertSample = db.prepare(
    `INSERT INTO samples (id, draw_id, dossier_id, draw_order, stratum, origin, reason, replaces_dossier_id)
     VALUES (@id, @drawId, @dossierId, @drawOrder, @stratum, @origin, @reason, @replacesDossierId)`,
  );
  const items = db.prepare(
    `SELECT s.id, s.dossier_id, d.case_no, u.name AS unit_name, d.case_type, d.party, d.date_closed, s.draw_order, s.stratum,
            s.origin, s.reason, r.case_no AS replaces_case_no, s.withdrawn, s.withdrawn_reason
     FROM samples s JOIN dossiers d ON d.id = s.dossier_id JOIN units u ON u.id = d.unit_id
     LEFT JOIN dossiers r ON r.id = s.replaces_dossier_id
     WHERE s.draw_id = ? ORDER BY s.draw_order`,
  );
  const withdraw = db.prepare('UPDATE samples SET withdrawn = 1, withdrawn_reason = ? WHERE id = ?');
  const byCaseNo = db.prepare(
    'SELECT d.id, d.case_type AS caseType, u.name AS unitName FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.campaign_id = ? AND d.case_no = ?',
  );
  const maxOrder = db.prepare('SELECT COALESCE(MAX(draw_order), 0) AS n FROM samples WHERE draw_id = ?');
  return {
    population: (campaignId: string) => population.all(campaignId) as PopulationRow[],
    dossierByCaseNo: (campaignId: string, caseNo: string): SampleCandidate | undefined => byCaseNo.get(campaignId, caseNo) as SampleCandidate | undefined,
    current: (campaignId: string) => current.get(campaignId) as DrawRow | undefined,
    get: (id: string) => get.get(id) as DrawRow | undefined,
    history: (campaignId: string) => history.all(campaignId) as (DrawRow & { item_count: number })[],
    retireCurrent: (campaignId: string) => void retire.run(campaignId),
    insertDraw: (d: { id: string; campaignId: string; seed: string; settings: string; population: string; algorithm: string; drawnAt: string; actor: string }) =>
      void insertDraw.run(d),
    insertSample: (s: { id: string; drawId: string; dossierId: string; drawOrder: number; stratum: string; origin: string; reason: string | null; replacesDossierId: string | null }) =>
      void insertSample.run(s),
    items: (drawId: string) => items.all(drawId) as SampleRow[],
    withdraw: (sampleId: string, reason: string) => void withdraw.run(reason, sampleId),
    nextOrder: (drawId: string) => (maxOrder.get(drawId) as { n: number }).n + 1,
  };
}
