import { z } from 'zod';
import { CASE_TYPES, CIRCUMSTANCES, PARTY_TYPES } from '../../domain/register/columns';
import { query } from '../define';
import { Id, IsoDate } from './common';

export const CaseTypeSchema = z.enum(CASE_TYPES);
export const OfficerSchema = z.object({ name: z.string(), certNo: z.string().nullable() });

const date = IsoDate.nullable();

/** One row of the dossier list. */
export const DossierSummary = z.object({
  id: Id,
  campaignId: Id,
  unitId: Id,
  unitName: z.string(),
  caseNo: z.string(),
  caseType: CaseTypeSchema,
  procedure: z.string().nullable(),
  field: z.string().nullable(),
  cause: z.string(),
  party: z.string(),
  partyType: z.enum(PARTY_TYPES).nullable(),
  dateFiled: date,
  dateDecision: date,
  dateClosed: IsoDate,
  /** 罚款金额 in fen (分). */
  fineFen: z.number().int().nullable(),
  fileRef: z.string().nullable(),
  updatedAt: z.string(),
  /** Dossier PDFs attached (0 = none yet) and their pages in total. */
  fileCount: z.number().int().min(0),
  pageCount: z.number().int().min(0),
});
export type DossierSummary = z.infer<typeof DossierSummary>;

/** A dossier with every register field, as imported (reviewer corrections live in factsOverride). */
export const Dossier = DossierSummary.extend({
  partyIdNo: z.string().nullable(),
  partyPhone: z.string().nullable(),
  officers: z.array(OfficerSchema),
  dateApplied: date,
  dateAccepted: date,
  dateDiscovered: date,
  dateNotice: date,
  dateNoticeServed: date,
  dateHearingRequested: date,
  dateHearingNotice: date,
  dateHearing: date,
  extensionApproved: z.boolean().nullable(),
  dateDecisionServed: date,
  datePaid: date,
  dateSeized: date,
  dateSeizureExtended: date,
  dateReleased: date,
  dateReminder: date,
  dateEnforced: date,
  penaltyKinds: z.array(z.string()),
  confiscationFen: z.number().int().nullable(),
  violationCode: z.string().nullable(),
  circumstance: z.enum(CIRCUMSTANCES).nullable(),
  legalReview: z.boolean().nullable(),
  collectiveDiscussion: z.boolean().nullable(),
  /** The register row as imported: source header → cell (non-empty cells, unknown columns included). */
  raw: z.record(z.string(), z.string()),
  factsOverride: z.record(z.string(), z.unknown()),
  contentHash: z.string(),
  importId: z.string().nullable(),
  createdAt: z.string(),
});
export type Dossier = z.infer<typeof Dossier>;

export const DOSSIER_SORTS = [
  'caseNo', '-caseNo', 'dateClosed', '-dateClosed', 'unit', '-unit', 'party', '-party', 'fine', '-fine', 'updatedAt', '-updatedAt',
] as const;
export type DossierSort = (typeof DOSSIER_SORTS)[number];

export const DossierListQuery = z.object({
  campaignId: Id,
  unitId: Id.optional(),
  caseType: CaseTypeSchema.optional(),
  /** Substring of the case number or the party's name. */
  search: z.string().trim().max(100, '搜索词不能超过 100 个字').optional(),
  /** Field to sort by; a leading "-" sorts descending. Case numbers sort naturally (〔2024〕2号 before 〔2024〕10号). */
  sort: z.enum(DOSSIER_SORTS).default('caseNo'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(50),
});
export type DossierListQuery = z.output<typeof DossierListQuery>;

export const DossierPage = z.object({
  items: z.array(DossierSummary),
  /** Rows matching the filter, across all pages. */
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
});
export type DossierPage = z.infer<typeof DossierPage>;

export const dossiers = {
  list: query('案卷列表（分页，可按单位、案件类型、案号或当事人筛选）', DossierListQuery, DossierPage),
  get: query('一份案卷的全部登记信息', z.object({ id: Id }), Dossier),
};
