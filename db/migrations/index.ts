import { initial } from './0001-initial';
import { dossierListIndexes } from './0002-dossier-list-indexes';
import { calendarSeed } from './0003-calendar-seed';
import { builtinTemplates } from './0004-builtin-templates';
import { dossierSearchIndex } from './0005-dossier-search-index';
import { caseNoSortKeyMigration } from './0006-case-no-sort-key';
import { ocr } from './0008-ocr';
import { reportDrafts } from './0009-report-drafts';
import { flatFactsAndCheckRuns } from './0010-flat-facts-and-check-runs';
import { reviewerTeams } from './0011-reviewer-teams';
import { campaignRuleSettings } from './0012-campaign-rule-settings';
import { consensus } from './0013-consensus';
import { campaignOrigins } from './0014-campaign-origins';
import { reviewRoles } from './0015-review-roles';
import { resultsMerge } from './0016-results-merge';
import { signoffBaselines } from './0017-signoff-baselines';
import { builtinTemplatesV2 } from './0018-builtin-templates-v2';
import { resultsReceipts } from './0019-results-receipts';
import { pinLockouts } from './0020-pin-lockouts';
import { laptopSignedHead } from './0021-laptop-signed-head';
import { mergeConflictItems } from './0022-merge-conflict-items';
import type { Migration } from './types';

/** Append-only. Never edit a migration that has shipped; add the next one. */
export const MIGRATIONS: readonly Migration[] = [initial, dossierListIndexes, calendarSeed, builtinTemplates, dossierSearchIndex, caseNoSortKeyMigration, ocr, reportDrafts, flatFactsAndCheckRuns, reviewerTeams, campaignRuleSettings, consensus, campaignOrigins, reviewRoles, resultsMerge, signoffBaselines, builtinTemplatesV2, resultsReceipts, pinLockouts, laptopSignedHead, mergeConflictItems];

/**
 * Versions that were never used. No migration 7 was ever written (no 0007 file exists anywhere in
 * the history): the 23 Nov features were built in parallel and each took its number ahead
 * (import #3 → 6, OCR #7 → 8, campaign outputs #6 → 9); when they were registered together
 * (commit 02e44ad) nothing had taken 7. Stores in use already carry user_version 8 and 9, so the
 * later migrations cannot be renumbered: a store at 8 would then skip the one renamed to 8.
 * The runner only compares versions, so the gap is harmless. Every other number must be taken.
 */
export const SKIPPED_VERSIONS: readonly number[] = [7];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
