/** The objections a campaign's reports list: those upheld or partly upheld (异议采纳), with the score change their ruling caused. */
import type { ReadableDB } from '../handles';

export interface UpheldObjection {
  dossierId: string;
  caseNo: string;
  unitName: string;
  itemCodes: string[];
  objector: string;
  ruling: 'upheld' | 'partly';
  reason: string;
  totalBefore: number | null;
  totalAfter: number | null;
  ruledAt: string;
}

export function objectionReads(db: ReadableDB) {
  const upheld = db.prepare(
    `SELECT o.dossier_id AS dossierId, d.case_no AS caseNo, u.name AS unitName, o.item_codes AS itemCodes, o.objector, o.ruling,
            o.ruling_reason AS reason, o.total_before AS totalBefore, o.total_after AS totalAfter, o.ruled_at AS ruledAt
     FROM objections o JOIN dossiers d ON d.id = o.dossier_id JOIN units u ON u.id = d.unit_id
     WHERE o.campaign_id = ? AND o.ruling IN ('upheld','partly') ORDER BY u.name, d.case_no, o.ruled_at`,
  );
  return {
    upheld: (campaignId: string): UpheldObjection[] =>
      (upheld.all(campaignId) as (Omit<UpheldObjection, 'itemCodes'> & { itemCodes: string })[]).map((o) => ({ ...o, itemCodes: JSON.parse(o.itemCodes) as string[] })),
  };
}
