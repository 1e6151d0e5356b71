/** The objections a campaign's reports list: those upheld or partly upheld (异议采纳), with the score change their ruling caused; and the whole register for the workbook. */
import type { ReadableDB } from '../handles';

export interface UpheldObjection {
  dossierId: string;
  caseNo: string;
  unitId: string;
  unitName: string;
  itemCodes: string[];
  objector: string;
  ruling: 'upheld' | 'partly';
  reason: string;
  totalBefore: number | null;
  totalAfter: number | null;
  ruledAt: string;
}

/** One objection as the workbook's 异议 sheet shows it, ruled or still pending. */
export interface ObjectionRecord {
  dossierId: string;
  caseNo: string;
  unitId: string;
  unitName: string;
  itemCodes: string[];
  objector: string;
  notifiedOn: string | null;
  lodgedOn: string;
  grounds: string;
  fileCount: number;
  ruling: 'upheld' | 'partly' | 'rejected' | null;
  reason: string | null;
  ruledBy: string | null;
  ruledAt: string | null;
  totalBefore: number | null;
  totalAfter: number | null;
  gradeBefore: string | null;
  gradeAfter: string | null;
}

export function objectionReads(db: ReadableDB) {
  const upheld = db.prepare(
    `SELECT o.dossier_id AS dossierId, d.case_no AS caseNo, u.id AS unitId, u.name AS unitName, o.item_codes AS itemCodes, o.objector, o.ruling,
            o.ruling_reason AS reason, o.total_before AS totalBefore, o.total_after AS totalAfter, o.ruled_at AS ruledAt
     FROM objections o JOIN dossiers d ON d.id = o.dossier_id JOIN units u ON u.id = d.unit_id
     WHERE o.campaign_id = ? AND o.ruling IN ('upheld','partly') ORDER BY u.name, d.case_no, o.ruled_at`,
  );
  const all = db.prepare(
    `SELECT o.dossier_id AS dossierId, d.case_no AS caseNo, u.id AS unitId, u.name AS unitName, o.item_codes AS itemCodes, o.objector,
            o.notified_on AS notifiedOn, o.lodged_on AS lodgedOn, o.grounds,
            (SELECT COUNT(*) FROM objection_files f WHERE f.objection_id = o.id) AS fileCount,
            o.ruling, o.ruling_reason AS reason, o.ruled_by AS ruledBy, o.ruled_at AS ruledAt,
            o.total_before AS totalBefore, o.total_after AS totalAfter, o.grade_before AS gradeBefore, o.grade_after AS gradeAfter
     FROM objections o JOIN dossiers d ON d.id = o.dossier_id JOIN units u ON u.id = d.unit_id
     WHERE o.campaign_id = ? ORDER BY o.lodged_on, o.created_at, d.case_no`,
  );
  const codes = <T extends { itemCodes: string }>(o: T) => ({ ...o, itemCodes: JSON.parse(o.itemCodes) as string[] });
  return {
    upheld: (campaignId: string): UpheldObjection[] => (upheld.all(campaignId) as (Omit<UpheldObjection, 'itemCodes'> & { itemCodes: string })[]).map(codes),
    all: (campaignId: string): ObjectionRecord[] => (all.all(campaignId) as (Omit<ObjectionRecord, 'itemCodes'> & { itemCodes: string })[]).map(codes),
  };
}
