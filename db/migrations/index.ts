import { initial } from './0001-initial';
import { dossierListIndexes } from './0002-dossier-list-indexes';
import { calendarSeed } from './0003-calendar-seed';
import { builtinTemplates } from './0004-builtin-templates';
import { dossierSearchIndex } from './0005-dossier-search-index';
import { caseNoSortKeyMigration } from './0006-case-no-sort-key';
import { ocr } from './0008-ocr';
import { reportDrafts } from './0009-report-drafts';
import { flatFactsAndCheckRuns } from './0010-flat-facts-and-check-runs';
import type { Migration } from './types';

/** Append-only. Never edit a migration that has shipped; add the next one. */
export const MIGRATIONS: readonly Migration[] = [initial, dossierListIndexes, calendarSeed, builtinTemplates, dossierSearchIndex, caseNoSortKeyMigration, ocr, reportDrafts, flatFactsAndCheckRuns];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
