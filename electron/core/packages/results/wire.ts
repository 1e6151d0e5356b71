/**
 * What a results package holds (docs/packages.md, "Results package"): record names, their payloads,
 * and the content hashes the office's merge compares. Rows travel with their table's own column
 * names, so nothing is renamed on the way and a new column is one line here.
 */
import type { AnswerWire, AuditWire, FindingWire, ReviewWire, TagWire } from '../../../../db/repositories/results';
import { createHash } from 'node:crypto';
import { canonicalJson, sha256 } from '../../../../db/util';

export const RESULTS_FORMAT = 1;

/** The first record: who sent what. */
export interface ResultsMeta {
  format: number;
  campaignId: string;
  /** The laptop: its store id (its public key is the package's signer). */
  storeId: string;
  exportId: string;
  mode: 'full' | 'incremental';
  /** Incremental: the acknowledged export this one continues. */
  sinceExportId: string | null;
  /** The laptop's audit entries in this package: seq auditFrom … auditTo (auditTo = its chain head). */
  auditFrom: number;
  auditTo: number;
  auditToHash: string;
  /** Reviewers whose reviews are on the laptop: a label for the office's laptop list. */
  reviewers: string[];
  createdAt: string;
}

/**
 * The laptop's sign-off baseline of a review (its `review_signoffs` row): the body hash as last signed
 * off, by whom and how. Optional: packages written before it travelled have none, and a review never
 * signed off has none.
 */
export interface SignOffWire { body_hash: string; action: 'submit' | 'lock' | 'reopen'; signed_by: string; signed_at: string }
export interface ReviewPayload { review: ReviewWire; answers: AnswerWire[]; signoff?: SignOffWire }
export interface FactsPayload { dossierId: string; override: Record<string, unknown> }
export interface MapPayload { fileId: string; dossierId: string; tags: TagWire[] }
export interface FindingPayload { finding: FindingWire }
export type AuditBatch = AuditWire[];

export const RECORD = {
  meta: 'results/meta',
  /**
   * The laptop's signed audit chain head (electron/core/audit-head), signed by the same key as the
   * package; the package's chain must end exactly at it. Absent from packages of earlier versions.
   */
  head: 'results/head',
  review: 'review/',
  facts: 'facts/',
  map: 'map/',
  finding: 'finding/',
  audit: 'audit/',
  end: 'results/end',
} as const;

/** Answers and comments: what a sign-off covers ("changed since sign-off" compares this). */
export function reviewBodyHash(r: ReviewWire, answers: AnswerWire[]): string {
  return sha256(
    canonicalJson({
      reviewer: r.reviewer_id,
      template: r.template_id,
      total: r.total,
      grade: r.grade,
      veto: r.veto,
      dimensions: r.dimension_scores,
      strengths: r.strengths,
      problems: r.problems,
      suggestions: r.suggestions,
      answers: [...answers]
        .sort((a, b) => (a.item_code < b.item_code ? -1 : a.item_code > b.item_code ? 1 : 0))
        .map((a) => [a.item_code, a.verdict, a.deduction, a.occurrences, a.note, a.page_refs]),
    }),
  );
}

/** The whole version: body plus status. Two versions with equal hashes are the same version. */
export function reviewHash(r: ReviewWire, answers: AnswerWire[]): string {
  return sha256([reviewBodyHash(r, answers), r.status, r.submitted_at ?? '', r.locked_at ?? '', r.locked_by ?? ''].join('\u001f'));
}

export const factsHash = (override: Record<string, unknown>): string => sha256(canonicalJson(override));

export const mapHash = (tags: TagWire[]): string =>
  sha256(canonicalJson([...tags].map((t) => [t.page_no, t.doc_type, t.title, t.source]).sort((a, b) => (String(a) < String(b) ? -1 : 1))));

export const findingHash = (f: Pick<FindingWire, 'status' | 'decision_reason'>): string => sha256(canonicalJson([f.status, f.decision_reason ?? '']));

/**
 * The scrypt salt every results package of a campaign uses, so the office derives the passphrase key
 * once for a whole stack of packages (docs/packages.md, "Key derivation per campaign"). Each package
 * still gets its own body key from its random key salt (HKDF), and the campaign's packages already
 * share the passphrase: a guess costs an attacker one scrypt either way.
 */
export function resultsKdfSalt(campaignId: string): Buffer {
  return createHash('sha256').update('dossier-review results package scrypt salt\0').update(campaignId, 'utf8').digest().subarray(0, 16);
}
