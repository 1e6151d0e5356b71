/** The one labels module: every value of each closed list has exactly one label, and lists stay readable. */
import { describe, expect, it } from 'vitest';
import { AssignmentRole } from '../../shared/api/namespaces/assignments';
import { CAMPAIGN_PHASES } from '../../shared/api/namespaces/campaigns';
import { FindingStatus, Severity } from '../../shared/api/namespaces/checks';
import { DocumentSource } from '../../shared/api/namespaces/files';
import { NoticeStatus } from '../../shared/api/namespaces/notices';
import { REVIEWER_ROLES } from '../../shared/api/namespaces/reviewers';
import { ReviewProgress } from '../../shared/api/namespaces/reviews';
import {
  ASSIGNMENT_ROLE_LABELS,
  CAMPAIGN_PHASE_LABELS,
  DOCUMENT_SOURCE_LABELS,
  FINDING_STATUS_LABELS,
  labelOf,
  NOTICE_STATUS_LABELS,
  parseReviewerRole,
  REVIEW_STATUS_LABELS,
  REVIEWER_ROLE_LABELS,
  SEVERITY_LABELS,
} from '../../shared/labels';

const lists: [string, Record<string, string>, readonly string[]][] = [
  ['review status', REVIEW_STATUS_LABELS, ReviewProgress.options],
  ['finding status', FINDING_STATUS_LABELS, FindingStatus.options],
  ['severity', SEVERITY_LABELS, Severity.options],
  ['assignment role', ASSIGNMENT_ROLE_LABELS, AssignmentRole.options],
  ['reviewer role', REVIEWER_ROLE_LABELS, REVIEWER_ROLES],
  ['notice status', NOTICE_STATUS_LABELS, NoticeStatus.options],
  ['campaign phase', CAMPAIGN_PHASE_LABELS, CAMPAIGN_PHASES],
  ['document source', DOCUMENT_SOURCE_LABELS, DocumentSource.options],
];

describe('labels', () => {
  it.each(lists)('%s: one label for each value of the contract enum, no two values alike', (_, labels, values) => {
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    expect(new Set(Object.values(labels)).size).toBe(values.length);
  });

  it('calls a review being filled in 评查中 everywhere', () => {
    expect(REVIEW_STATUS_LABELS.draft).toBe('评查中');
  });

  it('labels raw text, showing an unknown value as itself', () => {
    expect(labelOf(SEVERITY_LABELS, 'veto')).toBe('否决');
    expect(labelOf(SEVERITY_LABELS, 'later')).toBe('later');
  });

  it('reads a reviewer role from its code, its label or a synonym', () => {
    expect(parseReviewerRole('leader')).toBe('leader');
    expect(parseReviewerRole(' 法制机构 ')).toBe('legal_office');
    expect(parseReviewerRole('评查组长')).toBe('leader');
    expect(parseReviewerRole('局长')).toBeNull();
  });
});
